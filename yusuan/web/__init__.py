"""The web portal: FastAPI app factory, pages with JSON twins, Jinja2 templates, static files.

``create_app()`` builds the application; ``yusuan serve`` runs it with uvicorn.
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
