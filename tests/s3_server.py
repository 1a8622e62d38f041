"""A local S3-protocol server for the S3 attachment backend's tests: moto's server, a real process on a free port."""
from __future__ import annotations

import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from tests.server_process import VENV_BIN, free_port

KEYS = {"aws_access_key_id": "tiaojie-test", "aws_secret_access_key": "tiaojie-test-secret"}
REGION = "us-east-1"


@dataclass(frozen=True)
class S3Server:
    endpoint: str

    def client(self) -> Any:
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint, region_name=REGION, **KEYS)

    def new_bucket(self) -> str:
        """An empty bucket of its own for one test."""
        bucket = f"attachments-{uuid.uuid4().hex[:16]}"
        self.client().create_bucket(Bucket=bucket)
        return bucket

    def app_config(self, bucket: str, prefix: str = "") -> dict[str, str]:
        """The app's settings for attachments in this bucket."""
        return {
            "ATTACHMENT_STORAGE": f"s3://{bucket}/{prefix}" if prefix else f"s3://{bucket}",
            "ATTACHMENTS_S3_ENDPOINT": self.endpoint, "ATTACHMENTS_S3_REGION": REGION,
            "ATTACHMENTS_S3_ACCESS_KEY_ID": KEYS["aws_access_key_id"],
            "ATTACHMENTS_S3_SECRET_ACCESS_KEY": KEYS["aws_secret_access_key"],
        }


@contextmanager
def moto_server() -> Iterator[S3Server]:
    """Start `moto_server` (moto[server], requirements.txt) on a free port; stop it afterwards."""
    port = free_port()
    process = subprocess.Popen([str(VENV_BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(endpoint, process)
        yield S3Server(endpoint)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(endpoint: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"moto_server exited with {process.returncode}")
        try:
            urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1).close()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise RuntimeError("moto_server did not start within 30 s")
