from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from integrity.lib.errors import ApplicationError
from objections.services.objections import REASONS_MAX


def add_service_error(form: forms.Form, exc: ApplicationError | ValidationError) -> None:
    """A service's refusal on the form that sent it: at its field when the form has that field."""
    if isinstance(exc, ApplicationError):
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    else:
        form.add_error(None, exc)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class ObjectionForm(forms.Form):
    """What the filer types: the reasons and the evidence files (the rules are the service's)."""

    reasons = forms.CharField(
        label=_("Why is the record wrong? (异议理由)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=REASONS_MAX,
        help_text=_("Say which facts are wrong and what is right; the providing agency answers in writing."),
    )
    evidence_files = MultipleFileField(
        label=_("Evidence files (证明材料)"),
        required=False,
        help_text=_("Up to 5 files: PDF, JPEG, PNG, DOCX or XLSX, 20 MB each."),
    )
