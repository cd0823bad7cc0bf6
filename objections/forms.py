from __future__ import annotations

import copy
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


class UnechoedTextInput(forms.TextInput):
    """A text box that never renders the value sent: an ID number goes back to no page."""

    def format_value(self, value: Any) -> None:
        return None


class CounterpartyIdentifyForm(forms.Form):
    """Step 1 of a counterparty's objection: who they are, checked against the item, and where
    to write to them. Nothing typed here is shown back or stored but the address."""

    document_number = forms.CharField(
        label=_("Decision document number (决定文书号)"),
        max_length=100,
        help_text=_("As printed on the decision you received."),
    )
    code = forms.CharField(
        label=_("Unified social credit code, or the full ID number for a person"),
        max_length=30,
        widget=UnechoedTextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_("Checked against the decision and never shown on any page."),
    )
    email = forms.EmailField(
        label=_("Contact e-mail"),
        help_text=_("We send a one-time code to confirm it, and the answer later."),
    )
    agent = forms.BooleanField(
        label=_("I file for the counterparty as its agent (代理人)"),
        required=False,
        help_text=_("An agent attaches the authorisation letter in the next step."),
    )


class CounterpartyObjectionForm(ObjectionForm):
    """Step 2: the code from the mail, then the objection itself (and an agent's authorisation)."""

    email_code = forms.CharField(
        label=_("Code from the e-mail"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    authorisation = forms.FileField(
        label=_("Authorisation letter (授权委托书)"),
        required=False,
        help_text=_("Only when you file as an agent: PDF, JPEG or PNG, 20 MB at most."),
    )

    field_order = ["email_code", "reasons", "evidence_files", "authorisation"]

    def __init__(self, *args: Any, agent: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not agent:
            del self.fields["authorisation"]
        else:
            self.fields["authorisation"].required = True


class CounterpartyRepairForm(forms.Form):
    """Step 2 of a counterparty's credit repair request: the mailed code, then the request."""

    email_code = CounterpartyObjectionForm.base_fields["email_code"]

    def __init__(self, *args: Any, agent: bool = False, **kwargs: Any) -> None:
        from objections.repair_forms import RepairForm

        super().__init__(*args, **kwargs)
        # The civil servant's request fields (statement, evidence, commitment), then the letter.
        self.fields.update(copy.deepcopy(RepairForm.base_fields))
        if agent:
            self.fields["authorisation"] = copy.deepcopy(CounterpartyObjectionForm.base_fields["authorisation"])
            self.fields["authorisation"].required = True


class ObjectionStatusForm(forms.Form):
    query_code = forms.CharField(
        label=_("Query code (查询码)"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
