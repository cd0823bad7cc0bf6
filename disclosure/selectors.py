"""Reads of disclosure data: what the public sees, and the clock figures for evaluation."""

from __future__ import annotations

import base64
import datetime as dt
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import BooleanField, Count, F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.query import ValuesIterable
from django.utils import timezone

from core.models import Agency
from core.workflow import OPEN_STATUSES
from disclosure.models import ActionKind, AdministrativeAction, Takedown
from disclosure.presenters import LIST_COLUMNS, SUBJECT_TYPES
from integrity.lib.search import query_phrases


def public_actions(today: dt.date | None = None) -> QuerySet[AdministrativeAction]:
    return AdministrativeAction.objects.public(today).select_related("agency", "data_source_agency")


class ListRow:
    """One row of a public list as presenters.list_items reads it: the LIST_COLUMNS of a
    `.values()` row as attributes, the agency's as `row.agency.name`. Not a model instance:
    building 21 deferred instances and their agencies was a quarter of an uncached list page
    (bench/README.md), and a list only reads these few columns."""

    def __init__(self, values: dict[str, Any]) -> None:
        agency = _Agency(values.pop("agency__name"), values.pop("agency__uscc"))
        self.__dict__.update(values, pk=values["id"], agency=agency)

    def get_kind_display(self) -> str:
        return str(ActionKind(self.__dict__["kind"]).label)

    def penalty_category_labels(self) -> list[str]:
        return AdministrativeAction.penalty_category_labels(self)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class _Agency:
    name: str
    uscc: str


class _ListRowIterable(ValuesIterable):
    def __iter__(self) -> Iterator[ListRow]:  # type: ignore[override]
        for row in super().__iter__():
            yield ListRow(row)


def for_lists(qs: QuerySet[AdministrativeAction]) -> QuerySet[AdministrativeAction]:
    """Only the columns a result in a list shows (presenters.LIST_COLUMNS), as ListRows; the
    queryset still filters, orders and slices as before (keyset_page)."""
    rows = qs.select_related(None).values(*LIST_COLUMNS)
    # As values_list(named=True) does: the rows come out through another iterable class.
    rows._iterable_class = _ListRowIterable
    return rows  # type: ignore[return-value]


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
        bound = match_bound(query)
        if (len(phrases) == 1 and len(phrases[0]) == 1 and len(phrases[0][0]) == 2) or (
            bound is not None and bound <= SEARCH_WINDOW
        ):
            # One bigram: with statistics 1000 on the column (0004) the planner estimates it
            # well and picks the right plan itself, 1-5 ms (bench/README.md). A phrase with a
            # rare bigram has few candidates whatever the planner guesses, so its GIN bitmap
            # is cheap too (the walk of the window cost 40-55 ms for those at 1M rows).
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


# The order of every public list and of the open-data API: newest decision first, the id
# breaking ties (index action_decided_desc). A reader looks for a decision by when it was made;
# publication order stays for the feed and the sitemap.
ORDER = ("-decision_date", "-id")


def _encode(item: AdministrativeAction) -> str:
    return base64.urlsafe_b64encode(f"{item.decision_date.isoformat()}|{item.pk}".encode()).decode()


def decode_cursor(cursor: str) -> tuple[dt.date, int] | None:
    try:
        stamp, pk = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        # Only YYYY-MM-DD: a cursor of the old publication-time order, or a crafted one, is a
        # first page, not a 500.
        if len(stamp) != 10:
            return None
        return dt.date.fromisoformat(stamp), int(pk)
    except (ValueError, UnicodeDecodeError, OverflowError):
        return None


def _older_than(day: dt.date, pk: int) -> Q:
    # decision_date <= day lets the index start at the cursor; the OR only filters the ties.
    return Q(decision_date__lte=day) & (Q(decision_date__lt=day) | Q(id__lt=pk))


def keyset_page(qs: QuerySet[AdministrativeAction], cursor: str | None, size: int = 20) -> Page:
    """Newest decision first, every page as cheap as the first (no OFFSET, no COUNT)."""
    position = decode_cursor(cursor) if cursor else None
    if position is not None:
        qs = qs.filter(_older_than(*position))
    ordered = qs.order_by(*ORDER)
    if connection.vendor == "postgresql" and "search_match" in qs.query.annotations:
        rows = _search_rows(ordered, size + 1, position)
    else:
        rows = list(ordered[: size + 1])
    return Page(rows[:size], _encode(rows[size - 1]) if len(rows) > size else None)


# The list shows how many results match, exactly up to this and as "1,000+" beyond: counting
# a million matches on every uncached page would cost more than the page (bench/README.md).
COUNT_CAP = 1000


def capped_count(qs: QuerySet[AdministrativeAction]) -> dict[str, Any]:
    """SELECT count(*) FROM (… LIMIT COUNT_CAP + 1): stops at the cap, whatever the filter."""
    n = qs.select_related(None).order_by()[: COUNT_CAP + 1].count()
    return {"n": min(n, COUNT_CAP), "capped": n > COUNT_CAP}


def _search_rows(
    ordered: QuerySet[AdministrativeAction], n: int, position: tuple[dt.date, int] | None
) -> list[AdministrativeAction]:
    """Matches newest first, without trusting the planner's guess of how common a term is.

    The planner estimates a phrase as the product of its bigrams and an unknown bigram at
    0.5 %, and then either walks the date index for a rare word (the whole table for an
    absent one) or rechecks every match of a common phrase (bench/README.md). So: walk
    the newest SEARCH_WINDOW public rows by decision date (a common term fills the page
    there); only if the page is still short, fetch the older matches through the GIN index
    and sort them (there are few, or the walk would have found them).
    """
    edge = _window_edge(position)
    if edge is None:  # fewer public rows than the window: the walk is short anyway
        return list(ordered[:n])
    day, pk = edge
    # SET LOCAL ends with the outermost transaction; inside a caller's transaction the
    # finally puts the planner back as it was.
    with transaction.atomic(), connection.cursor() as cursor:
        try:
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute("SET LOCAL enable_seqscan = off")
            newer = Q(decision_date__gte=day) & (Q(decision_date__gt=day) | Q(id__gte=pk))
            rows = list(ordered.filter(newer)[:n])
            if len(rows) < n:
                cursor.execute("SET LOCAL enable_bitmapscan = on")
                cursor.execute("SET LOCAL enable_seqscan = on")
                cursor.execute("SET LOCAL enable_indexscan = off")
                rows += list(ordered.filter(_older_than(day, pk))[: n - len(rows)])
        finally:
            cursor.execute(
                "SET LOCAL enable_bitmapscan = on; SET LOCAL enable_seqscan = on; SET LOCAL enable_indexscan = on"
            )
    return rows


# The first page's window edge, kept per process for a minute. The edge only splits the
# matches into "walked by date" and "fetched through the GIN index"; both parts together are
# all matches whatever the edge, so a slightly stale one changes the cost, never the answer.
EDGE_SECONDS = 60
_first_edge: dict[str, Any] = {}


def _window_edge(position: tuple[dt.date, int] | None) -> tuple[dt.date, int] | None:
    if position is None and _first_edge.get("until", 0) > time.monotonic():
        edge: tuple[dt.date, int] | None = _first_edge["edge"]
        return edge
    base = AdministrativeAction.objects.public()
    if position is not None:
        base = base.filter(_older_than(*position))
    rows = list(base.order_by(*ORDER).values_list("decision_date", "id")[SEARCH_WINDOW - 1 : SEARCH_WINDOW])
    found = rows[0] if rows else None
    if position is None:
        _first_edge.update(edge=found, until=time.monotonic() + EDGE_SECONDS)
    return found


# --- how many rows a search can match, from the column's statistics ---------------------------
# PostgreSQL keeps the frequency of the ~3,000 commonest bigrams of the search column
# (statistics 1000, migration 0004); a bigram not among them is in fewer rows than the least of
# those. A phrase or several words match at most the rows holding their rarest token: that
# bound picks the plan (few candidates: the GIN bitmap) and, for a common search, is the
# estimate the page shows as "about N" instead of counting hundreds of thousands of rows.
STATS_SECONDS = 600
_stats: dict[str, Any] = {}


def _bigram_stats() -> tuple[float, dict[str, float], float] | None:
    """(rows in the table, frequency per common token, frequency floor), None without statistics."""
    if _stats.get("until", 0) > time.monotonic():
        cached: tuple[float, dict[str, float], float] | None = _stats["value"]
        return cached
    value = None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.reltuples, s.most_common_elems::text::text[], s.most_common_elem_freqs "
            "FROM pg_class c LEFT JOIN pg_stats s ON s.tablename = c.relname AND s.attname = 'search_vector' "
            "WHERE c.oid = 'disclosure_administrativeaction'::regclass"
        )
        row = cursor.fetchone()
    if row and row[0] and row[0] > 0 and row[1]:
        elems, freqs = row[1], row[2]
        # The last three frequencies are the minimum, the maximum and the null fraction.
        value = (float(row[0]), dict(zip(elems, freqs[: len(elems)], strict=False)), float(freqs[len(elems)]))
    _stats.update(value=value, until=time.monotonic() + STATS_SECONDS)
    return value


def match_bound(query: str) -> int | None:
    """At most how many rows (about) a search matches: the rows holding its rarest token.

    None where the statistics cannot say: SQLite, a table never analysed, a one-character
    (prefix) token."""
    if connection.vendor != "postgresql":
        return None
    phrases = query_phrases(query)
    tokens = [t for phrase in phrases for t in phrase]
    if not tokens or any(len(t) == 1 for t in tokens):
        return None
    stats = _bigram_stats()
    if stats is None:
        return None
    rows, freqs, floor = stats
    return round(rows * min(freqs.get(t, floor) for t in tokens))


def search_count(qs: QuerySet[AdministrativeAction], query: str) -> dict[str, Any]:
    """The result count of a search: exact (capped) where the matches are few enough to count
    through the GIN index, otherwise the statistics' estimate, which the page calls "about"."""
    bound = match_bound(query)
    if bound is None or bound <= SEARCH_WINDOW:
        return {**capped_count(qs), "estimated": False}
    return {"n": _round(bound), "capped": False, "estimated": True}


def _round(n: int) -> int:
    """Two significant digits: an estimate should not look like a count."""
    digits = len(str(n))
    return n if digits <= 2 else round(n, 2 - digits)


def counts_by_kind() -> dict[str, int]:
    rows = public_actions().values("kind").annotate(n=Count("id")).order_by()
    return {r["kind"]: r["n"] for r in rows}


def agency_choices() -> list[tuple[str, str]]:
    """(credit code, name) of the active agencies for the list's select, shared for five
    minutes: a deactivated agency leaves the select within that time."""
    rows = cache.get_or_set(
        "disclosure:agency-choices",
        lambda: list(Agency.objects.active().order_by("name").values_list("uscc", "name")),
        300,
    )
    return rows or []


def subject_actions(uscc: str) -> QuerySet[AdministrativeAction]:
    """The public licences and penalties of one organisation or 个体工商户 (never a natural
    person, whatever code was typed for one), by its credit code (index action_subject_decided)."""
    return public_actions().filter(
        counterparty_uscc=uscc,
        counterparty_type__in=SUBJECT_TYPES,
        kind__in=(ActionKind.LICENSING, ActionKind.PENALTY),
    )


def subject_counts(qs: QuerySet[AdministrativeAction]) -> dict[str, int]:
    rows = qs.values("kind").annotate(n=Count("id")).order_by()
    counts = {ActionKind.LICENSING.value: 0, ActionKind.PENALTY.value: 0}
    counts.update({r["kind"]: r["n"] for r in rows})
    return counts


def has_public_subject(uscc: str) -> bool:
    return subject_actions(uscc).exists()


def last_published_at() -> dt.datetime | None:
    """The open data's update time: the newest publication still public (index action_published_desc)."""
    return public_actions().order_by("-published_at", "-id").values_list("published_at", flat=True).first()


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


def takedown_of(pk: Any) -> Takedown | None:
    """The public takedown-log entry of an action that left the public site, if any."""
    return Takedown.objects.filter(action_id=pk).first()


def public_detail(pk: Any) -> AdministrativeAction | None:
    return public_actions().filter(pk=pk).first()
