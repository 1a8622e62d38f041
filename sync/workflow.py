"""The dispute status workflow (domain.md): which moves exist, and what a status needs on entry."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sync.types import RecordState

INITIAL_STATUS = "reported"

RANK: Mapping[str, int] = {
    "reported": 0,
    "accepted": 1,
    "assigned": 2,
    "mediating": 3,
    "agreed": 4,
    "failed": 4,
    "suspended": 4,
    "referred": 4,
    "closed": 5,
}

SIDEWAYS_OR_BACK: frozenset[tuple[str, str]] = frozenset({
    ("suspended", "mediating"),
    ("failed", "mediating"),
    ("referred", "mediating"),
    ("failed", "referred"),
    ("suspended", "referred"),
})
"""Moves allowed besides forward ones: resuming mediation, and handing a stalled case to a linked agency."""


@dataclass(frozen=True)
class Related:
    """The dispute's child rows the entry rules read (all of them, voided ones included)."""

    parties: Sequence[RecordState] = ()
    followups: Sequence[RecordState] = ()


@dataclass(frozen=True)
class Violation:
    code: str
    message: str
    field: str = "status"


def can_move(old: str, new: str) -> bool:
    """A fresh move: forward (possibly skipping steps), or one of the listed resumes; never out of `closed`."""
    if old == "closed":
        return False
    return RANK[new] > RANK[old] or (old, new) in SIDEWAYS_OR_BACK


def stale_move_wins(server: str, device: str) -> bool:
    """A stale edit moves the case only where a fresh one could, and never to a lower rank."""
    return can_move(server, device) and RANK[device] >= RANK[server]


def entry_violation(old: str, new: str, record: Mapping[str, Any], related: Related) -> Violation | None:
    """What stops the case entering `new` from `old`, with `record` the dispute's fields after the change."""
    if new in ("mediating", "agreed"):
        violation = _consent_violation(related.parties)
        if violation:
            return violation
    if new == "agreed" and not (record.get("agreement_kind") and record.get("agreement_terms")):
        return Violation("agreement_required", "an agreed case needs the agreement's kind and terms")
    if new == "closed":
        if not record.get("close_reason"):
            return Violation("close_reason_required", "closing a case needs a reason")
        was_agreed = old == "agreed" or bool(record.get("agreement_kind"))
        if was_agreed and not any(f.voided_at is None and f.fields.get("done_at") for f in related.followups):
            return Violation("revisit_required", "an agreed case closes only after a revisit is done")
    return None


RETURN_FIELDS: tuple[str, ...] = ("returned_at", "return_comments", "resubmitted_at")
"""退回补正: a reviewer sends a case back with comments on named fields; its mediator corrects and resubmits.

A case is *returned* while `returned_at` is set and `resubmitted_at` is not, *resubmitted* once both are set,
and neither after the reviewer clears all three (the correction is accepted). A return (again) clears
`resubmitted_at` in the same edit, so a resubmission always answers the latest return.
"""


def return_state(record: Mapping[str, Any]) -> str | None:
    """`returned`, `resubmitted`, or None for a case not sent back."""
    if not record.get("returned_at"):
        return None
    return "resubmitted" if record.get("resubmitted_at") else "returned"


def return_violation(record: Mapping[str, Any], edits: Mapping[str, Any]) -> Violation | None:
    """What is wrong with the return fields `edits` writes, `record` being the dispute after the change."""
    if not any(name in edits for name in RETURN_FIELDS):
        return None
    returned = bool(record.get("returned_at"))
    if returned and not record.get("return_comments"):
        return Violation("return_comments_required",
                         "退回补正须写明要补正的字段和意见。 / A case sent back needs comments on the fields to correct.",
                         "return_comments")
    if edits.get("returned_at") and record.get("resubmitted_at"):
        return Violation("invalid_return",
                         "再次退回须清除上次的重新提交。 / Sending a case back again clears its last resubmission.",
                         "resubmitted_at")
    if not returned and (record.get("return_comments") or record.get("resubmitted_at")):
        return Violation("not_returned",
                         "只有被退回的案件才能重新提交或附退回意见。 / Only a case sent back has comments or a resubmission.",
                         "resubmitted_at" if record.get("resubmitted_at") else "return_comments")
    return None


def _consent_violation(parties: Sequence[RecordState]) -> Violation | None:
    """Mediation is voluntary (People's Mediation Law art. 17): every party must have consented."""
    live = [p for p in parties if p.voided_at is None]
    if not live:
        return Violation("consent_required", "mediation needs at least one party, and every party's consent")
    if any(p.fields.get("consent") == "refused" for p in live):
        return Violation("consent_refused", "a party refused mediation: refer or close the case with the reason")
    if any(p.fields.get("consent") != "consented" for p in live):
        return Violation("consent_required", "every party must consent before mediation")
    return None
