"""Bench-only trials of recommended changes, served beside the project's own views.

Nothing here is used by the project: bench/urls.py routes these under /bench/trial/ so
the benchmark can measure a proposed change in the same run as the code as it is.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.encoding import iri_to_uri
from rest_framework import mixins
from rest_framework.request import Request

from disclosure.api import DisclosureViewSet


class CachedDisclosureViewSet(DisclosureViewSet):
    """The open-data list with its anonymous JSON responses cached like the public pages.

    The cache is read inside the view, after DRF has authenticated and run the throttle, so
    rate limiting still counts every request (a cache_page decorator around the view would
    answer cached requests before the throttle). The rendered bytes are cached, so a hit
    costs neither the query, the serializer nor the JSON renderer. Same lifetime as the
    public pages: a publication or takedown shows within PUBLIC_PAGE_CACHE_SECONDS.
    """

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        renderer = request.accepted_renderer
        if not seconds or renderer.format != "json":
            return mixins.ListModelMixin.list(self, request, *args, **kwargs)
        key = "api:disclosures:" + iri_to_uri(request.get_full_path())
        body = cache.get(key)
        if body is None:
            # The uncached list of DRF itself (the project's view may cache on its own by now).
            response = mixins.ListModelMixin.list(self, request, *args, **kwargs)
            body = renderer.render(response.data, request.accepted_media_type, self.get_renderer_context())
            cache.set(key, body, seconds)
        return HttpResponse(body, content_type=renderer.media_type)


# --- search: stored tsvector column + a plan the application picks ----------------------
#
# Proposed for disclosure/selectors.py (with migration 0003, see bench/README.md); here it
# is installed by monkeypatching when BENCH_SEARCH_TRIAL=1 and the bench table has the
# column (bench/run.py --stages trial adds it, measures, and puts the table back).

SEARCH_WINDOW = 5000  # newest public rows walked before asking the GIN index (bench/README.md)
_MATCH = '"disclosure_administrativeaction"."search_vector" @@ to_tsquery(\'simple\'::regconfig, %s)'


def trial_search(qs: Any, query: str) -> Any:
    from django.db import connection
    from django.db.models import BooleanField
    from django.db.models.expressions import RawSQL

    from integrity.lib.search import query_phrases

    phrases = query_phrases(query)
    if not phrases:
        return qs
    if connection.vendor == "postgresql":
        raw = " & ".join(
            "(" + " <-> ".join(f"'{t}'" + (":*" if len(t) == 1 else "") for t in phrase) + ")" for phrase in phrases
        )
        match = RawSQL(_MATCH, [raw], output_field=BooleanField())
        if sum(len(phrase) for phrase in phrases) == 1:
            # One token (a 2-character word): with SET STATISTICS 1000 the planner knows
            # every frequent bigram and the rest are rare, so its choice is right.
            return qs.filter(match)
        # Several tokens (a phrase, or several words): the planner multiplies their
        # frequencies and cannot be trusted; named so keyset_page picks the plan itself.
        return qs.alias(search_match=match).filter(search_match=True)
    for phrase in phrases:
        qs = qs.filter(search_text__contains=" ".join(phrase))
    return qs


def trial_keyset_page(qs: Any, cursor: str | None, size: int = 20) -> Any:
    from django.db import connection

    from disclosure import selectors

    decode = getattr(selectors, "decode_cursor", None) or selectors._decode  # type: ignore[attr-defined]
    position = decode(cursor) if cursor else None
    if position is not None:
        qs = qs.filter(_older_than(*position))
    ordered = qs.order_by("-published_at", "-id")
    if connection.vendor == "postgresql" and "search_match" in qs.query.annotations:
        rows = _search_rows(ordered, size + 1, position)
    else:
        rows = list(ordered[: size + 1])
    return selectors.Page(rows[:size], selectors._encode(rows[size - 1]) if len(rows) > size else None)


def _search_rows(ordered: Any, n: int, position: Any) -> list[Any]:
    """Matches newest first without trusting the planner's guess of how common a term is
    (shared/notes/perf.md): walk the newest SEARCH_WINDOW public rows of the date index
    (a common term fills the page here); only if the page is still short, fetch the older
    matches through the GIN index and sort them (few, or the walk would have found them)."""
    from django.db import connection, transaction
    from django.db.models import Q

    from disclosure.models import AdministrativeAction

    base = AdministrativeAction.objects.public()
    if position is not None:
        base = base.filter(_older_than(*position))
    edge = list(
        base.order_by("-published_at", "-id").values_list("published_at", "id")[SEARCH_WINDOW - 1 : SEARCH_WINDOW]
    )
    if not edge:  # fewer public rows than the window: the walk is short anyway
        return list(ordered[:n])
    stamp, pk = edge[0]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        # published_at >= stamp is the index range: the walk stops at the edge.
        newer = Q(published_at__gte=stamp) & (Q(published_at__gt=stamp) | Q(id__gte=pk))
        rows = list(ordered.filter(newer)[:n])
        if len(rows) < n:
            cursor.execute("SET LOCAL enable_bitmapscan = on")
            cursor.execute("SET LOCAL enable_seqscan = on")
            cursor.execute("SET LOCAL enable_indexscan = off")
            rows += list(ordered.filter(_older_than(stamp, pk))[: n - len(rows)])
    return rows


def _older_than(stamp: Any, pk: int) -> Any:
    """After (stamp, pk) in newest-first order. published_at <= stamp is what lets the
    index start at the cursor; the OR alone is only a filter, so the current keyset_page
    walks every newer row first (200,000 rows deep: 114 ms instead of 2 ms)."""
    from django.db.models import Q

    return Q(published_at__lte=stamp) & (Q(published_at__lt=stamp) | Q(id__lt=pk))


def install_search_trial() -> None:
    import disclosure.filters
    import disclosure.selectors

    disclosure.selectors.search = trial_search  # type: ignore[assignment]
    disclosure.filters.search = trial_search  # type: ignore[attr-defined]
    disclosure.selectors.keyset_page = trial_keyset_page  # type: ignore[assignment]
