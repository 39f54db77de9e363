"""Small, loud helpers for reading configuration from the environment.

Every helper raises :class:`SettingsError` with a one-line message that names the
variable; ``manage.py``, ``wsgi.py`` and ``celery.py`` print that line and exit
instead of showing a traceback.
"""

import os
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


class SettingsError(ImproperlyConfigured):
    pass


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise SettingsError(f"{name} must be one of 1/0, true/false, yes/no, on/off (got {raw!r}).")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number (got {raw!r}).") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def parse_database_url(url: str, *, name: str = "DATABASE_URL") -> dict[str, object]:
    """Turn ``postgres://user:pass@host:port/db?sslmode=require`` into a DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "sqlite"}:
        raise SettingsError(
            f"{name} must start with postgres:// or sqlite:/// (got scheme {parts.scheme!r})."
        )
    if parts.scheme == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": unquote(parts.path[1:])}
    if not parts.path.strip("/"):
        raise SettingsError(f"{name} must name a database, e.g. postgres://user@host/stadtdialog.")
    try:
        port = parts.port
    except ValueError:
        raise SettingsError(f"{name} has an invalid port.") from None
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.strip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(port or ""),
        "OPTIONS": dict(parse_qsl(parts.query)),
    }
