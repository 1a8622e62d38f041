"""The scope rule's renderings agree: every viewer of the test district × every record, through the reads'
SQL filter, pull's row-wise SQL and the push store's Python predicate, on SQLite and PostgreSQL.

Each rendering is also held to the rule as domain.md states it (`EXPECTED`): agreeing with one another
would not catch a rule widened everywhere at once, e.g. a mediator seeing the other grid of her street.
"""
from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import SYNCED_MODELS, Area, Dispute, Party, Visit
from app.services.access.scope import ScopePolicy, Viewer, areas_under, like_prefix, row_where, scope_filter
from app.services.access.users import create_user
from app.services.sync.store import SqlSyncStore
from sync.types import Actor
from tests.factories import PASSWORD
from tests.records import make_attachment, make_dispute, make_followup, make_party, make_visit

VIEWERS = ("admin", "supervisor_a", "supervisor_b", "mediator_a", "mediator_a_peer", "mediator_a2", "mediator_b")

EXPECTED: dict[str, set[str]] = {
    "admin": {"case_grid_a", "case_grid_a2", "case_grid_b", "case_street_a", "case_community_a",
              "case_grid_b_for_a", "case_grid_a_for_b", "case_grid_b_for_supervisor_a", "visit_grid_a", "visit_grid_a2",
              "visit_grid_b"},
    "supervisor_a": {"case_grid_a", "case_grid_a2", "case_street_a", "case_community_a", "case_grid_a_for_b",
                     "visit_grid_a", "visit_grid_a2"},
    "supervisor_b": {"case_grid_b", "case_grid_b_for_a", "case_grid_b_for_supervisor_a", "visit_grid_b"},
    "mediator_a": {"case_grid_a", "case_grid_b_for_a", "case_grid_a_for_b", "visit_grid_a"},
    "mediator_a_peer": {"case_grid_a", "case_grid_a_for_b", "visit_grid_a"},
    "mediator_a2": {"case_grid_a2", "visit_grid_a2"},
    "mediator_b": {"case_grid_b", "case_grid_b_for_a", "case_grid_a_for_b", "case_grid_b_for_supervisor_a",
                   "visit_grid_b"},
}
"""Which cases and visits each viewer sees; a case's children (`party:`/`followup:`/`attachment:` + case) go with it."""


@pytest.fixture
def world(district) -> tuple[dict[str, Viewer], dict[str, tuple[str, Any]]]:
    d = district
    mediator_a2 = create_user(username="mediator_a2", display_name="Mediator A2", role="mediator",
                              area_code=d.grid_a2.code, password=PASSWORD, phone="13812345679", commit=True)
    users = {"admin": d.admin, "supervisor_a": d.supervisor_a, "supervisor_b": d.supervisor_b,
             "mediator_a": d.mediator_a, "mediator_a_peer": d.mediator_a_peer, "mediator_a2": mediator_a2,
             "mediator_b": d.mediator_b}
    viewers = {name: Viewer.of(user) for name, user in users.items()}
    cases = {
        "case_grid_a": make_dispute(d.grid_a.id),
        "case_grid_a2": make_dispute(d.grid_a2.id),
        "case_grid_b": make_dispute(d.grid_b.id),
        "case_street_a": make_dispute(d.street_a.id),
        "case_community_a": make_dispute(d.community_a.id),
        "case_grid_b_for_a": make_dispute(d.grid_b.id, assigned_mediator_id=d.mediator_a.id),
        "case_grid_a_for_b": make_dispute(d.grid_a.id, assigned_mediator_id=d.mediator_b.id),
        # assigned while she was a mediator: as a supervisor she sees her street, not her old cases
        "case_grid_b_for_supervisor_a": make_dispute(d.grid_b.id, assigned_mediator_id=d.supervisor_a.id),
    }
    records: dict[str, tuple[str, Any]] = {name: ("dispute", case) for name, case in cases.items()}
    for name, case in cases.items():
        records[f"party:{name}"] = ("party", make_party(case))
        records[f"followup:{name}"] = ("followup", make_followup(case, due_on=case.reported_at.date()))
        records[f"attachment:{name}"] = ("attachment", make_attachment(case))
    for grid in ("grid_a", "grid_a2", "grid_b"):
        records[f"visit_{grid}"] = ("visit", make_visit(getattr(d, grid).id))
    return viewers, records


def _expected(viewer: str, label: str) -> bool:
    return label.split(":")[-1] in EXPECTED[viewer]


def _read_ids(viewer: Viewer) -> set[str]:
    return {record_id for model in (Dispute, Party, Visit, SYNCED_MODELS["followup"], SYNCED_MODELS["attachment"])
            for record_id in db.session.execute(sa.select(model.id).where(scope_filter(viewer, model))).scalars()}


def _pull_ids(viewer: Viewer) -> set[str]:
    ids: set[str] = set()
    for model in (Dispute, Party, Visit, SYNCED_MODELS["followup"], SYNCED_MODELS["attachment"]):
        statement = sa.select(model.id).where(row_where(model, viewer.sees_assigned))
        ids |= set(db.session.execute(statement, ScopePolicy(viewer).bindings()).scalars())
    return ids


def _push_ids(viewer: Viewer, records: dict[str, tuple[str, Any]]) -> set[str]:
    store = SqlSyncStore(viewer, provisional=True)
    actor = Actor(user_id=viewer.user_id, role=viewer.role, device_id="contract")
    return {row.id for entity, row in records.values()
            if store.in_scope(actor, entity, {c.name: getattr(row, c.name) for c in row.__table__.columns})}


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_every_rendering_of_the_scope_rule_sees_what_the_rule_says(world) -> None:
    viewers, records = world
    for name, viewer in viewers.items():
        expected = {row.id for label, (_, row) in records.items() if _expected(name, label)}
        labels = {row.id: label for label, (_, row) in records.items()}
        for rendering, seen in (("read", _read_ids(viewer)), ("pull", _pull_ids(viewer)),
                                ("push", _push_ids(viewer, records))):
            wrong = sorted(labels[i] for i in seen ^ expected)
            assert not wrong, f"{name} through {rendering}: {wrong} differ from the rule"


def test_a_path_is_covered_by_its_own_prefix_only_up_to_a_separator() -> None:
    """/1/2/ covers /1/2/5/ but not /1/20/: the path ends in its separator, so a sibling never matches."""
    viewer = Viewer(user_id=1, role="mediator", area_id=2, area_path="/1/2/")
    assert viewer.covers("/1/2/") and viewer.covers("/1/2/5/")
    assert not viewer.covers("/1/20/") and not viewer.covers("/1/") and not viewer.covers(None)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_like_wildcards_in_a_path_match_only_themselves_in_both_sql_renderings(db) -> None:
    """Paths are ids between slashes today; should one ever hold `_` or `%`, neither the reads' prefix match
    (`areas_under`) nor pull's LIKE pattern (`like_prefix`) may read it as a wildcard."""
    paths = ("/7_/", "/7x/", "/7%/", "/7%x/", "/7_/3/")
    db.session.add_all(Area(code=f"wild{i}", name=path, level="grid", path=path) for i, path in enumerate(paths))
    db.session.commit()
    for prefix, matching in (("/7_/", {"/7_/", "/7_/3/"}), ("/7%/", {"/7%/"}), ("/7x/", {"/7x/"})):
        under = db.session.execute(sa.select(Area.path).where(Area.id.in_(areas_under(prefix)))).scalars()
        liked = db.session.execute(sa.select(Area.path).where(Area.path.like(like_prefix(prefix), escape="/"))).scalars()
        assert set(under) == set(liked) == matching, prefix


VIEWER = Viewer(user_id=1, role="mediator", area_id=2, area_path="/1/2/")


@pytest.mark.parametrize("rendering", [lambda model: scope_filter(VIEWER, model), lambda model: row_where(model, True)])
def test_a_model_without_a_scope_rule_is_refused_rather_than_read_unscoped(rendering) -> None:
    with pytest.raises(TypeError, match="^no scope rule for Area$"):
        rendering(Area)


@pytest.mark.parametrize("dispute_id", [None, 42, ["d1"]], ids=["none", "a number", "a list"])
def test_a_child_record_without_a_text_dispute_id_is_out_of_everyones_scope(dispute_id) -> None:
    """A party whose case is not named by id belongs to no case, so to no one, whatever the parent lookup says."""
    admin = ScopePolicy(Viewer(user_id=1, role="admin", area_id=1, area_path="/1/"))
    case = {"area_id": 2, "assigned_mediator_id": None}
    assert admin.admits("party", {"dispute_id": "d1"}, area_path=lambda _: "/1/2/", parent=lambda _: case)
    assert not admin.admits("party", {"dispute_id": dispute_id}, area_path=lambda _: "/1/2/", parent=lambda _: case)
