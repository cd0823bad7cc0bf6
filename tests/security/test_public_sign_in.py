"""Civil servants' sign-in on the public site (issue 10, item 1): the account is made by the
credit office or a reviewer of the person's agency and gets its password by a one-time link;
password rules; the lockout (not dodged by a forged X-Forwarded-For); session limits; sign-out
by POST that ends the session on the server; staff are sent to the back office."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from core.models import AuditEvent, CivilServant, User
from core.roles import Role

pytestmark = pytest.mark.django_db

LOGIN = "/account/login/"
PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def sign_in(client: Client, username: str, password: str, **headers: Any) -> Any:
    return client.post(LOGIN, {"username": username, "password": password}, **headers)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_a_civil_servant_signs_in_and_lands_on_the_own_file(client: Client, civil_servant: CivilServant) -> None:
    response = sign_in(client, "servant", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("objections:me")
    assert signed_in(client)


def test_staff_are_told_to_use_the_back_office_and_not_signed_in(client: Client, reviewer_a: User) -> None:
    response = sign_in(client, "reviewer_a", PASSWORD)
    assert response.status_code == 200 and not signed_in(client)
    assert "/admin/" in response.content.decode()


def test_an_account_without_a_file_is_refused(client: Client, stranger: User) -> None:
    assert sign_in(client, "stranger", PASSWORD).status_code == 200
    assert not signed_in(client)


def test_the_lockout_is_the_public_page_with_the_reason(client: Client, civil_servant: CivilServant) -> None:
    for _ in range(5):
        sign_in(client, "servant", "wrong-password")
    response = sign_in(client, "servant", PASSWORD)
    assert response.status_code == 429 and not signed_in(client)
    html = response.content.decode()
    assert 'id="locked-out"' in html and 'id="login-form"' in html and 'action="/account/login/"' in html


def test_a_forged_x_forwarded_for_does_not_dodge_the_lockout(client: Client, civil_servant: CivilServant) -> None:
    for n in range(20):
        sign_in(client, "servant", "wrong-password", HTTP_X_FORWARDED_FOR=f"10.0.{n}.1")
    assert sign_in(client, "servant", PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429
    for n in range(10):  # a spray over made-up accounts from one real address
        sign_in(Client(REMOTE_ADDR="192.0.2.50"), f"nobody{n}", "guess", HTTP_X_FORWARDED_FOR=f"10.1.{n}.1")
    assert sign_in(Client(REMOTE_ADDR="192.0.2.50"), "servant", PASSWORD).status_code == 429


def test_sign_out_is_a_post_that_deletes_the_session(client: Client, civil_servant: CivilServant) -> None:
    sign_in(client, "servant", PASSWORD)
    key = client.session.session_key
    assert client.get(reverse("core:logout")).status_code == 405
    assert Session.objects.filter(session_key=key).exists()
    response = client.post(reverse("core:logout"))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("objections:me")).status_code == 302


def test_the_session_ends_after_30_idle_minutes_and_12_hours(civil_servant: CivilServant) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 2, 1, 0, tzinfo=dt.UTC), tick=False) as clock:
        idle = Client()
        sign_in(idle, "servant", PASSWORD)
        clock.shift(dt.timedelta(minutes=29))
        assert idle.get(reverse("objections:me")).status_code == 200
        clock.shift(dt.timedelta(minutes=31))
        assert idle.get(reverse("objections:me")).status_code == 302
        busy = Client()
        sign_in(busy, "servant", PASSWORD)
        for _ in range(28):
            clock.shift(dt.timedelta(minutes=25))
            assert busy.get(reverse("objections:me")).status_code == 200
        clock.shift(dt.timedelta(minutes=25))
        assert busy.get(reverse("objections:me")).status_code == 302


# --- the account and its one-time link ---


def _link(message: Any) -> str:
    found = re.search(r"https?://[^\s]+/account/set-password/[^\s]+/", message.body)
    assert found, message.body
    return found.group(0).split("testserver", 1)[1]


def _create_account(client: Client, actor: User, person: CivilServant, **data: Any) -> Any:
    client.force_login(actor)
    url = reverse("admin:core_civilservant_sign_in", args=[person.pk])
    return client.post(url, {"username": "lixiuying", "email": "li@example.invalid", **data})


def test_a_reviewer_of_the_agency_creates_the_account_and_the_link_sets_the_password_once(
    client: Client, reviewer_a: User, person_a: CivilServant, django_capture_on_commit_callbacks: Any
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _create_account(client, reviewer_a, person_a)
    assert response.status_code == 302
    person_a.refresh_from_db()
    user = person_a.user
    assert user is not None and not user.is_staff and not user.has_usable_password()
    assert user.has_role(Role.CIVIL_SERVANT)
    assert AuditEvent.objects.filter(action="core.user.create", object_id=str(user.pk)).exists()
    link = _link(mail.outbox[-1])
    visitor = Client()
    form_page = visitor.get(link, follow=True)
    assert form_page.status_code == 200 and 'id="set-password-form"' in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    weak = visitor.post(set_url, {"new_password1": "short", "new_password2": "short"})
    assert weak.status_code == 200 and 'class="error"' in weak.content.decode()
    common = visitor.post(set_url, {"new_password1": "password1234", "new_password2": "password1234"})
    assert 'class="error"' in common.content.decode()
    good = "槐荫-诚信-2026-春"
    assert visitor.post(set_url, {"new_password1": good, "new_password2": good}).status_code == 302
    assert sign_in(Client(), "lixiuying", good).status_code == 302
    again = Client().get(link, follow=True)
    assert 'id="link-invalid"' in again.content.decode()  # the link works once


def test_a_password_like_the_username_is_refused(client: Client, credit_office: User, person_a: CivilServant) -> None:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    _create_account(client, credit_office, person_a)
    person_a.refresh_from_db()
    with pytest.raises(ValidationError):
        validate_password("lixiuying2026", user=person_a.user)
    with pytest.raises(ValidationError):
        validate_password("abcdefghijk", user=person_a.user)  # 11 characters


def test_a_reviewer_of_another_agency_or_a_clerk_cannot_create_it(
    client: Client, clerk_a: User, clerk_b: User, person_a: CivilServant
) -> None:
    for actor in (clerk_a, clerk_b):
        assert _create_account(client, actor, person_a).status_code == 404
    person_a.refresh_from_db()
    assert person_a.user_id is None


def test_a_taken_username_is_a_form_error(
    client: Client, credit_office: User, person_a: CivilServant, reviewer_a: User
) -> None:
    response = _create_account(client, credit_office, person_a, username="reviewer_a")
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    person_a.refresh_from_db()
    assert person_a.user_id is None
