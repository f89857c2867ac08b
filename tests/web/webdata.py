"""Test data and helpers of the web tests (shared by conftest and the test modules)."""

from __future__ import annotations

import json
import re
import socket
import sqlite3
import subprocess
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from recoupe.model import Article, Claim, Story, SummarySentence, TimelineEntry
from recoupe.store import open_store

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "corpus"
TOKEN = "test-token-0123456789"
CHROMIUM = Path("/usr/bin/chromium")
NO_EMBEDDINGS = {"embed": {"backend": "none"}, "cluster": {"use_embeddings": False},
                 "reuse": {"use_embeddings": False}}

HOSTILE = {
    "title": "<script>window.__xss = 'title'</script>Fête de la soupe à Vernoux",
    "maintext": (
        "Le comité des fêtes de Vernoux-sur-Lirette a servi dimanche plus de quatre cents bols de soupe "
        "<script>window.__xss = 'body'; alert(1)</script> aux habitants venus sur la place du marché.\n"
        "Les bénévoles avaient préparé les légumes dès l'aube <img src=x onerror=\"window.__xss='img'\"> "
        "dans la salle polyvalente, a raconté la présidente du comité, Odile Ferrand.\n"
        "« Nous recommencerons l'an prochain, \"><svg onload=alert(2)> avec encore plus de variétés », "
        "a promis Odile Ferrand devant les habitants réunis autour des grandes marmites fumantes."
    ),
    "date_publish": "2026-10-25 11:00:00",
    "url": "javascript:window.__xss='url'",
    "source_domain": "<b onmouseover=alert(3)>gazette</b>",
    "language": "fr",
}

# Two outlets cover a cider festival (a new story), a third follows the flood up (it joins
# the flood story). Fictional places and people.
CIDER = [
    {"title": "Pontvallain-sur-Lirette : la fête du cidre attire trois mille visiteurs",
     "maintext": (
         "La fête du cidre de Pontvallain-sur-Lirette a attiré samedi près de trois mille visiteurs sur la "
         "place de l'église, selon le comité d'organisation.\n"
         "Les producteurs de la vallée de la Lirette proposaient une trentaine de cuvées, dont un cidre de "
         "poire primé au concours régional.\n"
         "« C'est notre meilleure édition depuis dix ans », s'est félicité le président du comité, "
         "Marcel Dubreuil, devant les stands."),
     "date_publish": "2026-11-20 18:00:00", "url": "https://gazette-lirette.example/fete-cidre",
     "source_domain": "gazette-lirette.example", "language": "fr"},
    {"title": "Fête du cidre : record d'affluence à Pontvallain-sur-Lirette",
     "maintext": (
         "Record d'affluence samedi pour la fête du cidre de Pontvallain-sur-Lirette, où quelque trois mille "
         "visiteurs se sont pressés sur la place de l'église.\n"
         "Marcel Dubreuil, président du comité d'organisation, a salué « la meilleure édition depuis dix ans ».\n"
         "Une trentaine de cuvées de la vallée de la Lirette étaient proposées, dont un cidre de poire primé "
         "au concours régional."),
     "date_publish": "2026-11-20 20:30:00", "url": "https://echo-vallee.example/cidre-record",
     "source_domain": "echo-vallee.example", "language": "fr"},
]
FLOOD = {
    "title": "Crue de la Vrenne : la digue du barrage de la Garenne sera reconstruite au printemps",
    "maintext": (
        "La digue du barrage de la Garenne, rompue lors de la crue de la Vrenne, sera reconstruite au "
        "printemps, a annoncé jeudi la préfecture du Maine-et-Loire.\n"
        "À Saint-Aubin-sur-Vrenne, la maire Hélène Dervaux a salué une décision « attendue par tous les "
        "habitants de la ville basse », inondée en octobre après la rupture partielle de la digue.\n"
        "Les travaux du barrage de la Garenne dureront six mois et coûteront près de quatre millions d'euros, "
        "selon la préfecture."),
    "date_publish": "2026-11-26 10:00:00", "url": "https://courrier-vrenne.example/digue-reconstruite",
    "source_domain": "courrier-vrenne.example", "language": "fr",
}


def write_jsonl(path: Path, items: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    return path


def now_utc() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def after(t: str | None) -> None:
    """Wait until the store's clock (whole seconds, UTC) is past ``t``."""
    while t and now_utc() <= t:
        time.sleep(0.05)


_SENT = re.compile(r"[^.!?…\n]+[.!?…]")


def sentence_spans(text: str, n: int = 3) -> list[tuple[int, int]]:
    """The first ``n`` sentences of a text of at least 8 words, as (start, end)."""
    out = []
    for m in _SENT.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        if len(text[s:e].split()) >= 8:
            out.append((s, e))
        if len(out) == n:
            break
    return out


def add_hand_synthesis(db: Path) -> dict[str, Any]:
    """Fill the largest story's summary, timeline, claims and unique_by_outlet by hand."""
    with open_store(str(db)) as store:
        stories = [Story.from_dict(d) for d in store.records("story")]
        story = max(stories, key=lambda s: len(s.articles))
        arts = [a for a in (store.get_article(i) for i in story.articles) if a is not None]
        arts = [a for a in arts if a.outlet][:3]
        summary, claims = [], []
        for k, art in enumerate(arts):
            (s, e), *_ = sentence_spans(art.text, 1)
            others = [o.id for o in arts if o.id != art.id][:1]
            summary.append(SummarySentence(art.text[s:e], [art.id, *others], art.id, s, e))
            status = ("corroborated", "single_source", "conflicting")[k % 3]
            claims.append(Claim(f"c{k}", art.id, art.text[s:e], s, e, story=story.id,
                                sources=[art.id, *others], status=status,
                                independent_sources=2 if status == "corroborated" else 1))
        story.summary = summary
        story.timeline = [TimelineEntry("2026-10-14", "La digue du barrage cède dans la nuit.", [arts[0].id])]
        story.unique_by_outlet = {arts[1].outlet or "?": ["c1"]}
        store.put_records("story", [(story.id, story.as_dict())])
        store.replace_records("claim", [(c.id, c.as_dict()) for c in claims])
        return {"story": story.id, "summary": [x.as_dict() for x in summary],
                "claims": [c.as_dict() for c in claims]}


def copy_store(src: Path, dst: Path) -> Path:
    """A consistent copy of a SQLite store (WAL included) through the backup API."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    return dst


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """uvicorn serving an app in a thread on a free loopback port."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port,
                                                    log_level="warning", lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def chromium_ready() -> str | None:
    """None when Chromium can be used, else the reason to skip."""
    if not CHROMIUM.exists():
        script = ROOT / "scripts" / "install-browser.sh"
        subprocess.run(["sh", str(script)], check=False, timeout=600)
    if not CHROMIUM.exists():
        return (f"{CHROMIUM} is missing and could not be installed (not root?): "
                "run scripts/install-browser.sh as root")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    return None


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def article_of(db: Path, article_id: str) -> Article:
    with open_store(str(db)) as store:
        art = store.get_article(article_id)
    assert art is not None
    return art
