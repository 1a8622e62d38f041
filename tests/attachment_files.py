"""Small real files for attachment tests, made in memory, and a phone that uploads them over tus."""
from __future__ import annotations

import base64
import hashlib
import io
import random

import pytest
from PIL import Image

from tests.phones import Phone, create, dispute_changes

TUS = {"Tus-Resumable": "1.0.0"}


def jpeg(width: int = 640, height: int = 480, seed: int = 7) -> bytes:
    """A photo-like JPEG (noise compresses badly, so it is a few hundred KB like a phone's photo)."""
    rng = random.Random(seed)
    image = Image.frombytes("RGB", (width, height), bytes(rng.getrandbits(8) for _ in range(width * height * 3)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def png(width: int = 120, height: int = 60) -> bytes:
    """A signature-like PNG."""
    image = Image.new("L", (width, height), 255)
    for x in range(10, width - 10):
        image.putpixel((x, height // 2 + (x % 7) - 3), 0)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def pdf() -> bytes:
    """A one-page PDF as a scanner writes it."""
    out = io.BytesIO()
    Image.new("RGB", (200, 280), "white").save(out, "PDF")
    return out.getvalue()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def attachment_for(dispute_id: str, data: bytes, *, mime_type: str = "image/jpeg", kind: str = "scene",
                   declared_sha256: str | None = None) -> dict:
    """The create mutation of an attachment describing `data`."""
    return create("attachment", {"dispute_id": dispute_id, "kind": kind, "mime_type": mime_type,
                                 "byte_size": len(data), "sha256": declared_sha256 or sha256(data),
                                 "taken_at": "2026-11-28T07:55:00Z"})


def metadata(attachment_id: str) -> str:
    return f"attachment_id {base64.b64encode(attachment_id.encode()).decode()},filetype " \
           f"{base64.b64encode(b'image/jpeg').decode()}"


def begin(phone: Phone, attachment_id: str, length: int):
    return phone.client.post("/api/uploads/", headers={**phone.headers, **TUS, "Upload-Length": str(length),
                                                       "Upload-Metadata": metadata(attachment_id)})


def send(phone: Phone, location: str, offset: int, chunk: bytes, **kwargs):
    return phone.client.patch(location, data=chunk, headers={
        **phone.headers, **TUS, "Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"},
        **kwargs)


def offset_of(phone: Phone, location: str):
    return phone.client.head(location, headers={**phone.headers, **TUS})


def upload(phone: Phone, attachment_id: str, data: bytes, chunk_size: int = 64 * 1024):
    """Create the upload and send the bytes in chunks; the last PATCH's answer."""
    created = begin(phone, attachment_id, len(data))
    assert created.status_code == 201, created.get_json()
    location, offset, answer = created.headers["Location"], 0, None
    while offset < len(data):
        answer = send(phone, location, offset, data[offset:offset + chunk_size])
        if answer.status_code != 204:
            return answer
        offset = int(answer.headers["Upload-Offset"])
    return answer


@pytest.fixture
def a(client, district) -> Phone:
    """Mediator A's phone (tests import this fixture with `case`)."""
    return Phone.sign_in(client, "mediator_a")


@pytest.fixture
def case(a, district) -> dict:
    """A case of grid A, pushed from A's phone."""
    dispute = create("dispute", dispute_changes(district.grid_a.id))
    a.push(dispute)
    return dispute
