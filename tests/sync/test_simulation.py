"""Property test: 3–6 devices edit shared cases offline, push with lost and doubled responses, and pull.

Checks sync-protocol.md §8 invariants 1 (no lost edit), 2 (idempotence), 3 (convergence), 6 (determinism).
"""
from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.services.sync.case_numbers import format_case_no
from sync.types import Actor
from tests.sync.builders import party, record
from tests.sync.memory_store import CASE_NO_PREFIX, MemoryStore, TickingClock
from tests.sync.sim import (
    Device,
    EngineServer,
    Server,
    invariant_problems,
    play,
)

SCALAR_EDITS = [
    ("title", "邻里漏水"), ("title", "宅基地边界"), ("summary", "楼上漏水"), ("summary", "已初步沟通"),
    ("amount_involved", 0), ("amount_involved", 2500), ("risk_level", "medium"), ("risk_level", "high"),
    ("agreement_kind", "written"), ("agreement_terms", "赔偿2500元"), ("close_reason", "协议履行完毕"),
]
SET_ITEMS = [
    ("risk_flags", "group_incident"), ("risk_flags", "criminal_escalation"),
    ("linked_agencies", "police"), ("linked_agencies", "court"),
]
STATUSES = ["reported", "accepted", "assigned", "mediating", "agreed", "failed", "suspended", "referred", "closed"]
CONSENTS = ["pending", "consented", "refused"]
KINDS = [
    "scalar", "scalar", "set", "status", "status", "consent", "add_dispute", "add_party", "revisit", "void",
    "push", "push", "pull",
]

actions = st.tuples(st.sampled_from(KINDS), st.integers(0, 5), st.integers(0, 999), st.integers(0, 999))


def seeded_store() -> MemoryStore:
    """Two shared cases, one still reported and one in mediation, each with two consenting parties."""
    store = MemoryStore(clock=TickingClock())
    for n, status in enumerate(["reported", "mediating"]):
        store.seed(record(record_id=f"d{n}", title=f"案件{n}", status=status, case_no=format_case_no(2026, n + 1, CASE_NO_PREFIX)))
        for k in range(2):
            store.seed(party(f"d{n}-p{k}", f"d{n}"))
    return store


def make_devices(count: int) -> list[Device]:
    roles = ["supervisor"] + ["mediator"] * (count - 1)
    return [Device(f"dev{i}", Actor(100 + i, role, f"dev{i}")) for i, role in enumerate(roles)]


def pick(device: Device, entity: str, n: int) -> str | None:
    ids = [record_id for record_id, record in device.records().items() if record["entity"] == entity]
    return ids[n % len(ids)] if ids else None


def act(server: Server, device: Device, kind: str, a: int, b: int, area_id: int = 101) -> None:
    if kind == "push":
        device.push(server, lose_response=a % 4 == 0, deliver_twice=b % 5 == 0)
    elif kind == "pull":
        device.pull(server)
    elif kind == "void":
        target = pick(device, ["party", "dispute", "followup"][b % 3], a)
        if target:
            device.void(target, "重复登记")
    elif kind == "add_dispute":
        status = "mediating" if b % 4 == 0 else "reported"
        device.create("dispute", {"area_id": area_id, "title": "新纠纷", "category": "neighbor", "source": "initiative",
                                   "status": status})
    elif kind == "consent":
        party = pick(device, "party", a)
        if party:
            device.update(party, {"consent": CONSENTS[b % len(CONSENTS)]})
    else:
        dispute = pick(device, "dispute", a)
        if dispute:
            _edit_dispute(device, dispute, kind, b)


def _edit_dispute(device: Device, dispute: str, kind: str, b: int) -> None:
    if kind == "scalar":
        name, value = SCALAR_EDITS[b % len(SCALAR_EDITS)]
        device.update(dispute, {name: value})
    elif kind == "set":
        name, item = SET_ITEMS[b % len(SET_ITEMS)]
        current = set(device.working(dispute)[name] or ())
        device.update(dispute, {name: sorted(current ^ {item})})
    elif kind == "status":
        device.update(dispute, {"status": STATUSES[b % len(STATUSES)]})
    elif kind == "add_party":
        device.create("party", {"dispute_id": dispute, "role": "respondent", "name": "新当事人",
                                 "consent": CONSENTS[b % len(CONSENTS)]})
    elif kind == "revisit":
        device.create("followup", {"dispute_id": dispute, "due_on": "2026-04-01", "done_at": "2026-03-20T09:00:00.000Z"})


def replay(log: list, store: MemoryStore) -> list[list[dict]]:
    server = EngineServer(store)
    return [server.push(actor, batch) for actor, batch, _ in log]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(device_count=st.integers(3, 6), steps=st.lists(actions, max_size=80))
def test_devices_converge_without_losing_edits(device_count: int, steps: list[tuple[str, int, int, int]]) -> None:
    server = EngineServer(seeded_store())
    devices = make_devices(device_count)
    play(server, devices, steps, lambda device, kind, a, b: act(server, device, kind, a, b))
    assert invariant_problems(server.view(), devices) == []

    fresh = seeded_store()
    assert replay(server.log, fresh) == [results for _, _, results in server.log]
    assert fresh.dump() == server.store.dump()

    before = server.store.dump()
    for (actor, _, _), replayed in zip(server.log, replay(server.log, server.store), strict=True):
        for result in replayed:
            applied = server.store.applied[result["mutation_id"]]
            first = applied.outcome
            assert result == replace(first, status="duplicate", original_status=first.status,
                                     record=now_shown(server.store, actor, applied, first)).to_json()
    assert server.store.dump() == before


def now_shown(store: MemoryStore, actor, applied, first) -> dict | None:
    """A replay's record: the record as it stands now, where the first answer carried one and the pusher may
    still see it."""
    state = store.records.get((applied.entity, applied.record_id))
    if first.record is None or state is None or not store.in_scope(actor, applied.entity, state.to_flat()):
        return None
    return state.to_flat()
