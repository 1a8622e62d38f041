"""Instructions per pushed record (docs/benchmarks.md, Method: "Instructions"): for judging a change to the
push on shared machines whose CPU seconds swing ±13 %; the budget itself is `sync_push.py`'s, beside the peer.

Under `valgrind --tool=callgrind` (Debian's valgrind), in process: the app on a fresh migrated SQLite file, a
warm-up push of 500 creates and 500 updates, the collector set as wsgi.py sets it, then 2 × 500 creates and
2 × 500 updates through the Flask test client with collection on only around them. The counts repeat to 0.2 %.

    .venv/bin/python bench/push_instructions.py               # ~40 s; appends to docs/benchmarks.md
    .venv/bin/python bench/push_instructions.py --no-append
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness as h  # noqa: E402
from bench import sync_clients as c  # noqa: E402

MEASURED_DEVICES = 2
PHASES = ("creates", "updates")


def _pushes() -> None:
    """Run inside callgrind: warm up, then the measured pushes, each phase dumped as its own part."""
    from app import heap

    with h.fresh_database() as district:
        devices = c.plan_devices(district, "instructions", c.BATCH, with_updates=True)[:1 + MEASURED_DEVICES]
        push = c.in_process_pusher(district.url, devices)
        for phase in PHASES:
            for batch in getattr(devices[0], phase):
                push(devices[0], c.push_body(devices[0], batch))
        bodies = {phase: [(d, c.push_body(d, b)) for d in devices[1:] for b in getattr(d, phase)] for phase in PHASES}
        heap.settle_after_startup()
        for phase in PHASES:
            _callgrind("-i", "on")
            for device, body in bodies[phase]:
                push(device, body)
            _callgrind("-i", "off")
            _callgrind("-d", phase)


def _callgrind(*args: str) -> None:
    subprocess.run(["callgrind_control", *args, str(os.getpid())], check=True, capture_output=True)


def _total(path: Path) -> int:
    for line in path.read_text().splitlines():
        if line.startswith("totals:"):
            return int(line.split()[1])
    raise RuntimeError(f"no totals in {path}")


def measure() -> str:
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind not found: apt-get install -y valgrind")
    workdir = Path(tempfile.mkdtemp(prefix="tiaojie-callgrind-"))
    try:
        subprocess.run(["valgrind", "--tool=callgrind", "--instr-atstart=no",
                        f"--callgrind-out-file={workdir / 'out'}", sys.executable, __file__, "--inside"],
                       check=True, capture_output=True)
        records = MEASURED_DEVICES * c.BATCH
        counts = {phase: _total(workdir / f"out.{part}") / records for part, phase in enumerate(PHASES, start=1)}
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    rows = [[phase, f"{counts[phase] / 1e6:.3f} M"] for phase in PHASES]
    text = (f"**Instructions per pushed record** — {MEASURED_DEVICES} × {c.BATCH} per phase, in process, "
            "callgrind\n\n" + h.table(["phase", "instructions / record"], rows) + "\n")
    print("\n" + text)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-append", action="store_true", help="print only; do not append to docs/benchmarks.md")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.inside:
        _pushes()
        return 0
    return h.run_and_record("push_instructions", "push instructions", not args.no_append, measure)


if __name__ == "__main__":
    sys.exit(main())
