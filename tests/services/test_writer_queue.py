"""Pushes on a SQLite file queue on a file lock: the next one starts as the last one leaves."""
from __future__ import annotations

import threading
import time

from app.services.sync.sequence import writer_queue


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
