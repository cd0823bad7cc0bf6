"""`python manage.py seed_demo`: the demo district of Huaiyin, idempotent."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import call_command

from core import demo
from core.models import Agency, AgencyKind, AuditEvent, CalendarDay, CivilServant, Notification, User
from core.roles import Role
from integrity.lib.identifiers import validate_id_number, validate_uscc

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Agency, CivilServant, User, Group, Notification, AuditEvent, CalendarDay)
    }


@pytest.fixture
def seeded() -> dict[str, int]:
    # The demo must show the 2027 warning; stand on a November day so the test does not
    # depend on when it runs.
    with time_machine.travel(dt.datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        call_command("seed_demo", stdout=StringIO())
    return counts()


def test_seed_demo_twice_creates_nothing_new(seeded: dict[str, int]) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 28, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        call_command("seed_demo", stdout=StringIO())
    assert counts() == seeded


def test_demo_has_the_district_government_departments_and_16_sub_districts(seeded: dict[str, int]) -> None:
    assert Agency.objects.filter(kind=AgencyKind.SUBDISTRICT).count() == 16
    government = Agency.objects.get(name=demo.GOVERNMENT)
    assert Agency.objects.exclude(pk=government.pk).filter(parent=government).count() == seeded["Agency"] - 1
    for name in (
        "济南市槐荫区发展和改革局",
        "济南市槐荫区财政局",
        "济南市槐荫区审计局",
        "济南市槐荫区统计局",
        "济南市槐荫区市场监督管理局",
        "济南市生态环境局槐荫分局",
        "济南市槐荫区行政审批服务局",
    ):
        assert Agency.objects.filter(name=name, kind=AgencyKind.DEPARTMENT).exists()


def test_every_demo_agency_has_a_valid_and_unique_uscc(seeded: dict[str, int]) -> None:
    codes = list(Agency.objects.values_list("uscc", flat=True))
    for code in codes:
        validate_uscc(code)
    assert len(set(codes)) == len(codes)


def test_every_demo_civil_servant_has_a_valid_id_number(seeded: dict[str, int]) -> None:
    people = list(CivilServant.objects.all())
    assert len(people) == len(demo.PEOPLE)
    for person in people:
        validate_id_number(person.id_number)


def test_every_demo_account_exists_with_its_role_and_agency(seeded: dict[str, int]) -> None:
    for username, role, agency, _description in demo.ACCOUNTS:
        user = User.objects.get(username=username)
        assert user.has_role(Role(role)), username
        assert user.agency is not None and user.agency.name == agency, username
        assert user.is_staff == (role != Role.CIVIL_SERVANT), username
        assert user.check_password(demo.PASSWORD), username
    assert {role for _u, role, _a, _d in demo.ACCOUNTS} == {r.value for r in Role}


def test_demo_civil_servant_account_is_linked_to_its_own_file(seeded: dict[str, int]) -> None:
    user = User.objects.get(username="gongwuyuan")
    assert list(CivilServant.objects.visible_to(user).values_list("name", flat=True)) == [demo.PEOPLE[0][0]]


def test_demo_has_a_superuser(seeded: dict[str, int]) -> None:
    assert User.objects.get(username="admin").is_superuser


def test_demo_warns_the_credit_office_that_2027_is_missing(seeded: dict[str, int]) -> None:
    notice = Notification.objects.get(recipient__username="xinyongban", kind="calendar.missing_year")
    assert "2027" in notice.subject
    # The credit office's two people and the superuser (who acts as credit office), once each.
    recipients = Notification.objects.filter(kind="calendar.missing_year").values_list("recipient__username", flat=True)
    assert sorted(recipients) == ["admin", "xinyongban", "xinyongban_fuhe"]
