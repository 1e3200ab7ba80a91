"""yusuan (预算): read, check, render, store and publish Chinese budget disclosures."""

__version__ = "0.1.0"
