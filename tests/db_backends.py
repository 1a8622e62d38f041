"""Fresh, isolated databases for tests: a new SQLite file or a new PostgreSQL database.

PostgreSQL tests use the server named by DATABASE_URL (any database on it); each
test gets its own uniquely named database, dropped afterwards. Without a
PostgreSQL DATABASE_URL they skip, unless TIAOJIE_REQUIRE_POSTGRES=1 (CI), which
turns the skip into a failure.
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url


def postgres_server_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgresql", "postgres://")):
        return url.replace("postgres://", "postgresql://", 1)
    return None


def require_postgres() -> str:
    """The server URL, or skip (fail in CI) when there is none."""
    url = postgres_server_url()
    if url is None:
        message = "PostgreSQL tests need DATABASE_URL=postgresql://…"
        if os.environ.get("TIAOJIE_REQUIRE_POSTGRES") == "1":
            pytest.fail(message + " (required in CI)")
        pytest.skip(message)
    return url


def _driver_url(url: str) -> sa.URL:
    parsed = make_url(url)
    return parsed.set(drivername="postgresql+psycopg")


@contextmanager
def fresh_postgres_database() -> Iterator[str]:
    """Create a uniquely named database and yield its URL; drop it afterwards."""
    server = _driver_url(require_postgres())
    name = f"tiaojie_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"), {"n": name})
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def fresh_sqlite_url(directory: Path) -> str:
    return f"sqlite:///{directory / f'tiaojie-{uuid.uuid4().hex[:8]}.sqlite3'}"
