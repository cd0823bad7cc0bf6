"""Sanctions (惩戒措施, plan item 5) on dishonesty records: entering, editing, completing with
evidence, and lifting when the record is revoked or repaired.

The rules a sanction obeys are in `check_sanction`, which the model's `clean()` calls, so the
admin form, the staff API and these services give the same field errors. Who may enter or
edit a sanction is who may enter its record (`RecordsPolicy.may_enter`: a clerk of the
record's agency, the credit office). Edits use optimistic locking (`version`), like records.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services.audit import audit_record
from core.workflow import Status, entry_data
from integrity.lib.errors import ApplicationError, Conflict
from integrity.lib.personal_data import find_personal_data
from records.models import Category, CreditRecord, Evidence, Measure, Polarity, Sanction
from records.services.evidence import evidence_attach
from records.services.records import personal_data_message

Kind = Sanction.Kind
# A record in these states takes no new measures: revoked lifts them, expired is history.
CLOSED_RECORD_STATUSES = frozenset({Status.REVOKED, Status.EXPIRED})


class SanctionConflict(Conflict):
    """The sanction changed after the editor read it (optimistic locking)."""

    default_field = "version"

    def __init__(self, current: Sanction) -> None:
        super().__init__(
            _(
                "Someone else changed this sanction after you opened it (it is now at version %(version)d). "
                "What you typed is kept: compare it with the current sanction and save again."
            )
            % {"version": current.version}
        )
        self.current = current


def check_sanction(sanction: Sanction) -> None:
    """Derive the stored fields (owning agency, start date, the debtor's restrictions) and
    validate; raises ValidationError with messages by field."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: Any) -> None:
        errors.setdefault(field, []).append(str(message))

    record = CreditRecord.objects.filter(pk=sanction.record_id).first() if sanction.record_id else None
    if record is None:
        if sanction.record_id is None:
            raise ValidationError({"record": [_("Choose the dishonesty record this measure belongs to.")]})
        return  # clean_fields reports the unknown id; nothing to derive from
    sanction.agency_id = record.agency_id
    if record.polarity != Polarity.DISHONEST:
        add("record", _("Sanctions are taken only on dishonesty records."))
    if record.status in CLOSED_RECORD_STATUSES:
        add("record", _("This record is revoked or expired; it takes no further measures."))
    if sanction.active_from is None:
        sanction.active_from = record.decision_date  # in force from the decision unless told

    kind = sanction.kind
    due_kind = kind in Sanction.DUE_KINDS
    if due_kind and sanction.due_on is None:
        add("due_on", _("Give the date by which it must be done."))
    if not due_kind:
        for name in ("due_on", "completed_on"):
            if getattr(sanction, name) is not None:
                add(name, _("Only a written explanation or a rectification has a deadline and a completion date."))
        if sanction.completion_note:
            add("completion_note", _("Only a written explanation or a rectification is completed."))
    if kind == Kind.AWARD_INELIGIBILITY and sanction.active_until is None:
        add("active_until", _("Give the date until which the agency or person may not receive awards."))
    if kind == Kind.PUBLIC_CRITICISM and not sanction.notice_text.strip():
        add("notice_text", _("Give the text of the public criticism."))
    if kind != Kind.PUBLIC_CRITICISM and sanction.notice_text:
        add("notice_text", _("Only a public criticism has a notice text."))

    measures = sanction.measures
    if kind == Kind.JUDGMENT_DEBTOR:
        if record.subject_agency_id is None or record.category != Category.JUDGMENT:
            add("kind", _("These restrictions apply to an agency's judgment record (失信被执行人) only."))
        if not isinstance(measures, list) or not all(isinstance(m, str) for m in measures):
            add("measures", _("Give the restrictions as a list."))
        else:
            unknown = sorted(set(measures) - set(Measure.values))
            if unknown:
                add("measures", _("Unknown restriction: %(value)s.") % {"value": ", ".join(unknown)})
            elif len(set(measures)) != len(measures):
                add("measures", _("A restriction is listed twice."))
            elif not measures:
                sanction.measures = list(Measure.values)  # plan item 5 names all four
    elif measures:
        add("measures", _("Only a dishonest judgment debtor has these restrictions."))

    start = sanction.active_from
    if start and sanction.active_until and sanction.active_until < start:
        add("active_until", _("The end lies before the start."))
    if start and sanction.due_on and sanction.due_on < start:
        add("due_on", _("The deadline lies before the start."))
    today = timezone.localdate()
    if sanction.completed_on is not None:
        if sanction.completed_on > today:
            add("completed_on", _("The completion date is in the future."))
        elif start and sanction.completed_on < start:
            add("completed_on", _("The completion date lies before the start."))

    if kind == Kind.PUBLIC_CRITICISM:  # a public notice: no personal data in it (R-P)
        names = record.personal_names()
        for name in Sanction.FREE_TEXT_FIELDS:
            text = getattr(sanction, name) or ""
            findings = find_personal_data(text, names)
            if findings:
                add(name, personal_data_message(text, findings))
    if errors:
        raise ValidationError(errors)


def _check_may_enter(sanction: Sanction, actor: Any) -> None:
    record = CreditRecord.objects.select_related("agency").get(pk=sanction.record_id)
    if not record.policy.may_enter(actor, record):
        raise PermissionDenied(_("Only a clerk of the record's agency or the credit office can enter its sanctions."))


def _check_completion(sanction: Sanction, upload: Any) -> None:
    """A rectification is done only with the evidence that it was (plan item 5)."""
    if sanction.kind != Kind.RECTIFICATION or sanction.completed_on is None or upload:
        return
    if sanction.pk is None or not Evidence.objects.filter(sanction_id=sanction.pk).exists():
        raise ValidationError({"completed_on": [_("Attach the evidence that the rectification was done.")]})


def _validate(sanction: Sanction) -> None:
    sanction.full_clean(exclude=["agency", "active_from"], validate_constraints=False)


@transaction.atomic
def sanction_create(*, actor: Any, data: dict[str, Any], upload: Any = None) -> Sanction:
    """Enter one measure on a dishonesty record; ``upload`` is an evidence file (for a
    rectification entered as done, the evidence it was)."""
    sanction = Sanction(**entry_data(cast(Any, Sanction), data))
    sanction.created_by = actor
    _validate(sanction)
    _check_may_enter(sanction, actor)
    _check_completion(sanction, upload)
    sanction.save()
    audit_record(
        action="records.sanction.create",
        actor=actor,
        obj=sanction,
        to_state=sanction.state(),
        data={"record_id": sanction.record_id, "kind": sanction.kind},
    )
    if upload:
        evidence_attach(record=sanction.record, actor=actor, upload=upload, sanction=sanction)
    return sanction


@transaction.atomic
def sanction_update(
    *, sanction: Sanction, actor: Any, data: dict[str, Any], version: int, upload: Any = None
) -> Sanction:
    """Apply an edit made on ``version``; an edit of an older version is a `SanctionConflict`
    (409). Setting the completion date completes it (audited as such)."""
    fields = entry_data(cast(Any, Sanction), data)
    current = Sanction.objects.select_for_update().get(pk=sanction.pk)
    if current.version != version:
        raise SanctionConflict(current)
    _check_may_enter(current, actor)
    if current.lifted_at is not None:
        raise ApplicationError(_("This sanction was lifted; it can no longer be changed."), field="kind")
    if "record" in fields and _value_of(fields["record"]) != current.record_id:
        raise ValidationError({"record": [_("A sanction stays with the record it was entered on.")]})
    changed = {k: v for k, v in fields.items() if getattr(current, _attname(k)) != _value_of(v)}
    if not changed and not upload:
        return current
    was_completed = current.completed_on is not None
    for name, value in changed.items():
        setattr(current, name, value)
    _validate(current)
    _check_completion(current, upload)
    columns = {_attname(n) for n in Sanction.ENTRY_FIELDS} | {"agency_id"}
    written = Sanction.objects.filter(pk=current.pk, version=version, lifted_at__isnull=True).update(
        **{c: getattr(current, c) for c in columns}, version=version + 1, updated_at=timezone.now()
    )
    if not written:  # only possible where the database does not lock rows
        raise SanctionConflict(Sanction.objects.get(pk=current.pk))
    current.version = version + 1
    completes = not was_completed and current.completed_on is not None
    audit_record(
        action="records.sanction.complete" if completes else "records.sanction.update",
        actor=actor,
        obj=current,
        to_state=current.state(),
        data={"fields": sorted(changed), "record_id": current.record_id},
    )
    if upload:
        evidence_attach(record=current.record, actor=actor, upload=upload, sanction=current)
    return current


def _attname(name: str) -> str:
    field = Sanction._meta.get_field(name)
    assert isinstance(field, Field)  # entry fields are concrete columns
    return field.attname


def _value_of(value: Any) -> Any:
    return value.pk if hasattr(value, "_meta") else value


@transaction.atomic
def sanction_evidence_add(*, sanction: Sanction, actor: Any, upload: Any) -> Evidence:
    """Attach the evidence that a measure was carried out (any time before it is lifted)."""
    _check_may_enter(sanction, actor)
    if Sanction.objects.filter(pk=sanction.pk, lifted_at__isnull=False).exists():
        raise ApplicationError(_("This sanction was lifted; it can no longer be changed."), field="evidence_file")
    return evidence_attach(record=sanction.record, actor=actor, upload=upload, sanction=sanction)


def sanctions_lift(*, record: CreditRecord, reason: str, actor: Any = None) -> int:
    """Lift every measure still in place on ``record``: called when it is revoked (here) and
    when a repair is approved (the objections app, through the takedown of a repaired record).
    Runs in the caller's transaction; a second call lifts nothing. Returns how many."""
    now = timezone.now()
    lifting = list(Sanction.objects.select_for_update().filter(record_id=record.pk, lifted_at__isnull=True))
    for sanction in lifting:
        before = sanction.state()
        Sanction.objects.filter(pk=sanction.pk, lifted_at__isnull=True).update(lifted_at=now, lift_reason=reason)
        audit_record(
            action="records.sanction.lift",
            actor=actor,
            obj=sanction,
            from_state=before,
            to_state="lifted",
            reason=reason,
            data={"record_id": record.pk},
        )
    return len(lifting)


@transaction.atomic
def sanction_lift(*, sanction: Sanction, actor: Any, reason: str) -> Sanction:
    """Lift one measure before its end (e.g. the court removed the agency from the debtor
    list): a reviewer of the record's agency or the credit office, with a reason."""
    record = CreditRecord.objects.get(pk=sanction.record_id)
    if not record.policy.may_revoke(actor, record):
        raise PermissionDenied(_("Only a reviewer of the record's agency or the credit office can lift a sanction."))
    if not reason.strip():
        raise ApplicationError(_("Give the reason for lifting the sanction."), field="reason")
    current = Sanction.objects.select_for_update().get(pk=sanction.pk)
    if current.lifted_at is not None:
        raise ApplicationError(_("This sanction was lifted already."), field="reason")
    before = current.state()
    current.lifted_at, current.lift_reason = timezone.now(), reason
    current.save(update_fields=["lifted_at", "lift_reason", "updated_at"])
    audit_record(
        action="records.sanction.lift", actor=actor, obj=current, from_state=before, to_state="lifted", reason=reason
    )
    return current
