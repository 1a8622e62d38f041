"""Which papers a case's dossier (调解卷宗) holds, and which it must hold: one rule, stated as data.

Pure (stdlib only): the engine judges a close by it, the papers service prints by it, the phone is given it.

The rule is a table, not code, so the phone can be given it as it is (`GET /api/reference`, key
`dossier_rules`) and judge completeness offline over its own records with the same few lines of logic.

A *condition* is `{"entity": E, "where": {field: [values]}, "filled": [fields]}`: it holds when a
record of entity E (the case itself for `dispute`, otherwise one of its non-voided child records)
has each `where` field among the listed values and each `filled` field non-empty. With `"each": "party"`
it must hold for every party of the case, matched through the record's `parent_id`; `{"any": [...]}` holds
when one of its conditions does. A list of conditions holds when all of them do; the empty list always holds.

- `PATHS`: a case's path is the first whose conditions hold.
- `PAPERS`: in dossier order, each paper's `applies` (it belongs in this case's file, and may be printed),
  `present` (the record holds what it is made from) and `required_on` (the paths that must hold it).

A condition may also name `blank` fields, each of which must be empty. A signature counts once its bytes have
reached the server (`upload_complete`): only then can the dossier place it.
Closing a case whose required papers are missing needs the reason written (`sync/workflow.py`).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

Condition = Mapping[str, Any]
Records = Mapping[str, Sequence[Mapping[str, Any]]]
"""A case's records by entity: `{"dispute": [case], "party": [...], "mediation_log": [...], ...}`."""

AGREED: Final = ("written_agreement", "oral_agreement")
WRITTEN: Final[Condition] = {"entity": "dispute", "where": {"agreement_kind": ["written"]}}
ORAL: Final[Condition] = {"entity": "dispute", "where": {"agreement_kind": ["oral"]}}
REFERRED_OUT: Final[Condition] = {"entity": "referral", "where": {"direction": ["out"]}}
REFERRED: Final[Condition] = {"any": [{"entity": "dispute", "where": {"status": ["referred"]}}, REFERRED_OUT]}

PATHS: Final[tuple[dict[str, Any], ...]] = (
    {"path": "written_agreement", "label": "书面协议", "when": [WRITTEN]},
    {"path": "oral_agreement", "label": "口头协议", "when": [ORAL]},
    {"path": "referral", "label": "移交", "when": [REFERRED]},
    {"path": "not_accepted", "label": "不予受理",
     "when": [{"entity": "dispute", "where": {"status": ["closed"]}, "blank": ["accepted_at"]}]},
    {"path": "failure", "label": "调解不成", "when": [{"entity": "dispute", "where": {"status": ["failed", "closed"]}}]},
    {"path": "open", "label": "办理中", "when": []},
)

PAPERS: Final[tuple[dict[str, Any], ...]] = (
    {"paper": "application", "label": "人民调解申请书", "label_en": "application for mediation",
     "applies": [{"entity": "dispute", "where": {"source": ["party_application", "hotline"]}}],
     "present": [{"entity": "party", "where": {"role": ["applicant"]}}],
     "required_on": ["written_agreement", "oral_agreement", "referral", "failure", "open"]},
    {"paper": "acceptance", "label": "人民调解受理登记表", "label_en": "acceptance register",
     "applies": [],
     "present": [{"entity": "dispute", "filled": ["accepted_at"]}],
     "required_on": ["written_agreement", "oral_agreement", "referral", "failure", "open"]},
    {"paper": "mediation-record", "label": "人民调解记录", "label_en": "mediation record",
     "applies": [],
     "present": [{"entity": "mediation_log"}],
     "required_on": ["written_agreement", "oral_agreement", "failure"]},
    {"paper": "agreement", "label": "人民调解协议书", "label_en": "mediation agreement",
     "applies": [WRITTEN],
     "present": [{"entity": "dispute", "filled": ["agreement_terms", "agreement_signed_on"]}],
     "required_on": ["written_agreement"]},
    {"paper": "signatures", "label": "当事人签名或指印", "label_en": "the parties' signatures or fingerprints",
     "applies": [WRITTEN],
     "present": [{"entity": "attachment", "where": {"kind": ["signature", "fingerprint"],
                                                   "parent_entity": ["party"], "upload_complete": [True]},
                   "each": "party"}],
     "required_on": ["written_agreement"]},
    {"paper": "oral-agreement", "label": "口头调解协议登记表", "label_en": "oral agreement register",
     "applies": [ORAL],
     "present": [{"entity": "dispute", "filled": ["agreement_terms"]}],
     "required_on": ["oral_agreement"]},
    {"paper": "revisit", "label": "人民调解回访记录", "label_en": "revisit record",
     "applies": [{"entity": "dispute", "where": {"agreement_kind": ["written", "oral"]}}],
     "present": [{"entity": "followup", "filled": ["done_at"]}],
     "required_on": list(AGREED)},
    {"paper": "judicial-confirmation", "label": "司法确认申请书", "label_en": "application for judicial confirmation",
     "applies": [WRITTEN],
     "present": [{"entity": "dispute", "filled": ["judicial_confirmation_applied_on"]}],
     "required_on": []},
    {"paper": "referral", "label": "纠纷移交登记表", "label_en": "referral register",
     "applies": [REFERRED],
     "present": [REFERRED_OUT],
     "required_on": ["referral"]},
)
PAPER_NAMES: Final = tuple(paper["paper"] for paper in PAPERS)
PRINTABLE: Final = tuple(name for name in PAPER_NAMES if name != "signatures")
"""Papers with a PDF of their own; signatures are placed on the agreement, not printed alone."""


def _filled(value: Any) -> bool:
    return value not in (None, "", [], {})


def _matches(record: Mapping[str, Any], condition: Condition) -> bool:
    return (all(record.get(field) in values for field, values in condition.get("where", {}).items())
            and all(_filled(record.get(field)) for field in condition.get("filled", ()))
            and not any(_filled(record.get(field)) for field in condition.get("blank", ())))


def holds(condition: Condition, records: Records) -> bool:
    if "any" in condition:
        return any(holds(alternative, records) for alternative in condition["any"])
    candidates = [r for r in records.get(condition["entity"], ()) if not _filled(r.get("voided_at"))]
    if condition.get("each") == "party":
        parties = [p for p in records.get("party", ()) if not _filled(p.get("voided_at"))]
        return bool(parties) and all(
            any(r.get("parent_id") == party["id"] and _matches(r, condition) for r in candidates)
            for party in parties)
    return any(_matches(record, condition) for record in candidates)


def all_hold(conditions: Sequence[Condition], records: Records) -> bool:
    return all(holds(condition, records) for condition in conditions)


def case_path(records: Records) -> str:
    return next(path["path"] for path in PATHS if all_hold(path["when"], records))


def paper_rule(name: str) -> Mapping[str, Any]:
    return next(paper for paper in PAPERS if paper["paper"] == name)


def applies(name: str, records: Records) -> bool:
    return all_hold(paper_rule(name)["applies"], records)


def is_present(name: str, records: Records) -> bool:
    return all_hold(paper_rule(name)["present"], records)


def dossier_items(records: Records) -> list[dict[str, Any]]:
    """The papers that belong in this case's file: whether each is required on its path, and present."""
    path = case_path(records)
    return [{"paper": paper["paper"], "label": paper["label"], "required": path in paper["required_on"],
             "present": all_hold(paper["present"], records)}
            for paper in PAPERS if all_hold(paper["applies"], records)]


def completeness(records: Records) -> dict[str, Any]:
    """`{"path", "items", "complete"}`: complete when every required paper is present."""
    items = dossier_items(records)
    return {"path": case_path(records), "items": items,
            "complete": all(item["present"] for item in items if item["required"])}


def as_json() -> dict[str, Any]:
    """The table as the phone is given it."""
    return {"paths": [dict(path) for path in PATHS], "papers": [dict(paper) for paper in PAPERS]}


def _entities(conditions: Sequence[Condition]) -> set[str]:
    found: set[str] = set()
    for condition in conditions:
        found |= _entities(condition["any"]) if "any" in condition else {condition["entity"]}
        if condition.get("each") == "party":
            found.add("party")
    return found


CHILD_ENTITIES: Final = tuple(sorted(
    set().union(*(_entities(path["when"]) for path in PATHS),
                *(_entities(paper["applies"]) | _entities(paper["present"]) for paper in PAPERS)) - {"dispute"}))
"""The child records the table reads: what a caller must give it, besides the case, to judge it."""


def missing_papers(records: Records) -> list[dict[str, Any]]:
    """The required papers the case lacks, in dossier order, each with its names (`label`, `label_en`)."""
    return [{"paper": item["paper"], "label": item["label"], "label_en": paper_rule(item["paper"])["label_en"]}
            for item in dossier_items(records) if item["required"] and not item["present"]]
