"""The phone's field checks are the server's: pwa/src/sync/field-rules.js is generated from the schemas and
policy (stale → fail), and the PWA's `fieldErrors` flags exactly the fields the server's `validate_changes`
refuses, for values on both sides of every kind of rule — fields no shared vector mentions included."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from app.schemas.field_rules import TARGET, module_text
from app.schemas.records import validate_changes

ROOT = Path(__file__).resolve().parents[2]
DISPUTE = "0195f3a2-7c1e-7d40-9a3b-2f6c8e1d4a57"

CASES = [
    ("dispute", "create", {"area_id": 4, "title": "漏水", "category": "neighbor", "source": "hotline"}),
    ("dispute", "create", {"area_id": 4, "title": "", "category": "neighbour", "source": ""}),
    ("dispute", "update", {"title": "  "}),
    ("dispute", "create", {}),
    ("dispute", "update", {"title": "x" * 200, "persons_involved": 100000, "amount_involved": 0}),
    ("dispute", "update", {"title": "x" * 201, "persons_involved": 100001, "amount_involved": -0.01}),
    ("dispute", "update", {"risk_flags": ["group_incident"], "linked_agencies": ["police", "court"]}),
    ("dispute", "update", {"risk_flags": ["riot"], "status": None, "agreement_no": "x" * 61}),
    ("dispute", "update", {"risk_level": None, "summary": None, "due_on": "2026-13-01", "area_id": 0}),
    ("party", "create", {"dispute_id": DISPUTE, "role": "applicant", "name": "王秀兰", "phone": "13812345678",
                         "id_number": "11010519491231002x", "birth_year": 1949, "ethnicity": "汉族"}),
    ("party", "create", {"dispute_id": DISPUTE.upper()[:-1], "role": "judge", "name": "王"}),
    ("party", "update", {"phone": "12812345678", "id_number": "110105194912310021", "birth_year": 1899}),
    ("party", "update", {"phone": "0531-88123456", "ethnicity": "x" * 21, "consent_method": "x" * 61}),
    ("party", "update", {"birth_year": 9999, "gender": "other", "occupation": None, "kind": None}),
    ("visit", "create", {"area_id": 4, "visited_at": "2026-11-02T10:00:00Z", "place": "三号楼", "purposes": []}),
    ("visit", "update", {"purposes": ["mediation"] * 21, "dispute_ids": ["not-a-uuid"], "location": "x" * 101}),
    ("mediation_log", "create", {"dispute_id": DISPUTE, "held_at": "2026-11-02T10:00:00Z", "result": "agreement",
                                 "rights_notice_given": True, "participants": "x" * 401}),
    ("followup", "update", {"method": "email", "satisfaction": "satisfied", "remaining_risk": "none"}),
    ("referral", "update", {"agency_kind": "police", "direction": "sideways", "status": "returned"}),
]


def test_the_generated_rules_are_current() -> None:
    assert TARGET.read_text(encoding="utf-8") == module_text(), "run: python -m app.schemas.field_rules"


@pytest.mark.skipif(shutil.which("node") is None or not (ROOT / "pwa" / "node_modules").exists(),
                    reason="needs node and pwa/node_modules")
def test_the_phone_flags_exactly_the_fields_the_server_refuses(app) -> None:
    script = ("import { fieldErrors } from './src/sync/rules.js';\n"
              f"const cases = {json.dumps(CASES, ensure_ascii=False)};\n"
              "console.log(JSON.stringify(cases.map(([entity, op, changes]) => fieldErrors({ entity, op, changes }))));\n")
    done = subprocess.run(["node", "--input-type=module", "-e", script], cwd=ROOT / "pwa",
                          capture_output=True, text=True, check=True, timeout=60)
    phone = json.loads(done.stdout.strip().splitlines()[-1])
    for (entity, op, changes), flagged in zip(CASES, phone, strict=True):
        with app.app_context():
            server = validate_changes(entity, changes, creating=op == "create")
        assert sorted(flagged) == sorted(server), f"{entity} {op} {changes}: phone {flagged}, server {server}"
    assert phone[1]["title"] == ["请填写标题"] and phone[5]["title"] == ["标题最多200个字。"] and phone[11]["phone"] == ["电话不是有效的手机或座机号码。"]
