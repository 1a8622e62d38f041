"""Growth (docs/benchmarks.md, /work/shared/design/benchmarks.md): one database grown in stages to 1k, 10k
and 100k records — push µs/record of each stage's new creates, then a first sync of the whole grid, with the
gunicorn workers' peak RSS; the peer the same beside it. The 100k stage runs only if the 10k stage's rates
say it ends within the time budget.

    .venv/bin/python bench/sync_growth.py              # 1k, 10k, 100k with the peer (~10 min on 2 cores)
    .venv/bin/python bench/sync_growth.py --max-growth 1000 --no-peer --no-append

Prints a table, appends it to docs/benchmarks.md. Never part of the test suite.
"""
from __future__ import annotations

import argparse
import sys
import time
from contextlib import nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness as h  # noqa: E402
from bench import sync_clients as c  # noqa: E402

SIZES = (1_000, 10_000, 100_000)


def bench_growth(sizes: list[int], use_peer: bool, deadline: float) -> str:
    """One database grown in stages to each size: push time per record of each stage's new creates,
    then a full first sync of everything; the peer the same beside it."""
    rows = []
    notes = []
    with h.maybe_peer() if use_peer else nullcontext() as peer, h.fresh_database() as district, \
            h.gunicorn_process(district.url, workers=2, **c.SERVER_ENV) as served:
        base = served.base
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
            count = max(1, min(c.DEVICES, new // c.BATCH))   # full batches of 500 at every stage
            devices = c.plan_devices(district, f"g{stage}", new // count, with_updates=False, seed_offset=100 + stage,
                                   count=count)
            c.sign_in_all(base, devices)
            t_push, counts = c.push_ours(base, devices, "creates")
            if set(counts) - {"applied"}:
                notes.append(f"{size:,}: outcomes {dict(counts)}")
            rss = h.RssSampler(workers_of=served.pid)
            fig = c.pull_ours(base, "mediator_a", f"bench-growth-{stage}", on_page=rss.sample)
            peer_push = peer_pull = None
            if peer:
                peer_push = c.push_peer(peer, devices, "creates")
                peer_pull = c.pull_peer(peer)
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
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-growth", type=int, default=SIZES[-1], help="largest stage")
    parser.add_argument("--budget-minutes", type=float, default=15.0,
                        help="a last stage that would end after this much time is skipped and reported")
    parser.add_argument("--no-peer", action="store_true", help="skip pouchdb-server")
    parser.add_argument("--no-append", action="store_true", help="print only; do not append to docs/benchmarks.md")
    args = parser.parse_args(argv)
    sizes = [size for size in SIZES if size <= args.max_growth]
    use_peer = not args.no_peer and h.peer_binary() is not None
    deadline = time.monotonic() + args.budget_minutes * 60
    return h.run_and_record("sync_growth", "sync growth", not args.no_append,
                            lambda: bench_growth(sizes, use_peer, deadline))


if __name__ == "__main__":
    sys.exit(main())
