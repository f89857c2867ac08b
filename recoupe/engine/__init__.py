"""Where the per-file work runs: in this process (:class:`LocalEngine`, the default) or on a
Dask cluster (:class:`DaskEngine`, ``engine.backend = "dask"``)."""

from recoupe.engine.base import Engine, EngineError, LocalEngine, get_engine, prepare_source
from recoupe.engine.dask_engine import DaskEngine

__all__ = ["DaskEngine", "Engine", "EngineError", "LocalEngine", "get_engine", "prepare_source"]
