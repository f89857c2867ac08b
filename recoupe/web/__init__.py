"""Web UI and JSON API over a recoupe store (FastAPI, Jinja2, uvicorn; the ``web`` extra).

``create_app(db_path, options, token)`` builds the app; ``serve(db, host, port, options,
token)`` runs it (``recoupe serve``). See docs/web.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

    from recoupe.config import Options

__all__ = ["WebUnavailable", "create_app", "serve"]


class WebUnavailable(ImportError):
    """The web extra is not installed."""


def _need_web() -> None:
    try:
        import fastapi  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise WebUnavailable(
            f"[W001] the web UI needs the 'web' extra ({exc.name} is missing): "
            "pip install -e '.[web]'") from exc


def create_app(db_path: Any, options: Options | None = None, token: str | None = None,
               refresh_seconds: float | None = None) -> FastAPI:
    """The FastAPI app over the store at ``db_path`` (see :func:`recoupe.web.app.create_app`)."""
    _need_web()
    from recoupe.web.app import create_app as _create

    return _create(db_path, options, token, refresh_seconds)


def serve(db: Any, host: str = "127.0.0.1", port: int = 8000, options: Options | None = None,
          token: str | None = None) -> None:
    """Serve the UI and the API with uvicorn until interrupted (``recoupe serve``)."""
    _need_web()
    from recoupe.web.app import serve as _serve

    _serve(db, host, port, options, token)
