"""Initial pull (docs/benchmarks.md, /work/shared/design/benchmarks.md): a mediator's first sync of a
20,000-record grid, pages of 1,000: records/s and gzipped bytes/record on the wire; beside it the peer's
`_changes?include_docs=true` of the same documents.

The grid is filled as the push benchmark leaves it (half the records created and then each updated once,
20 devices, batches of 500), then topped up with creates; none of that is timed.

    .venv/bin/python bench/sync_pull.py                # 3 runs with the peer
    .venv/bin/python bench/sync_pull.py --runs 1 --no-peer --records 2000 --no-append

Prints a table, appends it to docs/benchmarks.md. Never part of the test suite.
"""
from __future__ import annotations

import argparse
import sys
from contextlib import nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness as h  # noqa: E402
from bench import sync_clients as c  # noqa: E402

RECORDS = 20_000
# peer reference figures (design/benchmarks.md): pull 9,200–9,500 docs/s
BUDGET_PULL_RATIO, BUDGET_PULL_BYTES = 2.0, 600


def fill_grid(base: str, district: h.District, peer: h.Peer | None, records: int) -> None:
    """`records` records in grid A, on our server and the peer: half created then updated, half created after."""
    devices = c.plan_devices(district, "fill", records // 2 // c.DEVICES, with_updates=True)
    more = c.plan_devices(district, "pull", (records - records // 2) // c.DEVICES, with_updates=False, seed_offset=7)
    c.sign_in_all(base, devices + more)
    for group, phases in ((devices, ("creates", "updates")), (more, ("creates",))):
        for phase in phases:
            t, counts = c.push_ours(base, group, phase)
            print(f"pull setup: {sum(len(b) for d in group for b in getattr(d, phase)):,} {phase} in {t:.1f} s "
                  f"({counts.most_common(3)})", flush=True)
            if peer:
                c.push_peer(peer, group, phase)


def bench_pull(runs: int, use_peer: bool, records: int) -> str:
    ours, peers, ratios = [], [], []
    figures: list[c.PullFigures] = []
    peer_figures: list[c.PullFigures] = []
    with h.maybe_peer() if use_peer else nullcontext() as peer, h.fresh_database() as district, \
            h.gunicorn(district.url, workers=2, **c.SERVER_ENV) as base:
        if peer:
            peer.fresh()
        fill_grid(base, district, peer, records)
        for run in range(1, runs + 1):
            fig = c.pull_ours(base, "mediator_a", f"bench-puller-{run}")
            figures.append(fig)
            ours.append(fig.rate)
            if peer:
                pf = c.pull_peer(peer)
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
    text = (f"**Initial pull** — mediator's first sync of a {fig.records:,}-record grid, pages of {c.PAGE}, "
            f"median of {runs} runs\n\n"
            + h.table(["side", "records", "records/s (median)", "range", "bytes/record gzipped", "bytes/record raw",
                       "server compresses"], rows)
            + "\n\n" + "\n".join(f"- {v}" for v in verdicts) + "\n")
    print("\n" + text)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="first syncs (median; at least 3 for the record)")
    parser.add_argument("--records", type=int, default=RECORDS, help="records in the grid")
    parser.add_argument("--no-peer", action="store_true", help="skip pouchdb-server")
    parser.add_argument("--no-append", action="store_true", help="print only; do not append to docs/benchmarks.md")
    args = parser.parse_args(argv)
    use_peer = not args.no_peer and h.peer_binary() is not None
    return h.run_and_record("sync_pull", "sync pull", not args.no_append,
                            lambda: bench_pull(args.runs, use_peer, args.records))


if __name__ == "__main__":
    sys.exit(main())
