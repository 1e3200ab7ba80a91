"""Portal settings, from the environment (every one has a safe default).

- ``YUSUAN_DATABASE_URL``: the database (see ``yusuan.store.db``).
- ``YUSUAN_UPLOAD_LIMIT_MB``: largest upload accepted (default 20).
- ``YUSUAN_COOKIE_SECURE``: ``1`` to send cookies over HTTPS only (set it behind an HTTPS proxy).
- ``YUSUAN_CORS_ORIGINS``: comma-separated origins allowed to read the API from a browser; empty
  (the default) leaves CORS off.
- ``YUSUAN_CACHE_MB``: memory for rendered disclosure pages (default 128).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field


def _int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True)
class Settings:
    database_url: str | None = None
    upload_limit: int = 20 * 1024 * 1024
    cookie_secure: bool = False
    cors_origins: tuple[str, ...] = ()
    cache_bytes: int = 128 * 1024 * 1024
    session_cookie: str = "yusuan_session"
    login_csrf_cookie: str = "yusuan_login_csrf"
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        origins = tuple(o.strip() for o in os.environ.get("YUSUAN_CORS_ORIGINS", "").split(",") if o.strip())
        values: dict[str, object] = {
            "database_url": os.environ.get("YUSUAN_DATABASE_URL") or None,
            "upload_limit": _int("YUSUAN_UPLOAD_LIMIT_MB", 20) * 1024 * 1024,
            "cookie_secure": os.environ.get("YUSUAN_COOKIE_SECURE", "") in ("1", "true", "yes"),
            "cors_origins": origins,
            "cache_bytes": _int("YUSUAN_CACHE_MB", 128) * 1024 * 1024,
        }
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]
