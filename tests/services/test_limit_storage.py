"""The `database://` limiter storage: one count in the app's database, windows that end, refunds that stay in their window."""
from __future__ import annotations

import pytest

from app.auth.limit_storage import DatabaseStorage

both_backends = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@both_backends
def test_hits_count_up_within_a_window_and_an_ended_window_starts_again(db):
    storage = DatabaseStorage()

    assert [storage.incr("login", 60) for _ in range(3)] == [1, 2, 3]
    assert storage.get("login") == 3 and storage.get_expiry("login") > 0
    storage.incr("ended", 0)
    assert storage.get("ended") == 0
    assert storage.incr("ended", 60) == 1


@both_backends
def test_a_refund_lowers_an_open_window_and_never_opens_one_below_zero(db):
    storage = DatabaseStorage()
    storage.incr("login", 60, amount=2)

    assert storage.incr("login", 60, amount=-1) == 1
    assert storage.incr("never-hit", 60, amount=-1) == 0
    assert storage.incr("never-hit", 60) == 1


def test_clear_and_reset_forget_counts(db):
    storage = DatabaseStorage()
    storage.incr("a", 60)
    storage.incr("b", 60)

    storage.clear("a")
    assert (storage.get("a"), storage.get("b")) == (0, 1)
    assert storage.reset() == 1 and storage.get("b") == 0 and storage.check()
