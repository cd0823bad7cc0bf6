"""The credit office loads a year's schedule or sets single days from the admin (issue 8, item 7)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from core.models import AuditEvent, CalendarDay, CalendarYear, Notification, User
from core.services import calendar as calendar_service
from core.services.calendar import calendar_check_next_year

D = dt.date.fromisoformat
UPLOAD = "admin:core_calendaryear_upload"
pytestmark = pytest.mark.django_db

GOOD_2027 = "date,kind,note\n2027-01-01,holiday,元旦\n2027-02-20,makeup,春节调休上班\n"


def csv_file(text: str, name: str = "2027.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def preview(client: Client, text: str = GOOD_2027, **fields: Any) -> Any:
    data = {"year": "2027", "source": "国办发明电〔2026〕7号", "file": csv_file(text), **fields}
    return client.post(reverse(UPLOAD), data)


@pytest.fixture
def office(client: Client, credit_office: User) -> Client:
    client.force_login(credit_office)
    return client


@pytest.fixture
def recomputed(monkeypatch: pytest.MonkeyPatch) -> list[tuple[dt.date, dt.date]]:
    calls: list[tuple[dt.date, dt.date]] = []

    def spy(first: dt.date, last: dt.date) -> int:
        calls.append((first, last))
        return 0

    monkeypatch.setattr(calendar_service, "_recomputers", [spy])
    return calls


def test_the_missing_year_notice_leads_to_the_upload_page(office: Client, credit_office: User) -> None:
    calendar_check_next_year(today=dt.date(2026, 11, 27))
    notice = Notification.objects.get(recipient=credit_office)
    assert notice.url.startswith(reverse(UPLOAD))
    assert "year=2027" in notice.url
    home = office.get(reverse("admin:index")).content.decode()
    assert f'href="{notice.url}"' in home.replace("&amp;", "&")
    page = office.get(notice.url)
    assert page.status_code == 200
    assert page.context["form"]["year"].value() == 2027


def test_the_calendar_year_list_links_to_the_upload_page(office: Client) -> None:
    html = office.get(reverse("admin:core_calendaryear_changelist")).content.decode()
    assert reverse(UPLOAD) in html


def test_an_upload_shows_the_days_it_will_load_and_saves_nothing(office: Client) -> None:
    response = preview(office)
    assert response.status_code == 200
    assert [(row["date"], row["kind"], row["note"]) for row in response.context["preview"]] == [
        (D("2027-01-01"), "holiday", "元旦"),
        (D("2027-02-20"), "makeup", "春节调休上班"),
    ]
    html = response.content.decode()
    assert "2027-01-01" in html and "春节调休上班" in html
    assert 'name="token"' in html
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()


def test_confirming_loads_the_year_audited_and_recomputes_deadlines(
    office: Client, credit_office: User, recomputed: list[tuple[dt.date, dt.date]]
) -> None:
    token = preview(office).context["token"]
    response = office.post(reverse(UPLOAD), {"confirm": "1", "token": token})
    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2027).source == "国办发明电〔2026〕7号"
    assert CalendarDay.objects.filter(date__year=2027).count() == 365
    assert CalendarDay.objects.get(date=D("2027-02-20")).kind == "makeup"
    event = AuditEvent.objects.get(action="calendar.year.load")
    assert (event.actor, event.object_id, event.to_state) == (credit_office, "2027", "covered")
    assert recomputed == [(D("2027-01-01"), D("2027-12-31"))]


def test_confirm_loads_what_was_previewed_not_a_reposted_file(office: Client) -> None:
    token = preview(office).context["token"]
    forged = csv_file("date,kind,note\n2027-03-01,holiday,伪造\n")
    office.post(
        reverse(UPLOAD),
        {"confirm": "1", "token": token, "file": forged, "year": "2027", "source": "伪造", "days": "2027-03-01"},
    )
    assert CalendarYear.objects.get(year=2027).source == "国办发明电〔2026〕7号"
    assert CalendarDay.objects.get(date=D("2027-01-01")).kind == "holiday"
    assert CalendarDay.objects.get(date=D("2027-03-01")).kind == "workday"


def test_a_confirm_without_the_previewed_token_loads_nothing(office: Client) -> None:
    preview(office)
    response = office.post(reverse(UPLOAD), {"confirm": "1", "token": "made-up"})
    assert response.status_code == 200
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_a_preview_is_confirmed_only_once(office: Client) -> None:
    token = preview(office).context["token"]
    office.post(reverse(UPLOAD), {"confirm": "1", "token": token})
    office.post(reverse(UPLOAD), {"confirm": "1", "token": token})
    assert AuditEvent.objects.filter(action="calendar.year.load").count() == 1


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("date,kind,note\n2027-01-01,holiday,元旦\n2028-01-01,holiday,元旦\n", "year", 3),
        ("date,kind,note\n2027-01-01,holiday,元旦\n2027-02-30,holiday,春节\n", "date", 3),
        ("date,kind,note\n2027-01-04,makeup,调休\n", "weekday", 2),
        ("date,kind,note\n2027-01-01,holiday,元旦\n2027-02-06,day-off,春节\n", "kind", 3),
        ("date,kind,note\n2027-01-01,holiday,元旦\n\n2027-01-01,holiday,元旦\n", "duplicate", 4),
        ("2027-01-01,holiday,元旦\n", "header", 1),
    ],
    ids=["wrong-year", "bad-date", "makeup-on-weekday", "bad-kind", "duplicate", "no-header"],
)
def test_a_bad_file_is_a_form_error_naming_the_line(office: Client, text: str, code: str, line: int) -> None:
    response = preview(office, text)
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()["file"]
    assert [(e.code, e.params["line"]) for e in errors] == [(code, line)]
    assert str(line) in response.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_every_bad_line_is_reported_at_once(office: Client) -> None:
    response = preview(office, "date,kind,note\n2027-02-30,holiday,春节\n2027-01-04,makeup,调休\n")
    errors = response.context["form"].errors.as_data()["file"]
    assert [e.params["line"] for e in errors] == [2, 3]


def test_a_file_that_is_not_utf8_is_a_form_error(office: Client) -> None:
    upload = SimpleUploadedFile("2027.csv", GOOD_2027.encode("gbk"), content_type="text/csv")
    response = office.post(reverse(UPLOAD), {"year": "2027", "source": "通知", "file": upload})
    assert response.status_code == 200
    assert "file" in response.context["form"].errors


def test_a_covered_year_needs_replace(office: Client) -> None:
    response = preview(office, "date,kind,note\n2026-10-01,holiday,国庆节\n", year="2026")
    assert response.status_code == 200
    assert "replace" in response.context["form"].errors
    assert "token" not in response.context


@pytest.mark.parametrize("who", ["clerk_a", "reviewer_a"])
def test_only_the_credit_office_may_upload(client: Client, who: str, request: pytest.FixtureRequest) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(UPLOAD)).status_code == 403
    response = client.post(reverse(UPLOAD), {"year": "2027", "source": "通知", "file": csv_file(GOOD_2027)})
    assert response.status_code == 403
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_a_superuser_may_upload(client: Client) -> None:
    admin = User.objects.create_superuser("root", "root@example.com", "x")
    client.force_login(admin)
    token = preview(client).context["token"]
    client.post(reverse(UPLOAD), {"confirm": "1", "token": token})
    assert CalendarYear.objects.filter(year=2027).exists()


ADD = "/admin/core/calendarday/add/"


def test_the_credit_office_sets_one_day_of_a_covered_year_audited(
    office: Client, credit_office: User, recomputed: list[tuple[dt.date, dt.date]]
) -> None:
    response = office.post(
        ADD,
        {"date": "2026-10-09", "kind": "holiday", "note": "临时休假", "source": "区政府通知", "reason": "区政府通知"},
    )
    assert response.status_code == 302
    day = CalendarDay.objects.get(date=D("2026-10-09"))
    assert (day.kind, day.note, day.source) == ("holiday", "临时休假", "区政府通知")
    event = AuditEvent.objects.get(action="calendar.day.update")
    assert (event.actor, event.from_state, event.to_state) == (credit_office, "workday", "holiday")
    assert recomputed == [(D("2026-10-09"), D("2026-10-09"))]


def test_a_day_of_an_uncovered_year_is_a_form_error(office: Client) -> None:
    response = office.post(ADD, {"date": "2027-01-04", "kind": "holiday", "note": "", "source": "", "reason": "测试"})
    assert response.status_code == 200
    assert "date" in response.context["adminform"].form.errors
    assert not CalendarDay.objects.filter(date__year=2027).exists()


def test_a_weekday_added_as_makeup_is_a_form_error(office: Client) -> None:
    response = office.post(ADD, {"date": "2026-10-09", "kind": "makeup", "note": "", "source": "", "reason": "测试"})
    assert response.status_code == 200
    assert "kind" in response.context["adminform"].form.errors
    assert not AuditEvent.objects.exists()


def test_adding_a_day_needs_a_reason(office: Client) -> None:
    response = office.post(ADD, {"date": "2026-10-09", "kind": "holiday", "note": "", "source": "", "reason": ""})
    assert response.status_code == 200
    assert "reason" in response.context["adminform"].form.errors
    assert CalendarDay.objects.get(date=D("2026-10-09")).kind == "workday"


def test_the_add_page_opens_for_the_credit_office(office: Client) -> None:
    assert office.get(ADD).status_code == 200


def test_a_clerk_may_not_add_a_day(client: Client, clerk_a: User) -> None:
    client.force_login(clerk_a)
    response = client.post(ADD, {"date": "2026-10-09", "kind": "holiday", "note": "", "source": "", "reason": "x"})
    assert response.status_code == 403
    assert CalendarDay.objects.get(date=D("2026-10-09")).kind == "workday"


@pytest.mark.parametrize("term", ["2026-10-01", " 2026-10-01 ", "2026/10/01"])
def test_searching_calendar_days_by_date_finds_the_day(office: Client, term: str) -> None:
    response = office.get(reverse("admin:core_calendarday_changelist"), {"q": term})
    assert response.status_code == 200
    assert [day.date for day in response.context["cl"].result_list] == [D("2026-10-01")]


def test_searching_calendar_days_by_note_still_works(office: Client) -> None:
    response = office.get(reverse("admin:core_calendarday_changelist"), {"q": "国庆", "date__year": "2026"})
    dates = [day.date for day in response.context["cl"].result_list]
    assert D("2026-10-01") in dates


def test_a_file_longer_than_a_year_is_refused(office: Client) -> None:
    lines = "".join(f"2027-01-01,holiday,第{n}行\n" for n in range(400))
    response = preview(office, "date,kind,note\n" + lines)
    codes = {e.code for e in response.context["form"].errors.as_data()["file"]}
    assert "length" in codes
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_a_covered_year_is_replaced_when_asked(office: Client, credit_office: User) -> None:
    response = preview(office, "date,kind,note\n2026-10-01,holiday,国庆节\n", year="2026", replace="on")
    office.post(reverse(UPLOAD), {"confirm": "1", "token": response.context["token"]})
    assert CalendarDay.objects.get(date=D("2026-10-02")).kind == "workday"  # no longer listed: a Friday
    event = AuditEvent.objects.get(action="calendar.year.load")
    assert (event.from_state, event.to_state, event.actor) == ("covered", "covered", credit_office)
