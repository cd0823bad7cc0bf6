"""Field rules and conditional requirements of an administrative action (`action_create`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import AuditEvent, User
from core.workflow import Status
from disclosure.models import ActionKind, AdministrativeAction, CounterpartyType, IdType, UseScope
from disclosure.services.actions import action_create, action_update
from tests.disclosure.conftest import common_data, licence_data, natural_person_data, penalty_data, resident_id

pytestmark = pytest.mark.django_db

GOOD_ID = resident_id(dt.date(1986, 4, 2), 601)


def errors_of(actor: User, data: dict[str, Any], id_number: str = "") -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        action_create(actor=actor, data=data, id_number=id_number)
    assert not AdministrativeAction.objects.exists()
    return caught.value.message_dict


def test_a_valid_penalty_is_created_as_a_draft_with_an_audit_event(clerk_a: User) -> None:
    action = action_create(actor=clerk_a, data=penalty_data())
    assert action.status == Status.DRAFT
    assert action.agency == clerk_a.agency
    assert action.use_scope == UseScope.PUBLIC
    event = AuditEvent.objects.get(action="disclosure.administrativeaction.create")
    assert (event.object_id, event.to_state, event.actor) == (str(action.pk), Status.DRAFT, clerk_a)


@pytest.mark.parametrize("kind", [CounterpartyType.LEGAL_PERSON, CounterpartyType.INDIVIDUAL_BUSINESS])
def test_organisations_and_individual_businesses_need_a_uscc(clerk_a: User, kind: str) -> None:
    errors = errors_of(clerk_a, penalty_data(counterparty_type=kind, counterparty_uscc=""))
    assert "counterparty_uscc" in errors


def test_a_uscc_with_a_wrong_check_character_is_rejected(clerk_a: User) -> None:
    good = penalty_data()["counterparty_uscc"]
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    errors = errors_of(clerk_a, penalty_data(counterparty_uscc=wrong))
    assert list(errors) == ["counterparty_uscc"]


def test_a_legal_person_needs_a_legal_representative(clerk_a: User) -> None:
    errors = errors_of(clerk_a, penalty_data(legal_representative=""))
    assert list(errors) == ["legal_representative"]


def test_an_individual_business_needs_no_legal_representative(clerk_a: User) -> None:
    action = action_create(
        actor=clerk_a,
        data=penalty_data(counterparty_type=CounterpartyType.INDIVIDUAL_BUSINESS, legal_representative=""),
    )
    assert action.pk


def test_a_natural_person_needs_an_id_type_and_number(clerk_a: User) -> None:
    errors = errors_of(clerk_a, natural_person_data("孙小红", id_type=""))
    assert {"id_type", "id_number"} <= set(errors)


def test_a_resident_id_with_a_wrong_check_digit_is_rejected(clerk_a: User) -> None:
    wrong = GOOD_ID[:17] + ("0" if GOOD_ID[17] != "0" else "1")
    errors = errors_of(clerk_a, natural_person_data("孙小红"), id_number=wrong)
    assert list(errors) == ["id_number"]


def test_a_passport_number_is_not_checked_as_a_resident_id(clerk_a: User) -> None:
    action = action_create(
        actor=clerk_a, data=natural_person_data("孙小红", id_type=IdType.PASSPORT), id_number="E12345678"
    )
    assert action.id_number == "E12345678"


def test_a_natural_persons_id_number_is_stored_encrypted_and_readable_back(clerk_a: User) -> None:
    action = action_create(actor=clerk_a, data=natural_person_data("孙小红"), id_number=GOOD_ID.lower())
    row = AdministrativeAction.objects.values("id_number_encrypted", "id_number_hash").get(pk=action.pk)
    assert GOOD_ID not in row["id_number_encrypted"] and GOOD_ID[6:14] not in row["id_number_encrypted"]
    assert row["id_number_hash"] and GOOD_ID not in row["id_number_hash"]
    assert AdministrativeAction.objects.get(pk=action.pk).id_number == GOOD_ID.upper()


def test_a_fine_category_needs_a_fine_amount(clerk_a: User) -> None:
    errors = errors_of(clerk_a, penalty_data(fine_amount=None))
    assert list(errors) == ["fine_amount"]


def test_a_warning_alone_needs_no_fine_amount(clerk_a: User) -> None:
    action = action_create(actor=clerk_a, data=penalty_data(penalty_categories=["warning"], fine_amount=None))
    assert action.fine_amount is None


def test_confiscation_needs_the_confiscated_amount(clerk_a: User) -> None:
    errors = errors_of(clerk_a, penalty_data(penalty_categories=["confiscation"], fine_amount=None))
    assert list(errors) == ["confiscated_amount"]


def test_licence_suspension_needs_the_licence_named(clerk_a: User) -> None:
    errors = errors_of(clerk_a, penalty_data(penalty_categories=["licence_suspension"], fine_amount=None))
    assert list(errors) == ["suspended_licence"]


def test_an_unknown_penalty_category_is_rejected(clerk_a: User) -> None:
    errors = errors_of(clerk_a, penalty_data(penalty_categories=["fine", "flogging"]))
    assert "flogging" in " ".join(errors["penalty_categories"])


def test_a_negative_fine_is_rejected(clerk_a: User) -> None:
    errors = errors_of(clerk_a, penalty_data(fine_amount=Decimal("-1")))
    assert "fine_amount" in errors


def test_a_penalty_needs_its_standard_fields(clerk_a: User) -> None:
    errors = errors_of(clerk_a, penalty_data(violation_type="", penalty_basis="", tier=""))
    assert {"violation_type", "penalty_basis", "tier"} <= set(errors)


def test_a_licence_needs_its_certificate_number_content_and_validity(clerk_a: User) -> None:
    errors = errors_of(clerk_a, licence_data(licence_number="", valid_from=None, licence_state=""))
    assert {"licence_number", "valid_from", "licence_state"} <= set(errors)


def test_a_licence_valid_to_before_valid_from_is_rejected(clerk_a: User) -> None:
    today = timezone.localdate()
    errors = errors_of(clerk_a, licence_data(valid_from=today, valid_to=today - dt.timedelta(days=1)))
    assert list(errors) == ["valid_to"]


def test_an_other_act_needs_its_name(clerk_a: User) -> None:
    errors = errors_of(clerk_a, common_data(kind=ActionKind.OTHER))
    assert list(errors) == ["other_kind_name"]
    action = action_create(actor=clerk_a, data=common_data(kind=ActionKind.OTHER, other_kind_name="行政奖励"))
    assert action.other_kind_name == "行政奖励"


def test_a_decision_dated_tomorrow_is_rejected(clerk_a: User) -> None:
    errors = errors_of(clerk_a, penalty_data(decision_date=timezone.localdate() + dt.timedelta(days=1)))
    assert list(errors) == ["decision_date"]


def test_a_missing_decision_date_is_a_field_error_not_a_crash(clerk_a: User) -> None:
    errors = errors_of(clerk_a, penalty_data(decision_date=None))
    assert list(errors) == ["decision_date"]


def test_a_decision_dated_today_is_accepted(clerk_a: User) -> None:
    assert action_create(actor=clerk_a, data=penalty_data(decision_date=timezone.localdate())).pk


def test_a_document_number_is_unique_per_agency(clerk_a: User, clerk_b: User) -> None:
    data = penalty_data()
    action_create(actor=clerk_a, data=data)
    with pytest.raises(ValidationError):
        action_create(actor=clerk_a, data={**data, "counterparty_name": "另一家公司"})
    assert AdministrativeAction.objects.count() == 1
    # Another agency may use the same number.
    assert action_create(actor=clerk_b, data=data).agency == clerk_b.agency


def test_a_minor_penalty_is_internal_by_default(clerk_a: User) -> None:
    action = action_create(
        actor=clerk_a, data=penalty_data(tier="minor", penalty_categories=["warning"], fine_amount=None)
    )
    assert action.use_scope == UseScope.INTERNAL


def test_only_a_clerk_enters_actions(reviewer_a: User, stranger: User) -> None:
    for user in (reviewer_a, stranger):
        with pytest.raises(PermissionDenied):
            action_create(actor=user, data=penalty_data())
    assert not AdministrativeAction.objects.exists()


def test_an_update_revalidates_and_a_published_action_cannot_be_edited(clerk_a: User) -> None:
    action = action_create(actor=clerk_a, data=penalty_data())
    with pytest.raises(ValidationError):
        action_update(action=action, actor=clerk_a, data={"fine_amount": None})
    assert AdministrativeAction.objects.get(pk=action.pk).fine_amount == Decimal("2.5")
    AdministrativeAction.objects.filter(pk=action.pk).update(status=Status.PUBLISHED)
    action.refresh_from_db()
    with pytest.raises(PermissionDenied):
        action_update(action=action, actor=clerk_a, data={"remarks": "改"})
