"""`python manage.py import_calendar FILE --source …`: loading a future year from a CSV file."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from core.models import AuditEvent, CalendarDay, CalendarYear
from core.selectors import deadline
from core.services.calendar import calendar_load_year

D = dt.date.fromisoformat
pytestmark = pytest.mark.django_db

GOOD_2027 = """date,kind,note
2027-01-01,holiday,元旦
2027-02-20,makeup,春节调休上班
"""


def write(tmp_path: Path, text: str, name: str = "calendar.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(path: str, *args: str) -> str:
    out = StringIO()
    call_command("import_calendar", path, *args, source="测试通知", stdout=out)
    return out.getvalue()


def import_error(tmp_path: Path, text: str) -> str:
    with pytest.raises(CommandError) as excinfo:
        run(write(tmp_path, text))
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    return str(excinfo.value)


def test_import_covers_2027_so_its_deadlines_compute(tmp_path: Path) -> None:
    output = run(write(tmp_path, GOOD_2027))
    assert "2027: 1 holidays, 1 make-up days loaded" in output
    assert CalendarYear.objects.get(year=2027).source == "测试通知"
    assert CalendarDay.objects.filter(date__year=2027).count() == 365
    # 2027-01-01 (Fri) is off, then a weekend: the first working day is Monday the 4th.
    assert deadline(D("2026-12-31"), 1).due == D("2027-01-04")
    # The make-up Saturday counts.
    assert deadline(D("2027-02-19"), 1).due == D("2027-02-20")
    assert deadline(D("2026-12-28"), 7).due == D("2027-01-07")


def test_import_writes_an_audit_event(tmp_path: Path) -> None:
    run(write(tmp_path, GOOD_2027))
    event = AuditEvent.objects.get(action="calendar.year.load")
    assert (event.object_id, event.from_state, event.to_state) == ("2027", "missing", "covered")
    assert event.reason == "测试通知"
    assert event.data == {"holidays": 1, "makeup_days": 1}


def test_import_accepts_a_byte_order_mark_and_blank_notes(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_text("\ufeffdate,kind,note\n2027-01-01,holiday,\n", encoding="utf-8")
    run(str(path))
    assert CalendarDay.objects.get(date=D("2027-01-01")).kind == "holiday"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("date,kind,note\n2027-01-01,holiday,元旦\n2027-02-30,holiday,春节\n", "line 3"),
        ("date,kind,note\n2027-01-01,holiday,元旦\n2027-02-06,day-off,春节\n", "line 3"),
        ("date,kind,note\n2027-01-01,holiday,元旦\n2027-01-01,holiday,元旦\n", "line 3"),
        # 2027-01-04 is a Monday: only a weekend day can be a make-up working day
        ("date,kind,note\n2027-01-01,holiday,元旦\n2027-01-04,makeup,调休\n", "line 3"),
        # a blank line is still a line of the file
        ("date,kind,note\n2027-01-01,holiday,元旦\n\n2027-02-30,holiday,春节\n", "line 4"),
        # file-level problems are reported against the header line
        ("2027-01-01,holiday,元旦\n", "line 1"),
        ("", "line 1"),
        ("date,kind,note\n", "line 1"),
    ],
    ids=[
        "bad-date",
        "bad-kind",
        "duplicate-date",
        "makeup-on-weekday",
        "after-blank-line",
        "missing-header",
        "empty-file",
        "header-only",
    ],
)
def test_bad_file_is_refused_naming_the_line_and_nothing_is_saved(tmp_path: Path, text: str, expected: str) -> None:
    assert expected in import_error(tmp_path, text)


def test_every_bad_line_is_named_at_once(tmp_path: Path) -> None:
    message = import_error(tmp_path, "date,kind,note\n2027-02-30,holiday,春节\n2027-01-04,makeup,调休\n")
    assert "line 2" in message and "line 3" in message


def test_unreadable_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read"):
        run(str(tmp_path / "missing.csv"))
    path = tmp_path / "gbk.csv"
    path.write_bytes("date,kind,note\n2027-01-01,holiday,元旦\n".encode("gbk"))
    with pytest.raises(CommandError, match="cannot read"):
        run(str(path))


def test_loading_a_covered_year_without_replace_is_refused(tmp_path: Path) -> None:
    before = CalendarDay.objects.get(date=D("2026-10-03"))
    with pytest.raises(CommandError, match="2026"):
        run(write(tmp_path, "date,kind,note\n2026-10-01,holiday,国庆节\n2026-10-03,makeup,错误\n"))
    assert CalendarDay.objects.get(date=D("2026-10-03")) == before
    assert CalendarDay.objects.get(date=D("2026-10-03")).kind == "holiday"
    assert not AuditEvent.objects.exists()


def test_replace_reloads_a_covered_year(tmp_path: Path) -> None:
    run(write(tmp_path, GOOD_2027))
    run(write(tmp_path, "date,kind,note\n2027-01-01,holiday,元旦\n2027-01-04,holiday,补假\n", "v2.csv"), "--replace")
    assert CalendarDay.objects.get(date=D("2027-01-04")).kind == "holiday"
    assert CalendarDay.objects.get(date=D("2027-02-20")).kind == "weekend"
    assert CalendarDay.objects.filter(date__year=2027).count() == 365
    assert list(AuditEvent.objects.filter(action="calendar.year.load").values_list("from_state", flat=True)) == [
        "covered",
        "missing",
    ]


def test_a_failing_year_leaves_no_earlier_year_of_the_same_file_saved(tmp_path: Path) -> None:
    calendar_load_year(year=2028, special_days=[], source="已载入", audit=False)
    with pytest.raises(CommandError, match="2028"):
        run(write(tmp_path, GOOD_2027 + "2028-01-01,holiday,元旦\n"))
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    assert not AuditEvent.objects.exists()
