"""Under gunicorn with 4 workers on PostgreSQL, a puller looping from cursor zero sees exactly what was committed.

Several processes push at once; the puller's cursor must never skip a change that got a lower seq but
committed later (sync-protocol.md §6, invariant 4).
"""
from __future__ import annotations

import uuid
from concurrent.futures import ProcessPoolExecutor

import pytest
import sqlalchemy as sa

from tests.conftest import build_app
from tests.db_backends import fresh_postgres_database
from tests.factories import PASSWORD, make_district
from tests.server_process import flask, gunicorn, http, sign_in

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
PUSHERS, BATCHES, BATCH_SIZE = 4, 12, 25


def push_many(base: str, username: str, area_id: int, worker: int) -> list[str]:
    """One phone pushing BATCHES batches of creates; returns the ids the server applied."""
    device_id = f"load-{worker}-{uuid.uuid4().hex[:6]}"
    token = sign_in(base, username, PASSWORD, device_id)
    applied = []
    for batch in range(BATCHES):
        mutations = [{
            "mutation_id": str(uuid.uuid4()), "entity": "dispute", "id": str(uuid.uuid4()), "op": "create",
            "base_version": None, "changes": {"area_id": area_id, "title": f"并发测试{worker}-{batch}-{n}",
                                              "category": "neighbor", "source": "initiative"},
        } for n in range(BATCH_SIZE)]
        status, body = http("POST", f"{base}/api/sync/push", {"device_id": device_id, "mutations": mutations}, token)
        assert status == 200, body
        applied += [r["record"]["id"] for r in body["results"] if r["status"] == "applied"]
    return applied


def test_concurrent_pushes_never_let_a_pull_cursor_skip_or_repeat_a_change():
    with fresh_postgres_database() as url:
        flask(url, "db", "upgrade")
        app = build_app(url)
        with app.app_context():
            district = make_district()
            areas = {"mediator_a": district.grid_a.id, "mediator_a_peer": district.grid_a.id,
                     "mediator_b": district.grid_b.id, "supervisor_a": district.grid_a2.id}
            from app.extensions import db
            db.engine.dispose()
        with gunicorn(url, workers=4) as base:
            admin = sign_in(base, "admin", PASSWORD, "puller")
            seen: list[tuple[str, int]] = []
            cursor = None
            with ProcessPoolExecutor(max_workers=PUSHERS) as pool:
                futures = [pool.submit(push_many, base, user, area, n)
                           for n, (user, area) in enumerate(areas.items())]
                while not all(f.done() for f in futures):
                    cursor = _pull_page(base, admin, cursor, seen)
                applied = [record_id for f in futures for record_id in f.result()]
            while True:
                before = len(seen)
                cursor = _pull_page(base, admin, cursor, seen)
                if len(seen) == before:
                    break

        ids = [record_id for record_id, _ in seen]
        seqs = [seq for _, seq in seen]
        assert len(applied) == PUSHERS * BATCHES * BATCH_SIZE
        assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs), "a seq was repeated or out of order"
        assert sorted(ids) == sorted(applied), "the pulled changes differ from the committed ones"
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            committed = conn.execute(sa.text("SELECT count(*) FROM disputes")).scalar_one()
        engine.dispose()
        assert committed == len(applied)


def _pull_page(base: str, token: str, cursor: str | None, seen: list[tuple[str, int]]) -> str | None:
    query = f"?limit=200&cursor={cursor}" if cursor else "?limit=200"
    status, body = http("GET", f"{base}/api/sync/pull{query}", token=token)
    assert status == 200 and not body.get("reset"), body
    seen.extend((record["id"], record["seq"]) for record in body["records"])
    return body["cursor"]
