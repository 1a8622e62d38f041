"""The cyclic collector's share of a push (docs/benchmarks.md, Method: "Collector"): how often it runs and how
long it takes while pushes of 500 creates and 500 updates are served, at the young-collection threshold the
workers use (app/heap.py) beside Python's default and the one before it.

In process, like push_instructions.py: the app on a fresh migrated SQLite file, a warm-up push of 500 creates
and 500 updates, the heap frozen as wsgi.py freezes it, then for each threshold in turn (twice, the order
reversed the second time) 2 devices × 500 creates and 500 updates through the Flask test client. The collector's
time is read from `gc.callbacks` (start to stop of every collection), not from CPU seconds: a collection is
memory-bound, so instruction counts understate it and the machine's swing hides it in a run's total.

    .venv/bin/python bench/push_collector.py               # ~1 min; appends to docs/benchmarks.md
    .venv/bin/python bench/push_collector.py --no-append
"""
from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness as h  # noqa: E402
from bench import sync_clients as c  # noqa: E402

DEVICES_PER_ROUND = 2
PHASES = ("creates", "updates")
PYTHON_DEFAULT, BEFORE = 700, 20_000


class CollectorClock:
    """Collections by generation and the seconds spent in them, from `gc.callbacks`."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.collections = [0, 0, 0]
        self._started = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started
            self.collections[info["generation"]] += 1


def measure() -> str:
    from app import heap

    thresholds = (PYTHON_DEFAULT, BEFORE, heap.YOUNG_COLLECTION_EVERY)
    order = list(thresholds) + list(reversed(thresholds))
    with h.fresh_database() as district:
        devices = c.plan_devices(district, "collector", c.BATCH, with_updates=True,
                                 count=1 + DEVICES_PER_ROUND * len(order))
        push = c.in_process_pusher(district.url, devices)
        for phase in PHASES:
            for batch in getattr(devices[0], phase):
                push(devices[0], c.push_body(devices[0], batch))
        heap.settle_after_startup()
        figures = {(threshold, phase): [] for threshold in thresholds for phase in PHASES}
        for number, threshold in enumerate(order):
            group = devices[1 + number * DEVICES_PER_ROUND:1 + (number + 1) * DEVICES_PER_ROUND]
            for phase in PHASES:
                bodies = [(d, c.push_body(d, b)) for d in group for b in getattr(d, phase)]
                gc.set_threshold(threshold, 10, 10)
                clock = CollectorClock()
                gc.callbacks.append(clock)
                started = time.perf_counter()
                for device, body in bodies:
                    push(device, body)
                elapsed = time.perf_counter() - started
                gc.callbacks.remove(clock)
                figures[(threshold, phase)].append((clock, elapsed, len(bodies)))
    rows = []
    for (threshold, phase), runs in figures.items():
        pushes = sum(n for _, _, n in runs)
        records = pushes * c.BATCH
        collections = [sum(clock.collections[g] for clock, _, _ in runs) for g in range(3)]
        collector = sum(clock.seconds for clock, _, _ in runs)
        elapsed = sum(seconds for _, seconds, _ in runs)
        served = " (served)" if threshold == heap.YOUNG_COLLECTION_EVERY else ""
        rows.append([f"{threshold:,}{served}", phase, " / ".join(f"{n / pushes:.1f}" for n in collections),
                     f"{collector * 1e6 / records:.1f}", f"{100 * collector / elapsed:.1f} %",
                     f"{elapsed * 1e6 / records:.0f}"])
    text = (f"**The collector during pushes** — {DEVICES_PER_ROUND} × {c.BATCH} per phase and threshold, twice, "
            "in process, heap frozen\n\n"
            + h.table(["young threshold", "phase", "collections / push (gen 0 / 1 / 2)", "collector µs / record",
                       "share of the push", "push µs / record"], rows) + "\n")
    print("\n" + text)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-append", action="store_true", help="print only; do not append to docs/benchmarks.md")
    args = parser.parse_args(argv)
    return h.run_and_record("push_collector", "push collector", not args.no_append, measure)


if __name__ == "__main__":
    sys.exit(main())
