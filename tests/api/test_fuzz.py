"""The OpenAPI-driven fuzzer: every operation, signed in as the admin and as a mediator, never answers 5xx
and never serves a signed-in answer without its token (issue 9, point 4).

Sign-out, device revocation and password resets are left out so the run never signs itself out.
Each operation runs as its own Hypothesis test against the app in-process (WSGI); the failures of all
operations are reported together. (schemathesis' pytest plugin does not run under pytest 9 yet.)
"""
from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import ignored_auth

pytestmark = pytest.mark.slow

SIGNING_OUT = [("POST", "/api/auth/logout"), ("POST", "/api/devices/{device_id}/revoke"),
               ("POST", "/api/admin/users/{user_id}/password")]
CHECKS = [not_a_server_error, ignored_auth]
FUZZ = settings(max_examples=20, deadline=None, database=None, suppress_health_check=list(HealthCheck))


def fuzz_every_operation(app: Any, headers: dict[str, str]) -> list[str]:
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    for method, path in SIGNING_OUT:
        schema = schema.exclude(method=method, path=path)
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in GenerationMode:

            @FUZZ
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case: Any) -> None:
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                run()
            except Unsatisfiable:  # nothing to break: an operation without parameters or body
                continue
            except Exception as exc:  # every operation's failure, not only the first
                failures.append(f"{operation.label} ({mode}): {exc}")
    return failures


@pytest.mark.parametrize("username", ["admin", "mediator_a"])
def test_no_operation_answers_5xx_or_ignores_its_token(app, district, login, username):
    failures = fuzz_every_operation(app, login(username, device_id=f"fuzz-{username}"))
    assert not failures, "\n\n".join(failures)
