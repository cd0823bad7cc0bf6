"""Issuing credit reports and answering for their codes (issue 11 item 4)."""

from __future__ import annotations

import hashlib
import json
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from core.services.audit import audit_record
from records.models import ApiClient, IssuedReport

# Crockford's base32 without I, L, O, U: a code read aloud or typed from paper is not misread.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_GROUPS, GROUP_LENGTH = 4, 4


def new_code() -> str:
    """80 random bits, as XXXX-XXXX-XXXX-XXXX: not guessable, so a code proves an issue."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUPS * GROUP_LENGTH))
    return "-".join(chars[i : i + GROUP_LENGTH] for i in range(0, len(chars), GROUP_LENGTH))


def normalise_code(code: str) -> str:
    return code.strip().upper().replace(" ", "")


def content_digest(content: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


@transaction.atomic
def report_issue(
    *,
    content: dict[str, Any],
    requested_by: Any = None,
    api_client: ApiClient | None = None,
    channel: str = "web",
) -> IssuedReport:
    """Store the report as issued, with a fresh verification code, and audit it."""
    issued_at = timezone.now()
    report = IssuedReport.objects.create(
        code=new_code(),
        subject_kind=content["kind"],
        subject_code=content["subject_code"],
        subject_name=content["subject_name"],
        content=content,
        content_sha256=content_digest(content),
        issued_at=issued_at,
        requested_by=requested_by if requested_by is not None and requested_by.is_authenticated else None,
        api_client=api_client,
    )
    audit_record(
        action="records.report.issue",
        actor=report.requested_by,
        obj=report,
        to_state=channel,
        data={
            "kind": report.subject_kind,
            "subject": report.subject_code,
            "api_client_id": api_client.pk if api_client else None,
            "sha256": report.content_sha256,
        },
    )
    return report


def report_for_code(code: str) -> IssuedReport | None:
    return IssuedReport.objects.filter(code=normalise_code(code)).select_related("api_client").first()
