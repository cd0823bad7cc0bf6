"""CSRF on every unsafe browser route, and no state change by GET (issue 7, item 14).

That a GET on any URL changes nothing is checked by the authorisation matrix, which asks every
URL with GET as every persona and compares `matrix.snapshot()` before and after.

The routes come from the resolver, with the parameters the authorisation matrix fills
(tests/security/test_authorisation_matrix.py, ``URL_VARIANTS``), so a new page is covered
without an edit here.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.security.matrix import PERSONAS, World, build_world, snapshot, url_routes
from tests.security.test_authorisation_matrix import URL_VARIANTS, route_url


def _urls(world: World, browser_only: bool) -> list[str]:
    urls = []
    for route in url_routes():
        if browser_only and route.pattern.startswith("api/"):
            continue
        variants = list(URL_VARIANTS.get(route.key, {})) if route.params else [None]
        urls += [route_url(route, world, v) for v in variants]
    return urls


def test_every_unsafe_browser_request_without_a_csrf_token_is_refused(db: Any) -> None:
    world = build_world()
    before = snapshot()
    refused = other = 0
    wrong = []
    for persona in ("anon", "clerk_a", "reviewer_a", "office", "super"):
        client = Client(enforce_csrf_checks=True)
        user = world.users[persona]
        if user is not None:
            client.force_login(user)
        for url in _urls(world, browser_only=True):
            for method in ("post", "put", "patch", "delete"):
                response = getattr(client, method)(url, {"reason": "x", "_save": "1"})
                if response.status_code == 403:
                    refused += 1
                else:
                    other += 1
                    wrong.append(f"{method.upper()} {url} as {persona}: {response.status_code}")
    assert not wrong, "\n".join(wrong)
    assert refused > 0 and other == 0
    assert snapshot() == before


def test_session_api_writes_without_a_csrf_token_are_refused(db: Any) -> None:
    world = build_world()
    before = snapshot()
    reviewer = Client(enforce_csrf_checks=True)
    reviewer.force_login(world.users["reviewer_a"])
    clerk = Client(enforce_csrf_checks=True)
    clerk.force_login(world.users["clerk_a"])
    submitted, draft = world.actions["submitted_a"].pk, world.actions["draft_a"].pk
    assert clerk.post("/api/v1/staff/actions/", {}, content_type="application/json").status_code == 403
    assert clerk.patch(f"/api/v1/staff/actions/{draft}/", {}, content_type="application/json").status_code == 403
    assert clerk.post(f"/api/v1/staff/actions/{draft}/submit/").status_code == 403
    assert reviewer.post(f"/api/v1/staff/actions/{submitted}/publish/").status_code == 403
    assert snapshot() == before
    # The same request with the token passes, so the 403 above was CSRF and nothing else.
    reviewer.get(reverse("admin:index"))
    token = reviewer.cookies[settings.CSRF_COOKIE_NAME].value
    response = reviewer.post(f"/api/v1/staff/actions/{submitted}/publish/", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200


def test_get_on_every_move_url_changes_nothing(db: Any) -> None:
    world = build_world()
    before = snapshot()
    answers = set()
    for persona in PERSONAS:
        client = world.clients[persona]
        for action in world.actions.values():
            for move in action.moves:
                answers.add(
                    client.get(
                        reverse("admin:disclosure_administrativeaction_move", args=[action.pk, move])
                    ).status_code
                )
            for move in ("submit", "publish", "return", "revoke"):
                answers.add(client.get(f"/api/v1/staff/actions/{action.pk}/{move}/").status_code)
        for pledge in (world.objects["pledge_a"], world.objects["pledge_b"]):
            for move in pledge.moves:
                answers.add(client.get(reverse("admin:workflow_app_pledge_move", args=[pledge.pk, move])).status_code)
    assert snapshot() == before
    assert answers <= {302, 403, 404, 405}
