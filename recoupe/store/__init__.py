"""Storage: an embedded SQLite store by default (WAL, FTS5, versioned migrations)."""

from recoupe.store.base import Store, open_store
from recoupe.store.sqlite import SQLiteStore

__all__ = ["SQLiteStore", "Store", "open_store"]
