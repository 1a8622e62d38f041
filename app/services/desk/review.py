"""The street supervisor's review: what to accept and dispatch, to whom, and which revisits lag.

Reads only. Accepting and dispatching are sync pushes of `status`, `assigned_mediator_id`,
`committee_id`, `accepted_at` and `due_on` by the supervisor's device, like any other edit.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa

from app.catalogue import CATALOGUE, codes
from app.errors import ApiError
from app.extensions import db
from app.models import Area, Committee, Dispute, Followup, MediatorProfile, User, user_committees
from app.services.desk.deadlines import DUE_AFTER_DAYS, OPEN_STATUSES, deadline_conditions, deadline_state
from app.services.reads.paging import Page, page_of
from app.services.access.scope import Viewer, areas_under, scope_filter
from app.services.desk.stats import (
    FOLLOWUP_CASES, REPORTED_AT, LocalSql, Scope, json_list_has,
    resolve_focus, resolve_window, revisit_bucket, revisit_counts,
)
from sync.clock import local_datetime, local_today
from sync.workflow import return_state

AWAITING_STATUSES = ("reported", "accepted")
LAWYER_CATEGORIES = ("contract", "labor", "damages")
SUGGESTION_LIMIT = 20
_FLAGGED = sa.or_(*(json_list_has(Dispute.risk_flags, flag) for flag in codes("risk_flag")))


# ---------------------------------------------------------------- the queue

@dataclass
class QueueEntry:
    dispute: Dispute
    deadline_state: str
    queue_reasons: list[str]


def review_queue(viewer: Viewer, filters: dict[str, Any], today: date | None = None) -> Page:
    """Cases waiting for acceptance or dispatch, open cases at high risk or flagged, and cases sent back.

    Order: resubmitted after a return (待复核) first, then flagged (民转刑, 群体性, 极端行为), then past due
    (red), then nearly due (amber), then the rest; within each, high risk first, then the oldest report.
    """
    today = today or local_today()
    focus = resolve_focus(viewer, filters.get("area_id"))
    amber, red = deadline_conditions(today)
    resubmitted = sa.and_(Dispute.returned_at.is_not(None), Dispute.resubmitted_at.is_not(None))
    tier = sa.case((resubmitted, 0), (_FLAGGED, 1), (red, 2), (amber, 3), else_=4)
    high_first = sa.case((Dispute.risk_level == "high", 0), else_=1)
    query = sa.select(Dispute).where(*queue_conditions(viewer, focus.path))
    page = page_of(query.order_by(tier, high_first, REPORTED_AT, Dispute.id), filters["page"], filters["per_page"])
    page.items = [_queue_entry(row, today) for row in page.items]
    return page


def queue_conditions(viewer: Viewer, area_path: str) -> tuple[sa.ColumnElement[bool], ...]:
    """Which cases the queue holds: awaiting acceptance or dispatch, open and risky, or sent back (退回补正)."""
    risky = sa.and_(Dispute.status.in_(OPEN_STATUSES), sa.or_(Dispute.risk_level == "high", _FLAGGED))
    return (scope_filter(viewer, Dispute), Dispute.voided_at.is_(None), Dispute.area_id.in_(areas_under(area_path)),
            sa.or_(Dispute.status.in_(AWAITING_STATUSES), risky, Dispute.returned_at.is_not(None)))


def _queue_entry(dispute: Dispute, today: date) -> QueueEntry:
    state = deadline_state(dispute.status, dispute.due_on, today)
    reasons = {"reported": ["awaiting_acceptance"], "accepted": ["awaiting_dispatch"]}.get(dispute.status, [])
    sent_back = return_state({"returned_at": dispute.returned_at, "resubmitted_at": dispute.resubmitted_at})
    if sent_back:
        reasons.insert(0, sent_back)
    if dispute.risk_flags:
        reasons.append("risk_flags")
    if dispute.risk_level == "high":
        reasons.append("high_risk")
    if state in ("amber", "red"):
        reasons.append({"amber": "nearly_due", "red": "overdue"}[state])
    return QueueEntry(dispute, state, reasons)


# ---------------------------------------------------------------- dispatch suggestions

@dataclass
class Suggestion:
    """A mediator or committee with its score and the reasons behind it."""

    subject: dict[str, Any]
    open_cases: int
    reasons: list[dict[str, Any]] = field(default_factory=list)

    def add(self, code: str, points: int, zh: str, en: str) -> None:
        self.reasons.append({"code": code, "points": points, "zh": zh, "en": en})

    @property
    def score(self) -> int:
        return sum(reason["points"] for reason in self.reasons)

    def as_dict(self) -> dict[str, Any]:
        return {**self.subject, "open_cases": self.open_cases, "score": self.score, "reasons": self.reasons}


@dataclass(frozen=True)
class CasePlace:
    """Where a case lies: its area and the community and street above it (when any)."""

    area: Area
    community: Area | None
    street: Area | None
    ancestor_ids: tuple[int, ...]

    @classmethod
    def of(cls, area: Area) -> "CasePlace":
        ids = tuple(int(part) for part in area.path.strip("/").split("/") if part)
        chain = {a.level: a for a in db.session.execute(sa.select(Area).where(Area.id.in_(ids))).scalars()}
        return cls(area, chain.get("community"), chain.get("street"), ids)

    def closeness(self, home: Area) -> tuple[str, int, str, str] | None:
        """How near a mediator's home area is to the case: same grid, community or street."""
        if home.id == self.area.id:
            return "same_grid", 25, "同一网格", "Same grid"
        if self.community is not None and home.path.startswith(self.community.path):
            return "same_community", 15, "同一社区", "Same community"
        if self.street is not None and home.path.startswith(self.street.path):
            return "same_street", 5, "同一街道", "Same street"
        return None


def dispatch_suggestions(viewer: Viewer, dispute_id: str) -> dict[str, Any]:
    """Mediators and committees for a case, best first (points in `reasons`, summed in `score`).

    Mediators: those homed in the case's street, plus lawyer mediators and the talent and expert
    pools of the whole district. Specialty +40; lawyer for contract/labour/damages +20; same grid
    +25, community +15 or street +5; pool member +5; −5 per open case (at most −40).
    Committees: those of the case's community, street and district (trade committees). Own
    community +25, own street +15; a member specialising in the category +30; a lawyer member for
    contract/labour/damages +10; −2 per open case (at most −20). Open cases are counted within the
    viewer's scope, like every read.
    """
    dispute = db.session.execute(sa.select(Dispute).where(
        Dispute.id == dispute_id, scope_filter(viewer, Dispute), Dispute.voided_at.is_(None))
    ).scalar_one_or_none()
    if dispute is None:
        raise ApiError(404, "not_found", "没有这个案件。 / No such dispute.")
    place = CasePlace.of(db.session.get(Area, dispute.area_id))
    labels = {code: (zh, en) for code, zh, en in CATALOGUE["category"]}
    category_zh, category_en = labels.get(dispute.category, (dispute.category, dispute.category))
    lawyer_fit = dispute.category in LAWYER_CATEGORIES

    mediators = []
    workload = _open_cases(viewer, Dispute.assigned_mediator_id)
    for user, home, profile in _candidate_mediators(place):
        specialties = list(profile.specialties or []) if profile else []
        suggestion = Suggestion({
            "id": user.id, "display_name": user.display_name, "area_id": home.id, "area_name": home.name,
            "is_lawyer": bool(profile and profile.is_lawyer), "full_time": bool(profile and profile.full_time),
            "specialties": specialties}, workload.get(user.id, 0))
        if dispute.category in specialties:
            suggestion.add("specialty", 40, f"擅长{category_zh}纠纷", f"Specialises in {category_en} disputes")
        if lawyer_fit and profile and profile.is_lawyer:
            suggestion.add("lawyer", 20, f"律师调解员，适合{category_zh}纠纷",
                           f"Lawyer mediator, suited to {category_en} disputes")
        near = place.closeness(home)
        if near:
            suggestion.add(*near)
        if profile and (profile.in_talent_pool or profile.in_expert_pool):
            suggestion.add("pool", 5, "人才库/专家库成员", "In the talent or expert pool")
        _add_workload(suggestion, 5, 40)
        mediators.append(suggestion)

    committees = []
    committee_load = _open_cases(viewer, Dispute.committee_id)
    members = _committee_members(place)
    for committee in db.session.execute(sa.select(Committee).where(
            Committee.area_id.in_(place.ancestor_ids)).order_by(Committee.id)).scalars():
        suggestion = Suggestion({"id": committee.id, "name": committee.name, "kind": committee.kind,
                                 "area_id": committee.area_id, "room_name": committee.room_name},
                                committee_load.get(committee.id, 0))
        if place.community is not None and committee.area_id in (place.community.id, place.area.id):
            suggestion.add("same_community", 25, "本社区调委会", "Committee of the case's community")
        elif place.street is not None and committee.area_id == place.street.id:
            suggestion.add("same_street", 15, "本街道调委会", "Committee of the case's street")
        crew = members.get(committee.id, [])
        if any(dispute.category in (profile.specialties or []) for profile in crew):
            suggestion.add("specialty", 30, f"有擅长{category_zh}纠纷的调解员",
                           f"Has a mediator specialising in {category_en} disputes")
        if lawyer_fit and any(profile.is_lawyer for profile in crew):
            suggestion.add("lawyer", 10, "有律师调解员", "Has a lawyer mediator")
        _add_workload(suggestion, 2, 20)
        committees.append(suggestion)

    return {"dispute_id": dispute.id, "category": dispute.category,
            "mediators": _ranked(mediators), "committees": _ranked(committees)}


def _ranked(suggestions: list[Suggestion]) -> list[dict[str, Any]]:
    ordered = sorted(suggestions, key=lambda s: (-s.score, s.open_cases, s.subject["id"]))
    return [s.as_dict() for s in ordered[:SUGGESTION_LIMIT]]


def _add_workload(suggestion: Suggestion, per_case: int, cap: int) -> None:
    n = suggestion.open_cases
    suggestion.add("workload", -min(per_case * n, cap), f"在办案件{n}件", f"{n} open case{'s' * (n != 1)}")


def _open_cases(viewer: Viewer, key: Any) -> dict[int, int]:
    rows = db.session.execute(
        sa.select(key, sa.func.count()).where(
            scope_filter(viewer, Dispute), Dispute.voided_at.is_(None),
            Dispute.status.in_(OPEN_STATUSES), key.is_not(None)).group_by(key)).all()
    return {row[0]: int(row[1]) for row in rows}


def _candidate_mediators(place: CasePlace) -> list[tuple[User, Area, MediatorProfile | None]]:
    homed_nearby = (User.area_id.in_(areas_under(place.street.path)) if place.street is not None
                    else sa.true())
    pooled = sa.or_(MediatorProfile.is_lawyer.is_(True), MediatorProfile.in_talent_pool.is_(True),
                    MediatorProfile.in_expert_pool.is_(True))
    rows = db.session.execute(
        sa.select(User, Area, MediatorProfile).join(Area, Area.id == User.area_id)
        .outerjoin(MediatorProfile, MediatorProfile.user_id == User.id)
        .where(User.role == "mediator", User.active.is_(True), sa.or_(homed_nearby, pooled))
        .order_by(User.id)).all()
    return [(row[0], row[1], row[2]) for row in rows]


def _committee_members(place: CasePlace) -> dict[int, list[MediatorProfile]]:
    """Active mediators' profiles per committee of the case's chain of areas."""
    rows = db.session.execute(
        sa.select(user_committees.c.committee_id, MediatorProfile)
        .join(User, User.id == user_committees.c.user_id)
        .join(MediatorProfile, MediatorProfile.user_id == User.id)
        .join(Committee, Committee.id == user_committees.c.committee_id)
        .where(User.active.is_(True), User.role == "mediator", Committee.area_id.in_(place.ancestor_ids))
    ).all()
    members: dict[int, list[MediatorProfile]] = {}
    for committee_id, profile in rows:
        members.setdefault(committee_id, []).append(profile)
    return members


# ---------------------------------------------------------------- revisits

BUCKET_ORDER = {"missing": 0, "due": 1, "late": 2, "on_time": 3}


def revisits_report(viewer: Viewer, filters: dict[str, Any], today: date | None = None) -> dict[str, Any]:
    """Revisits due in the window, in buckets, with counts; missing first, then due, late, on time.

    Default window: the twelve months up to 30 days ahead, so every revisit now pending shows.
    """
    today = today or local_today()
    window = resolve_window(filters.get("date_from"), filters.get("date_to"), today, ahead_days=DUE_AFTER_DAYS)
    focus = resolve_focus(viewer, filters.get("area_id"))
    scope = Scope(viewer, focus, window, today)
    local = LocalSql.current()
    counts = revisit_counts(scope, local)
    bucket = revisit_bucket(local, today)
    query = (sa.select(Followup, bucket.label("bucket"), Dispute.case_no, Dispute.title, Dispute.area_id,
                       Area.name.label("area_name"), Dispute.assigned_mediator_id,
                       User.display_name.label("mediator_name"))
             .select_from(FOLLOWUP_CASES).join(Area, Area.id == Dispute.area_id)
             .outerjoin(User, User.id == Dispute.assigned_mediator_id)
             .where(*scope.followups()))
    if filters.get("bucket"):
        query = query.where(bucket == filters["bucket"])
    total = db.session.execute(sa.select(sa.func.count()).select_from(query.subquery())).scalar_one()
    page, per_page = filters["page"], filters["per_page"]
    rows = db.session.execute(
        query.order_by(sa.case(BUCKET_ORDER, value=bucket), Followup.due_on, Followup.id)
        .limit(per_page).offset((page - 1) * per_page)).all()
    settled = counts["on_time"] + counts["late"] + counts["missing"]
    return {
        "range": {"from": window.date_from, "to": window.date_to},
        "area": {"id": focus.id, "name": focus.name, "level": focus.level},
        "counts": counts,
        "on_time_rate": round(counts["on_time"] / settled, 4) if settled else None,
        "items": [_revisit_item(row, today) for row in rows],
        "total": total, "page": page, "per_page": per_page,
    }


def _revisit_item(row: Any, today: date) -> dict[str, Any]:
    followup: Followup = row[0]
    days_late = None
    if row.bucket == "late":
        days_late = (local_datetime(followup.done_at).date() - followup.due_on).days
    elif row.bucket == "missing":
        days_late = (today - followup.due_on).days
    return {
        "id": followup.id, "dispute_id": followup.dispute_id, "case_no": row.case_no, "title": row.title,
        "area_id": row.area_id, "area_name": row.area_name, "mediator_id": row.assigned_mediator_id,
        "mediator_name": row.mediator_name, "due_on": followup.due_on, "done_at": followup.done_at,
        "bucket": row.bucket, "days_late": days_late,
    }
