"""Conflict storm (docs/benchmarks.md, /work/shared/design/benchmarks.md): 10 devices × 200 offline edits on
50 shared disputes, pushed in random interleaved order, 20 % of responses lost and the batch resent. Every
device must converge to the server's records and no accepted edit may be lost (current, in the history, or
held in a conflict); the figure is the time to converge.

    .venv/bin/python bench/sync_conflict_storm.py            # 3 runs
    .venv/bin/python bench/sync_conflict_storm.py --runs 1 --no-append

Prints a table, appends it to docs/benchmarks.md. Never part of the test suite.
"""
from __future__ import annotations

import argparse
import copy
import random
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness as h  # noqa: E402
from bench import sync_clients as c  # noqa: E402
from bench.generator import Generator  # noqa: E402

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
            "op": "update", "base_version": base, "changes": changes, "client_time": c.CLIENT_TIME,
            "_base": {name: device.records[record_id][name] for name in changes}}


def bench_storm(runs: int) -> str:
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
    return text


def storm_once(run: int) -> dict[str, Any]:
    rng = random.Random(9000 + run)
    with h.fresh_database(extra_mediators=4) as district, h.gunicorn(district.url, workers=2, **c.SERVER_ENV) as base:
        owners = ["supervisor_a", "supervisor_a", "mediator_a", "mediator_a", "mediator_a_peer", "mediator_a_peer",
                  "bench_mediator_0", "bench_mediator_1", "bench_mediator_2", "bench_mediator_3"]
        devices = [StormDevice(u, f"storm{run}-{i:02d}", "supervisor" if u.startswith("supervisor") else "mediator")
                   for i, u in enumerate(owners)]
        # the 50 shared disputes, created by an office PC
        setup_token = h.sign_in(base, "supervisor_a", f"storm{run}-office")
        gen = Generator(district.grid_a, seed=77 + run)
        disputes = [gen.case().dispute for _ in range(STORM_DISPUTES)]
        reply = h.request(base, "POST", "/api/sync/push", {
            "device_id": f"storm{run}-office", "mutations": [c.mutation(d, "create", d.fields, None, "s") for d in disputes]},
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="storms (median time to converge)")
    parser.add_argument("--no-append", action="store_true", help="print only; do not append to docs/benchmarks.md")
    args = parser.parse_args(argv)
    return h.run_and_record("sync_conflict_storm", "sync conflict storm", not args.no_append,
                            lambda: bench_storm(args.runs))


if __name__ == "__main__":
    sys.exit(main())
