"""The subject page (issue 8, item 13): every public licence and penalty of one company or
个体工商户, by its 统一社会信用代码; natural persons have none."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from core.demo import demo_uscc
from core.models import Agency
from disclosure.models import ActionKind, AdministrativeAction, CounterpartyType
from tests.disclosure.conftest import ActionFactory

pytestmark = pytest.mark.django_db

USCC = demo_uscc(777, "91")
DETAIL = re.compile(r'href="/disclosures/(\d+)/"')


def subject_url(uscc: str = USCC, **params: str) -> str:
    url = reverse("disclosure:subject", args=[uscc])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


@pytest.fixture
def company(agency_a: Agency, agency_b: Agency) -> dict[str, AdministrativeAction]:
    common = {"counterparty_name": "济南鑫源食品有限公司", "counterparty_uscc": USCC, "published": True}
    return {
        "penalty_a": ActionFactory.create(agency=agency_a, **common),
        "penalty_b": ActionFactory.create(agency=agency_b, **common),
        "licence": ActionFactory.create(agency=agency_a, kind=ActionKind.LICENSING, **common),
        "draft": ActionFactory.create(agency=agency_a, counterparty_uscc=USCC),
        "other": ActionFactory.create(agency=agency_a, published=True),
    }


def test_the_subject_page_gathers_every_public_licence_and_penalty(
    client: Client, company: dict[str, AdministrativeAction]
) -> None:
    response = client.get(subject_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "济南鑫源食品有限公司" in page and USCC in page
    # Tabs are plain links: no script needed.
    assert 'href="?tab=licensing"' in page and 'href="?tab=penalty"' in page
    assert set(map(int, DETAIL.findall(page))) == {company["penalty_a"].pk, company["penalty_b"].pk}
    licences = client.get(subject_url(tab="licensing")).content.decode()
    assert set(map(int, DETAIL.findall(licences))) == {company["licence"].pk}
    assert response.context["counts"] == {"licensing": 1, "penalty": 2}


def test_an_individual_business_has_a_subject_page(client: Client, agency_a: Agency) -> None:
    uscc = demo_uscc(778, "92")
    ActionFactory.create(
        agency=agency_a,
        published=True,
        counterparty_type=CounterpartyType.INDIVIDUAL_BUSINESS,
        counterparty_name="槐荫区老王烧烤店",
        counterparty_uscc=uscc,
    )
    assert client.get(subject_url(uscc)).status_code == 200


def test_an_unknown_bad_or_unpublished_subject_is_404(client: Client, agency_a: Agency) -> None:
    ActionFactory.create(agency=agency_a, counterparty_uscc=USCC)  # a draft only
    assert client.get(subject_url()).status_code == 404
    assert client.get(subject_url("not-a-code")).status_code == 404
    assert client.get(subject_url(demo_uscc(779, "91"))).status_code == 404


def test_a_natural_person_has_no_subject_page_and_no_link(client: Client, agency_a: Agency) -> None:
    person = ActionFactory.create(
        agency=agency_a,
        published=True,
        counterparty_type=CounterpartyType.NATURAL_PERSON,
        counterparty_name="周大伟",
        counterparty_uscc=USCC,  # even if a code was typed for a person, it makes no page
    )
    assert client.get(subject_url()).status_code == 404
    for url in (reverse("disclosure:list"), reverse("disclosure:detail", args=[person.pk])):
        assert "/subjects/" not in client.get(url).content.decode()


def test_the_counterparty_links_to_its_subject_page(client: Client, company: dict[str, AdministrativeAction]) -> None:
    target = subject_url()
    assert target in client.get(reverse("disclosure:list")).content.decode()
    assert target in client.get(reverse("disclosure:detail", args=[company["licence"].pk])).content.decode()


def test_searching_an_exact_credit_code_goes_to_the_subject_page(
    client: Client, company: dict[str, AdministrativeAction]
) -> None:
    response = client.get(reverse("disclosure:list"), {"q": f" {USCC.lower()} "})
    assert response.status_code == 302
    assert response["Location"] == subject_url()
    # A code nobody has published about is an ordinary search.
    assert client.get(reverse("disclosure:list"), {"q": demo_uscc(779, "91")}).status_code == 200


def test_the_subject_page_is_cached_like_the_other_public_pages(
    client: Client, company: dict[str, AdministrativeAction], agency_a: Agency
) -> None:
    before = client.get(subject_url()).content.decode()
    ActionFactory.create(
        agency=agency_a, counterparty_uscc=USCC, counterparty_name="济南鑫源食品有限公司", published=True
    )
    assert client.get(subject_url()).content.decode() == before
    cache.clear()
    assert client.get(subject_url()).content.decode() != before


def test_the_subject_page_costs_a_fixed_number_of_queries(
    client: Client, agency_a: Agency, django_assert_max_num_queries: Any
) -> None:
    for i in range(30):
        ActionFactory.create(
            agency=agency_a,
            published=True,
            counterparty_uscc=USCC,
            counterparty_name="济南鑫源食品有限公司",
            kind=ActionKind.LICENSING if i % 2 else ActionKind.PENALTY,
        )
    with django_assert_max_num_queries(3):
        assert client.get(subject_url()).status_code == 200
