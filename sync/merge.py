"""Three-way merge inputs: what the device started from, and whether the other side changed a field since.

`since` is always the record's history after the mutation's base version, oldest first.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sync.policy import Kind
from sync.types import FieldVersions, HistoryEntry


def normalize_set(value: Iterable[Any] | None) -> list[Any]:
    """Sets travel as sorted lists without repeats, so equal sets compare and hash equal everywhere."""
    return sorted(set(value or ()))


def last_change(field_versions: FieldVersions, name: str) -> tuple[int, str | None]:
    """(version, device) of the field's last change; (0, None) for a field never set since creation."""
    entry = field_versions.get(name)
    if not entry:
        return 0, None
    return int(entry[0]), entry[1]


def scalar_changed_by_other(field_versions: FieldVersions, name: str, base_version: int, device_id: str) -> bool:
    """The field's latest value came from someone else after the base.

    If the device itself wrote it last, any earlier change by others was already weighed (and, if it
    clashed, recorded) when that write arrived; the device's newer value simply supersedes its own.
    """
    version, device = last_change(field_versions, name)
    return version > base_version and device != device_id


def set_changed_by_other(since: Sequence[HistoryEntry], name: str, device_id: str) -> bool:
    """Sets merge by items, so any change by others since the base counts, even one the device later overwrote."""
    return any(name in entry.changes and entry.device_id != device_id for entry in since)


def device_base(name: str, kind: Kind, current: Any, since: Sequence[HistoryEntry], device_id: str) -> Any:
    """The value the device's edit started from: the value at its base, plus its own changes accepted since.

    A device's later mutation keeps its original base while its earlier ones are in flight (sync-protocol.md §7),
    so its own accepted changes are part of what it saw.
    """
    value = _value_at_base(name, current, since)
    for entry in since:
        if entry.device_id != device_id or name not in entry.changes:
            continue
        old, new = entry.changes[name]
        value = _replay_set_delta(value, old, new) if kind == "set" else new
    return value


def merge_set(base: Iterable[Any], server: Iterable[Any], device: Iterable[Any]) -> list[Any]:
    """Union of both sides minus what either side removed since the base."""
    base_items, server_items, device_items = set(base), set(server), set(device)
    removed = (base_items - server_items) | (base_items - device_items)
    return sorted((server_items | device_items) - removed)


def _value_at_base(name: str, current: Any, since: Sequence[HistoryEntry]) -> Any:
    for entry in since:
        if name in entry.changes:
            return entry.changes[name][0]
    return current


def _replay_set_delta(value: Iterable[Any], old: Iterable[Any] | None, new: Iterable[Any] | None) -> list[Any]:
    old_items, new_items = set(old or ()), set(new or ())
    return sorted((set(value) | (new_items - old_items)) - (old_items - new_items))
