"""May this writer make this record look like this? One rule for every write path: push and conflict resolution.

Judged on the record as it is (`before`: visible to the writer) and as it will be (`after`: still visible,
placed only in an area the writer works in, pointing only at rows that exist and fit). Assignment makes a
case visible to its mediator, never a licence to move it: the placement rule (`SyncStore.area_in_scope`)
ignores it, so a case assigned to a mediator cannot be carried out of her supervisor's sight.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sync.agreement import changed_terms, signed_numbers
from sync.policy import LINKED_PARENTS
from sync.store import SyncStore
from sync.types import Actor, Errors

REFERENCES: Mapping[str, Mapping[str, str]] = {
    "dispute": {"area_id": "area", "assigned_mediator_id": "user", "committee_id": "committee"},
    "visit": {"area_id": "area"},
}
"""Fields that point at other (non-synced) rows, by entity: field -> the kind `SyncStore.reference` looks up."""

ASSIGNABLE_ROLE = "mediator"

NOT_VISIBLE = "没有此记录。 / No such record."
OUTSIDE_AREAS = "该区域不在您的工作范围内。 / This area is outside the areas you work in."
OUT_OF_SCOPE = "此修改会使记录移出您的范围。 / This change would move the record out of your scope."
NOT_ASSIGNABLE = "只能派给在职的调解员。 / A case is assigned only to an active mediator."
NOT_OF_THE_CASE = "关联的记录不存在或不属于本案。 / The linked record does not exist or is not part of this case."
TERMS_LOCKED = ("协议已签署，条款已锁定；如需修改，请以新的协议编号重新出具并重新签署。 / The agreement is signed and "
                "its terms are locked: to change them, reissue it under a new agreement number and sign it again.")
NUMBER_SIGNED = ("此协议编号已有签署，重新出具须用新编号。 / This agreement number already carries signatures: a "
                 "reissued agreement needs a new number.")
NOT_THE_AGREEMENT = "签名须针对本案当前的协议编号。 / A signature must name the case's current agreement number."


@dataclass(frozen=True)
class Refusal:
    """Why a write is refused: a code and field-level messages."""

    code: str
    errors: Errors


def missing_message(kind: str, ref_id: Any) -> str:
    labels = {"area": ("区域", "area"), "committee": ("调委会", "committee"), "user": ("用户", "user")}
    zh, en = labels[kind]
    return f"没有编号为 {ref_id} 的{zh}。 / No {en} {ref_id}."


def write_refusal(
    store: SyncStore, actor: Actor, entity: str, before: Mapping[str, Any] | None, after: Mapping[str, Any],
    changes: Mapping[str, Any],
) -> Refusal | None:
    """The refusal of a write that turns `before` (None: a create) into `after` by writing `changes`, or None.

    Order: the record must be visible now (`not_found`), every reference must exist (`reference_not_found`)
    and an assignee be an active mediator (`invalid_assignee`), a linked record be one of the same case
    (`reference_not_found`), a signed agreement's terms stay (`agreement_locked`), then placement and scope
    after (`forbidden`).
    """
    if before is not None and not store.in_scope(actor, entity, before):
        return Refusal("not_found", {"id": [NOT_VISIBLE]})
    return (reference_refusal(store, entity, changes) or link_refusal(store, actor, entity, after, changes)
            or agreement_refusal(store, entity, before, after)
            or placement_refusal(store, actor, entity, after, changes))


def reference_refusal(store: SyncStore, entity: str, changes: Mapping[str, Any]) -> Refusal | None:
    """Every reference the change writes points at a row that exists; an assignee is an active mediator.

    Checked before writing, so a missing row is this mutation's rejection, never a database error.
    """
    missing: dict[str, list[str]] = {}
    unfit: dict[str, list[str]] = {}
    for name, kind in REFERENCES.get(entity, {}).items():
        ref_id = changes.get(name)
        if ref_id is None:
            continue
        row = store.reference(kind, ref_id)
        if row is None:
            missing[name] = [missing_message(kind, ref_id)]
        elif kind == "user" and not (row.get("role") == ASSIGNABLE_ROLE and row.get("active")):
            unfit[name] = [NOT_ASSIGNABLE]
    if missing:
        return Refusal("reference_not_found", missing)
    if unfit:
        return Refusal("invalid_assignee", unfit)
    return None


def link_refusal(
    store: SyncStore, actor: Actor, entity: str, after: Mapping[str, Any], changes: Mapping[str, Any]
) -> Refusal | None:
    """A written link (`parent_entity`, `parent_id`: `policy.LINKED_PARENTS`) names a record the writer sees
    that belongs to the record's own case: a party or mediation record of it, or a visit that found it."""
    kinds = LINKED_PARENTS.get(entity)
    if not kinds or changes.get("parent_id") is None:
        return None
    kind, parent_id = changes.get("parent_entity"), changes["parent_id"]
    parent = store.get_record(kind, parent_id) if kind in kinds else None
    if parent is None or not store.in_scope(actor, kind, parent.to_flat()):
        return Refusal("reference_not_found", {"parent_id": [NOT_OF_THE_CASE]})
    dispute_id = after.get("dispute_id")
    of_the_case = (dispute_id in (parent.fields.get("dispute_ids") or ()) if kind == "visit"
                   else parent.fields.get("dispute_id") == dispute_id)
    return None if of_the_case else Refusal("reference_not_found", {"parent_id": [NOT_OF_THE_CASE]})


def agreement_refusal(
    store: SyncStore, entity: str, before: Mapping[str, Any] | None, after: Mapping[str, Any]
) -> Refusal | None:
    """A signed agreement (`sync/agreement.py`) keeps its terms and its number: other terms need a new,
    unsigned number (a reissue). A signature names the agreement its case holds when it arrives."""
    if entity == "attachment" and before is None and after.get("agreement_no"):
        case = store.get_record("dispute", after["dispute_id"])
        if case is None or case.fields.get("agreement_no") != after["agreement_no"]:
            return Refusal("reference_not_found", {"agreement_no": [NOT_THE_AGREEMENT]})
        return None
    if entity != "dispute" or before is None:
        return None
    old_no, new_no = before.get("agreement_no"), after.get("agreement_no")
    terms = changed_terms(before, after)
    if new_no == old_no and not terms:
        return None
    signed = signed_numbers(store.children(before["id"], "attachment"))
    if new_no == old_no or not new_no:  # the same issue's terms, or its number taken away
        if old_no not in signed:
            return None
        names = terms if new_no == old_no else ["agreement_no", *terms]
        return Refusal("agreement_locked", {name: [TERMS_LOCKED] for name in names})
    return Refusal("agreement_locked", {"agreement_no": [NUMBER_SIGNED]}) if new_no in signed else None


def placement_refusal(
    store: SyncStore, actor: Actor, entity: str, after: Mapping[str, Any], changes: Mapping[str, Any]
) -> Refusal | None:
    """A written `area_id` lies in the writer's own areas, and the record stays in her scope."""
    if "area_id" in changes and not store.area_in_scope(actor, changes["area_id"]):
        return Refusal("forbidden", {"area_id": [OUTSIDE_AREAS]})
    if not store.in_scope(actor, entity, after):
        return Refusal("forbidden", {name: [OUT_OF_SCOPE] for name in sorted(changes)} or {"id": [OUT_OF_SCOPE]})
    return None
