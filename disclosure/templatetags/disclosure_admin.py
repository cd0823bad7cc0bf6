from __future__ import annotations

from typing import Any

from django import template

from disclosure import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def late_count_for_user(context: dict[str, Any]) -> int | None:
    """Late publications the signed-in user answers for (all agencies for the credit office)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.has_perm("disclosure.view_administrativeaction"):
        return None
    return selectors.late_publication_count(user)
