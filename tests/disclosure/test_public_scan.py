"""The public list as a reader scans it (issue 8, items 10-12): what each result says, the
count, the order, the filters, the pages back and forth, the amounts."""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import Agency, User
from disclosure.models import ActionKind, AdministrativeAction, CounterpartyType, Takedown
from disclosure.presenters import format_amount, public_fields
from disclosure.services.actions import action_create, action_publish, action_revoke, action_submit
from tests.disclosure.conftest import ActionFactory, penalty_data

pytestmark = pytest.mark.django_db

DETAIL = re.compile(r'href="/disclosures/(\d+)/"')
HEADING = re.compile(r"<h3[^>]*>(.*?)</h3>", re.S)


def detail_ids(page: str) -> list[int]:
    return [int(pk) for pk in DETAIL.findall(page)]


def link(page: str, rel: str) -> str | None:
    found = re.search(rf'rel="{rel}" href="([^"]+)"', page)
    return reverse("disclosure:list") + html.unescape(found.group(1)) if found else None


def headings(page: str) -> list[str]:
    return [re.sub(r"<[^>]+>|\s+", " ", h).strip() for h in HEADING.findall(page)]


# --- item 10: what each result says, the count, the order -------------------------------------


def test_each_result_is_headed_by_the_counterparty_and_what_was_decided(client: Client, agency_a: Agency) -> None:
    ActionFactory.create(
        agency=agency_a, published=True, counterparty_name="济南鑫源食品有限公司", penalty_content="警告，罚款五千元。"
    )
    ActionFactory.create(
        agency=agency_a,
        kind=ActionKind.LICENSING,
        published=True,
        counterparty_name="济南好运来餐饮有限公司",
        licence_certificate_name="食品经营许可证",
    )
    ActionFactory.create(
        agency=agency_a, published=True, counterparty_type=CounterpartyType.NATURAL_PERSON, counterparty_name="周大伟"
    )
    for name in ("home", "disclosure:list"):
        page = client.get(reverse(name)).content.decode()
        titles = headings(page)
        assert any("济南鑫源食品有限公司" in t and "警告，罚款五千元。" in t for t in titles), titles
        assert any("济南好运来餐饮有限公司" in t and "食品经营许可证" in t for t in titles), titles
        assert any("周**" in t for t in titles) and "周大伟" not in page
        assert not any(t.strip() == "行政处罚决定书" for t in titles)
    agency_page = client.get(reverse("disclosure:agency", args=[agency_a.uscc])).content.decode()
    assert any("济南鑫源食品有限公司" in t for t in headings(agency_page))


def test_the_list_is_ordered_by_decision_date_newest_first(client: Client, agency_a: Agency) -> None:
    today = timezone.localdate()
    now = timezone.now()
    # Published in the opposite order of their decisions: the reader expects the decision order.
    old = ActionFactory.create(
        agency=agency_a, published=True, decision_date=today - dt.timedelta(days=30), published_at=now
    )
    mid = ActionFactory.create(
        agency=agency_a,
        published=True,
        decision_date=today - dt.timedelta(days=10),
        published_at=now - dt.timedelta(days=1),
    )
    new = ActionFactory.create(
        agency=agency_a,
        published=True,
        decision_date=today - dt.timedelta(days=1),
        published_at=now - dt.timedelta(days=2),
    )
    expected = [new.pk, mid.pk, old.pk]
    assert detail_ids(client.get(reverse("disclosure:list")).content.decode()) == expected
    assert detail_ids(client.get(reverse("home")).content.decode()) == expected
    api = client.get("/api/v1/disclosures/").json()
    assert [r["id"] for r in api["results"]] == expected


def test_keyset_pages_by_decision_date_walk_every_item_once(client: Client, agency_a: Agency) -> None:
    today = timezone.localdate()
    # Groups of three share a decision date, so the id must break the ties.
    for i in range(45):
        ActionFactory.create(agency=agency_a, published=True, decision_date=today - dt.timedelta(days=1 + i // 3))
    expected = list(AdministrativeAction.objects.order_by("-decision_date", "-id").values_list("id", flat=True))
    seen: list[int] = []
    url: str | None = reverse("disclosure:list")
    while url:
        page = client.get(url).content.decode()
        seen.extend(detail_ids(page))
        url = link(page, "next")
        assert len(seen) <= 45
    assert seen == expected
    # The API walks the same order.
    api_seen: list[int] = []
    api_url: str | None = "/api/v1/disclosures/"
    while api_url:
        body = client.get(api_url).json()
        api_seen.extend(r["id"] for r in body["results"])
        api_url = body["next"]
    assert api_seen == expected


def test_the_list_shows_the_result_count(client: Client, agency_a: Agency) -> None:
    for _ in range(3):
        ActionFactory.create(agency=agency_a, published=True)
    ActionFactory.create(agency=agency_a, kind=ActionKind.LICENSING, published=True)
    response = client.get(reverse("disclosure:list"), {"kind": "penalty"})
    assert response.context["count"] == {"n": 3, "capped": False}
    assert 'data-testid="count"' in response.content.decode()


def test_a_stale_shared_count_never_says_fewer_than_the_page_shows(client: Client, agency_a: Agency) -> None:
    from django.core.cache import cache

    for _ in range(3):
        ActionFactory.create(agency=agency_a, published=True)
    cache.set("disclosure:counts-by-kind", {"penalty": 1}, 300)  # as computed before two publications
    response = client.get(reverse("disclosure:list"))
    assert response.context["count"] == {"n": 3, "capped": False}


def test_the_count_is_capped_so_a_million_rows_cost_no_full_count(
    client: Client, agency_a: Agency, monkeypatch: Any
) -> None:
    from disclosure import selectors

    monkeypatch.setattr(selectors, "COUNT_CAP", 5)
    for _ in range(7):
        ActionFactory.create(agency=agency_a, published=True)
    response = client.get(reverse("disclosure:list"), {"q": "罚款"})
    assert response.context["count"] == {"n": 5, "capped": True}
    assert "5+" in response.content.decode()


def test_the_takedown_log_shows_the_document_number_and_the_reason_text(
    client: Client, clerk_a: User, reviewer_a: User
) -> None:
    action = action_submit(action=action_create(actor=clerk_a, data=penalty_data()), actor=clerk_a)
    action_publish(action=action, actor=reviewer_a)
    action_revoke(action=action, actor=reviewer_a, reason="经复议，原处罚决定认定事实不清，予以撤销。")
    assert Takedown.objects.filter(action=action).exists()
    page = client.get(reverse("disclosure:takedowns")).content.decode()
    assert action.document_number in page
    assert "经复议，原处罚决定认定事实不清，予以撤销。" in page


# --- item 11: filters and pages ---------------------------------------------------------------


def test_the_agency_filter_is_a_select_of_agency_names(client: Client, agency_a: Agency, agency_b: Agency) -> None:
    Agency.objects.filter(pk=agency_b.pk).update(is_active=False)
    page = client.get(reverse("disclosure:list")).content.decode()
    select = re.search(r'<select name="agency".*?</select>', page, re.S)
    assert select is not None
    assert f'<option value="{agency_a.uscc}">{agency_a.name}</option>' in select.group(0)
    assert agency_b.uscc not in select.group(0)  # only active agencies are offered


def test_the_agency_filter_still_takes_a_credit_code_in_the_api_and_the_page(
    client: Client, agency_a: Agency, agency_b: Agency
) -> None:
    mine = ActionFactory.create(agency=agency_a, published=True)
    ActionFactory.create(agency=agency_b, published=True)
    assert detail_ids(client.get(reverse("disclosure:list"), {"agency": agency_a.uscc}).content.decode()) == [mine.pk]
    api = client.get("/api/v1/disclosures/", {"agency": agency_a.uscc.lower()}).json()
    assert [r["id"] for r in api["results"]] == [mine.pk]
    assert client.get("/api/v1/disclosures/", {"agency": "91370104MA0009999X"}).status_code == 400


def test_the_empty_choices_say_all(client: Client, agency_a: Agency) -> None:
    from django.utils.translation import gettext

    form = client.get(reverse("disclosure:list")).context["filter"].form
    assert form.fields["kind"].choices[0] == ("", gettext("All"))
    assert str(next(iter(form.fields["agency"].choices))[1]) == gettext("All")


def test_a_reversed_date_range_is_an_error_on_the_page_and_in_the_api(client: Client, agency_a: Agency) -> None:
    ActionFactory.create(agency=agency_a, published=True)
    params = {"decided_from": "2026-10-10", "decided_to": "2026-10-01"}
    response = client.get(reverse("disclosure:list"), params)
    assert response.status_code == 400
    assert "decided_to" in response.context["filter"].form.errors
    assert 'class="error"' in response.content.decode()
    api = client.get("/api/v1/disclosures/", params)
    assert api.status_code == 400
    assert "decided_to" in api.json()


def test_pages_link_back_to_the_previous_and_the_first_page(client: Client, agency_a: Agency) -> None:
    today = timezone.localdate()
    for i in range(65):
        ActionFactory.create(agency=agency_a, published=True, decision_date=today - dt.timedelta(days=1 + i))
    first_url = reverse("disclosure:list") + "?kind=penalty"
    first = client.get(first_url).content.decode()
    assert link(first, "prev") is None
    second_url = link(first, "next")
    assert second_url is not None
    second = client.get(second_url).content.decode()
    third_url = link(second, "next")
    assert third_url is not None
    third = client.get(third_url).content.decode()
    back = link(third, "prev")
    assert back is not None and "kind=penalty" in back
    assert detail_ids(client.get(back).content.decode()) == detail_ids(second)
    back_twice = link(client.get(back).content.decode(), "prev")
    assert back_twice is not None
    assert detail_ids(client.get(back_twice).content.decode()) == detail_ids(first)
    start = link(third, "start")
    assert start is not None and detail_ids(client.get(start).content.decode()) == detail_ids(first)


# --- item 12: amounts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wan", "text"),
    [
        ("0.05", "500元"),
        ("0.050000", "500元"),
        ("4.65", "4.65万元"),
        ("4.650000", "4.65万元"),
        ("1", "1万元"),
        ("0.123456", "1234.56元"),
        ("0", "0元"),
        ("12000", "12000万元"),
    ],
)
def test_amounts_print_as_people_write_them(wan: str, text: str) -> None:
    assert format_amount(Decimal(wan)) == text


def test_the_pages_print_the_fine_as_people_write_it(client: Client, agency_a: Agency) -> None:
    action = ActionFactory.create(agency=agency_a, published=True, fine_amount=Decimal("0.05"))
    page = client.get(reverse("disclosure:detail", args=[action.pk])).content.decode()
    assert "500元" in page
    assert "0.050000" not in page
    listing = client.get(reverse("disclosure:list")).content.decode()
    assert "500元" in listing and "0.050000" not in listing  # in the headline: 罚款。（罚款500元）


def test_downloads_keep_a_numeric_column_and_add_the_written_amount(agency_a: Agency) -> None:
    action = ActionFactory.create(agency=agency_a, published=True, fine_amount=Decimal("4.65"))
    fields = public_fields(action)
    assert fields["fine_amount"] == "4.65"  # 万元, a plain decimal for machines
    assert fields["fine_amount_text"] == "4.65万元"
    assert fields["confiscated_amount"] is None and fields["confiscated_amount_text"] == ""


def test_the_filters_fold_away_behind_a_summary(client: Client, agency_a: Agency) -> None:
    page = client.get(reverse("disclosure:list")).content.decode()
    assert re.search(r"<details[^>]*class=\"more-filters\"[^>]*>\s*<summary>", page)
    assert not re.search(r'<details[^>]*class="more-filters"[^>]* open', page)
    filtered = client.get(reverse("disclosure:list"), {"kind": "penalty"}).content.decode()
    assert re.search(r'<details[^>]*class="more-filters"[^>]* open', filtered)
