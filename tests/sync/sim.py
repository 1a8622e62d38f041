"""Virtual devices for the sync simulation, and the invariant checks of sync-protocol.md §8.

A device keeps what §7 describes: the server snapshot of each record, an outbox of mutations (working
copy = snapshot + pending changes), a quarantine for rejected edits, and a cursor. Devices talk to a
`Server` in the JSON shapes of §3 and §6, so the same model runs against the pure engine here
(`EngineServer`) and, later, against the HTTP app. The checks read a `ServerView`, plain data any
server can export.
"""
from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sync.engine import process_batch
from sync.policy import POLICIES
from sync.types import Actor, Errors, Mutation
from sync.workflow import RANK
from tests.sync.memory_store import MemoryStore

Json = dict[str, Any]
ACCEPTED = frozenset({"applied", "merged", "conflict"})


class Server(Protocol):
    def push(self, actor: Actor, mutations: list[Json]) -> list[Json]: ...

    def pull(self, actor: Actor, cursor: Any) -> "Pulled": ...


@dataclass
class Pulled:
    """One pull, until level: the records received, what left the scope (entity and id), the new cursor,
    and whether the server answered `reset` first (the device then drops every snapshot, keeping its outbox)."""

    records: list[Json]
    evictions: list[Json]
    cursor: Any
    reset: bool = False


@dataclass
class ServerView:
    """What the checks read: current records, their history, conflicts, and each mutation's first outcome."""

    records: Mapping[str, Json]
    history: Mapping[str, Sequence[Json]]
    conflicts: Sequence[Json]
    outcomes: Mapping[str, str]


class EngineServer:
    """The pure engine over a `MemoryStore`, logging every push it receives, in order."""

    def __init__(self, store: MemoryStore, validate: Callable[[Mutation], Errors] | None = None) -> None:
        self.store = store
        self.validate = validate or (lambda mutation: {})
        self.log: list[tuple[Actor, list[Json], list[Json]]] = []

    def push(self, actor: Actor, mutations: list[Json]) -> list[Json]:
        batch = [Mutation.from_push(item, actor) for item in mutations]
        results = [r.to_json() for r in process_batch(self.store, actor, batch, self.validate)]
        self.log.append((actor, mutations, results))
        return results

    def pull(self, actor: Actor, cursor: Any) -> Pulled:
        records, cursor = self.store.pull(actor, cursor)
        return Pulled(records, [], cursor)

    def view(self) -> ServerView:
        store = self.store
        return ServerView(
            records={record_id: r.to_flat() for (_, record_id), r in store.records.items()},
            history={
                record_id: [
                    {"version": h.version, "op": h.op, "changes": h.changes, "device_id": h.device_id,
                     "mutation_id": h.mutation_id}
                    for h in entries
                ]
                for (_, record_id), entries in store.history.items()
            },
            conflicts=[
                {"record_id": c.record_id, "field": c.field, "device": c.device, "server": c.server,
                 "mutation_id": c.mutation_id}
                for c in store.conflicts
            ],
            outcomes={mid: applied.outcome.status for mid, applied in store.applied.items()},
        )


@dataclass
class Pending:
    mutation: Json
    sent: bool = False


@dataclass
class Device:
    """One phone: snapshot, outbox, quarantine and cursor (sync-protocol.md §7)."""

    name: str
    actor: Actor
    snapshot: dict[str, Json] = field(default_factory=dict)
    outbox: list[Pending] = field(default_factory=list)
    quarantine: list[tuple[Json, Json]] = field(default_factory=list)
    made: list[Json] = field(default_factory=list)
    cursor: Any = None
    _serial: int = 0

    def working(self, record_id: str) -> Json | None:
        """The user's copy: the snapshot with every pending (unanswered) change laid over it."""
        record = dict(self.snapshot[record_id]) if record_id in self.snapshot else None
        for pending in self.outbox:
            mutation = pending.mutation
            if mutation["id"] != record_id:
                continue
            if mutation["op"] == "void":
                record = {**(record or {}), "voided_at": (record or {}).get("voided_at") or "pending"}
            elif record is None:
                blank = POLICIES[mutation["entity"]].blank()
                record = {"entity": mutation["entity"], "id": record_id, "version": 0, "voided_at": None, **blank}
                record.update(mutation["changes"])
            else:
                record.update(mutation["changes"])
        return record

    def records(self) -> dict[str, Json]:
        ids = set(self.snapshot) | {p.mutation["id"] for p in self.outbox}
        return {record_id: self.working(record_id) for record_id in sorted(ids)}

    def create(self, entity: str, values: Mapping[str, Any]) -> str:
        self._serial += 1
        record_id = f"{self.name}-r{self._serial}"
        self._enqueue(entity, record_id, "create", None, dict(values))
        return record_id

    def update(self, record_id: str, changes: Mapping[str, Any]) -> None:
        """Edit the working copy; fold into the last outbox entry when it is this record's unsent update."""
        record = self.working(record_id)
        assert record is not None
        base = self.snapshot[record_id]["version"] if record_id in self.snapshot else 1
        last = self.outbox[-1] if self.outbox else None
        if (
            last and not last.sent and last.mutation["id"] == record_id
            and last.mutation["op"] == "update" and last.mutation["base_version"] == base
        ):
            last.mutation["changes"].update(changes)
            return
        self._enqueue(record["entity"], record_id, "update", base, dict(changes))

    def void(self, record_id: str, reason: str) -> None:
        record = self.working(record_id)
        assert record is not None
        base = self.snapshot[record_id]["version"] if record_id in self.snapshot else 1
        self._enqueue(record["entity"], record_id, "void", base, {"void_reason": reason})

    def push(self, server: Server, lose_response: bool = False, deliver_twice: bool = False) -> None:
        """Send the whole outbox; a lost response leaves it in place, to be sent again under the same ids."""
        if not self.outbox:
            return
        batch = [pending.mutation for pending in self.outbox]
        for pending in self.outbox:
            pending.sent = True
        results = server.push(self.actor, batch)
        if deliver_twice:
            results = server.push(self.actor, batch)
        if lose_response:
            return
        answered = {r["mutation_id"]: (m, r) for m, r in zip(batch, results, strict=True)}
        self.outbox = [p for p in self.outbox if p.mutation["mutation_id"] not in answered]
        for mutation, result in answered.values():
            status = result.get("original_status") or result["status"]
            if status == "rejected":
                self.quarantine.append((mutation, result))
            self._take(result.get("record"))

    def pull(self, server: Server) -> None:
        """Take every record received, then drop what left the scope (the two never overlap in one pull)."""
        pulled = server.pull(self.actor, self.cursor)
        if pulled.reset:
            self.snapshot.clear()
        for record in pulled.records:
            self._take(record)
        for gone in pulled.evictions:
            self.snapshot.pop(gone["id"], None)
        self.cursor = pulled.cursor

    def _take(self, record: Json | None) -> None:
        """Keep the newer of the snapshot and `record` (a replayed answer may carry an older version)."""
        if record and record["version"] >= self.snapshot.get(record["id"], {}).get("version", 0):
            self.snapshot[record["id"]] = record

    def _enqueue(self, entity: str, record_id: str, op: str, base_version: int | None, changes: Json) -> None:
        self._serial += 1
        mutation = {
            "mutation_id": f"{self.name}-m{self._serial}", "entity": entity, "id": record_id, "op": op,
            "base_version": base_version, "changes": changes, "client_time": None,
        }
        self.outbox.append(Pending(mutation))
        self.made.append(mutation)


def lost_edits(view: ServerView, mutations: Iterable[Json]) -> list[str]:
    """Invariant 1: each accepted mutation's values are current, in the history, or in a conflict record."""
    problems = []
    for mutation in mutations:
        if view.outcomes.get(mutation["mutation_id"]) not in ACCEPTED:
            continue
        record = view.records.get(mutation["id"])
        if record is None:
            problems.append(f"{mutation['mutation_id']}: record {mutation['id']} missing")
            continue
        if mutation["op"] == "void":
            if record["voided_at"] is None:
                problems.append(f"{mutation['mutation_id']}: void lost")
            continue
        for name, value in mutation["changes"].items():
            if not _kept(view, record, name, value):
                problems.append(f"{mutation['mutation_id']}: {name}={value!r} lost")
    return problems


def _kept(view: ServerView, record: Json, name: str, value: Any) -> bool:
    history = [entry["changes"][name] for entry in view.history.get(record["id"], []) if name in entry["changes"]]
    conflicts = [c for c in view.conflicts if c["record_id"] == record["id"] and c["field"] == name]
    if POLICIES[record["entity"]].kind(name) == "set":
        removed = {item for old, new in history for item in set(old or ()) - set(new or ())}
        held = {item for c in conflicts for item in (c["device"] or ())}
        return set(value or ()) <= set(record[name]) | removed | held
    return (
        record[name] == value
        or any(value in pair for pair in history)
        or any(value in (c["device"], c["server"]) for c in conflicts)
    )


def unrecorded_conflicts(view: ServerView, mutations: Iterable[Json]) -> list[str]:
    """§4 rule 3: an update that overwrote another device's change made after its base left a conflict record."""
    bases = {m["mutation_id"]: m["base_version"] for m in mutations}
    recorded = {(c["record_id"], c["field"], c["mutation_id"]) for c in view.conflicts}
    problems = []
    for record_id, entries in view.history.items():
        last_writer: dict[str, tuple[int, Any]] = {}
        for entry in entries:
            base = bases.get(entry["mutation_id"])
            for name in entry["changes"]:
                previous = last_writer.get(name)
                overwrote = (
                    entry["op"] == "update" and base is not None and previous is not None
                    and previous[0] > base and previous[1] != entry["device_id"]
                    and POLICIES[view.records[record_id]["entity"]].fields.get(name) in ("scalar", "status")
                )
                if overwrote and (record_id, name, entry["mutation_id"]) not in recorded:
                    problems.append(f"{entry['mutation_id']}: overwrote {record_id}.{name} without a conflict")
                last_writer[name] = (entry["version"], entry["device_id"])
    return problems


def stale_regressions(view: ServerView, mutations: Iterable[Json]) -> list[str]:
    """§4 status policy: an edit made before another device's status change never lowers the case's rank."""
    bases = {m["mutation_id"]: m["base_version"] for m in mutations}
    problems = []
    for record_id, entries in view.history.items():
        previous: tuple[int, Any] | None = None
        for entry in entries:
            if "status" not in entry["changes"] or view.records[record_id]["entity"] != "dispute":
                continue
            old, new = entry["changes"]["status"]
            base = bases.get(entry["mutation_id"])
            stale = (
                base is not None and previous is not None
                and previous[0] > base and previous[1] != entry["device_id"]
            )
            if stale and old is not None and RANK[new] < RANK[old]:
                problems.append(f"{entry['mutation_id']}: stale edit moved {record_id} back from {old} to {new}")
            previous = (entry["version"], entry["device_id"])
    return problems


def divergence(view: ServerView, devices: Iterable[Device],
               scopes: Mapping[str, Collection[str]] | None = None) -> list[str]:
    """Invariant 3: after everyone pushed and pulled, every working copy equals the server's record —
    every record, or with `scopes` (device name → ids of a fresh first sync) those in the device's scope."""
    problems = []
    for device in devices:
        if device.outbox:
            problems.append(f"{device.name}: {len(device.outbox)} edits still pending")
        mine = device.records()
        expected = set(view.records) if scopes is None else set(scopes[device.name])
        for record_id in sorted(set(mine) | expected):
            if mine.get(record_id) != (view.records.get(record_id) if record_id in expected else None):
                problems.append(f"{device.name}: {record_id} differs from the server")
    return problems


def scope_gaps(device: Device, first_sync: Mapping[str, Json]) -> list[str]:
    """Invariant 7: after a pull that ended level, the device's server copies equal a fresh first
    sync of its scope — nothing missing, nothing extra, nothing stale."""
    problems = []
    for record_id in sorted(set(device.snapshot) | set(first_sync)):
        held, fresh = device.snapshot.get(record_id), first_sync.get(record_id)
        if held != fresh:
            what = "missing" if held is None else "extra" if fresh is None else "stale"
            problems.append(f"{device.name}: {held and held['entity'] or fresh['entity']} {record_id} {what}")
    return problems


def unanswered(view: ServerView, devices: Iterable[Device]) -> list[str]:
    """Every edit a device made was answered by the server; none was dropped on the way."""
    return [
        f"{device.name}: {m['mutation_id']} never reached the server"
        for device in devices for m in device.made if m["mutation_id"] not in view.outcomes
    ]


def play(server: Server, devices: Sequence[Device], steps: Iterable[tuple[str, int, int, int]],
         act: Callable[[Device, str, int, int], None]) -> None:
    """Everyone pulls, the steps run (each on device `who`), then everyone pushes and pulls until quiet."""
    for device in devices:
        device.pull(server)
    for kind, who, a, b in steps:
        act(devices[who % len(devices)], kind, a, b)
    for device in devices:
        device.push(server)
    for device in devices:
        device.pull(server)


def invariant_problems(view: ServerView, devices: Sequence[Device],
                       scopes: Mapping[str, Collection[str]] | None = None) -> list[str]:
    """Every §8 check that reads one server view: answered, no lost edit, conflicts recorded, no stale
    regression, convergence (within each device's scope, when `scopes` are given)."""
    made = [m for device in devices for m in device.made]
    return (unanswered(view, devices) + lost_edits(view, made) + unrecorded_conflicts(view, made)
            + stale_regressions(view, made) + divergence(view, devices, scopes))
