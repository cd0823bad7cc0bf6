"""Real processes for the fault tests: a private Redis server that a test may stop and start,
and Celery workers on the test's PostgreSQL database that a test may kill.

Never the machine's shared Redis: other processes use it. Everything here is started by the
test, on loopback and a free port, and stopped by it.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from tests.reliability.conftest import skip_unless_services

# `celery worker`, with the mail written to files (one count per message) and, on request,
# every mail and import slowed inside its critical section, so that a kill lands mid-task.
WORKER_BOOT = """
import os, sys, time
import django
django.setup()
from django.conf import settings
settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
settings.EMAIL_FILE_PATH = os.environ["TEST_MAIL_DIR"]
# kombu scans for messages a dead worker had taken every 10 x 10 s: faster here.
settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
    **settings.CELERY_BROKER_TRANSPORT_OPTIONS, "unacked_restore_interval": 1, "unacked_restore_throttle": 1,
}
slow = float(os.environ.get("TEST_TASK_SECONDS") or 0)
if slow:
    from core.services import notifications
    from disclosure.services import imports
    send, audit = notifications.send_mail, imports.audit_record_many
    def slow_send(*args, **kwargs):
        time.sleep(slow)  # the mail server's latency: nothing is sent yet
        return send(*args, **kwargs)
    def slow_audit(*args, **kwargs):
        time.sleep(slow)  # inside the import's one transaction: nothing is committed yet
        return audit(*args, **kwargs)
    notifications.send_mail, imports.audit_record_many = slow_send, slow_audit
sys.argv[0] = "celery"
from celery.__main__ import main
main()
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RedisServer:
    """`redis-server` on a free loopback port, no persistence (the harsher case)."""

    def __init__(self, workdir: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            skip_unless_services("needs redis-server installed (apt-get install redis-server) to stop and start")
        self.binary = binary
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.workdir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


def worker_database_url() -> str:
    if connection.vendor != "postgresql":
        skip_unless_services(
            f"needs PostgreSQL (DATABASE_URL=postgres://…): a worker process cannot share {connection.vendor}'s"
            " test database"
        )
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{db['HOST'] or ''}{port}/{quote(db['NAME'], safe='')}"


class Worker:
    """A `celery -A integrity worker` (prefork) in its own process group, killable as a whole."""

    def __init__(self, *, broker_url: str, mail_dir: Path, log_path: Path, **env: str) -> None:
        self.log_path = log_path
        full_env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "integrity.settings_test",
            "DATABASE_URL": worker_database_url(),
            "CELERY_BROKER_URL": broker_url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "CONN_MAX_AGE": "0",  # the test database is dropped at the end of the session
            "PYTHONUNBUFFERED": "1",
            "TEST_MAIL_DIR": str(mail_dir),
            **env,
        }
        with log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    WORKER_BOOT,
                    "-A",
                    "integrity",
                    "worker",
                    "--pool=prefork",
                    "--concurrency=2",
                    "-Q",
                    "celery",
                    "--loglevel=INFO",
                    "--without-heartbeat",
                    "--without-gossip",
                    "--without-mingle",
                    "-n",
                    f"fault-{uuid.uuid4().hex[:8]}@%h",
                    *(["-B", "--schedule", str(log_path.with_suffix(".beat"))] if env.get("WITH_BEAT") else []),
                ],
                cwd=settings.BASE_DIR,
                env=full_env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def children(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def kill_child(self) -> int:
        pid = self.children()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    def in_flight(self) -> int:
        """Tasks received and not finished, from the worker's log."""
        log = self.output()
        received = set(re.findall(r"Task [\w.]+\[([0-9a-f-]+)\] received", log))
        finished = set(re.findall(r"Task [\w.]+\[([0-9a-f-]+)\] (?:succeeded|raised|retry)", log))
        return len(received - finished)


def mails_sent(mail_dir: Path) -> Counter[str]:
    """Subject → how many times it was sent, from the file backend's messages."""
    counts: Counter[str] = Counter()
    for path in mail_dir.glob("*.log"):
        counts.update(re.findall(r"^Subject: (\S+)$", path.read_text(errors="replace"), flags=re.MULTILINE))
    return counts


def wait_for(condition: Callable[[], Any], what: str, *, seconds: float, workers: list[Worker]) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    logs = "\n".join(w.output()[-4000:] for w in workers)
    pytest.fail(f"no {what} within {seconds} s; worker output:\n{logs}")


class CeleryOn:
    """Point this process's Celery at ``url`` (publishing for real, not eagerly) until ``undo``."""

    def __init__(self, url: str) -> None:
        from django.test import override_settings

        from integrity.celery import app

        self.app = app
        self.patch = pytest.MonkeyPatch()
        # Celery reads a CELERY_BROKER_URL environment variable before the Django setting.
        self.patch.delenv("CELERY_BROKER_URL", raising=False)
        self.override = override_settings(
            CELERY_BROKER_URL=url,
            CELERY_TASK_ALWAYS_EAGER=False,
            CELERY_BROKER_TRANSPORT_OPTIONS={
                "visibility_timeout": 3600,
                "socket_connect_timeout": 2,
                "socket_timeout": 5,
            },
        )
        self.override.enable()
        self._reset_pool()

    def _reset_pool(self) -> None:
        # The app keeps one producer pool, made on first use with the broker of that moment.
        # Both the connection pool and the producer pool over it are rebuilt. Not closed:
        # kombu keeps them in a process-wide registry by broker, and would hand the closed
        # ones out again.
        app: Any = self.app
        app.amqp._producer_pool = None
        app._pool = None

    def undo(self) -> None:
        self.override.disable()
        self.patch.undo()
        self._reset_pool()
