"""Chinese full-text search (`selectors.search`): bigrams on SQLite and PostgreSQL alike."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from core.models import Agency
from disclosure.models import ActionKind, AdministrativeAction, CounterpartyType
from disclosure.selectors import public_actions, search
from tests.disclosure.conftest import ActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(agency_a: Agency) -> dict[str, AdministrativeAction]:
    return {
        "food_fine": ActionFactory.create(
            agency=agency_a,
            published=True,
            document_number="济槐市监罚〔2026〕417号",
            violation_type="销售不符合食品安全标准的食品",
            violation_facts="经查，当事人销售过期食品。",
            penalty_content="警告，并处罚款。",
        ),
        "licence": ActionFactory.create(
            agency=agency_a,
            published=True,
            kind=ActionKind.LICENSING,
            document_number="济槐审许〔2026〕HY0055号",
            licence_certificate_name="食品经营许可证",
            licence_content="预包装食品销售",
        ),
        # 食品 and 安全 both occur, but never as the phrase 食品安全.
        "split": ActionFactory.create(
            agency=agency_a,
            published=True,
            violation_type="消防违法行为",
            violation_facts="仓库存放食品，安全出口堵塞。",
            penalty_categories=["warning"],
            fine_amount=None,
            penalty_content="责令改正。",
        ),
        "person": ActionFactory.create(
            agency=agency_a,
            published=True,
            counterparty_type=CounterpartyType.NATURAL_PERSON,
            counterparty_name="孙小红",
            violation_type="露天焚烧垃圾",
        ),
        "draft": ActionFactory.create(agency=agency_a, penalty_content="罚款，食品安全。"),
    }


def found(query: str) -> set[int]:
    return set(search(public_actions(), query).values_list("id", flat=True))


def ids(corpus: dict[str, AdministrativeAction], *keys: str) -> set[int]:
    return {corpus[k].pk for k in keys}


def test_a_two_character_word_is_found(corpus: dict[str, AdministrativeAction]) -> None:
    assert found("罚款") == ids(corpus, "food_fine", "person")


def test_a_four_character_phrase_is_found_only_where_it_occurs_as_a_phrase(
    corpus: dict[str, AdministrativeAction],
) -> None:
    assert found("食品安全") == ids(corpus, "food_fine")


def test_words_either_side_of_punctuation_do_not_make_a_phrase(corpus: dict[str, AdministrativeAction]) -> None:
    assert found("食品安全出口") == set()
    assert found("安全出口") == ids(corpus, "split")


def test_one_character_is_found_inside_a_word(corpus: dict[str, AdministrativeAction]) -> None:
    # 罚 starts the bigram 罚款 and ends 处罚 (行政处罚决定书 in every penalty).
    assert found("罚") == ids(corpus, "food_fine", "split", "person")


def test_one_character_is_found_at_the_end_of_a_run(corpus: dict[str, AdministrativeAction]) -> None:
    # 证 only ends 食品经营许可证: no bigram starts with it.
    assert found("证") == ids(corpus, "licence")


def test_an_absent_word_finds_nothing(corpus: dict[str, AdministrativeAction]) -> None:
    assert found("鞭刑") == set()
    assert found("品食") == set()  # both characters occur, never in this order


def test_digits_of_a_document_number_are_found(corpus: dict[str, AdministrativeAction]) -> None:
    assert found("417") == ids(corpus, "food_fine")
    assert found("2026 417") == ids(corpus, "food_fine")
    assert found("〔2026〕417号") == ids(corpus, "food_fine")


def test_latin_tokens_ignore_case(corpus: dict[str, AdministrativeAction]) -> None:
    assert found("hy0055") == found("HY0055") == ids(corpus, "licence")


def test_an_organisations_uscc_is_searchable(corpus: dict[str, AdministrativeAction]) -> None:
    assert found(corpus["licence"].counterparty_uscc) == ids(corpus, "licence")


def test_a_natural_persons_full_name_finds_nothing(corpus: dict[str, AdministrativeAction]) -> None:
    # Only the masked name is indexed, so a search cannot confirm who was penalised.
    assert found("孙小红") == set()
    assert found("小红") == set()
    assert found("孙") == ids(corpus, "person")


def test_an_empty_or_punctuation_only_query_filters_nothing(corpus: dict[str, AdministrativeAction]) -> None:
    everything = ids(corpus, "food_fine", "licence", "split", "person")
    assert found("") == everything
    assert found("  ，。！ ") == everything


def test_unpublished_items_are_never_found(corpus: dict[str, AdministrativeAction]) -> None:
    assert corpus["draft"].pk not in found("罚款")


def test_the_list_page_and_the_api_search_in_chinese(client: Client, corpus: dict[str, AdministrativeAction]) -> None:
    page = client.get(reverse("disclosure:list"), {"q": "食品安全"}).content.decode()
    assert {int(pk) for pk in re.findall(r'href="/disclosures/(\d+)/"', page)} == ids(corpus, "food_fine")
    api = client.get("/api/v1/disclosures/", {"q": "罚款"}).json()
    assert {item["id"] for item in api["results"]} == ids(corpus, "food_fine", "person")


def test_the_search_uses_the_database_path(corpus: dict[str, AdministrativeAction]) -> None:
    sql = str(search(public_actions(), "罚款").query)
    if connection.vendor == "postgresql":
        # The stored, GIN-indexed column of migration 0004, not a per-row to_tsvector().
        assert '"search_vector" @@ to_tsquery' in sql and "to_tsvector" not in sql
    else:
        assert "LIKE" in sql


def test_space_separated_words_must_all_occur_but_not_side_by_side(corpus: dict[str, AdministrativeAction]) -> None:
    # 食品 and 安全 stand apart only in "split"; together they are also in "food_fine".
    assert found("食品 安全") == {corpus["food_fine"].pk, corpus["split"].pk}
    assert found("食品 消防") == {corpus["split"].pk}
    assert found("食品 不存在的词") == set()


def test_search_pages_are_newest_first_whether_matches_are_in_the_walked_window_or_older(
    agency_a: Agency, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    from django.utils import timezone

    from disclosure import selectors

    # A window of 2 rows: the newest match is inside it, the two older ones only the GIN
    # step finds (on PostgreSQL; SQLite takes the plain path, with the same answer).
    monkeypatch.setattr(selectors, "SEARCH_WINDOW", 2)
    today = timezone.localdate()
    made = []
    # Newest first is by decision date (issue 8, item 10); published in the opposite order.
    for age, facts in enumerate(["占道经营烧烤", "无证经营", "超范围经营", "夜间烧烤扰民", "露天烧烤", "无照经营"]):
        made.append(
            ActionFactory.create(
                agency=agency_a,
                published=True,
                violation_facts=facts,
                decision_date=today - dt.timedelta(days=1 + age),
                published_at=timezone.now() - dt.timedelta(days=6 - age),
            )
        )
    grills = [made[0].pk, made[3].pk, made[4].pk]
    first = selectors.keyset_page(search(public_actions(), "烧烤"), None, size=2)
    assert [a.pk for a in first.items] == grills[:2]
    second = selectors.keyset_page(search(public_actions(), "烧烤"), first.next_cursor, size=2)
    assert [a.pk for a in second.items] == grills[2:]
    assert second.next_cursor is None


# --- issue 8 item 10: the count and the plan of a search at a million rows -------------------


def test_a_search_too_common_to_count_shows_the_estimate_and_says_so(
    client: Client, corpus: dict[str, AdministrativeAction], monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.utils import translation

    from disclosure import selectors

    # As the statistics would say of 公司 at a million rows: far more than the GIN index can count cheaply.
    monkeypatch.setattr(selectors, "match_bound", lambda query: 749_548)
    with translation.override("en"):
        response = client.get(reverse("disclosure:list"), {"q": "罚款"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["count"] == {"n": 750_000, "capped": False, "estimated": True}
    assert "(estimated)" in response.content.decode() or "估算" in response.content.decode()
    # The results themselves are the real matches, not an estimate.
    assert {int(pk) for pk in re.findall(r'href="/disclosures/(\d+)/"', response.content.decode())} == ids(
        corpus, "food_fine", "person"
    )


def test_a_rare_search_or_one_with_other_filters_is_counted_exactly(
    client: Client, corpus: dict[str, AdministrativeAction], monkeypatch: pytest.MonkeyPatch
) -> None:
    from disclosure import selectors

    monkeypatch.setattr(selectors, "match_bound", lambda query: 12)
    assert client.get(reverse("disclosure:list"), {"q": "罚款"}).context["count"] == {
        "n": 2,
        "capped": False,
        "estimated": False,
    }
    monkeypatch.setattr(selectors, "match_bound", lambda query: 749_548)
    # With a kind chosen the estimate of the word alone would be wrong: counted (capped).
    count = client.get(reverse("disclosure:list"), {"q": "罚款", "kind": "penalty"}).context["count"]
    assert count["n"] == 2 and not count.get("estimated")


@pytest.mark.parametrize(("n", "shown"), [(7, 7), (99, 99), (149, 150), (46_751, 47_000), (749_548, 750_000)])
def test_an_estimate_keeps_two_significant_digits(n: int, shown: int) -> None:
    from disclosure.selectors import _round

    assert _round(n) == shown


def test_the_bound_comes_from_the_statistics_only_on_postgresql(corpus: dict[str, AdministrativeAction]) -> None:
    from disclosure import selectors

    if connection.vendor != "postgresql":
        assert selectors.match_bound("食品安全") is None
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE disclosure_administrativeaction")
    selectors._stats.clear()
    bound = selectors.match_bound("食品安全")
    assert bound is not None and bound >= 0
    assert selectors.match_bound("罚") is None  # a prefix: the statistics cannot say


def test_a_stale_window_edge_changes_the_cost_never_the_results(
    agency_a: Agency, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    from django.utils import timezone

    from disclosure import selectors

    monkeypatch.setattr(selectors, "SEARCH_WINDOW", 2)
    monkeypatch.setattr(selectors, "match_bound", lambda query: None)  # the two-step plan
    today = timezone.localdate()
    made = [
        ActionFactory.create(
            agency=agency_a,
            published=True,
            violation_facts=facts,
            decision_date=today - dt.timedelta(days=1 + age),
        )
        for age, facts in enumerate(["占道经营烧烤", "无证经营", "夜间烧烤扰民", "露天烧烤"])
    ]
    grills = [made[0].pk, made[2].pk, made[3].pk]
    for edge in [(today - dt.timedelta(days=30), 1), (today + dt.timedelta(days=30), 10**9), None]:
        # As cached a minute ago: older, newer than every row, or "fewer rows than the window".
        monkeypatch.setattr(selectors, "_first_edge", {"edge": edge, "until": float("inf")})
        assert walk("烧烤 经营") == [made[0].pk], edge
        assert walk("烧烤") == grills, edge


def walk(query: str) -> list[int]:
    from disclosure import selectors

    seen: list[int] = []
    cursor = None
    while True:
        page = selectors.keyset_page(search(public_actions(), query), cursor, size=2)
        seen += [a.pk for a in page.items]
        if not page.next_cursor:
            return seen
        cursor = page.next_cursor
