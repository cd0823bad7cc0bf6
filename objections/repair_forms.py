from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from objections.forms import MultipleFileField
from objections.services.repair import STATEMENT_MAX


class RepairForm(forms.Form):
    """What the applicant types: the statement, the evidence files, and the acceptance of the
    credit commitment shown above the form (the rules are the service's)."""

    statement = forms.CharField(
        label=_("How were the obligations fulfilled? (履行情况说明)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=STATEMENT_MAX,
        help_text=_("Say what you did to correct the conduct, fulfil the obligations or remove its effects."),
    )
    evidence_files = MultipleFileField(
        label=_("Evidence of fulfilment (履行证明材料)"),
        required=False,  # required by the service, which says so beside the field
        help_text=_("1 to 5 files: PDF, JPEG, PNG, DOCX or XLSX, 20 MB each."),
    )
    commitment_accepted = forms.BooleanField(
        label=_("I have read the credit commitment above and accept it (本人已阅读并同意上述信用承诺)"),
        required=True,
        error_messages={"required": _("Accept the credit commitment to file the request.")},
    )
