"""`StartsWithAny`, the one-lookup form of OR'd ``startswith`` filters (integrity/lib/lookups.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q

from core.models import Notification
from integrity.lib.lookups import StartsWithAny
from tests.factories import UserFactory


def _keys(prefixes: list[str]) -> set[str]:
    return set(Notification.objects.filter(StartsWithAny(F("key"), prefixes)).values_list("key", flat=True))


def test_it_matches_what_ored_startswith_filters_match_and_treats_wildcards_as_text(db: Any) -> None:
    user = UserFactory.create()
    for key in ["record-1-a", "record-12-a", "record-2-b", "r%cord-3", "record_4", "other-1"]:
        Notification.objects.create(recipient=user, kind="test", subject=key, key=key)
    prefixes = ["record-1-", "record-2-", "r%", "record_"]
    ored = Q()
    for prefix in prefixes:
        ored |= Q(key__startswith=prefix)
    expected = set(Notification.objects.filter(ored).values_list("key", flat=True))
    # "record-12-a" does not start with "record-1-"; "%" and "_" are literal characters.
    assert _keys(prefixes) == expected == {"record-1-a", "record-2-b", "r%cord-3", "record_4"}


def test_no_prefix_matches_nothing(db: Any) -> None:
    Notification.objects.create(recipient=UserFactory.create(), kind="test", subject="x", key="x")
    assert _keys([]) == set()
