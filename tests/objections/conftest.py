"""Builders for objections: a published record in a civil servant's own file, filed on a
given day (time frozen), and the personas around it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import Agency, CivilServant, User
from core.roles import Role
from objections.models import Objection
from objections.services.objections import objection_file
from records.models import CreditRecord
from records.services.records import record_create, record_move
from tests.factories import CivilServantFactory, UserFactory
from tests.records.conftest import servant_record_data

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
REASONS = "该记录所载考核结果与本人年度考核登记表不符，请予核实更正。"


def pdf(name: str = "证明.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def at(day: dt.date, hour: int = 10) -> Any:
    """Stand on ``day`` at ``hour`` Beijing time."""
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour - 8, 0, tzinfo=dt.UTC), tick=False)


def published_record(servant: CivilServant, clerk: User, reviewer: User, **overrides: Any) -> CreditRecord:
    record = record_create(actor=clerk, data=servant_record_data(servant, **overrides))
    record_move(record, move="submit", actor=clerk)
    return record_move(record, move="publish", actor=reviewer)


@pytest.fixture
def reviewer_a2(agency_a: Agency) -> User:
    """A second reviewer of agency A (notices go to every reviewer)."""
    return UserFactory.create(username="reviewer_a2", agency=agency_a, is_staff=True, role=Role.REVIEWER)


@pytest.fixture
def own_record(civil_servant: CivilServant, clerk_a: User, reviewer_a: User) -> CreditRecord:
    return published_record(civil_servant, clerk_a, reviewer_a)


@pytest.fixture
def other_servant(agency_a: Agency) -> CivilServant:
    """Civil servant B of the same agency, with an account of their own."""
    user = UserFactory.create(username="servant_b", role=Role.CIVIL_SERVANT)
    return CivilServantFactory.create(name="李秀英", agency=agency_a, user=user)


@pytest.fixture
def others_record(other_servant: CivilServant, clerk_a: User, reviewer_a: User) -> CreditRecord:
    return published_record(other_servant, clerk_a, reviewer_a, summary="2025年度考核结果：基本称职。")


def file_objection(servant: CivilServant, record: CreditRecord, day: dt.date | None = None, **kw: Any) -> Objection:
    assert servant.user is not None
    if day is None:
        return objection_file(actor=servant.user, record_id=record.pk, reasons=REASONS, **kw)
    with at(day):
        return objection_file(actor=servant.user, record_id=record.pk, reasons=REASONS, **kw)


@pytest.fixture(autouse=True)
def _evidence_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "evidence")},
        },
    }
