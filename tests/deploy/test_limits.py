"""Limits that hold over real HTTP under the shipped gunicorn settings (SQLite, as `make run`).

A body's size is capped while it streams, chunked included; a few clients sending slowly do not
starve the server; gunicorn's own refusals (414, 400) never reach the app and never answer 5xx.
"""
from __future__ import annotations

from http.client import HTTPConnection
import json
import socket
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from tests.factories import PASSWORD
from tests.server_process import gunicorn, http, migrated_district, sign_in

pytestmark = pytest.mark.slow
PUSH_LIMIT = 64 * 1024
BODY_LIMIT = 256 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[dict]:
    url, grid = migrated_district(tmp_path_factory.mktemp("limits"))
    with gunicorn(url, workers=2, SYNC_MAX_BYTES=str(PUSH_LIMIT), MAX_CONTENT_LENGTH=str(BODY_LIMIT)) as base:
        yield {"base": base, "grid": grid}


def chunked_post(base: str, path: str, body: bytes, token: str | None = None) -> tuple[int, dict]:
    """POST with Transfer-Encoding: chunked (no Content-Length), in 16 KiB chunks."""
    parts = urlsplit(base)
    conn = HTTPConnection(parts.hostname, parts.port, timeout=30)
    headers = {"Content-Type": "application/json", "Transfer-Encoding": "chunked"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        conn.request("POST", path, body=(body[i:i + 16384] for i in range(0, len(body), 16384)),
                     headers=headers, encode_chunked=True)
        response = conn.getresponse()
        return response.status, json.loads(response.read())
    except (BrokenPipeError, ConnectionResetError):
        pytest.fail("the server closed the connection instead of answering")
    finally:
        conn.close()


def padded_push(device_id: str, grid: int, size: int) -> tuple[bytes, str]:
    """A valid one-create push padded with JSON whitespace to exactly `size` bytes."""
    dispute_id = str(uuid.uuid4())
    body = json.dumps({"device_id": device_id, "mutations": [{
        "mutation_id": str(uuid.uuid4()), "entity": "dispute", "id": dispute_id, "op": "create",
        "base_version": None, "changes": {"area_id": grid, "title": "分块上传测试", "category": "neighbor",
                                          "source": "initiative"}}]}).encode()
    return body + b" " * (size - len(body)), dispute_id


def dispute_exists(base: str, token: str, dispute_id: str) -> bool:
    status, _ = http("GET", f"{base}/api/disputes/{dispute_id}", token=token)
    assert status in (200, 404)
    return status == 200


@pytest.fixture(scope="module")
def phone(server) -> dict:
    device_id = "limits-phone"
    return {"device_id": device_id, "token": sign_in(server["base"], "mediator_a", PASSWORD, device_id)}


def test_a_chunked_push_one_byte_over_the_limit_is_413_and_applies_nothing(server, phone):
    body, dispute_id = padded_push(phone["device_id"], server["grid"], PUSH_LIMIT + 1)
    status, answer = chunked_post(server["base"], "/api/sync/push", body, phone["token"])
    assert status == 413 and answer["error"]["code"] == "batch_too_large"
    assert answer["error"]["details"]["max_bytes"] == PUSH_LIMIT
    assert not dispute_exists(server["base"], phone["token"], dispute_id)


def test_a_chunked_push_far_over_every_limit_is_413_not_malformed_json(server, phone):
    body, dispute_id = padded_push(phone["device_id"], server["grid"], BODY_LIMIT * 6)
    status, answer = chunked_post(server["base"], "/api/sync/push", body, phone["token"])
    assert status == 413 and answer["error"]["code"] == "batch_too_large"
    assert not dispute_exists(server["base"], phone["token"], dispute_id)


def test_a_chunked_push_of_exactly_the_limit_is_applied(server, phone):
    body, dispute_id = padded_push(phone["device_id"], server["grid"], PUSH_LIMIT)
    status, answer = chunked_post(server["base"], "/api/sync/push", body, phone["token"])
    assert status == 200 and answer["results"][0]["status"] == "applied", answer
    assert dispute_exists(server["base"], phone["token"], dispute_id)


def test_a_chunked_body_over_the_app_limit_elsewhere_is_413_payload_too_large(server):
    login = json.dumps({"username": "mediator_a", "password": PASSWORD, "device_id": "x"}).encode()
    status, answer = chunked_post(server["base"], "/api/auth/login", login + b" " * BODY_LIMIT)
    assert status == 413 and answer["error"]["code"] == "payload_too_large"
    status, answer = chunked_post(server["base"], "/api/auth/login", login + b" " * (BODY_LIMIT - len(login)))
    assert status == 200 and answer["access_token"]


SLOW_CLIENTS = 12  # six times the two workers of `make run`
SLOW_SECONDS = 8


def trickle(base: str, opening: bytes, stop: threading.Event) -> None:
    """One slow client: opens a request and sends the rest one byte a second until told to stop."""
    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as sock:
        sock.sendall(opening)
        while not stop.wait(1):
            try:
                sock.sendall(b"a")
            except OSError:
                return


def test_slow_clients_do_not_starve_the_server(server):
    base = server["base"]
    slow_body = (b"POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"Content-Length: 100000\r\n\r\n{")
    slow_headers = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: "
    stop = threading.Event()
    clients = [threading.Thread(target=trickle, args=(base, slow_body if n % 2 else slow_headers, stop))
               for n in range(SLOW_CLIENTS)]
    for client in clients:
        client.start()
    waits = []
    try:
        time.sleep(1)
        deadline = time.monotonic() + SLOW_SECONDS
        while time.monotonic() < deadline:
            started = time.monotonic()
            with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
                assert response.status == 200
            waits.append(time.monotonic() - started)
            time.sleep(0.25)
    finally:
        stop.set()
        for client in clients:
            client.join()
    assert max(waits) < 1.5, f"/healthz waited up to {max(waits):.2f} s behind {SLOW_CLIENTS} slow clients"


def raw_exchange(base: str, request: bytes) -> tuple[int, str, bytes]:
    """Send raw bytes; returns (status, Content-Type, body) of what comes back before the server closes."""
    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers.get("Content-Type", ""), body


def test_gunicorn_refuses_an_overlong_uri_and_a_garbled_request_itself_without_a_5xx(server):
    """These never reach the app, so they come back as gunicorn's HTML page; in production the proxy
    answers them first in the JSON shape (docs/deployment.md). What matters here: 4xx, the connection
    closed, and the server still serving."""
    base = server["base"]
    status, content_type, body = raw_exchange(base, b"GET /api/" + b"x" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert (status, content_type) == (414, "text/html") and b"URI Too Long" in body
    status, _, _ = raw_exchange(base, b"GET /api/" + b"x" * 4000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status == 404
    status, content_type, _ = raw_exchange(base, b"GARBAGE\r\n\r\n")
    assert (status, content_type) == (400, "text/html")
    status, _, _ = raw_exchange(base, b"GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n")
    assert status == 400
    assert http("GET", f"{base}/healthz") == (200, {"status": "ok"})
