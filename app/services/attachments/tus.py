"""The tus 1.0 resumable-upload protocol's own rules (core and `creation`): headers, in and out.

https://tus.io/protocols/resumable-upload — what a request must carry and what every answer says;
nothing here knows attachments or storage (app/services/attachments/uploads.py does). Why no library:
docs/attachments.md.
"""
from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator, Mapping
from typing import BinaryIO

from flask import Response
from werkzeug.exceptions import ClientDisconnected

from app.errors import ApiError

VERSION = "1.0.0"
EXTENSIONS = "creation"
OFFSET_STREAM = "application/offset+octet-stream"
CHUNK = 64 * 1024
"""How much of a PATCH body is read at a time: the body goes to storage as it arrives."""
DIGITS = re.compile(r"^[0-9]{1,15}$")
METADATA_KEY = re.compile(r"^[^\s,]+$")


def require_version(headers: Mapping[str, str]) -> None:
    """Every request but OPTIONS names the protocol version it speaks (412 otherwise)."""
    if headers.get("Tus-Resumable") != VERSION:
        raise ApiError(412, "tus_version_unsupported",
                       f"请使用 tus {VERSION} 协议（Tus-Resumable 请求头）。 / "
                       f"Send Tus-Resumable: {VERSION}; this server speaks tus {VERSION} only.",
                       {"tus_version": VERSION})


def _count(headers: Mapping[str, str], name: str) -> int:
    value = headers.get(name)
    if value is None or not DIGITS.match(value):
        raise ApiError(400, "bad_upload_header",
                       f"{name} 请求头缺失或不是非负整数。 / {name} is missing or not a non-negative integer.",
                       {"header": name})
    return int(value)


def upload_length(headers: Mapping[str, str]) -> int:
    """A creation's `Upload-Length` (a deferred length is not offered: the record states the size)."""
    if "Upload-Defer-Length" in headers:
        raise ApiError(400, "bad_upload_header",
                       "不支持延后声明长度，请给出 Upload-Length。 / Upload-Defer-Length is not supported; send Upload-Length.",
                       {"header": "Upload-Defer-Length"})
    return _count(headers, "Upload-Length")


def upload_offset(headers: Mapping[str, str]) -> int:
    return _count(headers, "Upload-Offset")


def metadata(header: str | None) -> dict[str, str]:
    """`Upload-Metadata`: comma-separated `key base64value` pairs (a key alone has the empty value)."""
    pairs: dict[str, str] = {}
    for item in (header or "").split(","):
        parts = item.strip().split(" ")
        if parts == [""]:
            continue
        if len(parts) > 2 or not METADATA_KEY.match(parts[0]):
            raise _bad_metadata()
        try:
            value = base64.b64decode(parts[1], validate=True).decode("utf-8") if len(parts) == 2 else ""
        except (binascii.Error, UnicodeDecodeError):
            raise _bad_metadata() from None
        pairs[parts[0]] = value
    return pairs


def _bad_metadata() -> ApiError:
    return ApiError(400, "bad_upload_header",
                    "Upload-Metadata 格式错误：应为“键 Base64值”，以逗号分隔。 / "
                    "Upload-Metadata must be comma-separated 'key base64value' pairs.",
                    {"header": "Upload-Metadata"})


def require_offset_stream(mimetype: str) -> None:
    """A PATCH body is `application/offset+octet-stream` (415 otherwise)."""
    if mimetype != OFFSET_STREAM:
        raise ApiError(415, "unsupported_media_type",
                       f"上传数据须以 {OFFSET_STREAM} 发送。 / Send the bytes as Content-Type: {OFFSET_STREAM}.")


def body_chunks(stream: BinaryIO, length: int | None) -> Iterator[bytes]:
    """The body as it arrives, `CHUNK` bytes at a time, never read past its Content-Length (`length`; a
    capped stream read past its cap refuses the request), and ending where the connection was cut: tus
    keeps the bytes that arrived, the client resumes after them, and nobody is left to read an error."""
    left = length
    while left is None or left > 0:
        try:
            chunk = stream.read(CHUNK if left is None else min(CHUNK, left))
        except ClientDisconnected:  # Werkzeug's streams report a cut connection (an OSError below) as this
            return
        if not chunk:
            return
        if left is not None:
            left -= len(chunk)
        yield chunk


def discovery_headers(max_size: int) -> dict[str, str]:
    """What OPTIONS answers: the versions, extensions and largest upload this server takes."""
    return {"Tus-Version": VERSION, "Tus-Extension": EXTENSIONS, "Tus-Max-Size": str(max_size)}


def stamp(response: Response) -> Response:
    """Every answer names the protocol version; a refused version also lists the ones supported."""
    response.headers["Tus-Resumable"] = VERSION
    if response.status_code == 412:
        response.headers["Tus-Version"] = VERSION
    return response
