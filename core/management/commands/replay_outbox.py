from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from core.models import SharingMessage, User
from core.services.sharing import ReplayRefused, sharing_is_on, sharing_message_replay, sharing_replay_dead


class Command(BaseCommand):
    help = (
        "Send failed (dead) messages to the city credit platform again, from the first attempt. "
        "Each replay is an audit event. Give --id (repeatable) or --all-dead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--id", type=int, action="append", default=[], dest="ids", help="a dead message's id")
        parser.add_argument("--all-dead", action="store_true", help="every dead message")
        parser.add_argument("--user", help="the credit-office account the replay is audited under (default: none)")

    def handle(self, *args: Any, **options: Any) -> None:
        ids: list[int] = options["ids"]
        if bool(ids) == bool(options["all_dead"]):
            raise CommandError("give either --id N (one or more) or --all-dead")
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"], is_active=True).first()
            if actor is None:
                raise CommandError(f"--user {options['user']!r}: no active account of that name")
        try:
            if options["all_dead"]:
                count = sharing_replay_dead(actor=actor, via="replay_outbox")
            else:
                messages = {m.pk: m for m in SharingMessage.objects.filter(pk__in=ids)}
                missing = sorted(set(ids) - set(messages))
                if missing:
                    raise CommandError(f"no message with id {', '.join(map(str, missing))}")
                with transaction.atomic():  # all or none: a refused id replays nothing
                    for pk in dict.fromkeys(ids):
                        sharing_message_replay(message=messages[pk], actor=actor, via="replay_outbox")
                count = len(set(ids))
        except (ReplayRefused, PermissionDenied) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"{count} message(s) replayed"))
        if not sharing_is_on():
            self.stdout.write(
                self.style.WARNING("sharing is off (CITY_PLATFORM_URL / CITY_PLATFORM_KEY not set): they wait")
            )
