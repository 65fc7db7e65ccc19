"""WSGI entry point for gunicorn: `gunicorn digipuff.config.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digipuff.config.settings.production")
application = get_wsgi_application()
