"""Run every benchmark under bench/ (`make bench`): the sync ones (SYNC, in order), then any pwa_*.py ones.

Each script prints its table and appends its figures to docs/benchmarks.md itself. A script that fails
is reported and the others still run; the exit status says whether all of them succeeded.
sync_concurrency needs a PostgreSQL server in DATABASE_URL (it makes its own database there).

    .venv/bin/python bench/run_all.py                # everything
    .venv/bin/python bench/run_all.py push pull      # only the scripts whose name contains one of these
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


SYNC = ("sync_push.py", "sync_pull.py", "sync_growth.py", "sync_conflict_storm.py", "sync_concurrency.py",
        "sync_uploads.py")


def scripts(selected: list[str]) -> list[Path]:
    found = [BENCH / name for name in SYNC] + sorted(BENCH.glob("pwa_*.py"))
    return [path for path in found if not selected or any(word in path.stem for word in selected)]


def main(argv: list[str]) -> int:
    failures = []
    started = time.monotonic()
    chosen = scripts(argv)
    if not chosen:
        print(f"no benchmark script under bench/ matches {argv}")
        return 1
    for script in chosen:
        print(f"\n=== {script.relative_to(ROOT)} ===", flush=True)
        t = time.monotonic()
        result = subprocess.run([sys.executable, str(script)], check=False, cwd=ROOT)
        print(f"=== {script.name}: exit {result.returncode}, {(time.monotonic() - t) / 60:.1f} min ===", flush=True)
        if result.returncode != 0:
            failures.append(script.name)
    print(f"\nbenchmarks done in {(time.monotonic() - started) / 60:.1f} min"
          + (f"; FAILED: {', '.join(failures)}" if failures else "; figures appended to docs/benchmarks.md"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
