"""Errors of the store: a refused write or a missing record, with one Chinese line for people."""

from __future__ import annotations


class StoreError(Exception):
    """A write the store refuses (the message is one Chinese line, shown as is)."""


class NotFound(StoreError):
    """A record that does not exist (or that the caller may not see)."""
