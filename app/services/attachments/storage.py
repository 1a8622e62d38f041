"""Where an attachment's bytes live: a small interface, and the folder backend behind it.

An upload grows by appends that each name the offset they start at (tus's `Upload-Offset`), is read back
whole to be checked, then sealed by `finalize`; `delete` drops it, finished or not. The interface is
what the S3-compatible backend (s3_storage.py) needs too: there an append is one object per part, written
only if none is at its offset yet, `size` the parts' sum, `finalize` one object made from the parts. The app
tier keeps no state of its own: the record says what the bytes should be, the storage holds how far they have come.

The backend is chosen by `ATTACHMENT_STORAGE` and built by `init_app`: `folder` (the default) keeps files in
`ATTACHMENTS_DIR` (default `instance/attachments/`), created on the first write; `s3://bucket[/prefix]` keeps
them in an S3-compatible store (s3_storage.py), for several app hosts.
"""
from __future__ import annotations

import fcntl
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO, Protocol

from flask import Flask, current_app

KEY = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
"""Keys are attachment ids: canonical lowercase UUIDs, so a key can never name a path of its own."""
EXTENSION = "attachment_storage"


class UploadMissing(Exception):
    """No upload was begun under this key (or it was deleted)."""


class OffsetMismatch(Exception):
    """An append named another offset than the bytes held: the client resumes from `held`."""

    def __init__(self, held: int) -> None:
        super().__init__(held)
        self.held = held


class UploadBusy(Exception):
    """Another request is appending to this upload right now."""


class Storage(Protocol):
    def begin(self, key: str) -> None:
        """An empty upload under `key`, discarding any bytes held under it."""

    def size(self, key: str) -> int | None:
        """How many bytes are held (None: no upload under this key)."""

    def append(self, key: str, offset: int, chunks: Iterable[bytes]) -> int:
        """Add the chunks at `offset`, which must equal the bytes held; the new size. Bytes received before
        `chunks` raises (a cut connection) are kept, so the client resumes after them."""

    def open(self, key: str) -> BinaryIO:
        """The bytes held, for reading; the caller closes it (`with storage.open(key) as stream`)."""

    def finalize(self, key: str) -> None:
        """Seal a whole upload: no more appends."""

    def delete(self, key: str) -> None:
        """Drop the bytes, finished or not; nothing if there are none."""


class FolderStorage:
    """Files under one folder: `<key[:2]>/<key>.part` while uploading, `<key[:2]>/<key>` once sealed.

    An append holds an exclusive `flock` on the part file, so two requests never interleave their bytes
    (the second is refused as busy rather than made to wait behind a slow phone). For one host, or
    several sharing a local-semantics file system; several hosts use the object-storage backend.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, key: str, *, sealed: bool) -> Path:
        if not KEY.match(key):
            raise ValueError("not an attachment id")
        name = key if sealed else f"{key}.part"
        return self.root / key[:2] / name

    def begin(self, key: str) -> None:
        self.delete(key)
        part = self._path(key, sealed=False)
        part.parent.mkdir(parents=True, exist_ok=True)
        part.touch()

    def size(self, key: str) -> int | None:
        for sealed in (True, False):
            try:
                return self._path(key, sealed=sealed).stat().st_size
            except FileNotFoundError:
                continue
        return None

    def append(self, key: str, offset: int, chunks: Iterable[bytes]) -> int:
        try:
            handle = open(self._path(key, sealed=False), "r+b")  # noqa: SIM115 (closed below, after the lock)
        except FileNotFoundError:
            raise UploadMissing(key) from None
        with handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise UploadBusy(key) from None
            held = os.fstat(handle.fileno()).st_size
            if held != offset:
                raise OffsetMismatch(held)
            handle.seek(held)
            try:
                for chunk in chunks:
                    handle.write(chunk)
            finally:  # what arrived before a cut connection stays, and is on disk before the answer
                handle.flush()
                os.fsync(handle.fileno())
            return handle.tell()

    def open(self, key: str) -> BinaryIO:
        for sealed in (True, False):
            try:
                return open(self._path(key, sealed=sealed), "rb")  # noqa: SIM115 (the caller closes it)
            except FileNotFoundError:
                continue
        raise UploadMissing(key)

    def finalize(self, key: str) -> None:
        try:
            os.replace(self._path(key, sealed=False), self._path(key, sealed=True))
        except FileNotFoundError:
            raise UploadMissing(key) from None

    def delete(self, key: str) -> None:
        for sealed in (True, False):
            self._path(key, sealed=sealed).unlink(missing_ok=True)


def init_app(app: Flask) -> None:
    """Build the configured backend (no I/O: the folder is made, the bucket first reached, on the first upload)."""
    kind = app.config.get("ATTACHMENT_STORAGE", "folder")
    if kind == "folder":
        backend: Storage = FolderStorage(Path(app.config["ATTACHMENTS_DIR"]))
    elif kind.startswith("s3://"):
        from app.services.attachments.s3_storage import S3Storage  # boto3 is imported only when configured

        backend = S3Storage.from_url(
            kind, endpoint=app.config.get("ATTACHMENTS_S3_ENDPOINT"), region=app.config.get("ATTACHMENTS_S3_REGION"),
            access_key=app.config.get("ATTACHMENTS_S3_ACCESS_KEY_ID"),
            secret_key=app.config.get("ATTACHMENTS_S3_SECRET_ACCESS_KEY"),
            addressing=app.config.get("ATTACHMENTS_S3_ADDRESSING") or "auto")
    else:
        raise ValueError(f"ATTACHMENT_STORAGE is `folder` or `s3://bucket[/prefix]`, not {kind!r}")
    app.extensions[EXTENSION] = backend


def storage() -> Storage:
    """The app's attachment storage."""
    return current_app.extensions[EXTENSION]
