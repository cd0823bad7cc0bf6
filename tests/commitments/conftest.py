"""Builders for commitments, shared by the commitments tests (and the authorisation matrix)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.utils import timezone

from commitments.models import Commitment, CommitmentKind
from commitments.services.commitments import commitment_create, commitment_move
from core.demo import demo_uscc
from core.models import Agency, CivilServant, User

# The records tests' fixtures serve here too: a reviewer of B, a second credit-office member,
# and evidence files in the test's own folder.
from tests.records.conftest import _evidence_in_tmp, credit_office_2, reviewer_b  # noqa: F401

_serials = itertools.count(1)


def valid_uscc(serial: int) -> str:
    """A company's credit code with a valid check character (made up; belongs to nobody)."""
    return demo_uscc(serial, kind_prefix="91")


def commitment_data(agency: Agency, person: CivilServant, **overrides: Any) -> dict[str, Any]:
    """Valid input for `commitment_create`: an investment-promotion commitment."""
    n = next(_serials)
    data: dict[str, Any] = {
        "committing_agency": agency,
        "kind": CommitmentKind.INVESTMENT_PROMOTION,
        "title": f"企业落户奖励资金按期兑现（第{n}号）",
        "promise": "对2026年新落户重点企业，按协议约定在投产后60日内兑现落户奖励资金。",
        "responsible_person": person,
        "made_on": timezone.localdate() - dt.timedelta(days=3),
        "document_number": f"槐承〔2026〕{n}号",
    }
    data.update(overrides)
    return data


def parts(**overrides: Any) -> dict[str, Any]:
    made = timezone.localdate() - dt.timedelta(days=3)
    data: dict[str, Any] = {
        "counterparties": [{"name": "济南槐荫测试科技有限公司", "uscc": valid_uscc(9001)}],
        "targets": [
            {
                "description": "奖励资金兑现率",
                "value": "100",
                "unit": "%",
                "baseline": "0",
                "deadline": made + dt.timedelta(days=90),
            }
        ],
        "milestones": [
            {"title": "完成资金拨付审批", "due_on": made + dt.timedelta(days=30)},
            {"title": "资金拨付到位", "due_on": made + dt.timedelta(days=60)},
        ],
    }
    data.update(overrides)
    return data


def make_commitment(actor: User, agency: Agency, person: CivilServant, **overrides: Any) -> Commitment:
    with_parts = overrides.pop("with_parts", True)
    return commitment_create(
        actor=actor, data=commitment_data(agency, person, **overrides), parts=parts() if with_parts else None
    )


def make_published(clerk: User, reviewer: User, agency: Agency, person: CivilServant, **overrides: Any) -> Commitment:
    commitment = make_commitment(clerk, agency, person, **overrides)
    commitment_move(commitment, move="submit", actor=clerk)
    return commitment_move(commitment, move="publish", actor=reviewer)


@pytest.fixture
def published(clerk_a: User, reviewer_a: User, agency_a: Agency, person_a: CivilServant) -> Commitment:
    return make_published(clerk_a, reviewer_a, agency_a, person_a)
