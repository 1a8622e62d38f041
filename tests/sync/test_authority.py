"""The one write rule (`sync.authority.write_refusal`) on its own, in the order it judges a write."""
from __future__ import annotations

from sync.authority import NOT_VISIBLE, OUT_OF_SCOPE, OUTSIDE_AREAS, Refusal, write_refusal
from tests.sync.builders import MEDIATOR, record
from tests.sync.memory_store import MemoryStore


def test_a_record_the_writer_cannot_see_is_not_found_whatever_the_write() -> None:
    store = MemoryStore(scopes={11: [101]})
    hidden = record(area_id=102).to_flat()
    assert write_refusal(store, MEDIATOR, "dispute", hidden, {**hidden, "summary": "x"}, {"summary": "x"}) \
        == Refusal("not_found", {"id": [NOT_VISIBLE]})


def test_a_write_that_leaves_the_writers_scope_without_moving_area_names_every_field_it_writes() -> None:
    """A new case with no area is in no one's grid: refused on the fields sent, or on the id when none were."""
    store = MemoryStore(scopes={11: [101]})
    blank = {"id": "d9", "area_id": None, "title": "t", "summary": "s"}
    assert write_refusal(store, MEDIATOR, "dispute", None, blank, {"title": "t", "summary": "s"}) \
        == Refusal("forbidden", {"summary": [OUT_OF_SCOPE], "title": [OUT_OF_SCOPE]})
    assert write_refusal(store, MEDIATOR, "dispute", None, blank, {}) == Refusal("forbidden", {"id": [OUT_OF_SCOPE]})


def test_an_area_outside_the_writers_own_is_refused_before_the_scope_after() -> None:
    store = MemoryStore(scopes={11: [101]})
    seen = record().to_flat()
    assert write_refusal(store, MEDIATOR, "dispute", seen, {**seen, "area_id": 102}, {"area_id": 102}) \
        == Refusal("forbidden", {"area_id": [OUTSIDE_AREAS]})
