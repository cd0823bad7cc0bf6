"""The project's URLs plus the ceiling view (a ~5 KB page, no database, same middleware)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from integrity.urls import urlpatterns as project_urlpatterns

_BODY = (
    "<!doctype html><html lang='zh-hans'><head><meta charset='utf-8'><title>ceiling</title></head><body>"
    + "<p>槐荫区政务诚信平台 基准测试 最小视图。</p>" * 78
    + "</body></html>"
).encode()


def ceiling(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_BODY, content_type="text/html; charset=utf-8")


urlpatterns = [
    path("bench/ceiling/", ceiling, name="bench-ceiling"),
    *project_urlpatterns,
]
