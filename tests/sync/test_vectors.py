"""Run every shared scenario in tests/sync/vectors/ (format: vectors/README.md) through the engine."""
from __future__ import annotations

import json
import re
from datetime import datetime
from itertools import groupby
from pathlib import Path
from typing import Any

import pytest

from sync.engine import process_batch
from sync.policy import POLICIES
from sync.types import METADATA_FIELDS, Actor, HistoryEntry, Mutation, MutationResult, RecordState
from tests.sync.memory_store import Directory, MemoryStore

VECTORS = sorted((Path(__file__).parent / "vectors").glob("*.json"))
SET_APART = {"entity", "id", "version", "seq", "field_versions"}


def record_from_json(data: dict[str, Any]) -> tuple[RecordState, list[HistoryEntry]]:
    """A vector's initial record: flat metadata and fields, optional `history`; missing fields take their defaults."""
    policy = POLICIES[data["entity"]]
    state = RecordState(
        entity=data["entity"], id=data["id"], version=data.get("version", 1),
        fields={**policy.blank(), **{name: value for name, value in data.items() if name in policy.fields}},
        field_versions=data.get("field_versions", {}), seq=data.get("seq"),
        **{name: data[name] for name in METADATA_FIELDS - SET_APART if name in data},
    )
    return state, [HistoryEntry(**entry) for entry in data.get("history", [])]


def directory_from_json(data: dict[str, Any] | None) -> Directory:
    """A vector's `directory` (areas, committees, users by id); absent: every referenced row exists."""
    if data is None:
        return Directory()
    users = {int(user_id): user for user_id, user in data["users"].items()} if "users" in data else None
    return Directory(areas=data.get("areas"), committees=data.get("committees"), users=users)


def run_vector(vector: dict[str, Any]) -> tuple[MemoryStore, list[MutationResult]]:
    now = datetime.fromisoformat(vector.get("now", "2026-03-10T08:00:00Z"))
    actors = vector["actors"]
    store = MemoryStore(
        clock=lambda: now,
        scopes={a["user_id"]: a["area_ids"] for a in actors.values() if a.get("area_ids") is not None},
        first_case_serial=vector.get("case_no_next", 1),
        directory=directory_from_json(vector.get("directory")),
    )
    for data in vector["initial"]:
        store.seed(*record_from_json(data))

    rejections: dict[int, dict[str, list[str]]] = {}
    results: list[MutationResult] = []
    for (_, name, _), group in groupby(enumerate(vector["mutations"]), key=_push_key):
        actor = Actor(**{k: v for k, v in actors[name].items() if k != "area_ids"})
        batch = []
        for _, entry in group:
            mutation = Mutation.from_push(entry["mutation"], actor)
            rejections[id(mutation)] = entry.get("validation_errors", {})
            batch.append(mutation)
        results += process_batch(store, actor, batch, lambda mutation: rejections[id(mutation)])
    return store, results


def _push_key(item: tuple[int, dict[str, Any]]) -> tuple[Any, str, Any]:
    """Consecutive entries of one actor sharing a `batch` label form one push; unlabelled entries push alone."""
    index, entry = item
    return ("batch" in entry, entry["actor"], entry.get("batch", index))


def assert_results_as_expected(results: list[MutationResult], expected: list[dict[str, Any]]) -> None:
    """Each result holds what its vector expects (only the keys the vector names)."""
    assert len(results) == len(expected)
    for index, (result, want) in enumerate(zip(results, expected, strict=True)):
        got = {
            "status": result.status, "error_code": result.error_code, "original_status": result.original_status,
            "conflict_fields": sorted(c.field for c in result.conflicts),
            "errors": {name: list(messages) for name, messages in result.errors.items()},
        }
        assert {key: got[key] for key in want} == want, f"result {index}: {result.to_json()}"


def test_there_are_enough_vectors() -> None:
    assert len(VECTORS) >= 15


@pytest.mark.parametrize("path", VECTORS, ids=[path.stem for path in VECTORS])
def test_vector(path: Path) -> None:
    vector = json.loads(path.read_text(encoding="utf-8"))
    assert vector["name"] == path.stem and vector["description"]
    store, results = run_vector(vector)
    expected = vector["expected"]

    assert_results_as_expected(results, expected["results"])

    records = {record_id: record.to_flat() for (_, record_id), record in store.records.items()}
    for record_id, want in expected.get("records", {}).items():
        flat = records[record_id]
        got = {key: (flat["voided_at"] is not None) if key == "voided" else flat[key] for key in want}
        assert got == want, record_id

    if "conflicts" in expected:
        assert len(store.conflicts) == len(expected["conflicts"])
        conflicts = [
            {key: getattr(conflict, key) for key in want}
            for conflict, want in zip(store.conflicts, expected["conflicts"], strict=True)
        ]
        assert conflicts == expected["conflicts"]

    for record_id in expected.get("absent", []):
        assert record_id not in records


CHINESE_FIRST = re.compile(r"^[^A-Za-z]*[\u4e00-\u9fff].*。 / [A-Z]", re.DOTALL)


def test_every_refusal_in_the_vectors_reads_chinese_first() -> None:
    """The engine's messages reach the phone and the desk as they are: Chinese first, then English."""
    messages = [
        (path.stem, field, message)
        for path in VECTORS
        for result in run_vector(json.loads(path.read_text(encoding="utf-8")))[1]
        for field, field_messages in (result.errors or {}).items()
        for message in field_messages
    ]
    assert len(messages) >= 20
    assert [entry for entry in messages if not CHINESE_FIRST.match(entry[2])] == []
