"""Jobs that touch files or the store: the I/O edge around the pure pipeline."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from recoupe.config import Options
from recoupe.ingest.readers import iter_paths, read_source
from recoupe.model import Article, Rejected
from recoupe.pipeline import prepare_item
from recoupe.store.base import Store

Progress = Callable[[str], None]


@dataclass(slots=True)
class IngestSummary:
    new: int = 0
    already_stored: int = 0
    skipped_unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)


def _stat(path: Path | None) -> tuple[int | None, float | None]:
    if path is None or not path.is_file():
        return None, None
    st = path.stat()
    return st.st_size, st.st_mtime


def ingest_paths(
    paths: Iterable[str], store: Store, options: Options, progress: Progress | None = None
) -> IngestSummary:
    """Read, prepare and store every input, committing every ``store.chunk_size`` articles.

    A file already ingested with the same size and mtime is skipped without being read, so
    a run stopped half-way (crash, Ctrl-C) resumes where it stopped; an article whose text
    is already stored is not stored again.
    """
    chunk = max(1, int(options.get("store.chunk_size", 50)))
    summary = IngestSummary()
    buffer: list[tuple[Article, int | None, float | None]] = []
    rejected_buffer: list[Rejected] = []

    def flush() -> None:
        if buffer:
            new, old = store.add_articles(buffer)
            summary.new += new
            summary.already_stored += old
            buffer.clear()
        if rejected_buffer:
            store.add_rejected(rejected_buffer)
            rejected_buffer.clear()

    for source, path in iter_paths(paths, options):
        if progress is not None:
            progress(source)
        size, mtime = _stat(path)
        if path is not None and store.source_unchanged(source, size, mtime):
            summary.skipped_unchanged += 1
            continue
        for item in read_source(source, path, options):
            result = prepare_item(item, options)
            if isinstance(result, Rejected):
                summary.rejected.append(result)
                rejected_buffer.append(result)
            else:
                buffer.append((result, size, mtime))
        if len(buffer) >= chunk:
            flush()
    flush()
    return summary
