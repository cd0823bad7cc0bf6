"""Builders for administrative actions, shared by the disclosure tests.

`ActionFactory` saves through the same derivation the services use (`services.actions.prepare`:
clocks, use scope, search text, full_clean) but skips the review workflow, so a test can stand
up 45 published items in a blink. Tests *about* the workflow call the services instead.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import factory
import pytest
from django.core.cache import cache
from django.utils import timezone

from core.demo import demo_uscc
from core.models import Agency, User
from core.workflow import Status
from disclosure.models import ActionKind, AdministrativeAction, CounterpartyType, IdType, LicenceState, Tier
from disclosure.services.actions import prepare
from disclosure.services.imports import columns_for
from integrity.lib.identifiers import id_check_char
from tests.factories import AgencyFactory

_serials = itertools.count(2000)


def resident_id(birth: dt.date, serial: int, region: str = "320106") -> str:
    """A resident ID number with a valid check digit. The region is deliberately not the
    demo district's (370104), which every agency USCC contains, so a privacy test that
    looks for 6-digit runs of the number cannot be fooled by an agency code."""
    first17 = f"{region}{birth:%Y%m%d}{serial % 1000:03d}"
    return first17 + id_check_char(first17)


def common_data(**overrides: Any) -> dict[str, Any]:
    """Fields every kind has: a company counterparty and a decision three days ago."""
    n = next(_serials)
    data: dict[str, Any] = {
        "kind": ActionKind.CONFIRMATION,
        "counterparty_name": f"济南测试{n}食品有限公司",
        "counterparty_type": CounterpartyType.LEGAL_PERSON,
        "counterparty_uscc": demo_uscc(n, "91"),
        "legal_representative": "郑国庆",
        "document_name": "行政确认决定书",
        "document_number": f"济槐测〔2026〕{n}号",
        "decision_date": timezone.localdate() - dt.timedelta(days=3),
    }
    data.update(overrides)
    return data


def penalty_data(**overrides: Any) -> dict[str, Any]:
    """Valid input for `action_create`: a general penalty with a fine, against a company."""
    data = common_data(
        kind=ActionKind.PENALTY,
        document_name="行政处罚决定书",
        violation_type="销售不符合食品安全标准的食品",
        violation_facts="经查，当事人销售过期食品，事实清楚，证据确凿。",
        penalty_basis="《中华人民共和国食品安全法》第一百二十四条",
        penalty_categories=["warning", "fine"],
        penalty_content="警告，并处罚款。",
        fine_amount=Decimal("2.5"),
        tier=Tier.GENERAL,
    )
    data["document_number"] = data["document_number"].replace("测〔", "测罚〔")
    data.update(overrides)
    return data


def licence_data(**overrides: Any) -> dict[str, Any]:
    data = common_data(kind=ActionKind.LICENSING, document_name="食品经营许可决定书")
    data["document_number"] = data["document_number"].replace("测〔", "测许〔")
    decided = overrides.get("decision_date") or data["decision_date"]
    data.update(
        {
            "licence_certificate_name": "食品经营许可证",
            "licence_number": "JY2370104" + data["document_number"][-5:-1],
            "licence_content": "预包装食品销售",
            "valid_from": decided,
            "valid_to": decided + dt.timedelta(days=365),
            "licence_state": LicenceState.NORMAL,
        }
    )
    data.update(overrides)
    return data


def natural_person_data(name: str, **overrides: Any) -> dict[str, Any]:
    data = penalty_data(
        counterparty_name=name,
        counterparty_type=CounterpartyType.NATURAL_PERSON,
        counterparty_uscc="",
        legal_representative="",
        id_type=IdType.RESIDENT_ID,
        document_name="当场行政处罚决定书",
        violation_type="露天焚烧垃圾",
        violation_facts="当事人在居民区露天焚烧垃圾。",
        penalty_basis="《中华人民共和国大气污染防治法》第一百一十九条",
        penalty_categories=["fine"],
        penalty_content="罚款。",
        fine_amount=Decimal("0.05"),
    )
    data.update(overrides)
    return data


class ActionFactory(factory.django.DjangoModelFactory[AdministrativeAction]):
    """`ActionFactory.create(agency=a)` is a draft; `ActionFactory.create(agency=a, published=True)`
    is on the public site. Any model field can be overridden; `id_number=` is encrypted."""

    class Meta:
        model = AdministrativeAction

    agency = factory.SubFactory(AgencyFactory)

    @classmethod
    def create(cls, **kwargs: Any) -> AdministrativeAction:  # typed, unlike factory_boy's
        return super().create(**kwargs)  # type: ignore[no-any-return]

    @classmethod
    def _create(cls, model_class: type[AdministrativeAction], *args: Any, **kwargs: Any) -> AdministrativeAction:
        published = kwargs.pop("published", False)
        number = kwargs.pop("id_number", None)
        kind = kwargs.get("kind", ActionKind.PENALTY)
        if kind == ActionKind.LICENSING:
            data = licence_data(**kwargs)
        elif kind != ActionKind.PENALTY:
            data = common_data(**kwargs)
        elif kwargs.get("counterparty_type") == CounterpartyType.NATURAL_PERSON:
            data = natural_person_data(kwargs.pop("counterparty_name", "钱多多"), **kwargs)
            if number is None:
                number = resident_id(dt.date(1980, 1, 1), next(_serials))
        else:
            data = penalty_data(**kwargs)
        if published:
            data.setdefault("status", Status.PUBLISHED)
            data.setdefault("published_at", timezone.now())
        action = model_class(**data)
        if "use_scope" not in kwargs:
            action.use_scope = ""
        prepare(action, id_number=number)
        action.save()
        return action


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Public pages are cached (cache_page) and the API throttle counts in the cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reviewer_b(agency_b: Agency) -> User:
    from core.roles import Role
    from tests.factories import UserFactory

    return UserFactory.create(username="reviewer_b", agency=agency_b, is_staff=True, role=Role.REVIEWER)


@pytest.fixture
def published(agency_a: Agency) -> AdministrativeAction:
    return ActionFactory.create(agency=agency_a, published=True)


def make_reviewer_clerk(agency: Agency, username: str) -> User:
    """One person holding both roles, for the four-eyes rule."""
    from django.contrib.auth.models import Group

    from core.roles import Role
    from tests.factories import UserFactory

    user = UserFactory.create(username=username, agency=agency, is_staff=True, role=Role.CLERK)
    user.groups.add(Group.objects.get(name=Role.REVIEWER.value))
    return user


# --- import files (the 双公示 penalty template, Chinese headers) ---

PENALTY_HEADERS = list(columns_for(ActionKind.PENALTY))


def penalty_row(**overrides: str) -> dict[str, str]:
    """One good row of the penalty template, as a clerk would type it."""
    n = next(_serials)
    row = dict.fromkeys(PENALTY_HEADERS, "")
    row.update(
        {
            "行政相对人名称": f"济南导入{n}商贸有限公司",
            "行政相对人类别": "法人及非法人组织",
            "统一社会信用代码": demo_uscc(n, "91"),
            "法定代表人": "韩立新",
            "决定文书名称": "行政处罚决定书",
            "决定文书号": f"济槐导罚〔2026〕{n}号",
            "决定日期": (timezone.localdate() - dt.timedelta(days=5)).isoformat(),
            "违法行为类型": "未按规定公示食品经营许可证",
            "违法事实": "当事人未在经营场所显著位置悬挂食品经营许可证。",
            "处罚依据": "《中华人民共和国食品安全法》第一百二十六条",
            "处罚类别": "警告；罚款",
            "处罚内容": "警告，罚款五千元。",
            "罚款金额（万元）": "0.5",
            "严重程度": "一般",
        }
    )
    row.update(overrides)
    return row


def natural_person_row(name: str, id_number: str, **overrides: str) -> dict[str, str]:
    return penalty_row(
        **{
            "行政相对人名称": name,
            "行政相对人类别": "自然人",
            "统一社会信用代码": "",
            "法定代表人": "",
            "证件类型": "身份证",
            "证件号码": id_number,
            **overrides,
        }
    )


def write_csv(
    path: Path, rows: list[dict[str, str]], headers: list[str] | None = None, encoding: str = "utf-8-sig"
) -> Path:
    headers = headers or PENALTY_HEADERS
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([row.get(h, "") for h in headers])
    return path
