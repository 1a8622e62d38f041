"""What the sync benchmarks share as clients: devices with their outboxes, pushing and first syncs
against our server (`/api/sync/push`, `/api/sync/pull`) and against the peer pouchdb-server
(`_bulk_docs`, `_changes`). The server, the peer process, HTTP and the results file are in harness.py.
"""
from __future__ import annotations

import gzip
import json
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from bench import harness as h
from bench.generator import UPDATABLE, Doc, as_couch, device_streams, update_changes

DEVICES = 20
BATCH = 500
PAGE = 1000
CLIENTS = 2            # devices pushing at the same time (gunicorn has 2 workers)
CLIENT_TIME = "2026-03-02T08:00:00Z"
SERVER_ENV = {"JWT_ACCESS_SECONDS": "7200"}


# --- devices and their outboxes ---------------------------------------------------------------

@dataclass
class Device:
    username: str
    device_id: str
    docs: list[Doc]
    token: str = ""
    creates: list[list[dict]] = field(default_factory=list)       # push bodies' mutation lists
    updates: list[list[dict]] = field(default_factory=list)
    peer_creates: list[list[dict]] = field(default_factory=list)  # peer _bulk_docs docs (no _rev yet)
    peer_updates: list[list[tuple[Doc, dict]]] = field(default_factory=list)


def mutation(doc: Doc, op: str, changes: dict, base_version: int | None, tag: str) -> dict:
    return {"mutation_id": f"{tag}-{doc.id}", "entity": doc.entity, "id": doc.id, "op": op,
            "base_version": base_version, "changes": changes, "client_time": CLIENT_TIME}


def plan_devices(district: h.District, run: str, per_device: int, with_updates: bool,
                 seed_offset: int = 0, count: int = DEVICES) -> list[Device]:
    """`count` devices (two per mediator of grid A), each with its own cases, create and update batches prepared."""
    streams = device_streams(district.grid_a, count, per_device, seed=2026 + seed_offset)
    devices = []
    for number, docs in enumerate(streams):
        username = district.mediators[number % len(district.mediators)]
        device = Device(username, f"bench-{run}-{number:02d}", docs)
        for start in range(0, len(docs), BATCH):
            chunk = docs[start:start + BATCH]
            device.creates.append([mutation(d, "create", d.fields, None, "c") for d in chunk])
            device.peer_creates.append([as_couch(d) for d in chunk])
        if with_updates:
            plan_updates(device, per_device)
        devices.append(device)
    return devices


def plan_updates(device: Device, count: int) -> None:
    """`count` updates of the device's own records (mediation logs are append-only): each updatable record once,
    then again from the first, until `count`; a record updated twice keeps the base version it was seen at."""
    updatable = [d for d in device.docs if d.entity in UPDATABLE]
    fields = {d.id: dict(d.fields) for d in updatable}
    planned: list[tuple[Doc, dict, dict]] = []
    round_no = 0
    while len(planned) < count:
        round_no += 1
        for doc in updatable:
            if len(planned) >= count:
                break
            shown = Doc(doc.entity, doc.id, fields[doc.id])
            changes = update_changes(shown, round_no)
            fields[doc.id] = {**fields[doc.id], **changes}
            planned.append((doc, changes, dict(fields[doc.id])))
    for start in range(0, len(planned), BATCH):
        chunk = planned[start:start + BATCH]
        device.updates.append([
            {**mutation(doc, "update", changes, 1, "u"), "mutation_id": f"u{i + start}-{doc.id}"}
            for i, (doc, changes, _full) in enumerate(chunk)])
        device.peer_updates.append([(doc, as_couch(Doc(doc.entity, doc.id, full))) for doc, _c, full in chunk])


# --- our server ---------------------------------------------------------------------------------

def sign_in_all(base: str, devices: list[Device]) -> None:
    for device in devices:
        device.token = h.sign_in(base, device.username, device.device_id)


def in_process_pusher(database_url: str, devices: list[Device]) -> Callable[[Device, bytes], None]:
    """The app in this process (Flask test client, no HTTP) with `devices` signed in: a function that pushes one
    body for a device and requires a 200. For the in-process benches (instructions, collector)."""
    from tests.conftest import build_app

    client = build_app(database_url, JWT_ACCESS_SECONDS=7200).test_client()
    for device in devices:
        reply = client.post("/api/auth/login", json={"username": device.username, "password": h.PASSWORD,
                                                     "device_id": device.device_id})
        device.token = reply.get_json()["access_token"]

    def push(device: Device, body: bytes) -> None:
        reply = client.post("/api/sync/push", data=body, headers={
            "Authorization": f"Bearer {device.token}", "Content-Type": "application/json"})
        assert reply.status_code == 200, reply.data[:300]

    return push


def push_body(device: Device, mutations: list[dict]) -> bytes:
    return json.dumps({"device_id": device.device_id, "device": {"app_version": "bench", "outbox_size": len(mutations)},
                       "mutations": mutations}, ensure_ascii=False).encode()


def push_ours(base: str, devices: list[Device], phase: str) -> tuple[float, Counter]:
    """Push every device's `phase` batches (devices in parallel, CLIENTS at a time); seconds and outcome counts."""
    bodies = {d.device_id: [push_body(d, batch) for batch in getattr(d, phase)] for d in devices}
    statuses: Counter = Counter()
    lock = threading.Lock()

    def run(device: Device) -> None:
        for body in bodies[device.device_id]:
            reply = h.request(base, "POST", "/api/sync/push", body, token=device.token)
            if reply.status != 200:
                raise RuntimeError(f"push {reply.status}: {str(reply.body)[:500]}")
            with lock:
                statuses.update(r["status"] for r in reply.body["results"])
                for r in reply.body["results"]:
                    if r["status"] == "rejected":
                        statuses[f"rejected:{r.get('error_code')}"] += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(run, devices))
    return time.perf_counter() - started, statuses


@dataclass
class PullFigures:
    records: int
    seconds: float
    wire_bytes: int
    gzip_bytes: int          # gzip of the body: on the wire when the server compresses, else computed here
    raw_bytes: int
    compressed_by_server: bool
    pages: int

    @property
    def rate(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0

    @property
    def gzip_per_record(self) -> float:
        return self.gzip_bytes / self.records if self.records else 0.0


class PullTally:
    """Counts a first sync's pages; a body the server sent uncompressed is gzipped here, off the clock."""

    def __init__(self) -> None:
        self.records = self.wire = self.gz = self.raw = self.pages = 0
        self.compressed = True
        self.gzip_cost = 0.0
        self.started = time.perf_counter()

    def add(self, reply: "h.Reply", records: int) -> None:
        self.pages += 1
        self.records += records
        self.wire += reply.wire_bytes
        self.raw += reply.raw_bytes
        if reply.encoding == "gzip":
            self.gz += reply.wire_bytes
            return
        self.compressed = False
        t = time.perf_counter()
        self.gz += len(gzip.compress(json.dumps(reply.body, ensure_ascii=False, separators=(",", ":")).encode(), 6))
        self.gzip_cost += time.perf_counter() - t

    def figures(self) -> PullFigures:
        seconds = time.perf_counter() - self.started - self.gzip_cost
        return PullFigures(self.records, seconds, self.wire, self.gz, self.raw, self.compressed, self.pages)


def pull_ours(base: str, username: str, device_id: str, limit: int = PAGE,
              on_page: Callable[[], None] | None = None) -> PullFigures:
    """A first sync: pull from no cursor until has_more is false (Accept-Encoding: gzip); `on_page` after each page."""
    token = h.sign_in(base, username, device_id)
    for _ in range(4):   # both workers compile their statements before the clock starts
        h.request(base, "GET", "/api/sync/pull?limit=1", token=token)
    cursor = None
    tally = PullTally()
    while True:
        path = f"/api/sync/pull?limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        reply = h.request(base, "GET", path, token=token, gzip_ok=True)
        if reply.status != 200:
            raise RuntimeError(f"pull {reply.status}: {str(reply.body)[:300]}")
        body = reply.body
        if body.get("reset"):
            raise RuntimeError("unexpected reset on a first pull")
        tally.add(reply, len(body["records"]))
        if on_page:
            on_page()
        cursor = body["cursor"]
        if not body["has_more"]:
            break
    return tally.figures()


# --- the peer: pouchdb-server ------------------------------------------------------------------

def push_peer(peer: h.Peer, devices: list[Device], phase: str) -> float:
    """`_bulk_docs` of the same documents, same batches; updates carry the `_rev` the create returned.

    A batch that updates one document twice is sent as consecutive `_bulk_docs` (CouchDB needs the new `_rev`).
    pouchdb-server answers concurrent batches' documents out of order (~7 % of them here), so each result is
    matched to its document by id, never by position."""
    db = peer.db

    def send(docs: list[dict], owners: list[Doc]) -> None:
        reply = h.request(peer.base, "POST", f"{db}/_bulk_docs", {"docs": docs})
        if reply.status not in (200, 201):
            raise RuntimeError(f"peer _bulk_docs {reply.status}: {str(reply.body)[:300]}")
        by_id = {result.get("id"): result for result in reply.body}
        for owner in owners:
            result = by_id.get(owner.id, {})
            if "rev" not in result:
                raise RuntimeError(f"peer rejected a doc: {result or owner.id}")
            owner.rev = result["rev"]

    def run(device: Device) -> None:
        if phase == "creates":
            for batch, docs in zip(device.peer_creates, device.creates):
                by_id = {d.id: d for d in device.docs}
                send(batch, [by_id[m["id"]] for m in docs])
            return
        for batch in device.peer_updates:
            pending = list(batch)
            while pending:
                seen: set[str] = set()
                now, later = [], []
                for owner, body in pending:
                    (later if owner.id in seen else now).append((owner, body))
                    seen.add(owner.id)
                send([{**body, "_rev": owner.rev} for owner, body in now], [owner for owner, _ in now])
                pending = later

    started = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(run, devices))
    return time.perf_counter() - started


def pull_peer(peer: h.Peer, limit: int = PAGE) -> PullFigures:
    since = "0"
    tally = PullTally()
    while True:
        reply = h.request(peer.base, "GET", f"{peer.db}/_changes?include_docs=true&limit={limit}&since={since}",
                          gzip_ok=True)
        if reply.status != 200:
            raise RuntimeError(f"peer _changes {reply.status}")
        body = reply.body
        results = body["results"]
        tally.add(reply, len(results))
        since = body["last_seq"]
        if len(results) < limit or body.get("pending") == 0:
            break
    return tally.figures()
