"""The OpenAPI-driven fuzzer: every operation, signed in as the admin and as a mediator, never answers 5xx
and never serves a signed-in answer without its token (issue 9, point 4).

Each operation runs as its own Hypothesis test against the app in-process (WSGI), with data that fits
the document and data that does not, first with random path ids, then with the ids of a case, its party
and an open conflict that exist; the failures of all operations are reported together. Sign-out, device
revocation and password resets are left out so the run never signs itself out. (schemathesis' pytest
plugin does not run under pytest 9 yet, hence `as_strategy` with Hypothesis' own `given`.)
"""
from __future__ import annotations

import re
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import ignored_auth

from tests.phones import Phone, create, dispute_changes, update

pytestmark = pytest.mark.slow

SIGNING_OUT = [("POST", "/api/auth/logout"), ("POST", "/api/devices/{device_id}/revoke"),
               ("POST", "/api/admin/users/{user_id}/password")]
CHECKS = [not_a_server_error, ignored_auth]
FUZZ = settings(max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck))


@pytest.fixture
def existing(client, district) -> dict[str, Any]:
    """Path ids of rows that exist: a case of grid A with a party, a visit and an open conflict."""
    a, peer = Phone.sign_in(client, "mediator_a"), Phone.sign_in(client, "mediator_a_peer")
    dispute = create("dispute", dispute_changes(district.grid_a.id))
    party = create("party", {"dispute_id": dispute["id"], "role": "applicant", "name": "王秀兰",
                             "phone": "13812345678", "id_number": "11010519491231002X"})
    visit = create("visit", {"area_id": district.grid_a.id, "visited_at": "2026-11-28T08:00:00Z", "place": "3号楼",
                             "purposes": ["mediation"], "dispute_ids": [dispute["id"]]})
    a.push(dispute, party, visit)
    peer.push(update("dispute", dispute["id"], 1, {"summary": "版本甲"}))
    a.push(update("dispute", dispute["id"], 1, {"summary": "版本乙"}))
    [conflict] = client.get("/api/conflicts", headers=a.headers).get_json()["items"]
    return {"dispute_id": dispute["id"], "party_id": party["id"], "conflict_id": conflict["id"],
            "user_id": district.mediator_a_peer.id, "area_id": district.grid_a2.id}


def fuzz_every_operation(app: Any, headers: dict[str, str], existing: dict[str, Any]) -> list[str]:
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    for method, path in SIGNING_OUT:
        schema = schema.exclude(method=method, path=path)
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        known = {name: existing[name] for name in re.findall(r"{(\w+)}", operation.path) if name in existing}
        for mode in GenerationMode:
            for path_parameters in ({}, known) if known else ({},):

                @FUZZ
                @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters))
                def run(case: Any) -> None:
                    case.call_and_validate(headers=headers, checks=CHECKS)

                try:
                    run()
                except Unsatisfiable:  # nothing to vary: an operation without parameters or body
                    continue
                except Exception as exc:  # every operation's failure, not only the first
                    failures.append(f"{operation.label} ({mode}, {path_parameters}): {exc}")
    return failures


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
@pytest.mark.parametrize("username", ["admin", "mediator_a"])
def test_no_operation_answers_5xx_or_ignores_its_token(app, district, existing, login, username):
    failures = fuzz_every_operation(app, login(username, device_id=f"fuzz-{username}"), existing)
    assert not failures, "\n\n".join(failures)
