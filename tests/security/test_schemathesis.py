"""schemathesis against the OpenAPI schema, once per role (issue 7, item 15).

The schema is the one drf-spectacular serves at /api/schema/, loaded and exercised in-process
through the Django WSGI application, so every operation a later app adds is fuzzed too. Each
role gets a bounded, deterministic run (``MAX_EXAMPLES`` cases per operation, derandomised).

What must hold: no 5xx (``not_a_server_error``) and no answer that contradicts the schema
(``response_schema_conformance`` and ``content_type_conformance`` for the statuses the schema
documents). An undocumented status (a 403 or 404 the schema does not list) is not a failure:
drf-spectacular documents the success answer only.
"""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from core.models import User
from core.workflow import Status
from tests.disclosure.conftest import ActionFactory

MAX_EXAMPLES = 25
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@dataclass
class Tally:
    operations: int = 0
    cases: int = 0
    server_errors: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)


def _session(user: User) -> tuple[dict[str, str], dict[str, str]]:
    """A signed-in browser (headers, cookies): the session and a CSRF token, so unsafe requests really run."""
    client = Client()
    client.force_login(user)
    csrf = secrets.token_hex(16)  # an unmasked 32-character secret is a valid token
    cookies = {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value, "csrftoken": csrf}
    return {"X-CSRFToken": csrf, "Referer": "http://localhost/"}, cookies


def _run(schema: Any, headers: dict[str, str], cookies: dict[str, str], ids: list[int]) -> Tally:
    tally = Tally()
    for result in schema.get_all_operations():
        operation = result.ok()
        tally.operations += 1
        strategy = operation.as_strategy()
        if "{id}" in operation.path:
            # Random ids are almost all 404: half the cases aim at rows that exist.
            strategy = st.one_of(strategy, *(operation.as_strategy(path_parameters={"id": pk}) for pk in ids))

        @hypothesis_settings(
            max_examples=MAX_EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            print_blob=False,
        )
        @given(case=strategy)
        def exercise(case: Any) -> None:
            tally.cases += 1
            cache.clear()  # the throttle and the page cache would answer for the application
            response = case.call(headers=headers, cookies=cookies)
            tally.statuses[response.status_code] += 1
            try:
                case.validate_response(response, checks=CHECKS, headers=headers)
            except Exception as exc:  # noqa: BLE001 - collected and reported together below
                line = f"{case.method} {case.formatted_path} query={case.query} body={case.body!r}: {exc}"
                target = tally.server_errors if response.status_code >= 500 else tally.violations
                target.append(line[:2000])

        exercise()
    return tally


ROLES = ["anonymous", "civil_servant", "clerk", "api_token"]


@pytest.fixture
def keep_test_connection() -> Iterator[None]:
    """The raw WSGI application closes the database connection at the end of each request,
    which on PostgreSQL ends the test's transaction; Django's own test client stops that the
    same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("role", ROLES)
def test_openapi_operations_answer_without_5xx_or_schema_violation(
    role: str,
    clerk_a: User,
    reviewer_a: User,
    civil_servant: Any,
    capsys: Any,
    keep_test_connection: None,
) -> None:
    agency = clerk_a.agency
    ids = [ActionFactory.create(agency=agency, published=True).pk, ActionFactory.create(agency=agency).pk]
    ids.append(ActionFactory.create(agency=agency, status=Status.SUBMITTED, submitted_by=clerk_a).pk)
    ActionFactory.create(agency=agency, published=True)
    headers: dict[str, str] = {}
    cookies: dict[str, str] = {}
    if role == "civil_servant":
        headers, cookies = _session(civil_servant.user)
    elif role == "clerk":
        headers, cookies = _session(clerk_a)
    elif role == "api_token":
        # An integration client: a reviewer's DRF token, no session, no CSRF.
        headers = {"Authorization": f"Token {Token.objects.create(user=reviewer_a).key}"}

    from integrity.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    tally = _run(schema, headers, cookies, ids)
    with capsys.disabled():
        print(
            f"\nschemathesis [{role}]: {tally.operations} operations, {tally.cases} cases, "
            f"{len(tally.server_errors)} 5xx, {len(tally.violations)} schema violations; statuses {dict(sorted(tally.statuses.items()))}"
        )
    assert tally.operations > 0 and tally.cases >= tally.operations
    assert tally.server_errors == [], "\n\n".join(tally.server_errors[:10])
    assert tally.violations == [], "\n\n".join(tally.violations[:10])
