"""The sign-in limit of the default `make run` (gunicorn, 2 workers, SQLite, no Redis) holds exactly as configured.

Each worker is a process of its own; a counter kept in one process would let every worker
allow the full limit. Sequential attempts on fresh connections land on either worker, so
over several names a per-process count is all but certain to let a fourth guess through.
Guesses sent at once keep both workers busy; a check-then-count limit lets one through
per worker between its check and its count.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.server_process import flask, gunicorn, http

pytestmark = pytest.mark.slow
GUESSED_NAMES = 8


def guess(base: str, username: str) -> int:
    status, _ = http("POST", f"{base}/api/auth/login", {
        "username": username, "password": "wrong-password-1", "device_id": "deploy-guesser"})
    return status


def test_three_failed_sign_ins_a_minute_means_three_across_both_workers(tmp_path):
    url = f"sqlite:///{tmp_path / 'tiaojie.sqlite3'}"
    flask(url, "db", "upgrade")

    with gunicorn(url, workers=2, LOGIN_RATE_LIMIT="3 per minute",
                  LOGIN_ADDRESS_RATE_LIMIT="1000 per minute") as base:
        answers = {n: [guess(base, f"nobody_{n}") for _ in range(5)] for n in range(GUESSED_NAMES)}

    assert answers == {n: [401, 401, 401, 429, 429] for n in range(GUESSED_NAMES)}


def test_guesses_sent_all_at_once_to_both_workers_get_exactly_the_limit(tmp_path):
    url = f"sqlite:///{tmp_path / 'tiaojie.sqlite3'}"
    flask(url, "db", "upgrade")

    with gunicorn(url, workers=2, LOGIN_RATE_LIMIT="3 per minute",
                  LOGIN_ADDRESS_RATE_LIMIT="1000 per minute") as base:
        with ThreadPoolExecutor(max_workers=6) as pool:
            rounds = [sorted(pool.map(lambda _: guess(base, f"racer_{n}"), range(6))) for n in range(4)]

    assert rounds == [[401, 401, 401, 429, 429, 429]] * 4
