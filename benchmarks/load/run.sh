#!/usr/bin/env bash
# Load test (issue 17): gunicorn with 4 workers on PostgreSQL serving the demo, 100 simulated users (locust,
# headless, on 127.0.0.1) for DURATION, then the errors, p95 and p99 per page and in total.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/digipuff_load DURATION=10m benchmarks/load/run.sh
#
# Settings (environment): DATABASE_URL (PostgreSQL; the database is created if missing, migrated and given the demo),
# DURATION (locust's --run-time, default 10m), USERS (100), SPAWN_RATE (10 per second), PORT (8765), WORKERS (4),
# VENV (the virtualenv with DigiPUFF and the bench extra, default .venv). Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=${VENV:-.venv}
DURATION=${DURATION:-10m}
USERS=${USERS:-100}
SPAWN_RATE=${SPAWN_RATE:-10}
PORT=${PORT:-8765}
WORKERS=${WORKERS:-4}
: "${DATABASE_URL:?set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/digipuff_load}"
case "$DATABASE_URL" in postgres://*|postgresql://*) ;; *) echo "DATABASE_URL must point to PostgreSQL"; exit 2;; esac

export DATABASE_URL PYTHONPATH="$PWD/src${PYTHONPATH:+:$PYTHONPATH}"
# The development settings with DEBUG off: production's HTTPS-only cookies would not travel over plain HTTP here.
export DJANGO_SETTINGS_MODULE=digipuff.config.settings.dev DEBUG=false LOG_LEVEL=ERROR
export DIGIPUFF_DATA_DIR=${DIGIPUFF_DATA_DIR:-$(mktemp -d -t digipuff-load-XXXXXX)}
OUT=$(mktemp -d -t digipuff-load-out-XXXXXX)

"$VENV/bin/python" - <<'PY'
import os
import psycopg
from urllib.parse import urlsplit, urlunsplit
url = urlsplit(os.environ["DATABASE_URL"])
name = url.path.lstrip("/")
admin = urlunsplit(url._replace(path="/postgres"))
with psycopg.connect(admin, autocommit=True) as connection:
    if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        connection.execute(f'CREATE DATABASE "{name}"')
        print(f"created database {name}")
PY
"$VENV/bin/python" -m django migrate --no-input --verbosity 0
"$VENV/bin/python" -m django demo >/dev/null
"$VENV/bin/python" -m django axes_reset >/dev/null 2>&1 || true

"$VENV/bin/gunicorn" digipuff.config.wsgi:application --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
  --access-logfile /dev/null --error-logfile "$OUT/gunicorn.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT INT TERM
for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break
  sleep 1
done

echo "locust: $USERS users, $DURATION, gunicorn --workers $WORKERS on PostgreSQL (http://127.0.0.1:$PORT)"
"$VENV/bin/locust" -f benchmarks/load/locustfile.py --headless --users "$USERS" --spawn-rate "$SPAWN_RATE" \
  --run-time "$DURATION" --host "http://127.0.0.1:$PORT" --csv "$OUT/load" --only-summary --loglevel WARNING \
  >"$OUT/locust.log" 2>&1 || true
"$VENV/bin/python" benchmarks/load/summary.py "$OUT/load_stats.csv" "$OUT/load_failures.csv"
