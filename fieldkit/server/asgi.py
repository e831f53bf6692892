"""``fieldkit.server.asgi:app`` for uvicorn's worker processes (settings from the environment)."""

from __future__ import annotations

from .app import create_app

app = create_app()
