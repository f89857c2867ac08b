"""Store fixtures: a throwaway PostgreSQL cluster, and ``store_url`` over both backends.

``pg_server`` starts a real PostgreSQL (initdb -A trust, a unix socket in a temp dir, no
TCP, fsync off) for the session, as the ``postgres`` user when we run as root (the server
refuses root), and stops it at the end. With $RECOUPE_TEST_PG_URL set it uses that server
instead (a throwaway database: tests create and drop databases there, or empty its tables
when they may not). Without the binaries (and without the variable) the tests skip.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

ENV_URL = "RECOUPE_TEST_PG_URL"
_counter = itertools.count()


def _pg_bin() -> Path | None:
    """The folder holding initdb and pg_ctl: on PATH, else Debian's versioned folders."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(folder, "initdb").exists() and Path(folder, "pg_ctl").exists():
            return Path(folder)
    return None


def _as_server_user(cmd: list[str]) -> list[str]:
    """``cmd`` run as ``postgres`` when we are root (PostgreSQL will not run as root)."""
    if os.geteuid() != 0:
        return cmd
    runuser = shutil.which("runuser")
    if runuser is None:
        pytest.skip("running as root and runuser is missing: cannot start PostgreSQL as 'postgres'")
    return [runuser, "-u", "postgres", "--", *cmd]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A base URL (database ``postgres``) of a running PostgreSQL server."""
    pytest.importorskip("psycopg", reason='psycopg 3 missing: pip install "recoupe[postgres]"')
    if os.environ.get(ENV_URL):
        yield os.environ[ENV_URL]
        return
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip(
            f"PostgreSQL binaries (initdb, pg_ctl) not found; run scripts/install-postgres.sh "
            f"as root or set {ENV_URL}"
        )
    tmp = Path(tempfile.mkdtemp(prefix="recoupe-pg-"))
    data, log = tmp / "data", tmp / "server.log"
    if os.geteuid() == 0:
        shutil.chown(tmp, user="postgres")
    tmp.chmod(0o700)
    try:
        subprocess.run(
            _as_server_user([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                             "-E", "UTF8", "--locale=C", "--no-sync"]),
            check=True, capture_output=True, timeout=120,
        )
        opts = f"-k {tmp} -c listen_addresses='' -p 5432 -F -c full_page_writes=off -c synchronous_commit=off"
        subprocess.run(
            _as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", opts, "-w",
                             "-t", "60", "start"]),
            check=True, capture_output=True, timeout=90,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        text = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        shutil.rmtree(tmp, ignore_errors=True)
        pytest.fail(f"could not start a test PostgreSQL: {exc}\n{detail.decode(errors='replace')}\n{text}")
    try:
        yield f"postgresql://postgres@/postgres?host={tmp}&port=5432"
    finally:
        subprocess.run(
            _as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
            capture_output=True, timeout=60,
        )
        shutil.rmtree(tmp, ignore_errors=True)


def _with_dbname(url: str, dbname: str) -> str:
    """``url`` pointing at database ``dbname``."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + dbname, parts.query, parts.fragment))


def _reset_tables(conn: Any) -> None:
    conn.execute(
        "DROP TABLE IF EXISTS sources, rejected, records, state, articles, schema_version, "
        "fetched, feeds, line_days CASCADE; "
        "DROP FUNCTION IF EXISTS articles_tsv() CASCADE"
    )


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """The URL of an empty database on ``pg_server``, dropped after the test."""
    import psycopg

    name = f"recoupe_test_{os.getpid()}_{next(_counter)}"
    with psycopg.connect(pg_server, autocommit=True) as admin:
        try:
            admin.execute(f'CREATE DATABASE "{name}"')
        except psycopg.Error:  # no CREATEDB right on a given server: empty its tables
            _reset_tables(admin)
            yield pg_server
            _reset_tables(admin)
            return
    try:
        yield _with_dbname(pg_server, name)
    finally:
        with psycopg.connect(pg_server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh store's URL on each backend: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "r.db")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def fresh_store(store_url: str) -> Iterator[Any]:
    """An open store on each backend (closed after the test)."""
    from recoupe.store import open_store

    store = open_store(store_url)
    try:
        yield store
    finally:
        with contextlib.suppress(Exception):
            store.close()
