"""The invented 槐荫区 demo district behind `flask seed-demo`.

What it builds: the area tree (district → 8 streets → communities/villages → grids),
the committees and named rooms, 13 users (password `demo-pass-2026`), and a year of
casework up to now: about 300 disputes in every category and status, with their
parties, mediation logs, follow-ups and referrals, and about 1,000 visits.

Reproducible: one `random.Random(2026)` drives every choice and the dates are
relative to `now`, so the same `now` gives the same data (`seed_demo(now=…)`). Record ids are UUIDv7 built
from the record's own creation time with random bits from that generator: time-ordered
like the ids a device makes, yet deterministic (`uuid7_at`).

Every synced record looks as if it had been pushed once, holding its current values:
version 1, `created_at` = `updated_at` = that sync (shortly after the record was made
on the phone), seq stamped in that order, `field_versions` {field: [1, "demo-seed"]}
(`case_no`, issued by the server: [1, None]), and one "create" entry in the change
history shaped as the sync engine writes one: {field: [blank, value]} for every field
with a value, the blank being the field's starting value (`POLICIES[entity].blank()`),
values in `record_codec`'s JSON form. Case numbers are issued in order of `reported_at`,
for the year (UTC) of the case's first sync, as the engine does. A follow-up's id is
`sync.effects.followup_id(dispute_id)`, the id of the engine's automatic revisit.

Idempotent: with `if_empty` nothing happens when any user exists; without it nothing
happens when the demo district code (370104) exists. Fast: rows are bulk-inserted,
and the shared demo password is hashed once.
"""
from __future__ import annotations

import random
import time as clock
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any, TypeVar

import sqlalchemy as sa

from app.auth.passwords import hash_password
from app.catalogue import codes
from app.extensions import db
from app.models import (
    SYNCED_MODELS, Area, ChangeHistory, Committee, Dispute, Followup, MediationLog,
    MediatorProfile, Party, Referral, SyncedRecord, User, Visit,
)
from app.models.types import utcnow
from app.schemas.validators import gb11643_check_char
from app.services.demo import data
from app.services.admin.area_tree import add_area
from app.services.sync.case_numbers import issue_case_no
from app.services.sync.record_codec import to_json_value
from app.services.sync.sequence import ensure_sequence_row, lock_sequence, next_seq
from sync.clock import local_year, utc_offset
from sync.effects import followup_id
from sync.policy import POLICIES

T = TypeVar("T")

BEIJING = utc_offset()  # local time = stored naive UTC + this
DUE_DAYS = 30                 # a case is due one month after acceptance
FOLLOWUP_DAYS = 30            # a revisit is due one month after the agreement
DISPUTE_COUNT = 300
NIL_VISIT_SHARE = 0.3
# Disputes pinned to the demo mediators' grids (the rest spread over the district).
GRID_QUOTAS = {"mediator": 32, "mediator3": 20}
OTHER_MEDIATOR_QUOTA = 9

STATUS_WEIGHTS = {
    "reported": 6, "accepted": 5, "assigned": 6, "mediating": 9, "agreed": 11,
    "failed": 7, "suspended": 3, "referred": 8, "closed": 45,
}
CLOSE_PATHS = (("agreement", 70), ("referral", 15), ("refused", 8), ("withdrawn", 7))
INCOMING_AGENCIES = {"court_entrusted": "court", "police_transfer": "police",
                     "procuratorate_transfer": "procuratorate", "petition_transfer": "petition"}
TRADE_ABBREVIATIONS = {
    data.LABOR_COMMITTEE: "劳仲", data.COURT_COMMITTEE: "诉前",
    data.TRAFFIC_COMMITTEE: "交调", data.POLICE_COMMITTEE: "公调",
}
def uuid7_at(at: datetime, rng: random.Random) -> str:
    """A UUIDv7 for `at` (naive UTC) whose random bits come from `rng`."""
    millis = int(at.replace(tzinfo=timezone.utc).timestamp() * 1000) & ((1 << 48) - 1)
    value = (millis << 80) | (0x7 << 76) | (rng.getrandbits(12) << 64) | (0b10 << 62) | rng.getrandbits(62)
    return str(uuid.UUID(int=value))


def seed_demo(if_empty: bool, *, now: datetime | None = None) -> str:
    """Load the demo district in one transaction; returns a one-paragraph summary.

    `now` (naive UTC) pins the clock the data is relative to (tests); default: the present.
    """
    started = clock.perf_counter()
    ensure_sequence_row()
    lock_sequence()  # first write: concurrent seeds and pushes wait here
    reason = _skip_reason(if_empty)
    if reason:
        db.session.rollback()
        return f"demo seed skipped: {reason}"
    try:
        builder = _DemoBuilder(random.Random(data.RANDOM_SEED), (now or utcnow()).replace(microsecond=0))
        builder.build()
        summary = builder.store()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return f"demo district seeded in {clock.perf_counter() - started:.1f} s: {summary}"


def created_field_versions(entity: str, device_id: str = data.DEMO_DEVICE_ID) -> dict[str, list]:
    """`field_versions` of a record created at version 1 by `device_id` (server-issued fields: None)."""
    return {name: [1, None if kind == "server" else device_id]
            for name, kind in POLICIES[entity].fields.items()}


def creation_changes(entity: str, values: dict[str, Any]) -> dict[str, list]:
    """History `changes` of a create: {field: [blank, value]} for every field with a value."""
    blank = POLICIES[entity].blank()
    return {name: [to_json_value(blank[name]), to_json_value(values[name])]
            for name in POLICIES[entity].fields if values.get(name) is not None}


def _skip_reason(if_empty: bool) -> str | None:
    if if_empty and db.session.execute(sa.select(User.id).limit(1)).first():
        return "the database already has users"
    if db.session.execute(sa.select(Area.id).where(Area.code == data.DISTRICT_CODE)).first():
        return f"area {data.DISTRICT_CODE} already exists"
    usernames = [user.username for user in data.DEMO_USERS]
    taken = db.session.execute(sa.select(User.username).where(User.username.in_(usernames))).scalars().all()
    if taken:
        return f"usernames already taken: {', '.join(sorted(taken))}"
    return None


@dataclass
class _Grid:
    area: Area
    community: Area
    street: Area
    is_village: bool
    committees: list[Committee]            # community committee (if any), then the street's
    own_mediators: list[User] = field(default_factory=list)
    responsible: list[User] = field(default_factory=list)  # own mediators, else the street's


@dataclass
class _Row:
    """One synced record about to be inserted: domain values, its sync time and author."""

    model: type[SyncedRecord]
    values: dict[str, Any]
    synced_at: datetime  # naive UTC
    by: int


@dataclass
class _Case:
    """What the children of a dispute need to know about it (times are Beijing local)."""

    row: _Row
    grid: _Grid
    status: str
    reported: datetime
    end: datetime          # the last event of the case (or now, when it is open)
    author: User           # who records its children: the assigned mediator, else the creator
    applicant: str = ""
    respondent: str = ""
    refused: bool = False  # a party clearly refused mediation


class _DemoBuilder:
    """Builds the district in the session: places and users as ORM objects, records as rows to bulk-insert."""

    def __init__(self, rng: random.Random, now: datetime) -> None:
        self.rng = rng
        self.now = now                            # naive UTC
        self.now_local = now + BEIJING
        self.today = self.now_local.date()
        self.grids: list[_Grid] = []
        self.grid_by_key: dict[tuple[str, int], _Grid] = {}
        self.committees: dict[str, Committee] = {}
        self.users: dict[str, User] = {}
        self.rows: list[_Row] = []
        self.cases: list[_Case] = []
        self.agreement_counters: Counter[tuple[str, int]] = Counter()
        self.district: Area | None = None
        self.nil_visits = 0
        self.seq_range = (0, 0)

    # ---------------------------------------------------------------- helpers
    def pick(self, weighted: tuple[tuple[T, int], ...] | dict[T, int]) -> T:
        items = list(weighted.items()) if isinstance(weighted, dict) else list(weighted)
        return self.rng.choices([item for item, _ in items], [weight for _, weight in items])[0]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def moment(self, days_ago: int) -> datetime:
        """A local working-hours time `days_ago` days before today, at least 3 h before now."""
        day = self.today - timedelta(days=days_ago)
        at = datetime.combine(day, time(8, 30)) + timedelta(minutes=self.rng.randint(0, 9 * 60))
        latest = self.now_local - timedelta(hours=3)
        if at > latest:
            at = latest - timedelta(minutes=self.rng.randint(0, 120))
        return at.replace(second=self.rng.randint(0, 59))

    def chain(self, ages: list[int]) -> list[datetime]:
        """Local times for events `ages` days ago, strictly increasing, never after now."""
        times: list[datetime] = []
        for age in ages:
            at = self.moment(max(age, 0))
            if times and at <= times[-1]:
                at = times[-1] + timedelta(minutes=self.rng.randint(15, 90))
            times.append(min(at, self.now_local - timedelta(minutes=1)))
        return times

    def sync_time(self, local: datetime, after: datetime | None = None) -> datetime:
        """The UTC time a record made at `local` reached the server (and not before `after`)."""
        at = local - BEIJING + timedelta(minutes=self.rng.randint(2, 240), seconds=self.rng.randint(0, 59))
        if after is not None and at <= after:
            at = after + timedelta(seconds=self.rng.randint(1, 90))
        return min(at, self.now)

    def add_row(self, model: type[SyncedRecord], values: dict[str, Any], made_local: datetime,
                synced_at: datetime, by: User) -> _Row:
        if model is Followup:  # the automatic revisit's id, so the engine finds it
            values["id"] = followup_id(values["dispute_id"])
        else:
            values["id"] = uuid7_at(made_local - BEIJING, self.rng)
        row = _Row(model, values, synced_at, by.id)
        self.rows.append(row)
        return row

    def person_name(self, male: bool, surname: str | None = None) -> str:
        if surname is None:
            weights = range(len(data.SURNAMES), 0, -1)  # the commoner, the likelier
            surname = self.rng.choices(data.SURNAMES, weights)[0]
        return surname + self.rng.choice(data.MALE_GIVEN if male else data.FEMALE_GIVEN)

    def phone(self) -> str:
        return self.rng.choice(data.PHONE_PREFIXES) + f"{self.rng.randint(0, 9999):04d}"

    def id_number(self, birth_year: int, male: bool) -> str:
        birthday = date(birth_year, 1, 1) + timedelta(days=self.rng.randint(0, 364))
        sequence = self.rng.randint(0, 99) * 10 + self.rng.choice((1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8))
        first17 = f"{self.pick(data.ID_AREA_PREFIXES)}{birthday:%Y%m%d}{sequence:03d}"
        return first17 + gb11643_check_char(first17)

    def address(self, grid: _Grid) -> str:
        if grid.is_village:
            return f"济南市槐荫区{grid.street.name}{grid.community.name}{self.rng.randint(1, 260)}号"
        return (f"济南市槐荫区{grid.community.name}{self.rng.randint(1, 30)}号楼"
                f"{self.rng.randint(1, 4)}单元{self.rng.randint(1, 6)}0{self.rng.randint(1, 4)}室")

    # ---------------------------------------------------------------- places and people
    def build(self) -> None:
        self.build_places()
        self.build_users()
        self.build_disputes()
        self.build_visits()

    def build_places(self) -> None:
        district = self.district = add_area(
            code=data.DISTRICT_CODE, name=data.DISTRICT_NAME, level="district", parent=None)
        for trade_name in data.TRADE_COMMITTEES:
            self.add_committee(trade_name, "trade", district)
        for s, (street_name, communities) in enumerate(data.STREETS, start=1):
            street = add_area(code=f"{data.DISTRICT_CODE}{s:03d}", name=street_name, level="street",
                              parent=district)
            street_committee = self.add_committee(f"{street_name}人民调解委员会", "area", street)
            for c, (community_name, grid_count) in enumerate(communities, start=1):
                community = add_area(code=f"{street.code}{c:03d}", name=community_name,
                                     level="community", parent=street)
                committees = [street_committee]
                if community_name in data.COMMUNITY_COMMITTEES:
                    committees.insert(0, self.add_committee(
                        f"{community_name}人民调解委员会", "area", community))
                for g in range(1, grid_count + 1):
                    area = add_area(code=f"{community.code}{g:02d}",
                                    name=f"{community_name}{data.GRID_ORDINALS[g - 1]}",
                                    level="grid", parent=community)
                    grid = _Grid(area, community, street, community_name.endswith("村"), committees)
                    self.grids.append(grid)
                    self.grid_by_key[(community_name, g)] = grid

    def add_committee(self, name: str, kind: str, area: Area) -> Committee:
        committee = Committee(name=name, kind=kind, area_id=area.id, room_name=data.ROOMS.get(area.name))
        db.session.add(committee)
        self.committees[name] = committee
        return committee

    def build_users(self) -> None:
        password_hash = hash_password(data.DEMO_PASSWORD)  # once: argon2 is the slow part
        streets = {grid.street.name: grid.street for grid in self.grids}
        for spec in data.DEMO_USERS:
            committees: list[Committee] = []
            grid: _Grid | None = None
            if spec.home == "district":
                area = self.district
            elif isinstance(spec.home, str):
                area = streets[spec.home]
                committees.append(self.committees[f"{spec.home}人民调解委员会"])
            else:
                grid = self.grid_by_key[spec.home]
                area = grid.area
                committees.extend(grid.committees)
            committees.extend(self.committees[name] for name in spec.committees)
            user = User(username=spec.username, display_name=spec.display_name, role=spec.role,
                        area=area, phone=spec.phone, password_hash=password_hash, active=True,
                        committees=committees)
            db.session.add(user)
            if spec.role == "mediator":
                if grid is None:
                    raise ValueError(f"demo mediator {spec.username} needs a home grid")
                grid.own_mediators.append(user)
                year = self.rng.randint(2016, 2024)
                user.profile = MediatorProfile(
                    full_time=spec.full_time, is_lawyer=spec.is_lawyer, law_firm=spec.law_firm,
                    certificate_no=f"鲁槐调证〔{year}〕{self.rng.randint(1, 300):04d}号",
                    certificate_date=date(year, self.rng.randint(3, 11), self.rng.randint(1, 28)),
                    training_hours=spec.training_hours, specialties=list(spec.specialties),
                    in_talent_pool=spec.in_talent_pool, in_expert_pool=spec.in_expert_pool)
            self.users[spec.username] = user
        db.session.flush()
        street_mediators: dict[str, list[User]] = {}
        for grid in self.grids:
            street_mediators.setdefault(grid.street.name, []).extend(grid.own_mediators)
        for grid in self.grids:
            grid.responsible = grid.own_mediators or street_mediators[grid.street.name]

    # ---------------------------------------------------------------- disputes
    def build_disputes(self) -> None:
        mediator_grids = [grid for grid in self.grids if grid.own_mediators]
        slots: list[tuple[_Grid, str | None]] = []
        for grid in mediator_grids:
            names = {user.username for user in grid.own_mediators}
            quota = max((GRID_QUOTAS.get(name, OTHER_MEDIATOR_QUOTA) for name in names))
            # The grids of `mediator` and `mediator3` hold every status.
            forced = list(STATUS_WEIGHTS) if names & set(GRID_QUOTAS) else []
            slots += [(grid, status) for status in forced]
            slots += [(grid, None)] * (quota - len(forced))
        while len(slots) < DISPUTE_COUNT:
            slots.append((self.rng.choice(self.grids), None))
        categories = list(codes("category"))
        profiles = data.CATEGORY_PROFILES
        categories += self.rng.choices(list(profiles), [p.weight for p in profiles.values()],
                                       k=DISPUTE_COUNT - len(categories))
        self.rng.shuffle(categories)
        for (grid, status), category in zip(slots, categories):
            self.build_case(grid, status or self.pick(STATUS_WEIGHTS), category)

    def build_case(self, grid: _Grid, status: str, category: str) -> None:
        rng = self.rng
        profile = data.CATEGORY_PROFILES[category]
        template = rng.choice(profile.templates)
        creator = rng.choice(grid.responsible)
        close_path = self.pick(CLOSE_PATHS) if status == "closed" else None
        times = self.timeline(status, close_path)
        reported = times["reported"]
        accepted = times.get("accepted")

        group = "{n}" in template.summary
        persons = rng.randint(8, 60) if group else 0
        amount = self.amount(profile, template)
        pay = self.settlement(amount) if "{pay}" in template.terms else None
        risk_level, risk_flags = self.risk(profile, group)

        assigned: User | None = None
        if status not in ("reported", "accepted") and accepted is not None:
            assigned = creator
            lawyers = [u for u in self.users.values() if u.profile and u.profile.is_lawyer
                       and category in u.profile.specialties]
            if lawyers and self.chance(0.15):
                assigned = rng.choice(lawyers)
        source = self.pick(profile.sources)
        committee = self.committee_for(grid, category, source, assigned) if accepted else None

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
            "due_on": accepted.date() + timedelta(days=DUE_DAYS) if accepted else None,
            "agreement_kind": None, "agreement_no": None, "agreement_terms": None,
            "agreement_amount": None, "agreement_performance": None, "agreement_signed_on": None,
            "judicial_confirmation_applied_on": None, "judicial_confirmation_court": None,
            "judicial_confirmation_result": None,
            "close_reason": None, "closed_at": None, "linked_agencies": [],
        }
        row = self.add_row(Dispute, values, reported, self.sync_time(reported), creator)
        last = times.get("closed") or times.get("signed") or times.get("end") or times.get("sent")
        case = _Case(row, grid, status, reported, last or self.now_local, assigned or creator)
        self.cases.append(case)

        parties = self.build_parties(case, profile, template, times, close_path)
        values["persons_involved"] = max(persons, len(parties))
        fill = {"a": case.applicant, "b": case.respondent, "place": grid.community.name,
                "amount": amount or "", "pay": pay or "", "n": values["persons_involved"]}
        values["summary"] = template.summary.format(**fill)

        if "signed" in times:
            self.agreement(case, committee, template, fill, pay, times)
        if status in ("mediating", "agreed", "failed", "suspended") or close_path == "agreement":
            self.build_logs(case, template, fill, times, committee)
        agency = self.build_referrals(case, profile, source, times, close_path)
        if status == "closed":
            values["closed_at"] = times["closed"] - BEIJING
            values["close_reason"] = data.CLOSE_REASONS[close_path or "agreement"].format(agency=agency)

    def timeline(self, status: str, close_path: str | None) -> dict[str, datetime]:
        """Local times of the case's events, by status. Ages are days before today."""
        rng = self.rng
        delay = rng.choice((0, 0, 0, 1, 1, 2))  # report → acceptance

        def events(**ages: int) -> dict[str, datetime]:
            return dict(zip(ages, self.chain(list(ages.values()))))

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
            if self.chance(0.6):
                return events(reported=age, accepted=age - delay, consent=age - delay, sent=sent)
            return events(reported=age, sent=sent)
        if close_path == "agreement":
            age = rng.randint(50, 364)
            accepted = age - delay
            revisit_after = rng.randint(22, 30) if self.chance(0.8) else rng.randint(31, 45)  # due at 30
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

    def amount(self, profile: data.CategoryProfile, template: data.CaseTemplate) -> int | None:
        bounds = template.amount or profile.amount
        if bounds == data.NO_AMOUNT:
            return None
        if bounds is None:
            if "{amount}" not in template.summary:
                return None
            bounds = (2000, 50000)
        value = self.rng.randint(*bounds)
        return round(value, -2) if value >= 1000 else round(value, -1)

    def settlement(self, amount: int | None) -> int:
        if amount is None:
            return self.rng.randint(10, 200) * 100
        return max(int(round(amount * self.rng.uniform(0.5, 1.0), -2)), 100)

    def risk(self, profile: data.CategoryProfile, group: bool) -> tuple[str, list[str]]:
        level = self.pick((("low", 72), ("medium", 20), ("high", 8)))
        flags: set[str] = set()
        if group:
            level = "high" if self.chance(0.4) else "medium"
            flags.add("group_incident")
        if level == "high":
            flags.update(self.rng.sample(profile.risk_flags, self.rng.randint(1, len(profile.risk_flags))))
        elif level == "medium" and self.chance(0.25):
            flags.add(self.rng.choice(profile.risk_flags))
        return level, sorted(flags)

    def committee_for(self, grid: _Grid, category: str, source: str, assigned: User | None) -> Committee:
        if source == "court_entrusted" or (assigned and assigned.profile and assigned.profile.is_lawyer
                                           and self.chance(0.5)):
            return self.committees[data.COURT_COMMITTEE]
        if category == "labor" and self.chance(0.4):
            return self.committees[data.LABOR_COMMITTEE]
        if category == "traffic" and self.chance(0.6):
            return self.committees[data.TRAFFIC_COMMITTEE]
        if source == "police_transfer" and self.chance(0.4):
            return self.committees[data.POLICE_COMMITTEE]
        if len(grid.committees) > 1 and self.chance(0.5):
            return grid.committees[0]
        return grid.committees[-1]

    # ---------------------------------------------------------------- children of a dispute
    def build_parties(self, case: _Case, profile: data.CategoryProfile, template: data.CaseTemplate,
                      times: dict[str, datetime], close_path: str | None) -> list[_Row]:
        rng = self.rng
        count = self.pick(((2, 60), (3, 28), (4, 12)))
        roles = ["applicant", "respondent"] + [self.pick((("applicant", 3), ("respondent", 3), ("other", 2)))
                                               for _ in range(count - 2)]
        # The (first) respondent may clearly refuse: the case is then referred or closed.
        case.refused = close_path == "refused" or (case.status == "referred" and self.chance(0.4))
        rows = []
        dispute = case.row
        for index, role in enumerate(roles):
            organization = (index == 1 and bool(template.organizations)
                            and not (template.either and self.chance(0.5)))
            if organization:
                name = rng.choice(template.organizations).format(place=case.grid.community.name)
                person: dict[str, Any] = {"kind": "organization", "name": name, "gender": "unknown",
                                          "ethnicity": None, "birth_year": None, "occupation": None,
                                          "id_number": None}
            else:
                person = self.person(case, profile, template, index)
            consent, consent_at, method = self.consent(case.status, times, case.refused and index == 1)
            values = {
                "dispute_id": dispute.values["id"], "role": role, **person, "phone": self.phone(),
                "address": self.address(case.grid), "consent": consent,
                "consent_at": consent_at - BEIJING if consent_at else None, "consent_method": method,
            }
            made = consent_at or case.reported
            synced = self.sync_time(made, after=dispute.synced_at)
            rows.append(self.add_row(Party, values, case.reported + timedelta(seconds=index + 1), synced,
                                     case.author))
            if role == "applicant" and not case.applicant:
                case.applicant = values["name"]
            if role == "respondent" and not case.respondent:
                case.respondent = values["name"]
        return rows

    def person(self, case: _Case, profile: data.CategoryProfile, template: data.CaseTemplate,
               index: int) -> dict[str, Any]:
        rng = self.rng
        gender = template.genders[index] if template.genders and index < 2 else None
        male = gender == "male" if gender else self.chance(0.5)
        village = case.grid.is_village and profile.occupations is not data.OCCUPATIONS_LABOR
        occupation = self.pick(data.OCCUPATIONS_VILLAGE if village else profile.occupations)
        if index == 0 and "七旬" in template.summary:
            occupation, birth_year = ("farmer" if case.grid.is_village else "retired"), rng.randint(1941, 1955)
        else:
            low, high = {"student": (2006, 2012), "retired": (1940, 1966), "farmer": (1950, 1992),
                         "migrant_worker": (1966, 2004), "public_servant": (1966, 1998)}.get(
                occupation, (1958, 2004))
            birth_year = rng.randint(low, high)
        surname = case.applicant[0] if template.kin and index == 1 and case.applicant else None
        return {"kind": "person", "name": self.person_name(male, surname), "gender": "male" if male else "female",
                "ethnicity": self.pick(data.ETHNICITIES), "birth_year": birth_year, "occupation": occupation,
                "id_number": self.id_number(birth_year, male)}

    def consent(self, status: str, times: dict[str, datetime], refuses: bool
                ) -> tuple[str, datetime | None, str | None]:
        """A party's consent: everyone consented once mediation began (Art. 17)."""
        at = times.get("consent")
        if refuses:
            refused_at = at or times.get("sent") or times["reported"]
            return "refused", refused_at, "明确表示不同意调解"
        if at is None or status == "reported":
            return "pending", None, None
        if status in ("accepted", "assigned") and self.chance(0.4):
            return "pending", None, None
        if status == "referred" and self.chance(0.3):
            return "pending", None, None
        return "consented", at + timedelta(minutes=self.rng.randint(0, 20)), self.rng.choice(data.CONSENT_METHODS)

    def agreement(self, case: _Case, committee: Committee | None, template: data.CaseTemplate,
                  fill: dict[str, Any], pay: int | None, times: dict[str, datetime]) -> None:
        rng = self.rng
        values = case.row.values
        signed = times["signed"]
        year = signed.year
        abbreviation = self.committee_abbreviation(committee)
        self.agreement_counters[(abbreviation, year)] += 1
        kind = "oral" if (pay is None or pay < 3000) and self.chance(0.4) else "written"
        terms = "；".join((
            f"一、双方确认：{template.title}事实清楚，双方自愿达成协议",
            f"二、{template.terms.format(**fill)}",
            "三、本协议自双方签字之日起生效，双方就此纠纷再无其他争议"))
        revisit = times.get("revisit")
        due = signed.date() + timedelta(days=FOLLOWUP_DAYS)
        if case.status == "agreed" and due <= self.today:
            roll = rng.random()
            if roll < 0.55:
                revisit = self.revisit_at(signed, rng.randint(20, 30))
            elif roll < 0.75 and (self.today - signed.date()).days > 31:
                revisit = self.revisit_at(signed, rng.randint(31, min(45, (self.today - signed.date()).days)))
        elif case.status == "agreed" and (self.today - signed.date()).days >= 14 and self.chance(0.25):
            revisit = self.revisit_at(signed, rng.randint(14, (self.today - signed.date()).days))
        if case.status == "closed":
            performance = "performed"
        elif revisit is None:
            performance = "pending"
        else:
            performance = self.pick((("performed", 60), ("partial", 25), ("breached", 15)))
        values.update({
            "agreement_kind": kind,
            "agreement_no": f"({year}){abbreviation}调协字第{self.agreement_counters[(abbreviation, year)]:03d}号",
            "agreement_terms": terms, "agreement_amount": Decimal(pay) if pay is not None else None,
            "agreement_performance": performance, "agreement_signed_on": signed.date(),
        })
        applied_days = rng.randint(1, 25)
        if kind == "written" and self.chance(0.2) and signed.date() + timedelta(days=applied_days) <= self.today:
            applied_on = signed.date() + timedelta(days=applied_days)
            values["judicial_confirmation_applied_on"] = applied_on
            values["judicial_confirmation_court"] = data.JUDICIAL_CONFIRMATION_COURT
            values["judicial_confirmation_result"] = data.JUDICIAL_CONFIRMATION_RESULTS[
                0 if (self.today - applied_on).days > 15 else 1]
        self.build_followup(case, signed, due, revisit, performance, fill)

    def revisit_at(self, signed: datetime, days_after: int) -> datetime:
        at = self.moment((self.today - signed.date()).days - days_after)
        return max(at, signed + timedelta(hours=1))

    def committee_abbreviation(self, committee: Committee | None) -> str:
        if committee is None:
            return "槐"
        if committee.name in TRADE_ABBREVIATIONS:
            return TRADE_ABBREVIATIONS[committee.name]
        return committee.name.removesuffix("人民调解委员会")[:2]

    def build_followup(self, case: _Case, signed: datetime, due: date, revisit: datetime | None,
                       performance: str, fill: dict[str, Any]) -> None:
        done: dict[str, Any] = {"done_at": None, "method": None, "agreement_performed": None,
                                "satisfaction": None, "remaining_risk": None, "notes": None}
        if revisit is not None:
            satisfaction = ("dissatisfied" if performance == "breached" else
                            self.pick((("satisfied", 75), ("basically_satisfied", 25))))
            done = {"done_at": revisit - BEIJING, "method": self.pick((("phone", 60), ("in_person", 40))),
                    "agreement_performed": performance == "performed", "satisfaction": satisfaction,
                    "remaining_risk": "medium" if performance == "breached" else self.pick(
                        (("none", 80), ("low", 20))),
                    "notes": self.rng.choice(data.FOLLOWUP_NOTES[performance]).format(**fill)}
        values = {"dispute_id": case.row.values["id"], "due_on": due, **done}
        last = revisit or signed
        self.add_row(Followup, values, signed + timedelta(minutes=1),
                     self.sync_time(last, after=case.row.synced_at), case.author)

    def build_logs(self, case: _Case, template: data.CaseTemplate, fill: dict[str, Any],
                   times: dict[str, datetime], committee: Committee | None) -> None:
        rng = self.rng
        start, end = times["consent"], times.get("signed") or case.end
        final = {"agreed": "agreement", "closed": "agreement", "failed": "failed"}.get(case.status)
        count = rng.randint(1, 3) if final else rng.randint(1, 2)
        span_days = max((end.date() - start.date()).days, 0)
        offsets = sorted(rng.randint(0, span_days) for _ in range(count - 1 if final else count))
        held = [self.moment((self.today - start.date()).days - offset) for offset in offsets]
        if final:
            held.append(end)
        held = sorted(max(at, start + timedelta(minutes=30)) for at in held)
        team = [case.author]
        if self.chance(0.3):
            partner = rng.choice([u for u in self.users.values() if u.role == "mediator"])
            if partner is not case.author:
                team.append(partner)
        mediators = "、".join(user.display_name for user in team)
        lawyer = any(user.profile and user.profile.is_lawyer for user in team)
        middles = data.LOG_MIDDLES if lawyer else data.LOG_MIDDLES[:-1]  # the last one is a lawyer's
        place_name = (committee.room_name or f"{committee.name}调解室") if committee else "调解室"
        for number, at in enumerate(held, start=1):
            result = final if (final and number == len(held)) else "continue"
            statements = "".join((
                rng.choice(data.LOG_OPENINGS) if number == 1 else "",
                template.applicant_says.format(**fill), template.respondent_says.format(**fill),
                rng.choice(middles), data.LOG_ENDINGS[result]))
            place = rng.choice(data.MEDIATION_PLACES).format(committee=place_name.removesuffix("调解室"),
                                                              place=case.grid.community.name)
            values = {"dispute_id": case.row.values["id"], "held_at": at - BEIJING, "place": place,
                      "mediators": mediators, "participants": f"{fill['a']}、{fill['b']}",
                      "rights_notice_given": True, "statements": statements, "result": result}
            self.add_row(MediationLog, values, at, self.sync_time(at, after=case.row.synced_at), case.author)

    def build_referrals(self, case: _Case, profile: data.CategoryProfile, source: str,
                        times: dict[str, datetime], close_path: str | None) -> str:
        """An incoming referral for transferred cases, an outgoing one for referred; the latter's agency."""
        rng = self.rng
        agency = ""
        kinds: set[str] = set()
        incoming = INCOMING_AGENCIES.get(source)
        if incoming and self.chance(0.6):
            sent = case.reported - timedelta(days=rng.randint(0, 2), hours=rng.randint(1, 5))
            values = {"dispute_id": case.row.values["id"], "direction": "in", "agency_kind": incoming,
                      "agency_name": rng.choice(data.AGENCY_NAMES[incoming]), "sent_at": sent - BEIJING,
                      "reason": data.INCOMING_REASONS[incoming], "status": "accepted",
                      "result": "调委会已接收并受理。"}
            self.add_row(Referral, values, case.reported, self.sync_time(case.reported, after=case.row.synced_at),
                         case.author)
            kinds.add(incoming)
        if "sent" in times:
            kind = profile.agencies[0] if self.chance(0.6) else rng.choice(profile.agencies)
            name = agency = rng.choice(data.AGENCY_NAMES[kind])
            status = "done" if close_path == "referral" else self.pick(
                (("sent", 40), ("accepted", 45), ("returned", 15)))
            reason = data.REFERRAL_REASONS[2] if case.refused else rng.choice(
                [r for i, r in enumerate(data.REFERRAL_REASONS) if i != 2])
            sent = times["sent"]
            values = {"dispute_id": case.row.values["id"], "direction": "out", "agency_kind": kind,
                      "agency_name": name, "sent_at": sent - BEIJING, "reason": reason.format(agency=name),
                      "status": status,
                      "result": data.REFERRAL_RESULTS[status].format(agency=name) if status != "sent" else None}
            last = times.get("closed", sent)
            self.add_row(Referral, values, sent, self.sync_time(last, after=case.row.synced_at), case.author)
            kinds.add(kind)
        case.row.values["linked_agencies"] = sorted(kinds)
        return agency

    # ---------------------------------------------------------------- visits
    def build_visits(self) -> None:
        rng = self.rng
        per_status = {"reported": (0, 1), "accepted": (1, 2), "assigned": (1, 2), "mediating": (1, 3),
                      "agreed": (2, 4), "failed": (1, 3), "suspended": (1, 3), "referred": (1, 2),
                      "closed": (2, 4)}
        linked = 0
        for case in self.cases:
            visitors = [u for u in case.grid.own_mediators if u is case.author] or case.grid.responsible
            dispute = case.row
            count = rng.randint(*per_status[case.status])
            for number in range(count):
                discovery = number == 0 and dispute.values["source"] == "initiative"
                if discovery:
                    at = case.reported - timedelta(minutes=rng.randint(10, 120))
                    purposes, note = ["risk_screening"], data.VISIT_NOTES["linked"][0]
                else:
                    span = max((case.end.date() - case.reported.date()).days, 0)
                    at = self.moment((self.today - case.reported.date()).days - rng.randint(0, span))
                    at = max(at, case.reported + timedelta(minutes=30))
                    purposes = self.pick(((["mediation"], 5), (["mediation", "information"], 2),
                                          (["risk_screening"], 2), (["mediation", "legal_publicity"], 1)))
                    note = rng.choice(data.VISIT_NOTES["mediation"] + data.VISIT_NOTES["linked"][1:])
                self.add_visit(case.grid, rng.choice(visitors), at, purposes, note, [dispute.values["id"]],
                               dispute.values["risk_level"], after=dispute.synced_at)
                linked += 1
        nil_count = round(linked * NIL_VISIT_SHARE / (1 - NIL_VISIT_SHARE))
        weights = [3 if grid.own_mediators else 1 for grid in self.grids]
        for _ in range(nil_count):
            grid = rng.choices(self.grids, weights)[0]
            at = self.moment(rng.randint(0, 364))
            purposes = sorted({"risk_screening"} | set(rng.sample(("information", "legal_publicity"),
                                                                  rng.randint(0, 2))))
            extra = [p for p in purposes if p != "risk_screening"]
            note = rng.choice(data.VISIT_NOTES["nil"])
            if extra:
                note += rng.choice(data.VISIT_NOTES[rng.choice(extra)])
            self.add_visit(grid, rng.choice(grid.responsible), at, purposes, note, [], "low")
        self.nil_visits = nil_count

    def add_visit(self, grid: _Grid, visitor: User, at: datetime, purposes: list[str], notes: str,
                  dispute_ids: list[str], risk_level: str, after: datetime | None = None) -> None:
        rng = self.rng
        places = data.VILLAGE_VISIT_PLACES if grid.is_village else data.VISIT_PLACES
        place = rng.choice(places).format(place=grid.community.name, building=rng.randint(1, 30),
                                          unit=rng.randint(1, 4))
        persons = "、".join(self.person_name(self.chance(0.5)) for _ in range(rng.randint(1, 3)))
        location = (f"{36.64 + rng.random() * 0.06:.5f},{116.89 + rng.random() * 0.09:.5f}"
                    if self.chance(0.7) else None)
        values = {"area_id": grid.area.id, "visited_at": at - BEIJING, "place": place, "purposes": purposes,
                  "persons_met": persons, "notes": notes, "dispute_ids": dispute_ids,
                  "risk_level": risk_level, "location": location}
        self.add_row(Visit, values, at, self.sync_time(at, after=after), visitor)

    # ---------------------------------------------------------------- storing
    def store(self) -> str:
        disputes = sorted((row for row in self.rows if row.model is Dispute),
                          key=lambda row: row.values["reported_at"])
        for row in disputes:
            row.values["case_no"] = issue_case_no(local_year(row.synced_at))
        entity_of = {model: entity for entity, model in SYNCED_MODELS.items()}
        history: list[dict[str, Any]] = []
        seqs = []
        for row in sorted(self.rows, key=lambda row: row.synced_at):  # stable: parents first on ties
            seq = next_seq()
            seqs.append(seq)
            row.values.update({
                "version": 1, "seq": seq, "created_at": row.synced_at, "updated_at": row.synced_at,
                "created_by": row.by, "updated_by": row.by, "voided_at": None, "void_reason": None,
                "field_versions": created_field_versions(entity_of[row.model]),
                "has_open_conflict": False,
            })
            history.append({
                "entity": entity_of[row.model], "record_id": row.values["id"], "version": 1, "seq": seq,
                "op": "create", "changes": creation_changes(entity_of[row.model], row.values),
                "user_id": row.by, "device_id": data.DEMO_DEVICE_ID, "mutation_id": None,
                "server_time": row.synced_at,
            })
        for model in (Dispute, Party, MediationLog, Followup, Referral, Visit):
            rows = [row.values for row in self.rows if row.model is model]
            if rows:
                db.session.execute(sa.insert(model), rows)
        db.session.execute(sa.insert(ChangeHistory), history)
        self.seq_range = (min(seqs), max(seqs))
        return self.summary()

    def summary(self) -> str:
        count = Counter(row.model for row in self.rows)
        statuses = Counter(case.status for case in self.cases)
        status_text = ", ".join(f"{status} {statuses[status]}" for status in codes("status"))
        return (f"{len(data.STREETS)} streets, {len({g.community.id for g in self.grids})} communities, "
                f"{len(self.grids)} grids, {len(self.committees)} committees; "
                f"{len(self.users)} users ({', '.join(self.users)}; password {data.DEMO_PASSWORD}); "
                f"{count[Dispute]} disputes ({status_text}); {count[Party]} parties, "
                f"{count[MediationLog]} mediation logs, {count[Followup]} followups, "
                f"{count[Referral]} referrals, {count[Visit]} visits ({self.nil_visits} nil reports); "
                f"{len(self.rows)} records, seq {self.seq_range[0]}–{self.seq_range[1]}")
