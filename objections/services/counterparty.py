"""Objections by the counterparty of a published item, without an account (issue 10, item 4;
docs/lifecycles.md, "Objection").

From the item's public page the filer proves two things, in two steps:

1. `counterparty_identify`: that they are (or act for) the counterparty: the decision's
   document number and the counterparty's credit code or, for a natural person, the full ID
   number, checked by the owning app (`core.services.objectables`) against what it stores, the
   ID number only as its keyed hash. Nothing typed is shown back. Attempts are counted per
   item and day, on top of the per-address rate limit of the view.
2. `counterparty_confirm`: that the contact address is theirs: a six-digit one-time code
   mailed to it, kept in the visitor's session only as a keyed hash, with an expiry and a
   number of tries.

Then `counterparty_objection_file` stores the objection with the same 10-working-day clock,
mark and answering reviewers as a civil servant's, and gives a query code for the status page.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from core.services.audit import audit_record
from core.services.notifications import notify
from core.services.objectables import Objectable, objectable
from integrity.lib.errors import ApplicationError, NotVisible
from objections.models import FilerKind, IdentifiedBy, Objection, ObjectionEvidence, RepairRequest
from objections.services.clock import agency_reviewers, answer_due
from objections.services.objections import ObjectionRefused, check_reasons, checked_uploads, store_uploads

SESSION_KEY = "objections.counterparty"


@dataclass
class Identification:
    """What the session holds between the two steps (never the code, the ID number or the credit code)."""

    item_label: str
    item_id: int
    email: str
    identified_by: str
    agent: bool
    code_hash: str
    expires: float
    tries: int = 0
    confirmed: bool = False
    # What the identification is for: an objection, or a credit repair request (the same steps).
    purpose: str = "objection"


def _code_hash(code: str, item_label: str, item_id: int, email: str) -> str:
    # Keyed with the site secret and bound to the item and address it was sent for.
    return salted_hmac("objections.counterparty.code", f"{item_label}:{item_id}:{email}:{code}").hexdigest()


def public_item(item_label: str, item_id: int) -> tuple[Objectable, Any]:
    """The item if its counterparty may object to it and it is on the public site; else NotVisible."""
    description = objectable(item_label)
    item = description.find_public(item_id) if description is not None else None
    if description is None or item is None:
        raise NotVisible(_("No such published item."))
    return description, item


def _count_item_attempt(item_label: str, item_id: int) -> None:
    """Identification attempts per item and day: one address cannot guess, nor many addresses."""
    key = f"objections:identify:{item_label}:{item_id}:{timezone.localdate().isoformat()}"
    cache.add(key, 0, 24 * 3600)
    try:
        attempts = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, 24 * 3600)
        attempts = 1
    if attempts > settings.COUNTERPARTY_ITEM_ATTEMPTS_PER_DAY:
        raise ApplicationError(_("Too many attempts for this item today. Try again tomorrow or contact the agency."))


def counterparty_identify(
    *,
    session: Any,
    item_label: str,
    item_id: int,
    document_number: str,
    code: str,
    email: str,
    agent: bool,
    purpose: str = "objection",
) -> Identification:
    """Step 1: check the filer names the item's counterparty, then mail a one-time code to ``email``."""
    description, item = public_item(item_label, item_id)
    _count_item_attempt(item_label, item_id)
    if not description.names_counterparty(item, document_number.strip(), code.strip()):
        # One message for both fields: the answer must not tell which of the two was right.
        raise ApplicationError(_("The document number and the credit code or ID number do not match this item."))
    one_time = f"{secrets.randbelow(10**6):06d}"
    minutes = int(settings.COUNTERPARTY_CODE_MINUTES)
    identified = Identification(
        item_label=item_label,
        item_id=item_id,
        email=email,
        identified_by=IdentifiedBy.ID_NUMBER if description.is_natural_person(item) else IdentifiedBy.CREDIT_CODE,
        agent=agent,
        code_hash=_code_hash(one_time, item_label, item_id, email),
        expires=(timezone.now() + dt.timedelta(minutes=minutes)).timestamp(),
        purpose=purpose,
    )
    try:
        send_mail(
            subject=_("Your confirmation code: %(code)s") % {"code": one_time},
            message=_(
                "Enter this code on the objection form to confirm your e-mail address: %(code)s\n"
                "It is valid for %(minutes)d minutes. If you did not ask for it, ignore this message."
            )
            % {"code": one_time, "minutes": minutes},
            from_email=None,
            recipient_list=[email],
        )
    except OSError as exc:
        raise ApplicationError(
            _("The code could not be sent to this address just now. Try again in a few minutes."), field="email"
        ) from exc
    session[SESSION_KEY] = asdict(identified)
    return identified


def session_identification(
    session: Any, item_label: str, item_id: int, purpose: str = "objection"
) -> Identification | None:
    """The identification in progress for this item and purpose, or None (none, another item or
    purpose, or expired)."""
    data = session.get(SESSION_KEY)
    if not data:
        return None
    identified = Identification(**data)
    if (identified.item_label, identified.item_id, identified.purpose) != (item_label, item_id, purpose):
        return None
    if timezone.now().timestamp() > identified.expires:
        session.pop(SESSION_KEY, None)
        return None
    return identified


def counterparty_confirm(*, session: Any, identified: Identification, code: str) -> None:
    """Step 2: the code from the mail. After ``COUNTERPARTY_CODE_ATTEMPTS`` wrong tries the
    identification is dropped and the filer starts again."""
    if identified.confirmed:
        return
    expected = identified.code_hash
    given = _code_hash((code or "").strip(), identified.item_label, identified.item_id, identified.email)
    if constant_time_compare(given, expected):
        identified.confirmed = True
        session[SESSION_KEY] = asdict(identified)
        return
    identified.tries += 1
    if identified.tries >= settings.COUNTERPARTY_CODE_ATTEMPTS:
        session.pop(SESSION_KEY, None)
        raise ApplicationError(_("Too many wrong codes. Start again to get a new code."), field="email_code")
    session[SESSION_KEY] = asdict(identified)
    raise ApplicationError(_("The code is not the one we sent, or it has expired."), field="email_code")


@transaction.atomic
def counterparty_objection_file(
    *, session: Any, identified: Identification, reasons: str, uploads: Iterable[Any] = (), authorisation: Any = None
) -> Objection:
    """Store the objection of a confirmed counterparty; the identification is used up."""
    if not identified.confirmed:
        raise ApplicationError(_("Confirm your e-mail address with the code first."), field="email_code")
    description, item = public_item(identified.item_label, identified.item_id)
    text = check_reasons(reasons)
    files = checked_uploads(uploads)
    if identified.agent and authorisation is None:
        raise ApplicationError(
            _("An agent attaches the counterparty's authorisation letter (授权委托书)."), field="authorisation"
        )
    letter = checked_uploads([authorisation])[0] if authorisation is not None else None
    # Lock the item: two objections filed at once are serialised here, and the partial unique
    # constraint refuses the second where rows are not locked.
    type(item).objects.select_for_update().filter(pk=item.pk).first()
    item_type = ContentType.objects.get_for_model(type(item))
    if Objection.objects.open().filter(item_type=item_type, item_id=item.pk).exists():
        raise ObjectionRefused(_("An objection to this item is already being handled."))
    now = timezone.now()
    filed_on = timezone.localdate(now)
    due_on, remind_on = answer_due(filed_on)
    objection = Objection(
        item_type=item_type,
        item_id=item.pk,
        item_title=description.headline(item),
        agency_id=description.answering_agency_id(item),
        filer_kind=FilerKind.COUNTERPARTY,
        contact_email=identified.email,
        email_confirmed_at=now,
        identified_by=identified.identified_by,
        filed_by_agent=identified.agent,
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
        raise ObjectionRefused(_("An objection to this item is already being handled.")) from exc
    folder = f"objections/{objection.pk}"
    store_uploads(files, folder=folder, model=ObjectionEvidence, objection=objection)
    if letter is not None:
        store_uploads([letter], folder=folder, model=ObjectionEvidence, objection=objection, is_authorisation=True)
    audit_record(
        action="objections.objection.file",
        actor=None,
        obj=objection,
        to_state=objection.status,
        data={
            "item": f"{identified.item_label}:{item.pk}",
            "filer_kind": FilerKind.COUNTERPARTY,
            "identified_by": identified.identified_by,
            "agent": identified.agent,
            "due_on": due_on.isoformat() if due_on else None,
            "evidence": [e.sha256 for e in objection.evidence.all()],
        },
    )
    notify(
        recipients=agency_reviewers(objection.agency_id),
        kind="objections.filed",
        key=f"objection-{objection.pk}-filed",
        subject=_("New objection %(code)s to a published item") % {"code": objection.query_code},
        body=_("Answer in writing within 10 working days, by %(due)s.")
        % {"due": due_on.isoformat() if due_on else _("pending the holiday schedule")},
        url=reverse("admin:objections_objection_change", args=[objection.pk]),
    )
    session.pop(SESSION_KEY, None)
    return objection


def by_query_code(code: str) -> Objection | RepairRequest | None:
    """A counterparty's objection or repair request by its query code (the status page); a civil
    servant's objection is followed in /me/."""
    normalised = "".join((code or "").split()).upper()
    if not normalised:
        return None
    objection = Objection.objects.filter(query_code=normalised, filer_kind=FilerKind.COUNTERPARTY).first()
    return objection or RepairRequest.objects.filter(query_code=normalised).first()
