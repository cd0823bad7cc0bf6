from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from core.services.calendar import calendar_seed_official


class Command(BaseCommand):
    help = "Load the official 2004–2026 schedules (chinesecalendar) for years not yet in the calendar."

    def handle(self, *args: Any, **options: Any) -> None:
        loaded = calendar_seed_official()
        self.stdout.write(f"loaded: {', '.join(map(str, loaded)) or 'nothing (all years present)'}")
