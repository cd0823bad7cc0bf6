"""Named personas (STYLE "Tests"): every permission test is one line about who tries what."""

from __future__ import annotations

from typing import Any

import pytest

from core.models import Agency, CivilServant, User
from core.roles import Role
from tests.factories import AgencyFactory, CivilServantFactory, UserFactory


@pytest.fixture
def agency_a(db: Any) -> Agency:
    return AgencyFactory.create(name="测试市场监督管理局")


@pytest.fixture
def agency_b(db: Any) -> Agency:
    return AgencyFactory.create(name="测试生态环境分局")


@pytest.fixture
def clerk_a(agency_a: Agency) -> User:
    return UserFactory.create(username="clerk_a", agency=agency_a, is_staff=True, role=Role.CLERK)


@pytest.fixture
def reviewer_a(agency_a: Agency) -> User:
    return UserFactory.create(username="reviewer_a", agency=agency_a, is_staff=True, role=Role.REVIEWER)


@pytest.fixture
def clerk_b(agency_b: Agency) -> User:
    return UserFactory.create(username="clerk_b", agency=agency_b, is_staff=True, role=Role.CLERK)


@pytest.fixture
def credit_office(db: Any) -> User:
    office = AgencyFactory.create(name="测试发展和改革局")
    return UserFactory.create(username="office", agency=office, is_staff=True, role=Role.CREDIT_OFFICE)


@pytest.fixture
def civil_servant(agency_a: Agency) -> CivilServant:
    user = UserFactory.create(username="servant", role=Role.CIVIL_SERVANT)
    return CivilServantFactory.create(name="王建国", agency=agency_a, user=user)


@pytest.fixture
def stranger(db: Any) -> User:
    return UserFactory.create(username="stranger")


@pytest.fixture
def person_a(agency_a: Agency) -> CivilServant:
    """A civil servant of agency A without a user account."""
    return CivilServantFactory.create(name="李秀英", agency=agency_a)


@pytest.fixture
def person_b(agency_b: Agency) -> CivilServant:
    """A civil servant of agency B without a user account."""
    return CivilServantFactory.create(name="刘洋", agency=agency_b)
