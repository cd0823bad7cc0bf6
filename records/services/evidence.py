"""Evidence files of credit records: checked by content and size, stored under server names
through the ``evidence`` storage alias, read back only for those who may see the record."""

from __future__ import annotations

import hashlib
import re
import uuid
from typing import Any

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.utils.translation import gettext as _

from core.services.audit import audit_record
from integrity.lib import filetypes
from integrity.lib.errors import ApplicationError
from records.models import CreditRecord, Evidence

STORAGE_ALIAS = "evidence"


class EvidenceRejected(ApplicationError):
    default_field = "evidence_file"


def evidence_storage() -> Storage:
    return storages[STORAGE_ALIAS]


def check_upload(upload: Any) -> filetypes.FileType:
    """The upload's type, or EvidenceRejected with a message a person can act on."""
    limit = int(settings.RECORDS_EVIDENCE_MAX_BYTES)
    if upload.size > limit:
        raise EvidenceRejected(_("The file is larger than %(mb)s MB.") % {"mb": f"{limit / (1024 * 1024):g}"})
    if upload.size == 0:
        raise EvidenceRejected(_("The file is empty."))
    kind = filetypes.detect(upload)
    if kind is None:
        raise EvidenceRejected(_("Only PDF, JPEG, PNG, DOCX and XLSX files can be attached (judged by their content)."))
    return kind


_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


def download_name(evidence: Evidence) -> str:
    """The person's file name without path parts or control characters, with the extension
    of the type the content showed (a PNG renamed .exe downloads as .png)."""
    stem = _UNSAFE.sub("_", evidence.original_name.rsplit("/", 1)[-1]).strip(" ._") or "evidence"
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    extension = next((t.extension for t in filetypes.EVIDENCE_TYPES if t.content_type == evidence.content_type), "bin")
    return f"{stem[:100]}.{extension}"


@transaction.atomic
def evidence_add(*, record: CreditRecord, actor: Any, upload: Any) -> Evidence:
    """Attach one file to a record its actor may edit now (a draft or a returned record)."""
    from records.services.records import _check_may_edit

    _check_may_edit(CreditRecord.objects.get(pk=record.pk), actor)
    return evidence_store(record=record, actor=actor, upload=upload)


def evidence_store(*, record: CreditRecord, actor: Any, upload: Any, sanction: Any = None) -> Evidence:
    """Check, store and audit one file of ``record`` (and of ``sanction``, when it is the
    evidence a sanction was carried out); the caller has checked who may attach it and runs
    the transaction."""
    kind = check_upload(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = f"records/{record.pk}/{uuid.uuid4().hex}.{kind.extension}"
    stored = evidence_storage().save(name, upload)
    # A rollback after this point leaves an unreferenced file, never a row without its file.
    evidence = Evidence.objects.create(
        record=record,
        sanction=sanction,
        stored_name=stored,
        original_name=(upload.name or "")[:200],
        content_type=kind.content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    data = {"evidence_id": evidence.pk, "sha256": evidence.sha256, "type": kind.key, "size": evidence.size}
    if sanction is not None:
        data["sanction_id"] = sanction.pk
    audit_record(action="records.evidence.add", actor=actor, obj=record, data=data)
    return evidence


def evidence_visible_to(user: Any) -> Any:
    """The evidence of the records ``user`` may see (the one gate for downloads)."""
    return Evidence.objects.filter(record__in=CreditRecord.objects.visible_to(user)).select_related("record")
