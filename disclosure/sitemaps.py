from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from disclosure.models import AdministrativeAction


class ActionSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self) -> Any:
        return AdministrativeAction.objects.public().only("id", "published_at").order_by("-published_at", "-id")

    def location(self, item: Any) -> str:
        return reverse("disclosure:detail", args=[item.pk])

    def lastmod(self, item: Any) -> Any:
        return item.published_at


class StaticSitemap(Sitemap):
    def items(self) -> list[str]:
        return ["home", "disclosure:list", "disclosure:agencies", "disclosure:takedowns", "core:workdays"]

    def location(self, item: str) -> str:
        return reverse(item)
