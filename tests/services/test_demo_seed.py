"""The demo district: accounts, tree, a consistent year of casework, sync metadata, idempotence."""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from app.auth.passwords import verify_password
from app.catalogue import codes
from app.models import (
    SYNCED_MODELS, Area, CaseCounter, ChangeHistory, Committee, Dispute, Followup, MediationLog,
    Party, Referral, ServerSequence, User, Visit,
)
from app.models.types import utcnow
from app.schemas.validators import gb11643_check_char
from app.services.demo.builder import uuid7_at
from app.services.demo.data import DEMO_PASSWORD
from app.services.demo.seed import seed_demo
from app.services.sync.case_numbers import CASE_NO_PATTERN
from app.services.sync.record_codec import domain_fields, to_json_value
from sync.effects import followup_id
from sync.policy import POLICIES

BEIJING = timedelta(hours=8)
ID_WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]  # GB 11643 weights, derived independently


def id_number_is_valid(number: str) -> bool:
    if len(number) != 18 or not number[:17].isdigit():
        return False
    check = (12 - sum(int(d) * w for d, w in zip(number[:17], ID_WEIGHTS)) % 11) % 11
    return number[17] == ("X" if check == 10 else str(check))


def test_id_check_character_matches_published_examples():
    assert id_number_is_valid("11010519491231002X")  # the standard's own example
    assert gb11643_check_char("11010519491231002") == "X"
    assert gb11643_check_char("44052418800101001") == "4"


def test_case_templates_fill_cleanly():
    from app.services.demo.data import CATEGORY_PROFILES, NO_AMOUNT

    assert set(CATEGORY_PROFILES) == set(codes("category"))
    fill = {"a": "甲", "b": "乙", "place": "兴福社区", "amount": 1000, "pay": 800, "n": 12}
    for category, profile in CATEGORY_PROFILES.items():
        assert {code for code, _ in profile.sources} <= set(codes("source")), category
        assert set(profile.agencies) <= set(codes("agency_kind")), category
        assert set(profile.risk_flags) <= set(codes("risk_flag")), category
        for template in profile.templates:
            for text in template[:5]:
                filled = text.format(**fill)
                assert "{" not in filled and "}" not in filled, template.title
            if template.amount == NO_AMOUNT:
                assert "{amount}" not in template.summary, template.title


def test_uuid7_ids_are_time_ordered_and_reproducible():
    import random
    import uuid

    first = uuid7_at(datetime(2026, 3, 1, 8, 0), random.Random(1))
    assert first == uuid7_at(datetime(2026, 3, 1, 8, 0), random.Random(1))
    assert uuid.UUID(first).version == 7
    assert first < uuid7_at(datetime(2026, 3, 1, 8, 0, 1), random.Random(1))


def test_if_empty_leaves_a_database_with_users_alone(district, db):
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Area))
    assert seed_demo(if_empty=True) == "demo seed skipped: the database already has users"
    assert seed_demo(if_empty=False) == "demo seed skipped: area 370104 already exists"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Area)) == before
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Dispute)) == 0


@pytest.mark.slow
def test_the_same_clock_gives_the_same_data(db, tmp_path):
    """Reproducible: two fresh databases seeded at the same moment hold the same records."""
    from app.extensions import db as database
    from tests.conftest import build_app
    from tests.db_backends import fresh_sqlite_url

    now = datetime(2026, 6, 1, 4, 0)

    def fingerprint() -> list[tuple]:
        seed_demo(if_empty=True, now=now)
        rows = database.session.execute(sa.select(
            Dispute.id, Dispute.case_no, Dispute.seq, Dispute.title, Dispute.status, Dispute.reported_at,
            Dispute.amount_involved)).all()
        names = database.session.execute(sa.select(Party.id, Party.name, Party.id_number)).all()
        visits = database.session.execute(sa.select(Visit.id, Visit.seq, Visit.dispute_ids)).all()
        return sorted(map(tuple, rows)) + sorted(map(tuple, names)) + sorted(map(str, visits))

    first = fingerprint()
    other = build_app(fresh_sqlite_url(tmp_path))
    with other.app_context():
        second = fingerprint()
        database.session.remove()
        database.engine.dispose()
    assert first == second


def _counts(db) -> dict[str, int]:
    tables = [Area, Committee, User, CaseCounter, ChangeHistory, *SYNCED_MODELS.values()]
    counts = {model.__tablename__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
              for model in tables}
    counts["last_seq"] = db.session.scalar(sa.select(ServerSequence.last_seq))
    return counts


def _all(db, model):
    return db.session.execute(sa.select(model)).scalars().all()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_seed_builds_a_consistent_demo_district(db, backend):
    now = utcnow().replace(microsecond=0)
    summary = seed_demo(if_empty=True, now=now)
    assert summary.startswith("demo district seeded"), summary
    db.session.expire_all()
    today = (now + BEIJING).date()

    areas = {area.id: area for area in _all(db, Area)}
    users = {user.username: user for user in _all(db, User)}
    disputes = _all(db, Dispute)
    parties, logs, followups, referrals, visits = (
        _all(db, model) for model in (Party, MediationLog, Followup, Referral, Visit))

    _check_tree(areas)
    _check_accounts(db, users, areas)
    _check_disputes(disputes, users, areas, today, now)
    _check_children(disputes, parties, logs, followups, referrals, today)
    _check_visits(visits, disputes, areas)
    _check_sync_metadata(db, disputes)

    before = _counts(db)
    assert seed_demo(if_empty=True) == "demo seed skipped: the database already has users"
    assert seed_demo(if_empty=False) == "demo seed skipped: area 370104 already exists"
    assert _counts(db) == before


def _check_tree(areas: dict[int, Area]) -> None:
    by_level = Counter(area.level for area in areas.values())
    district = next(area for area in areas.values() if area.level == "district")
    assert (district.code, district.name) == ("370104", "槐荫区")
    streets = [area for area in areas.values() if area.level == "street"]
    assert sorted(street.name for street in streets) == sorted(
        ["兴福街道", "吴家堡街道", "腊山街道", "张庄路街道", "营市街街道", "中大槐树街道", "段北街道", "匡山街道"])
    assert by_level["street"] == 8
    for area in areas.values():
        if area.parent_id is None:
            continue
        parent = areas[area.parent_id]
        assert area.code.startswith(parent.code)
        assert len(area.code) == {"street": 9, "community": 12, "grid": 14}[area.level]
        assert area.path == f"{parent.path}{area.id}/"
    children = Counter(area.parent_id for area in areas.values() if area.level in ("community", "grid"))
    for area in areas.values():
        if area.level in ("street", "community"):
            assert 2 <= children[area.id] <= 3, area.name


def _check_accounts(db, users: dict[str, User], areas: dict[int, Area]) -> None:
    def street_of(area: Area) -> str:
        while area.level != "street":
            area = areas[area.parent_id]
        return area.name

    assert users["admin"].role == "admin" and areas[users["admin"].area_id].level == "district"
    assert users["supervisor"].role == "supervisor"
    assert areas[users["supervisor"].area_id].name == "兴福街道"
    mediator, peer, third = users["mediator"], users["mediator2"], users["mediator3"]
    assert mediator.area_id == peer.area_id and areas[mediator.area_id].level == "grid"
    assert street_of(areas[mediator.area_id]) == "兴福街道"
    assert areas[third.area_id].level == "grid" and street_of(areas[third.area_id]) == "段北街道"
    mediators = [user for user in users.values() if user.role == "mediator"]
    assert len(mediators) >= 10
    assert len({user.area_id for user in mediators}) >= 9
    for user in mediators:
        assert user.profile is not None and user.profile.certificate_no and user.committees
        assert set(user.profile.specialties) <= set(codes("category"))
    lawyers = [user for user in mediators if user.profile.is_lawyer]
    assert len(lawyers) >= 2 and all(user.profile.law_firm for user in lawyers)
    assert len({user.password_hash for user in users.values()}) == 1
    assert verify_password(users["mediator3"].password_hash, DEMO_PASSWORD)

    committees = _all(db, Committee)
    kinds = Counter(committee.kind for committee in committees)
    assert kinds["trade"] == 4 and kinds["area"] >= 8
    assert {c.room_name for c in committees if c.room_name} == {
        '段北街道"话语春风"调解室', '匡山村"乡亲话语"调解室', '吴家堡街道"老郭明理"调解室'}


def _check_disputes(disputes: list[Dispute], users: dict[str, User], areas: dict[int, Area], today, now) -> None:
    assert 280 <= len(disputes) <= 320
    assert {d.category for d in disputes} == set(codes("category"))
    assert {d.status for d in disputes} == set(codes("status"))
    per_grid = Counter(d.area_id for d in disputes)
    assert per_grid[users["mediator"].area_id] >= 25
    assert per_grid[users["mediator3"].area_id] >= 15
    for user in users.values():
        if user.role == "mediator":
            assert per_grid[user.area_id] >= 5, user.username
    assert all(areas[d.area_id].level == "grid" for d in disputes)
    assert len({d.area_id for d in disputes}) >= 30

    numbers = [d.case_no for d in disputes]
    assert all(number and CASE_NO_PATTERN.match(number) for number in numbers)
    assert len(set(numbers)) == len(numbers)
    by_year: dict[int, list[Dispute]] = {}
    for d in disputes:
        by_year.setdefault(int(CASE_NO_PATTERN.match(d.case_no)["year"]), []).append(d)
    for year, cases in by_year.items():
        cases.sort(key=lambda d: d.reported_at)
        assert [int(CASE_NO_PATTERN.match(d.case_no)["number"]) for d in cases] == list(range(1, len(cases) + 1))

    year_ago = now - timedelta(days=366)
    flagged = [d for d in disputes if d.risk_level == "high" and d.risk_flags]
    assert len(flagged) >= 5
    assert set(codes("risk_flag")) == {flag for d in disputes for flag in d.risk_flags}
    open_due = [(d.due_on - today).days for d in disputes if d.status in ("accepted", "assigned", "mediating")]
    assert any(days < 0 for days in open_due), "some open cases are past due"
    assert any(0 <= days < 10 for days in open_due), "some open cases are amber"
    for d in disputes:
        assert year_ago <= d.reported_at <= now
        if d.status == "reported":
            assert d.accepted_at is None and d.assigned_mediator_id is None
            continue
        if d.status != "referred":
            assert d.accepted_at is not None and d.committee_id is not None
        if d.accepted_at:
            assert d.reported_at <= d.accepted_at <= now
            assert d.due_on == (d.accepted_at + BEIJING).date() + timedelta(days=30)
        if d.status in ("assigned", "mediating", "agreed", "failed", "suspended", "closed"):
            assert d.assigned_mediator_id is not None
        if d.status == "agreed" or (d.status == "closed" and d.agreement_signed_on):
            assert d.agreement_kind in codes("agreement_kind")
            assert d.agreement_terms and d.agreement_no and d.agreement_signed_on <= today
            assert d.agreement_performance in codes("agreement_performance")
        if d.status == "closed":
            assert d.close_reason and d.closed_at and d.accepted_at <= d.closed_at <= now
        else:
            assert d.closed_at is None and d.close_reason is None


def _check_children(disputes, parties, logs, followups, referrals, today) -> None:
    by_dispute: dict[str, dict[str, list]] = {d.id: {"party": [], "log": [], "followup": [], "referral": []}
                                               for d in disputes}
    for kind, rows in (("party", parties), ("log", logs), ("followup", followups), ("referral", referrals)):
        for row in rows:
            by_dispute[row.dispute_id][kind].append(row)

    assert all(id_number_is_valid(p.id_number) and p.id_number.startswith("3701")
               for p in parties if p.id_number)
    people = [p for p in parties if p.kind == "person"]
    assert len(people) >= 500 and all(p.id_number and p.birth_year and p.gender in ("male", "female")
                                      for p in people)
    for p in people:
        assert int(p.id_number[6:10]) == p.birth_year
        assert int(p.id_number[16]) % 2 == (1 if p.gender == "male" else 0)
    assert {p.occupation for p in people} == set(codes("occupation"))
    assert any(p.kind == "organization" for p in parties)

    followup_kinds = Counter()
    for d in disputes:
        children = by_dispute[d.id]
        assert 2 <= len(children["party"]) <= 4
        roles = {p.role for p in children["party"]}
        assert {"applicant", "respondent"} <= roles
        if d.status in ("mediating", "agreed", "failed"):
            assert all(p.consent == "consented" and p.consent_at for p in children["party"]), d.case_no
            assert children["log"], d.case_no
            last = max(children["log"], key=lambda log: log.held_at)
            assert last.result == {"mediating": "continue", "agreed": "agreement", "failed": "failed"}[d.status]
        if d.status == "referred":
            assert any(r.direction == "out" for r in children["referral"]), d.case_no
        if d.agreement_signed_on:
            [followup] = children["followup"]
            assert followup.id == followup_id(d.id)
            assert followup.due_on == d.agreement_signed_on + timedelta(days=30)
            if d.status == "closed":
                assert followup.done_at is not None and d.agreement_performance == "performed"
            done_on = (followup.done_at + BEIJING).date() if followup.done_at else None
            followup_kinds[
                "on_time" if done_on and done_on <= followup.due_on else
                "late" if done_on else
                "missing" if followup.due_on < today else "not_yet_due"] += 1
        else:
            assert not children["followup"]
        if d.linked_agencies:
            assert set(d.linked_agencies) == {r.agency_kind for r in children["referral"]}
    assert all(followup_kinds[kind] > 0 for kind in ("on_time", "late", "missing", "not_yet_due")), followup_kinds
    assert len({r.agency_kind for r in referrals}) >= 6
    assert {r.status for r in referrals} == set(codes("referral_status"))
    assert any(p.consent == "refused" for p in parties)


def _check_visits(visits: list[Visit], disputes: list[Dispute], areas: dict[int, Area]) -> None:
    assert 850 <= len(visits) <= 1200
    nil = [v for v in visits if not v.dispute_ids]
    assert 0.25 <= len(nil) / len(visits) <= 0.35
    assert {purpose for v in visits for purpose in v.purposes} == set(codes("visit_purpose"))
    grid_of = {d.id: d.area_id for d in disputes}
    for v in visits:
        assert areas[v.area_id].level == "grid"
        assert all(grid_of[dispute_id] == v.area_id for dispute_id in v.dispute_ids)
    assert len({v.area_id for v in nil}) >= 30


def _check_sync_metadata(db, disputes: list[Dispute]) -> None:
    seqs: list[int] = []
    records = 0
    for entity, model in SYNCED_MODELS.items():
        for row in _all(db, model):
            records += 1
            seqs.append(row.seq)
            assert row.version == 1 and row.created_by and row.updated_by == row.created_by
            assert row.created_at == row.updated_at and row.voided_at is None and not row.has_open_conflict
            assert set(row.field_versions) == set(POLICIES[entity].fields)
            assert {version for version, _ in row.field_versions.values()} == {1}
    assert len(set(seqs)) == len(seqs) == records
    assert db.session.scalar(sa.select(ServerSequence.last_seq)) == max(seqs)

    history = _all(db, ChangeHistory)
    assert len(history) == records
    assert len({(h.entity, h.record_id) for h in history}) == records
    assert all(h.op == "create" and h.version == 1 and h.device_id == "demo-seed" for h in history)
    # The history holds the values as the sync store reads them back (record_codec's JSON form).
    changes = {h.record_id: h.changes for h in history if h.entity == "dispute"}
    for d in disputes:
        assert {name: pair[1] for name, pair in changes[d.id].items()} == {
            name: to_json_value(getattr(d, name)) for name in domain_fields(Dispute) if getattr(d, name) is not None}
        assert d.field_versions["case_no"] == [1, None] and d.field_versions["title"] == [1, "demo-seed"]
