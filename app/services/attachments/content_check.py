"""Are these bytes what the attachment record says? Its SHA-256, then its content judged by the bytes.

Images are decoded whole with Pillow (a truncated or corrupt photo fails to decode; one of another type
than declared fails to open as that type); a PDF is checked by its structure (header, cross-reference
pointer and end marker), since the server renders no PDF it receives. Anything else was already refused
by the record's schema (catalogue `mime_type`). Read in chunks: never a whole file in memory but the
decoded image itself, bounded by `MAX_PIXELS`.
"""
from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass
from typing import BinaryIO

from PIL import Image, UnidentifiedImageError

CHUNK = 64 * 1024
IMAGE_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
PDF = "application/pdf"
MAX_PIXELS = 40_000_000
"""Far above a phone photo (≤ 1,600 px on its long side) or a 600 dpi A4 scan (≈ 35 MP); a file that
claims more is refused before it is decoded (a decompression bomb)."""
PDF_TAIL = 2048


@dataclass(frozen=True)
class ContentRefusal:
    code: str
    message: str


CHECKSUM_MISMATCH = ContentRefusal(
    "checksum_mismatch",
    "文件内容与登记的 SHA-256 不符，请重新上传。 / The bytes do not match the attachment's SHA-256; upload them again.")


def _not_what_it_claims(mime_type: str) -> ContentRefusal:
    return ContentRefusal(
        "content_not_accepted",
        f"文件内容不是有效的 {mime_type}，已拒收。 / The file is not a valid {mime_type} and was refused.")


def sha256_of(stream: BinaryIO) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def content_refusal(stream: BinaryIO, mime_type: str, sha256: str) -> ContentRefusal | None:
    """Why these bytes are refused as the attachment described (None: accepted)."""
    stream.seek(0)
    if sha256_of(stream) != sha256:
        return CHECKSUM_MISMATCH
    stream.seek(0)
    accepted = _image_ok(stream, IMAGE_FORMATS[mime_type]) if mime_type in IMAGE_FORMATS else (
        mime_type == PDF and _pdf_ok(stream))
    return None if accepted else _not_what_it_claims(mime_type)


def _image_ok(stream: BinaryIO, image_format: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(stream, formats=[image_format]) as image:
                if image.width * image.height > MAX_PIXELS:
                    return False
                image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        return False
    return True


def _pdf_ok(stream: BinaryIO) -> bool:
    """`%PDF-1.x` first, then `startxref` and `%%EOF` near the end (ISO 32000-1 §7.5)."""
    head = stream.read(8)
    if not (head.startswith(b"%PDF-1.") or head.startswith(b"%PDF-2.")):
        return False
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(max(0, size - PDF_TAIL))
    tail = stream.read()
    return b"startxref" in tail and b"%%EOF" in tail
