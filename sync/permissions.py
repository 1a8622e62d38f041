"""What each role may change, independent of scope (scope is the store's question: `SyncStore.in_scope`)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sync.types import Errors, Role

REVIEWERS: frozenset[str] = frozenset({"supervisor", "admin"})
DISPATCH_STATUSES: frozenset[str] = frozenset({"accepted", "assigned"})
DISPATCH_FIELDS: Mapping[str, frozenset[str]] = {"dispute": frozenset({"assigned_mediator_id", "committee_id"})}


def permission_errors(role: Role, entity: str, op: str, edits: Mapping[str, Any]) -> Errors:
    """Field errors for what `role` may not do; `edits` are the values the mutation would change.

    Only supervisors and admins void records, accept or dispatch a case, or choose its mediator and committee.
    """
    if role in REVIEWERS:
        return {}
    if op == "void":
        return {"voided_at": ["only a supervisor or an admin may void a record"]}
    errors: dict[str, list[str]] = {}
    if entity == "dispute" and edits.get("status") in DISPATCH_STATUSES:
        errors["status"] = ["only a supervisor or an admin may accept or dispatch a case"]
    for name in sorted(DISPATCH_FIELDS.get(entity, frozenset()) & set(edits)):
        errors[name] = ["only a supervisor or an admin may assign a case"]
    return errors
