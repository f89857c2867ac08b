"""Ingest: files, folders, stdin → raw documents (or rejections with a reason)."""

from recoupe.ingest.readers import iter_paths, read_all, read_source

__all__ = ["iter_paths", "read_all", "read_source"]
