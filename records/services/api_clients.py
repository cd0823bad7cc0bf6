"""API clients of other departments' systems (R-4, issue 11 item 5): tokens the credit office
issues, scoped to kinds of report and subjects, revocable and expiring. Only the token's
SHA-256 is stored; the token itself is returned once, by `api_client_issue`."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.services.audit import audit_record
from integrity.lib.errors import ApplicationError
from records.models import ApiClient, ReportSubject

TOKEN_PREFIX = "hyc_"  # noqa: S105  (a public marker that starts every token, not a secret)
# Kinds of report an API client may be given: agencies' and companies' (a civil servant's
# report is for authorised staff in the back office only).
API_REPORT_KINDS = (ReportSubject.AGENCY.value, ReportSubject.COMPANY.value)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_client_issue(
    *,
    actor: Any,
    name: str,
    department: Any,
    purpose: str,
    scope_reports: list[str],
    scope_subjects: list[str] | None = None,
    expires_at: dt.datetime | None = None,
) -> tuple[ApiClient, str]:
    """Create the client and its token; the token is in the return value and nowhere else."""
    if not purpose.strip():
        raise ApplicationError("A stated purpose is required.", field="purpose")
    unknown = sorted(set(scope_reports) - set(API_REPORT_KINDS))
    if not scope_reports or unknown:
        raise ApplicationError("Choose the reports it may read (agency, company).", field="scope_reports")
    expires_at = expires_at or timezone.now() + dt.timedelta(days=settings.API_CLIENT_TOKEN_DAYS)
    if expires_at <= timezone.now():
        raise ApplicationError("The expiry must lie in the future.", field="expires_at")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    client = ApiClient.objects.create(
        name=name,
        department=department,
        purpose=purpose.strip(),
        scope_reports=sorted(set(scope_reports)),
        scope_subjects=sorted({s.strip().upper() for s in scope_subjects or [] if s.strip()}),
        token_prefix=token[: len(TOKEN_PREFIX) + 4],
        token_hash=token_hash(token),
        expires_at=expires_at,
        created_by=actor,
    )
    audit_record(
        action="records.apiclient.issue",
        actor=actor,
        obj=client,
        to_state="active",
        data={
            "purpose": client.purpose,
            "scope_reports": client.scope_reports,
            "scope_subjects": client.scope_subjects,
            "expires_at": client.expires_at.isoformat(),
        },
    )
    return client, token


@transaction.atomic
def api_client_revoke(*, client: ApiClient, actor: Any, reason: str = "") -> ApiClient:
    locked = ApiClient.objects.select_for_update().get(pk=client.pk)
    if locked.revoked_at is not None:
        return locked
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    audit_record(
        action="records.apiclient.revoke",
        actor=actor,
        obj=locked,
        from_state="active",
        to_state="revoked",
        reason=reason,
    )
    return locked


def api_client_for_token(token: str) -> ApiClient | None:
    """The usable client of this token: None when unknown, revoked or expired."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    client = ApiClient.objects.filter(token_hash=token_hash(token)).first()
    if client is None or not client.is_usable():
        return None
    return client


def api_client_may_read(client: ApiClient, *, kind: str, subject_code: str) -> bool:
    return kind in client.scope_reports and (not client.scope_subjects or subject_code.upper() in client.scope_subjects)


@transaction.atomic
def api_query_audit(*, client: ApiClient, kind: str, subject_code: str, outcome: str, report_code: str = "") -> None:
    """Every query of a client, answered or refused: client, purpose, subject, time (the event's)."""
    ApiClient.objects.filter(pk=client.pk).update(last_used_at=timezone.now())
    audit_record(
        action="records.apiclient.query",
        obj=client,
        to_state=outcome,
        data={"purpose": client.purpose, "kind": kind, "subject": subject_code, "report": report_code},
    )
