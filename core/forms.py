from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_DAYS = 365


class DeadlineForm(forms.Form):
    """Input of the deadline calculator, shared by the public page and the API."""

    start = forms.DateField(
        label=_("Start date"),
        help_text=_("The day the clock starts, e.g. the decision date. It is not counted."),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD."), "required": _("Enter a start date.")},
        input_formats=["%Y-%m-%d"],
    )
    days = forms.IntegerField(
        label=_("Working days"),
        min_value=1,
        max_value=MAX_DAYS,
        error_messages={
            "invalid": _("Enter a whole number of working days."),
            "required": _("Enter a number of working days."),
            "min_value": _("The number of working days must be between 1 and 365."),
            "max_value": _("The number of working days must be between 1 and 365."),
        },
    )
