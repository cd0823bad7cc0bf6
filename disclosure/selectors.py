"""Reads of disclosure data: what the public sees, and the clock figures for evaluation."""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import BooleanField, Count, F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from core.workflow import OPEN_STATUSES
from disclosure.models import AdministrativeAction, Takedown
from integrity.lib.search import query_phrases


def public_actions(today: dt.date | None = None) -> QuerySet[AdministrativeAction]:
    return AdministrativeAction.objects.public(today).select_related("agency", "data_source_agency")


# Newest public rows walked before asking the GIN index (bench/README.md: a common word fills
# a page within them in <= 7 ms; a rarer one has few enough matches to fetch and sort).
SEARCH_WINDOW = 5000
_MATCH = '"disclosure_administrativeaction"."search_vector" @@ to_tsquery(\'simple\'::regconfig, %s)'


def search(qs: QuerySet[AdministrativeAction], query: str) -> QuerySet[AdministrativeAction]:
    """Chinese full-text search over the bigram column (integrity.lib.search).

    PostgreSQL: a phrase tsquery on the stored, GIN-indexed tsvector (migration 0004); one
    character is a prefix query; `keyset_page` picks the plan. SQLite: LIKE on the ordinary
    column, right for any length (FTS5 trigram matches nothing under three characters,
    bench/README.md).
    """
    phrases = query_phrases(query)
    if not phrases:
        return qs
    if connection.vendor == "postgresql":
        # Tokens hold only CJK characters, letters and digits (integrity.lib.search), so
        # quoting them is enough to make a safe raw tsquery; it is passed as a parameter.
        raw = " & ".join(
            "(" + " <-> ".join(f"'{t}'" + (":*" if len(t) == 1 else "") for t in phrase) + ")" for phrase in phrases
        )
        match = RawSQL(_MATCH, [raw], output_field=BooleanField())  # noqa: S611 - constant SQL, the query is a parameter  # nosec B611
        if len(phrases) == 1 and len(phrases[0]) == 1 and len(phrases[0][0]) == 2:
            # One bigram: with statistics 1000 on the column (0004) the planner estimates it
            # well and picks the right plan itself, 1-5 ms (bench/README.md).
            return qs.filter(match)
        # Named, so keyset_page knows to pick the plan for a phrase or several words.
        return qs.alias(search_match=match).filter(search_match=True)
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


def decode_cursor(cursor: str) -> tuple[dt.datetime, int] | None:
    try:
        stamp, pk = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        when = dt.datetime.fromisoformat(stamp)
        # A crafted cursor (naive, or out of range once in UTC) is a first page, not a 500.
        return (when.astimezone(dt.UTC), int(pk)) if when.tzinfo else None
    except (ValueError, UnicodeDecodeError, OverflowError):
        return None


def _older_than(stamp: dt.datetime, pk: int) -> Q:
    # published_at <= stamp lets the index start at the cursor; the OR only filters the ties.
    return Q(published_at__lte=stamp) & (Q(published_at__lt=stamp) | Q(id__lt=pk))


def keyset_page(qs: QuerySet[AdministrativeAction], cursor: str | None, size: int = 20) -> Page:
    """Newest first, every page as cheap as the first (no OFFSET, no COUNT)."""
    position = decode_cursor(cursor) if cursor else None
    if position is not None:
        qs = qs.filter(_older_than(*position))
    ordered = qs.order_by("-published_at", "-id")
    if connection.vendor == "postgresql" and "search_match" in qs.query.annotations:
        rows = _search_rows(ordered, size + 1, position)
    else:
        rows = list(ordered[: size + 1])
    return Page(rows[:size], _encode(rows[size - 1]) if len(rows) > size else None)


def _search_rows(
    ordered: QuerySet[AdministrativeAction], n: int, position: tuple[dt.datetime, int] | None
) -> list[AdministrativeAction]:
    """Matches newest first, without trusting the planner's guess of how common a term is.

    The planner estimates a phrase as the product of its bigrams and an unknown bigram at
    0.5 %, and then either walks the date index for a rare word (the whole table for an
    absent one) or rechecks every match of a common phrase (bench/README.md). So: walk
    the newest SEARCH_WINDOW public rows by date (a common term fills the page there); only
    if the page is still short, fetch the older matches through the GIN index and sort them
    (there are few, or the walk would have found them).
    """
    base = AdministrativeAction.objects.public()
    if position is not None:
        base = base.filter(_older_than(*position))
    edge = list(
        base.order_by("-published_at", "-id").values_list("published_at", "id")[SEARCH_WINDOW - 1 : SEARCH_WINDOW]
    )
    if not edge:  # fewer public rows than the window: the walk is short anyway
        return list(ordered[:n])
    stamp, pk = edge[0]
    assert stamp is not None  # public() rows are published
    # SET LOCAL ends with the outermost transaction; inside a caller's transaction the
    # finally puts the planner back as it was.
    with transaction.atomic(), connection.cursor() as cursor:
        try:
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute("SET LOCAL enable_seqscan = off")
            newer = Q(published_at__gte=stamp) & (Q(published_at__gt=stamp) | Q(id__gte=pk))
            rows = list(ordered.filter(newer)[:n])
            if len(rows) < n:
                cursor.execute("SET LOCAL enable_bitmapscan = on")
                cursor.execute("SET LOCAL enable_seqscan = on")
                cursor.execute("SET LOCAL enable_indexscan = off")
                rows += list(ordered.filter(_older_than(stamp, pk))[: n - len(rows)])
        finally:
            cursor.execute(
                "SET LOCAL enable_bitmapscan = on; SET LOCAL enable_seqscan = on; SET LOCAL enable_indexscan = on"
            )
    return rows


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


def _late(today: dt.date | None, actions: QuerySet[AdministrativeAction]) -> QuerySet[AdministrativeAction]:
    today = today or timezone.localdate()
    return actions.filter(due_on__isnull=False).filter(
        Q(published_at__date__gt=F("due_on")) | Q(status__in=OPEN_STATUSES, due_on__lt=today)
    )


def late_publications(user: Any, today: dt.date | None = None) -> list[LatePublication]:
    """Published after the due date, or still unpublished past it, among what ``user`` may see
    (every agency for the credit office, their own for clerks and reviewers)."""
    today = today or timezone.localdate()
    out = []
    for action in (
        _late(today, AdministrativeAction.objects.visible_to(user)).select_related("agency").order_by("due_on")
    ):
        assert action.due_on is not None
        end = timezone.localdate(action.published_at) if action.published_at else today
        out.append(LatePublication(action, (end - action.due_on).days))
    return out


def late_publication_count(user: Any, today: dt.date | None = None) -> int:
    return _late(today, AdministrativeAction.objects.visible_to(user)).count()


def agency_late_publication_count(agency_id: int, today: dt.date | None = None) -> int:
    """The public agency page's figure: how many of its actions missed the clock, never which."""
    return _late(today, AdministrativeAction.objects.filter(agency_id=agency_id)).count()


def public_detail(pk: Any) -> AdministrativeAction | None:
    return public_actions().filter(pk=pk).first()
