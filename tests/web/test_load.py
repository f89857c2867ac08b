"""A bounded load test on loopback (bench/web_load.py runs the full 2,000 requests)."""

from __future__ import annotations

import importlib.util
from typing import Any

from webdata import ROOT, LiveServer


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("web_load", ROOT / "bench" / "web_load.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_200_requests_from_20_clients_without_error(live_server: LiveServer) -> None:
    bench = _bench()
    urls = bench.request_mix(live_server.url)
    assert len(urls) >= 10
    result = bench.run_load(live_server.url, urls, requests=200, clients=20)
    assert result["requests"] == 200
    assert result["errors"] == 0, result["error_examples"]
    assert result["p50_ms"] <= result["p90_ms"] <= result["p99_ms"] <= result["max_ms"]
