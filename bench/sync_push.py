"""Push throughput (docs/benchmarks.md, /work/shared/design/benchmarks.md): 10,000 creates + 10,000 updates
from 20 devices, batches of 500, real HTTP to gunicorn (2 workers) on a fresh migrated SQLite file; beside it
the raw floor (SQLite executemany of the same rows) and the peer (pouchdb-server `_bulk_docs`).

    .venv/bin/python bench/sync_push.py                # 3 runs with the peer (~3 min on 2 cores)
    .venv/bin/python bench/sync_push.py --runs 1 --no-peer --no-append

Prints a table, appends it to docs/benchmarks.md. Never part of the test suite.
"""
from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness as h  # noqa: E402
from bench import sync_clients as c  # noqa: E402
from bench.generator import describe  # noqa: E402

CREATES = 10_000  # and as many updates
# peer reference figures (design/benchmarks.md): push 7,000–7,600 docs/s
BUDGET_PUSH_RATIO, AIM_PUSH_RATIO = 1.0, 1.5


def bench_push(runs: int, use_peer: bool) -> str:
    per_device = CREATES // c.DEVICES
    ours, floors, peers, ratios, floor_ratios = [], [], [], [], []
    create_rates, update_rates = [], []
    outcomes: Counter = Counter()
    census = ""
    with h.maybe_peer() if use_peer else nullcontext() as peer:
        for run in range(1, runs + 1):
            with h.fresh_database() as district, h.gunicorn(district.url, workers=2, **c.SERVER_ENV) as base:
                devices = c.plan_devices(district, f"r{run}", per_device, with_updates=True)
                warm = c.plan_devices(district, f"r{run}-warm", c.BATCH, with_updates=True, seed_offset=1,
                                      count=c.CLIENTS)
                census = census or describe([d for dev in devices for d in dev.docs])
                c.sign_in_all(base, devices + warm)
                warm_up(c.push_ours, base, warm)
                t_create, c1 = c.push_ours(base, devices, "creates")
                t_update, c2 = c.push_ours(base, devices, "updates")
                outcomes += c1 + c2
                n = sum(len(b) for d in devices for b in d.creates + d.updates)
                rate = n / (t_create + t_update)
                ours.append(rate)
                create_rates.append(CREATES / t_create)
                update_rates.append(CREATES / t_update)
                t_floor = floor(devices)
                floors.append(n / t_floor)
                peer_rate = None
                if peer:
                    peer.fresh()
                    warm_up(c.push_peer, peer, warm)
                    t_peer = c.push_peer(peer, devices, "creates") + c.push_peer(peer, devices, "updates")
                    peer_rate = n / t_peer
                    peers.append(peer_rate)
                    ratios.append(rate / peer_rate)
                floor_ratios.append(rate / floors[-1])
                print(f"push run {run}: ours {rate:,.0f} rec/s (creates {create_rates[-1]:,.0f}, updates "
                      f"{update_rates[-1]:,.0f}); floor {floors[-1]:,.0f}; "
                      f"peer {f'{peer_rate:,.0f} rec/s, ours / peer {ratios[-1]:.2f}' if peer_rate else 'n/a'}",
                      flush=True)

    rows = [["ours (gunicorn 2 workers, SQLite)", f"{h.median(ours):,.0f}", h.spread(ours),
             f"creates {h.median(create_rates):,.0f} / updates {h.median(update_rates):,.0f}"],
            ["raw floor (SQLite executemany)", f"{h.median(floors):,.0f}", h.spread(floors),
             f"ours / floor = {h.median(floor_ratios):.3f}"]]
    if peers:
        verdict = ("meets aim" if h.median(ratios) >= AIM_PUSH_RATIO else
                   "meets budget" if h.median(ratios) >= BUDGET_PUSH_RATIO else "BELOW BUDGET")
        rows.append(["peer pouchdb-server (LevelDB)", f"{h.median(peers):,.0f}", h.spread(peers),
                     f"ours / peer = {h.median(ratios):.3f}, runs {', '.join(f'{r:.2f}' for r in ratios)} "
                     f"({sum(r >= BUDGET_PUSH_RATIO for r in ratios)} of {len(ratios)} at or above the budget) "
                     f"(budget ≥ {BUDGET_PUSH_RATIO}, aim {AIM_PUSH_RATIO}): {verdict}"])
    else:
        rows.append(["peer pouchdb-server", "not measured", "", "peer not available"])
    text = (f"**Push throughput** — {CREATES:,} creates + {CREATES:,} updates, {c.DEVICES} devices, batches of "
            f"{c.BATCH}, {c.CLIENTS} devices at a time; median of {runs} runs (records/s)\n\n"
            + h.table(["side", "records/s (median)", "range", "notes"], rows)
            + f"\n\nData: {census}. Outcomes (all runs): "
            + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())) + ".\n")
    print("\n" + text)
    return text


def warm_up(push: Callable[[Any, list[c.Device], str], object], side: Any, devices: list[c.Device]) -> None:
    """Untimed, before each side is measured: a batch of creates and one of updates from each of two devices
    at once, so that both sides are timed warm. Without it ours was timed cold in every run (a fresh server
    for each run's fresh database: its workers' first pushes took ~40 ms longer) and the peer, one process
    for all runs, warm from the second run on."""
    for phase in ("creates", "updates"):
        push(side, devices, phase)


def floor(devices: list[c.Device]) -> float:
    """Seconds to write the same creates and updates as JSON rows, same batches, WAL, one commit per batch."""
    workdir = tempfile.mkdtemp(prefix="tiaojie-floor-")
    path = os.path.join(workdir, "floor.sqlite3")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE docs (id TEXT PRIMARY KEY, entity TEXT NOT NULL, seq INTEGER NOT NULL, doc TEXT NOT NULL)")
    conn.execute("CREATE INDEX docs_seq ON docs (seq)")
    conn.commit()
    seq = 0
    create_batches = [batch for d in devices for batch in d.peer_creates]
    update_batches = [batch for d in devices for batch in d.peer_updates]
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs (median; at least 3 for the record)")
    parser.add_argument("--no-peer", action="store_true", help="skip pouchdb-server")
    parser.add_argument("--no-append", action="store_true", help="print only; do not append to docs/benchmarks.md")
    args = parser.parse_args(argv)
    use_peer = not args.no_peer and h.peer_binary() is not None
    return h.run_and_record("sync_push", "sync push", not args.no_append,
                            lambda: bench_push(args.runs, use_peer))


if __name__ == "__main__":
    sys.exit(main())
