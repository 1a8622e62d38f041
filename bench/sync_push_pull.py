"""Sync server benchmarks (docs/benchmarks.md, /work/shared/design/benchmarks.md):

1. push throughput — 10,000 creates + 10,000 updates from 20 devices, batches of 500, real HTTP to gunicorn
   (2 workers) on a fresh migrated SQLite file; beside it the raw floor (SQLite executemany) and the peer
   (pouchdb-server `_bulk_docs`);
2. initial pull — a mediator's first sync of a 20,000-record grid, pages of 1,000: records/s and gzipped
   bytes/record on the wire; peer `_changes?include_docs=true`;
3. growth — push and pull at 1k, 10k, 100k records, time per record;
4. conflict storm — 10 devices × 200 offline edits on 50 shared disputes, random order, 20 % lost
   responses and retries: converges, 0 lost edits, time to converge.

    .venv/bin/python bench/sync_push_pull.py                 # everything (~10–15 min on 2 cores)
    .venv/bin/python bench/sync_push_pull.py --only push,pull --runs 3
    .venv/bin/python bench/sync_push_pull.py --no-peer --max-growth 10000

Prints tables, appends the figures to docs/benchmarks.md. Never part of the test suite.
"""
from __future__ import annotations

import argparse
import copy
import gzip
import json
import os
import random
import sqlite3
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness as h  # noqa: E402
from bench.generator import UPDATABLE, Doc, as_couch, describe, device_streams, update_changes  # noqa: E402

DEVICES = 20
BATCH = 500
PAGE = 1000
CLIENTS = 2            # devices pushing at the same time (gunicorn has 2 workers)
CLIENT_TIME = "2026-03-02T08:00:00Z"
SERVER_ENV = {"JWT_ACCESS_SECONDS": "7200"}

# peer reference figures (design/benchmarks.md): push 7,000–7,600 docs/s, pull 9,200–9,500 docs/s
BUDGET_PUSH_RATIO, AIM_PUSH_RATIO = 1.0, 1.5
BUDGET_PULL_RATIO, BUDGET_PULL_BYTES = 2.0, 600


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


def pull_ours(base: str, username: str, device_id: str, limit: int = PAGE, rss: "RssSampler | None" = None) -> PullFigures:
    """A first sync: pull from no cursor until has_more is false (Accept-Encoding: gzip)."""
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
        if rss:
            rss.sample()
        cursor = body["cursor"]
        if not body["has_more"]:
            break
    return tally.figures()


class RssSampler:
    """Peak RSS of the gunicorn workers serving `base` (they hold no per-device state: design says < 150 MB)."""

    def __init__(self, base: str) -> None:
        self.port = base.rsplit(":", 1)[1]
        self.peak_kib = 0

    def _pids(self) -> list[int]:
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                except OSError:
                    continue
                if "gunicorn" in cmd and f":{self.port}" in cmd:
                    pids.append(int(entry.name))
        return pids

    def sample(self) -> None:
        for pid in self._pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS"):
                        self.peak_kib = max(self.peak_kib, int(line.split()[1]))
            except OSError:
                pass


# --- raw floor: SQLite executemany of the same rows as JSON ----------------------------------

def floor(devices: list[Device]) -> float:
    """Seconds to write the same creates and updates as JSON rows, same batches, WAL, one commit per batch."""
    workdir = tempfile.mkdtemp(prefix="tiaojie-floor-")
    path = os.path.join(workdir, "floor.sqlite3")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE docs (id TEXT PRIMARY KEY, entity TEXT NOT NULL, seq INTEGER NOT NULL, doc TEXT NOT NULL)")
    conn.execute("CREATE INDEX docs_seq ON docs (seq)")
    conn.commit()
    seq = 0
    create_batches = [(batch) for d in devices for batch in d.peer_creates]
    update_batches = [(batch) for d in devices for batch in d.peer_updates]
    started = time.perf_counter()
    for batch in create_batches:
        rows = []
        for doc in batch:
            seq += 1
            rows.append((doc["_id"], doc["type"], seq, json.dumps(doc, ensure_ascii=False)))
        conn.executemany("INSERT INTO docs (id, entity, seq, doc) VALUES (?, ?, ?, ?)", rows)
        conn.commit()
    for batch in update_batches:
        rows = []
        for _doc, body in batch:
            seq += 1
            rows.append((json.dumps(body, ensure_ascii=False), seq, body["_id"]))
        conn.executemany("UPDATE docs SET doc = ?, seq = ? WHERE id = ?", rows)
        conn.commit()
    seconds = time.perf_counter() - started
    conn.close()
    for name in os.listdir(workdir):
        os.remove(os.path.join(workdir, name))
    os.rmdir(workdir)
    return seconds


# --- the peer: pouchdb-server ------------------------------------------------------------------

peer_rev_retries = [0]


def push_peer(peer: h.Peer, devices: list[Device], phase: str) -> float:
    """`_bulk_docs` of the same documents, same batches; updates carry the `_rev` the create returned.

    A batch that updates one document twice is sent as consecutive `_bulk_docs` (CouchDB needs the new `_rev`)."""
    db = peer.db
    lock = threading.Lock()

    def send(docs: list[dict], owners: list[Doc]) -> None:
        reply = h.request(peer.base, "POST", f"{db}/_bulk_docs", {"docs": docs})
        if reply.status not in (200, 201):
            raise RuntimeError(f"peer _bulk_docs {reply.status}: {str(reply.body)[:300]}")
        retry: list[tuple[dict, Doc]] = []
        for doc, owner, result in zip(docs, owners, reply.body):
            if "rev" in result:
                owner.rev = result["rev"]
            elif result.get("error") == "conflict" and "_rev" in doc:
                retry.append((doc, owner))
            else:
                raise RuntimeError(f"peer rejected a doc: {result}")
        if retry:
            # pouchdb-server 4.2 now and then answers a create with a `rev` that is not the one it stored
            # (~0.1 % of docs, under concurrent batches): re-read those revs and resend, inside the peer's time.
            with lock:
                peer_rev_retries[0] += len(retry)
            for doc, owner in retry:
                owner.rev = h.request(peer.base, "GET", f"{db}/{owner.id}").body["_rev"]
            send([{**doc, "_rev": owner.rev} for doc, owner in retry], [owner for _, owner in retry])

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


# --- 1 and 2: push throughput, initial pull ------------------------------------------------------

def bench_push_and_pull(runs: int, use_peer: bool, pull_target: int, out: list[str]) -> dict[str, Any]:
    per_device = 10_000 // DEVICES
    ours, floors, peers, ratios, floor_ratios = [], [], [], [], []
    create_rates, update_rates = [], []
    outcomes: Counter = Counter()
    pull_rows: dict[str, Any] = {}
    census = ""
    with (h.maybe_peer() if use_peer else _none()) as peer:
        for run in range(1, runs + 1):
            with h.fresh_database() as district, h.gunicorn(district.url, workers=2, **SERVER_ENV) as base:
                devices = plan_devices(district, f"r{run}", per_device, with_updates=True)
                census = census or describe([d for dev in devices for d in dev.docs])
                sign_in_all(base, devices)
                t_create, c1 = push_ours(base, devices, "creates")
                t_update, c2 = push_ours(base, devices, "updates")
                outcomes += c1 + c2
                n = sum(len(b) for d in devices for b in d.creates + d.updates)
                rate = n / (t_create + t_update)
                ours.append(rate)
                create_rates.append(10_000 / t_create)
                update_rates.append(10_000 / t_update)
                t_floor = floor(devices)
                floors.append(n / t_floor)
                peer_rate = None
                if peer:
                    peer.fresh()
                    t_peer = push_peer(peer, devices, "creates") + push_peer(peer, devices, "updates")
                    peer_rate = n / t_peer
                    peers.append(peer_rate)
                    ratios.append(rate / peer_rate)
                floor_ratios.append(rate / floors[-1])
                print(f"push run {run}: ours {rate:,.0f} rec/s (creates {create_rates[-1]:,.0f}, updates "
                      f"{update_rates[-1]:,.0f}); floor {floors[-1]:,.0f}; "
                      f"peer {f'{peer_rate:,.0f}' if peer_rate else 'n/a'} rec/s", flush=True)
                if run == runs and pull_target:
                    pull_rows = bench_pull(base, district, peer, devices, pull_target, runs)

    rows = [["ours (gunicorn 2 workers, SQLite)", f"{h.median(ours):,.0f}", h.spread(ours),
             f"creates {h.median(create_rates):,.0f} / updates {h.median(update_rates):,.0f}"],
            ["raw floor (SQLite executemany)", f"{h.median(floors):,.0f}", h.spread(floors),
             f"ours / floor = {h.median(floor_ratios):.3f}"]]
    if peers:
        verdict = ("meets aim" if h.median(ratios) >= AIM_PUSH_RATIO else
                   "meets budget" if h.median(ratios) >= BUDGET_PUSH_RATIO else "BELOW BUDGET")
        rows.append(["peer pouchdb-server (LevelDB)", f"{h.median(peers):,.0f}", h.spread(peers),
                     f"ours / peer = {h.median(ratios):.3f} (budget ≥ {BUDGET_PUSH_RATIO}, aim {AIM_PUSH_RATIO}): {verdict}"])
    else:
        rows.append(["peer pouchdb-server", "not measured", "", "peer not available"])
    text = (f"**Push throughput** — 10,000 creates + 10,000 updates, 20 devices, batches of {BATCH}, "
            f"{CLIENTS} devices at a time; median of {runs} runs (records/s)\n\n"
            + h.table(["side", "records/s (median)", "range", "notes"], rows)
            + f"\n\nData: {census}. Outcomes (all runs): "
            + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
            + (f". Peer: {peer_rev_retries[0]} update(s) resent after re-reading a `_rev` pouchdb-server had misreported"
               if peer_rev_retries[0] else "") + ".\n")
    print("\n" + text)
    out.append(text)
    if pull_rows:
        out.append(pull_rows["text"])
    return {"push": h.median(ours), "peer": h.median(peers) if peers else None, "pull": pull_rows}


class _none:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: Any) -> None:
        return None


def bench_pull(base: str, district: h.District, peer: h.Peer | None, devices: list[Device], target: int,
               runs: int) -> dict[str, Any]:
    """Top the grid up to `target` records (10,000 more creates, not timed as a figure), then first syncs."""
    have = sum(len(d.docs) for d in devices)
    extra = target - have
    if extra > 0:
        more = plan_devices(district, "pull", extra // DEVICES, with_updates=False, seed_offset=7)
        sign_in_all(base, more)
        t, counts = push_ours(base, more, "creates")
        print(f"pull setup: {extra:,} more creates in {t:.1f} s ({counts.most_common(3)})", flush=True)
        if peer:
            push_peer(peer, more, "creates")
    ours, peers, ratios = [], [], []
    figures: list[PullFigures] = []
    peer_figures: list[PullFigures] = []
    for run in range(1, runs + 1):
        fig = pull_ours(base, "mediator_a", f"bench-puller-{run}")
        figures.append(fig)
        ours.append(fig.rate)
        if peer:
            pf = pull_peer(peer)
            peer_figures.append(pf)
            peers.append(pf.rate)
            ratios.append(fig.rate / pf.rate)
        print(f"pull run {run}: ours {fig.records:,} records in {fig.seconds:.2f} s = {fig.rate:,.0f} rec/s, "
              f"{fig.gzip_per_record:.0f} B/rec gzipped ({'server gzip' if fig.compressed_by_server else 'server sends identity'})"
              + (f"; peer {peer_figures[-1].rate:,.0f} rec/s, {peer_figures[-1].gzip_per_record:.0f} B/rec" if peer else ""),
              flush=True)
    fig = figures[-1]
    rows = [["ours (GET /api/sync/pull)", f"{fig.records:,}", f"{h.median(ours):,.0f}", h.spread(ours),
             f"{fig.gzip_per_record:.0f}", f"{fig.raw_bytes / fig.records:.0f}",
             "yes" if fig.compressed_by_server else "**no** (gzip computed by the bench)"]]
    if peer_figures:
        pf = peer_figures[-1]
        rows.append(["peer `_changes?include_docs=true`", f"{pf.records:,}", f"{h.median(peers):,.0f}", h.spread(peers),
                     f"{pf.gzip_per_record:.0f}", f"{pf.raw_bytes / pf.records:.0f}",
                     "yes" if pf.compressed_by_server else "no (gzip computed by the bench)"])
    verdicts = []
    if ratios:
        r = h.median(ratios)
        verdicts.append(f"ours / peer = {r:.3f} (budget ≥ {BUDGET_PULL_RATIO}): {'meets budget' if r >= BUDGET_PULL_RATIO else 'BELOW BUDGET'}")
    b = fig.gzip_per_record
    verdicts.append(f"{b:.0f} bytes/record gzipped (budget ≤ {BUDGET_PULL_BYTES}): {'meets budget' if b <= BUDGET_PULL_BYTES else 'OVER BUDGET'}")
    if not fig.compressed_by_server:
        verdicts.append("the server does not compress responses (sent `Accept-Encoding: gzip`, got identity): "
                        f"{fig.raw_bytes / fig.records:.0f} bytes/record actually cross the wire")
    text = (f"**Initial pull** — mediator's first sync of a {fig.records:,}-record grid, pages of {PAGE}, "
            f"median of {runs} runs\n\n"
            + h.table(["side", "records", "records/s (median)", "range", "bytes/record gzipped", "bytes/record raw",
                       "server compresses"], rows)
            + "\n\n" + "\n".join(f"- {v}" for v in verdicts) + "\n")
    print("\n" + text)
    return {"text": text, "rate": h.median(ours), "peer": h.median(peers) if peers else None, "bytes": b}


# --- 3: growth ---------------------------------------------------------------------------------------

def bench_growth(sizes: list[int], use_peer: bool, deadline: float, out: list[str]) -> None:
    """One database grown in stages to each size: push time per record of each stage's new creates,
    then a full first sync of everything; the peer the same beside it."""
    rows = []
    notes = []
    with (h.maybe_peer() if use_peer else _none()) as peer, h.fresh_database() as district, \
            h.gunicorn(district.url, workers=2, **SERVER_ENV) as base:
        if peer:
            peer.fresh()
        have = 0
        last_push_us: float | None = None
        last_pull_us = 0.0
        for stage, size in enumerate(sizes):
            new = size - have
            if last_push_us is not None and stage == len(sizes) - 1:   # the small stages always run
                projected = new * last_push_us / 1e6 + size * last_pull_us / 1e6
                if time.monotonic() + projected > deadline:
                    notes.append(f"{size:,}: skipped — projected {projected / 60:.1f} min at the {have:,} stage's "
                                 f"rates would pass the time budget (see hot spots)")
                    print("growth: " + notes[-1], flush=True)
                    break
            count = max(1, min(DEVICES, new // BATCH))   # full batches of 500 at every stage
            devices = plan_devices(district, f"g{stage}", new // count, with_updates=False, seed_offset=100 + stage,
                                   count=count)
            sign_in_all(base, devices)
            t_push, counts = push_ours(base, devices, "creates")
            if set(counts) - {"applied"}:
                notes.append(f"{size:,}: outcomes {dict(counts)}")
            rss = RssSampler(base)
            fig = pull_ours(base, "mediator_a", f"bench-growth-{stage}", rss=rss)
            peer_push = peer_pull = None
            if peer:
                peer_push = push_peer(peer, devices, "creates")
                peer_pull = pull_peer(peer)
            last_push_us = t_push / new * 1e6
            last_pull_us = fig.seconds / fig.records * 1e6
            rows.append([f"{size:,}", f"{new:,}", f"{last_push_us:,.0f}", f"{last_pull_us:,.0f}",
                         f"{fig.gzip_per_record:.0f}", f"{rss.peak_kib / 1024:.0f}",
                         f"{peer_push / new * 1e6:,.0f}" if peer_push else "–",
                         f"{peer_pull.seconds / peer_pull.records * 1e6:,.0f}" if peer_pull else "–"])
            print(f"growth {size:,}: push {last_push_us:,.0f} µs/rec, pull {last_pull_us:,.0f} µs/rec "
                  f"(worker peak RSS {rss.peak_kib / 1024:.0f} MB)" + (
                      f"; peer push {peer_push / new * 1e6:,.0f}, pull {peer_pull.seconds / peer_pull.records * 1e6:,.0f} µs/rec"
                      if peer else ""), flush=True)
            have = size
    text = ("**Growth** — one database grown in stages; push = the stage's new creates (up to 20 devices, batches of 500), "
            "pull = a first sync of the whole grid (pages of 1,000); µs per record\n\n"
            + h.table(["records", "pushed in stage", "push µs/rec", "pull µs/rec", "pull B/rec gz",
                       "worker peak RSS MB", "peer push µs/rec", "peer pull µs/rec"], rows)
            + ("\n\n" + "\n".join(f"- {n}" for n in notes) if notes else "") + "\n")
    print("\n" + text)
    out.append(text)


# --- 4: conflict storm ------------------------------------------------------------------------------

STORM_DEVICES, STORM_EDITS, STORM_DISPUTES, STORM_BATCH, LOSS = 10, 200, 50, 25, 0.2
SET_CHOICES = {"risk_flags": ("criminal_escalation", "group_incident", "extreme_behavior"),
               "linked_agencies": ("court", "police", "petition", "labor_arbitration", "market_regulation")}
STATUS_NEXT = {"reported": "accepted", "accepted": "assigned"}


@dataclass
class StormDevice:
    username: str
    device_id: str
    role: str
    token: str = ""
    cursor: str | None = None
    records: dict[str, dict] = field(default_factory=dict)      # server snapshots
    working: dict[str, dict] = field(default_factory=dict)      # snapshot + pending edits
    outbox: list[dict] = field(default_factory=list)
    sent: int = 0                                               # outbox entries acknowledged


def storm_pull(base: str, device: StormDevice) -> None:
    while True:
        path = "/api/sync/pull?limit=1000" + (f"&cursor={device.cursor}" if device.cursor else "")
        reply = h.request(base, "GET", path, token=device.token)
        if reply.status != 200:
            raise RuntimeError(f"pull {reply.status}: {reply.body}")
        body = reply.body
        if body.get("reset"):
            device.cursor, device.records = None, {}
            continue
        for record in body["records"]:
            device.records[record["id"]] = record
        for gone in body.get("evictions", []):
            device.records.pop(gone["id"], None)
        device.cursor = body["cursor"]
        if not body["has_more"]:
            return


def storm_edit(rng: random.Random, device: StormDevice, dispute_ids: list[str], number: int) -> dict:
    """One offline edit on the device's working copy; the mutation keeps the snapshot's version as its base."""
    record_id = rng.choice(dispute_ids)
    work = device.working[record_id]
    choices = ["summary", "title", "risk_level", "persons_involved", "amount_involved", "due_on",
               "risk_flags", "linked_agencies"]
    if device.role == "supervisor" and work["status"] in STATUS_NEXT:
        choices.append("status")
    changes: dict[str, Any] = {}
    for name in rng.sample(choices, k=rng.choice((1, 1, 2, 3))):
        if name == "summary":
            changes[name] = f"{work['summary'][:120]}（{device.device_id}第{number}次补充：当事人再次来电说明情况）"
        elif name == "title":
            changes[name] = f"邻里纠纷{device.device_id[-2:]}-{number}"
        elif name == "risk_level":
            changes[name] = rng.choice(("low", "medium", "high"))
        elif name == "persons_involved":
            changes[name] = rng.randint(2, 40)
        elif name == "amount_involved":
            changes[name] = float(rng.randint(1, 500) * 100)
        elif name == "due_on":
            changes[name] = f"2026-{rng.randint(3, 12):02d}-{rng.randint(1, 28):02d}"
        elif name == "status":
            changes[name] = STATUS_NEXT[work["status"]]
        else:
            current = set(work[name] or [])
            option = rng.choice(SET_CHOICES[name])
            current ^= {option}
            changes[name] = sorted(current)
    work.update(changes)
    base = device.records[record_id]["version"]
    return {"mutation_id": f"storm-{device.device_id}-{number}", "entity": "dispute", "id": record_id,
            "op": "update", "base_version": base, "changes": changes, "client_time": CLIENT_TIME,
            "_base": {name: device.records[record_id][name] for name in changes}}


def bench_storm(runs: int, out: list[str]) -> None:
    rows = []
    times = []
    for run in range(1, runs + 1):
        result = storm_once(run)
        times.append(result["seconds"])
        rows.append([str(run), f"{result['seconds']:.1f}", str(result["sends"]), str(result["lost"]),
                     str(result["duplicates"]),
                     str(result["accepted"]), str(result["conflicts"]), str(result["rejected"]),
                     "yes" if result["converged"] else "**NO**", str(result["lost_edits"])])
    text = (f"**Conflict storm** — {STORM_DEVICES} devices × {STORM_EDITS} offline edits on {STORM_DISPUTES} shared "
            f"disputes, batches of {STORM_BATCH} in random order (4 devices at a time), {LOSS:.0%} of responses lost "
            f"and the batch resent; median time to converge {h.median(times):.1f} s\n\n"
            + h.table(["run", "seconds to converge", "pushes sent", "responses lost", "answered duplicate",
                       "accepted mutations",
                       "conflict records", "rejected", "converged", "lost edits"], rows) + "\n")
    print("\n" + text)
    out.append(text)


def storm_once(run: int) -> dict[str, Any]:
    rng = random.Random(9000 + run)
    with h.fresh_database(extra_mediators=4) as district, h.gunicorn(district.url, workers=2, **SERVER_ENV) as base:
        owners = ["supervisor_a", "supervisor_a", "mediator_a", "mediator_a", "mediator_a_peer", "mediator_a_peer",
                  "bench_mediator_0", "bench_mediator_1", "bench_mediator_2", "bench_mediator_3"]
        devices = [StormDevice(u, f"storm{run}-{i:02d}", "supervisor" if u.startswith("supervisor") else "mediator")
                   for i, u in enumerate(owners)]
        # the 50 shared disputes, created by an office PC
        setup_token = h.sign_in(base, "supervisor_a", f"storm{run}-office")
        from bench.generator import Generator
        gen = Generator(district.grid_a, seed=77 + run)
        disputes = [gen.case().dispute for _ in range(STORM_DISPUTES)]
        reply = h.request(base, "POST", "/api/sync/push", {
            "device_id": f"storm{run}-office", "mutations": [mutation(d, "create", d.fields, None, "s") for d in disputes]},
            token=setup_token)
        assert reply.status == 200 and all(r["status"] == "applied" for r in reply.body["results"]), reply.body
        ids = [d.id for d in disputes]
        for device in devices:
            device.token = h.sign_in(base, device.username, device.device_id)
            storm_pull(base, device)
            device.working = copy.deepcopy(device.records)
        # offline edits
        for device in devices:
            device.outbox = [storm_edit(rng, device, ids, n) for n in range(STORM_EDITS)]
        outcomes: dict[str, dict] = {}
        sends = lost = duplicates = 0
        lock = threading.Lock()
        busy: set[str] = set()

        def next_device() -> StormDevice | None:
            with lock:
                ready = [d for d in devices if d.sent < len(d.outbox) and d.device_id not in busy]
                if not ready:
                    return None
                device = rng.choice(ready)
                busy.add(device.device_id)
                return device

        def worker() -> None:
            nonlocal sends, lost, duplicates
            while True:
                device = next_device()
                if device is None:
                    with lock:
                        if all(d.sent >= len(d.outbox) for d in devices):
                            return
                    time.sleep(0.005)
                    continue
                batch = device.outbox[device.sent:device.sent + STORM_BATCH]
                body = {"device_id": device.device_id, "device": {"outbox_size": len(device.outbox) - device.sent},
                        "mutations": [{k: v for k, v in m.items() if k != "_base"} for m in batch]}
                reply = h.request(base, "POST", "/api/sync/push", body, token=device.token)
                with lock:
                    sends += 1
                    if reply.status != 200:
                        busy.discard(device.device_id)
                        raise RuntimeError(f"storm push {reply.status}: {reply.body}")
                    if rng.random() < LOSS:
                        lost += 1           # the response never reached the phone: it resends the same batch
                    else:
                        for result in reply.body["results"]:
                            outcomes[result["mutation_id"]] = result
                            duplicates += result["status"] == "duplicate"
                        device.sent += len(batch)
                    busy.discard(device.device_id)

        started = time.perf_counter()
        with ThreadPoolExecutor(4) as pool:
            for future in [pool.submit(worker) for _ in range(4)]:
                future.result()
        for device in devices:
            storm_pull(base, device)
        seconds = time.perf_counter() - started

        # the server's records: a fresh device's first sync
        truth_device = StormDevice("supervisor_a", f"storm{run}-truth", "supervisor")
        truth_device.token = h.sign_in(base, "supervisor_a", truth_device.device_id)
        storm_pull(base, truth_device)
        truth = truth_device.records
        converged = all(d.records == truth for d in devices)

        histories = {}
        for record_id in ids:
            reply = h.request(base, "GET", f"/api/disputes/{record_id}/history", token=truth_device.token)
            assert reply.status == 200, reply.body
            histories[record_id] = reply.body["items"]
        reply = h.request(base, "GET", "/api/conflicts", token=truth_device.token)
        assert reply.status == 200, reply.body
        conflicts = reply.body["items"]
        verdict = check_no_lost_edits(devices, outcomes, truth, histories, conflicts)
    print(f"storm run {run}: converged={converged} in {seconds:.1f} s; {sends} pushes ({lost} responses lost); "
          f"statuses {dict(verdict['statuses'])}; lost edits {verdict['lost']}", flush=True)
    for example in verdict["examples"][:5]:
        print("   lost:", example)
    return {"seconds": seconds, "sends": sends, "lost": lost, "converged": converged, "duplicates": duplicates,
            "accepted": verdict["accepted"], "conflicts": len(conflicts), "rejected": verdict["rejected"],
            "lost_edits": verdict["lost"]}


def check_no_lost_edits(devices: list[StormDevice], outcomes: dict[str, dict], truth: dict[str, dict],
                        histories: dict[str, list[dict]], conflicts: list[dict]) -> dict[str, Any]:
    """Every accepted mutation's values are current, in the history, or held in a conflict (invariant 1).

    A set field's edit is kept when the elements it added are current or in the history (sets merge by union)."""
    by_mutation = {(c["mutation_id"], c["field"]): c for c in conflicts}
    statuses: Counter = Counter()
    lost, accepted, rejected, examples = 0, 0, 0, []
    for device in devices:
        for m in device.outbox:
            result = outcomes.get(m["mutation_id"])
            if result is None:
                lost += 1
                examples.append(("no outcome", m["mutation_id"]))
                continue
            status = result.get("original_status") or result["status"]
            statuses[status] += 1
            if status == "rejected":
                rejected += 1
                continue
            accepted += 1
            record_id = m["id"]
            current = truth[record_id]
            for name, value in m["changes"].items():
                written = [entry["changes"][name][1] for entry in histories[record_id] if name in entry["changes"]]
                if name in SET_CHOICES:
                    added = set(value) - set(m["_base"][name] or [])
                    if added <= set(current[name] or []) or any(added <= set(w or []) for w in written):
                        continue
                elif current[name] == value or value in written:
                    continue
                conflict = by_mutation.get((m["mutation_id"], name))
                if conflict is not None and conflict["device"] == value:
                    continue
                lost += 1
                examples.append((m["mutation_id"], name, value, current[name]))
    return {"statuses": statuses, "lost": lost, "accepted": accepted, "rejected": rejected, "examples": examples}


# --- main -----------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="push,pull,growth,storm",
                        help="comma-separated: push, pull, growth, storm (pull runs inside push's last run)")
    parser.add_argument("--runs", type=int, default=3, help="runs of the main figures (median; at least 3)")
    parser.add_argument("--storm-runs", type=int, default=3)
    parser.add_argument("--no-peer", action="store_true", help="skip pouchdb-server")
    parser.add_argument("--max-growth", type=int, default=100_000, help="largest growth stage")
    parser.add_argument("--budget-minutes", type=float, default=15.0,
                        help="growth stages that would end after this much total time are skipped and reported")
    parser.add_argument("--no-append", action="store_true", help="print only; do not append to docs/benchmarks.md")
    args = parser.parse_args(argv)
    only = set(args.only.split(","))
    h.record_start()
    started = time.monotonic()
    deadline = started + args.budget_minutes * 60
    out: list[str] = []
    if not args.no_peer and h.peer_binary() is None:
        args.no_peer = True
    if "push" in only or "pull" in only:
        bench_push_and_pull(args.runs, not args.no_peer, 20_000 if "pull" in only else 0, out)
    if "growth" in only:
        sizes = [s for s in (1_000, 10_000, 100_000) if s <= args.max_growth]
        bench_growth(sizes, not args.no_peer, deadline - (90 if "storm" in only else 0), out)
    if "storm" in only:
        bench_storm(args.storm_runs, out)
    elapsed = time.monotonic() - started
    print(f"\nsync_push_pull: {elapsed / 60:.1f} min")
    if out and not args.no_append:
        h.append_results("sync push/pull", "\n".join(out) + f"\nWhole bench: {elapsed / 60:.1f} min.\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
