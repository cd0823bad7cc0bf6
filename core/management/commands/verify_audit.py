from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from core.services.audit import audit_verify


class Command(BaseCommand):
    help = "Walk the audit log's hash chain and name the first broken link (non-zero exit)."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken = audit_verify()
        if broken is not None:
            where = f"event {broken.event_id}" if broken.event_id else "the chain head"
            raise CommandError(f"audit chain broken at {where}: {broken.problem} ({checked} events intact before it)")
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {checked} events"))
