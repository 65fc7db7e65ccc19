"""Tests: in-memory SQLite by default, PostgreSQL when DATABASE_URL points to one."""

import os
import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key-not-for-production"
DEBUG = False
if not os.environ.get("DATABASE_URL"):
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
LANGUAGE_CODE = "sv"
# Static files come straight from the apps (no collectstatic outside production).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# Tasks run at once, inside the request or command that enqueues them.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# No heartbeat thread in tests (the immediate backend runs the work inside the test); the worker tests set their own.
TASK_HEARTBEAT_SECONDS = float(os.environ.get("DIGIPUFF_TASK_HEARTBEAT_SECONDS", "0"))
# Uploads, frozen reports and task files of a test run go to a directory of their own, not the data directory.
STORAGES["default"] = {  # noqa: F405
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": tempfile.mkdtemp(prefix="digipuff-test-media-")},
}
# No LibreOffice layout of every decided report's Word file; the tests of the page numbers turn it on.
DIGIPUFF_LIBREOFFICE_TIMEOUT = 0
# Drawn charts of a test run are kept apart from the data directory's chart cache too.
CACHES = {
    **CACHES,  # noqa: F405
    "charts": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": tempfile.mkdtemp(prefix="digipuff-test-charts-"),
    },
}
