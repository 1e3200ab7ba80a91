"""Portal settings, from the environment (every one has a safe default).

- ``YUSUAN_DATABASE_URL``: the database (see ``yusuan.store.db``).
- ``YUSUAN_UPLOAD_LIMIT_MB``: largest upload accepted (default 20).
- ``YUSUAN_COOKIE_SECURE``: ``1`` to send cookies over HTTPS only (set it behind an HTTPS proxy).
- ``YUSUAN_CORS_ORIGINS``: comma-separated origins allowed to read the API from a browser; empty
  (the default) leaves CORS off.
- ``YUSUAN_CACHE_MB``: memory for rendered disclosure pages (default 128).
- ``YUSUAN_PUBLIC_URL``: the portal's public address (``https://yusuan.example.gov.cn``); links in the
  JSON (``pagination``, ``json_url``) start with it. Unset: links are relative (never built from the
  request's Host header, which a client chooses).
- ``YUSUAN_RENDER_WORKERS``: processes rendering downloads (PDF, DOCX …) in the background (default 1;
  0: none in this server, another one renders).
- ``YUSUAN_READ_WORKERS``: processes reading and checking staff uploads (default 1, see ``offload``; 0: in
  the server's own threads); ``YUSUAN_READ_TIMEOUT``: seconds one upload may take there (default 600).
- ``YUSUAN_LOGIN_FAILURES`` / ``YUSUAN_LOGIN_ADDRESS_FAILURES`` / ``YUSUAN_LOGIN_LOCK_MINUTES``: failed
  sign-ins that lock an account name (default 10) or an address (default 30), and for how long (15).
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
    public_url: str = ""
    render_workers: int = 1
    read_workers: int = 1
    build_slots: int = 2
    read_timeout: int = 600
    login_failures: int = 10
    login_address_failures: int = 30
    login_lock_minutes: int = 15
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
            "public_url": os.environ.get("YUSUAN_PUBLIC_URL", "").strip().rstrip("/"),
            "render_workers": max(0, _int("YUSUAN_RENDER_WORKERS", 1)),
            "read_workers": max(0, _int("YUSUAN_READ_WORKERS", 1)),
            "build_slots": max(1, _int("YUSUAN_BUILD_SLOTS", os.cpu_count() or 2)),
            "read_timeout": max(1, _int("YUSUAN_READ_TIMEOUT", 600)),
            "login_failures": max(1, _int("YUSUAN_LOGIN_FAILURES", 10)),
            "login_address_failures": max(1, _int("YUSUAN_LOGIN_ADDRESS_FAILURES", 30)),
            "login_lock_minutes": max(1, _int("YUSUAN_LOGIN_LOCK_MINUTES", 15)),
        }
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]
