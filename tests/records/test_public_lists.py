"""The red and black lists (R-23): good examples, dishonesty cases and the agencies under joint
punishment. Only published public records within their period; a civil servant only through a
public-scope record and masked; filters; the 「异议处理中」 mark; constant query counts; cached."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import Agency, CivilServant, Role, User
from core.services import marks
from records.models import Category, CreditRecord, Polarity, UseScope
from records.services.sanctions import sanction_create, sanction_lift
from tests.records.conftest import (
    agency_record_data,
    make_record,
    published_record,
    sanction_data,
    servant_record_data,
)

pytestmark = pytest.mark.django_db


def get(name: str, query: str = "", status: int = 200) -> str:
    cache.clear()  # the public pages are cached briefly
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse(f"records:{name}") + query)
    assert response.status_code == status, response.content.decode()[:500]
    return response.content.decode()


def good(agency: Agency, **overrides: Any) -> dict[str, Any]:
    return agency_record_data(
        agency, category=Category.CREDIT_SYSTEM_WORK, polarity=Polarity.TRUSTWORTHY, tier="", **overrides
    )


def test_good_examples_list_published_public_trustworthy_records_newest_first(
    clerk_a: User, reviewer_a: User, agency_a: Agency
) -> None:
    today = timezone.localdate()
    older = published_record(clerk_a, reviewer_a, good(agency_a, decision_date=today - dt.timedelta(days=40)))
    newer = published_record(clerk_a, reviewer_a, good(agency_a, decision_date=today - dt.timedelta(days=5)))
    draft = make_record(clerk_a, good(agency_a))
    internal = published_record(clerk_a, reviewer_a, good(agency_a, use_scope=UseScope.INTERNAL))
    bad = published_record(clerk_a, reviewer_a, agency_record_data(agency_a))
    page = get("good-examples")
    assert page.index(f'id="public-record-{newer.pk}"') < page.index(f'id="public-record-{older.pk}"')
    for hidden in (draft, internal, bad):
        assert f'id="public-record-{hidden.pk}"' not in page
    assert newer.document_number in page and agency_a.name in page


def test_dishonesty_cases_show_tier_category_date_and_number_and_not_expired_ones(
    clerk_a: User, reviewer_a: User, agency_a: Agency
) -> None:
    record = published_record(clerk_a, reviewer_a, agency_record_data(agency_a))
    expired = published_record(clerk_a, reviewer_a, agency_record_data(agency_a))
    CreditRecord.objects.filter(pk=expired.pk).update(public_until=timezone.localdate() - dt.timedelta(days=1))
    trustworthy = published_record(clerk_a, reviewer_a, good(agency_a))
    page = get("dishonesty-cases")
    assert f'id="public-record-{record.pk}"' in page
    assert f'id="public-record-{expired.pk}"' not in page and f'id="public-record-{trustworthy.pk}"' not in page
    item = page[page.index(f'id="public-record-{record.pk}"') :]
    item = item[: item.index("</article>")]
    for text in (
        record.get_tier_display(),
        record.get_category_display(),
        record.decision_date.isoformat(),
        record.document_number,
        record.summary,
    ):
        assert str(text) in item


def test_a_civil_servant_only_through_a_public_record_and_masked(
    clerk_a: User, reviewer_a: User, agency_a: Agency, person_a: CivilServant
) -> None:
    def dishonest(**overrides: Any) -> dict[str, Any]:
        return servant_record_data(
            person_a,
            category="disciplinary_sanction",
            polarity="dishonest",
            tier="general",
            **overrides,
        )

    internal = published_record(clerk_a, reviewer_a, dishonest())
    public = published_record(clerk_a, reviewer_a, dishonest(use_scope=UseScope.PUBLIC))
    page = get("dishonesty-cases")
    assert f'id="public-record-{internal.pk}"' not in page
    assert f'id="public-record-{public.pk}"' in page
    assert person_a.name not in page and person_a.id_number not in page
    assert person_a.name[0] + "**" in page


def test_filters_by_agency_key_area_and_year(
    clerk_a: User, reviewer_a: User, clerk_b: User, reviewer_b: User, agency_a: Agency, agency_b: Agency
) -> None:
    today = timezone.localdate()
    a = published_record(clerk_a, reviewer_a, agency_record_data(agency_a, key_areas=["procurement"]))
    b = published_record(clerk_b, reviewer_b, agency_record_data(agency_b, key_areas=["statistics"]))
    page = get("dishonesty-cases", f"?agency={agency_a.uscc.lower()}")
    assert f'id="public-record-{a.pk}"' in page and f'id="public-record-{b.pk}"' not in page
    page = get("dishonesty-cases", "?area=statistics")
    assert f'id="public-record-{a.pk}"' not in page and f'id="public-record-{b.pk}"' in page
    page = get("dishonesty-cases", f"?year={today.year - 5}")
    assert "public-record-" not in page and "No public record matches." in page
    assert f'<option value="{a.decision_date.year}"' in get("dishonesty-cases")


def test_bad_filters_answer_400_with_the_field_message(clerk_a: User, reviewer_a: User, agency_a: Agency) -> None:
    published_record(clerk_a, reviewer_a, agency_record_data(agency_a))
    page = get("dishonesty-cases", "?area=nowhere&year=abc", status=400)
    assert 'role="alert"' in page and "public-record-" not in page


def test_the_objection_mark_is_shown(
    clerk_a: User, reviewer_a: User, agency_a: Agency, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = published_record(clerk_a, reviewer_a, agency_record_data(agency_a))
    other = published_record(clerk_a, reviewer_a, agency_record_data(agency_a))
    label = marks.Mark(code="objection_pending", label="「异议处理中」")
    providers = dict(marks._providers)
    providers[CreditRecord._meta.label_lower] = [lambda pks: {record.pk: [label]} if record.pk in pks else {}]
    monkeypatch.setattr(marks, "_providers", providers)
    page = get("dishonesty-cases")
    item = page[page.index(f'id="public-record-{record.pk}"') :]
    assert "「异议处理中」" in item[: item.index("</h2>")]
    item = page[page.index(f'id="public-record-{other.pk}"') :]
    assert "「异议处理中」" not in item[: item.index("</h2>")]


def _queries(name: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert Client().get(reverse(f"records:{name}")).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["good-examples", "dishonesty-cases"])
def test_a_list_costs_the_same_queries_for_1_and_for_6_records(
    name: str, clerk_a: User, reviewer_a: User, agency_a: Agency, person_a: CivilServant
) -> None:
    polarity_data = good if name == "good-examples" else agency_record_data
    published_record(clerk_a, reviewer_a, polarity_data(agency_a))
    one = _queries(name)
    for _ in range(4):
        published_record(clerk_a, reviewer_a, polarity_data(agency_a, key_areas=["procurement", "ppp"]))
    servant = (
        servant_record_data(person_a, category="training", polarity="trustworthy", use_scope=UseScope.PUBLIC)
        if name == "good-examples"
        else servant_record_data(
            person_a, category="accountability", polarity="dishonest", tier="serious", use_scope=UseScope.PUBLIC
        )
    )
    published_record(clerk_a, reviewer_a, servant)
    assert _queries(name) == one


def test_restricted_agencies_show_each_measure_and_its_end_date(
    clerk_a: User, reviewer_a: User, clerk_b: User, reviewer_b: User, agency_a: Agency, agency_b: Agency
) -> None:
    until = timezone.localdate() + dt.timedelta(days=200)
    record = published_record(clerk_a, reviewer_a, agency_record_data(agency_a, category=Category.JUDGMENT))
    sanction_create(
        actor=clerk_a,
        data=sanction_data(record, "judgment_debtor", measures=["subsidies", "financing"], active_until=until),
    )
    lifted_on = published_record(clerk_b, reviewer_b, agency_record_data(agency_b, category=Category.JUDGMENT))
    lifted = sanction_create(actor=clerk_b, data=sanction_data(lifted_on, "judgment_debtor"))
    sanction_lift(sanction=lifted, actor=reviewer_b, reason="已履行")
    page = get("restricted-agencies")
    assert f'id="restricted-{agency_a.uscc}"' in page and f'id="restricted-{agency_b.uscc}"' not in page
    assert "No government subsidies" in page and "No financing or credit" in page
    assert "No investment-project approval" not in page
    assert until.isoformat() in page


def test_a_listing_by_an_internal_record_does_not_name_the_agency(
    clerk_a: User, reviewer_a: User, agency_a: Agency
) -> None:
    record = published_record(
        clerk_a, reviewer_a, agency_record_data(agency_a, category=Category.JUDGMENT, use_scope=UseScope.INTERNAL)
    )
    sanction_create(actor=clerk_a, data=sanction_data(record, "judgment_debtor"))
    page = get("restricted-agencies")
    assert agency_a.name not in page and "No agency is under joint punishment now." in page


def test_restricted_agencies_cost_the_same_queries_for_1_and_for_3_agencies(
    clerk_a: User, reviewer_a: User, agency_a: Agency
) -> None:
    from tests.factories import AgencyFactory, UserFactory

    def listed(agency: Agency, clerk: User, reviewer: User) -> None:
        record = published_record(clerk, reviewer, agency_record_data(agency, category=Category.JUDGMENT))
        sanction_create(actor=clerk, data=sanction_data(record, "judgment_debtor"))

    listed(agency_a, clerk_a, reviewer_a)
    one = _queries("restricted-agencies")
    for n in range(2):
        agency = AgencyFactory.create(name=f"测试受限单位{n}")
        clerk = UserFactory.create(username=f"clerk_r{n}", agency=agency, is_staff=True, role=Role.CLERK)
        reviewer = UserFactory.create(username=f"reviewer_r{n}", agency=agency, is_staff=True, role=Role.REVIEWER)
        listed(agency, clerk, reviewer)
    assert _queries("restricted-agencies") == one


@pytest.mark.parametrize("name", ["good-examples", "dishonesty-cases", "restricted-agencies"])
def test_the_lists_are_public_cached_pages_linked_from_the_navigation(name: str) -> None:
    cache.clear()
    response = Client().get(reverse(f"records:{name}"))
    assert response.status_code == 200
    assert f"max-age={settings.PUBLIC_PAGE_CACHE_SECONDS}" in response["Cache-Control"]
    assert f'href="{reverse(f"records:{name}")}"' in get("good-examples")
    home = Client().get(reverse("home")).content.decode()
    assert f'href="{reverse(f"records:{name}")}"' in home
