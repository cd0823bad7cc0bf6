from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def office_warnings(context: dict[str, Any]) -> list[Any]:
    """The signed-in user's unread notices, shown at the top of the admin index."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return list(user.notifications.filter(read_at__isnull=True)[:10])


@register.simple_tag(takes_context=True)
def my_work(context: dict[str, Any]) -> list[Any]:
    """The signed-in user's queue on the admin home (core.admin_workflow.work_queue)."""
    from core.admin_workflow import work_queue

    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    return work_queue(request)


@register.simple_tag(takes_context=True)
def sharing_warnings(context: dict[str, Any]) -> list[str]:
    """For the credit office: sharing to the city credit platform is off, or messages failed."""
    from core.admin_sharing import sharing_warnings as warnings_for

    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    return warnings_for(request.user)
