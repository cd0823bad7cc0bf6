from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.services.audit import Anchor, audit_anchors_read, audit_verify


class Command(BaseCommand):
    help = (
        "Walk the audit log's keyed hash chain and name the first broken link (non-zero exit). "
        "Checks it against the anchors in AUDIT_ANCHOR_FILE and any --anchor given (from the overseers' mail)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="COUNT:HASH",
            help="an anchor from the daily mail; may be repeated",
        )
        parser.add_argument("--anchor-file", type=Path, help="read anchors from this file instead of AUDIT_ANCHOR_FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        anchors = audit_anchors_read(options["anchor_file"])
        for given in options["anchor"]:
            count, _, head = given.partition(":")
            if not count.isdigit() or len(head) != 64:
                raise CommandError(f"--anchor {given!r}: expected COUNT:HASH (a number, a colon, 64 hex digits)")
            anchors.append(Anchor(int(count), head))
        checked, broken = audit_verify(anchors=anchors)
        if broken is not None:
            where = f"event {broken.event_id}" if broken.event_id else "the chain head"
            raise CommandError(f"audit chain broken at {where}: {broken.problem} ({checked} events intact before it)")
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {checked} events, {len(anchors)} anchors matched"))
