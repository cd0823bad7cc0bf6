"""Import administrative actions from a CSV or XLSX file: the admin's import path, from the shell."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.imports import error_report_csv
from core.models import Agency, User
from disclosure.models import ActionKind
from disclosure.services.imports import import_check_actor, import_file


class Command(BaseCommand):
    help = "Import administrative actions (双公示 template columns) for one agency; all rows or none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--agency", required=True, help="the deciding agency's USCC")
        parser.add_argument("--kind", default=ActionKind.PENALTY, choices=ActionKind.values)
        parser.add_argument(
            "--user", help="the clerk of the agency who answers for the import (needed to submit for review)"
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help="import as drafts instead of submitting for review (the default without --user)",
        )
        parser.add_argument("--errors", type=Path, help="write the row-by-row error report (CSV) here")
        parser.add_argument(
            "--confirm",
            action="store_true",
            help="import a file whose check found warnings (the preview: ignored columns, derived tiers, amounts)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        agency = Agency.objects.filter(uscc=options["agency"].upper()).first()
        if agency is None:
            raise CommandError(f"no agency with USCC {options['agency']}")
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"no user {options['user']}")
        # Without a clerk nobody answers for a submission (four eyes): drafts only.
        submit = actor is not None and not options["draft"]
        try:
            import_check_actor(actor, agency, submit=submit)
        except PermissionDenied as exc:
            raise CommandError(f"{exc} ({actor.username if actor else 'no --user'}, {agency})") from exc
        result = import_file(
            path, kind=options["kind"], agency=agency, actor=actor, submit=submit, confirmed=options["confirm"]
        )
        for warning in result.warnings[:20]:
            self.stderr.write(f"warning: row {warning.row} {warning.column}: {warning.message}")
        if result.awaiting_confirmation:
            raise CommandError(
                f"nothing imported yet: {result.warnings_total} warnings in {result.rows} rows; "
                "read them and run again with --confirm"
            )
        if not result.ok:
            if options["errors"]:
                options["errors"].write_text(
                    error_report_csv(result.errors, total=result.errors_total), encoding="utf-8"
                )
            for error in result.errors[:20]:
                self.stderr.write(f"row {error.row} {error.column}: {error.message}")
            more = result.errors_total - 20
            raise CommandError(
                f"nothing imported: {result.errors_total} problems in {result.rows} rows"
                + (f" ({more} more not shown)" if more > 0 else "")
            )
        state = "submitted for review" if submit else "as drafts"
        self.stdout.write(self.style.SUCCESS(f"imported {result.imported} rows for {agency}, {state}"))
