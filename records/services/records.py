"""Entering, editing and moving credit records through the review workflow.

The rules a record obeys are in `check_record`, which the model's `clean()` calls, so the
admin form, the staff API and the services give the same field errors. Edits use optimistic
locking (`version`); moves go through `core.workflow.item_move` in a durable transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import CivilServant
from core.services.audit import audit_record
from core.services.sharing import Kind as SharingKind
from core.services.takedowns import TakedownReason
from core.workflow import EDITABLE_STATUSES, ConcurrentChange, Status, WorkflowError, entry_data, item_expire, item_move
from integrity.lib.errors import Conflict
from integrity.lib.personal_data import Finding, find_personal_data, mask_personal_data
from records.models import (
    AGENCY_CATEGORIES,
    CIVIL_SERVANT_CATEGORIES,
    CreditRecord,
    KeyArea,
    Polarity,
    RecordTakedown,
    Tier,
    UseScope,
)
from records.services import periods
from records.services.sharing import record_share

# Stored from the entry fields by `check_record`; written together with them on an edit.
DERIVED_FIELDS = ("agency", "use_scope", "public_until", "min_public_until", "influence_until")

FINDING_LABELS = {
    "id_number": gettext_lazy("an ID number"),
    "mobile": gettext_lazy("a mobile number"),
    "name": gettext_lazy("the person's full name"),
}


def personal_data_message(text: str, findings: list[Finding]) -> str:
    # The same wording as disclosure's entry check (R-P), which records may not import.
    found = "、".join(f"{FINDING_LABELS[f.kind]} “{f.text}”" for f in findings)
    names = [f.text for f in findings if f.kind == "name"]
    return _(
        "Contains personal data that would be published: %(found)s. Remove it, or write the text as: %(masked)s"
    ) % {"found": found, "masked": mask_personal_data(text, names)}


def default_use_scope(record: CreditRecord) -> str:
    """A civil servant's records are shared internally unless a clerk chooses otherwise; a
    minor dishonesty item is not public unless a publicity period is chosen for it."""
    if record.civil_servant_id is not None:
        return UseScope.INTERNAL
    if record.polarity == Polarity.DISHONEST and record.tier == Tier.MINOR and not record.publicity_months:
        return UseScope.INTERNAL
    return UseScope.PUBLIC


def check_record(record: CreditRecord) -> None:
    """Derive the stored fields (owning agency, default scope, periods) and validate;
    raises ValidationError with messages by field. Called by `CreditRecord.clean()`."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: Any) -> None:
        errors.setdefault(field, []).append(str(message))

    agency_id, person_id = record.subject_agency_id, record.civil_servant_id
    by_agency, by_person = agency_id is not None, person_id is not None
    if by_agency and by_person:
        add("civil_servant", _("A record is about one agency or one civil servant, not both."))
    elif agency_id is None and person_id is None:
        add("subject_agency", _("Choose the agency or the civil servant this record is about."))
    elif agency_id is not None:
        record.agency_id = agency_id
    elif person_id is not None:
        owner = CivilServant.objects.filter(pk=person_id).values_list("agency_id", flat=True).first()
        if owner is None:  # clean_fields reports the unknown id; nothing to derive from
            by_person = False
        else:
            record.agency_id = owner

    if record.category and (by_agency or by_person):
        allowed = CIVIL_SERVANT_CATEGORIES if by_person else AGENCY_CATEGORIES
        if record.category not in allowed:
            add("category", _("This category belongs to the other kind of file."))

    dishonest = record.polarity == Polarity.DISHONEST
    if dishonest and not record.tier:
        add("tier", _("A dishonesty record needs its tier."))
    if not dishonest and record.tier:
        add("tier", _("Only a dishonesty record has a tier."))

    areas = record.key_areas
    if not isinstance(areas, list) or not all(isinstance(a, str) for a in areas):
        add("key_areas", _("Give the key areas as a list."))
    else:
        unknown = sorted(set(areas) - set(KeyArea.values))
        if unknown:
            add("key_areas", _("Unknown key area: %(value)s.") % {"value": ", ".join(unknown)})
        elif len(set(areas)) != len(areas):
            add("key_areas", _("A key area is listed twice."))

    months = record.publicity_months
    if months is not None and not dishonest:
        add("publicity_months", _("Only a dishonesty record has a publicity period."))
    elif months is not None and record.tier in periods.PUBLICITY_MONTHS:
        least, most = periods.PUBLICITY_MONTHS[record.tier]
        if not least <= months <= most:
            add(
                "publicity_months",
                _("For this tier the publicity period is %(least)d to %(most)d months.")
                % {"least": least, "most": most},
            )

    if not record.use_scope:
        record.use_scope = default_use_scope(record)
    public = record.use_scope == UseScope.PUBLIC
    if public and dishonest and record.tier == Tier.MINOR and not months:
        add("publicity_months", _("A minor dishonesty record is public only for a chosen period of 1 to 3 months."))

    if record.sanction_kind and not by_person:
        add("sanction_kind", _("Only a civil servant's record carries a sanction with an influence period."))
    if record.sanction_kind and not dishonest:
        add("sanction_kind", _("A sanction belongs to a dishonesty record."))
    if record.sanction_effective_on and not record.sanction_kind:
        add("sanction_effective_on", _("Choose the sanction first."))

    today = timezone.localdate()
    if record.decision_date and record.decision_date > today:
        add("decision_date", _("The decision date is in the future."))

    if public and "civil_servant" not in errors:
        names = record.personal_names() if by_person else []
        for name in record.FREE_TEXT_FIELDS:
            text = getattr(record, name) or ""
            findings = find_personal_data(text, names)
            if findings:
                add(name, personal_data_message(text, findings))

    stamp_periods(record)
    if errors:
        raise ValidationError(errors)


def stamp_periods(record: CreditRecord) -> None:
    """Store the periods the entry fields imply (docs/deadlines.md, "Records")."""
    decided = record.decision_date
    record.public_until = record.min_public_until = record.influence_until = None
    if decided is None:
        return
    if record.polarity == Polarity.DISHONEST and record.tier:
        record.min_public_until = periods.min_public_until(decided, record.tier)
        if record.use_scope == UseScope.PUBLIC:
            record.public_until = periods.public_until(decided, record.tier, record.publicity_months)
    if record.sanction_kind:
        if record.sanction_effective_on is None:
            record.sanction_effective_on = decided  # a sanction takes effect when decided unless told
        record.influence_until = periods.influence_until(record.sanction_kind, record.sanction_effective_on)


class RecordConflict(Conflict):
    """The record changed after the editor read it (optimistic locking)."""

    default_field = "version"

    def __init__(self, current: CreditRecord) -> None:
        super().__init__(
            _(
                "Someone else changed this record after you opened it (it is now at version %(version)d). "
                "What you typed is kept: compare it with the current record and save again."
            )
            % {"version": current.version}
        )
        self.current = current


# Not durable: the admin runs save_model inside its own request transaction.
@transaction.atomic
def record_create(*, actor: Any, data: dict[str, Any]) -> CreditRecord:
    record = CreditRecord(**entry_data(CreditRecord, data))
    record.created_by = record.last_edited_by = actor
    record.full_clean(exclude=["agency"], validate_constraints=False)  # derives the owning agency for the policy
    if not record.policy.may_enter(actor, record):
        raise PermissionDenied(_("Only a clerk of the subject's agency or the credit office can enter this record."))
    record.save()
    audit_record(action="records.creditrecord.create", actor=actor, obj=record, to_state=record.status)
    return record


@transaction.atomic
def record_update(*, record: CreditRecord, actor: Any, data: dict[str, Any], version: int) -> CreditRecord:
    """Apply an edit made on ``version`` of the record; an edit of an older version is a
    `RecordConflict` (409), never a silent overwrite."""
    fields = entry_data(CreditRecord, data)
    current = CreditRecord.objects.select_for_update().get(pk=record.pk)
    if current.version != version:
        raise RecordConflict(current)
    _check_may_edit(current, actor)
    changed = {k: v for k, v in fields.items() if _value(current, k) != _value_of(k, v)}
    if not changed:
        return current
    for name, value in changed.items():
        setattr(current, name, value)
    current.last_edited_by = actor  # four eyes: the editor may not publish what they wrote
    current.full_clean(exclude=["agency"], validate_constraints=False)  # agency: derived
    _check_may_edit(current, actor)  # the new subject may belong to another agency
    columns = {_attname(n) for n in (*CreditRecord.ENTRY_FIELDS, *DERIVED_FIELDS)}
    values = {c: getattr(current, c) for c in columns}
    written = CreditRecord.objects.filter(pk=current.pk, version=version, status__in=EDITABLE_STATUSES).update(
        **values, last_edited_by=actor, version=version + 1
    )
    if not written:  # only possible if the row changed under a database that does not lock rows
        raise RecordConflict(CreditRecord.objects.get(pk=current.pk))
    current.version = version + 1
    audit_record(action="records.creditrecord.update", actor=actor, obj=current, data={"fields": sorted(changed)})
    return current


# What an answer to an objection may correct on a published record (the rest stands or is revoked).
CORRECTABLE_FIELDS = ("summary", "document_number")


def record_correct(*, record: CreditRecord, actor: Any, data: dict[str, Any], reason: str) -> CreditRecord:
    """A new version of a published record, corrected after an objection (plan item 9).

    Not an edit through the review workflow: the reviewer answering the objection decides the
    correction, which takes effect at once. Runs in the caller's transaction; the audit event
    carries each changed field's old and new text and the reason.
    """
    unknown = set(data) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise ValidationError({name: [_("This field cannot be corrected.")] for name in sorted(unknown)})
    current = CreditRecord.objects.select_for_update().get(pk=record.pk)
    if current.is_automatic:
        raise PermissionDenied(_("A record the portal wrote from an integrity fact cannot be edited."))
    changes = {k: {"from": getattr(current, k), "to": v} for k, v in data.items() if getattr(current, k) != v}
    if not changes:
        raise ValidationError({"summary": [_("The correction changes nothing.")]})
    for name, value in data.items():
        setattr(current, name, value)
    current.full_clean(exclude=["agency"], validate_constraints=False)  # the same rules as an entry (R-P)
    CreditRecord.objects.filter(pk=current.pk).update(
        **{k: getattr(current, k) for k in data}, last_edited_by=actor, version=current.version + 1
    )
    current.version += 1
    audit_record(
        action="records.creditrecord.correct",
        actor=actor,
        obj=current,
        from_state=current.status,
        to_state=current.status,
        reason=reason,
        data={"changes": changes, "version": current.version},
    )
    return current


def _value(record: CreditRecord, name: str) -> Any:
    return getattr(record, _attname(name))


def _attname(name: str) -> str:
    field = CreditRecord._meta.get_field(name)
    assert isinstance(field, Field)  # entry and derived fields are concrete columns
    return field.attname


def _value_of(name: str, value: Any) -> Any:
    return value.pk if hasattr(value, "_meta") else value


def _check_may_edit(record: CreditRecord, actor: Any) -> None:
    if record.is_automatic:
        raise PermissionDenied(_("A record the portal wrote from an integrity fact cannot be edited."))
    if not record.policy.may_enter(actor, record):
        raise PermissionDenied(_("Only a clerk of the record's agency or the credit office can edit it."))
    if record.status not in EDITABLE_STATUSES:
        raise PermissionDenied(_("Only a draft or a returned record can be edited."))


def record_move(item: CreditRecord, *, move: str, actor: Any, reason: str = "") -> CreditRecord:
    """Every person's move on a record (admin buttons, bulk actions, the staff API).

    A durable transaction: the move, its audit event and what follows (a revoked record
    leaves the public site) commit together or not at all.
    """
    spec = item.moves.get(move)
    if spec is not None and spec.by_system:
        # core's item_move lets any caller make a system move; a person never may (the sweep calls item_expire).
        raise PermissionDenied(_("Only the system makes this move."))
    afters: dict[str, Any] = {"revoke": lambda record: _after_revoke(record, actor), "publish": _after_publish}
    after = afters.get(move)
    with transaction.atomic(durable=True):
        return item_move(item, move=move, actor=actor, reason=reason, after=after)


def _after_publish(record: CreditRecord) -> None:
    record_share(record, kind=SharingKind.PUBLISH)  # the city platform learns of it, same transaction
    # the bodies the plan names are told once, after commit; the sweep catches a broker outage.
    if record.polarity == Polarity.DISHONEST:
        from records.services.notices import record_notices_enqueue

        transaction.on_commit(lambda: record_notices_enqueue(record.pk))


def _after_revoke(record: CreditRecord, actor: Any) -> None:
    from records.services.sanctions import sanctions_lift  # sanctions import this module

    record_withdraw(record, reason=TakedownReason.REVOKED)
    sanctions_lift(record=record, reason=record.revoke_reason, actor=actor)


def record_withdraw(record: CreditRecord, *, reason: TakedownReason, actor: Any = None, note: str = "") -> None:
    """A record stops counting in public and at the city platform: off the public site (if it
    was up) and a withdrawal for the platform (if it was shared); in the caller's transaction."""
    record_take_down(record, reason=reason, actor=actor, note=note)
    record_share(record, kind=SharingKind.WITHDRAW, reason=str(reason))


def record_take_down(record: CreditRecord, *, reason: TakedownReason, actor: Any = None, note: str = "") -> bool:
    """Take a published public record off the public site and log it; False if it was not up.

    The one way down (revocation, expiry, a takedown another app asks for); runs in the
    caller's transaction.
    """
    if record.use_scope != UseScope.PUBLIC or record.published_at is None:
        return False
    moved = CreditRecord.objects.filter(pk=record.pk, left_public_at__isnull=True).update(left_public_at=timezone.now())
    if not moved:
        return False
    RecordTakedown.objects.get_or_create(record=record, defaults={"reason": reason})
    audit_record(
        action="records.creditrecord.take_down",
        actor=actor,
        obj=record,
        from_state=record.status,
        to_state=record.status,
        reason=note or str(TakedownReason(reason).label),
        data={"takedown_reason": str(reason)},
    )
    return True


def takedown_handler(obj: Any, *, reason: TakedownReason, actor: Any = None, note: str = "") -> None:
    """Subscribed to `core.services.takedowns` in RecordsConfig.ready(). A repaired record's
    sanctions are lifted with it (docs/lifecycles.md, "Repair")."""
    record_withdraw(obj, reason=reason, actor=actor, note=note)
    if reason == TakedownReason.REPAIRED:
        from records.services.sanctions import sanctions_lift

        sanctions_lift(record=obj, reason=note or str(TakedownReason.REPAIRED.label), actor=actor)


def record_takedown_sweep(*, today: dt.date) -> int:
    """Expire every public record whose publicity period ended before ``today``; the
    `public()` filter already hides it, this moves it and writes the takedown log."""
    ended = CreditRecord.objects.published().filter(
        use_scope=UseScope.PUBLIC, published_at__isnull=False, public_until__lt=today
    )
    count = 0
    for record in ended:
        try:
            with transaction.atomic(durable=True):
                item_expire(
                    item=record,
                    reason=f"public_until {record.public_until}",
                    after=lambda item: record_withdraw(item, reason=TakedownReason.EXPIRED),
                )
        except (ConcurrentChange, WorkflowError):
            continue  # another worker expired or revoked it first
        count += 1
    return count


__all__ = [
    "RecordConflict",
    "Status",
    "check_record",
    "record_correct",
    "record_create",
    "record_move",
    "record_take_down",
    "record_takedown_sweep",
    "record_update",
    "record_withdraw",
]
