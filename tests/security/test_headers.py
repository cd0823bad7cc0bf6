"""Response headers and what caches and downloads may claim (issue 7, item 12)."""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core import checks
from django.test import Client, override_settings

from core.models import Agency
from tests.disclosure.conftest import ActionFactory

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


def policy(response: Any) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    parts = [p.strip().split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


@pytest.mark.parametrize(
    "url", ["/", "/disclosures/", "/admin/login/", "/api/docs/", "/api/v1/disclosures/", "/agencies/%00/", "/nowhere/"]
)
def test_every_answer_carries_the_content_security_policy(url: str) -> None:
    directives = policy(Client().get(url))
    assert directives.get("default-src") == ["'self'"]
    assert directives.get("frame-ancestors") == ["'none'"]
    assert directives.get("object-src") == ["'none'"]
    assert directives.get("base-uri") == ["'self'"]
    assert directives.get("form-action") == ["'self'"]
    for values in directives.values():
        assert "'unsafe-inline'" not in values and "'unsafe-eval'" not in values


def test_the_policy_is_configured_in_django_csp_4_form() -> None:
    assert "DIRECTIVES" in settings.CONTENT_SECURITY_POLICY
    assert not [name for name in dir(settings) if name.startswith("CSP_")]
    assert not [m for m in checks.run_checks() if (m.id or "").startswith("csp.")]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style[\s>]|\sstyle=\"", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


def test_the_swagger_page_runs_no_inline_code_and_its_scripts_are_served_here() -> None:
    client = Client()
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html)
    assert not INLINE_STYLE.search(html)
    sources = re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", html)
    assert len(sources) == 3  # the bundle, the preset, the init script
    for src in sources:
        src = src.replace("&amp;", "&")
        assert src.startswith("/"), src  # served by this site, no CDN
        if src.startswith("/" + str(settings.STATIC_URL).lstrip("/")):
            # whitenoise serves collected files; the test run has not collected them
            assert finders.find(src.split("/", 2)[2]), src
        else:
            script = client.get(src)
            assert script.status_code == 200
            assert script["Content-Type"].startswith("application/javascript")


def test_the_projects_templates_have_no_inline_scripts_styles_or_handlers() -> None:
    templates = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("*/templates/**/*.html")]
    templates = [t for t in templates if ".venv" not in t.parts]
    assert len(templates) > 10
    for template in templates:
        text = template.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, INLINE_STYLE, INLINE_HANDLER):
            assert not pattern.search(text), f"{template}: {pattern.search(text)}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_gunicorn_does_not_name_itself_in_the_server_header(tmp_path: Path) -> None:
    port = _free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    # The command of docker-compose.yml and the Dockerfile: the same config module.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "integrity.settings_test",
        "DEBUG": "false",
        "DATABASE_URL": "sqlite:///" + str(tmp_path / "db.sqlite3"),
    }
    process = subprocess.Popen(
        [
            str(gunicorn),
            "--config=python:integrity.gunicorn_conf",
            f"--bind=127.0.0.1:{port}",
            "--workers=1",
            "integrity.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    server = response.headers.get("Server", "")
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.3)
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert "gunicorn" not in server.lower()
    assert not re.search(r"\d+\.\d+", server)  # no version either


def test_the_compose_file_and_the_dockerfile_start_gunicorn_with_that_config() -> None:
    assert "--config=python:integrity.gunicorn_conf" in (ROOT / "docker-compose.yml").read_text()
    assert "--config=python:integrity.gunicorn_conf" in (ROOT / "Dockerfile").read_text()


@override_settings(PUBLIC_PAGE_CACHE_SECONDS=30)
def test_the_cached_open_data_answer_keeps_each_hosts_links(agency_a: Agency) -> None:
    for _ in range(2):
        ActionFactory.create(agency=agency_a, published=True)
    planted = Client().get("/api/v1/disclosures/", {"page_size": 1}, HTTP_HOST="localhost").json()
    assert planted["next"].startswith("http://localhost/")
    answer = Client().get("/api/v1/disclosures/", {"page_size": 1}, HTTP_HOST="127.0.0.1:8000").json()
    assert answer["next"].startswith("http://127.0.0.1:8000/")
    secure = Client().get("/api/v1/disclosures/", {"page_size": 1}, HTTP_HOST="localhost", secure=True).json()
    assert secure["next"].startswith("https://localhost/")


def _failing_presenter(monkeypatch: pytest.MonkeyPatch, *, fail_at: int) -> None:
    from disclosure import views

    original = views.public_fields
    calls = {"n": 0}

    def presenter(action: Any, marks: Any = None) -> dict[str, Any]:
        calls["n"] += 1
        if calls["n"] == fail_at:
            raise RuntimeError("database went away")
        return original(action, marks)

    monkeypatch.setattr(views, "public_fields", presenter)


@pytest.mark.parametrize("url", ["/disclosures/download.csv", "/disclosures/download.json"])
def test_a_download_that_fails_before_the_first_row_is_an_error_page(
    url: str, agency_a: Agency, monkeypatch: pytest.MonkeyPatch
) -> None:
    ActionFactory.create(agency=agency_a, published=True)
    _failing_presenter(monkeypatch, fail_at=1)
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 500
    assert not response.has_header("Content-Disposition")


def test_a_csv_download_that_fails_midway_ends_with_an_error_line_and_is_logged(
    agency_a: Agency, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    for _ in range(3):
        ActionFactory.create(agency=agency_a, published=True)
    _failing_presenter(monkeypatch, fail_at=3)
    with caplog.at_level(logging.ERROR, logger="disclosure.views"):
        response = Client().get("/disclosures/download.csv")
        lines = response.getvalue().decode("utf-8-sig").splitlines()
    assert response.status_code == 200
    assert len(lines) == 1 + 2 + 1  # the header, two rows, the marker
    from disclosure.views import DOWNLOAD_INTERRUPTED_MARK

    assert lines[-1].startswith(DOWNLOAD_INTERRUPTED_MARK)
    assert any(r.exc_info for r in caplog.records)


def test_a_json_download_that_fails_midway_is_not_valid_json(
    agency_a: Agency, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    for _ in range(3):
        ActionFactory.create(agency=agency_a, published=True)
    _failing_presenter(monkeypatch, fail_at=2)
    with caplog.at_level(logging.ERROR, logger="disclosure.views"):
        response = Client().get("/disclosures/download.json")
        body = response.getvalue().decode()
    with pytest.raises(json.JSONDecodeError):
        json.loads(body)
    from disclosure.views import DOWNLOAD_INTERRUPTED_MARK

    assert DOWNLOAD_INTERRUPTED_MARK in body
    assert any(r.exc_info for r in caplog.records)


def test_a_complete_json_download_is_still_valid_json(agency_a: Agency) -> None:
    for _ in range(3):
        ActionFactory.create(agency=agency_a, published=True)
    body = Client().get("/disclosures/download.json").getvalue()
    assert len(json.loads(body)["items"]) == 3
    empty = Client().get("/disclosures/download.json", {"kind": "levy"}).getvalue()
    assert json.loads(empty) == {"items": []}
