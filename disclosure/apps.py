from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = _("Public disclosure")

    def ready(self) -> None:
        from core.services.calendar import register_deadline_recomputer
        from disclosure.services.clock import recompute_publication_due

        # A calendar edit recomputes the publication clocks it affects.
        register_deadline_recomputer(recompute_publication_due)
