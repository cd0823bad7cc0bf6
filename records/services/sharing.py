"""What the city credit platform is told about credit records (R-3), and when.

Plan item 3 shares dishonesty records (失信记录) with the city platform, so a record is
shared when its polarity is dishonest, whatever its use scope (the platform is a government
body: internal sharing, 内部共享, is what the scope means; the scope travels with the record so
the platform applies it). Records of other polarity are not sent.

The payload (`record_sharing_payload`) is the one place that decides what leaves the portal:

- the record: id, version, status, category (code and Chinese label), polarity, tier, key
  areas, decision date, document number, summary, use scope, publicity and influence periods,
  sanction kind and effective date, publication time, providing agency (name, USCC);
- an agency subject: name and USCC; a civil servant subject: name, the ID number **masked**
  (first six and last character, `integrity.lib.masking.mask_id_number`; never in clear),
  position and agency (name, USCC);
- ID numbers and mobile numbers typed into the summary or the document number are masked;
- a withdrawal adds why (revoked, expired, repaired) and when.

Evidence files, the people who entered or reviewed the record and the reasons typed for a
return are never sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import timezone, translation

from core.models import Agency
from core.services.sharing import Kind, sharing_enqueue
from integrity.lib.masking import mask_id_number
from integrity.lib.personal_data import mask_personal_data
from records.models import CreditRecord, Polarity


def record_is_shared(record: CreditRecord) -> bool:
    return record.polarity == Polarity.DISHONEST


def _agency(agency: Agency | None) -> dict[str, str] | None:
    return {"name": agency.name, "uscc": agency.uscc} if agency is not None else None


def _date(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def record_sharing_payload(record: CreditRecord, kind: str, context: Mapping[str, Any]) -> dict[str, Any]:
    """The ``data`` of a message about ``record`` (registered in RecordsConfig.ready())."""
    person = record.civil_servant if record.civil_servant_id is not None else None
    if person is not None:
        subject: dict[str, Any] = {
            "type": "civil_servant",
            "name": person.name,
            "id_number_masked": mask_id_number(person.id_number),
            "position": person.position,
            "agency": _agency(person.agency),
        }
    else:
        subject = {"type": "agency", **(_agency(record.subject_agency) or {})}
    with translation.override("zh-hans"):  # the platform reads Chinese labels, whoever triggered the send
        category_label = str(record.get_category_display())
    data: dict[str, Any] = {
        "record_id": record.pk,
        "version": record.version,
        "status": record.status,
        "subject": subject,
        "category": record.category,
        "category_label": category_label,
        "polarity": record.polarity,
        "tier": record.tier,
        "key_areas": list(record.key_areas or []),
        "providing_agency": _agency(record.providing_agency),
        "decision_date": _date(record.decision_date),
        "document_number": mask_personal_data(record.document_number),
        "summary": mask_personal_data(record.summary),
        "use_scope": record.use_scope,
        "public_until": _date(record.public_until),
        "min_public_until": _date(record.min_public_until),
        "influence_until": _date(record.influence_until),
        "sanction_kind": record.sanction_kind,
        "sanction_effective_on": _date(record.sanction_effective_on),
        "published_at": record.published_at.isoformat() if record.published_at else None,
        "automatic": record.is_automatic,
    }
    if kind == Kind.WITHDRAW:
        data["withdrawal"] = {"reason": str(context.get("reason", "")), "at": timezone.now().isoformat()}
    return data


def record_share(record: CreditRecord, *, kind: str, reason: str = "") -> bool:
    """Write the message for ``kind`` in the caller's transaction; False if the record is not
    shared or this message exists (one publication, one withdrawal, one correction per version)."""
    # The row as it is now in this transaction: a caller's copy may predate the move it reports.
    current = (
        CreditRecord.objects.select_related("subject_agency", "civil_servant__agency", "providing_agency")
        .filter(pk=record.pk, published_at__isnull=False)
        .first()
    )
    if current is None or not record_is_shared(current):
        return False  # never published (nothing to correct or withdraw), or not a dishonesty record
    suffix = f"v{current.version}" if kind == Kind.CORRECT else ""
    context = {"reason": reason} if reason else {}
    return sharing_enqueue(obj=current, kind=kind, key_suffix=suffix, context=context) is not None


def record_correction_share(*, record: CreditRecord) -> bool:
    """Tell the platform that a published record changed (a new version of it): the service an
    objection answered by correcting, or any later edit of a published record, calls in its
    transaction after bumping ``version``."""
    return record_share(record, kind=Kind.CORRECT)
