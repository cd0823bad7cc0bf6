"""`record_create` and the rules of a credit record: subject, category lists, tier, scope, privacy."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.models import Agency, AuditEvent, CivilServant, User
from core.workflow import Status
from integrity.lib.errors import ApplicationError
from records.models import (
    AGENCY_CATEGORIES,
    CIVIL_SERVANT_CATEGORIES,
    Category,
    CreditRecord,
    Polarity,
    Tier,
    UseScope,
)
from records.services.records import record_create
from tests.records.conftest import agency_record_data, servant_record_data

pytestmark = pytest.mark.django_db


def errors_of(actor: User, data: dict[str, object]) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        record_create(actor=actor, data=data)
    return caught.value.message_dict


def test_a_clerk_enters_a_record_in_the_own_agencys_file_as_a_draft_with_an_audit_event(
    clerk_a: User, agency_a: Agency
) -> None:
    record = record_create(actor=clerk_a, data=agency_record_data(agency_a))
    assert (record.status, record.agency_id, record.subject_agency_id) == (Status.DRAFT, agency_a.pk, agency_a.pk)
    assert (record.created_by, record.last_edited_by, record.version) == (clerk_a, clerk_a, 1)
    assert record.use_scope == UseScope.PUBLIC  # an agency's general dishonesty is public by default
    event = AuditEvent.objects.get(object_type="records.creditrecord", object_id=str(record.pk))
    assert (event.action, event.actor, event.to_state) == ("records.creditrecord.create", clerk_a, Status.DRAFT)


def test_a_civil_servants_record_belongs_to_the_persons_agency_and_defaults_to_internal(
    clerk_a: User, person_a: CivilServant
) -> None:
    record = record_create(actor=clerk_a, data=servant_record_data(person_a))
    assert (record.agency_id, record.civil_servant_id, record.use_scope) == (
        person_a.agency_id,
        person_a.pk,
        UseScope.INTERNAL,
    )
    public = record_create(actor=clerk_a, data=servant_record_data(person_a, use_scope=UseScope.PUBLIC))
    assert public.use_scope == UseScope.PUBLIC  # a clerk may choose public on purpose


def test_the_database_refuses_a_record_with_two_subjects_or_none(agency_a: Agency, person_a: CivilServant) -> None:
    common = {
        "agency": agency_a,
        "category": Category.JUDGMENT,
        "polarity": Polarity.NEUTRAL,
        "decision_date": dt.date(2026, 1, 5),
        "summary": "x",
        "use_scope": UseScope.INTERNAL,
    }
    for subjects in ({"subject_agency": agency_a, "civil_servant": person_a}, {}):
        with pytest.raises(IntegrityError), transaction.atomic():
            CreditRecord.objects.create(**common, **subjects)  # type: ignore[arg-type]


def test_the_database_refuses_a_dishonesty_record_without_tier_and_a_tier_on_any_other(agency_a: Agency) -> None:
    common = {
        "agency": agency_a,
        "subject_agency": agency_a,
        "category": Category.AUDIT,
        "decision_date": dt.date(2026, 1, 5),
        "summary": "x",
        "use_scope": UseScope.INTERNAL,
    }
    for polarity, tier in ((Polarity.DISHONEST, ""), (Polarity.TRUSTWORTHY, Tier.MINOR)):
        with pytest.raises(IntegrityError), transaction.atomic():
            CreditRecord.objects.create(**common, polarity=polarity, tier=tier)  # type: ignore[arg-type]


def test_the_entry_rules_name_the_field_for_two_subjects_or_none(
    clerk_a: User, agency_a: Agency, person_a: CivilServant
) -> None:
    both = agency_record_data(agency_a, civil_servant=person_a)
    assert "civil_servant" in errors_of(clerk_a, both)
    none = agency_record_data(agency_a, subject_agency=None)
    assert "subject_agency" in errors_of(clerk_a, none)
    assert not CreditRecord.objects.exists()


@pytest.mark.parametrize("category", sorted(AGENCY_CATEGORIES - CIVIL_SERVANT_CATEGORIES))
def test_an_agency_category_is_refused_in_a_civil_servants_file(
    clerk_a: User, person_a: CivilServant, category: str
) -> None:
    assert "category" in errors_of(clerk_a, servant_record_data(person_a, category=category))


@pytest.mark.parametrize("category", sorted(CIVIL_SERVANT_CATEGORIES - AGENCY_CATEGORIES))
def test_a_civil_servant_category_is_refused_in_an_agencys_file(clerk_a: User, agency_a: Agency, category: str) -> None:
    assert "category" in errors_of(clerk_a, agency_record_data(agency_a, category=category))


def test_a_judgment_belongs_to_both_lists(clerk_a: User, agency_a: Agency, person_a: CivilServant) -> None:
    record_create(actor=clerk_a, data=agency_record_data(agency_a, category=Category.JUDGMENT))
    record_create(
        actor=clerk_a,
        data=servant_record_data(person_a, category=Category.JUDGMENT, polarity=Polarity.DISHONEST, tier="serious"),
    )
    assert CreditRecord.objects.count() == 2


def test_the_tier_is_required_for_dishonesty_and_refused_otherwise(clerk_a: User, agency_a: Agency) -> None:
    assert "tier" in errors_of(clerk_a, agency_record_data(agency_a, tier=""))
    assert "tier" in errors_of(clerk_a, agency_record_data(agency_a, polarity=Polarity.TRUSTWORTHY))
    record = record_create(actor=clerk_a, data=agency_record_data(agency_a, polarity=Polarity.TRUSTWORTHY, tier=""))
    assert record.tier == ""


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"key_areas": ["flying"]}, "key_areas"),
        ({"key_areas": ["ppp", "ppp"]}, "key_areas"),
        ({"key_areas": "ppp"}, "key_areas"),
        ({"category": "gossip"}, "category"),
        ({"polarity": "sometimes"}, "polarity"),
        ({"tier": "dreadful"}, "tier"),
        ({"use_scope": "everyone"}, "use_scope"),
        ({"summary": ""}, "summary"),
        ({"decision_date": None}, "decision_date"),
        ({"decision_date": timezone.localdate() + dt.timedelta(days=1)}, "decision_date"),
        ({"publicity_months": 13}, "publicity_months"),
        ({"publicity_months": 2}, "publicity_months"),
        ({"sanction_kind": "warning"}, "sanction_kind"),  # an agency has no 政务处分
    ],
)
def test_bad_input_is_a_field_error_and_nothing_is_saved(
    clerk_a: User, agency_a: Agency, change: dict[str, object], field: str
) -> None:
    assert field in errors_of(clerk_a, agency_record_data(agency_a, **change))
    assert not CreditRecord.objects.exists()


def test_workflow_and_derived_fields_cannot_be_typed(clerk_a: User, agency_a: Agency) -> None:
    for extra in ({"status": Status.PUBLISHED}, {"public_until": dt.date(2030, 1, 1)}, {"version": 9}, {"fact": None}):
        with pytest.raises(ApplicationError):
            record_create(actor=clerk_a, data={**agency_record_data(agency_a), **extra})
    assert not CreditRecord.objects.exists()


def test_public_free_text_is_checked_for_personal_data_and_internal_text_is_not(
    clerk_a: User, person_a: CivilServant
) -> None:
    leaking = "李秀英（身份证号320106198506010016）未如实报告个人有关事项。"
    data = servant_record_data(
        person_a, category=Category.PERSONAL_MATTERS, polarity=Polarity.DISHONEST, tier=Tier.GENERAL, summary=leaking
    )
    assert "summary" in errors_of(clerk_a, {**data, "use_scope": UseScope.PUBLIC})
    record = record_create(actor=clerk_a, data=data)  # internal by default: the file keeps what was typed
    assert record.summary == leaking


def test_nobody_enters_for_another_agency_and_the_credit_office_enters_for_any(
    clerk_b: User, reviewer_a: User, credit_office: User, agency_a: Agency, person_a: CivilServant
) -> None:
    for actor, data in (
        (clerk_b, agency_record_data(agency_a)),
        (clerk_b, servant_record_data(person_a)),
        (reviewer_a, agency_record_data(agency_a)),
    ):
        with pytest.raises(PermissionDenied):
            record_create(actor=actor, data=data)
    assert not CreditRecord.objects.exists()
    record = record_create(actor=credit_office, data=agency_record_data(agency_a))
    assert record.agency_id == agency_a.pk
