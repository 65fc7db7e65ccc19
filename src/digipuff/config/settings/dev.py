"""Local development and the demo: SQLite under var/ unless DATABASE_URL says otherwise."""

from digipuff.config.env import env_bool

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", default=True)
DATA_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405
# The demo serves static files through runserver; no manifest needed before collectstatic.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Static files come straight from the apps (no collectstatic outside production).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
