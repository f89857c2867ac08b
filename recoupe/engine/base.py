"""Where the per-file work runs: the Engine interface, the in-process engine, the factory.

The per-file work (:func:`prepare_source`) is pure: read one input with
:func:`recoupe.ingest.readers.read_source` and :func:`recoupe.pipeline.prepare_item` each
document. An engine maps it over the inputs :func:`recoupe.ingest.readers.iter_paths`
yields, here (:class:`LocalEngine`) or on a Dask cluster
(:class:`recoupe.engine.dask_engine.DaskEngine`).
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from recoupe.config import Options
from recoupe.ingest.readers import read_source
from recoupe.model import Article, Rejected

#: one input as :func:`recoupe.ingest.readers.iter_paths` yields it: (source, path, root)
Input = tuple[str, Path | None, Path | None]


class EngineError(RuntimeError):
    """An engine that cannot be built or reached."""


def prepare_source(item: Input, options: Options) -> list[Article | Rejected]:
    """Read one input and prepare each of its documents (a rejection when it cannot be read)."""
    from recoupe.pipeline import prepare_item  # here: the pipeline may import the engines

    source, path, root = item
    return [prepare_item(doc, options) for doc in read_source(source, path, options, root)]


def prepare_batch(items: list[Input], options: Options) -> list[list[Article | Rejected]]:
    """:func:`prepare_source` over several inputs (one task on a worker)."""
    return [prepare_source(item, options) for item in items]


class Engine(abc.ABC):
    """Maps the per-file preparation over inputs. Use as a context manager (or call close)."""

    @abc.abstractmethod
    def map_sources(
        self, inputs: Iterable[Input], options: Options
    ) -> Iterator[tuple[Input, list[Article | Rejected]]]:
        """Each input with what it gave (articles and rejections, in the file's order).

        ``inputs`` is consumed lazily, so a caller may filter it as it goes (skip the files
        a store already holds). Inputs come back in input order unless the engine says
        otherwise."""

    def map_calls(self, fn: Callable[..., Any], calls: list[tuple[Any, ...]]) -> list[Any]:
        """``[fn(*args) for args in calls]``, in order: the per-story stages (claims,
        synthesis) as tasks. Here, in this process; the Dask engine runs them on its
        workers."""
        return [fn(*args) for args in calls]

    #: whether :meth:`map_calls` runs elsewhere (worth splitting the work for)
    distributes = False

    def map_prepare(self, inputs: Iterable[Input], options: Options) -> Iterator[Article | Rejected]:
        """Every article and rejection of ``inputs``, flattened."""
        for _item, results in self.map_sources(inputs, options):
            yield from results

    def close(self) -> None:  # noqa: B027 - optional hook, nothing to release by default
        """Release workers and connections (nothing for the local engine)."""

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class LocalEngine(Engine):
    """In this process, one input after the other (what recoupe does by default)."""

    def map_sources(
        self, inputs: Iterable[Input], options: Options
    ) -> Iterator[tuple[Input, list[Article | Rejected]]]:
        for item in inputs:
            yield item, prepare_source(item, options)


def get_engine(options: Options) -> Engine:
    """The engine the settings ask for: ``engine.backend`` = "local" (default) or "dask"
    (``engine.address`` = a scheduler such as ``tcp://host:8786``, empty for a local
    cluster of ``engine.workers`` processes; ``engine.batch_size`` inputs per task,
    ``engine.in_flight`` tasks at most queued at once, 0 = 4 per worker thread;
    ``engine.connect_timeout`` seconds to reach the scheduler)."""
    backend = str(options.get("engine.backend", "local")).lower()
    if backend == "local":
        return LocalEngine()
    if backend == "dask":
        from recoupe.engine.dask_engine import DaskEngine

        return DaskEngine(
            address=str(options.get("engine.address", "") or "") or None,
            workers=int(options.get("engine.workers", 0) or 0) or None,
            batch_size=int(options.get("engine.batch_size", 4)),
            in_flight=int(options.get("engine.in_flight", 0) or 0) or None,
            connect_timeout=float(options.get("engine.connect_timeout", 20)),
        )
    raise EngineError(f"[D001] unknown engine.backend '{backend}': use \"local\" or \"dask\"")
