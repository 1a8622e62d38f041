"""What the demo's builders share: one random generator, the clock, what is built so far, the rows to insert.

Every choice comes from `Demo.rng` in a fixed order, so the builders must run in the order `seed.py`
calls them and must not draw more or fewer numbers than before for the district to stay the same
(tests/services/test_demo_digest.py pins it row for row).
"""
from __future__ import annotations

import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone
from typing import Any, TypeVar

from app.models import Area, Committee, Followup, SyncedRecord, User
from sync.clock import utc_offset
from sync.effects import followup_id

T = TypeVar("T")

BEIJING = utc_offset()  # local time = stored naive UTC + this


def uuid7_at(at: datetime, rng: random.Random) -> str:
    """A UUIDv7 for `at` (naive UTC) whose random bits come from `rng`."""
    millis = int(at.replace(tzinfo=timezone.utc).timestamp() * 1000) & ((1 << 48) - 1)
    value = (millis << 80) | (0x7 << 76) | (rng.getrandbits(12) << 64) | (0b10 << 62) | rng.getrandbits(62)
    return str(uuid.UUID(int=value))


@dataclass
class Grid:
    area: Area
    community: Area
    street: Area
    is_village: bool
    committees: list[Committee]            # community committee (if any), then the street's
    own_mediators: list[User] = field(default_factory=list)
    responsible: list[User] = field(default_factory=list)  # own mediators, else the street's


@dataclass
class Row:
    """One synced record about to be inserted: domain values, its sync time and author."""

    model: type[SyncedRecord]
    values: dict[str, Any]
    synced_at: datetime  # naive UTC
    by: int


@dataclass
class Case:
    """What the children of a dispute need to know about it (times are Beijing local)."""

    row: Row
    grid: Grid
    status: str
    reported: datetime
    end: datetime          # the last event of the case (or now, when it is open)
    author: User           # who records its children: the assigned mediator, else the creator
    applicant: str = ""
    respondent: str = ""
    refused: bool = False  # a party clearly refused mediation
    signed: datetime | None = None  # when its agreement was signed


class Demo:
    """The district being built: places and users as ORM objects, records as rows to bulk-insert."""

    def __init__(self, rng: random.Random, now: datetime) -> None:
        self.rng = rng
        self.now = now                            # naive UTC
        self.now_local = now + BEIJING
        self.today = self.now_local.date()
        self.district: Area | None = None
        self.grids: list[Grid] = []
        self.grid_by_key: dict[tuple[str, int], Grid] = {}
        self.committees: dict[str, Committee] = {}
        self.users: dict[str, User] = {}
        self.rows: list[Row] = []
        self.cases: list[Case] = []
        self.agreement_counters: Counter[tuple[str, int]] = Counter()
        self.files: dict[str, bytes] = {}         # attachment id → its bytes, stored once the rows are
        self.nil_visits = 0

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
                synced_at: datetime, by: User) -> Row:
        """Queue a record made at `made_local`; its id is a UUIDv7 of that time (a follow-up's: the engine's)."""
        if model is Followup:  # the automatic revisit's id, so the engine finds it
            values["id"] = followup_id(values["dispute_id"])
        else:
            values["id"] = uuid7_at(made_local - BEIJING, self.rng)
        row = Row(model, values, synced_at, by.id)
        self.rows.append(row)
        return row
