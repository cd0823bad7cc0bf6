"""The public commitments section: list with filters, a page per commitment with its timeline,
companies shown and no natural-person data; query counts that do not grow with the list."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commitments.models import Commitment, CommitmentKind, Milestone
from commitments.services.commitments import commitment_move
from commitments.services.fulfilment import commitment_breach, commitment_fulfil
from commitments.services.progress import progress_add
from core.models import Agency, CivilServant, User
from tests.commitments.conftest import make_commitment, make_published

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache() -> None:
    cache.clear()


def test_the_list_shows_published_commitments_only(
    client: Client, clerk_a: User, reviewer_a: User, agency_a: Agency, person_a: CivilServant
) -> None:
    shown = make_published(clerk_a, reviewer_a, agency_a, person_a, title="公开的承诺")
    make_commitment(clerk_a, agency_a, person_a, title="草稿承诺")
    response = client.get(reverse("commitments:list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "公开的承诺" in body and "草稿承诺" not in body
    assert reverse("commitments:detail", args=[shown.pk]) in body


@pytest.mark.parametrize("param", ["kind", "state", "agency"])
def test_the_filters_narrow_the_list(
    client: Client,
    clerk_a: User,
    reviewer_a: User,
    credit_office: User,
    agency_a: Agency,
    person_a: CivilServant,
    clerk_b: User,
    agency_b: Agency,
    person_b: CivilServant,
    param: str,
) -> None:
    a = make_published(clerk_a, reviewer_a, agency_a, person_a, title="甲局招商承诺")
    b = make_published(
        clerk_b, credit_office, agency_b, person_b, title="乙局大气目标", kind=CommitmentKind.AIR_QUALITY
    )
    commitment_fulfil(commitment=b, actor=credit_office, on=timezone.localdate(), note="目标已完成")
    value = {"kind": "air_quality", "state": "fulfilled", "agency": agency_b.uscc}[param]
    body = client.get(reverse("commitments:list"), {param: value}).content.decode()
    assert "乙局大气目标" in body and "甲局招商承诺" not in body
    assert a.pk != b.pk


def test_a_bad_filter_is_a_400_with_the_message(client: Client) -> None:
    response = client.get(reverse("commitments:list"), {"kind": "bogus"})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_the_page_shows_targets_milestones_progress_and_companies_but_no_person(
    client: Client, published: Commitment, clerk_a: User, person_a: CivilServant
) -> None:
    milestone = Milestone.objects.filter(commitment=published).order_by("due_on").first()
    progress_add(
        actor=clerk_a,
        data={
            "commitment": published,
            "reported_on": timezone.localdate(),
            "description": "拨付审批已完成",
            "milestone": milestone,
        },
    )
    response = client.get(reverse("commitments:detail", args=[published.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert published.promise in body
    counterparty = published.counterparties.get()
    assert counterparty.name in body and counterparty.uscc in body
    assert "奖励资金兑现率" in body and "完成资金拨付审批" in body and "拨付审批已完成" in body
    assert 'class="timeline"' in body and "tl-progress" in body and "tl-milestone tl-done" in body
    assert '<progress class="milestones" max="2" value="1"' in body
    assert person_a.name not in body  # the responsible person is a natural person
    assert clerk_a.username not in body


def test_a_breached_commitment_shows_its_outcome_without_the_person(
    client: Client, published: Commitment, credit_office: User, person_a: CivilServant
) -> None:
    commitment_breach(commitment=published, actor=credit_office, on=timezone.localdate(), facts="逾期未兑现奖励资金")
    body = client.get(reverse("commitments:detail", args=[published.pk])).content.decode()
    assert "state-breached" in body and "逾期未兑现奖励资金" in body
    assert person_a.name not in body


@pytest.mark.parametrize("state", ["draft", "submitted", "revoked"])
def test_an_unpublished_or_revoked_commitment_is_404(
    client: Client, clerk_a: User, reviewer_a: User, agency_a: Agency, person_a: CivilServant, state: str
) -> None:
    c = make_commitment(clerk_a, agency_a, person_a)
    if state != "draft":
        commitment_move(c, move="submit", actor=clerk_a)
    if state == "revoked":
        commitment_move(c, move="publish", actor=reviewer_a)
        commitment_move(c, move="revoke", actor=reviewer_a, reason="录入错误")
    assert client.get(reverse("commitments:detail", args=[c.pk])).status_code == 404


def _publish_many(n: int, clerk: User, reviewer: User, agency: Agency, person: CivilServant) -> None:
    for _ in range(n):
        make_published(clerk, reviewer, agency, person)


def test_the_list_costs_the_same_queries_for_two_or_twenty(
    client: Client,
    clerk_a: User,
    reviewer_a: User,
    agency_a: Agency,
    person_a: CivilServant,
    django_assert_num_queries: Any,
) -> None:
    _publish_many(2, clerk_a, reviewer_a, agency_a, person_a)
    url = reverse("commitments:list")
    # The page (count + rows) and the agency choices: three queries however many rows.
    with django_assert_num_queries(3):
        assert client.get(url).status_code == 200
    cache.clear()
    _publish_many(18, clerk_a, reviewer_a, agency_a, person_a)
    with django_assert_num_queries(3):
        assert client.get(url).status_code == 200


def test_the_detail_page_costs_a_fixed_number_of_queries(
    client: Client, published: Commitment, django_assert_num_queries: Any
) -> None:
    # The commitment with its agency, then counterparties, targets, milestones and progress.
    with django_assert_num_queries(5):
        assert client.get(reverse("commitments:detail", args=[published.pk])).status_code == 200


def test_the_home_page_links_the_commitments(client: Client) -> None:
    body = client.get(reverse("home")).content.decode()
    assert reverse("commitments:list") in body
