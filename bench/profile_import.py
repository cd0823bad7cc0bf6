"""Where does import_file spend its time? cProfile of one import, rolled back.

    .venv/bin/python bench/profile_import.py [ROWS] [--shared-calendar]     # default 5,000 rows

Splits the time into row checking (check_and_build) and writing (save_all), counts the
queries of each, and prints the top functions by cumulative time.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
import django

import bench.settings  # noqa: F401

django.setup()

from django.db import connection, transaction  # noqa: E402

from bench.run import IMPORT_AGENCY  # noqa: E402
from core.models import Agency  # noqa: E402
from disclosure.services import imports  # noqa: E402


def main() -> None:
    import csv
    import random

    from django.utils import timezone

    from bench import generate as g

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 5000
    if "--shared-calendar" in sys.argv:
        # The recommended fix, tried here: one DatabaseCalendar for the whole file.
        import core.selectors

        shared = core.selectors.DatabaseCalendar()
        core.selectors.DatabaseCalendar = lambda: shared  # type: ignore[assignment,misc]
    agency = Agency.objects.get(name=IMPORT_AGENCY)
    path = Path(os.environ["VAR_DIR"]) / f"profile-{n}.csv"
    today = timezone.localdate()
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(imports.columns_for("penalty")), restval="")
        writer.writeheader()
        for i in range(n):
            fields = g.penalty_fields(random.Random(i), i, today, doc_prefix="P")
            fields["document_number"] = f"济槐市监罚〔{fields['decision_date'].year}〕P{i:07d}号"
            writer.writerow(g.penalty_csv_row(fields))
    queries = {"check": 0, "save": 0}
    phase = ["check"]

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries[phase[0]] += 1
        return execute(sql, params, many, context)

    profiler = cProfile.Profile()
    with connection.execute_wrapper(count), transaction.atomic():
        start = time.perf_counter()
        profiler.enable()
        actions, result = imports.check_and_build(imports.read_rows(path), kind="penalty", agency=agency)
        profiler.disable()
        checked = time.perf_counter()
        assert result.ok, result.errors[:3]
        phase[0] = "save"
        profiler.enable()
        imports.save_all(actions, agency=agency, actor=None, source=path.name)
        profiler.disable()
        saved = time.perf_counter()
        transaction.set_rollback(True)
    print(
        f"{n:,} rows: check_and_build {checked - start:.2f} s ({n / (checked - start):,.0f} rows/s, "
        f"{queries['check']:,} queries); save_all {saved - checked:.2f} s ({n / (saved - checked):,.0f} rows/s, "
        f"{queries['save']:,} queries); total {n / (saved - start):,.0f} rows/s"
    )
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
