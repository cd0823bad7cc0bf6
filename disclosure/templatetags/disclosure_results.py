"""One result of a public list, rendered in Python.

The markup is what disclosure/_item.html would give; written as one format string because a
page of 20 results through the template engine cost more than everything else on the page
(about 900 Python calls a result against ~60 here; bench/README.md). Every value is escaped
by _e, as the template's autoescape would."""

from __future__ import annotations

from functools import lru_cache
from html import escape
from typing import Any

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()


def _e(value: Any) -> str:
    """conditional_escape without its SafeString per value: Django's escape() is html.escape
    (quote=True) wrapped in SafeString, so the text is the same; already-safe values pass."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return escape(str(value))


def result_html(item: dict[str, Any], labels: dict[str, str]) -> str:
    # Concatenation of escaped parts rather than format_html: format_html's SafeString per
    # argument was most of the tag's time (bench/README.md).
    # Marks read from other facts (「异议处理中」 while the counterparty's objection is open).
    objection = "".join(
        f'    <div><dt>{_e(labels["status"])}</dt><dd class="badge mark">{_e(mark)}</dd></div>\n'
        for mark in item.get("marks", ())
    )
    subject = (
        f'  <p class="subject-link"><a href="{_e(item["subject_url"])}">{_e(labels["subject"])}</a></p>\n'
        if item["subject_url"]
        else ""
    )
    date = _e(item["decision_date"])
    return (
        '<article class="item">\n'
        f'  <h3><a href="{_e(item["url"])}"><span class="party" data-testid="counterparty">'
        f"{_e(item['counterparty_name'])}</span>"
        f'<span class="sep">：</span><span class="decision">{_e(item["decision"])}</span></a></h3>\n'
        '  <dl class="meta">\n'
        f"    <div><dt>{_e(labels['kind'])}</dt><dd>{_e(item['kind_label'])}</dd></div>\n"
        f'    <div><dt>{_e(labels["decision_date"])}</dt><dd><time datetime="{date}">{date}</time></dd></div>\n'
        f"    <div><dt>{_e(labels['agency'])}</dt><dd>{_e(item['agency_name'])}</dd></div>\n"
        f"    <div><dt>{_e(labels['document_number'])}</dt><dd>{_e(item['document_number'])}</dd></div>\n"
        f"{objection}"
        "  </dl>\n"
        f"{subject}"
        "</article>\n"
    )


@register.simple_tag
def results(items: list[dict[str, Any]], labels: dict[str, str]) -> SafeString:
    """{% results items L %}: the results of a list page (disclosure.presenters.list_items)."""
    return mark_safe("".join(result_html(item, labels) for item in items))  # noqa: S308  # nosec B308 B703 - each part escaped by _e


@register.simple_tag
def options(choices: list[tuple[str, str]], selected: str | None) -> SafeString:
    """{% options choices selected %}: the <option>s of a select (about 40 agencies), escaped."""
    return _options(tuple((str(value), str(label)) for value, label in choices), str(selected or ""))


@lru_cache(maxsize=256)
def _options(choices: tuple[tuple[str, str], ...], selected: str) -> SafeString:
    # The same few selects on every page: escaped once per process, not once per request
    # (the agency select was a tenth of an uncached list page). Keyed by the choices
    # themselves, so a renamed agency is a new entry, never a stale one.
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if value == selected else "", label) for value, label in choices),  # no markup to escape
    )


def _errors(form: Any, name: str) -> tuple[str, str]:
    """(the field's has-error class, its messages as the template wrote them)."""
    errors = form.errors.get(name) if form.is_bound else None
    if not errors:
        return "", ""
    return " has-error", "".join(f'<p class="error" role="alert">{_e(error)}</p>' for error in errors)


def _value(form: Any, name: str) -> str:
    value = form[name].value()
    return "" if value is None else _e(value)


@register.simple_tag
def filter_fields(
    form: Any, kinds: list[tuple[str, str]], agencies: list[tuple[str, str]], selected_agency: str, more_open: bool
) -> SafeString:
    """{% filter_fields form kinds agencies selected_agency more_open %}: the fields of the public
    list's filter form, the markup the template wrote field by field. In Python because the
    form's part of the page through the template engine (a {% with %}, a loop, a dozen lookups
    and translations) cost as much as the 20 results (bench/README.md); values and messages
    escaped by _e as autoescape would."""
    label = {name: _e(field.label) for name, field in form.fields.items()}
    q_class, q_errors = _errors(form, "q")
    kind_class, kind_errors = _errors(form, "kind")
    agency_class, agency_errors = _errors(form, "agency")
    everything = _e(_("All"))
    kind = form["kind"].value()
    invalid = ' aria-invalid="true"' if q_class else ""
    dates = "".join(
        "\n"
        f'      <div class="field{_errors(form, name)[0]}">\n'
        f'        <label for="id_{name}">{label[name]}</label>\n'
        f'        <input type="date" name="{name}" id="id_{name}" value="{_value(form, name)}">\n'
        f"        {_errors(form, name)[1]}\n"
        "      </div>\n"
        "      "
        for name in ("decided_from", "decided_to")
    )
    html = (
        "\n"
        f'  <div class="field field-q{q_class}">\n'
        f'    <label for="id_q">{label["q"]}</label>\n'
        '    <div class="search-row"><input type="search" name="q" id="id_q" maxlength="50" '
        f'value="{_value(form, "q")}"{invalid}>'
        f'<button type="submit">{_e(_("Search"))}</button></div>\n'
        f"    {q_errors}\n"
        "  </div>\n"
        f'  <details class="more-filters"{" open" if more_open else ""}>\n'
        f"    <summary>{_e(_('More filters: kind, agency, dates'))}</summary>\n"
        '    <div class="filter-grid">\n'
        f'      <div class="field{kind_class}">\n'
        f'        <label for="id_kind">{label["kind"]}</label>\n'
        f'        <select name="kind" id="id_kind"><option value="">{everything}</option>{options(kinds, kind)}</select>\n'
        f"        {kind_errors}\n"
        "      </div>\n"
        f'      <div class="field{agency_class}">\n'
        f'        <label for="id_agency">{label["agency"]}</label>\n'
        '        <select name="agency" id="id_agency">'
        f'<option value="">{everything}</option>{options(agencies, selected_agency)}</select>\n'
        f"        {agency_errors}\n"
        "      </div>\n"
        f"      {dates}\n"
        f'      <div class="field"><button type="submit">{_e(_("Apply filters"))}</button></div>\n'
        "    </div>\n"
        "  </details>\n"
        "  "
    )
    return mark_safe(html)  # noqa: S308  # nosec B308 B703 - each value escaped by _e
