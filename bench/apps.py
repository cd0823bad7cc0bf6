from __future__ import annotations

import os

from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Bench-only: with BENCH_SEARCH_TRIAL=1 the proposed search code replaces the current one."""

    name = "bench"
    label = "bench"

    def ready(self) -> None:
        if os.environ.get("BENCH_SEARCH_TRIAL") == "1":
            from bench.trials import install_search_trial

            install_search_trial()
