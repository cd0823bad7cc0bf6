"""/healthz (the process answers) and /readyz (database and broker answer)."""

from __future__ import annotations

import pytest
from django.test import Client

import core.views


def test_healthz_answers_ok_without_touching_the_database(client: Client) -> None:
    response = client.get("/healthz")  # no django_db mark: any query would fail the test
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_answers_ok_when_the_database_answers(client: Client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    # Tests run Celery eagerly, so there is no broker to check.
    assert body["checks"]["broker"] == "ok"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_answers_503_when_the_database_fails(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core.views, "_check_database", lambda: "OperationalError")
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "error: OperationalError"


@pytest.mark.django_db
def test_readyz_answers_503_when_the_broker_fails(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core.views, "_check_broker", lambda: "ConnectionRefusedError")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "broker": "error: ConnectionRefusedError"}


@pytest.mark.django_db
def test_database_check_reports_the_exception_type_not_its_message(monkeypatch: pytest.MonkeyPatch) -> None:
    import core.db

    # The probe's own connection (core.db.database_ping) fails, on any database.
    def broken_ping(*, seconds: float) -> None:
        raise RuntimeError("password=secret in a connection string")

    monkeypatch.setattr(core.db, "database_ping", broken_ping)
    assert core.views._check_database() == "RuntimeError"


def test_health_endpoints_accept_only_get(client: Client) -> None:
    assert client.post("/healthz").status_code == 405
