"""Storage: an embedded SQLite store by default (WAL, FTS5, versioned migrations), PostgreSQL
for a shared server (``postgresql://`` URLs; JSONB, french full-text search)."""

from recoupe.store.base import Store, StoreError, open_store
from recoupe.store.postgres import PostgresStore
from recoupe.store.sqlite import SQLiteStore

__all__ = ["PostgresStore", "SQLiteStore", "Store", "StoreError", "open_store"]
