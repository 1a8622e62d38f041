"""The in-memory store holds the engine to its contract: stored values are replaced, never edited."""
from __future__ import annotations

import pytest

from sync.engine import process_batch
from tests.sync.builders import MEDIATOR, mutation, record
from tests.sync.memory_store import EditedStoredValue, MemoryStore


def test_a_stored_value_edited_in_place_fails_the_savepoint() -> None:
    store = MemoryStore()
    store.seed(record(title="原标题"))
    with pytest.raises(EditedStoredValue), store.savepoint():
        store.get_record("dispute", "d1").fields["title"] = "改掉了"


def test_a_stored_value_given_a_new_attribute_value_fails_the_savepoint() -> None:
    store = MemoryStore()
    store.seed(record())
    with pytest.raises(EditedStoredValue), store.savepoint():
        store.get_record("dispute", "d1").version = 9


def test_a_value_edited_after_the_store_took_it_fails_the_savepoint() -> None:
    store = MemoryStore()
    store.seed(record(version=1))
    with pytest.raises(EditedStoredValue), store.savepoint():
        written = store.write_record(record(version=2, title="新标题"))
        written.field_versions["title"] = [2, "dev-a"]


def test_the_engine_replaces_what_it_changes() -> None:
    store = MemoryStore()
    store.seed(record(title="原标题"))
    before = store.get_record("dispute", "d1")
    [result] = process_batch(store, MEDIATOR, [mutation({"title": "新标题"})], lambda _m: {})
    assert result.status == "applied"
    assert before.fields["title"] == "原标题" and before.version == 1
    assert store.get_record("dispute", "d1").fields["title"] == "新标题"
