"""Filing and answering objections (plan item 9; docs/lifecycles.md, "Objection").

- `objection_file`: a civil servant objects to a record of their own file, with reasons and
  evidence files; the due date is stored at once, the providing agency's reviewers are told.
- `objection_accept`, `objection_answer`: a reviewer of the providing agency accepts it, then
  answers (upheld, corrected, revoked, not admissible) with a written reply; the filer is told.
  The answer is a conditional update on the locked row, so of simultaneous answers one wins.
  A counterparty's objection (`objections.services.counterparty`) is answered the same way.

Each runs in one durable transaction with its audit events; mail goes on commit (notify).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services.audit import audit_record
from core.services.notifications import notify
from core.services.takedowns import TakedownReason, takedown_request
from core.workflow import Status
from integrity.lib.errors import ApplicationError, Conflict, NotVisible
from integrity.lib.personal_data import find_personal_data
from objections.models import (
    OPEN_STATUSES,
    FilerKind,
    Objection,
    ObjectionEvidence,
    ObjectionStatus,
    Outcome,
)
from objections.services.answer_mail import counterparty_answer_mail_enqueue
from objections.services.clock import agency_reviewers, answer_due, record_missed_answer
from records.models import CreditRecord
from records.services.evidence import EvidenceRejected, check_upload, evidence_store
from records.services.records import CORRECTABLE_FIELDS, record_correct

# A record in these states is in the person's file and can be objected to.
OBJECTABLE_STATUSES = (Status.PUBLISHED, Status.EXPIRED)
MAX_EVIDENCE_FILES = 5
REASONS_MAX = 5000


class ObjectionRefused(ApplicationError):
    default_field = "record"


def own_records(user: Any) -> Any:
    """The records of the signed-in civil servant's own file (the one gate for /me/)."""
    return CreditRecord.objects.visible_to(user).filter(civil_servant__user=user)


def objections_of_filer(user: Any) -> Any:
    """The objections the signed-in civil servant filed (never anyone else's)."""
    if not user.is_authenticated:
        return Objection.objects.none()
    return Objection.objects.filter(filed_by=user, filer_kind=FilerKind.CIVIL_SERVANT)


def answering_agency_id(record: CreditRecord) -> int:
    """The providing agency (信息提供单位) answers; a record without one is answered by its own agency."""
    return record.providing_agency_id or record.agency_id


def check_reasons(reasons: str) -> str:
    text = (reasons or "").strip()
    if len(text) < 10:
        raise ApplicationError(_("Explain in at least 10 characters why the record is wrong."), field="reasons")
    if len(text) > REASONS_MAX:
        raise ApplicationError(_("The reasons are longer than %(n)d characters.") % {"n": REASONS_MAX}, field="reasons")
    return text


def checked_uploads(uploads: Iterable[Any]) -> list[Any]:
    """The filer's evidence files (objections and repair requests alike), every one checked by
    content and size before anything is stored; a rejected file is the form's error."""
    files = list(uploads)
    if len(files) > MAX_EVIDENCE_FILES:
        raise ApplicationError(_("Attach at most %(n)d files.") % {"n": MAX_EVIDENCE_FILES}, field="evidence_files")
    for upload in files:
        try:
            check_upload(upload)
        except EvidenceRejected as exc:
            raise ApplicationError(f"{upload.name}: {exc.message}", field="evidence_files") from exc
    return files


def store_uploads(files: Iterable[Any], *, folder: str, model: type[Any], **owner: Any) -> None:
    """Store checked files under server-made names and record each as a ``model`` row of ``owner``."""
    for upload in files:
        saved = evidence_store(upload=upload, folder=folder)
        model.objects.create(
            **owner,
            stored_name=saved.stored_name,
            original_name=saved.original_name,
            content_type=saved.content_type,
            size=saved.size,
            sha256=saved.sha256,
        )


@transaction.atomic
def objection_file(*, actor: Any, record_id: int, reasons: str, uploads: Iterable[Any] = ()) -> Objection:
    """A civil servant's objection to one of their own records; NotVisible for anyone else's."""
    record = own_records(actor).select_related("civil_servant").filter(pk=record_id).first()
    if record is None:
        raise NotVisible(_("No such record in your file."))
    if record.status not in OBJECTABLE_STATUSES:
        raise ObjectionRefused(_("Only a published record of your file can be objected to."))
    text = check_reasons(reasons)
    files = checked_uploads(uploads)
    # Lock the record: two objections filed at once are serialised here, and the partial
    # unique constraint refuses the second even where rows are not locked.
    CreditRecord.objects.select_for_update().filter(pk=record.pk).first()
    if Objection.objects.open().filter(record=record).exists():
        raise ObjectionRefused(_("An objection to this record is already being handled."))
    now = timezone.now()
    filed_on = timezone.localdate(now)
    due_on, remind_on = answer_due(filed_on)
    objection = Objection(
        record=record,
        agency_id=answering_agency_id(record),
        filer_kind=FilerKind.CIVIL_SERVANT,
        civil_servant=record.civil_servant,
        filed_by=actor,
        reasons=text,
        filed_at=now,
        filed_on=filed_on,
        due_on=due_on,
        remind_on=remind_on,
    )
    try:
        with transaction.atomic():
            objection.save()
    except IntegrityError as exc:
        raise ObjectionRefused(_("An objection to this record is already being handled.")) from exc
    store_uploads(files, folder=f"objections/{objection.pk}", model=ObjectionEvidence, objection=objection)
    audit_record(
        action="objections.objection.file",
        actor=actor,
        obj=objection,
        to_state=objection.status,
        data={
            "record_id": record.pk,
            "due_on": due_on.isoformat() if due_on else None,
            "evidence": [e.sha256 for e in objection.evidence.all()],
        },
    )
    notify(
        recipients=agency_reviewers(objection.agency_id),
        kind="objections.filed",
        key=f"objection-{objection.pk}-filed",
        subject=_("New objection %(code)s to a credit record") % {"code": objection.query_code},
        body=_("Answer in writing within 10 working days, by %(due)s.")
        % {"due": due_on.isoformat() if due_on else _("pending the holiday schedule")},
        url=reverse("admin:objections_objection_change", args=[objection.pk]),
    )
    return objection


def may_answer(user: Any, objection: Objection) -> bool:
    """A reviewer (审核员) of the providing agency, both active."""
    from core.roles import Role

    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.agency_id == objection.agency_id
        and user.has_role(Role.REVIEWER)
        and objection.agency.is_active
    )


def _locked_open(objection: Objection, actor: Any) -> Objection:
    current = Objection.objects.select_for_update(of=("self",)).select_related("agency", "record").get(pk=objection.pk)
    if not may_answer(actor, current):
        raise PermissionDenied(_("Only a reviewer of the providing agency can handle this objection."))
    if current.status not in OPEN_STATUSES:
        raise Conflict(_("This objection has already been answered."), field="status")
    return current


@transaction.atomic
def objection_accept(*, objection: Objection, actor: Any) -> Objection:
    current = _locked_open(objection, actor)
    if current.status != ObjectionStatus.SUBMITTED:
        raise ApplicationError(_("This objection has already been accepted."), field="status")
    now = timezone.now()
    if not Objection.objects.filter(pk=current.pk, status=ObjectionStatus.SUBMITTED).update(
        status=ObjectionStatus.ACCEPTED, accepted_at=now
    ):
        raise Conflict(_("This objection changed meanwhile; reload it."), field="status")
    audit_record(
        action="objections.objection.accept",
        actor=actor,
        obj=current,
        from_state=ObjectionStatus.SUBMITTED,
        to_state=ObjectionStatus.ACCEPTED,
    )
    current.status, current.accepted_at = ObjectionStatus.ACCEPTED, now
    return current


def _check_answer(outcome: str, reply: str, correction: dict[str, Any] | None) -> tuple[str, dict[str, Any]]:
    errors: dict[str, list[str]] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = [_("Choose the outcome.")]
    text = (reply or "").strip()
    if len(text) < 5:
        errors["reply"] = [_("Every answer needs a written reply to the filer.")]
    elif find_personal_data(text, []):
        errors["reply"] = [_("The reply contains an ID number or a mobile number; remove it.")]
    changes = {k: v for k, v in (correction or {}).items() if k in CORRECTABLE_FIELDS and v not in (None, "")}
    if outcome == Outcome.CORRECTED and not changes:
        errors["corrected_summary"] = [_("Give the corrected text of the record.")]
    if outcome != Outcome.CORRECTED and changes:
        errors["corrected_summary"] = [_("Only an answer “corrected” changes the record.")]
    if errors:
        raise ValidationError(errors)
    return text, changes


@transaction.atomic
def objection_answer(
    *, objection: Objection, actor: Any, outcome: str, reply: str, correction: dict[str, Any] | None = None
) -> Objection:
    """Answer an open objection once. Upheld: the record stands and the mark goes. Corrected:
    a new version of the record (audited). Revoked: the record leaves the public site at once
    (the takedown path, logged). Not admissible: rejected with the reason in the reply."""
    text, changes = _check_answer(outcome, reply, correction)
    current = _locked_open(objection, actor)
    if outcome == Outcome.CORRECTED and current.record_id is None:
        # A 双公示 decision is corrected as a new decision of its agency, not by the answer.
        raise ValidationError(
            {
                "outcome": [
                    _(
                        "A published decision is not corrected through the objection: answer “revoked” "
                        "(it leaves the public site) and publish the corrected decision anew."
                    )
                ]
            }
        )
    now = timezone.now()
    today = timezone.localdate(now)
    status = ObjectionStatus.REJECTED if outcome == Outcome.INADMISSIBLE else ObjectionStatus.ANSWERED
    corrected_version = None
    if outcome == Outcome.CORRECTED and current.record is not None:
        corrected_version = record_correct(
            record=current.record,
            actor=actor,
            data=changes,
            reason=_("Corrected after objection %(code)s") % {"code": current.query_code},
        ).version
    # Conditional on the state read under the lock: a racing answer that got here first wins.
    written = Objection.objects.filter(pk=current.pk, status__in=OPEN_STATUSES).update(
        status=status,
        outcome=outcome,
        reply=text,
        answered_by=actor,
        answered_at=now,
        answered_on=today,
        corrected_version=corrected_version,
    )
    if not written:
        raise Conflict(_("This objection has already been answered."), field="status")
    from_state = current.status
    current.status, current.outcome, current.reply = status, outcome, text
    current.answered_by, current.answered_at, current.answered_on = actor, now, today
    current.corrected_version = corrected_version
    audit_record(
        action="objections.objection.answer",
        actor=actor,
        obj=current,
        from_state=from_state,
        to_state=status,
        reason=text,
        data={
            "outcome": outcome,
            "record_id": current.record_id,
            "item": f"{current.item_type_id}:{current.item_id}" if current.item_id else None,
            "kept_deadline": current.kept_deadline,
        },
    )
    if outcome == Outcome.REVOKED:
        takedown_request(obj=current.objected_item(), reason=TakedownReason.REVOKED, actor=actor, note=text)
    if current.due_on is not None and today > current.due_on:
        record_missed_answer(current)  # answered late: the fact, in case the sweep had not run yet
    if current.is_counterparty:
        counterparty_answer_mail_enqueue(current)
    elif current.filed_by_id is not None:
        notify(
            recipients=[current.filed_by],
            kind="objections.answered",
            key=f"objection-{current.pk}-answered",
            subject=_("Your objection %(code)s has been answered: %(outcome)s")
            % {"code": current.query_code, "outcome": current.get_outcome_display()},
            body=text,
            url=reverse("objections:detail", args=[current.pk]),
        )
    return current
