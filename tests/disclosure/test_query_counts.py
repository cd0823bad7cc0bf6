"""Every public list costs a fixed, small number of queries, however many items it shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import Agency
from core.workflow import Status
from disclosure.models import ActionKind, CounterpartyType, Takedown
from tests.disclosure.conftest import ActionFactory

pytestmark = pytest.mark.django_db

# (name, url builder, bound): the bound is what the view needs today, with no slack per item.
# Every list of items reads its 「异议处理中」 marks in one query (objections' open ones).
PAGES: list[tuple[str, Callable[[Agency], str], int]] = [
    ("home", lambda a: reverse("home"), 5),
    ("list", lambda a: reverse("disclosure:list"), 4),
    # The page, the capped count, the agency select's options, and the agency the filter names.
    ("list filtered", lambda a: reverse("disclosure:list") + f"?kind=penalty&agency={a.uscc}", 5),
    ("list search", lambda a: reverse("disclosure:list") + "?q=%E7%BD%9A%E6%AC%BE", 4),  # 罚款
    # A phrase (食品安全) and two words: the same three on SQLite; on PostgreSQL the plan's
    # window edge and the column's statistics are kept per process (selectors).
    ("list phrase search", lambda a: reverse("disclosure:list") + "?q=%E9%A3%9F%E5%93%81%E5%AE%89%E5%85%A8", 4),
    ("list two-word search", lambda a: reverse("disclosure:list") + "?q=%E7%BD%9A%E6%AC%BE+%E8%AD%A6%E5%91%8A", 4),
    # One more since records' public sanctions section joined the page (one query, like its records section).
    ("agency page", lambda a: reverse("disclosure:agency", args=[a.uscc]), 6),
    ("agency list", lambda a: reverse("disclosure:agencies"), 3),
    ("takedown log", lambda a: reverse("disclosure:takedowns"), 3),
    ("feed", lambda a: reverse("disclosure:feed"), 3),
    ("csv", lambda a: reverse("disclosure:download-csv"), 3),
    ("json", lambda a: reverse("disclosure:download-json"), 3),
    ("api list", lambda a: "/api/v1/disclosures/", 3),
    ("api search", lambda a: "/api/v1/disclosures/?q=%E7%BD%9A%E6%AC%BE", 3),
    ("sitemap", lambda a: "/sitemap.xml", 3),
    ("open data", lambda a: reverse("disclosure:open-data"), 1),
]


def seed(agency: Agency, source: Agency, count: int) -> None:
    """A mix that touches every related row a page may show: a data-source agency, natural
    persons, licences, and revoked items in the takedown log."""
    base = timezone.now() - dt.timedelta(days=1)
    for i in range(count):
        extra: dict[str, Any] = {}
        if i % 3 == 1:
            extra = {"counterparty_type": CounterpartyType.NATURAL_PERSON, "counterparty_name": f"孙小{i}"}
        elif i % 3 == 2:
            extra = {"kind": ActionKind.LICENSING}
        ActionFactory.create(
            agency=agency,
            published=True,
            data_source_agency=source,
            published_at=base + dt.timedelta(minutes=i),
            **extra,
        )
        if i % 5 == 0:  # and a few gone from the site, for the takedown log
            gone = ActionFactory.create(
                agency=agency,
                published=True,
                data_source_agency=source,
                status=Status.REVOKED,
                published_at=base,
                **extra,
            )
            Takedown.objects.create(action=gone, reason=Takedown.Reason.REVOKED)


def queries(client: Client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        assert response.status_code == 200, url
        response.getvalue()  # a download runs its queries while it streams
    return len(context)


@pytest.mark.parametrize(("name", "url", "bound"), PAGES, ids=[p[0] for p in PAGES])
def test_a_public_list_costs_a_fixed_small_number_of_queries_for_3_or_30_items(
    client: Client,
    agency_a: Agency,
    agency_b: Agency,
    django_assert_max_num_queries: Any,
    name: str,
    url: Callable[[Agency], str],
    bound: int,
) -> None:
    seed(agency_a, agency_b, 3)
    few = queries(client, url(agency_a))
    seed(agency_a, agency_b, 27)
    cache.clear()
    with django_assert_max_num_queries(bound):
        response = client.get(url(agency_a))
        assert response.status_code == 200
        body = response.getvalue()
    assert len(body) > 500
    assert queries(client, url(agency_a)) == few  # no query per item
