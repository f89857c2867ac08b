"""The recoupe web app: server-rendered pages and the JSON API over one store.

:func:`create_app` builds the FastAPI application; :func:`serve` runs it with uvicorn (what
``recoupe serve`` calls). Settings (all optional, ``[web]`` section):

- ``web.token``: the API token for write endpoints (else generated at first start);
- ``web.max_request_bytes`` (1 MB): largest request body, except the bulk upload;
- ``web.max_upload_bytes`` (20 MB): largest bulk upload;
- ``web.analysis_wait_seconds`` (120): how long ``?wait=true`` waits for the analysis;
- ``web.refresh_seconds`` (1): how often, at most, a request looks whether the store changed
  (another process ingested articles or saved an analysis); 0 = on every request.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from recoupe import __version__
from recoupe.config import Options
from recoupe.report.writers import reason_fr
from recoupe.store.base import Store, open_store
from recoupe.web.data import Snapshot, SnapshotCache
from recoupe.web.labels import labels
from recoupe.web.writes import Analyzer, setup_token

LANGS = ("fr", "en")

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")

SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class _TooLarge(Exception):
    pass


class GuardMiddleware:
    """Security headers on every response; request bodies over the limit get a 413.

    The limit is checked on Content-Length first, then counted on the stream (chunked
    bodies), so an oversized body is never read into memory whole.
    """

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope.get("path", ""))
        over = False  # the body went over the limit while the app was reading it
        replied = False

        async def guarded_send(message: Message) -> None:
            nonlocal replied
            if over:  # whatever the app answers (FastAPI turns the error into a 400): a 413
                if not replied:
                    replied = True
                    await _too_large(send_headers, limit)
                return
            await send_headers(message)

        async def send_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    h for h in SECURITY_HEADERS if h[0] not in names]
            await send(message)

        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            await _too_large(send_headers, limit)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received, over
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    over = True
                    raise _TooLarge
            return message

        with contextlib.suppress(_TooLarge):
            await self.app(scope, counted, guarded_send)
        if over and not replied:
            replied = True
            await _too_large(send_headers, limit)


async def _too_large(send: Send, limit: int) -> None:
    body = json.dumps({"error": {"code": "W413", "message":
                       f"request body too large (limit {limit} bytes; split the upload or raise "
                       "web.max_request_bytes / web.max_upload_bytes)"}}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


# ---------------------------------------------------------------------------- state


@lru_cache(maxsize=1)
def templates() -> Environment:
    env = Environment(
        loader=PackageLoader("recoupe.web", "templates"),
        autoescape=select_autoescape(["html.j2"], default=True),
        trim_blocks=True, lstrip_blocks=True,
    )
    env.filters["short"] = lambda s, n=80: (s if len(s) <= n else s[: n - 1] + "…") if s else ""
    # "1 article", "2 articles": the label's plural word, made singular for one
    # a claim's status reason in the page's language (recoupe.claims writes it in English)
    env.filters["why"] = lambda s, t: reason_fr(s) if t.get("code") == "fr" else (s or "")
    env.filters["count"] = lambda n, word: f"{n} {word[:-1] if n == 1 and word.endswith('s') else word}"
    return env


@dataclass
class WebState:
    """What every request shares: the store path, one connection per thread, the snapshot
    cache, the token check and the background analyzer."""

    db_path: str
    options: Options
    token_check: dict[str, str]
    cache: SnapshotCache = field(default_factory=SnapshotCache)
    analyzer: Analyzer | None = None
    _local: threading.local = field(default_factory=threading.local)
    _opened: list[Store] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def store(self) -> Store:
        """This thread's store connection (SQLite connections are not shared across threads)."""
        st = getattr(self._local, "store", None)
        if st is None:
            st = open_store(self.db_path)
            self._local.store = st
            with self._lock:
                self._opened.append(st)
        return st

    def snapshot(self) -> Snapshot:
        return self.cache.get(self.store())

    def close(self) -> None:
        if self.analyzer is not None:
            self.analyzer.close()
        with self._lock:
            for st in self._opened:
                with contextlib.suppress(Exception):  # closing at shutdown: nothing left to do
                    st.close()
            self._opened.clear()


def state_of(request: Request) -> WebState:
    return request.app.state.web  # type: ignore[no-any-return]


def lang_of(request: Request) -> str:
    """The interface language: ``?lang=``, then the ``lang`` cookie, then Accept-Language."""
    q = request.query_params.get("lang")
    if q in LANGS:
        return q  # type: ignore[return-value]
    c = request.cookies.get("lang")
    if c in LANGS:
        return c  # type: ignore[return-value]
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip()[:2].lower()
        if code in LANGS:
            return code
    return "fr"


def render(request: Request, name: str, status_code: int = 200, **ctx: Any) -> HTMLResponse:
    """Render a page template with the labels of the request's language."""
    lang = lang_of(request)
    other = "en" if lang == "fr" else "fr"
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"] + [("lang", other)]
    from urllib.parse import urlencode

    ctx.update(t=labels()[lang], lang=lang, path=request.url.path,
               switch_url=f"?{urlencode(params)}", version=__version__)
    html = templates().get_template(name).render(**ctx)
    resp = HTMLResponse(html, status_code=status_code)
    if request.query_params.get("lang") in LANGS:
        resp.set_cookie("lang", lang, samesite="strict", httponly=True)
    return resp


_STATIC = {"style.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8"}


def create_app(db_path: str | Path, options: Options | None = None, token: str | None = None,
               refresh_seconds: float | None = None) -> FastAPI:
    """The web app over the store at ``db_path`` (created if missing).

    Args:
        db_path: SQLite store file.
        options: run options (``web.*`` settings, and the pipeline settings used for
            posted articles).
        token: API token for write endpoints; default ``web.token``, else the one stored
            at a previous start, else a new one printed once on stdout.
        refresh_seconds: how often, at most, requests look whether the store changed;
            default ``web.refresh_seconds``, else 1 second.
    """
    options = options or Options.load(quiet=True)
    db = str(db_path)
    with open_store(db) as st:  # migrate once, before any request
        check, new_token = setup_token(st, token or options.get("web.token") or None)
    if new_token:
        print(f"recoupe: API token for write endpoints (shown once, stored hashed in {db}):\n"
              f"  {new_token}\nPass it as 'Authorization: Bearer <token>'; "
              "start with --token to choose another.", flush=True)

    if refresh_seconds is None:
        refresh_seconds = float(options.get("web.refresh_seconds", 1.0))
    cache = SnapshotCache(min_interval=refresh_seconds)
    state = WebState(db_path=db, options=options, token_check=check, cache=cache)
    state.analyzer = Analyzer(open_store=lambda: open_store(db), options=options, on_done=cache.invalidate)

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
        yield
        state.close()

    app = FastAPI(
        title="recoupe API", version=__version__, lifespan=lifespan,
        description="Stories, events, articles, claims, entities and quotes of a recoupe store; "
        "POST articles (news-please fields) to feed it.",
        openapi_url="/api/v1/openapi.json", docs_url=None, redoc_url=None,
    )
    app.state.web = state
    small = int(options.get("web.max_request_bytes", 1_000_000))
    big = int(options.get("web.max_upload_bytes", 20_000_000))
    app.add_middleware(GuardMiddleware, limit_for=lambda p: big if p == "/api/v1/articles/bulk" else small)

    from recoupe.web.api import router as api_router
    from recoupe.web.pages import router as pages_router

    app.include_router(api_router)
    app.include_router(pages_router)

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name not in _STATIC:  # a fixed list: nothing from the request becomes a path
            raise StarletteHTTPException(404)
        body = resources.files("recoupe.web").joinpath(name).read_bytes()
        return Response(body, media_type=_STATIC[name], headers={"cache-control": "max-age=3600"})

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            detail = exc.detail if isinstance(exc.detail, dict) else {
                "code": f"W{exc.status_code}", "message": str(exc.detail)}
            return JSONResponse({"error": detail}, status_code=exc.status_code, headers=exc.headers)
        return render(request, "error.html.j2", status_code=exc.status_code, code=exc.status_code,
                      message=str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [{"where": ".".join(str(x) for x in e.get("loc", ())), "message": e.get("msg", "")}
                  for e in exc.errors()]
        message = "; ".join(f"{e['where']}: {e['message']}" for e in errors[:5])
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": {"code": "W422", "message": f"invalid request: {message}",
                                           "details": errors}}, status_code=422)
        return render(request, "error.html.j2", status_code=400, code=400, message=message)

    return app


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000, options: Options | None = None,
          token: str | None = None) -> None:
    """Run the web app with uvicorn until interrupted (what ``recoupe serve`` calls)."""
    import uvicorn

    app = create_app(db, options, token)
    print(f"recoupe: serving {db} on http://{host}:{port}/", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
