"""What each role may change, independent of scope (scope and placement: `sync/authority.py`)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sync.types import Errors, Role
from sync.workflow import INITIAL_STATUS

REVIEWERS: frozenset[str] = frozenset({"supervisor", "admin"})
DISPATCH_STATUSES: frozenset[str] = frozenset({"accepted", "assigned"})
REVIEWER_FIELDS: Mapping[str, frozenset[str]] = {
    "dispute": frozenset({"assigned_mediator_id", "committee_id", "accepted_at", "returned_at", "return_comments"}),
}
"""Fields only a reviewer sets: who works the case, when it was accepted (受理), and sending it back (退回补正)."""

VOID_ONLY_REVIEWERS = ("调解员只能作废尚未受理的案件、尚未表态的当事人和未签署协议的附件，其余由督导或管理员作废。 / "
                       "A mediator voids only a case not yet accepted, a party not yet asked for consent or an "
                       "attachment that signs no agreement; a supervisor or an admin voids the rest.")
MEDIATOR_VOIDABLE: Mapping[str, tuple[str, str | None]] = {
    "dispute": ("status", INITIAL_STATUS),
    "party": ("consent", "pending"),
    "attachment": ("agreement_no", None),
}
"""What a mediator may void (a registration or a photo made by mistake): the field and the value it must still
hold. A signature that signs an agreement (its `agreement_no` set) stays, unless a reviewer voids it."""
DISPATCH_ONLY_REVIEWERS = "只有督导或管理员可以受理或派单。 / Only a supervisor or an admin may accept or dispatch a case."
ASSIGN_ONLY_REVIEWERS = "只有督导或管理员可以指派或受理案件。 / Only a supervisor or an admin may assign or accept a case."
CREATE_REPORTED = ("调解员新建的案件只能是“登记”状态。 / "
                   "A case a mediator registers starts as reported; a supervisor accepts it.")
RETURN_ONLY_REVIEWERS = "只有督导或管理员可以退回案件。 / Only a supervisor or an admin may send a case back."
REFUSE_ONLY_REVIEWERS = ("未受理的案件只能由督导或管理员决定不予受理并结案。 / "
                         "Only a supervisor or an admin may close a case that was never accepted.")


def permission_errors(
    role: Role, entity: str, op: str, edits: Mapping[str, Any], record: Mapping[str, Any] | None = None
) -> Errors:
    """Field errors for what `role` may not do; `edits` are the values the mutation would change,
    `record` the record's fields before it (None for a create).

    Only supervisors and admins accept or dispatch a case, choose its mediator and committee, close a case
    that was never accepted (不予受理), and void records, but for a mediator's own mistakes: a case still
    `reported` (before the review queue takes it up) and a party whose consent is still `pending`. A
    mediator's new case starts as `reported`, so that it goes through the supervisor's review queue.
    """
    if role in REVIEWERS:
        return {}
    if op == "void":
        field, value = MEDIATOR_VOIDABLE.get(entity, ("", object()))
        return {} if record is not None and record.get(field) == value else {"voided_at": [VOID_ONLY_REVIEWERS]}
    errors: dict[str, list[str]] = {}
    if entity == "dispute" and "status" in edits:
        status = edits["status"]
        if status in DISPATCH_STATUSES:
            errors["status"] = [DISPATCH_ONLY_REVIEWERS]
        elif op == "create" and status != INITIAL_STATUS:
            errors["status"] = [CREATE_REPORTED]
        elif status == "closed" and not (record or {}).get("accepted_at"):
            errors["status"] = [REFUSE_ONLY_REVIEWERS]
    for name in sorted(REVIEWER_FIELDS.get(entity, frozenset()) & set(edits)):
        errors[name] = [RETURN_ONLY_REVIEWERS if name in ("returned_at", "return_comments") else ASSIGN_ONLY_REVIEWERS]
    return errors
