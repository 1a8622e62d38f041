"""A supervisor's answer to a conflict, as the change to write (POST /api/conflicts/<id>/resolve)."""
from __future__ import annotations

from typing import Any, Literal

from sync.merge import normalize_set
from sync.policy import POLICIES
from sync.types import ConflictRecord, RecordState

Choice = Literal["server", "device", "value"]

OTHER_RECORD = "该冲突属于另一条记录。 / The conflict belongs to another record."
UNKNOWN_CHOICE = "请选择 server、device 或 value，而不是 {choose!r}。 / Choose one of server, device, value; not {choose!r}."


class ResolutionError(ValueError):
    """The resolution does not fit the conflict or the record: the API's message ("中文。 / English.") on `field`."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def resolve_conflict(state: RecordState, conflict: ConflictRecord, choose: Choice, value: Any = None) -> dict[str, Any]:
    """The field value the resolution writes: the conflict's server or device value, or a supervisor's own.

    The caller writes it as a new version even when it equals the current value (`engine.commit_resolution`),
    and validates the chosen value, whichever side it comes from, like a pushed value of the field (a set
    that is not a list of strings is left for that validation to refuse). Which moves are allowed does not bind a
    supervisor here: the resolution is the reviewed decision the stale-edit rule deferred to. What closing a case
    needs does (`engine.commit_resolution`).
    """
    if (state.entity, state.id) != (conflict.entity, conflict.record_id):
        raise ResolutionError(OTHER_RECORD, "id")
    picks = {"server": conflict.server, "device": conflict.device, "value": value}
    if choose not in picks:
        raise ResolutionError(UNKNOWN_CHOICE.format(choose=choose), "choose")
    chosen = picks[choose]
    if POLICIES[state.entity].kind(conflict.field) == "set" and _is_code_list(chosen):
        chosen = normalize_set(chosen)
    return {conflict.field: chosen}


def _is_code_list(value: Any) -> bool:
    """Sets hold codes and ids (strings): only such a list can be normalised before validation."""
    return isinstance(value, list) and all(isinstance(item, str) for item in value)
