"""Browser tests: a real server process on a fresh, migrated, seeded SQLite file, and headless Chromium.

They skip with a clear message when Chromium or the PWA build is missing, unless
TIAOJIE_REQUIRE_BROWSER=1 (CI), where a missing piece is a failure.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.server_process import free_port, stop, wait_until_healthy

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("TIAOJIE_CHROMIUM", "/usr/bin/chromium"))
# TIAOJIE_TEST_PWA_DIST: test a build made elsewhere (e.g. `vite build --outDir /tmp/x`)
DIST = Path(os.environ.get("TIAOJIE_TEST_PWA_DIST") or ROOT / "pwa" / "dist")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DEMO_PASSWORD = "demo-pass-2026"
PHONE = {"width": 360, "height": 740}


def _missing_piece() -> str | None:
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM} (install Debian's `chromium`)"
    if not (DIST / "index.html").is_file() or not (DIST / "sw.js").is_file():
        return f"the PWA is not built ({DIST} missing): run `make pwa` (cd pwa && npm ci && npm run build)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed"
    return None


def require_browser() -> None:
    """Skip (or, with TIAOJIE_REQUIRE_BROWSER=1, fail) when the browser tests cannot run."""
    missing = _missing_piece()
    if missing:
        if os.environ.get("TIAOJIE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests required but cannot run: {missing}")
        pytest.skip(f"browser tests skipped: {missing}")


class LiveServer:
    """The running app: its base URL and a small JSON client for checking what reached the server."""

    def __init__(self, url: str, env: dict[str, str], log: Path, dist: Path) -> None:
        self.url = url
        self.env = env
        self.log = log
        self.dist = dist  # the build this server serves: a test may publish a new version here

    def api(self, method: str, path: str, body: Any = None, token: str | None = None) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.url}{path}", data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def login(self, username: str, password: str = DEMO_PASSWORD) -> str:
        status, body = self.api("POST", "/api/auth/login", {
            "username": username, "password": password, "device_id": f"e2e-check-{uuid.uuid4().hex[:12]}"})
        assert status == 200, body
        return body["access_token"]

    def push_applied(self, username: str, *mutations: dict) -> list[dict]:
        """Push from a new device of `username` (another phone, the desk) and require every edit applied."""
        device_id = f"e2e-push-{uuid.uuid4().hex[:8]}"
        status, body = self.api("POST", "/api/auth/login", {
            "username": username, "password": DEMO_PASSWORD, "device_id": device_id})
        assert status == 200, body
        status, pushed = self.api("POST", "/api/sync/push", {"device_id": device_id, "mutations": list(mutations)},
                                  token=body["access_token"])
        assert status == 200 and {r["status"] for r in pushed["results"]} == {"applied"}, pushed
        return pushed["results"]

    def flask(self, *args: str) -> str:
        """Run a `flask` command against the test database (e.g. to revoke a device)."""
        done = subprocess.run([sys.executable, "-m", "flask", *args], cwd=ROOT, env=self.env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The server most tests share (15-minute access tokens)."""
    yield from _serve(tmp_path_factory.mktemp("e2e-server"), {})


@pytest.fixture(scope="session")
def short_token_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server whose access tokens expire after 3 seconds."""
    yield from _serve(tmp_path_factory.mktemp("e2e-short-token"), {"JWT_ACCESS_SECONDS": "3"})


def _serve(workdir: Path, extra_env: dict[str, str]) -> Iterator[LiveServer]:
    require_browser()
    dist = workdir / "dist"
    shutil.copytree(DIST, dist)
    env = {
        **os.environ,
        "FLASK_APP": "wsgi.py",
        "DATABASE_URL": f"sqlite:///{workdir / 'e2e.sqlite3'}",
        "SECRET_KEY": "e2e-secret-key-that-is-long-enough-0123456789",
        "JWT_SECRET_KEY": "e2e-jwt-secret-key-that-is-long-enough-0123456789",
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "RATELIMIT_STORAGE_URI": "memory://",
        "TIAOJIE_ENV": "development",
        "PYTHONPATH": str(ROOT),
        "TIAOJIE_PWA_DIST": str(dist),
        "ATTACHMENTS_DIR": str(workdir / "attachments"),
        **extra_env,
    }
    for step in (["db", "upgrade"], ["seed-demo"]):
        done = subprocess.run([sys.executable, "-m", "flask", *step], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"flask {' '.join(step)} failed:\n{done.stdout}\n{done.stderr}"
    port = free_port()
    log = workdir / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "tests.e2e.serve:app", "run",
             "--host", "127.0.0.1", "--port", str(port), "--no-reload", "--no-debugger"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_until_healthy(url, server, seconds=30)
        except (RuntimeError, TimeoutError):
            pytest.fail(f"the server did not start:\n{log.read_text()}")
        yield LiveServer(url, env, log, dist)
    finally:
        stop(server, seconds=10)


@pytest.fixture(scope="session")
def browser(live_server: LiveServer):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(browser):
    """A fresh phone-sized browser profile per call (its own IndexedDB and service worker)."""
    contexts = []

    def _new(**options: Any):
        # bypass_csp: Playwright evaluates its waits as strings, which the app's CSP (rightly) forbids
        context = browser.new_context(**{"viewport": PHONE, "locale": "zh-CN", "service_workers": "allow",
                                         "bypass_csp": True, **options})
        context.set_default_timeout(20_000)
        contexts.append(context)
        return context

    yield _new
    for context in contexts:
        context.close()
