"""Credit repair (信用修复) asked for by the counterparty of a published decision, from the
decision's public page and without an account (issue 10, item 7, "companies from the public
item page with the same identification as objections").

The filer is identified as for an objection (`objections.services.counterparty`: document
number and credit code or ID number, e-mail confirmed by a one-time code); the request then has
the civil servant's clocks, reviewers and decisions (`objections.services.repair`). The item's
app says from which day a repair is possible (`Objectable.repair_from`: the day after the
minimum publicity period); before it, the page says from when and why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services.audit import audit_record
from core.services.notifications import notify
from core.services.objectables import Objectable
from integrity.lib.errors import ApplicationError
from objections.models import RepairEvidence, RepairRequest, RepairStatus, new_query_code
from objections.repair_models import REPAIR_OPEN_STATUSES
from objections.services.clock import agency_reviewers
from objections.services.counterparty import Identification, public_item
from objections.services.objections import checked_uploads, store_uploads
from objections.services.repair import RepairRefused, _check_uploads, _iso, _pending, check_statement
from objections.services.repair_clock import repair_due

PURPOSE = "repair"
COMMITMENT_TEMPLATE = "objections/repair/commitment_counterparty.txt"


def item_repair_blocker(description: Objectable, item: Any, today: dt.date) -> tuple[str, dt.date | None]:
    """(why a request cannot be filed today or "", the first day one may be filed)."""
    start = description.repair_from(item)
    if start is None:
        return _("Credit repair does not apply to this decision (only general and serious penalties)."), None
    if today < start:
        end = start - dt.timedelta(days=1)
        return _("Possible from %(day)s (the minimum publicity period ends on %(end)s).") % {
            "day": start.isoformat(),
            "end": end.isoformat(),
        }, start
    item_type = ContentType.objects.get_for_model(type(item))
    requests = RepairRequest.objects.filter(item_type=item_type, item_id=item.pk)
    if requests.filter(status=RepairStatus.APPROVED).exists():
        return _("This decision has been repaired."), start
    if requests.filter(status__in=REPAIR_OPEN_STATUSES).exists():
        return _("A credit repair request for this decision is being handled."), start
    return "", start


def counterparty_commitment_text(headline: str, today: dt.date) -> str:
    return render_to_string(COMMITMENT_TEMPLATE, {"headline": headline, "today": today}).strip()


@transaction.atomic
def counterparty_repair_file(
    *,
    session: Any,
    identified: Identification,
    statement: str,
    commitment_accepted: bool,
    uploads: Iterable[Any] = (),
    authorisation: Any = None,
) -> RepairRequest:
    """Store the repair request of a confirmed counterparty; the identification is used up."""
    from objections.services.counterparty import SESSION_KEY

    if not identified.confirmed or identified.purpose != PURPOSE:
        raise ApplicationError(_("Confirm your e-mail address with the code first."), field="email_code")
    description, item = public_item(identified.item_label, identified.item_id)
    now = timezone.now()
    today = timezone.localdate(now)
    text = check_statement(statement)
    if not commitment_accepted:
        raise ApplicationError(_("Accept the credit commitment to file the request."), field="commitment_accepted")
    files = _check_uploads(uploads)
    if identified.agent and authorisation is None:
        raise ApplicationError(
            _("An agent attaches the counterparty's authorisation letter (授权委托书)."), field="authorisation"
        )
    letter = checked_uploads([authorisation])[0] if authorisation is not None else None
    type(item).objects.select_for_update().filter(pk=item.pk).first()  # serialise two filings
    blocker, start = item_repair_blocker(description, item, today)
    if blocker:
        raise RepairRefused(blocker)
    assert start is not None
    headline = description.headline(item)
    request = RepairRequest(
        item_type=ContentType.objects.get_for_model(type(item)),
        item_id=item.pk,
        item_title=headline,
        agency_id=description.answering_agency_id(item),
        contact_email=identified.email,
        email_confirmed_at=now,
        identified_by=identified.identified_by,
        filed_by_agent=identified.agent,
        query_code=new_query_code(),
        statement=text,
        commitment_text=counterparty_commitment_text(headline, today),
        commitment_accepted_at=now,
        eligible_from=start,
        filed_at=now,
        filed_on=today,
        **repair_due(today),
    )
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError as exc:
        raise RepairRefused(_("A credit repair request for this decision is being handled.")) from exc
    folder = f"repairs/{request.pk}"
    store_uploads(files, folder=folder, model=RepairEvidence, request=request)
    if letter is not None:
        store_uploads([letter], folder=folder, model=RepairEvidence, request=request, is_authorisation=True)
    audit_record(
        action="objections.repairrequest.file",
        actor=None,
        obj=request,
        to_state=request.status,
        data={
            "item": f"{identified.item_label}:{item.pk}",
            "identified_by": identified.identified_by,
            "agent": identified.agent,
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
    session.pop(SESSION_KEY, None)
    return request
