"""The site layout's fixed parts, rendered once per language per process.

The main navigation is the same on every public page but for the language: through
{% include %} (twice in base.html: the wide row and the phone menu) its seven {% url %}s and
{% translate %}s were a sixth of an uncached list page (bench/README.md). The template stays
the source; only its output is kept, keyed by language and script prefix, so nothing goes stale
but an edited template in a running process (hence not with DEBUG, where templates reload)."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

# Only templates that read nothing from the context but the language.
CONSTANT_TEMPLATES = ("_nav_links.html",)
_rendered: dict[tuple[str, str, str], SafeString] = {}


@register.simple_tag
def constant_include(name: str) -> SafeString:
    """{% constant_include "_nav_links.html" %}: as {% include %}, rendered once per language."""
    if name not in CONSTANT_TEMPLATES:
        raise template.TemplateSyntaxError(f"{name} is not a constant template (core_layout.CONSTANT_TEMPLATES)")
    key = (name, get_language() or "", get_script_prefix())
    html = None if settings.DEBUG else _rendered.get(key)
    if html is None:
        html = _rendered[key] = render_to_string(name)  # already a SafeString, autoescaped by the template
    return html
