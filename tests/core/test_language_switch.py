"""Switching the site language: Django's POST /i18n/setlang/ and the header's GET link."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

URL = "/workdays/"
COOKIE = settings.LANGUAGE_COOKIE_NAME
pytestmark = pytest.mark.django_db


def csrf_token(client: Client) -> str:
    # Public pages carry no form with a token; the admin login page does.
    page = client.get("/admin/login/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    return token.group(1)


def test_setlang_with_csrf_token_switches_to_english_and_the_page_follows() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "en", "next": URL, "csrfmiddlewaretoken": csrf_token(client)})
    assert response.status_code == 302
    assert response["Location"] == URL
    assert response.cookies[COOKIE].value == "en"

    page = client.get(URL)
    assert page["Content-Language"] == "en"
    assert '<html lang="en">' in page.content.decode()


def test_setlang_without_csrf_token_is_refused() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "en", "next": URL})
    assert response.status_code == 403
    assert COOKIE not in response.cookies


def test_page_links_to_the_english_version_of_itself(client: Client) -> None:
    html = client.get(URL).content.decode()
    assert 'href="/language/en/?next=/workdays/"' in html


def test_language_link_sets_the_cookie_and_returns_to_the_page(client: Client) -> None:
    response = client.get("/language/en/", {"next": URL})
    assert response.status_code == 302
    assert response["Location"] == URL
    assert response.cookies[COOKIE].value == "en"
    assert client.get(URL)["Content-Language"] == "en"
    client.get("/language/zh-hans/", {"next": URL})
    assert client.get(URL)["Content-Language"] == "zh-hans"


def test_language_link_does_not_redirect_to_another_site(client: Client) -> None:
    response = client.get("/language/en/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_language_link_ignores_an_unknown_language(client: Client) -> None:
    response = client.get("/language/fr/", {"next": URL})
    assert response.status_code == 302
    assert COOKIE not in response.cookies
