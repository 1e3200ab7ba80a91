"""Alembic migrations of the yusuan database, packaged so that they run from an installed yusuan."""
