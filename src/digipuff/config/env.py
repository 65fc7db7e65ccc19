"""Reading settings from the environment, with one clear error for a bad value."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from dj_database_url import DBConfig

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"Miljövariabeln {name} ska vara true eller false, inte {raw!r}.")


def env_int(name: str, *, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        value = minimum - 1
    if value < minimum:
        raise ImproperlyConfigured(f"Miljövariabeln {name} ska vara ett heltal som är minst {minimum}, inte {raw!r}.")
    return value


def env_networks(name: str) -> list[str]:
    """A comma-separated list of IP addresses or networks (192.0.2.10, 10.0.0.0/8), each checked."""
    import ipaddress

    networks = env_list(name, [])
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError as exc:
            raise ImproperlyConfigured(f"{name} ska lista IP-adresser eller nät; {network!r} är ingetdera.") from exc
    return networks


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def data_dir() -> Path:
    """Where the embedded database, uploads and frozen reports live (DIGIPUFF_DATA_DIR, default ./var)."""
    return Path(os.environ.get("DIGIPUFF_DATA_DIR") or PROJECT_DIR / "var").resolve()


def database_config(default_sqlite: Path) -> DBConfig:
    """DATABASE_URL when set (PostgreSQL in production), otherwise SQLite in the data directory."""
    import dj_database_url

    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # dj_database_url raises plain ValueError/KeyError for unknown schemes
        raise ImproperlyConfigured(f"DATABASE_URL är ingen databas-URL som DigiPUFF förstår: {exc}") from exc
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config.setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    return config
