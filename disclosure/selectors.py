"""Reads of disclosure data: what the public sees, and the clock figures for evaluation."""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from core.workflow import Status
from disclosure.models import AdministrativeAction, Takedown
from integrity.lib.search import query_phrases

PUBLIC_LIST_FIELDS = [
    "id", "kind", "other_kind_name", "counterparty_name", "counterparty_type", "counterparty_uscc",
    "document_name", "document_number", "decision_date", "published_at", "status", "tier",
    "agency__name", "agency__uscc",
]


def public_actions(today: dt.date | None = None) -> QuerySet[AdministrativeAction]:
    return AdministrativeAction.objects.public(today).select_related("agency", "data_source_agency")


def search(qs: QuerySet[AdministrativeAction], query: str) -> QuerySet[AdministrativeAction]:
    """Chinese full-text search over the bigram column (integrity.lib.search).

    PostgreSQL: a phrase tsquery on the GIN-indexed bigram tsvector; one character is a
    prefix query. SQLite: LIKE on the ordinary column, right for any length (FTS5 trigram
    matches nothing under three characters, shared/notes/perf.md).
    """
    phrases = query_phrases(query)
    if not phrases:
        return qs
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        # Tokens hold only CJK characters, letters and digits (integrity.lib.search), so
        # quoting them is enough to make a safe raw tsquery.
        raw = " & ".join(
            "(" + " <-> ".join(f"'{t}'" + (":*" if len(t) == 1 else "") for t in phrase) + ")" for phrase in phrases
        )
        return qs.annotate(search_vector=SearchVector("search_text", config="simple")).filter(
            search_vector=SearchQuery(raw, config="simple", search_type="raw")
        )
    for phrase in phrases:
        qs = qs.filter(search_text__contains=" ".join(phrase))
    return qs


@dataclass(frozen=True)
class Page:
    items: list[AdministrativeAction]
    next_cursor: str | None


def _encode(item: AdministrativeAction) -> str:
    assert item.published_at is not None
    return base64.urlsafe_b64encode(f"{item.published_at.isoformat()}|{item.pk}".encode()).decode()


def _decode(cursor: str) -> tuple[dt.datetime, int] | None:
    try:
        stamp, pk = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        when = dt.datetime.fromisoformat(stamp)
        # A crafted cursor (naive, or out of range once in UTC) is a first page, not a 500.
        return (when.astimezone(dt.UTC), int(pk)) if when.tzinfo else None
    except (ValueError, UnicodeDecodeError, OverflowError):
        return None


def keyset_page(qs: QuerySet[AdministrativeAction], cursor: str | None, size: int = 20) -> Page:
    """Newest first, every page as cheap as the first (no OFFSET, no COUNT)."""
    position = _decode(cursor) if cursor else None
    if position is not None:
        stamp, pk = position
        qs = qs.filter(Q(published_at__lt=stamp) | Q(published_at=stamp, id__lt=pk))
    rows = list(qs.order_by("-published_at", "-id")[: size + 1])
    return Page(rows[:size], _encode(rows[size - 1]) if len(rows) > size else None)


def counts_by_kind() -> dict[str, int]:
    rows = public_actions().values("kind").annotate(n=Count("id")).order_by()
    return {r["kind"]: r["n"] for r in rows}


def takedown_log() -> QuerySet[Takedown]:
    # public_fields names the data-source agency too: without it, one query per entry.
    return Takedown.objects.select_related("action", "action__agency", "action__data_source_agency")


@dataclass(frozen=True)
class LatePublication:
    action: AdministrativeAction
    days_late: int


def _late(today: dt.date | None, agency_id: int | None) -> QuerySet[AdministrativeAction]:
    today = today or timezone.localdate()
    qs = AdministrativeAction.objects.filter(due_on__isnull=False).filter(
        Q(published_at__date__gt=F("due_on"))
        | Q(status__in=[Status.DRAFT, Status.SUBMITTED, Status.RETURNED], due_on__lt=today)
    )
    return qs if agency_id is None else qs.filter(agency_id=agency_id)


def late_publications(today: dt.date | None = None, agency_id: int | None = None) -> list[LatePublication]:
    """Published after the due date, or still unpublished past it (credit-office dashboard)."""
    today = today or timezone.localdate()
    out = []
    for action in _late(today, agency_id).select_related("agency").order_by("due_on"):
        assert action.due_on is not None
        end = timezone.localdate(action.published_at) if action.published_at else today
        out.append(LatePublication(action, (end - action.due_on).days))
    return out


def late_publication_count(agency_id: int | None = None, today: dt.date | None = None) -> int:
    return _late(today, agency_id).count()


def late_publication_counts(today: dt.date | None = None) -> dict[int, int]:
    """Per agency id, how many actions missed the 7-working-day clock (for evaluation)."""
    rows = _late(today, None).values("agency_id").annotate(n=Count("id")).order_by()
    return {r["agency_id"]: r["n"] for r in rows}


def public_detail(pk: Any) -> AdministrativeAction | None:
    return public_actions().filter(pk=pk).first()
