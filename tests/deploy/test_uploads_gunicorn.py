"""Attachment bytes over real HTTP under the shipped gunicorn settings: chunks, a connection cut mid-PATCH, resumption.

The in-process client reads request bodies differently from gunicorn (which marks them terminated, so
Werkzeug caps them by the request's limit rather than their length): the last chunk, exactly the bytes
left, must be read whole and not refused as one byte too many.
"""
from __future__ import annotations

import base64
import socket
import time
import urllib.request
import uuid
from collections.abc import Iterator
from http.client import HTTPConnection
from urllib.parse import urlsplit

import pytest

from tests.attachment_files import jpeg, sha256
from tests.factories import PASSWORD
from tests.phones import create, dispute_changes
from tests.server_process import gunicorn, http, migrated_district, sign_in

pytestmark = pytest.mark.slow
TUS = {"Tus-Resumable": "1.0.0"}


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[dict]:
    folder = tmp_path_factory.mktemp("uploads")
    url, grid = migrated_district(folder)
    with gunicorn(url, workers=2, ATTACHMENTS_DIR=str(folder / "attachments")) as base:
        yield {"base": base, "grid": grid}


def request(base: str, method: str, path: str, token: str, body: bytes = b"", **headers: str):
    parts = urlsplit(base)
    conn = HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request(method, path, body=body, headers={"Authorization": f"Bearer {token}", **TUS, **headers})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def cut_patch(base: str, path: str, token: str, offset: int, sent: bytes, declared: int) -> None:
    """A PATCH that declares `declared` bytes, sends `sent`, and loses its connection."""
    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        head = (f"PATCH {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nAuthorization: Bearer {token}\r\n"
                f"Tus-Resumable: 1.0.0\r\nUpload-Offset: {offset}\r\n"
                f"Content-Type: application/offset+octet-stream\r\nContent-Length: {declared}\r\n\r\n")
        sock.sendall(head.encode() + sent)
        time.sleep(0.5)  # the bytes reach the worker before the connection goes


def resume(base: str, path: str, token: str, photo: bytes, patience: float = 10.0):
    """Resume as the phone's queue does: ask the offset, send the rest; while the cut request's worker has
    not yet seen its connection go (423 upload_busy), or wrote more after the offset was asked (409), ask again
    shortly. The offset resumed from, and the answer."""
    deadline = time.monotonic() + patience
    while True:
        status, headers, _ = request(base, "HEAD", path, token)
        assert status == 200, headers
        held = int(headers["Upload-Offset"])
        status, headers, answer = request(base, "PATCH", path, token, photo[held:], **{
            "Upload-Offset": str(held), "Content-Type": "application/offset+octet-stream"})
        if status not in (409, 423) or time.monotonic() > deadline:
            return held, status, headers, answer
        time.sleep(0.2)


def test_a_photo_cut_mid_patch_resumes_from_the_servers_offset_and_arrives_whole(server):
    base, device = server["base"], f"phone-{uuid.uuid4().hex[:8]}"
    token = sign_in(base, "mediator_a", PASSWORD, device)
    photo = jpeg(900, 700)
    dispute = create("dispute", dispute_changes(server["grid"]))
    record = create("attachment", {"dispute_id": dispute["id"], "kind": "evidence", "mime_type": "image/jpeg",
                                   "byte_size": len(photo), "sha256": sha256(photo)})
    status, body = http("POST", f"{base}/api/sync/push", {"device_id": device, "mutations": [dispute, record]}, token)
    assert status == 200 and [r["status"] for r in body["results"]] == ["applied", "applied"], body

    metadata = f"attachment_id {base64.b64encode(record['id'].encode()).decode()}"
    status, headers, _ = request(base, "POST", "/api/uploads/", token, **{
        "Upload-Length": str(len(photo)), "Upload-Metadata": metadata})
    assert status == 201, headers
    location = headers["Location"]

    first = 200_000
    status, headers, _ = request(base, "PATCH", location, token, photo[:first], **{
        "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"})
    assert status == 204 and headers["Upload-Offset"] == str(first)

    cut_patch(base, location, token, first, photo[first:first + 150_000], len(photo) - first)
    held, status, headers, answer = resume(base, location, token, photo)
    assert first < held <= first + 150_000  # what arrived before the cut is kept
    assert status == 204, answer
    assert headers["Upload-Offset"] == str(len(photo))

    content = urllib.request.Request(f"{base}/api/attachments/{record['id']}/content",
                                     headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(content, timeout=30) as response:
        assert sha256(response.read()) == sha256(photo)
