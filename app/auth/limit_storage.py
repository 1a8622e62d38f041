"""A `limits` storage over the app's own database: `RATELIMIT_STORAGE_URI=database://`.

Flask-Limiter's `memory://` storage counts in each worker process on its own, so under
gunicorn with N workers a limit of 5 lets 5×N attempts through. This storage keeps the
fixed-window counters in one table of the app's database (SQLite file or PostgreSQL),
shared by every worker of the host (and every host on one PostgreSQL) with no extra
service. Redis (`redis://…`) does the same job for large deployments.

Each call runs on its own connection and commits at once, apart from the request's
session. An expired window starts again from the next hit.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from limits.storage import Storage
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db
from app.models import RateLimitCounter

COUNTERS = RateLimitCounter.__table__


class DatabaseStorage(Storage):
    """Fixed-window counters in the `rate_limit_counters` table."""

    STORAGE_SCHEME = ["database"]

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add to the key's window (opening a new one if it ended) and return its count.

        A negative amount (a refund) only lowers a window still open: a window that ended
        meanwhile stays ended instead of starting the next one below zero.
        """
        now = time.time()
        if amount < 0:
            return self._refund(key, -amount, now)
        with db.engine.begin() as connection:
            connection.execute(sa.delete(COUNTERS).where(COUNTERS.c.expires_at <= now))
            insert = _dialect_insert(connection)(COUNTERS).values(
                key=key, count=amount, expires_at=now + expiry)
            ended = COUNTERS.c.expires_at <= now
            upsert = insert.on_conflict_do_update(index_elements=[COUNTERS.c.key], set_={
                "count": sa.case((ended, amount), else_=COUNTERS.c.count + amount),
                "expires_at": sa.case((ended, now + expiry), else_=COUNTERS.c.expires_at),
            }).returning(COUNTERS.c.count)
            return int(connection.execute(upsert).scalar_one())

    def _refund(self, key: str, amount: int, now: float) -> int:
        with db.engine.begin() as connection:
            count = connection.execute(
                sa.update(COUNTERS).where(COUNTERS.c.key == key, COUNTERS.c.expires_at > now)
                .values(count=COUNTERS.c.count - amount).returning(COUNTERS.c.count)).scalar_one_or_none()
        return int(count or 0)

    def get(self, key: str) -> int:
        with db.engine.connect() as connection:
            count = connection.execute(sa.select(COUNTERS.c.count).where(
                COUNTERS.c.key == key, COUNTERS.c.expires_at > time.time())).scalar_one_or_none()
        return int(count or 0)

    def get_expiry(self, key: str) -> float:
        now = time.time()
        with db.engine.connect() as connection:
            expires_at = connection.execute(sa.select(COUNTERS.c.expires_at).where(
                COUNTERS.c.key == key, COUNTERS.c.expires_at > now)).scalar_one_or_none()
        return float(expires_at) if expires_at is not None else now

    def check(self) -> bool:
        try:
            with db.engine.connect() as connection:
                connection.execute(sa.select(1))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with db.engine.begin() as connection:
            return connection.execute(sa.delete(COUNTERS)).rowcount

    def clear(self, key: str) -> None:
        with db.engine.begin() as connection:
            connection.execute(sa.delete(COUNTERS).where(COUNTERS.c.key == key))


def _dialect_insert(connection: sa.Connection) -> Callable[[sa.Table], Any]:
    """INSERT … ON CONFLICT for the two databases the app runs on."""
    return postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
