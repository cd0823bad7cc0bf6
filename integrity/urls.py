from __future__ import annotations

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core import views as core_views
from disclosure import views as disclosure_views
from disclosure.sitemaps import ActionSitemap, StaticSitemap

admin.site.site_header = gettext_lazy("Huaiyin District Government Integrity Portal · Back office")
admin.site.site_title = gettext_lazy("Huaiyin District Government Integrity Portal")
admin.site.index_title = gettext_lazy("Workbench")

# A database that does not answer is 503 wherever it was raised (core.middleware).
handler500 = "core.views.server_error"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("core.api_urls")),
    path("api/v1/", include("disclosure.api_urls")),
    path("api/v1/", include("records.api_urls")),
    path("api/v1/", include("commitments.api_urls")),
    path("api/v1/", include("objections.api_urls")),
    # Generated for the requesting user: anonymous visitors get the open data only, signed-in
    # staff also see the staff API their permissions allow (drf-spectacular SERVE_PUBLIC).
    path("api/schema/", SpectacularAPIView.as_view(serve_public=False), name="schema"),
    # The split view serves Swagger UI's init script from a URL of its own (?script), and our
    # template drops the inline style: nothing on the page needs 'unsafe-inline' (CSP, settings).
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
    path("admin/", admin.site.urls),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"actions": ActionSitemap, "pages": StaticSitemap}},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("", disclosure_views.home, name="home"),
    path("", include("core.urls")),
    path("", include("disclosure.urls")),
    path("", include("commitments.urls")),
    path("", include("objections.urls")),
    path("", include("records.urls")),
]
