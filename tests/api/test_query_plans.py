"""Every query of the sync and case-file paths reads through an index (SQLite's plans).

A query that scans a growing table gets slower with every edit ever made: the change history,
stored outcomes and records grow without end. Only `areas` may be scanned: a district has a few
hundred areas, and finding the areas under a path is a prefix match over them. `json_each` is no table:
it walks the ids bound to one query (`app/services/sync/one_of.py`), while the table they are looked up
in is searched by its index (a scan of it would show up under its own name).
"""
import re

import pytest
import sqlalchemy as sa

from tests.phones import Phone, create, dispute_changes, update

SMALL_TABLES = {"areas"}
BOUND_LISTS = {"json_each"}


def _plans(db, statements):
    """(statement, the tables its plan scans) for every read, update and delete sent."""
    connection = db.engine.raw_connection()
    try:
        for statement, parameters, many in statements:
            if not statement.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE", "WITH")):
                continue
            plan = connection.cursor().execute(
                "EXPLAIN QUERY PLAN " + statement, parameters[0] if many else parameters).fetchall()
            scanned = {row[3].split()[1] for row in plan if row[3].startswith("SCAN ") and "(" not in row[3].split()[1]}
            yield statement, scanned
    finally:
        connection.close()


def _recorded(db, act):
    statements = []

    def record(_conn, _cursor, statement, parameters, _context, executemany):
        statements.append((statement, parameters, executemany))

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        act()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    return statements


def test_pushes_pulls_conflicts_and_a_cases_history_scan_no_growing_table(client, district, db):
    phone, other = Phone.sign_in(client, "mediator_a"), Phone.sign_in(client, "mediator_a_peer")
    dispute = create("dispute", dispute_changes(district.grid_a.id))
    party = create("party", {"dispute_id": dispute["id"], "role": "applicant", "name": "王秀兰",
                             "phone": "13812345678", "consent": "consented"})
    phone.push(dispute, party)
    other.push(update("dispute", dispute["id"], 1, {"summary": "另一台手机的说明"}))
    supervisor = Phone.sign_in(client, "supervisor_a")

    def act():
        phone.push(update("dispute", dispute["id"], 1, {"summary": "这台手机的说明"}),
                   update("party", party["id"], 1, {"name": "王秀"}))
        phone.pull()
        assert client.get("/api/conflicts?status=open", headers=supervisor.headers).status_code == 200
        assert client.get(f"/api/disputes/{dispute['id']}/history", headers=supervisor.headers).status_code == 200

    statements = _recorded(db, act)
    assert any("change_history" in statement for statement, _, _ in statements)
    scans = {statement.split("\n")[0][:120]: tables - SMALL_TABLES - BOUND_LISTS
             for statement, tables in _plans(db, statements) if tables - SMALL_TABLES - BOUND_LISTS}
    assert scans == {}


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_a_push_linking_to_many_stored_cases_reads_them_in_the_same_few_queries_as_to_two(client, district, db):
    """Parties and visits of cases already on the server: the batch's links are read with its records
    (one query per table), never one case at a time."""
    phone = Phone.sign_in(client, "mediator_a")
    cases = [create("dispute", dispute_changes(district.grid_a.id, title=f"案件{n}")) for n in range(12)]
    phone.push(*cases)

    def parties(disputes):
        return [create("party", {"dispute_id": case["id"], "role": "applicant", "name": "王秀兰"}) for case in disputes]

    def visit(disputes):
        return [create("visit", {"area_id": district.grid_a.id, "visited_at": "2026-11-22T01:00:00Z",
                                 "place": "兴福小区", "purposes": ["risk_screening"],
                                 "dispute_ids": [case["id"] for case in disputes]})]

    def selects(mutations):
        results = []
        statements = _recorded(db, lambda: results.extend(phone.push(*mutations)))
        assert {result["status"] for result in results} == {"applied"}
        return sum(1 for statement, _, _ in statements if statement.lstrip().upper().startswith("SELECT"))

    assert selects(parties(cases[:2])) == selects(parties(cases[2:8]))
    assert selects(visit(cases[:2])) == selects(visit(cases[6:12]))


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_a_batch_of_edits_reads_its_records_and_their_cases_at_once_and_from_their_own_tables(client, district, db):
    """A create's id is looked for in every synced table (ids are unique across entities), an edited record
    only in its own table, and a batch's records and the cases they belong to in one query each: editing a case
    and the parties of six stored cases reads as often as of two, the cases once, and none of the tables of
    visits and the rest."""
    phone = Phone.sign_in(client, "mediator_a")
    cases = [create("dispute", dispute_changes(district.grid_a.id, title=f"案件{n}")) for n in range(8)]
    parties = [create("party", {"dispute_id": case["id"], "role": "applicant", "name": "王秀兰"}) for case in cases]
    phone.push(*cases, *parties)

    def reads(edited):
        results = []
        edits = [update("dispute", edited[0]["changes"]["dispute_id"], 1, {"summary": "补充的说明"})]
        edits += [update("party", party["id"], 1, {"name": "王秀"}) for party in edited]
        statements = _recorded(db, lambda: results.extend(phone.push(*edits)))
        assert {result["status"] for result in results} == {"applied"}
        return [statement for statement, _, _ in statements if statement.lstrip().upper().startswith("SELECT")]

    two, six = reads(parties[:2]), reads(parties[2:])
    assert len(six) == len(two)
    read = {table for statement in six for table in re.findall(r"\bFROM (\w+)", statement)}
    assert {"parties", "disputes"} <= read
    assert sum(1 for statement in six if re.search(r"\bFROM disputes\b", statement)) == 1
    assert read.isdisjoint({"visits", "mediation_logs", "followups", "referrals", "attachments"})
