"""How long `flask seed-demo` takes, and what the demo's files (signatures and photos) add to it.

Each run seeds a fresh SQLite file in a process of its own (the clock pinned as in tests/services/test_demo_digest.py),
in turn with the files and without them (the attachments builder switched off), so both see the same load.
Timed: `seed_demo` itself (building, inserting, drawing and storing the files, the commit).

    .venv/bin/python bench/demo_seed.py               # 5 runs of each, append to docs/benchmarks.md
    .venv/bin/python bench/demo_seed.py --runs 3 --no-write
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.harness import append_results, record_start, table  # noqa: E402

MODES = {"with the files": "files", "without them": "bare"}


def seed_once(mode: str) -> float:
    """Seed a fresh database in this process; the seconds `seed_demo` took."""
    import app.services.demo.seed as seed
    from tests.conftest import build_app
    from tests.services.test_demo_digest import NOW

    if mode == "bare":
        seed.build_attachments = lambda demo: None
    folder = tempfile.mkdtemp(prefix="bench-seed-")
    with build_app(f"sqlite:///{folder}/demo.sqlite3", ATTACHMENTS_DIR=f"{folder}/attachments").app_context():
        started = time.perf_counter()
        seed.seed_demo(if_empty=True, now=NOW)
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="print only; do not append to docs/benchmarks.md")
    parser.add_argument("--once", choices=list(MODES.values()), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.once:
        print(seed_once(args.once))
        return
    record_start()
    times: dict[str, list[float]] = {name: [] for name in MODES}
    for _ in range(args.runs):
        for name, mode in MODES.items():
            done = subprocess.run([sys.executable, __file__, "--once", mode], cwd=ROOT, check=True,
                                  capture_output=True, text=True)
            times[name].append(float(done.stdout.split()[-1]))
    rows = [[name, f"{statistics.median(values):.2f} s", f"{min(values):.2f}–{max(values):.2f} s"]
            for name, values in times.items()]
    added = statistics.median(times["with the files"]) - statistics.median(times["without them"])
    body = (table(["demo seed", "median", "range"], rows)
            + f"\n\nThe files (20: signatures and 1,600 × 1,200 photos, drawn and stored) add {added:.2f} s; "
            + f"{args.runs} runs of each, in turn, each in a fresh process on a fresh SQLite file.\n")
    print(body)
    if not args.no_write:
        append_results("Demo seed (bench/demo_seed.py)", body)


if __name__ == "__main__":
    main()
