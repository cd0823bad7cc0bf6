"""Credit repair requests (信用修复; issue 10, item 7; docs/lifecycles.md, "Credit repair").

- `repair_file`: a civil servant asks to repair a dishonesty record of their own file once its
  minimum publicity period (and a sanction's influence period) has passed, with the evidence
  that the obligations were fulfilled and the accepted credit commitment (信用承诺书); both
  due dates are stored at once, the deciding agency's reviewers are told.
- `repair_accept`, `repair_refuse`, `repair_approve`: a reviewer of the providing agency
  accepts (受理) or refuses to accept it (不予受理, with reasons), then approves (准予修复) or
  refuses (不予修复, with reasons). Approval takes the record off the public site at once
  (takedown log: repaired 信用修复), writes the withdrawal for the city platform and lifts the
  record's sanctions, through the records app's takedown handler, in the same transaction.

Each runs in one transaction with its audit events; mail goes on commit (notify). Moves are
conditional updates on the locked row, so of two simultaneous decisions one wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services.audit import audit_record
from core.services.notifications import notify
from core.services.takedowns import TakedownReason, takedown_request
from integrity.lib.errors import ApplicationError, Conflict, NotVisible
from integrity.lib.personal_data import find_personal_data
from objections.repair_models import REPAIR_OPEN_STATUSES, RepairEvidence, RepairRequest, RepairStatus
from objections.services.answer_mail import repair_decision_mail_enqueue
from objections.services.clock import agency_reviewers
from objections.services.objections import (
    answering_agency_id,
    checked_uploads,
    may_answer,
    own_records,
    store_uploads,
)
from objections.services.repair_clock import repair_due
from objections.services.repair_rules import commitment_text, repair_eligibility
from records.models import CreditRecord

STATEMENT_MIN, STATEMENT_MAX = 10, 5000
REASONS_MIN = 5


class RepairRefused(ApplicationError):
    default_field = "record"


def repairs_of_applicant(user: Any) -> Any:
    """The repair requests the signed-in civil servant filed (never anyone else's)."""
    if not user.is_authenticated:
        return RepairRequest.objects.none()
    return RepairRequest.objects.filter(filed_by=user)


def check_statement(statement: str) -> str:
    text = (statement or "").strip()
    if len(text) < STATEMENT_MIN:
        raise ApplicationError(
            _("Say in at least 10 characters how the obligations were fulfilled."), field="statement"
        )
    if len(text) > STATEMENT_MAX:
        raise ApplicationError(
            _("The statement is longer than %(n)d characters.") % {"n": STATEMENT_MAX}, field="statement"
        )
    return text


def _check_uploads(uploads: Iterable[Any]) -> list[Any]:
    files = list(uploads)
    if not files:
        raise ApplicationError(_("Attach the evidence that the obligations were fulfilled."), field="evidence_files")
    return checked_uploads(files)


def repair_blocker(record: CreditRecord, today: Any) -> str:
    """Why a request on ``record`` cannot be filed today ("" if it can): its periods, or a
    request already open or approved."""
    eligibility = repair_eligibility(record, today)
    if not eligibility:
        if eligibility.from_date is None:
            return eligibility.why
        return _("Possible from %(day)s (%(why)s).") % {
            "day": eligibility.from_date.isoformat(),
            "why": eligibility.why,
        }
    status = RepairRequest.objects.filter(record=record, status__in=[*REPAIR_OPEN_STATUSES, RepairStatus.APPROVED])
    if status.filter(status=RepairStatus.APPROVED).exists():
        return _("This record has been repaired.")
    if status.exists():
        return _("A credit repair request for this record is being handled.")
    return ""


@transaction.atomic
def repair_file(
    *, actor: Any, record_id: int, statement: str, commitment_accepted: bool, uploads: Iterable[Any] = ()
) -> RepairRequest:
    """A civil servant's request to repair one of their own records; NotVisible for anyone else's."""
    record = own_records(actor).select_related("civil_servant").filter(pk=record_id).first()
    if record is None:
        raise NotVisible(_("No such record in your file."))
    now = timezone.now()
    today = timezone.localdate(now)
    text = check_statement(statement)
    if not commitment_accepted:
        raise ApplicationError(_("Accept the credit commitment to file the request."), field="commitment_accepted")
    files = _check_uploads(uploads)
    # Lock the record: two requests filed at once are serialised here, and the partial unique
    # constraint refuses the second even where rows are not locked.
    CreditRecord.objects.select_for_update().filter(pk=record.pk).first()
    blocker = repair_blocker(record, today)
    if blocker:
        raise RepairRefused(blocker)
    eligibility = repair_eligibility(record, today)
    assert eligibility.from_date is not None
    request = RepairRequest(
        record=record,
        agency_id=answering_agency_id(record),
        civil_servant=record.civil_servant,
        filed_by=actor,
        statement=text,
        commitment_text=commitment_text(record, today),
        commitment_accepted_at=now,
        eligible_from=eligibility.from_date,
        filed_at=now,
        filed_on=today,
        **repair_due(today),
    )
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError as exc:
        raise RepairRefused(_("A credit repair request for this record is being handled.")) from exc
    store_uploads(files, folder=f"repairs/{request.pk}", model=RepairEvidence, request=request)
    audit_record(
        action="objections.repairrequest.file",
        actor=actor,
        obj=request,
        to_state=request.status,
        data={
            "record_id": record.pk,
            "accept_due_on": _iso(request.accept_due_on),
            "decide_due_on": _iso(request.decide_due_on),
            "evidence": [e.sha256 for e in request.evidence.all()],
        },
    )
    notify(
        recipients=agency_reviewers(request.agency_id),
        kind="objections.repair.filed",
        key=f"repair-{request.pk}-filed",
        subject=_("New credit repair request %(id)s") % {"id": request.pk},
        body=_("Accept or refuse it by %(accept)s; decide it by %(decide)s.")
        % {"accept": _iso(request.accept_due_on) or _pending(), "decide": _iso(request.decide_due_on) or _pending()},
        url=reverse("admin:objections_repairrequest_change", args=[request.pk]),
    )
    return request


def _iso(day: Any) -> str | None:
    return day.isoformat() if day else None


def _pending() -> str:
    return _("pending the holiday schedule")


def _check_reasons(reasons: str, *, required: bool) -> str:
    text = (reasons or "").strip()
    if required and len(text) < REASONS_MIN:
        raise ApplicationError(_("Give the applicant the reasons in writing."), field="reasons")
    if find_personal_data(text, []):
        raise ApplicationError(_("The reasons contain an ID number or a mobile number; remove it."), field="reasons")
    return text


def _locked(request: RepairRequest, actor: Any, expected: tuple[str, ...]) -> RepairRequest:
    current = (
        RepairRequest.objects.select_for_update(of=("self",))
        .select_related("agency", "record", "item_type")
        .get(pk=request.pk)
    )
    if not may_answer(actor, current):  # a reviewer of the providing agency, both active
        raise PermissionDenied(_("Only a reviewer of the providing agency can decide this request."))
    if current.status not in REPAIR_OPEN_STATUSES:
        raise Conflict(_("This credit repair request has already been decided."), field="status")
    if current.status not in expected:
        raise ApplicationError(
            _("This move is not possible while the request is “%(status)s”.")
            % {"status": current.get_status_display()},
            field="status",
        )
    return current


def _move(current: RepairRequest, actor: Any, to: str, **fields: Any) -> None:
    """The conditional update: of two simultaneous moves, the second finds nothing to change."""
    if not RepairRequest.objects.filter(pk=current.pk, status=current.status).update(status=to, **fields):
        raise Conflict(_("This credit repair request changed meanwhile; reload it."), field="status")
    from_state = current.status
    for name, value in fields.items():
        setattr(current, name, value)
    current.status = to
    audit_record(
        action=f"objections.repairrequest.{to}",
        actor=actor,
        obj=current,
        from_state=from_state,
        to_state=to,
        reason=fields.get("decision_reasons", ""),
        data={
            "record_id": current.record_id,
            "item": f"{current.item_type_id}:{current.item_id}" if current.item_id else None,
        },
    )


def _tell_applicant(current: RepairRequest, subject: str, body: str) -> None:
    if current.is_counterparty:
        # No account, so no portal notice: a mail to the confirmed address, through the outbox.
        repair_decision_mail_enqueue(current)  # the mail says the state the row has when it is sent
        return
    notify(
        recipients=[current.filed_by],
        kind="objections.repair.decided" if not current.is_open else "objections.repair.accepted",
        key=f"repair-{current.pk}-{current.status}",
        subject=subject % {"id": current.pk, "status": current.get_status_display()},
        body=body,
        url=reverse("objections:repair_detail", args=[current.pk]),
    )


@transaction.atomic
def repair_accept(*, request: RepairRequest, actor: Any) -> RepairRequest:
    current = _locked(request, actor, (RepairStatus.SUBMITTED,))
    now = timezone.now()
    _move(
        current, actor, RepairStatus.ACCEPTED, accepted_by=actor, accepted_at=now, accepted_on=timezone.localdate(now)
    )
    _tell_applicant(
        current,
        _("Your credit repair request %(id)s: %(status)s"),
        _("The decision is due by %(due)s.") % {"due": _iso(current.decide_due_on) or _pending()},
    )
    return current


def _close(current: RepairRequest, actor: Any, to: str, reasons: str) -> None:
    now = timezone.now()
    _move(
        current,
        actor,
        to,
        decision_reasons=reasons,
        decided_by=actor,
        decided_at=now,
        decided_on=timezone.localdate(now),
    )


@transaction.atomic
def repair_refuse(*, request: RepairRequest, actor: Any, reasons: str) -> RepairRequest:
    """Refuse with written reasons: before acceptance it is "not accepted" (不予受理), after it
    "refused" (不予修复). The record stays as it is."""
    text = _check_reasons(reasons, required=True)
    current = _locked(request, actor, REPAIR_OPEN_STATUSES)
    to = RepairStatus.NOT_ACCEPTED if current.status == RepairStatus.SUBMITTED else RepairStatus.REFUSED
    _close(current, actor, to, text)
    _tell_applicant(current, _("Your credit repair request %(id)s: %(status)s"), text)
    return current


@transaction.atomic
def repair_approve(*, request: RepairRequest, actor: Any, reasons: str = "") -> RepairRequest:
    """Approve an accepted request: the record is repaired (this row), leaves the public site
    at once, is withdrawn from the city platform and its sanctions are lifted, all or nothing."""
    text = _check_reasons(reasons, required=False)
    current = _locked(request, actor, (RepairStatus.ACCEPTED,))
    _close(current, actor, RepairStatus.APPROVED, text)
    item = current.repaired_item()
    type(item).objects.select_for_update().filter(pk=item.pk).first()
    note = _("Credit repaired (信用修复), request %(id)s") % {"id": current.pk}
    # The owning app takes it down and logs it (a record is also withdrawn from the city
    # platform and its sanctions lifted: records' takedown handler for "repaired").
    takedown_request(obj=item, reason=TakedownReason.REPAIRED, actor=actor, note=note)
    _tell_applicant(
        current,
        _("Your credit repair request %(id)s: %(status)s"),
        text or _("The record has been repaired and taken off the public site."),
    )
    return current
