"""The Dask engine: the per-file preparation on a dask.distributed cluster.

Files are read ON THE WORKERS: every path must be visible to every worker under the same
name (a shared or network file system, or the same checkout on each machine). Standard
input (``-``) is read here, in the client. Needs ``pip install "recoupe[dask]"``.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from recoupe.config import Options
from recoupe.engine.base import Engine, EngineError, Input, prepare_batch, prepare_source
from recoupe.model import Article, Rejected


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise EngineError('[D002] the Dask engine needs dask.distributed: pip install "recoupe[dask]"') from exc
    return distributed


class DaskEngine(Engine):
    """Prepares inputs on Dask workers, ``batch_size`` inputs per task, at most
    ``in_flight`` tasks submitted and not yet consumed (so memory stays bounded however many
    files there are).

    Args:
        address: a running scheduler (``tcp://host:8786``); None starts a LocalCluster of
            ``workers`` processes (one thread each) on this machine.
        workers: local cluster size (default: the CPU count).
        batch_size: inputs per task (amortises the per-task overhead on small files).
        in_flight: tasks queued at most (default: 4 per worker thread, at least 4).
        ordered: yield inputs in input order (default) or as soon as their task completes.
        processes: local cluster only; False runs the workers as threads of this process
            (no pickling, no start-up cost; for tests and small runs).
        connect_timeout: seconds to wait for the scheduler at ``address``.
    """

    def __init__(
        self, address: str | None = None, workers: int | None = None, batch_size: int = 4,
        in_flight: int | None = None, ordered: bool = True, processes: bool = True,
        connect_timeout: float = 20,
    ) -> None:
        dist = _distributed()
        self.batch_size = max(1, batch_size)
        self.ordered = ordered
        self._cluster: Any = None
        try:
            if address:
                self.client = dist.Client(address, timeout=f"{connect_timeout}s")
            else:
                n = workers or os.cpu_count() or 1
                extra: dict[str, Any] = {}
                if processes:
                    # one BLAS thread per worker: n workers each running numpy's default
                    # thread pool on n cores oversubscribe them (claims + synthesis on 2
                    # workers: 8x slower than in the client, 1.7x with this)
                    extra["env"] = {k: "1" for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                                      "MKL_NUM_THREADS")}
                self._cluster = dist.LocalCluster(
                    n_workers=n, threads_per_worker=1, processes=processes, dashboard_address=None,
                    **extra,
                )
                self.client = dist.Client(self._cluster)
        except (OSError, TimeoutError) as exc:
            if self._cluster is not None:
                self._cluster.close()
            raise EngineError(
                f"[D003] cannot reach the Dask scheduler {address or '(local cluster)'}: {exc}. "
                "Start one (dask scheduler; dask worker ADDRESS) or leave engine.address empty"
            ) from exc
        threads = sum(self.client.nthreads().values()) or 1
        self.in_flight = max(1, in_flight or max(4, 4 * threads))

    def map_sources(
        self, inputs: Iterable[Input], options: Options
    ) -> Iterator[tuple[Input, list[Article | Rejected]]]:
        opts = self.client.scatter(options, broadcast=True, hash=False)  # a fresh key per run
        if self.ordered:
            yield from self._ordered(self._batches(inputs), opts, options)
        else:
            yield from self._as_completed(self._batches(inputs), opts, options)

    def _batches(self, inputs: Iterable[Input]) -> Iterator[list[Input]]:
        batch: list[Input] = []
        for item in inputs:
            batch.append(item)
            if len(batch) >= self.batch_size or item[1] is None:
                yield batch
                batch = []
        if batch:
            yield batch

    def _submit(self, batch: list[Input], opts: Any, options: Options) -> Any:
        if any(path is None for _s, path, _r in batch):  # stdin: only this process can read it
            return [prepare_source(item, options) for item in batch]
        return self.client.submit(prepare_batch, batch, opts, pure=False)

    def _ordered(
        self, batches: Iterator[list[Input]], opts: Any, options: Options
    ) -> Iterator[tuple[Input, list[Article | Rejected]]]:
        pending: deque[tuple[list[Input], Any]] = deque()
        try:
            for batch in batches:
                pending.append((batch, self._submit(batch, opts, options)))
                while len(pending) >= self.in_flight:
                    yield from _pairs(*pending.popleft())
            while pending:
                yield from _pairs(*pending.popleft())
        finally:  # a consumer that stops early cancels what is still queued
            for _batch, fut in pending:
                if hasattr(fut, "cancel"):
                    fut.cancel()

    def _as_completed(
        self, batches: Iterator[list[Input]], opts: Any, options: Options
    ) -> Iterator[tuple[Input, list[Article | Rejected]]]:
        dist = _distributed()
        done = dist.as_completed()
        owner: dict[Any, list[Input]] = {}
        try:
            for batch in batches:
                fut = self._submit(batch, opts, options)
                if isinstance(fut, list):
                    yield from zip(batch, fut, strict=True)
                    continue
                owner[fut] = batch
                done.add(fut)
                while done.count() >= self.in_flight:
                    f = next(done)
                    yield from _pairs(owner.pop(f), f)
            for f in done:
                yield from _pairs(owner.pop(f), f)
        finally:
            for fut in owner:
                fut.cancel()

    distributes = True

    def map_calls(self, fn: Callable[..., Any], calls: list[tuple[Any, ...]]) -> list[Any]:
        """Each call a task on the workers (one model load per worker process), in order."""
        futures = [self.client.submit(fn, *args, pure=False) for args in calls]
        try:
            return list(self.client.gather(futures))
        finally:
            for f in futures:
                f.release()

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


def _pairs(batch: list[Input], fut: Any) -> Iterator[tuple[Input, list[Article | Rejected]]]:
    results = fut if isinstance(fut, list) else fut.result()
    yield from zip(batch, results, strict=True)
