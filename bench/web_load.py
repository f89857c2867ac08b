"""Load test of the web app on loopback: N requests from C concurrent clients.

Starts ``recoupe.web.serve`` as a subprocess on a free port of 127.0.0.1 (over ``--db``, or
a store built from samples/corpus in a temporary folder), fetches the ids it needs through
the API, then sends a mix of page and API requests (stories list, a story page, an article
page with a cited passage, an entity page, full-text search, API lists and records) from
``--clients`` threads, each with its own keep-alive connection. Reports latency p50 / p90 /
p99 / max, requests per second and the error count (any non-200 answer or failed
request), and writes ``bench/results/web_load.json``.

Run: ``.venv/bin/python bench/web_load.py`` (defaults: 2,000 requests, 20 clients).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def request_mix(base: str) -> list[str]:
    """The URLs the clients cycle through, built from what the server holds."""
    with httpx.Client(base_url=base, timeout=30) as c:
        stories = c.get("/api/v1/stories", params={"limit": 5}).json()["items"]
        arts = c.get("/api/v1/articles", params={"limit": 5}).json()["items"]
        ents = c.get("/api/v1/entities", params={"limit": 3}).json()["items"]
    urls = ["/", "/?since=2026-11-01", "/api/v1/stories", "/api/v1/articles?limit=20",
            "/search?q=barrage", "/api/v1/articles?q=grève", "/api/v1/quotes?limit=20", "/entities"]
    for s in stories[:3]:
        urls += [f"/stories/{s['id']}", f"/api/v1/stories/{s['id']}"]
    for a in arts[:3]:
        urls += [f"/articles/{a['id']}?hl=0-40", f"/api/v1/articles/{a['id']}"]
    for e in ents[:2]:
        urls += [f"/entities/{e['id']}"]
    return urls


def run_load(base: str, urls: list[str], requests: int = 2000, clients: int = 20) -> dict[str, Any]:
    """Send ``requests`` GETs (cycling through ``urls``) from ``clients`` threads.

    Returns a flat dict: requests, clients, errors, error_examples, seconds, rps and the
    latency percentiles in milliseconds.
    """
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(requests))

    def worker() -> None:
        with httpx.Client(base_url=base, timeout=30) as c:
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                url = urls[i % len(urls)]
                t0 = time.perf_counter()
                try:
                    r = c.get(url)
                    ok = r.status_code == 200
                    why = f"{r.status_code} {url}"
                except httpx.HTTPError as exc:
                    ok, why = False, f"{type(exc).__name__} {url}"
                dt = time.perf_counter() - t0
                with lock:
                    latencies.append(dt)
                    if not ok:
                        errors.append(why)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for _ in range(clients):
            pool.submit(worker)
    seconds = time.perf_counter() - t0
    ms = sorted(x * 1000 for x in latencies)
    q = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else ms * 99
    return {
        "requests": len(ms), "clients": clients, "errors": len(errors), "error_examples": errors[:5],
        "seconds": round(seconds, 2), "rps": round(len(ms) / seconds, 1) if seconds else None,
        "p50_ms": round(q[49], 1), "p90_ms": round(q[89], 1), "p99_ms": round(q[98], 1),
        "max_ms": round(ms[-1], 1) if ms else None,
    }


def build_demo_store(folder: Path) -> Path:
    """A store filled and analysed from samples/corpus (the demo data)."""
    from recoupe.config import Options
    from recoupe.jobs import analyze_store, ingest_paths
    from recoupe.store import open_store

    db = folder / "demo.db"
    opts = Options.load(quiet=True)
    with open_store(str(db)) as store:
        ingest_paths([str(ROOT / "samples" / "corpus")], store, opts)
        analyze_store(store, opts)
    return db


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    code = ("import sys; from recoupe.web import serve; "
            "serve(sys.argv[1], port=int(sys.argv[2]), token='bench-token-not-secret')")
    proc = subprocess.Popen([sys.executable, "-c", code, str(db), str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=dict(os.environ))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start within 60 s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path, help="an analysed store (default: built from samples/corpus)")
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "web_load.json")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or build_demo_store(Path(tmp))
        port = free_port()
        proc = start_server(db, port)
        try:
            base = f"http://127.0.0.1:{port}"
            urls = request_mix(base)
            run_load(base, urls, requests=len(urls), clients=2)  # warm-up: one pass over the mix
            result = run_load(base, urls, args.requests, args.clients)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    result.update(urls=len(urls), cpus=os.cpu_count(), python=sys.version.split()[0])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(json.dumps(result, indent=1))
    if result["errors"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
