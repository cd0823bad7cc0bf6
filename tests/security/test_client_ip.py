"""Forwarded addresses are trusted only from our own proxies (issue: 300 of 300 requests with
a forged X-Forwarded-For were served past the anonymous rate limit)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory

from core.client_ip import client_ip


@pytest.fixture(autouse=True)
def _clean_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def _ip(settings: Any, remote: str, forwarded: str | None, trusted: list[str]) -> str:
    settings.TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/")
    request.META["REMOTE_ADDR"] = remote
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(request)


def test_without_trusted_proxies_the_peer_address_is_the_client(settings: Any) -> None:
    assert _ip(settings, "203.0.113.9", "1.2.3.4", []) == "203.0.113.9"


def test_a_trusted_proxy_passes_on_the_rightmost_untrusted_hop(settings: Any) -> None:
    trusted = ["10.0.0.0/8"]
    assert _ip(settings, "10.0.0.2", "1.2.3.4", trusted) == "1.2.3.4"
    # The client wrote "6.6.6.6" itself; our proxy appended the real address it saw.
    assert _ip(settings, "10.0.0.2", "6.6.6.6, 1.2.3.4", trusted) == "1.2.3.4"
    assert _ip(settings, "10.0.0.2", "1.2.3.4, 10.0.0.7", trusted) == "1.2.3.4"
    assert _ip(settings, "10.0.0.2", "not-an-address", trusted) == "10.0.0.2"


def test_an_untrusted_peer_cannot_claim_another_address(settings: Any) -> None:
    assert _ip(settings, "203.0.113.9", "1.2.3.4", ["10.0.0.0/8"]) == "203.0.113.9"


@pytest.mark.django_db
def test_a_forged_forwarded_header_does_not_dodge_the_api_rate_limit(client: Client, monkeypatch: Any) -> None:
    from core.throttling import ClientRateThrottle

    monkeypatch.setattr(ClientRateThrottle, "THROTTLE_RATES", {"anon": "5/min"})
    served = [
        client.get(
            "/api/v1/workdays/deadline/?start=2026-09-30&days=7", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        ).status_code
        for n in range(12)
    ]
    assert served.count(200) == 5 and served.count(429) == 7


@pytest.mark.django_db
def test_downloads_are_rate_limited_per_client(client: Client, monkeypatch: Any) -> None:
    from core.throttling import DownloadRateThrottle

    monkeypatch.setattr(DownloadRateThrottle, "THROTTLE_RATES", {"download": "3/min"})
    codes = [
        client.get("/disclosures/download.csv", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(5)
    ]
    assert codes == [200, 200, 200, 429, 429]
    assert "Retry-After" in client.get("/disclosures/download.json")


@pytest.mark.django_db
def test_uncached_searches_are_rate_limited_but_plain_list_pages_are_not(client: Client, monkeypatch: Any) -> None:
    from core.throttling import SearchRateThrottle

    monkeypatch.setattr(SearchRateThrottle, "THROTTLE_RATES", {"search": "2/min"})
    searches = [client.get("/disclosures/", {"q": f"罚款{n}"}).status_code for n in range(3)]
    assert searches == [200, 200, 429]
    assert client.get("/disclosures/", {"kind": "penalty"}).status_code == 200
