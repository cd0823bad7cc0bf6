"""The records of a file page and its filter form, rendered in Python.

Written as format strings because through the template engine a page of 20 records with
their labels, and a filter form through Django's widget templates, cost several times the
rest of the page (bench/README.md, "Integrity file pages"). The labels are translated once a
page; every value is escaped by format_html.
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from integrity.lib.choices import display
from records.models import CreditRecord

register = template.Library()

_SELECTED = format_html("{}", " selected")


def _joined(parts: Any) -> SafeString:
    """Fragments built by format_html, one after another (each is escaped unless already safe)."""
    return format_html_join("", "{}", ((part,) for part in parts))


def _labels() -> dict[str, Any]:
    def field(name: str) -> Any:
        return CreditRecord._meta.get_field(name)

    return {
        "status": str(field("status").verbose_name),
        "document_number": str(field("document_number").verbose_name),
        "use_scope": str(field("use_scope").verbose_name),
        "providing_agency": str(field("providing_agency").verbose_name),
        "public_until": str(field("public_until").verbose_name),
        "min_public_until": str(field("min_public_until").verbose_name),
        "sanction_kind": str(field("sanction_kind").verbose_name),
        "influence_until": str(field("influence_until").verbose_name),
        "on_site": _("on the public site"),
        "running": _("running"),
        "left": _("left the public site"),
        "source": _("source"),
        "evidence": _("evidence files"),
        "mailed": _("mailed"),
        "open": _("Open the record"),
        "record_url": _reverser("admin:records_creditrecord_change"),
        "evidence_url": _reverser("admin:records_evidence_download"),
    }


def _reverser(name: str) -> Any:
    """``pk -> reverse(name, args=[pk])`` at the cost of one reverse a page: reversing is the
    dearest step of a record's entry, and these URLs differ only in the key."""
    marker = "2147483647"
    head, _marker, tail = reverse(name, args=[marker]).partition(marker)
    return lambda pk: f"{head}{pk}{tail}"


def _fact(dt_label: str, dd: Any, css: str = "") -> SafeString:
    if css:
        return format_html('<dt>{}</dt><dd class="{}">{}</dd>', dt_label, css, dd)
    return format_html("<dt>{}</dt><dd>{}</dd>", dt_label, dd)


def _date(value: Any) -> str:
    return value.isoformat() if value else ""


def entry_html(entry: Any, labels: dict[str, Any]) -> SafeString:
    r = entry.record
    facts = [_fact(labels["status"], display(r, "status"), "status")]
    if r.document_number:
        facts.append(_fact(labels["document_number"], r.document_number))
    scope = display(r, "use_scope")
    facts.append(_fact(labels["use_scope"], f"{scope} · {labels['on_site']}" if entry.on_public_site else scope))
    if r.providing_agency_id and r.providing_agency:
        facts.append(_fact(labels["providing_agency"], r.providing_agency.name))
    for name in ("public_until", "min_public_until"):
        if getattr(r, name):
            facts.append(_fact(labels[name], _date(getattr(r, name))))
    if r.sanction_kind:
        facts.append(_fact(labels["sanction_kind"], display(r, "sanction_kind")))
    if r.influence_until:
        until = _date(r.influence_until)
        facts.append(
            _fact(labels["influence_until"], f"{until} · {labels['running']}" if entry.in_influence_period else until)
        )
    takedown = getattr(r, "takedown", None)  # a reverse one-to-one: absent raises AttributeError
    if takedown is not None:
        facts.append(_fact(labels["left"], f"{_date(takedown.taken_down_at.date())} · {display(takedown, 'reason')}"))
    if r.fact_id and r.fact:
        where = f"{r.fact.object_type} {r.fact.object_id}"
        link = format_html('<a href="{}">{}</a>', entry.source_url, where) if entry.source_url else where
        facts.append(
            _fact(
                labels["source"],
                format_html("{} · {} · {}", display(r.fact, "kind"), _date(r.fact.occurred_on), link),
                "fact",
            )
        )
    # The timeline marks the records without evidence (file_timeline): no query for those.
    files = list(r.evidence.all()) if getattr(r, "has_evidence", True) else []
    if files:
        links = format_html_join(
            "、",
            '<a href="{}">{}</a>',
            ((labels["evidence_url"](f.pk), f.original_name) for f in files),
        )
        facts.append(_fact(labels["evidence"], links))
    notices = ""
    if entry.notices:
        items = format_html_join(
            "",
            '<li class="notice"><time datetime="{}">{}</time> · {} → {}{}</li>',
            (
                (
                    n.created_at.isoformat(),
                    localtime(n.created_at).strftime("%Y-%m-%d %H:%M"),
                    n.subject,
                    n.recipient.get_full_name() or n.recipient.username,
                    f" · {labels['mailed']}" if n.mailed_at else "",
                )
                for n in entry.notices
            ),
        )
        count = len(entry.notices)
        summary = _("Notices sent about this record: %(n)s") % {"n": count}
        notices = format_html(
            '<details class="file-notices" open><summary>{}</summary><ul>{}</ul></details>', summary, items
        )
    tier = f" · {display(r, 'tier')}" if r.tier else ""
    return format_html(
        '<li class="file-entry" id="record-{pk}" data-status="{status}">'
        '<h3><time datetime="{date}">{date}</time> · {category} · {polarity}{tier}</h3>'
        "<p>{summary}</p>"
        '<dl class="file-facts">{facts}</dl>{notices}'
        '<p><a href="{url}">{open}</a></p></li>\n',
        pk=r.pk,
        status=r.status,
        date=_date(r.decision_date),
        category=display(r, "category"),
        polarity=display(r, "polarity"),
        tier=tier,
        summary=r.summary,
        facts=_joined(facts),
        notices=notices,
        url=labels["record_url"](r.pk),
        open=labels["open"],
    )


@register.simple_tag
def file_entries(entries: list[Any]) -> SafeString:
    labels = _labels()
    return format_html(
        '<ol class="file-timeline">{}</ol>',
        _joined(entry_html(e, labels) for e in entries),
    )


@register.filter(name="display")
def display_filter(obj: Any, name: str) -> str:
    """``{{ record|display:"category" }}``: ``get_category_display`` without its per-call cost."""
    return display(obj, name)


@register.simple_tag
def filter_fields(form: forms.Form) -> SafeString:
    """The fields of a GET filter form (text, number and select), without the widget templates."""
    rows = []
    for bound in form:
        field = bound.field
        value = bound.value()
        value = "" if value is None else str(value)
        errors = format_html_join("", '<ul class="errorlist"><li>{}</li></ul>', ((e,) for e in bound.errors))
        if isinstance(field, forms.ChoiceField):
            choices: list[tuple[Any, Any]] = list(field.choices)  # type: ignore[arg-type]  # flat lists here
            options = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((key, _SELECTED if str(key) == value else "", label) for key, label in choices),
            )
            control = format_html('<select name="{}" id="{}">{}</select>', bound.html_name, bound.auto_id, options)
        else:
            kind = "number" if isinstance(field, forms.IntegerField) else "text"
            control = format_html(
                '<input type="{}" name="{}" id="{}" value="{}">', kind, bound.html_name, bound.auto_id, value
            )
        css = "form-row errors" if bound.errors else "form-row"
        rows.append(
            format_html(
                '<div class="{}">{}<label for="{}">{}</label> {}</div>',
                css,
                errors,
                bound.auto_id,
                bound.label,
                control,
            )
        )
    return _joined(rows)
