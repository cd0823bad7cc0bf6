"""Test settings: the production settings with test-friendly defaults.

Values come from the environment first, so CI can point the same suite at PostgreSQL and Redis.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("ALLOW_DERIVED_KEYS", "true")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
# Tests sign staff in with force_login; the tests of two factors turn this on (tests/security).
os.environ.setdefault("OTP_REQUIRED", "false")
os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="integrity-test-"))

from .settings import *  # noqa: F403

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Evidence files of tests (the demo seeder's too) stay in memory, never in var/.
STORAGES["evidence"] = {"BACKEND": "django.core.files.storage.InMemoryStorage"}  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - silences WhiteNoise's missing-folder warning
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A second reviewable model, only for the tests of the shared workflow glue (tests/workflow_app).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.workflow_app"]  # noqa: F405
