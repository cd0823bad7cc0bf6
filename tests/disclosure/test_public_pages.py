"""The public site, as an anonymous visitor sees it."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import html
import io
import json
import re
from typing import Any

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from core.models import Agency, User
from core.workflow import Status
from disclosure.models import ActionKind, AdministrativeAction, CounterpartyType, Tier
from disclosure.services.actions import action_publish, action_revoke
from tests.disclosure.conftest import ActionFactory

pytestmark = pytest.mark.django_db

DETAIL = re.compile(r'href="/disclosures/(\d+)/"')
NEXT = re.compile(r'rel="next" href="([^"]+)"')


def detail_ids(page: str) -> list[int]:
    return [int(pk) for pk in DETAIL.findall(page)]


def get(client: Client, name: str, *args: Any, **params: str) -> Any:
    return client.get(reverse(name, args=args), params)


@pytest.fixture
def mixed(agency_a: Agency, agency_b: Agency) -> dict[str, AdministrativeAction]:
    today = timezone.localdate()
    return {
        "penalty": ActionFactory.create(
            agency=agency_a,
            published=True,
            decision_date=today - dt.timedelta(days=10),
            counterparty_name="济南槐荫鑫源食品有限公司",
        ),
        "licence": ActionFactory.create(
            agency=agency_a, kind=ActionKind.LICENSING, published=True, decision_date=today - dt.timedelta(days=20)
        ),
        "other_agency": ActionFactory.create(
            agency=agency_b, published=True, decision_date=today - dt.timedelta(days=30)
        ),
        "draft": ActionFactory.create(agency=agency_a),
        "submitted": ActionFactory.create(agency=agency_a, status=Status.SUBMITTED),
        "returned": ActionFactory.create(agency=agency_a, status=Status.RETURNED),
        "internal": ActionFactory.create(
            agency=agency_a, tier=Tier.MINOR, penalty_categories=["warning"], fine_amount=None, published=True
        ),
        "expired": ActionFactory.create(agency=agency_a, published=True, decision_date=today - dt.timedelta(days=400)),
    }


def public_ids(items: dict[str, AdministrativeAction]) -> set[int]:
    return {items[k].pk for k in ("penalty", "licence", "other_agency")}


def test_home_shows_the_latest_published_items_and_counts_by_kind(
    client: Client, mixed: dict[str, AdministrativeAction]
) -> None:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert set(detail_ids(page)) == public_ids(mixed)
    assert "济南槐荫鑫源食品有限公司" in page
    counts = dict(re.findall(r'\?kind=(\w+)">[^<]*</a> <strong>(\d+)</strong>', page))
    assert counts["penalty"] == "2" and counts["licensing"] == "1" and counts["levy"] == "0"


def test_the_list_shows_only_what_is_public(client: Client, mixed: dict[str, AdministrativeAction]) -> None:
    response = get(client, "disclosure:list")
    assert response.status_code == 200
    # Newest decision first (issue 8, item 10), whatever the order of publication.
    assert detail_ids(response.content.decode()) == [mixed[k].pk for k in ("penalty", "licence", "other_agency")]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "licensing"}, {"licence"}),
        ({"kind": "penalty"}, {"penalty", "other_agency"}),
        ({"kind": "levy"}, set()),
    ],
)
def test_the_list_filters_by_kind(
    client: Client, mixed: dict[str, AdministrativeAction], params: dict[str, str], expected: set[str]
) -> None:
    page = get(client, "disclosure:list", **params).content.decode()
    assert set(detail_ids(page)) == {mixed[k].pk for k in expected}


def test_the_list_filters_by_agency_uscc(
    client: Client, mixed: dict[str, AdministrativeAction], agency_b: Agency
) -> None:
    page = get(client, "disclosure:list", agency=agency_b.uscc).content.decode()
    assert detail_ids(page) == [mixed["other_agency"].pk]


def test_the_date_range_includes_both_ends(client: Client, mixed: dict[str, AdministrativeAction]) -> None:
    licence = mixed["licence"].decision_date.isoformat()
    penalty = mixed["penalty"].decision_date.isoformat()
    assert detail_ids(get(client, "disclosure:list", decided_from=licence, decided_to=licence).content.decode()) == [
        mixed["licence"].pk
    ]
    assert set(detail_ids(get(client, "disclosure:list", decided_from=licence).content.decode())) == {
        mixed["licence"].pk,
        mixed["penalty"].pk,
    }
    assert set(detail_ids(get(client, "disclosure:list", decided_to=licence).content.decode())) == {
        mixed["licence"].pk,
        mixed["other_agency"].pk,
    }
    assert detail_ids(get(client, "disclosure:list", decided_from=penalty, decided_to=licence).content.decode()) == []


@pytest.mark.parametrize(
    "params",
    [{"kind": "bad"}, {"decided_from": "xx"}, {"decided_to": "2026-02-30"}, {"agency": "X" * 30}, {"q": "罚" * 60}],
)
def test_bad_filter_values_answer_400_with_the_form_not_500(
    client: Client, mixed: dict[str, AdministrativeAction], params: dict[str, str]
) -> None:
    response = get(client, "disclosure:list", **params)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error"' in page
    assert detail_ids(page) == []


def test_a_bad_cursor_is_the_first_page_not_an_error(client: Client, mixed: dict[str, AdministrativeAction]) -> None:
    response = get(client, "disclosure:list", cursor="not-a-cursor!!")
    assert response.status_code == 200
    assert set(detail_ids(response.content.decode())) == public_ids(mixed)


@pytest.mark.parametrize(
    "raw",
    [
        "0001-01-01T00:00:00+14:00|5",  # out of range in UTC: used to be a 500 on SQLite
        "2026-01-01T00:00:00|5",  # naive
        "2026-01-01T00:00:00+00:00|not-a-number",
    ],
)
def test_a_crafted_cursor_is_the_first_page_not_an_error(
    client: Client, mixed: dict[str, AdministrativeAction], raw: str
) -> None:
    cursor = base64.urlsafe_b64encode(raw.encode()).decode()
    response = get(client, "disclosure:list", cursor=cursor)
    assert response.status_code == 200
    assert set(detail_ids(response.content.decode())) == public_ids(mixed)


def test_keyset_pagination_walks_every_item_once_newest_first(client: Client, agency_a: Agency) -> None:
    base = timezone.now() - dt.timedelta(days=1)
    # Groups of three share a publication time, so the id must break ties.
    for i in range(45):
        ActionFactory.create(agency=agency_a, published=True, published_at=base + dt.timedelta(minutes=i // 3))
    expected = list(AdministrativeAction.objects.order_by("-published_at", "-id").values_list("id", flat=True))
    seen: list[int] = []
    url = reverse("disclosure:list")
    pages = 0
    while url:
        page = client.get(url).content.decode()
        pages += 1
        seen.extend(detail_ids(page))
        found = NEXT.search(page)
        url = reverse("disclosure:list") + html.unescape(found.group(1)) if found else ""
        assert pages < 10
    assert pages == 3
    assert seen == expected
    assert len(set(seen)) == 45


def test_keyset_pagination_keeps_the_filters(client: Client, agency_a: Agency) -> None:
    base = timezone.now() - dt.timedelta(days=1)
    for i in range(25):
        ActionFactory.create(agency=agency_a, published=True, published_at=base + dt.timedelta(minutes=i))
        ActionFactory.create(
            agency=agency_a, kind=ActionKind.LICENSING, published=True, published_at=base + dt.timedelta(minutes=i)
        )
    first = get(client, "disclosure:list", kind="licensing").content.decode()
    next_url = html.unescape(NEXT.search(first).group(1))  # type: ignore[union-attr]
    assert "kind=licensing" in next_url
    second = client.get(reverse("disclosure:list") + next_url).content.decode()
    ids = detail_ids(first) + detail_ids(second)
    assert len(ids) == 25 and set(ids) == set(
        AdministrativeAction.objects.filter(kind=ActionKind.LICENSING).values_list("id", flat=True)
    )


@pytest.mark.parametrize("key", ["draft", "submitted", "returned", "internal", "expired"])
def test_the_detail_of_an_item_not_on_the_public_site_is_404(
    client: Client, mixed: dict[str, AdministrativeAction], key: str
) -> None:
    assert get(client, "disclosure:detail", mixed[key].pk).status_code == 404


def test_the_detail_of_a_revoked_item_is_404(client: Client, clerk_a: User, reviewer_a: User) -> None:
    from disclosure.services.actions import action_create, action_submit
    from tests.disclosure.conftest import penalty_data

    action = action_submit(action=action_create(actor=clerk_a, data=penalty_data()), actor=clerk_a)
    action_publish(action=action, actor=reviewer_a)
    assert get(client, "disclosure:detail", action.pk).status_code == 200
    action_revoke(action=action, actor=reviewer_a, reason="撤销")
    from django.core.cache import cache

    cache.clear()  # the page cache; a takedown shows within PUBLIC_PAGE_CACHE_SECONDS
    assert get(client, "disclosure:detail", action.pk).status_code == 404
    assert get(client, "disclosure:detail", 999_999).status_code == 404


def test_the_detail_page_shows_the_standard_fields(client: Client, mixed: dict[str, AdministrativeAction]) -> None:
    action = mixed["penalty"]
    page = get(client, "disclosure:detail", action.pk).content.decode()
    for text in (
        action.document_number,
        action.counterparty_uscc,
        action.violation_type,
        action.penalty_basis,
        "警告；罚款",
        "2.5",
        action.agency.name,
        action.decision_date.isoformat(),
    ):
        assert text in page
    assert "郑国庆" not in page and "郑**" in page  # the legal representative is a natural person


def test_the_agency_page_lists_only_that_agencys_public_items(
    client: Client, mixed: dict[str, AdministrativeAction], agency_a: Agency
) -> None:
    response = get(client, "disclosure:agency", agency_a.uscc.lower())
    assert response.status_code == 200
    assert set(detail_ids(response.content.decode())) == {mixed["penalty"].pk, mixed["licence"].pk}
    assert get(client, "disclosure:agency", "91370104MA0009999X").status_code == 404


def test_an_inactive_agency_has_no_page(client: Client, agency_a: Agency) -> None:
    Agency.objects.filter(pk=agency_a.pk).update(is_active=False)
    assert get(client, "disclosure:agency", agency_a.uscc).status_code == 404


def test_the_agency_list_links_every_active_agency(client: Client, agency_a: Agency, agency_b: Agency) -> None:
    page = get(client, "disclosure:agencies").content.decode()
    assert reverse("disclosure:agency", args=[agency_a.uscc]) in page
    assert reverse("disclosure:agency", args=[agency_b.uscc]) in page


def test_the_takedown_log_page_is_public(client: Client) -> None:
    assert get(client, "disclosure:takedowns").status_code == 200


def test_the_atom_feed_lists_public_items_masked(
    client: Client, agency_a: Agency, mixed: dict[str, AdministrativeAction]
) -> None:
    person = ActionFactory.create(
        agency=agency_a, published=True, counterparty_type=CounterpartyType.NATURAL_PERSON, counterparty_name="周大伟"
    )
    response = get(client, "disclosure:feed")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = response.content.decode()
    assert feed.count("<entry>") == 4
    assert f"/disclosures/{person.pk}/" in feed and "周**" in feed and "周大伟" not in feed
    assert f"/disclosures/{mixed['draft'].pk}/" not in feed


def test_the_csv_download_is_filtered_and_excel_safe(
    client: Client, agency_a: Agency, mixed: dict[str, AdministrativeAction]
) -> None:
    ActionFactory.create(
        agency=agency_a, kind=ActionKind.LICENSING, published=True, counterparty_name="=cmd|'/C calc'!A0"
    )
    response = get(client, "disclosure:download-csv", kind="licensing")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.getvalue().decode()
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert len(rows) == 2
    assert {r["行政行为类别代码"] for r in rows} == {"licensing"}
    assert {r["行政行为类别"] for r in rows} == {"行政许可"}  # words for people, the code beside them
    assert {r["行政相对人类别"] for r in rows} == {"法人及非法人组织"} and {r["行政相对人类别代码"] for r in rows} == {
        "legal_person"
    }
    assert all(r["公示日期"].endswith("+08:00") and r["网址"].startswith("http://testserver/") for r in rows)
    assert "'=cmd|'/C calc'!A0" in {r["行政相对人名称"] for r in rows}


def test_the_json_download_is_filtered(
    client: Client, mixed: dict[str, AdministrativeAction], agency_b: Agency
) -> None:
    response = get(client, "disclosure:download-json", agency=agency_b.uscc)
    assert response.status_code == 200
    items = json.loads(response.getvalue())["items"]
    assert [i["id"] for i in items] == [mixed["other_agency"].pk]
    assert items[0]["agency_uscc"] == agency_b.uscc


@pytest.mark.parametrize("name", ["disclosure:download-csv", "disclosure:download-json"])
def test_downloads_answer_400_for_bad_filters(client: Client, name: str) -> None:
    assert get(client, name, decided_from="xx").status_code == 400


def test_the_sitemap_lists_public_items_only(client: Client, mixed: dict[str, AdministrativeAction]) -> None:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    urls = set(re.findall(r"/disclosures/(\d+)/</loc>", response.content.decode()))
    assert urls == {str(pk) for pk in public_ids(mixed)}
    assert "/takedowns/</loc>" in response.content.decode()


# The cache's clock must be the travelling one: Redis (in CI) expires keys in real time.
@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
def test_a_publication_shows_on_the_cached_list_within_a_minute(client: Client, agency_a: Agency) -> None:
    first = ActionFactory.create(agency=agency_a, published=True)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert detail_ids(get(client, "disclosure:list").content.decode()) == [first.pk]
        second = ActionFactory.create(agency=agency_a, published=True)
        traveller.shift(dt.timedelta(seconds=61))
        assert set(detail_ids(get(client, "disclosure:list").content.decode())) == {first.pk, second.pk}


def test_the_english_switch_is_not_served_the_cached_chinese_page(client: Client) -> None:
    chinese = get(client, "disclosure:list").content.decode()
    client.get(reverse("core:language", args=["en"]))
    english = get(client, "disclosure:list").content.decode()
    assert 'lang="zh-Hans"' in chinese
    assert 'lang="en"' in english


@pytest.mark.django_db
def test_the_publication_period_on_the_home_page_comes_from_its_setting(client: Client, settings: Any) -> None:
    settings.DISCLOSURE_PUBLICATION_DAYS = {"default": 10}
    page = client.get("/").content.decode()
    assert "10个工作日内" in page and "7个工作日" not in page
