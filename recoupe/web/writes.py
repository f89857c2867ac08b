"""The write side of the web app: the API token, posted articles, the background analysis.

Posted articles (news-please field names) go through the same pipeline as files: the JSON
reader's field mapping, :func:`recoupe.pipeline.prepare_item`, the store, then
:func:`recoupe.jobs.update_analysis` in one background thread, so clusters continue their
stream and several uploads in a row are analysed together.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
import time
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from recoupe.config import Options
from recoupe.ingest import readers
from recoupe.model import Article, Rejected
from recoupe.pipeline import drop_recurring_stored, prepare_item, republished_stored
from recoupe.store.base import Store

TOKEN_STATE = "web_token"


def hash_token(token: str, salt: str) -> str:
    """Salted SHA-256 of a token (tokens are long random strings: no slow hash needed)."""
    return hashlib.sha256(f"{salt}:{token}".encode()).hexdigest()


def setup_token(store: Store, given: str | None) -> tuple[dict[str, str], str | None]:
    """The token check data, and the new token to print once (None when not generated).

    A given token (``--token`` or ``web.token``) is used as is and its hash stored; without
    one, the hash stored at a previous start is used; at the very first start a token is
    generated, its hash stored, and the token returned so the caller prints it once.
    """
    new: str | None = None
    if given:
        token = given
    else:
        stored = store.get_state(TOKEN_STATE)
        if stored and stored.get("hash") and stored.get("salt"):
            return {"hash": stored["hash"], "salt": stored["salt"]}, None
        token = new = secrets.token_urlsafe(32)
    salt = secrets.token_hex(16)
    data = {"hash": hash_token(token, salt), "salt": salt}
    store.put_state(TOKEN_STATE, data)
    return data, new


def check_token(check: dict[str, str], authorization: str | None) -> bool:
    """True when ``authorization`` is ``Bearer <the token>``."""
    if not authorization or not authorization.startswith("Bearer "):
        return False
    got = hash_token(authorization[7:].strip(), check["salt"])
    return hmac.compare_digest(got, check["hash"])


# ---------------------------------------------------------------------------- articles


def raw_from_json(obj: Any, source: str, options: Options) -> Any:
    """A posted object (news-please fields) as a RawDocument, or a Rejected with the reason."""
    return readers.json_article(source, obj, {"folder_outlet": None, "path_date": None}, options)


def prepare_objects(objs: list[tuple[str, Any]], options: Options) -> list[Article | Rejected]:
    """Each (source, object) through the JSON field mapping and the cleaning pipeline."""
    return [prepare_item(raw_from_json(obj, source, options), options) for source, obj in objs]


def store_prepared(store: Store, items: list[Article | Rejected], options: Options | None = None
                   ) -> list[dict[str, Any]]:
    """Store the articles, record the rejections; one result per item, in order.

    First the lines the store has seen on ``clean.repeated_min_days`` days go
    (:func:`recoupe.pipeline.drop_recurring_stored`; an article that then has the text of
    another is a duplicate).

    Each result: ``index``, ``status`` ("stored", "duplicate" or "rejected"), and ``id`` or
    ``reason``.
    """
    min_days = int(options.get("clean.repeated_min_days", 3)) if options is not None else 0
    drop_recurring_stored([it for it in items if isinstance(it, Article)], store, min_days)
    republished_stored([it for it in items if isinstance(it, Article)], store)
    results: list[dict[str, Any]] = []
    fresh: list[tuple[Article, int | None, float | None]] = []
    seen: set[str] = set()
    rejected: list[Rejected] = []
    for i, it in enumerate(items):
        if isinstance(it, Rejected):
            rejected.append(it)
            results.append({"index": i, "status": "rejected", "source": it.source, "reason": it.reason})
            continue
        dup = it.id in seen or store.has_article(it.id)
        results.append({"index": i, "status": "duplicate" if dup else "stored", "id": it.id,
                        "source": it.source, "title": it.title})
        if not dup:
            seen.add(it.id)
            fresh.append((it, None, None))
    if fresh:
        store.add_articles(fresh)
    if rejected:
        store.add_rejected(rejected)
    return results


def parse_jsonl(data: bytes, batch: str) -> list[tuple[str, Any]]:
    """(source, object or error) per non-empty JSONL line; a bad line is a :class:`Rejected`."""
    out: list[tuple[str, Any]] = []
    text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        source = f"api:{batch}:{lineno}"
        try:
            out.append((source, json.loads(line)))
        except json.JSONDecodeError as exc:
            out.append((source, Rejected(source, f"line {lineno}: invalid JSON ({exc.msg})")))
    return out


def prepare_lines(lines: list[tuple[str, Any]], options: Options) -> list[Article | Rejected]:
    return [obj if isinstance(obj, Rejected) else prepare_item(raw_from_json(obj, src, options), options)
            for src, obj in lines]


def new_batch_id() -> str:
    return uuid.uuid4().hex[:12]


# ---------------------------------------------------------------------------- analysis


@dataclass(slots=True)
class AnalysisStatus:
    state: str = "idle"
    requested: int = 0
    done: int = 0
    last_at: float | None = None
    last_seconds: float | None = None
    error: str | None = None
    runs: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"state": self.state, "runs": self.runs, "last_seconds": self.last_seconds,
                "error": self.error, "pending_requests": self.requested - self.done}


@dataclass
class Analyzer:
    """One background thread running ``update_analysis`` whenever new articles were stored.

    Requests made while a run is going are served by the next run (one run for a burst of
    uploads). :meth:`request` returns a ticket that :meth:`wait` waits for.
    """

    open_store: Callable[[], Store]
    options: Options
    #: called after each run (the server makes its next request look at the store)
    on_done: Callable[[], None] | None = None
    status: AnalysisStatus = field(default_factory=AnalysisStatus)
    _cond: threading.Condition = field(default_factory=threading.Condition)
    _thread: threading.Thread | None = None
    _stop: bool = False

    def request(self) -> int:
        with self._cond:
            self.status.requested += 1
            ticket = self.status.requested
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="recoupe-analysis", daemon=True)
                self._thread.start()
            self._cond.notify_all()
            return ticket

    def wait(self, ticket: int, timeout: float) -> bool:
        """Wait until the run serving ``ticket`` is over; False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: self.status.done >= ticket, timeout=timeout)

    def close(self) -> None:
        with self._cond:
            self._stop = True
            self._cond.notify_all()

    def _run(self) -> None:
        from recoupe.jobs import update_analysis

        store = self.open_store()
        try:
            while True:
                with self._cond:
                    self._cond.wait_for(lambda: self._stop or self.status.requested > self.status.done)
                    if self._stop:
                        return
                    target = self.status.requested
                    self.status.state = "running"
                t0 = time.perf_counter()
                error = None
                try:
                    update_analysis(store, self.options)
                except Exception as exc:  # keep serving; the status says what went wrong
                    error = f"[W500] analysis failed: {type(exc).__name__}: {exc}"
                    traceback.print_exc()
                if self.on_done is not None:
                    self.on_done()
                with self._cond:
                    self.status.done = target
                    self.status.runs += 1
                    self.status.error = error
                    self.status.last_seconds = round(time.perf_counter() - t0, 3)
                    self.status.last_at = time.time()
                    self.status.state = "idle" if self.status.requested == target else "queued"
                    self._cond.notify_all()
        finally:
            store.close()
