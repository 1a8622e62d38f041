"""The S3-compatible backend of the attachment storage (AWS S3, MinIO, Alibaba OSS), for several app hosts.

Everything an upload is lives in the bucket, so any host may answer any tus request of it:

- `<prefix>uploads/<key>/begun`: an empty marker, the upload exists (so a begun upload holds 0 bytes, not None);
- `<prefix>uploads/<key>/<offset, 12 digits>`: one object per append, the bytes that arrived from `offset`;
- `<prefix><key>`: the sealed bytes, one object, written by `finalize` from the parts, which it then drops.

An append spools its body to a temporary file on disk (never the whole body in memory; what arrived before a
cut connection is kept, as in the folder backend) and writes it as the part at its offset with `If-None-Match: *`:
the offset is checked against the parts held first, and of two requests appending at one offset only the first
write succeeds, the second is refused as busy. That conditional write is the lock, across hosts. S3
multipart uploads are not used: their parts must be 5 MiB but the last, while a tus chunk is whatever the phone
sends, and an attachment is at most 10 MiB.

`open` copies the object (or the parts) into a temporary file, since the content check seeks and Pillow needs a
seekable file; `finalize` does the same, then puts the file as the sealed object. Memory stays at one 64 KiB
chunk plus the client's buffers whatever the file's size.
"""
from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any, BinaryIO
from urllib.parse import urlsplit

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from app.services.attachments.storage import KEY, OffsetMismatch, UploadBusy, UploadMissing

CHUNK = 64 * 1024
MARKER = "begun"


class S3Storage:
    """Attachment bytes in one bucket of an S3-compatible store, under an optional key prefix."""

    def __init__(self, client: Any, bucket: str, prefix: str = "") -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix

    @classmethod
    def from_url(cls, url: str, *, endpoint: str | None = None, region: str | None = None,
                 access_key: str | None = None, secret_key: str | None = None,
                 addressing: str = "auto") -> S3Storage:
        """`s3://bucket` or `s3://bucket/prefix`; keys left None come from boto3's own chain (environment,
        instance role)."""
        parts = urlsplit(url)
        if parts.scheme != "s3" or not parts.netloc:
            raise ValueError(f"not an s3://bucket URL: {url!r}")
        prefix = parts.path.strip("/")
        config = Config(
            s3={"addressing_style": addressing}, retries={"mode": "standard"}, connect_timeout=5, read_timeout=30,
            # checksums only where S3 requires them: S3-compatible stores (OSS, older MinIO) refuse the newer
            # trailing-checksum uploads; the server checks the SHA-256 of the whole file itself
            request_checksum_calculation="when_required", response_checksum_validation="when_required",
        )
        client = boto3.client("s3", endpoint_url=endpoint, region_name=region, aws_access_key_id=access_key,
                              aws_secret_access_key=secret_key, config=config)
        return cls(client, parts.netloc, f"{prefix}/" if prefix else "")

    def _sealed(self, key: str) -> str:
        if not KEY.match(key):
            raise ValueError("not an attachment id")
        return f"{self.prefix}{key}"

    def _folder(self, key: str) -> str:
        if not KEY.match(key):
            raise ValueError("not an attachment id")
        return f"{self.prefix}uploads/{key}/"

    def _listing(self, key: str) -> tuple[bool, list[tuple[str, int]]]:
        """Whether the upload is begun, and its parts (object key, size) in offset order."""
        begun, parts = False, []
        folder = self._folder(key)
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=folder):
            for item in page.get("Contents", ()):
                name = item["Key"][len(folder):]
                if name == MARKER:
                    begun = True
                else:
                    parts.append((item["Key"], item["Size"]))
        return begun, sorted(parts)

    def _sealed_size(self, key: str) -> int | None:
        try:
            return self.client.head_object(Bucket=self.bucket, Key=self._sealed(key))["ContentLength"]
        except ClientError as error:
            if _status(error) == 404:
                return None
            raise

    def begin(self, key: str) -> None:
        self.delete(key)
        self.client.put_object(Bucket=self.bucket, Key=self._folder(key) + MARKER, Body=b"")

    def size(self, key: str) -> int | None:
        begun, parts = self._listing(key)
        if begun:
            return sum(size for _, size in parts)
        return self._sealed_size(key)

    def append(self, key: str, offset: int, chunks: Iterable[bytes]) -> int:
        begun, parts = self._listing(key)
        if not begun:
            raise UploadMissing(key)
        held = sum(size for _, size in parts)
        if held != offset:
            raise OffsetMismatch(held)
        with tempfile.TemporaryFile() as spool:
            try:
                for chunk in chunks:
                    spool.write(chunk)
            finally:  # what arrived before a cut connection is kept, then the cut goes on up
                written = spool.tell()
                if written:
                    spool.seek(0)
                    self._put_part(key, offset, spool)
        return offset + written

    def _put_part(self, key: str, offset: int, body: IO[bytes]) -> None:
        try:
            self.client.put_object(Bucket=self.bucket, Key=f"{self._folder(key)}{offset:012d}", Body=body,
                                   IfNoneMatch="*")
        except ClientError as error:
            if _status(error) in (409, 412):  # another request wrote at this offset first
                raise UploadBusy(key) from None
            raise

    def open(self, key: str) -> BinaryIO:
        spool = tempfile.TemporaryFile()
        try:
            for stream in self._streams(key):
                with stream:
                    shutil.copyfileobj(stream, spool, CHUNK)
        except BaseException:
            spool.close()
            raise
        spool.seek(0)
        return spool

    def _streams(self, key: str) -> Iterator[BinaryIO]:
        """The bodies the bytes are read from, in order: the sealed object, else the upload's parts."""
        begun, parts = self._listing(key)
        if not begun:
            try:
                yield self.client.get_object(Bucket=self.bucket, Key=self._sealed(key))["Body"]
            except ClientError as error:
                if _status(error) == 404:
                    raise UploadMissing(key) from None
                raise
            return
        for part, _ in parts:
            yield self.client.get_object(Bucket=self.bucket, Key=part)["Body"]

    def finalize(self, key: str) -> None:
        begun, _ = self._listing(key)
        if not begun:
            raise UploadMissing(key)
        with self.open(key) as whole:
            self.client.put_object(Bucket=self.bucket, Key=self._sealed(key), Body=whole)
        self._drop_upload(key)

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._sealed(key))
        self._drop_upload(key)

    def _drop_upload(self, key: str) -> None:
        begun, parts = self._listing(key)
        names = [part for part, _ in parts] + ([self._folder(key) + MARKER] if begun else [])
        for start in range(0, len(names), 1000):  # DeleteObjects takes at most 1,000 keys
            self.client.delete_objects(Bucket=self.bucket, Delete={
                "Objects": [{"Key": name} for name in names[start:start + 1000]], "Quiet": True})


def _status(error: ClientError) -> int:
    return error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
