"""The fulfilment of a published commitment (plan item 8; docs/lifecycles.md).

in progress → fulfilled | lawfully changed | breached; each outcome is final. A lawful change
needs its legal basis, the procedure followed and the compensation decided (a change of
government or of the responsible person is not a lawful reason: the commitment binds the
successors). A breach files, in the same transaction, a dishonesty record in the committing
agency's file and one in the responsible person's (responsibility tracing, plan items 12, 13),
through records' own services; the commitment keeps the links.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commitments.models import KIND_KEY_AREAS, Commitment, Fulfilment
from commitments.services import sharing
from core.services.audit import audit_record
from core.workflow import ConcurrentChange, Status, WorkflowError, item_submit
from integrity.lib.personal_data import find_personal_data
from records.models import Category, CreditRecord, Polarity, Tier
from records.services.records import personal_data_message, record_create

# Shown with the lawful-change form and in the error when the basis is missing (plan item 8).
NOT_A_LAWFUL_REASON = gettext_lazy(
    "A change of government or of the responsible person is not a lawful reason to change a commitment."
)
OUTCOME_LABELS: dict[str, Any] = {
    Fulfilment.FULFILLED: gettext_lazy("Record as fulfilled"),
    Fulfilment.CHANGED: gettext_lazy("Record a lawful change"),
    Fulfilment.BREACHED: gettext_lazy("Find a breach"),
}


def outcomes_for(user: Any, commitment: Commitment) -> list[str]:
    """The outcomes ``user`` may record now: the buttons to show, and no others."""
    if commitment.status != Status.PUBLISHED or commitment.fulfilment != Fulfilment.IN_PROGRESS:
        return []
    policy = commitment.policy
    return [o for o in OUTCOME_LABELS if policy.may_settle(user, commitment, o)]  # type: ignore[attr-defined]


def _check_date(on: dt.date | None, commitment: Commitment, errors: dict[str, list[str]]) -> None:
    if on is None:
        errors.setdefault("on", []).append(_("Give the date."))
    elif on > timezone.localdate():
        errors.setdefault("on", []).append(_("The date is in the future."))
    elif on < commitment.made_on:
        errors.setdefault("on", []).append(_("The date lies before the commitment was made."))


def _check_public_text(commitment: Commitment, fields: dict[str, str], errors: dict[str, list[str]]) -> None:
    names = commitment.personal_names()
    for field, text in fields.items():
        findings = find_personal_data(text, names)
        if findings:
            errors.setdefault(field, []).append(personal_data_message(text, findings))


def _settle(
    commitment: Commitment,
    *,
    actor: Any,
    outcome: str,
    on: dt.date | None,
    fields: dict[str, Any],
    check: Any = None,
    after: Any = None,
) -> Commitment:
    """Lock, check, move conditionally, audit, share; ``after`` runs on the locked row first."""
    with transaction.atomic():
        current = Commitment.objects.select_for_update().select_related("responsible_person").get(pk=commitment.pk)
        if not current.policy.may_settle(actor, current, outcome):  # type: ignore[attr-defined]
            raise PermissionDenied(
                _("Only the credit office can find a breach.")
                if outcome == Fulfilment.BREACHED
                else _("Only a reviewer of the committing agency or the credit office can do this.")
            )
        if current.status != Status.PUBLISHED or current.fulfilment != Fulfilment.IN_PROGRESS:
            raise WorkflowError(
                _("Only a published commitment in progress can be settled; this one is “%(state)s”.")
                % {
                    "state": current.get_fulfilment_display()
                    if current.status == Status.PUBLISHED
                    else current.get_status_display()
                }
            )
        errors: dict[str, list[str]] = {}
        _check_date(on, current, errors)
        if check is not None:
            check(current, errors)
        if errors:
            raise ValidationError(errors)
        links = after(current) if after is not None else {}
        written = Commitment.objects.filter(
            pk=current.pk, status=Status.PUBLISHED, fulfilment=Fulfilment.IN_PROGRESS
        ).update(fulfilment=outcome, settled_on=on, settled_by=actor, **fields, **links)
        if not written:
            raise ConcurrentChange
        current.refresh_from_db()
        audit_record(
            action=f"commitments.commitment.{outcome}",
            actor=actor,
            obj=current,
            from_state=Fulfilment.IN_PROGRESS,
            to_state=outcome,
            reason=fields.get("outcome_note", ""),
            data={"on": on.isoformat() if on else None, **{k: v.pk for k, v in links.items()}},
        )
        sharing.commitment_share(current, event=sharing.Event.SETTLED)
    commitment.refresh_from_db()
    return commitment


def commitment_fulfil(*, commitment: Commitment, actor: Any, on: dt.date | None, note: str) -> Commitment:
    def check(current: Commitment, errors: dict[str, list[str]]) -> None:
        if not note.strip():
            errors.setdefault("note", []).append(_("Say how the commitment was fulfilled."))
        _check_public_text(current, {"note": note}, errors)

    return _settle(
        commitment, actor=actor, outcome=Fulfilment.FULFILLED, on=on, fields={"outcome_note": note}, check=check
    )


def commitment_change(
    *,
    commitment: Commitment,
    actor: Any,
    on: dt.date | None,
    legal_basis: str,
    procedure: str,
    compensation: str,
    note: str = "",
) -> Commitment:
    """Record a lawful change; the legal basis, the procedure and the compensation are all required."""
    given = {"legal_basis": legal_basis, "procedure": procedure, "compensation": compensation, "note": note}

    def check(current: Commitment, errors: dict[str, list[str]]) -> None:
        if not legal_basis.strip():
            errors.setdefault("legal_basis", []).append(
                _("Give the legal basis of the change.") + " " + str(NOT_A_LAWFUL_REASON)
            )
        if not procedure.strip():
            errors.setdefault("procedure", []).append(_("Describe the procedure followed."))
        if not compensation.strip():
            errors.setdefault("compensation", []).append(
                _("State the compensation decided for the counterparties (or that none is owed, and why).")
            )
        _check_public_text(current, given, errors)

    return _settle(
        commitment,
        actor=actor,
        outcome=Fulfilment.CHANGED,
        on=on,
        fields={
            "change_legal_basis": legal_basis,
            "change_procedure": procedure,
            "change_compensation": compensation,
            "outcome_note": note,
        },
        check=check,
    )


def commitment_breach(
    *, commitment: Commitment, actor: Any, on: dt.date | None, facts: str, tier: str = Tier.GENERAL
) -> Commitment:
    """Find a breach: two dishonesty records (agency, responsible person) enter records' review
    workflow as submitted, linked from the commitment, all in one transaction."""

    def check(current: Commitment, errors: dict[str, list[str]]) -> None:
        if not facts.strip():
            errors.setdefault("facts", []).append(_("Describe the facts of the breach."))
        if tier not in Tier.values:
            errors.setdefault("tier", []).append(_("Choose the tier of the dishonesty."))
        _check_public_text(current, {"facts": facts}, errors)

    def trace(current: Commitment) -> dict[str, CreditRecord]:
        assert on is not None  # checked above
        common = {
            "polarity": Polarity.DISHONEST,
            "tier": tier,
            "key_areas": [KIND_KEY_AREAS[current.kind]],
            "decision_date": on,
            "document_number": current.document_number,
            "summary": _("Breach of the commitment “%(title)s”: %(facts)s") % {"title": current.title, "facts": facts},
        }
        against_agency = record_create(
            actor=actor,
            data={**common, "subject_agency": current.agency, "category": Category.CONTRACT_FULFILMENT},
        )
        against_person = record_create(
            actor=actor,
            data={**common, "civil_servant": current.responsible_person, "category": Category.ACCOUNTABILITY},
        )
        for record in (against_agency, against_person):
            item_submit(item=record, actor=actor)  # to another reviewer: four eyes on every dishonesty record
        return {"breach_agency_record": against_agency, "breach_person_record": against_person}

    return _settle(
        commitment,
        actor=actor,
        outcome=Fulfilment.BREACHED,
        on=on,
        fields={"outcome_note": facts},
        check=check,
        after=trace,
    )
