"""The credit office's admin list of messages to the city credit platform: who sees it, the
warning while sharing is off, the replay action (audited), constant queries."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core.models import AuditEvent, SharingMessage, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = "admin:core_sharingmessage_changelist"
_serials = itertools.count(1)


def _message(state: str = "dead", **fields: Any) -> SharingMessage:
    n = next(_serials)
    key = f"records.creditrecord:{n}:publish"
    return SharingMessage.objects.create(
        kind="publish",
        subject_type="records.creditrecord",
        subject_id=str(n),
        subject_repr=f"合同履约 济槐信〔2026〕{n}号",
        payload={"schema": "huaiyin-integrity/sharing/1", "idempotency_key": key, "data": {"record_id": n}},
        idempotency_key=key,
        state=state,
        attempts=8 if state == "dead" else 0,
        last_error="HTTP 503: unavailable" if state == "dead" else "",
        **fields,
    )


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the words are asserted in English
    return client


@pytest.fixture
def superuser(db: Any) -> User:
    return UserFactory.create(username="root", is_staff=True, is_superuser=True)


def test_only_the_credit_office_and_the_superuser_see_the_list(
    credit_office: User, superuser: User, clerk_a: User, reviewer_a: User
) -> None:
    message = _message()
    for user in (credit_office, superuser):
        assert _client(user).get(reverse(LIST)).status_code == 200
        page = _client(user).get(reverse("admin:core_sharingmessage_change", args=[message.pk]))
        assert page.status_code == 200 and "HTTP 503" in page.content.decode()
    for user in (clerk_a, reviewer_a):
        assert _client(user).get(reverse(LIST)).status_code == 403
    # A single permission handed to someone else does not open it: the role decides.
    from django.contrib.auth.models import Permission

    clerk_a.user_permissions.add(Permission.objects.get(codename="view_sharingmessage"))
    assert _client(User.objects.get(pk=clerk_a.pk)).get(reverse(LIST)).status_code == 403


def test_the_rows_cannot_be_added_changed_or_deleted(credit_office: User) -> None:
    message = _message()
    client = _client(credit_office)
    assert client.get(reverse("admin:core_sharingmessage_add")).status_code == 403
    assert client.get(reverse("admin:core_sharingmessage_delete", args=[message.pk])).status_code == 403
    response = client.post(reverse("admin:core_sharingmessage_change", args=[message.pk]), {"state": "sent"})
    assert response.status_code == 403
    message.refresh_from_db()
    assert message.state == "dead"


def test_while_sharing_is_off_the_credit_office_is_warned_on_the_list_and_the_home(
    credit_office: User, clerk_a: User, settings: Any
) -> None:
    settings.CITY_PLATFORM_URL, settings.CITY_PLATFORM_KEY = "", ""
    _message(state="pending")
    with translation.override("en"):
        listing = _client(credit_office).get(reverse(LIST), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        home = _client(credit_office).get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        clerks_home = _client(clerk_a).get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    off = "Sharing to the city credit platform is off"
    assert off in listing and "1 messages are waiting" in listing
    assert off in home
    assert off not in clerks_home


def test_with_sharing_on_only_failed_messages_are_a_warning(credit_office: User, settings: Any) -> None:
    settings.CITY_PLATFORM_URL, settings.CITY_PLATFORM_KEY = "https://platform.invalid/api", "k"
    _message(state="sent")
    with translation.override("en"):
        quiet = _client(credit_office).get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        _message(state="dead")
        loud = _client(credit_office).get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "is off" not in quiet and "failed and wait" not in quiet and "failed and waits" not in quiet
    assert "1 message to the city credit platform failed" in loud


def test_the_replay_action_replays_the_dead_ones_and_audits_each(
    credit_office: User, django_capture_on_commit_callbacks: Any
) -> None:
    dead, sent = _message(state="dead"), _message(state="sent")
    response = _client(credit_office).post(
        reverse(LIST), {"action": "replay", "_selected_action": [dead.pk, sent.pk]}, follow=True
    )
    assert response.status_code == 200
    dead.refresh_from_db()
    sent.refresh_from_db()
    assert (dead.state, dead.attempts, dead.replays) == ("pending", 0, 1)
    assert sent.state == "sent"
    event = AuditEvent.objects.get(action="core.sharingmessage.replay")
    assert (event.actor, event.object_id, event.data["via"]) == (credit_office, str(dead.pk), "admin")
    assert event.data["attempts"] == 8 and event.data["last_error"] == "HTTP 503: unavailable"


def test_the_replay_action_is_not_offered_to_anyone_else(superuser: User, clerk_a: User) -> None:
    dead = _message()
    page = _client(superuser).get(reverse(LIST)).content.decode()
    assert 'value="replay"' in page
    response = _client(clerk_a).post(reverse(LIST), {"action": "replay", "_selected_action": [dead.pk]})
    assert response.status_code == 403
    dead.refresh_from_db()
    assert dead.state == "dead"


def test_the_list_costs_the_same_queries_for_3_or_30_messages(credit_office: User) -> None:
    client = _client(credit_office)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(LIST)).status_code == 200
        return len(queries)

    for _ in range(3):
        _message()
    few = count()
    for _ in range(27):
        _message(state="sent")
    assert count() == few


def test_half_a_sharing_configuration_fails_the_system_check(settings: Any) -> None:
    from core.checks import sharing_settings_check

    settings.CITY_PLATFORM_URL, settings.CITY_PLATFORM_KEY = "", ""
    assert sharing_settings_check() == []  # off is a valid choice
    settings.CITY_PLATFORM_URL = "https://platform.invalid/api"
    assert [e.id for e in sharing_settings_check()] == ["core.E003"]
    settings.CITY_PLATFORM_URL, settings.CITY_PLATFORM_KEY = "file:///etc/passwd", "k"
    assert [e.id for e in sharing_settings_check()] == ["core.E004"]
    settings.CITY_PLATFORM_URL = "https://platform.invalid/api"
    assert sharing_settings_check() == []
