"""Web UI and JSON API over a recoupe store (FastAPI, Jinja2, uvicorn; the ``web`` extra).

``create_app(db_path, options, token)`` builds the app; ``serve(db, host, port, options,
token)`` runs it (``recoupe serve``). See docs/web.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

    from recoupe.config import Options

__all__ = ["create_app", "serve"]


def create_app(db_path: Any, options: Options | None = None, token: str | None = None) -> FastAPI:
    from recoupe.web.app import create_app as _create

    return _create(db_path, options, token)


def serve(db: Any, host: str = "127.0.0.1", port: int = 8000, options: Options | None = None,
          token: str | None = None) -> None:
    from recoupe.web.app import serve as _serve

    _serve(db, host, port, options, token)
