"""Commitments go to the city credit platform through the core outbox, in the transaction of the change."""

from __future__ import annotations

import pytest
from django.utils import timezone

from commitments.models import Commitment
from commitments.services.commitments import commitment_move
from commitments.services.fulfilment import commitment_fulfil
from core.models import Agency, CivilServant, SharingMessage, User
from tests.commitments.conftest import make_commitment

pytestmark = pytest.mark.django_db


def _messages(c: Commitment) -> list[tuple[str, str]]:
    rows = SharingMessage.objects.filter(subject_type="commitments.commitment", subject_id=str(c.pk))
    return list(rows.order_by("pk").values_list("kind", "idempotency_key"))


def test_a_draft_or_a_submission_shares_nothing(clerk_a: User, agency_a: Agency, person_a: CivilServant) -> None:
    c = make_commitment(clerk_a, agency_a, person_a)
    commitment_move(c, move="submit", actor=clerk_a)
    assert _messages(c) == []


def test_publication_outcome_and_revocation_each_write_one_message(published: Commitment, reviewer_a: User) -> None:
    commitment_fulfil(commitment=published, actor=reviewer_a, on=timezone.localdate(), note="已兑现")
    key = f"commitments.commitment:{published.pk}"
    assert _messages(published) == [("publish", f"{key}:publish"), ("correct", f"{key}:correct:fulfilled")]


def test_the_payload_names_companies_but_never_the_responsible_person(
    published: Commitment, person_a: CivilServant
) -> None:
    message = SharingMessage.objects.get(subject_id=str(published.pk), kind="publish")
    data = message.payload["data"]
    assert data["committing_agency"]["uscc"] == published.committing_agency.uscc
    assert [c["uscc"] for c in data["counterparties"]] == list(
        published.counterparties.order_by("pk").values_list("uscc", flat=True)
    )
    text = str(message.payload)
    assert person_a.name not in text
    assert person_a.id_number not in text
    assert "responsible" not in text
