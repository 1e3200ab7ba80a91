"""The store: departments, disclosures and their revisions in SQLite or PostgreSQL.

``Store.open(url)`` opens the database (``db.database_url`` says which one) and upgrades its
schema with the packaged Alembic migrations; see ``repository.Store`` for the operations.
"""

from __future__ import annotations

from .db import database_url, default_url
from .errors import NotFound, StoreError
from .identity import Actor
from .repository import Store, cli_actor
from .writes import CheckResult, ImportResult

__all__ = ["Actor", "CheckResult", "ImportResult", "NotFound", "Store", "StoreError", "cli_actor", "database_url",
           "default_url"]
