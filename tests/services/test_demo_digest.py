"""The demo district is pinned row for row: a digest of every table after seeding at a fixed clock.

Moving the demo's data or splitting its builder must not change a single record. When the demo is
changed on purpose (or a model gains a column), run `.venv/bin/python -m tests.services.test_demo_digest`
and paste the digests it prints into EXPECTED.
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime

import pytest
import sqlalchemy as sa

NOW = datetime(2026, 6, 1, 4, 0)  # naive UTC: 12:00 in Beijing
# Columns that are not the demo's: a fresh salt per hash, the wall clock, a fresh id per database.
NOT_DEMO_DATA = {("users", "password_hash"), ("users", "created_at"), ("server_sequence", "database_id")}
EXPECTED = {
    "areas": "a7e1ffb5b65cc8b2",
    "case_counters": "9e3b7f34644ec56c",
    "rate_limit_counters": "96f85e2577af26df",
    "server_sequence": "cb8d8675befa4247",
    "committees": "d3e9e80b82d88f2e",
    "users": "1c8855eeefffeeaa",
    "applied_mutations": "b02a18b3d6ddb279",
    "audit_log": "55eb7d3d2a1e6194",
    "change_history": "9971e7176120f868",
    "conflicts": "cf705fde6f644559",
    "devices": "80c17aac210cc14c",
    "disputes": "e4d9599c6a121671",
    "mediator_profiles": "617399c899006d40",
    "user_committees": "4de9d3f345bd0cd1",
    "visits": "46c5a52ae331c092",
    "attachments": "568bf1f5d101fec6",
    "device_health": "41ae016b5424a4ab",
    "followups": "f9eb3a47bacd54ed",
    "mediation_logs": "678aa1fb7ec9deb0",
    "parties": "6a1de9d9bcbfeb0f",
    "referrals": "35cb00be898dcb31",
}


def table_digests(db) -> dict[str, str]:
    """{table: sha256 of its rows (each column but NOT_DEMO_DATA), sorted} for every table."""
    digests = {}
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if (table.name, c.name) not in NOT_DEMO_DATA]
        rows = sorted(json.dumps(list(row), default=str, ensure_ascii=False, sort_keys=True)
                      for row in db.session.execute(sa.select(*columns)))
        text = "\n".join([",".join(c.name for c in columns), *rows])
        digests[table.name] = hashlib.sha256(text.encode()).hexdigest()[:16]
    return digests


@pytest.mark.slow
def test_the_demo_district_seeds_the_recorded_rows(db):
    from app.services.demo.seed import seed_demo

    seed_demo(if_empty=True, now=NOW)
    assert table_digests(db) == EXPECTED


if __name__ == "__main__":
    import tempfile

    from app.extensions import db as database
    from app.services.demo.seed import seed_demo
    from tests.conftest import build_app

    with build_app(f"sqlite:///{tempfile.mkdtemp()}/demo.sqlite3").app_context():
        seed_demo(if_empty=True, now=NOW)
        print(json.dumps(table_digests(database), indent=4))
