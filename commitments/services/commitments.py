"""Entering, editing and moving commitments through the review workflow.

The rules a commitment obeys are in `check_commitment`, which the model's `clean()` calls, so
the admin form, the staff API and the services give the same field errors. Its targets,
milestones and counterparties are entered with it and replaced as a whole while it is a draft
or returned (nothing refers to them before publication). Moves go through
`core.workflow.item_move` in a durable transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.models import Commitment, Counterparty, Milestone, Target
from commitments.services import sharing
from commitments.services.clocks import EARLIEST, record_late_publication, stamp_due
from core.models import CivilServant
from core.services.audit import audit_record
from core.workflow import EDITABLE_STATUSES, entry_data, item_move
from integrity.lib.personal_data import find_personal_data
from records.services.records import personal_data_message

# The fields a person types for each part, in form order.
PART_FIELDS: dict[str, tuple[str, ...]] = {
    "counterparties": ("name", "uscc"),
    "targets": ("description", "value", "unit", "baseline", "deadline"),
    "milestones": ("title", "due_on"),
}
PART_MODELS: dict[str, type[models.Model]] = {
    "counterparties": Counterparty,
    "targets": Target,
    "milestones": Milestone,
}

Parts = Mapping[str, Iterable[Mapping[str, Any]] | None]


def check_commitment(commitment: Commitment) -> None:
    """Derive the owning agency and the publication due date, and validate; raises
    ValidationError with messages by field. Called by `Commitment.clean()`."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: Any) -> None:
        errors.setdefault(field, []).append(str(message))

    if commitment.committing_agency_id is not None:
        commitment.agency_id = commitment.committing_agency_id
    person_agency = (
        CivilServant.objects.filter(pk=commitment.responsible_person_id).values_list("agency_id", flat=True).first()
        if commitment.responsible_person_id
        else None
    )
    if (
        person_agency is not None
        and commitment.committing_agency_id
        and person_agency != commitment.committing_agency_id
    ):
        add("responsible_person", _("The responsible person must be a civil servant of the committing agency."))
    made = commitment.made_on
    if made is not None and made > timezone.localdate():
        add("made_on", _("The date the commitment was made is in the future."))
    elif made is not None and made < EARLIEST:
        add("made_on", _("The date the commitment was made is before 1 October 1949."))
    names = commitment.personal_names() if person_agency is not None else []
    for name in commitment.FREE_TEXT_FIELDS:
        text = getattr(commitment, name) or ""
        findings = find_personal_data(text, names)
        if findings:
            add(name, personal_data_message(text, findings))
    stamp_due(commitment)
    if errors:
        raise ValidationError(errors)


def _check_may_edit(commitment: Commitment, actor: Any) -> None:
    if not commitment.policy.may_enter(actor, commitment):
        raise PermissionDenied(_("Only a clerk of the committing agency or the credit office can enter this."))
    if commitment.status not in EDITABLE_STATUSES:
        raise PermissionDenied(_("Only a draft or a returned commitment can be edited."))


def _build_parts(commitment: Commitment, parts: Parts) -> dict[str, list[models.Model]]:
    """The rows of each given part as unsaved instances, validated; ValidationError by part."""
    built: dict[str, list[models.Model]] = {}
    errors: dict[str, list[str]] = {}
    for part, rows in parts.items():
        if rows is None:
            continue
        if part not in PART_MODELS:
            raise ValidationError({part: [_("Unknown part.")]})
        model, allowed = PART_MODELS[part], PART_FIELDS[part]
        instances = []
        for number, row in enumerate(rows, start=1):
            refused = sorted(set(row) - set(allowed))
            if refused:
                errors.setdefault(part, []).append(
                    _("Row %(n)d: these fields cannot be set here: %(fields)s.")
                    % {"n": number, "fields": ", ".join(refused)}
                )
                continue
            instance = model(commitment=commitment, **row)
            try:
                instance.full_clean(exclude=["commitment"], validate_constraints=False)
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    errors.setdefault(part, []).append(
                        _("Row %(n)d, %(field)s: %(message)s")
                        % {"n": number, "field": field, "message": " ".join(messages)}
                    )
                continue
            instances.append(instance)
        built[part] = instances
    counterparties = built.get("counterparties", [])
    codes = [c.uscc.strip().upper() for c in counterparties]  # type: ignore[attr-defined]
    if len(set(codes)) != len(codes):
        errors.setdefault("counterparties", []).append(_("A company is listed twice."))
    made = commitment.made_on
    for part, field in (("milestones", "due_on"), ("targets", "deadline")):
        for number, instance in enumerate(built.get(part, []), start=1):
            when = getattr(instance, field)
            if made is not None and when is not None and when < made:
                errors.setdefault(part, []).append(
                    _("Row %(n)d: the date lies before the commitment was made.") % {"n": number}
                )
    if errors:
        raise ValidationError(errors)
    return built


def _replace_parts(commitment: Commitment, built: dict[str, list[models.Model]]) -> None:
    for part, instances in built.items():
        model = PART_MODELS[part]
        model._default_manager.filter(commitment=commitment).delete()
        for instance in instances:
            if isinstance(instance, Counterparty):
                instance.uscc = instance.uscc.strip().upper()
        model._default_manager.bulk_create(instances)


# Not durable: the admin runs save_model inside its own request transaction.
@transaction.atomic
def commitment_create(*, actor: Any, data: dict[str, Any], parts: Parts | None = None) -> Commitment:
    commitment = Commitment(**entry_data(Commitment, data))
    commitment.created_by = commitment.last_edited_by = actor
    commitment.full_clean(exclude=["agency"], validate_constraints=False)  # derives the owning agency
    if not commitment.policy.may_enter(actor, commitment):
        raise PermissionDenied(_("Only a clerk of the committing agency or the credit office can enter this."))
    built = _build_parts(commitment, parts or {})
    commitment.save()
    _replace_parts(commitment, built)
    audit_record(
        action="commitments.commitment.create",
        actor=actor,
        obj=commitment,
        to_state=commitment.status,
        data={"parts": {part: len(rows) for part, rows in built.items()}},
    )
    return commitment


@transaction.atomic
def commitment_update(
    *, commitment: Commitment, actor: Any, data: dict[str, Any], parts: Parts | None = None
) -> Commitment:
    """Apply an edit to a draft or returned commitment; parts given are replaced whole."""
    fields = entry_data(Commitment, data)
    current = Commitment.objects.select_for_update().get(pk=commitment.pk)
    _check_may_edit(current, actor)
    changed = sorted(k for k, v in fields.items() if getattr(current, _attname(k)) != _pk_of(v))
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean(exclude=["agency"], validate_constraints=False)
    _check_may_edit(current, actor)  # a new committing agency may not be the actor's
    built = _build_parts(current, parts or {})
    if not changed and not built:
        return current
    current.last_edited_by = actor  # four eyes: the editor may not publish what they wrote
    current.save()
    _replace_parts(current, built)
    audit_record(
        action="commitments.commitment.update",
        actor=actor,
        obj=current,
        data={"fields": changed, "parts": sorted(built)},
    )
    return current


@transaction.atomic
def commitment_parts_replace(*, commitment: Commitment, actor: Any, parts: Parts) -> Commitment:
    """Replace the given parts of a draft or returned commitment (the admin's inlines)."""
    current = Commitment.objects.select_for_update().get(pk=commitment.pk)
    _check_may_edit(current, actor)
    built = _build_parts(current, parts)
    _replace_parts(current, built)
    audit_record(
        action="commitments.commitment.parts",
        actor=actor,
        obj=current,
        data={"parts": {part: len(rows) for part, rows in built.items()}},
    )
    return current


def _attname(name: str) -> str:
    field = Commitment._meta.get_field(name)
    return getattr(field, "attname", name)


def _pk_of(value: Any) -> Any:
    return value.pk if hasattr(value, "_meta") else value


def commitment_move(item: Commitment, *, move: str, actor: Any, reason: str = "") -> Commitment:
    """Every person's review move (admin buttons, bulk actions, the staff API), in a durable
    transaction with what follows: a late publication is a fact against the agency, and the
    city platform hears of a publication or a revocation (the sharing hook)."""
    spec = item.moves.get(move)
    if spec is not None and spec.by_system:
        raise PermissionDenied(_("Only the system makes this move."))
    after = {"publish": _after_publish, "revoke": _after_revoke}.get(move)
    with transaction.atomic(durable=True):
        return item_move(item, move=move, actor=actor, reason=reason, after=after)


def _after_publish(commitment: Commitment) -> None:
    published = timezone.localdate(commitment.published_at) if commitment.published_at else timezone.localdate()
    if commitment.due_on is not None and published > commitment.due_on:
        record_late_publication(commitment, occurred_on=commitment.due_on + dt.timedelta(days=1))
    sharing.commitment_share(commitment, event=sharing.Event.PUBLISHED)


def _after_revoke(commitment: Commitment) -> None:
    sharing.commitment_share(commitment, event=sharing.Event.WITHDRAWN)
