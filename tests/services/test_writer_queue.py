"""Pushes on a SQLite file queue on a file lock: the next one starts as the last one leaves."""
from __future__ import annotations

import threading
import time
from datetime import datetime

import pytest
import sqlalchemy as sa

from app.models import ChangeHistory
from app.services.sync.sequence import writer_queue
from app.services.sync.store import _executemany


def test_a_second_writer_waits_for_the_first(app):
    order: list[str] = []
    entered = threading.Event()

    def second() -> None:
        with app.app_context():
            entered.wait()
            with writer_queue():
                order.append("second")

    with app.app_context():
        thread = threading.Thread(target=second)
        thread.start()
        with writer_queue():
            entered.set()
            time.sleep(0.2)
            order.append("first")
        thread.join(5)
    assert order == ["first", "second"]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_batched_rows_are_stored_as_sqlalchemy_stores_them(db):
    """Rows 0, 1 through `_executemany`, rows 2, 3 (the same values) through SQLAlchemy: None is JSON null."""
    at = datetime(2026, 1, 2, 3, 4, 5, 678000)
    rows = [{"entity": "dispute", "record_id": f"r{n}", "version": 1, "seq": n, "op": "create",
             "changes": {"title": [None, "调解"]} if n % 2 else None, "user_id": None, "device_id": "d1",
             "mutation_id": f"m{n}", "server_time": at} for n in range(4)]
    _executemany(ChangeHistory.__table__, rows[:2])
    db.session.execute(sa.insert(ChangeHistory.__table__), rows[2:])
    stored = db.session.execute(
        sa.select(sa.cast(ChangeHistory.changes, sa.Text), ChangeHistory.changes, ChangeHistory.server_time)
        .order_by(ChangeHistory.seq)).all()
    assert stored[0] == stored[2] and stored[1] == stored[3]
    assert stored[0][1] is None and stored[0][0] == "null"
    assert stored[1][1:] == ({"title": [None, "调解"]}, at)
