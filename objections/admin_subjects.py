"""What an objection or a repair request is about, and who filed it, as the back office shows
them (objections.admin, objections.repair_admin): a credit record and a civil servant, or a
published item of another app and its counterparty, never the code they typed."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _


def subject_text(obj: Any) -> str:
    return str(obj.record) if obj.record_id is not None else obj.item_title


def subject_link(obj: Any) -> str:
    """The record in the records admin, or the item in its own app's admin."""
    if obj.record_id is not None:
        url = reverse("admin:records_creditrecord_change", args=[obj.record_id])
        return format_html('<a href="{}">{}</a>', url, obj.record)
    item_type = obj.item_type
    url = reverse(f"admin:{item_type.app_label}_{item_type.model}_change", args=[obj.item_id])
    return format_html('<a href="{}">{}</a>', url, obj.item_title)


def filer_text(obj: Any) -> str:
    person = obj.civil_servant
    if person is not None:
        return f"{person.name}（{person.id_number_masked}）"
    # Never the credit code or ID number typed: only how the filer was identified.
    from objections.models import IdentifiedBy

    parts = [obj.contact_email, str(IdentifiedBy(obj.identified_by).label) if obj.identified_by else ""]
    if obj.filed_by_agent:
        parts.append(_("filed by an agent; the authorisation letter is among the files"))
    return " · ".join(p for p in parts if p)
