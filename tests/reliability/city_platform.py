"""A real HTTP receiver standing in for the city credit platform (R-3), on 127.0.0.1.

`http.server` in a thread on an ephemeral port. It checks every request as the platform would:
the X-Signature is HMAC-SHA256 of the exact body under the shared key (401 if not), the
Idempotency-Key header matches the body's key (400 if not), and it keeps one copy per key
however often a message arrives. It answers from a script of statuses (``fail_first``
503s, or ``always``), then 200.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

KEY = "city-platform-test-key-0123456789"


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    status: int

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class CityPlatform:
    url: str = ""
    key: str = KEY
    fail_first: int = 0  # this many requests answer `fail_status` before the platform accepts
    fail_status: int = 503
    always: int | None = None  # every request answers this status
    delay: float = 0.0  # seconds each request takes (to make concurrent senders overlap)
    requests: list[Received] = field(default_factory=list)
    stored: dict[str, bytes] = field(default_factory=dict)  # one copy per idempotency key
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, headers: dict[str, str], body: bytes) -> int:
        expected = "sha256=" + hmac.new(self.key.encode(), body, hashlib.sha256).hexdigest()
        with self.lock:
            seen = len(self.requests)
        if not hmac.compare_digest(headers.get("X-Signature", ""), expected):
            status = 401
        elif headers.get("Idempotency-Key") != json.loads(body).get("idempotency_key"):
            status = 400
        elif self.always is not None:
            status = self.always
        elif seen < self.fail_first:
            status = self.fail_status
        else:
            status = 200
        with self.lock:
            self.requests.append(Received(headers, body, status))
            if status == 200:
                self.stored.setdefault(headers["Idempotency-Key"], body)
        return status

    def accepted(self) -> list[Received]:
        return [r for r in self.requests if r.status == 200]


def _handler(platform: CityPlatform) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if platform.delay:
                time.sleep(platform.delay)
            status = platform.answer(dict(self.headers.items()), body)
            reply = b'{"ok": true}' if status == 200 else b'{"error": "unavailable"}'
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def city_platform(settings: Any) -> Iterator[CityPlatform]:
    """The receiver, running, with the portal configured to share to it."""
    platform = CityPlatform()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(platform))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    platform.url = f"http://127.0.0.1:{server.server_address[1]}/api/credit/records"
    settings.CITY_PLATFORM_URL = platform.url
    settings.CITY_PLATFORM_KEY = platform.key
    settings.CITY_PLATFORM_TIMEOUT_SECONDS = 5
    try:
        yield platform
    finally:
        server.shutdown()
        server.server_close()
