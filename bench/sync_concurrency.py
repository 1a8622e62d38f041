"""Sync under concurrency (docs/benchmarks.md, /work/shared/design/benchmarks.md):

gunicorn with 4 workers on a fresh PostgreSQL database; 50 simulated phones (mediators of two grids, two
phones each) push and pull for 60 s. Each round a phone pushes a small batch — new cases from
bench/generator.py, edits of its own records, one edit of a case another phone made — then pulls from its
cursor until it is level, and waits a moment. Afterwards every phone pulls once more and its copy must
equal a fresh first sync of its grid: every record, at its latest version.

Budget: 0 errors (HTTP failures, rejected mutations), 0 skipped changes (a record missing or behind on a
phone, a seq out of order in its stream); p95 push latency printed.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/sync_concurrency.py
    .venv/bin/python bench/sync_concurrency.py --database-url postgresql+psycopg://… --seconds 20 --no-append

DATABASE_URL (or --database-url) names the PostgreSQL server; the bench makes its own database there and
drops it afterwards. Prints a table and appends it to docs/benchmarks.md. Never part of the test suite.
"""
from __future__ import annotations

import argparse
import http.client
import os
import random
import statistics
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness as h
from bench.generator import UPDATABLE, Doc, device_streams, update_changes

WORKERS = 4
PHONES = 50
SECONDS = 60.0
PAGE = 500
CREATES, OWN_EDITS, SHARED_EDITS = 4, 2, 1       # mutations a phone pushes per round
THINK = 1.0                                      # mean seconds a phone waits between rounds
CLIENT_TIME = "2026-03-02T08:00:00Z"
SERVER_ENV = {"JWT_ACCESS_SECONDS": "7200"}


@dataclass
class Phone:
    username: str
    grid: str
    device_id: str
    docs: list[Doc]
    rng: random.Random
    token: str = ""
    cursor: str | None = None
    last_seq: int = 0
    next_doc: int = 0
    rounds: int = 0
    seen: dict[str, tuple[int, int]] = field(default_factory=dict)     # id -> (version, seq)
    own: dict[str, tuple[Doc, int]] = field(default_factory=dict)      # updatable records it made: doc, version
    shared: dict[str, int] = field(default_factory=dict)               # disputes others made: id -> version
    push_ms: list[float] = field(default_factory=list)
    pull_ms: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    pulled: int = 0
    errors: list[str] = field(default_factory=list)
    out_of_order: int = 0


def mutation(entity: str, record_id: str, op: str, changes: dict, base: int | None, tag: str) -> dict:
    return {"mutation_id": tag, "entity": entity, "id": record_id, "op": op, "base_version": base,
            "changes": changes, "client_time": CLIENT_TIME}


def next_batch(phone: Phone) -> list[dict]:
    """New cases in generator order (a dispute before its parties), edits of its own, one of another phone's."""
    batch = []
    stamp = f"{phone.device_id}-{phone.rounds}"
    for doc in phone.docs[phone.next_doc:phone.next_doc + CREATES]:
        batch.append(mutation(doc.entity, doc.id, "create", doc.fields, None, f"c-{doc.id}"))
    phone.next_doc += CREATES
    for n, record_id in enumerate(phone.rng.sample(sorted(phone.own), min(OWN_EDITS, len(phone.own)))):
        doc, version = phone.own[record_id]
        changes = update_changes(doc, phone.rounds)
        batch.append(mutation(doc.entity, doc.id, "update", changes, version, f"u-{stamp}-{n}"))
    for n, dispute_id in enumerate(phone.rng.sample(sorted(phone.shared), min(SHARED_EDITS, len(phone.shared)))):
        changes = {"persons_involved": phone.rng.randint(2, 30)}
        batch.append(mutation("dispute", dispute_id, "update", changes, phone.shared[dispute_id], f"s-{stamp}-{n}"))
    return batch


def push(base: str, phone: Phone) -> None:
    batch = next_batch(phone)
    if not batch:
        return
    body = {"device_id": phone.device_id, "device": {"app_version": "bench", "outbox_size": len(batch)},
            "mutations": batch}
    started = time.perf_counter()
    reply = h.request(base, "POST", "/api/sync/push", body, token=phone.token, timeout=120)
    phone.push_ms.append((time.perf_counter() - started) * 1000)
    if reply.status != 200:
        phone.errors.append(f"push {reply.status}: {str(reply.body)[:200]}")
        return
    docs = {doc.id: doc for doc in phone.docs}
    for result in reply.body["results"]:
        phone.statuses[result["status"]] += 1
        if result["status"] == "rejected":
            phone.errors.append(f"rejected {result.get('error_code')}: {str(result.get('errors'))[:200]}")
            continue
        record = result["record"]
        doc = docs.get(record["id"])
        if doc is not None and doc.entity in UPDATABLE:
            fields = {name: record[name] for name in doc.fields if name in record}
            phone.own[doc.id] = (Doc(doc.entity, doc.id, fields), record["version"])
        elif record["id"] in phone.shared:
            phone.shared[record["id"]] = record["version"]


def pull(base: str, phone: Phone) -> None:
    """From the phone's cursor until level; seqs must rise strictly across the whole stream."""
    while True:
        path = f"/api/sync/pull?limit={PAGE}" + (f"&cursor={phone.cursor}" if phone.cursor else "")
        started = time.perf_counter()
        reply = h.request(base, "GET", path, token=phone.token, gzip_ok=True, timeout=120)
        phone.pull_ms.append((time.perf_counter() - started) * 1000)
        if reply.status != 200 or reply.body.get("reset"):
            phone.errors.append(f"pull {reply.status}: {str(reply.body)[:200]}")
            return
        for record in reply.body["records"]:
            if record["seq"] <= phone.last_seq:
                phone.out_of_order += 1
            phone.last_seq = max(phone.last_seq, record["seq"])
            phone.seen[record["id"]] = (record["version"], record["seq"])
            if record["entity"] == "dispute" and record["id"] not in phone.own:
                phone.shared[record["id"]] = record["version"]
        phone.pulled += len(reply.body["records"])
        phone.cursor = reply.body["cursor"]
        if not reply.body["has_more"]:
            return


def run_phone(base: str, phone: Phone, until: float, think: float) -> None:
    while time.monotonic() < until:
        try:
            push(base, phone)
            pull(base, phone)
        except (OSError, http.client.HTTPException, ValueError, KeyError) as error:
            phone.errors.append(f"{type(error).__name__}: {error}")
        phone.rounds += 1
        time.sleep(phone.rng.uniform(0.5, 1.5) * think)


def first_sync(base: str, username: str) -> dict[str, tuple[int, int]]:
    """The grid as a new phone sees it: the truth each phone's copy must equal."""
    truth = Phone(username, "", f"truth-{username}", [], random.Random(0))
    truth.token = h.sign_in(base, username, truth.device_id)
    pull(base, truth)
    if truth.errors:
        raise RuntimeError(truth.errors[0])
    return truth.seen


def skipped_changes(phone: Phone, truth: dict[str, tuple[int, int]]) -> int:
    """Records the phone lacks or holds at an older version than the server, plus seqs seen out of order."""
    behind = sum(1 for record_id, (version, _) in truth.items()
                 if phone.seen.get(record_id, (0, 0))[0] < version)
    return behind + phone.out_of_order


def populate(url: str, per_grid: int) -> tuple[dict[str, list[str]], dict[str, int]]:
    """The test district plus `per_grid` more mediators in each of grids A and B: usernames and area ids by grid."""
    from app.extensions import db
    from app.services.access.users import create_user
    from tests.conftest import build_app
    from tests.factories import make_district

    app = build_app(url)
    with app.app_context():
        district = make_district()
        grids = {"A": district.grid_a, "B": district.grid_b}
        names: dict[str, list[str]] = {}
        for label, grid in grids.items():
            names[label] = []
            for number in range(per_grid):
                user = create_user(username=f"bench_{label.lower()}_{number}", display_name=f"Bench {label}{number}",
                                   role="mediator", area_code=grid.code, password=h.PASSWORD, commit=False)
                names[label].append(user.username)
        area_ids = {label: grid.id for label, grid in grids.items()}
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return names, area_ids


def plan_phones(names: dict[str, list[str]], areas: dict[str, int], phones: int, per_phone: int) -> list[Phone]:
    """Two phones per mediator, alternating grids; each with its own cases."""
    planned = []
    mediators = [(grid, name) for pair in zip(names["A"], names["B"]) for grid, name in zip("AB", pair)]
    for number in range(phones):
        grid, username = mediators[(number // 2) % len(mediators)]
        docs = device_streams(areas[grid], 1, per_phone, seed=7000 + number)[0]
        planned.append(Phone(username, grid, f"phone-{number:02d}", docs, random.Random(number)))
    return planned


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def bench(server_url: str, phones: int, seconds: float, think: float) -> tuple[str, bool]:
    os.environ["DATABASE_URL"] = server_url
    from tests.db_backends import fresh_postgres_database

    with fresh_postgres_database() as url:
        h.flask(url, "db", "upgrade")
        names, areas = populate(url, per_grid=(phones + 3) // 4)
        per_phone = CREATES * int(seconds / (0.5 * think) + 10)
        fleet = plan_phones(names, areas, phones, per_phone)
        with h.gunicorn(url, workers=WORKERS, **SERVER_ENV) as base:
            for phone in fleet:
                phone.token = h.sign_in(base, phone.username, phone.device_id)
            started = time.monotonic()
            with ThreadPoolExecutor(len(fleet)) as pool:
                list(pool.map(lambda p: run_phone(base, p, started + seconds, think), fleet))
            elapsed = time.monotonic() - started
            with ThreadPoolExecutor(8) as pool:
                list(pool.map(lambda p: pull(base, p), fleet))
            truths = {grid: first_sync(base, names[grid][0]) for grid in ("A", "B")}
    return report(fleet, truths, elapsed, seconds, think)


def report(fleet: list[Phone], truths: dict[str, dict[str, tuple[int, int]]], elapsed: float,
           seconds: float, think: float) -> tuple[str, bool]:
    push_ms = [ms for phone in fleet for ms in phone.push_ms]
    pull_ms = [ms for phone in fleet for ms in phone.pull_ms]
    statuses = sum((phone.statuses for phone in fleet), Counter())
    errors = [error for phone in fleet for error in phone.errors]
    skipped = sum(skipped_changes(phone, truths[phone.grid]) for phone in fleet)
    pushed = sum(statuses.values())
    ok = not errors and skipped == 0
    rows = [[
        f"{len(fleet)} phones, {WORKERS} workers", f"{elapsed:.0f} s", f"{sum(p.rounds for p in fleet):,}",
        f"{len(push_ms):,} / {pushed:,}", f"{len(pull_ms):,} / {sum(p.pulled for p in fleet):,}",
        f"{statistics.median(push_ms):.0f} / {percentile(push_ms, 0.95):.0f} / {max(push_ms):.0f}",
        f"{statistics.median(pull_ms):.0f} / {percentile(pull_ms, 0.95):.0f}",
        str(len(errors)), str(skipped),
    ]]
    lines = [
        (f"**Concurrency** — gunicorn {WORKERS} workers on PostgreSQL; {len(fleet)} phones (two grids) each "
         f"pushing {CREATES} new records, {OWN_EDITS} edits of its own and {SHARED_EDITS} of another phone's case "
         f"per round, pulling (pages of {PAGE}) until level, then waiting ~{think:g} s; {seconds:g} s"),
        "",
        h.table(["load", "ran", "rounds", "pushes / mutations", "pulls / records pulled",
                 "push ms p50 / p95 / max", "pull ms p50 / p95", "errors", "skipped changes"], rows),
        "",
        "- outcomes: " + ", ".join(f"{status} {count:,}" for status, count in sorted(statuses.items())),
        f"- final check: every phone's copy equals a fresh first sync of its grid "
        f"({', '.join(f'grid {g}: {len(t):,} records' for g, t in truths.items())}): "
        + ("yes" if skipped == 0 else f"**no — {skipped} skipped changes**"),
        f"- budget: 0 errors, 0 skipped changes: {'met' if ok else '**NOT MET**'}",
    ]
    if errors:
        lines.append("- first errors: " + "; ".join(sorted(set(errors))[:5]))
    return "\n".join(lines) + "\n", ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""),
                        help="a PostgreSQL server URL (default: DATABASE_URL); a fresh database is made on it")
    parser.add_argument("--phones", type=int, default=PHONES)
    parser.add_argument("--seconds", type=float, default=SECONDS)
    parser.add_argument("--think", type=float, default=THINK, help="mean seconds between a phone's rounds")
    parser.add_argument("--no-append", action="store_true", help="print only; do not append to docs/benchmarks.md")
    args = parser.parse_args(argv)
    if not args.database_url.startswith(("postgresql", "postgres://")):
        print("sync_concurrency: needs a PostgreSQL server: set DATABASE_URL or pass --database-url")
        return 2
    h.record_start()
    text, ok = bench(args.database_url, args.phones, args.seconds, args.think)
    print("\n" + text)
    if not args.no_append:
        h.append_results("sync concurrency", text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
