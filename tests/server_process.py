"""A real server process for tests that speak real HTTP: migrated database, gunicorn, a free port."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
SERVER_SECRETS = {
    "SECRET_KEY": "deploy-test-secret-0123456789abcdef0123456789",
    "JWT_SECRET_KEY": "deploy-test-jwt-secret-0123456789abcdef01234567",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url: str, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    return {**env, **SERVER_SECRETS, "DATABASE_URL": database_url, "FLASK_APP": "wsgi.py", **extra}


def flask(database_url: str, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([str(VENV_BIN / "flask"), *args], cwd=ROOT, env=server_env(database_url),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@dataclass(frozen=True)
class Served:
    base: str        # the base URL
    pid: int         # gunicorn's master process: its workers are its children


@contextmanager
def gunicorn(database_url: str, workers: int = 2, log: Path | None = None, **env: str) -> Iterator[str]:
    """Serve the app under gunicorn; yields the base URL, stops the server afterwards.
    With `log`, everything the server writes (access log included) goes to that file."""
    with gunicorn_process(database_url, workers, log, **env) as served:
        yield served.base


@contextmanager
def gunicorn_process(database_url: str, workers: int = 2, log: Path | None = None, **env: str) -> Iterator[Served]:
    """`gunicorn`, yielding the master's pid beside the base URL (to watch its workers). Without `log`, what
    the server writes but the access log goes to a temporary file (a pipe nobody reads would fill and stall it)."""
    port = free_port()
    access_log = "-" if log else "/dev/null"
    with open(log, "w") if log else tempfile.TemporaryFile("w+") as log_file:
        process = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-c", "gunicorn.conf.py", "-w", str(workers), "-b", f"127.0.0.1:{port}",
             "--access-logfile", access_log, "wsgi:app"],
            cwd=ROOT, env=server_env(database_url, **env), stdout=log_file, stderr=subprocess.STDOUT, text=True)
        base = f"http://127.0.0.1:{port}"
        try:
            try:
                wait_until_healthy(base, process)
            except RuntimeError:
                log_file.seek(0)
                raise RuntimeError(f"server exited early:\n{'' if log else log_file.read()}") from None
            yield Served(base, process.pid)
        finally:
            stop(process)


def stop(process: subprocess.Popen, seconds: float = 20) -> None:
    """Ask the server to stop; kill it if it does not."""
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()


def wait_until_healthy(base: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{process.stdout.read() if process.stdout else ''}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise TimeoutError("server did not become healthy")


def http(method: str, url: str, body: Any = None, token: str | None = None) -> tuple[int, Any]:
    """One JSON request; returns (status, parsed body)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        raw = error.read()
        return error.code, json.loads(raw) if raw else None


def sign_in(base: str, username: str, password: str, device_id: str) -> str:
    status, body = http("POST", f"{base}/api/auth/login",
                        {"username": username, "password": password, "device_id": device_id})
    assert status == 200, body
    return body["access_token"]


def migrated_district(folder: Path) -> tuple[str, int]:
    """A SQLite file in `folder`, migrated, holding the test district: its URL and grid A's id."""
    from app.extensions import db
    from tests.conftest import build_app
    from tests.factories import make_district

    url = f"sqlite:///{folder / 'tiaojie.sqlite3'}"
    flask(url, "db", "upgrade")
    app = build_app(url)
    with app.app_context():
        grid = make_district().grid_a.id
        db.engine.dispose()
    return url, grid
