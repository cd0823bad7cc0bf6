"""Evidence files of credit records: checked by content and size, stored under server names
through the ``evidence`` storage alias, read back only for those who may see the record."""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
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


def download_name(evidence: Any) -> str:
    """The person's file name without path parts or control characters, with the extension
    of the type the content showed (a PNG renamed .exe downloads as .png). Any evidence row
    (a record's or an objection's) with ``original_name`` and ``content_type``."""
    return safe_download_name(evidence.original_name, evidence.content_type)


def safe_download_name(original_name: str, content_type: str) -> str:
    stem = _UNSAFE.sub("_", original_name.rsplit("/", 1)[-1]).strip(" ._") or "evidence"
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    extension = next((t.extension for t in filetypes.EVIDENCE_TYPES if t.content_type == content_type), "bin")
    return f"{stem[:100]}.{extension}"


@dataclass(frozen=True)
class StoredUpload:
    """A checked upload saved through the evidence storage (what an evidence row records)."""

    stored_name: str
    original_name: str
    content_type: str
    size: int
    sha256: str
    kind: str


def evidence_store(*, upload: Any, folder: str) -> StoredUpload:
    """Check ``upload`` by content and size and save it under a server-made name in ``folder``.

    The one set of upload rules for every evidence file (credit records, objections). A
    rollback of the caller after this leaves an unreferenced file, never a row without its file.
    """
    kind = check_upload(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    stored = evidence_storage().save(f"{folder}/{uuid.uuid4().hex}.{kind.extension}", upload)
    return StoredUpload(
        stored_name=stored,
        original_name=(upload.name or "")[:200],
        content_type=kind.content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        kind=kind.key,
    )


@transaction.atomic
def evidence_add(*, record: CreditRecord, actor: Any, upload: Any) -> Evidence:
    """Attach one file to a record its actor may edit now (a draft or a returned record)."""
    from records.services.records import _check_may_edit

    _check_may_edit(CreditRecord.objects.get(pk=record.pk), actor)
    return evidence_attach(record=record, actor=actor, upload=upload)


def evidence_attach(*, record: CreditRecord, actor: Any, upload: Any, sanction: Any = None) -> Evidence:
    """Check, store and audit one file of ``record`` (and of ``sanction``, when it is the
    evidence a sanction was carried out); the caller has checked who may attach it and runs
    the transaction."""
    saved = evidence_store(upload=upload, folder=f"records/{record.pk}")
    # A rollback after this point leaves an unreferenced file, never a row without its file.
    evidence = Evidence.objects.create(
        record=record,
        sanction=sanction,
        stored_name=saved.stored_name,
        original_name=saved.original_name,
        content_type=saved.content_type,
        size=saved.size,
        sha256=saved.sha256,
        uploaded_by=actor,
    )
    data = {"evidence_id": evidence.pk, "sha256": evidence.sha256, "type": saved.kind, "size": evidence.size}
    if sanction is not None:
        data["sanction_id"] = sanction.pk
    audit_record(action="records.evidence.add", actor=actor, obj=record, data=data)
    return evidence


def evidence_visible_to(user: Any) -> Any:
    """The evidence of the records ``user`` may see (the one gate for downloads)."""
    return Evidence.objects.filter(record__in=CreditRecord.objects.visible_to(user)).select_related("record")
