"""Builders for credit records, shared by the records tests."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.utils import timezone

from core.models import Agency, CivilServant, User
from core.roles import Role
from records.models import Category, CreditRecord, Polarity, Tier
from records.services.records import record_create
from tests.factories import UserFactory

_serials = itertools.count(100)


def agency_record_data(agency: Agency, **overrides: Any) -> dict[str, Any]:
    """Valid input for `record_create`: a general dishonesty record in an agency's file."""
    n = next(_serials)
    data: dict[str, Any] = {
        "subject_agency": agency,
        "category": Category.CONTRACT_FULFILMENT,
        "polarity": Polarity.DISHONEST,
        "tier": Tier.GENERAL,
        "key_areas": ["investment_promotion"],
        "decision_date": timezone.localdate() - dt.timedelta(days=10),
        "document_number": f"济槐信〔2026〕{n}号",
        "summary": "未按合同约定按期兑现招商引资奖励资金。",
    }
    data.update(overrides)
    return data


def servant_record_data(servant: CivilServant, **overrides: Any) -> dict[str, Any]:
    """Valid input: a neutral annual-assessment record in a civil servant's file."""
    data: dict[str, Any] = {
        "civil_servant": servant,
        "category": Category.ANNUAL_ASSESSMENT,
        "polarity": Polarity.NEUTRAL,
        "decision_date": timezone.localdate() - dt.timedelta(days=30),
        "summary": "2025年度考核结果：称职。",
    }
    data.update(overrides)
    return data


def make_record(actor: User, data: dict[str, Any]) -> CreditRecord:
    return record_create(actor=actor, data=data)


@pytest.fixture
def reviewer_b(agency_b: Agency) -> User:
    return UserFactory.create(username="reviewer_b", agency=agency_b, is_staff=True, role=Role.REVIEWER)


@pytest.fixture
def credit_office_2(db: Any) -> User:
    """A second person of the credit office, for four eyes inside the office."""
    from tests.factories import AgencyFactory

    return UserFactory.create(
        username="office2", agency=AgencyFactory.create(name="测试信用办"), is_staff=True, role=Role.CREDIT_OFFICE
    )


@pytest.fixture
def overseer(db: Any) -> User:
    from tests.factories import AgencyFactory

    return UserFactory.create(
        username="overseer", agency=AgencyFactory.create(name="测试纪委监委"), is_staff=True, role=Role.OVERSEER
    )


@pytest.fixture(autouse=True)
def _evidence_in_tmp(settings: Any, tmp_path: Any) -> None:
    """Evidence files go to a folder of the test's own, never var/."""
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "evidence")},
        },
    }


def published_record(clerk: User, reviewer: User, data: dict[str, Any]) -> CreditRecord:
    """A record entered by ``clerk`` and published by ``reviewer``."""
    from records.services.records import record_move

    record = record_create(actor=clerk, data=data)
    record_move(record, move="submit", actor=clerk)
    return record_move(record, move="publish", actor=reviewer)


def sanction_data(record: CreditRecord, kind: str = "rectification", **overrides: Any) -> dict[str, Any]:
    """Valid input for `sanction_create` of ``kind`` on ``record``."""
    today = timezone.localdate()
    data: dict[str, Any] = {"record": record, "kind": kind}
    if kind in ("explanation", "rectification"):
        data["due_on"] = today + dt.timedelta(days=20)
    elif kind == "award_ineligibility":
        data["active_until"] = today + dt.timedelta(days=365)
    elif kind == "public_criticism":
        data["notice_text"] = "对该单位未按期兑现招商引资承诺的行为予以通报批评。"
    data.update(overrides)
    return data


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf_upload(name: str = "整改报告.pdf") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF, "application/pdf")
