"""The year's disputes: where, what, in which status, on which timeline; each with its children."""
from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from app.catalogue import codes
from app.models import Committee, Dispute, User
from app.services.demo import data
from app.services.demo.agreements import build_agreement
from app.services.demo.builder import BEIJING, Case, Demo, Grid
from app.services.demo.mediation_logs import build_logs
from app.services.demo.parties import build_parties
from app.services.demo.referrals import build_referrals
from app.services.desk.deadlines import DUE_AFTER_DAYS


def build_disputes(demo: Demo) -> None:
    """DISPUTE_COUNT cases: quotas on the mediators' grids (every status on the showcase ones), the rest anywhere."""
    slots: list[tuple[Grid, str | None]] = []
    for grid in (grid for grid in demo.grids if grid.own_mediators):
        names = {user.username for user in grid.own_mediators}
        quota = max((data.SHOWCASE_GRID_QUOTAS.get(name, data.OTHER_GRID_QUOTA) for name in names))
        forced = list(data.STATUS_WEIGHTS) if names & set(data.SHOWCASE_GRID_QUOTAS) else []
        slots += [(grid, status) for status in forced]
        slots += [(grid, None)] * (quota - len(forced))
    while len(slots) < data.DISPUTE_COUNT:
        slots.append((demo.rng.choice(demo.grids), None))
    categories = list(codes("category"))  # every category at least once
    profiles = data.CATEGORY_PROFILES
    categories += demo.rng.choices(list(profiles), [p.weight for p in profiles.values()],
                                   k=data.DISPUTE_COUNT - len(categories))
    demo.rng.shuffle(categories)
    for (grid, status), category in zip(slots, categories):
        _build_case(demo, grid, status or demo.pick(data.STATUS_WEIGHTS), category)


def _build_case(demo: Demo, grid: Grid, status: str, category: str) -> None:
    rng = demo.rng
    profile = data.CATEGORY_PROFILES[category]
    template = rng.choice(profile.templates)
    creator = rng.choice(grid.responsible)
    close_path = demo.pick(data.CLOSE_PATHS) if status == "closed" else None
    times = _timeline(demo, status, close_path)
    reported = times["reported"]
    accepted = times.get("accepted")

    group = "{n}" in template.summary
    persons = rng.randint(8, 60) if group else 0
    amount = _amount(demo, profile, template)
    pay = _settlement(demo, amount) if "{pay}" in template.terms else None
    risk_level, risk_flags = _risk(demo, profile, group)

    assigned: User | None = None
    if status not in ("reported", "accepted") and accepted is not None:
        assigned = creator
        lawyers = [u for u in demo.users.values() if u.profile and u.profile.is_lawyer
                   and category in u.profile.specialties]
        if lawyers and demo.chance(0.15):
            assigned = rng.choice(lawyers)
    source = demo.pick(profile.sources)
    committee = _committee_for(demo, grid, category, source, assigned) if accepted else None

    values: dict[str, Any] = {
        "case_no": None, "area_id": grid.area.id, "title": template.title, "summary": None,
        "category": category, "source": source,
        "occurred_on": reported.date() - timedelta(days=rng.choice((0, 0, 1, 2, 3, 7, 15, 30))),
        "reported_at": reported - BEIJING, "persons_involved": None,
        "amount_involved": Decimal(amount) if amount is not None else None,
        "risk_level": risk_level, "risk_flags": risk_flags, "status": status,
        "assigned_mediator_id": assigned.id if assigned else None,
        "committee_id": committee.id if committee else None,
        "accepted_at": accepted - BEIJING if accepted else None,
        "due_on": accepted.date() + timedelta(days=DUE_AFTER_DAYS) if accepted else None,
        "agreement_kind": None, "agreement_no": None, "agreement_terms": None,
        "agreement_amount": None, "agreement_performance": None, "agreement_signed_on": None,
        "judicial_confirmation_applied_on": None, "judicial_confirmation_court": None,
        "judicial_confirmation_result": None,
        "close_reason": None, "closed_at": None, "linked_agencies": [],
    }
    row = demo.add_row(Dispute, values, reported, demo.sync_time(reported), creator)
    last = times.get("closed") or times.get("signed") or times.get("end") or times.get("sent")
    case = Case(row, grid, status, reported, last or demo.now_local, assigned or creator)
    demo.cases.append(case)

    parties = build_parties(demo, case, profile, template, times, close_path)
    values["persons_involved"] = max(persons, len(parties))
    fill = {"a": case.applicant, "b": case.respondent, "place": grid.community.name,
            "amount": amount or "", "pay": pay or "", "n": values["persons_involved"]}
    values["summary"] = template.summary.format(**fill)

    if "signed" in times:
        build_agreement(demo, case, committee, template, fill, pay, times)
    if status in ("mediating", "agreed", "failed", "suspended") or close_path == "agreement":
        build_logs(demo, case, template, fill, times, committee)
    agency = build_referrals(demo, case, profile, source, times, close_path)
    if status == "closed":
        values["closed_at"] = times["closed"] - BEIJING
        values["close_reason"] = data.CLOSE_REASONS[close_path or "agreement"].format(agency=agency)


def _timeline(demo: Demo, status: str, close_path: str | None) -> dict[str, datetime]:
    """Local times of the case's events, by status. Ages are days before today."""
    rng = demo.rng
    delay = rng.choice((0, 0, 0, 1, 1, 2))  # report → acceptance

    def events(**ages: int) -> dict[str, datetime]:
        return dict(zip(ages, demo.chain(list(ages.values()))))

    if status == "reported":
        return events(reported=rng.randint(0, 12))
    if status in ("accepted", "assigned", "mediating"):
        age = rng.randint(1, 42) if status != "mediating" else rng.randint(3, 50)  # >20 amber, >30 red
        return events(reported=age, accepted=age - delay, consent=age - delay)
    if status == "suspended":
        age = rng.randint(20, 364)
        return events(reported=age, accepted=age - delay, consent=age - delay)
    if status == "agreed":
        signed, span = rng.randint(1, 75), rng.randint(2, 34)
        age = signed + span + delay
        return events(reported=age, accepted=age - delay, consent=age - delay, signed=signed)
    if status == "failed":
        age = rng.randint(5, 364)
        ended = max(age - delay - rng.randint(2, 34), 0)
        return events(reported=age, accepted=age - delay, consent=age - delay, end=ended)
    if status == "referred":
        age = rng.randint(1, 364)
        sent = max(age - delay - rng.randint(0, 10), 0)
        if demo.chance(0.6):
            return events(reported=age, accepted=age - delay, consent=age - delay, sent=sent)
        return events(reported=age, sent=sent)
    if close_path == "agreement":
        age = rng.randint(50, 364)
        accepted = age - delay
        revisit_after = rng.randint(22, 30) if demo.chance(0.8) else rng.randint(31, 45)  # due at 30
        signed = accepted - rng.randint(2, min(34, accepted - revisit_after - 1))
        revisit = signed - revisit_after
        return events(reported=age, accepted=accepted, consent=accepted, signed=signed, revisit=revisit,
                      closed=max(revisit - rng.randint(0, 3), 0))
    if close_path == "referral":
        age = rng.randint(15, 364)
        sent = age - delay - rng.randint(0, min(10, age - delay - 11))
        return events(reported=age, accepted=age - delay, sent=sent,
                      closed=sent - rng.randint(10, min(60, sent)))
    age = rng.randint(2, 364)  # refused or withdrawn
    return events(reported=age, accepted=age - delay, consent=age - delay,
                  closed=max(age - delay - rng.randint(1, 20), 0))


def _amount(demo: Demo, profile: data.CategoryProfile, template: data.CaseTemplate) -> int | None:
    bounds = template.amount or profile.amount
    if bounds == data.NO_AMOUNT:
        return None
    if bounds is None:
        if "{amount}" not in template.summary:
            return None
        bounds = (2000, 50000)
    value = demo.rng.randint(*bounds)
    return round(value, -2) if value >= 1000 else round(value, -1)


def _settlement(demo: Demo, amount: int | None) -> int:
    if amount is None:
        return demo.rng.randint(10, 200) * 100
    return max(int(round(amount * demo.rng.uniform(0.5, 1.0), -2)), 100)


def _risk(demo: Demo, profile: data.CategoryProfile, group: bool) -> tuple[str, list[str]]:
    level = demo.pick((("low", 72), ("medium", 20), ("high", 8)))
    flags: set[str] = set()
    if group:
        level = "high" if demo.chance(0.4) else "medium"
        flags.add("group_incident")
    if level == "high":
        flags.update(demo.rng.sample(profile.risk_flags, demo.rng.randint(1, len(profile.risk_flags))))
    elif level == "medium" and demo.chance(0.25):
        flags.add(demo.rng.choice(profile.risk_flags))
    return level, sorted(flags)


def _committee_for(demo: Demo, grid: Grid, category: str, source: str, assigned: User | None) -> Committee:
    trade = {key: demo.committees[committee.name] for key, committee in data.TRADE_COMMITTEES.items()}
    if source == "court_entrusted" or (assigned and assigned.profile and assigned.profile.is_lawyer
                                       and demo.chance(0.5)):
        return trade["court"]
    if category == "labor" and demo.chance(0.4):
        return trade["labor"]
    if category == "traffic" and demo.chance(0.6):
        return trade["traffic"]
    if source == "police_transfer" and demo.chance(0.4):
        return trade["police"]
    if len(grid.committees) > 1 and demo.chance(0.5):
        return grid.committees[0]
    return grid.committees[-1]
