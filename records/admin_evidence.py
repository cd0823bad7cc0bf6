"""Evidence files in the admin, for every model with an ``evidence`` relation (credit records,
objections): the download URL behind the object's own gate, and the links on its page."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy

from records.services.evidence import download_name, evidence_storage

# The separator of listed links: a constant (format_html() without arguments is deprecated).
LINE_BREAK = SafeString("<br>")


def evidence_links_html(files: list[Any], url_name: str) -> str:
    """Download links through the permission-checking view named ``url_name``, never the
    storage's own URL."""
    if not files:
        return "—"
    return format_html_join(
        LINE_BREAK,
        '<a href="{}">{}</a> ({} KB)',
        ((reverse(f"admin:{url_name}", args=[f.pk]), f.original_name, max(1, f.size // 1024)) for f in files),
    )


def evidence_file_response(item: Any) -> FileResponse:
    """A stored evidence file, for a caller that has checked who may read it."""
    response = FileResponse(
        evidence_storage().open(item.stored_name, "rb"),
        as_attachment=True,
        filename=download_name(item),
        content_type=item.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


class EvidenceAdminMixin:
    """``evidence_url_name`` names the download URL; ``evidence_visible(request)`` is the one
    gate: the files of the objects the user may see (anything else is 404)."""

    evidence_url_name: str
    admin_site: Any

    def evidence_visible(self, request: HttpRequest) -> QuerySet[Any]:
        raise NotImplementedError

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view(self.evidence_view)
        return [path("evidence/<int:pk>/", view, name=self.evidence_url_name), *super().get_urls()]  # type: ignore[misc]

    def evidence_view(self, request: HttpRequest, pk: int) -> FileResponse:
        if not self.has_view_permission(request):  # type: ignore[attr-defined]
            raise PermissionDenied
        return evidence_file_response(get_object_or_404(self.evidence_visible(request), pk=pk))

    @admin.display(description=gettext_lazy("evidence files"))
    def evidence_links(self, obj: Any) -> str:
        return evidence_links_html(list(obj.evidence.all()) if obj.pk else [], self.evidence_url_name)
