"""The server-wide change counter (sync-protocol.md §2, §6).

`lock_sequence` is the first write of every transaction that changes synced
records: on PostgreSQL it holds the row lock until commit, on SQLite it takes the
write lock. Writers therefore commit one at a time in seq order, and a pull
reading `seq > cursor` can never miss a change that commits later with a lower seq.
"""
from __future__ import annotations

import fcntl
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from app.extensions import db
from app.models import ServerSequence

SEQUENCE_ROW_ID = 1


def ensure_sequence_row() -> ServerSequence:
    """Create the counter row if missing (migrations create it; tests may use create_all)."""
    row = db.session.get(ServerSequence, SEQUENCE_ROW_ID)
    if row is None:
        row = ServerSequence(id=SEQUENCE_ROW_ID, last_seq=0, database_id=str(uuid.uuid4()))
        db.session.add(row)
        db.session.flush()
    return row


def lock_sequence() -> None:
    """Take the writer's lock for the rest of this transaction."""
    db.session.execute(
        sa.update(ServerSequence).where(ServerSequence.id == SEQUENCE_ROW_ID)
        .values(last_seq=ServerSequence.last_seq))


@contextmanager
def writer_queue() -> Iterator[None]:
    """Wrap a whole push, commit included. On a SQLite file, pushes queue on a file lock beside the
    database, so the next one starts the moment the last commits instead of polling SQLite's lock
    (its busy handler sleeps up to 100 ms between tries). SQLite's lock still decides; other writers
    never take this one. PostgreSQL's row lock already blocks without polling."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        yield
        return
    with open(f"{url.database}.writers", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


_SEQUENCE = ServerSequence.__table__
_NEXT_SEQ = (sa.update(_SEQUENCE).where(_SEQUENCE.c.id == SEQUENCE_ROW_ID)
             .values(last_seq=_SEQUENCE.c.last_seq + 1).returning(_SEQUENCE.c.last_seq))


def next_seq() -> int:
    """Stamp the next seq; call inside the writing transaction, after `lock_sequence`."""
    return int(db.session.execute(_NEXT_SEQ).scalar_one())


class SeqCounter:
    """Seqs for one writing transaction: the counter is read once (after `lock_sequence`), counted
    in memory and written back by `write`. A batch that rolls back leaves a gap, which cursors ignore."""

    def __init__(self) -> None:
        self._last: int | None = None
        self._stored: int | None = None

    def next(self) -> int:
        if self._last is None:
            self._last = self._stored = current_seq()
        self._last += 1
        return self._last

    def skip(self, count: int) -> int:
        """Take `count` seqs at once (handed out provisionally); answers the seq before the first."""
        if self._last is None:
            self._last = self._stored = current_seq()
        before = self._last
        self._last += count
        return before

    def write(self) -> None:
        if self._last != self._stored:
            db.session.execute(sa.update(_SEQUENCE).where(_SEQUENCE.c.id == SEQUENCE_ROW_ID)
                               .values(last_seq=self._last))
            self._stored = self._last


class ProvisionalSeqs:
    """Seqs for a batch worked out before the writer's lock: -1, -2, … (no real seq is negative).
    `read_at` is the counter when the batch started reading; `settle`, under the lock, hands back the
    real counter and the base that turns provisional seq -k into base + k."""

    def __init__(self) -> None:
        self.read_at = current_seq()
        self._count = 0

    def next(self) -> int:
        self._count += 1
        return -self._count

    def write(self) -> None:
        raise RuntimeError("a provisional batch is written only once settled")

    def settle(self) -> tuple[SeqCounter, int]:
        counter = SeqCounter()
        return counter, counter.skip(self._count)


def real_seq(seq: int | None, base: int) -> int | None:
    return base - seq if seq is not None and seq < 0 else seq


def current_seq() -> int:
    return int(db.session.execute(
        sa.select(ServerSequence.last_seq).where(ServerSequence.id == SEQUENCE_ROW_ID)).scalar_one())


def database_id() -> str:
    return str(db.session.execute(
        sa.select(ServerSequence.database_id).where(ServerSequence.id == SEQUENCE_ROW_ID)).scalar_one())
