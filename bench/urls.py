"""The project's URLs plus two reference views for the benchmarks.

- the ceiling: a ~5 KB page, no database, same middleware (every ratio is against it);
- the staff floor: an empty back-office page as the file pages are drawn (the admin's
  `admin_view` gate, the signed-in user and their roles, the admin's base template without
  the navigation sidebar): what any staff page costs before it reads a thing of its own.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path

from integrity.urls import urlpatterns as project_urlpatterns
from records import selectors
from records.admin_files import reading_context
from records.filters import remember_roles

_BODY = (
    "<!doctype html><html lang='zh-hans'><head><meta charset='utf-8'><title>ceiling</title></head><body>"
    + "<p>槐荫区政务诚信平台 基准测试 最小视图。</p>" * 78
    + "</body></html>"
).encode()


def ceiling(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_BODY, content_type="text/html; charset=utf-8")


def staff_floor(request: HttpRequest) -> TemplateResponse:
    # The file pages' own gate: the user's groups loaded once, then the role check.
    remember_roles(request.user)
    if not selectors.may_open_files(request.user):
        raise PermissionDenied
    context = {**reading_context(admin.site, request), "title": "基准测试 最小后台页"}
    return TemplateResponse(request, "admin/base_site.html", context)


urlpatterns = [
    path("bench/ceiling/", ceiling, name="bench-ceiling"),
    path("bench/staff-floor/", admin.site.admin_view(staff_floor), name="bench-staff-floor"),
    *project_urlpatterns,
]
