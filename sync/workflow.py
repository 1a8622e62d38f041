"""The dispute status workflow (domain.md): which moves exist, and what a status needs on entry."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sync import dossier
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


RELATED: Mapping[str, str] = {
    "party": "parties", "followup": "followups", "mediation_log": "mediation_logs", "referral": "referrals",
    "attachment": "attachments",
}
"""The child entities the entry rules read, and the `Related` attribute holding each: the parties' consent,
and for closing every child the dossier table reads (`dossier.CHILD_ENTITIES`)."""


@dataclass
class Related:
    """The dispute's child rows the entry rules read (all of them, voided ones included)."""

    parties: Sequence[RecordState] = ()
    followups: Sequence[RecordState] = ()
    mediation_logs: Sequence[RecordState] = ()
    referrals: Sequence[RecordState] = ()
    attachments: Sequence[RecordState] = ()

    @classmethod
    def fetch(cls, children: Callable[[str], Sequence[RecordState]]) -> Related:
        """Every related row, `children(entity)` giving the dispute's rows of one entity."""
        return cls(**{attribute: children(entity) for entity, attribute in RELATED.items()})

    def dossier_records(self, dispute: Mapping[str, Any]) -> dossier.Records:
        """The case as the dossier table reads it, `dispute` being the case's fields after the change."""
        children = {entity: [row.to_flat() for row in getattr(self, attribute)] for entity, attribute in RELATED.items()}
        return {"dispute": [dispute], **children}


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


NO_PARTY = "调解须至少有一名当事人，且每名当事人都同意调解。 / Mediation needs at least one party, and every party's consent."
CONSENT_REFUSED = "有当事人拒绝调解：请移交或写明原因结案。 / A party refused mediation: refer or close the case with the reason."
CONSENT_PENDING = "每名当事人都同意后才能调解。 / Every party must consent before mediation."
AGREEMENT_REQUIRED = "调解成功须写明协议的类型和内容。 / An agreed case needs the agreement's kind and terms."
CLOSE_REASON_REQUIRED = "结案须写明结案原因。 / Closing a case needs a reason."
AGREEMENT_KEPT = ("已达成协议的案件结案时须保留协议类型。 / A case that reached an agreement keeps its agreement's kind "
                  "when it closes.")
PAPERS_MISSING = "卷宗缺少：{zh}。结案须写明缺件原因。 / The dossier lacks: {en}. Closing needs the reason they are missing."


def entry_violation(old: str, new: str, record: Mapping[str, Any], related: Related) -> Violation | None:
    """What stops the case entering `new` from `old`, with `record` the dispute's fields after the change."""
    if new in ("mediating", "agreed"):
        violation = _consent_violation(related.parties)
        if violation:
            return violation
    if new == "agreed" and not (record.get("agreement_kind") and record.get("agreement_terms")):
        return Violation("agreement_required", AGREEMENT_REQUIRED)
    if new == "closed":
        return close_violation(old, record, related)
    return None


CLOSE_FIELDS: frozenset[str] = frozenset({"close_reason", "papers_missing_reason", "agreement_kind"})
"""The fields closing judged: an edit of a closed case that changes one is judged again, so a reason given at
closing cannot be taken back afterwards while the papers are still missing."""


def closing_judged(entity: str, old: str | None, changes: Mapping[str, Any]) -> bool:
    """Whether `close_violation` judges this edit: it closes the case, or changes what closing judged."""
    if entity != "dispute":
        return False
    if old == "closed":
        return bool(CLOSE_FIELDS & changes.keys())
    return changes.get("status") == "closed"


def close_violation(old: str, record: Mapping[str, Any], related: Related) -> Violation | None:
    """What closing needs, on every write path (a push and a conflict's resolution): a reason; an agreement
    kept if the case had reached one; and a dossier holding every paper its path requires
    (`sync/dossier.py`, judged as the case will stand), or the reason they are missing
    (`papers_missing_reason`). A missing revisit is one such paper."""
    if not _written(record.get("close_reason")):
        return Violation("close_reason_required", CLOSE_REASON_REQUIRED)
    if old == "agreed" and not record.get("agreement_kind"):
        return Violation("agreement_required", AGREEMENT_KEPT, "agreement_kind")
    missing = dossier.missing_papers(related.dossier_records(record))
    if not missing or _written(record.get("papers_missing_reason")):
        return None
    message = PAPERS_MISSING.format(zh="、".join(paper["label"] for paper in missing),
                                    en=", ".join(paper["label_en"] for paper in missing))
    return Violation("papers_missing", message, "papers_missing_reason")


def _written(text: Any) -> bool:
    return isinstance(text, str) and bool(text.strip())


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
        return Violation("consent_required", NO_PARTY)
    if any(p.fields.get("consent") == "refused" for p in live):
        return Violation("consent_refused", CONSENT_REFUSED)
    if any(p.fields.get("consent") != "consented" for p in live):
        return Violation("consent_required", CONSENT_PENDING)
    return None

