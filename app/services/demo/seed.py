"""The invented 槐荫区 demo district behind `flask seed-demo`.

What it builds (data in app/services/demo/data/*.toml): the area tree (district → 8 streets →
communities/villages → grids), the committees and named rooms, 13 users (password `demo-pass-2026`),
and a year of casework up to now: about 300 disputes in every category and status, with their
parties, mediation logs, follow-ups and referrals, and about 1,000 visits; a few signed written agreements
with their signatures and photos, the bytes in the attachment storage (attachments.py); stored as if each
record had been pushed once (records.py).

Reproducible: one `random.Random(2026)` drives every choice and the dates are relative to `now`, so the
same `now` gives the same data (`seed_demo(now=…)`). Record ids are UUIDv7 built from the record's own
creation time with random bits from that generator: time-ordered like the ids a device makes, yet
deterministic (`builder.uuid7_at`). A follow-up's id is `sync.effects.followup_id(dispute_id)`, the id
of the engine's automatic revisit.

Idempotent: with `if_empty` nothing happens when any user exists; without it nothing happens when the
demo district code (370104) exists. Fast: rows are bulk-inserted, and the shared password is hashed once.
"""
from __future__ import annotations

import random
import time as clock
from collections import Counter
from datetime import datetime

import sqlalchemy as sa

from app.catalogue import codes
from app.extensions import db
from app.models import Area, Attachment, Dispute, Followup, MediationLog, Party, Referral, User, Visit
from app.models.types import utcnow
from app.services.demo import data
from app.services.demo.accounts import build_users
from app.services.demo.attachments import build_attachments, store_files
from app.services.demo.builder import Demo
from app.services.demo.cases import build_disputes
from app.services.demo.places import build_places
from app.services.demo.records import store_rows
from app.services.demo.visits import build_visits
from app.services.sync.sequence import ensure_sequence_row, lock_sequence


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
        demo = Demo(random.Random(data.RANDOM_SEED), (now or utcnow()).replace(microsecond=0))
        build_places(demo)
        build_users(demo)
        build_disputes(demo)
        build_visits(demo)
        build_attachments(demo)
        seqs = store_rows(demo.rows)
        store_files(demo.files)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return f"demo district seeded in {clock.perf_counter() - started:.1f} s: {_summary(demo, seqs)}"


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


def _summary(demo: Demo, seqs: tuple[int, int]) -> str:
    count = Counter(row.model for row in demo.rows)
    statuses = Counter(case.status for case in demo.cases)
    status_text = ", ".join(f"{status} {statuses[status]}" for status in codes("status"))
    return (f"{len(data.STREETS)} streets, {len({g.community.id for g in demo.grids})} communities, "
            f"{len(demo.grids)} grids, {len(demo.committees)} committees; "
            f"{len(demo.users)} users ({', '.join(demo.users)}; password {data.DEMO_PASSWORD}); "
            f"{count[Dispute]} disputes ({status_text}); {count[Party]} parties, "
            f"{count[MediationLog]} mediation logs, {count[Followup]} followups, "
            f"{count[Referral]} referrals, {count[Visit]} visits ({demo.nil_visits} nil reports), "
            f"{count[Attachment]} attachments ({sum(map(len, demo.files.values())) // 1024} KB); "
            f"{len(demo.rows)} records, seq {seqs[0]}–{seqs[1]}")
