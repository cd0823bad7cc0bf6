"""The credit office's calendar pages in the admin: upload a year's schedule, set one day.

The upload is two steps. The first parses and checks the file (`calendar_schedule_parse`,
the same checks as `manage.py import_calendar`) and shows what it will load; the parsed days
stay server-side in the session, under a random token. The confirm step posts only that
token, so what is loaded is exactly what was previewed: a re-posted or edited file is never
read at confirm. Loading goes through `calendar_load_year` (audited, open deadlines recomputed).
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integrity.lib.workdays import Day, DayKind

from .models import CalendarDay, CalendarYear
from .selectors import missing_calendar_years
from .services.calendar import (
    CalendarError,
    ScheduleFileError,
    calendar_load_year,
    calendar_schedule_parse,
    check_day_kind,
)

SESSION_KEY = "core.calendar_upload"
MAX_UPLOAD_BYTES = 64 * 1024  # a year's schedule is a few dozen lines


def may_edit_calendar(user: Any) -> bool:
    """The credit office keeps the calendar: `core.add_calendarday` is its role's permission
    alone (core/roles.py), and superusers hold every permission. Permissions are cached on the
    user, so the admin's sidebar asks this for free on every page."""
    return bool(user.is_active and user.is_staff and user.has_perm("core.add_calendarday"))


class ScheduleUploadForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=1901, max_value=2199)
    source = forms.CharField(
        label=gettext_lazy("Source document"),
        max_length=200,
        help_text=gettext_lazy("The State Council notice the schedule comes from, e.g. 国办发明电〔2026〕7号."),
    )
    file = forms.FileField(
        label=gettext_lazy("Schedule file (CSV)"),
        help_text=gettext_lazy(
            "UTF-8 CSV with the header date,kind,note and one line per holiday (holiday) or make-up "
            "working day (makeup); every other day follows the weekday rule."
        ),
    )
    replace = forms.BooleanField(label=gettext_lazy("Replace the year already in the calendar"), required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        year, upload = data.get("year"), data.get("file")
        if year is None or upload is None:
            return data
        if upload.size > MAX_UPLOAD_BYTES:
            self.add_error("file", ValidationError(_("The file is too large for a year's schedule."), code="size"))
            return data
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            self.add_error("file", ValidationError(_("The file must be saved as UTF-8 CSV."), code="encoding"))
            return data
        try:
            data["days"] = calendar_schedule_parse(text, year=year).get(year, [])
        except ScheduleFileError as exc:
            self.add_error(
                "file",
                [
                    ValidationError(
                        _("Line %(line)s: %(message)s"), code=p.code, params={"line": p.line, "message": p.message}
                    )
                    for p in exc.problems
                ],
            )
        if CalendarYear.objects.filter(year=year).exists() and not data.get("replace"):
            self.add_error(
                "replace",
                ValidationError(
                    _("%(year)s is already in the calendar: tick this box to load it again."),
                    code="covered",
                    params={"year": year},
                ),
            )
        return data


def _preview_rows(days: list[Day]) -> list[dict[str, Any]]:
    labels = dict(CalendarDay.KIND_CHOICES)
    return [
        {"date": d.date, "kind": d.kind.value, "kind_label": labels[d.kind.value], "note": d.note}
        for d in sorted(days, key=lambda d: d.date)
    ]


def schedule_upload_view(request: HttpRequest, *, context: dict[str, Any]) -> HttpResponse:
    """GET: the form. POST: preview an upload, or (with `confirm`) load the previewed year."""
    if not may_edit_calendar(request.user):
        raise PermissionDenied
    if request.method == "POST" and "confirm" in request.POST:
        loaded = _confirm(request)
        if loaded:
            return HttpResponseRedirect(reverse("admin:core_calendaryear_changelist"))
        form = ScheduleUploadForm()
    elif request.method == "POST":
        form = ScheduleUploadForm(request.POST, request.FILES)
        if form.is_valid():
            token = secrets.token_urlsafe(24)
            days: list[Day] = form.cleaned_data["days"]
            request.session[SESSION_KEY] = {
                "token": token,
                "year": form.cleaned_data["year"],
                "source": form.cleaned_data["source"],
                "replace": form.cleaned_data["replace"],
                "days": [[d.date.isoformat(), d.kind.value, d.note] for d in days],
            }
            context.update(
                {
                    "token": token,
                    "year": form.cleaned_data["year"],
                    "source": form.cleaned_data["source"],
                    "replace": form.cleaned_data["replace"],
                    "preview": _preview_rows(days),
                    "holidays": sum(d.kind == DayKind.HOLIDAY for d in days),
                    "makeup_days": sum(d.kind == DayKind.MAKEUP for d in days),
                }
            )
    else:
        missing = missing_calendar_years(timezone.localdate())
        wanted = request.GET.get("year", "")
        initial = int(wanted) if wanted.isdigit() else (missing[0] if missing else timezone.localdate().year + 1)
        form = ScheduleUploadForm(initial={"year": initial})
    context.update({"form": form, "title": _("Load a year's holiday schedule")})
    return TemplateResponse(request, "admin/core/calendaryear/upload.html", context)


def _confirm(request: HttpRequest) -> bool:
    pending = request.session.get(SESSION_KEY)
    if not pending or not constant_time_compare(str(pending.get("token", "")), request.POST.get("token", "")):
        messages.error(request, _("This preview has expired or was replaced by another upload: upload the file again."))
        return False
    del request.session[SESSION_KEY]  # a preview is loaded once
    days = [Day(dt.date.fromisoformat(date), DayKind(kind), note) for date, kind, note in pending["days"]]
    try:
        calendar_load_year(
            year=pending["year"],
            special_days=days,
            source=pending["source"],
            actor=request.user,
            replace=pending["replace"],
        )
    except CalendarError as exc:
        messages.error(request, str(exc))
        return False
    messages.success(
        request,
        _("%(year)s is in the calendar: %(holidays)s holidays and %(makeup)s make-up working days loaded.")
        % {
            "year": pending["year"],
            "holidays": sum(d.kind == DayKind.HOLIDAY for d in days),
            "makeup": sum(d.kind == DayKind.MAKEUP for d in days),
        },
    )
    return True


def parse_search_date(term: str) -> dt.date | None:
    """A changelist search term that is a date: 2026-10-01, 2026/10/01 or 20261001."""
    term = term.strip().replace("/", "-")
    if len(term) == 8 and term.isdigit():
        term = f"{term[:4]}-{term[4:6]}-{term[6:]}"
    try:
        return dt.date.fromisoformat(term)
    except ValueError:
        return None


class CalendarDayAddForm(forms.ModelForm):
    """Set one day of a covered year. A covered year already has every day, so "adding" a
    day updates its row through `calendar_day_update`; an uncovered year is loaded whole."""

    reason = forms.CharField(label=gettext_lazy("Reason for the change"), widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "note", "source"]

    def validate_unique(self) -> None:
        pass  # the row exists by design (see above); the service updates it

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        date, kind = data.get("date"), data.get("kind")
        if date is not None and not CalendarYear.objects.filter(year=date.year).exists():
            self.add_error(
                "date",
                ValidationError(
                    _("%(year)s is not in the calendar yet: load the whole year's schedule first."),
                    code="uncovered",
                    params={"year": date.year},
                ),
            )
        elif date is not None and kind:
            try:
                check_day_kind(date, DayKind(kind))
            except CalendarError as exc:
                self.add_error("kind", ValidationError(str(exc), code="weekday"))
        return data
