"""Staff sign-in (issue 7, items 8 and 18): lockout per account and per address with a growing
cool-off, not dodged by a forged X-Forwarded-For; two factors (TOTP) with single-use codes when
OTP_REQUIRED; idle and absolute session limits."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import AuditEvent, User

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    cache.clear()  # lockout counters live in the cache
    yield
    cache.clear()


@pytest.fixture
def otp_on(settings: Any) -> Any:
    settings.OTP_REQUIRED = True
    return settings


def sign_in(client: Client, username: str, password: str, token: str = "", **headers: Any) -> Any:
    data = {"username": username, "password": password, "next": "/admin/"}
    if token:
        data["otp_token"] = token
    return client.post(LOGIN, data, **headers)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def code_for(device: TOTPDevice) -> str:
    """The code the app shows now (django-otp reads time.time(), which time_machine moves)."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def enrolled(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


# --- lockout (item 8) ---


def test_the_right_password_signs_in(client: Client, clerk_a: User) -> None:
    assert sign_in(client, "clerk_a", PASSWORD).status_code == 302
    assert signed_in(client)


def test_after_50_wrong_passwords_the_right_one_is_refused(client: Client, clerk_a: User) -> None:
    for _ in range(50):
        sign_in(client, "clerk_a", "wrong-password")
    response = sign_in(client, "clerk_a", PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)


def test_the_lockout_is_the_sign_in_page_with_the_reason(client: Client, clerk_a: User) -> None:
    for _ in range(5):
        sign_in(client, "clerk_a", "wrong-password")
    response = sign_in(client, "clerk_a", PASSWORD)
    html = response.content.decode()
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert 'id="login-form"' in html and 'id="locked-out"' in html


def test_a_forged_x_forwarded_for_does_not_reset_the_lockout(client: Client, clerk_a: User) -> None:
    for n in range(50):
        sign_in(client, "clerk_a", "wrong-password", HTTP_X_FORWARDED_FOR=f"10.0.{n}.1")
    assert sign_in(client, "clerk_a", PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429
    assert not signed_in(client)


def test_a_forged_x_forwarded_for_does_not_dodge_the_address_lockout(
    client: Client, clerk_a: User, reviewer_a: User
) -> None:
    for n in range(10):  # a password spray: one try per made-up account, each with a new "address"
        sign_in(client, f"nobody{n}", "guess", HTTP_X_FORWARDED_FOR=f"10.0.{n}.1")
    assert sign_in(client, "reviewer_a", PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429
    other_address = Client(REMOTE_ADDR="192.0.2.7")
    assert sign_in(other_address, "reviewer_a", PASSWORD).status_code == 302


def test_an_account_locked_from_one_address_is_locked_from_every_address(client: Client, clerk_a: User) -> None:
    for n in range(5):
        sign_in(Client(REMOTE_ADDR=f"192.0.2.{n + 10}"), "clerk_a", "wrong-password")
    assert sign_in(Client(REMOTE_ADDR="198.51.100.1"), "clerk_a", PASSWORD).status_code == 429


def test_the_cool_off_grows_with_each_lockout(clerk_a: User) -> None:
    start = dt.datetime(2026, 11, 2, 1, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(5):
            sign_in(Client(), "clerk_a", "wrong-password")
        clock.shift(dt.timedelta(minutes=16))  # the first cool-off is 15 minutes
        assert sign_in(Client(), "clerk_a", PASSWORD).status_code == 302
        clock.shift(dt.timedelta(minutes=1))
        for _ in range(5):
            sign_in(Client(), "clerk_a", "wrong-password")
        clock.shift(dt.timedelta(minutes=16))  # the second lasts 30
        assert sign_in(Client(), "clerk_a", PASSWORD).status_code == 429
        clock.shift(dt.timedelta(minutes=31))
        assert sign_in(Client(), "clerk_a", PASSWORD).status_code == 302


def test_a_lockout_is_logged(client: Client, clerk_a: User, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="core.security"):
        for _ in range(6):
            sign_in(client, "clerk_a", "wrong-password")
    lockouts = [r for r in caplog.records if r.name == "core.security"]
    assert len(lockouts) == 1  # one lockout, however many tries during it
    assert "clerk_a" in lockouts[0].getMessage() and "127.0.0.1" in lockouts[0].getMessage()


# --- two factors (item 18) ---


def test_the_admin_refuses_a_staff_session_without_a_second_factor(client: Client, clerk_a: User, otp_on: Any) -> None:
    client.force_login(clerk_a)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert client.get(response["Location"])["Location"] == reverse("core:otp_enrol")


def test_the_staff_api_ignores_a_session_without_a_second_factor(client: Client, clerk_a: User, otp_on: Any) -> None:
    client.force_login(clerk_a)
    assert client.get("/api/v1/staff/actions/").status_code in (401, 403)
    otp_on.OTP_REQUIRED = False
    assert client.get("/api/v1/staff/actions/").status_code == 200


def test_a_staff_member_enrols_an_app_and_is_then_verified(client: Client, clerk_a: User, otp_on: Any) -> None:
    enrol = reverse("core:otp_enrol")
    with time_machine.travel(dt.datetime(2026, 11, 2, 1, 0, 10, tzinfo=dt.UTC), tick=False) as clock:
        assert sign_in(client, "clerk_a", PASSWORD).status_code == 302  # no device yet: the password only
        page = client.get(enrol)
        assert page.status_code == 200
        device = TOTPDevice.objects.get(user=clerk_a, confirmed=False)
        html = page.content.decode()
        assert "otpauth://totp/" in html and page.context["secret"] in html and "<svg" in html
        wrong = "000000" if code_for(device) != "000000" else "111111"
        assert client.post(enrol, {"token": wrong}).status_code == 200
        assert not TOTPDevice.objects.get(pk=device.pk).confirmed
        assert client.get("/admin/").status_code == 302  # a wrong code enrols nothing
        clock.shift(dt.timedelta(seconds=5))  # django-otp makes a device wait after a wrong code
        response = client.post(enrol, {"token": code_for(device)})
        assert response.status_code == 302
        assert TOTPDevice.objects.get(pk=device.pk).confirmed
        assert client.get("/admin/").status_code == 200
    assert AuditEvent.objects.filter(action="core.user.otp_enrol", actor=clerk_a).count() == 1


def test_sign_in_needs_the_code_and_each_code_works_once(clerk_a: User, otp_on: Any) -> None:
    device = enrolled(clerk_a)
    with time_machine.travel(dt.datetime(2026, 11, 2, 1, 0, 10, tzinfo=dt.UTC), tick=False):
        without = Client()
        assert sign_in(without, "clerk_a", PASSWORD).status_code == 200
        assert not signed_in(without)
        code = code_for(device)
        first = Client()
        assert sign_in(first, "clerk_a", PASSWORD, token=code).status_code == 302
        assert first.get("/admin/").status_code == 200
        replay = Client()
        assert sign_in(replay, "clerk_a", PASSWORD, token=code).status_code == 200
        assert not signed_in(replay)


def test_wrong_codes_count_toward_the_lockout(clerk_a: User, otp_on: Any) -> None:
    device = enrolled(clerk_a)
    right = code_for(device)
    wrong = "123456" if right != "123456" else "654321"
    for _ in range(5):
        sign_in(Client(), "clerk_a", PASSWORD, token=wrong)
    assert sign_in(Client(), "clerk_a", PASSWORD, token=right).status_code == 429


def test_the_sign_in_page_says_when_two_factors_are_off(client: Client, settings: Any) -> None:
    settings.OTP_REQUIRED = False
    html = client.get(LOGIN).content.decode()
    assert 'id="otp-off"' in html and 'name="otp_token"' not in html
    settings.OTP_REQUIRED = True
    html = client.get(LOGIN).content.decode()
    assert 'id="otp-off"' not in html and 'name="otp_token"' in html


def test_the_enrol_page_is_for_staff_only(client: Client, stranger: User) -> None:
    client.force_login(stranger)
    assert client.get(reverse("core:otp_enrol")).status_code == 404
    assert Client().get(reverse("core:otp_enrol")).status_code == 302  # to the sign-in page


# --- session limits (item 18) ---


def test_a_session_ends_after_30_idle_minutes(client: Client, clerk_a: User) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 2, 1, 0, tzinfo=dt.UTC), tick=False) as clock:
        client.force_login(clerk_a)
        for _ in range(3):  # active every 29 minutes: still signed in after 87
            clock.shift(dt.timedelta(minutes=29))
            assert client.get("/admin/").status_code == 200
        clock.shift(dt.timedelta(minutes=31))
        assert client.get("/admin/").status_code == 302


def test_a_session_ends_12_hours_after_sign_in_however_active(client: Client, clerk_a: User) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 2, 1, 0, tzinfo=dt.UTC), tick=False) as clock:
        client.force_login(clerk_a)
        for _ in range(28):  # every 25 minutes for 11 h 40
            clock.shift(dt.timedelta(minutes=25))
            assert client.get("/admin/").status_code == 200
        clock.shift(dt.timedelta(minutes=25))  # 12 h 05 after sign-in
        assert client.get("/admin/").status_code == 302
        assert not signed_in(client)


def test_the_idle_expiry_is_renewed_at_most_once_a_minute(client: Client, clerk_a: User) -> None:
    """A page read within a minute of the last renewal writes no session (it was an UPDATE and a
    commit on every staff page); the next one after a minute pushes the expiry forward again."""
    with time_machine.travel(dt.datetime(2026, 11, 2, 1, 0, tzinfo=dt.UTC), tick=False) as clock:
        client.force_login(clerk_a)  # signing in sets the expiry
        key = client.session.session_key
        first = Session.objects.get(pk=key).expire_date
        clock.shift(dt.timedelta(seconds=30))
        with CaptureQueriesContext(connection) as within:
            assert client.get("/admin/").status_code == 200
        assert not [q for q in within.captured_queries if 'UPDATE "django_session"' in q["sql"]]
        assert Session.objects.get(pk=key).expire_date == first
        clock.shift(dt.timedelta(seconds=31))
        assert client.get("/admin/").status_code == 200
        assert Session.objects.get(pk=key).expire_date == first + dt.timedelta(seconds=61)


def test_the_first_page_after_signing_in_writes_no_session(client: Client, clerk_a: User) -> None:
    client.force_login(clerk_a)
    with CaptureQueriesContext(connection) as first:
        assert client.get("/admin/").status_code == 200
    assert not [q for q in first.captured_queries if 'UPDATE "django_session"' in q["sql"]]
