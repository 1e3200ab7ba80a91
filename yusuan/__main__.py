"""``python -m yusuan`` runs the command line."""

from .cli import entry

if __name__ == "__main__":  # not when a worker process started with "spawn" imports the parent's main module
    entry()
