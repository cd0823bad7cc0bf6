"""Benchmark settings: the production settings plus one ceiling route.

Environment defaults are set *before* importing the project settings (which read the
environment at import time). Anything already exported wins, so e.g.
`PUBLIC_PAGE_CACHE_SECONDS=0` or `DATABASE_URL=...` still override.
"""

from __future__ import annotations

import os
from pathlib import Path

_BENCH_DIR = Path(__file__).resolve().parent

for _key, _value in {
    "DEBUG": "false",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/integrity_bench",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
    # Keys derived from SECRET_KEY (the settings allow it explicitly; never in production).
    "ALLOW_DERIVED_KEYS": "true",
    # wrk speaks plain HTTP to 127.0.0.1: without this every request would be a 301.
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "SECURE_HSTS_SECONDS": "0",
    # The open-data API throttles anonymous clients (default 120/min): lifted for the benchmark.
    "API_ANON_RATE": "100000000/min",
    # So are the page search and the downloads (core.throttling): wrk would get 429s.
    "SEARCH_RATE": "100000000/min",
    "DOWNLOAD_RATE": "100000000/min",
    "CONN_MAX_AGE": "60",
    # Static files (collectstatic) and the Celery folder broker live under bench/.var.
    "VAR_DIR": str(_BENCH_DIR / ".var"),
    "LOG_LEVEL": "WARNING",
}.items():
    os.environ.setdefault(_key, _value)

from integrity.settings import *  # noqa: E402,F403

ROOT_URLCONF = "bench.urls"
