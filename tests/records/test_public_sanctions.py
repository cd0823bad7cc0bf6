"""The public agency page: active public sanctions of the agency's public records (public
criticism with its notice, judgment-debtor restrictions with their dates), nothing of a civil
servant unless the record is public and then masked, and the marks of the records."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from core.models import Agency, CivilServant, User
from core.services import marks
from records.models import Category, CreditRecord, UseScope
from records.services.sanctions import sanction_create, sanction_lift
from tests.records.conftest import agency_record_data, published_record, sanction_data, servant_record_data

pytestmark = pytest.mark.django_db


def page_of(agency: Agency) -> str:
    cache.clear()  # the public pages are cached briefly
    response = Client().get(reverse("disclosure:agency", args=[agency.uscc]))
    assert response.status_code == 200
    return response.content.decode()


def servant_dishonesty(person: CivilServant, **overrides: Any) -> dict[str, Any]:
    return servant_record_data(
        person, category="disciplinary_sanction", polarity="dishonest", tier="general", **overrides
    )


def test_public_criticism_and_restrictions_in_force_are_on_the_page(
    clerk_a: User, reviewer_a: User, agency_a: Agency
) -> None:
    record = published_record(clerk_a, reviewer_a, agency_record_data(agency_a, category=Category.JUDGMENT))
    criticism = sanction_create(actor=clerk_a, data=sanction_data(record, "public_criticism"))
    debtor = sanction_create(actor=clerk_a, data=sanction_data(record, "judgment_debtor", measures=["subsidies"]))
    explanation = sanction_create(actor=clerk_a, data=sanction_data(record, "explanation"))
    page = page_of(agency_a)
    assert 'id="agency-sanctions"' in page
    assert f'id="public-sanction-{criticism.pk}"' in page and criticism.notice_text in page
    assert f'id="public-sanction-{debtor.pk}"' in page
    assert debtor.active_from.isoformat() in page
    assert f'id="public-sanction-{explanation.pk}"' not in page  # an internal measure


def test_a_lifted_sanction_or_one_of_an_internal_record_is_not(
    clerk_a: User, reviewer_a: User, agency_a: Agency
) -> None:
    record = published_record(clerk_a, reviewer_a, agency_record_data(agency_a))
    lifted = sanction_create(actor=clerk_a, data=sanction_data(record, "public_criticism"))
    sanction_lift(sanction=lifted, actor=reviewer_a, reason="复核后撤销")
    internal = published_record(clerk_a, reviewer_a, agency_record_data(agency_a, use_scope=UseScope.INTERNAL))
    hidden = sanction_create(actor=clerk_a, data=sanction_data(internal, "public_criticism"))
    page = page_of(agency_a)
    assert f'id="public-sanction-{lifted.pk}"' not in page and f'id="public-sanction-{hidden.pk}"' not in page
    assert "public-sanction-" not in page and 'id="agency-sanctions"' not in page  # no empty heading


def test_a_civil_servant_appears_only_through_a_public_record_and_masked(
    clerk_a: User, reviewer_a: User, agency_a: Agency, person_a: CivilServant
) -> None:
    internal = published_record(clerk_a, reviewer_a, servant_dishonesty(person_a))
    hidden = sanction_create(actor=clerk_a, data=sanction_data(internal, "public_criticism"))
    public = published_record(clerk_a, reviewer_a, servant_dishonesty(person_a, use_scope=UseScope.PUBLIC))
    shown = sanction_create(actor=clerk_a, data=sanction_data(public, "public_criticism"))
    page = page_of(agency_a)
    assert f'id="public-sanction-{hidden.pk}"' not in page
    assert f'id="public-sanction-{shown.pk}"' in page
    assert person_a.name not in page and person_a.id_number not in page
    assert person_a.name[0] + "**" in page


def test_another_agencys_sanctions_are_not_on_this_page(
    clerk_a: User, reviewer_a: User, agency_a: Agency, agency_b: Agency
) -> None:
    record = published_record(clerk_a, reviewer_a, agency_record_data(agency_a))
    sanction = sanction_create(actor=clerk_a, data=sanction_data(record, "public_criticism"))
    assert f'id="public-sanction-{sanction.pk}"' not in page_of(agency_b)


def test_a_record_with_an_open_objection_carries_its_mark(
    clerk_a: User, reviewer_a: User, agency_a: Agency, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = published_record(clerk_a, reviewer_a, agency_record_data(agency_a))
    other = published_record(clerk_a, reviewer_a, agency_record_data(agency_a))
    label = marks.Mark(code="objection_pending", label="「异议处理中」")
    providers = dict(marks._providers)
    providers[CreditRecord._meta.label_lower] = [lambda pks: {record.pk: [label]} if record.pk in pks else {}]
    monkeypatch.setattr(marks, "_providers", providers)
    page = page_of(agency_a)
    item = page[page.index(f'id="public-record-{record.pk}"') :]
    assert "「异议处理中」" in item[: item.index("</h3>")]
    item = page[page.index(f'id="public-record-{other.pk}"') :]
    assert "「异议处理中」" not in item[: item.index("</h3>")]


def test_the_page_costs_the_same_queries_for_1_and_for_5_sanctioned_records(
    clerk_a: User, reviewer_a: User, agency_a: Agency
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n: int) -> None:
        for _ in range(n):
            record = published_record(clerk_a, reviewer_a, agency_record_data(agency_a, category=Category.JUDGMENT))
            sanction_create(actor=clerk_a, data=sanction_data(record, "public_criticism"))
            sanction_create(actor=clerk_a, data=sanction_data(record, "judgment_debtor"))

    add(1)
    with CaptureQueriesContext(connection) as few:
        page_of(agency_a)
    add(4)
    with CaptureQueriesContext(connection) as many:
        page_of(agency_a)
    assert len(many.captured_queries) == len(few.captured_queries)
