"""One contract, two readers: the cases in dossier/cases.json through sync/dossier.py here, and through the
phone's pwa/src/domain/dossier.js in pwa/tests/dossier.test.js, which reads the table from dossier/table.json.

table.json is generated from sync/dossier.py: after changing the table run
`.venv/bin/python -m tests.sync.test_dossier_contract` (the first test fails while it is stale).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sync import dossier

HERE = Path(__file__).parent / "dossier"
TABLE = HERE / "table.json"
CASES = json.loads((HERE / "cases.json").read_text(encoding="utf-8"))["cases"]


def table_text() -> str:
    return json.dumps(dossier.as_json(), ensure_ascii=False, indent=1) + "\n"


def test_the_table_fixture_is_the_engines_table() -> None:
    assert TABLE.read_text(encoding="utf-8") == table_text(), "run: .venv/bin/python -m tests.sync.test_dossier_contract"


def reading(records: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    status = dossier.completeness(records)
    required = [item for item in status["items"] if item["required"]]
    missing = [item["paper"] for item in required if not item["present"]]
    return {"path": status["path"], "complete": status["complete"], "present": len(required) - len(missing),
            "required": len(required), "missing": missing}


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_the_engine_reads_each_case_as_the_contract_says(case: dict[str, Any]) -> None:
    assert reading(case["records"]) == case["expected"]
    assert [paper["paper"] for paper in dossier.missing_papers(case["records"])] == case["expected"]["missing"]


if __name__ == "__main__":
    TABLE.write_text(table_text(), encoding="utf-8")
    print(f"wrote {TABLE}")
