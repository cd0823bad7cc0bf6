"""The back office for core data: object-level limits, masked ID numbers, audited calendar edits."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from core.models import Agency, AuditEvent, CalendarDay, CivilServant, User
from core.roles import Role
from tests.factories import CivilServantFactory

CHANGELIST = "/admin/core/civilservant/"
pytestmark = pytest.mark.django_db


def logged_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def test_clerk_of_a_lists_agency_a_people_but_not_agency_b(
    client: Client, clerk_a: User, person_a: CivilServant, person_b: CivilServant
) -> None:
    response = logged_in(client, clerk_a).get(CHANGELIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert person_a.name in html
    assert person_b.name not in html


def test_clerk_of_a_cannot_open_agency_b_person(client: Client, clerk_a: User, person_b: CivilServant) -> None:
    response = logged_in(client, clerk_a).get(f"{CHANGELIST}{person_b.pk}/change/")
    assert response.status_code in (302, 404)
    assert person_b.name not in response.content.decode()


def test_clerk_of_a_cannot_change_agency_b_person(client: Client, clerk_a: User, person_b: CivilServant) -> None:
    logged_in(client, clerk_a).post(
        f"{CHANGELIST}{person_b.pk}/change/", {"name": "改名", "agency": person_b.agency_id, "position": "科员"}
    )
    assert CivilServant.objects.get(pk=person_b.pk).name == person_b.name


def test_changelist_shows_only_masked_id_numbers(client: Client, credit_office: User, person_a: CivilServant) -> None:
    html = logged_in(client, credit_office).get(CHANGELIST).content.decode()
    assert person_a.id_number_masked in html
    assert person_a.id_number not in html
    assert person_a.id_number[6:14] not in html  # the birth date


def test_change_page_shows_only_the_masked_id_number(client: Client, clerk_a: User, person_a: CivilServant) -> None:
    response = logged_in(client, clerk_a).get(f"{CHANGELIST}{person_a.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert person_a.id_number_masked in html
    assert person_a.id_number not in html


def test_changelist_query_count_does_not_grow_with_people(
    client: Client, credit_office: User, agency_a: Agency, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    CivilServantFactory.create_batch(20, agency=agency_a)
    logged_in(client, credit_office)
    # 8, plus the session renewed (the idle timeout: a savepoint and an UPDATE) on the first request.
    with django_assert_max_num_queries(11):
        assert client.get(CHANGELIST).status_code == 200


def test_search_by_full_id_number_finds_the_person(client: Client, clerk_a: User, person_a: CivilServant) -> None:
    html = logged_in(client, clerk_a).get(CHANGELIST, {"q": person_a.id_number}).content.decode()
    assert person_a.name in html


def test_adding_a_person_with_invalid_id_number_shows_a_form_error(
    client: Client, clerk_a: User, agency_a: Agency
) -> None:
    response = logged_in(client, clerk_a).post(
        f"{CHANGELIST}add/",
        {"name": "赵六", "agency": agency_a.pk, "position": "科员", "new_id_number": "110101199003077777"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["new_id_number"][0]
    assert not CivilServant.objects.filter(name="赵六").exists()


def test_adding_a_person_without_id_number_shows_a_form_error(client: Client, clerk_a: User, agency_a: Agency) -> None:
    response = logged_in(client, clerk_a).post(
        f"{CHANGELIST}add/", {"name": "赵六", "agency": agency_a.pk, "position": "科员", "new_id_number": ""}
    )
    assert response.status_code == 200
    assert "new_id_number" in response.context["adminform"].form.errors
    assert not CivilServant.objects.filter(name="赵六").exists()


def test_adding_a_person_with_a_number_already_on_file_shows_a_form_error(
    client: Client, clerk_a: User, agency_a: Agency, person_a: CivilServant
) -> None:
    response = logged_in(client, clerk_a).post(
        f"{CHANGELIST}add/",
        {"name": "赵六", "agency": agency_a.pk, "position": "科员", "new_id_number": person_a.id_number},
    )
    assert response.status_code == 200
    assert "new_id_number" in response.context["adminform"].form.errors
    assert not CivilServant.objects.filter(name="赵六").exists()


def test_clerk_adds_a_person_to_own_agency_with_encrypted_number(
    client: Client, clerk_a: User, agency_a: Agency
) -> None:
    response = logged_in(client, clerk_a).post(
        f"{CHANGELIST}add/",
        {"name": "赵六", "agency": agency_a.pk, "position": "科员", "new_id_number": "11010519491231002x"},
    )
    assert response.status_code == 302
    person = CivilServant.objects.get(name="赵六")
    assert person.id_number == "11010519491231002X"
    assert person.agency == agency_a


def test_clerk_cannot_add_a_person_to_another_agency(client: Client, clerk_a: User, agency_b: Agency) -> None:
    response = logged_in(client, clerk_a).post(
        f"{CHANGELIST}add/",
        {"name": "赵六", "agency": agency_b.pk, "position": "科员", "new_id_number": "11010519491231002X"},
    )
    assert response.status_code == 200
    assert "agency" in response.context["adminform"].form.errors
    assert not CivilServant.objects.filter(name="赵六").exists()


def test_credit_office_edits_a_calendar_day_with_a_reason_and_it_is_audited(
    client: Client, credit_office: User
) -> None:
    response = logged_in(client, credit_office).post(
        "/admin/core/calendarday/2026-10-09/change/",
        {"kind": "holiday", "note": "临时调整", "source": "区政府通知", "reason": "区政府通知"},
    )
    assert response.status_code == 302
    day = CalendarDay.objects.get(date="2026-10-09")
    assert (day.kind, day.note, day.source) == ("holiday", "临时调整", "区政府通知")
    event = AuditEvent.objects.get(action="calendar.day.update")
    assert (event.actor, event.from_state, event.to_state, event.reason) == (
        credit_office,
        "workday",
        "holiday",
        "区政府通知",
    )


def test_calendar_day_edit_without_reason_shows_a_form_error(client: Client, credit_office: User) -> None:
    response = logged_in(client, credit_office).post(
        "/admin/core/calendarday/2026-10-09/change/", {"kind": "holiday", "note": "", "source": "", "reason": ""}
    )
    assert response.status_code == 200
    assert "reason" in response.context["adminform"].form.errors
    assert CalendarDay.objects.get(date="2026-10-09").kind == "workday"


def test_makeup_kind_on_a_weekday_shows_a_form_error(client: Client, credit_office: User) -> None:
    response = logged_in(client, credit_office).post(
        "/admin/core/calendarday/2026-10-09/change/", {"kind": "makeup", "note": "", "source": "", "reason": "测试"}
    )
    assert response.status_code == 200
    assert "kind" in response.context["adminform"].form.errors
    assert CalendarDay.objects.get(date="2026-10-09").kind == "workday"
    assert not AuditEvent.objects.exists()


def test_clerk_cannot_edit_the_calendar(client: Client, clerk_a: User) -> None:
    response = logged_in(client, clerk_a).post(
        "/admin/core/calendarday/2026-10-09/change/", {"kind": "holiday", "note": "", "source": "", "reason": "测试"}
    )
    assert response.status_code == 403
    assert CalendarDay.objects.get(date="2026-10-09").kind == "workday"


def test_calendar_year_list_warns_of_the_missing_year(client: Client, credit_office: User) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC), tick=False):
        html = logged_in(client, credit_office).get("/admin/core/calendaryear/").content.decode()
    warning = re.search(r'<li class="warning">(.*?)</li>', html, re.S)
    assert warning is not None
    assert "2027" in warning.group(1)


def test_only_staff_with_the_permission_see_the_full_id_number(
    client: Client, credit_office: User, clerk_a: User, person_a: CivilServant
) -> None:
    url = reverse("admin:core_civilservant_change", args=[person_a.pk])
    client.force_login(credit_office)
    assert person_a.id_number in client.get(url).content.decode()
    client.force_login(clerk_a)
    page = client.get(url).content.decode()
    assert person_a.id_number not in page
    assert person_a.id_number_masked in page


@pytest.mark.django_db
def test_the_audit_log_reads_as_words_with_the_object_as_a_link(client: Client, credit_office: User) -> None:
    from core.services.audit_labels import audit_action_label
    from disclosure.services.actions import action_create
    from tests.disclosure.conftest import penalty_data
    from tests.factories import UserFactory

    clerk = UserFactory.create(username="clerk_x", agency=credit_office.agency, is_staff=True, role=Role.CLERK)
    action = action_create(actor=clerk, data=penalty_data())
    assert audit_action_label("disclosure.administrativeaction.publish") == "行政行为 · 已公示"
    client.force_login(credit_office)
    html = client.get("/admin/core/auditevent/").content.decode()
    assert ">disclosure.administrativeaction.create<" not in html and "行政行为 · 已创建" in html  # codes only in links
    assert f'href="/admin/disclosure/administrativeaction/{action.pk}/change/"' in html


@pytest.mark.django_db
def test_notifications_show_their_kind_in_words_and_no_deduplication_key(client: Client, credit_office: User) -> None:
    from core.services.calendar import calendar_check_next_year

    calendar_check_next_year(today=dt.date(2026, 11, 2))
    client.force_login(credit_office)
    notice = credit_office.notifications.get()
    html = client.get(f"/admin/core/notification/{notice.pk}/change/").content.decode()
    assert "calendar.missing_year" not in html and "去重键" not in html and notice.key not in html
