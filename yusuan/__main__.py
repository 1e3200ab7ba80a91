"""``python -m yusuan`` runs the command line."""

from .cli import entry

entry()
