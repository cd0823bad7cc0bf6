"""One result of a public list, rendered in Python.

The markup is what disclosure/_item.html would give; written as one format string because a
page of 20 results through the template engine cost more than everything else on the page
(about 900 Python calls a result against ~60 here; bench/README.md). Every value is escaped
by format_html."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

_RESULT = (
    '<article class="item">\n'
    '  <h3><a href="{url}"><span class="party" data-testid="counterparty">{party}</span>'
    '<span class="sep">：</span><span class="decision">{decision}</span></a></h3>\n'
    '  <dl class="meta">\n'
    "    <div><dt>{l_kind}</dt><dd>{kind}</dd></div>\n"
    '    <div><dt>{l_date}</dt><dd><time datetime="{date}">{date}</time></dd></div>\n'
    "    <div><dt>{l_agency}</dt><dd>{agency}</dd></div>\n"
    "    <div><dt>{l_number}</dt><dd>{number}</dd></div>\n"
    "{objection}"
    "  </dl>\n"
    "{subject}"
    "</article>\n"
)


def result_html(item: dict[str, Any], labels: dict[str, str]) -> SafeString:
    objection = (
        format_html('    <div><dt>{}</dt><dd class="badge">异议处理中</dd></div>\n', labels["status"])
        if item["status"] == "under_objection"
        else ""
    )
    subject = (
        format_html('  <p class="subject-link"><a href="{}">{}</a></p>\n', item["subject_url"], labels["subject"])
        if item["subject_url"]
        else ""
    )
    return format_html(
        _RESULT,
        url=item["url"],
        party=item["counterparty_name"],
        decision=item["decision"],
        l_kind=labels["kind"],
        kind=item["kind_label"],
        l_date=labels["decision_date"],
        date=item["decision_date"],
        l_agency=labels["agency"],
        agency=item["agency_name"],
        l_number=labels["document_number"],
        number=item["document_number"],
        objection=objection,  # already safe: built by format_html above
        subject=subject,
    )


@register.simple_tag
def results(items: list[dict[str, Any]], labels: dict[str, str]) -> SafeString:
    """{% results items L %}: the results of a list page (disclosure.presenters.list_items)."""
    return format_html_join("", "{}", ((result_html(item, labels),) for item in items))


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
