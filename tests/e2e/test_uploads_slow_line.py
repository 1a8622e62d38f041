"""Issue 11's upload test: ten photos and two signatures taken offline on a 360-px phone, kept through a reload,
then sent over a slow line (250 kbit/s each way, 300 ms round trip) that is cut twice while a file is half
across. Every file ends on the server byte for byte, and the server's log shows no chunk sent twice but the
part of each cut chunk that never arrived: the phone resumes from the server's offset, never from zero.

Every byte of the page and its service worker goes through one throttling proxy (tests/throttle.py), unlimited
while the phone signs in and works offline, slow from the moment the network comes back. The photos are
115–285 KB on the phone (1,600×1,200 JPEGs, part noise; two of them more than one 256-KB chunk), the
signatures ~10 KB, 1.87 MB in all: the upload takes ~85 s at that speed and the whole test ~2 minutes.
"""
from __future__ import annotations

import base64
import hashlib
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.files import (
    CHUNK, camera_jpeg, expect_prepared, phone_files, picked, server_content, sign_agreement_offline, untouched_case,
)
from tests.e2e.pages import sign_in, wait_for_service_worker, wait_until_synced
from tests.throttle import Throttle
from tests.upload_log import read, resends

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SLOW_LINE = {"down_kbit": 250, "up_kbit": 250, "rtt_ms": 300}
NOISE = (0.04, 0.06, 0.08, 0.10, 0.05, 0.07, 0.09, 0.12, 0.17, 0.18)  # one per photo: its size (tests/e2e/files.py)
CUTS = 2


def held_offsets(base: str, token: str, sizes: dict[str, int]) -> dict[str, int | None]:
    """How far each upload has come on the server (tus HEAD, straight to the server, not through the line)."""
    held: dict[str, int | None] = {}
    for attachment_id in sizes:
        request = urllib.request.Request(f"{base}/api/uploads/{attachment_id}", method="HEAD", headers={
            "Tus-Resumable": "1.0.0", "Authorization": f"Bearer {token}"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                held[attachment_id] = int(response.headers["Upload-Offset"])
        except urllib.error.HTTPError as error:
            assert error.code == 404, error.code  # not begun yet
            held[attachment_id] = None
    return held


def cut_mid_chunk(line: Throttle, base: str, token: str, sizes: dict[str, int], spared: set[str]) -> tuple[str, int]:
    """Once the server holds part of a chunk of a file not in `spared` (a PATCH is half across), cut the line."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        for attachment_id, held in held_offsets(base, token, sizes).items():
            if attachment_id not in spared and held and held < sizes[attachment_id] and held % CHUNK:
                assert line.cut() >= 1
                return attachment_id, held
        time.sleep(0.1)
    raise AssertionError("no upload was ever half across")


def all_uploaded(page: Page, count: int, timeout_s: float) -> None:
    expect(page.locator("[data-test=attachment] [data-test=file-state][data-state=uploaded]")).to_have_count(
        count, timeout=timeout_s * 1000)


def test_twelve_files_taken_offline_cross_a_slow_line_cut_twice_each_byte_once_but_at_the_cuts(live_server, new_context):
    with Throttle(int(live_server.url.rsplit(":", 1)[1])) as line:
        base = f"http://127.0.0.1:{line.port}"
        context = new_context()
        page = context.new_page()
        sign_in(page, base, "mediator")
        wait_for_service_worker(page)
        wait_until_synced(page)
        case_id, _ = untouched_case(live_server, live_server.login("mediator"))
        case_url = f"{base}/disputes/{case_id}"
        page.goto(case_url)

        # Offline: ten photos, then a party and the mediator sign the agreement.
        context.set_offline(True)
        page.reload()
        page.locator("[data-test=attachment-kind][data-code=evidence]").click()
        for number, noise in enumerate(NOISE, start=1):
            page.locator("[data-test=photo-camera]").set_input_files(
                picked(f"IMG_{number:04d}.jpg", camera_jpeg(100 + number, (1600, 1200), noise=noise)))
            expect(page.locator("[data-test=attachment]")).to_have_count(number)
        sign_agreement_offline(page, case_url)

        # A reload, still offline: the twelve files are still on the phone, bytes and all.
        page.goto(case_url)
        expect_prepared(page, 12)
        files = phone_files(page)
        assert len(files) == 12 and all(f["bytes"] and not f["uploaded_at"] for f in files), files
        phone = {f["id"]: base64.b64decode(f["bytes"]) for f in files}
        for row in files:
            assert hashlib.sha256(phone[row["id"]]).hexdigest() == row["sha256"]
        sizes = {f["id"]: f["byte_size"] for f in files}
        photos = sorted(f["byte_size"] for f in files if f["kind"] == "evidence")
        print(f"photos on the phone (bytes): {photos}; signatures: "
              f"{sorted(f['byte_size'] for f in files if f['kind'] == 'signature')}; all {sum(sizes.values()):,}")
        assert sum(1 for size in photos if size > CHUNK) >= 2, "some photos take more than one chunk"

        # The network comes back as a slow line, and is cut twice while a file is half across.
        token = live_server.login("mediator")
        line.shape(**SLOW_LINE)
        restored = time.monotonic()
        context.set_offline(False)
        first = cut_mid_chunk(line, live_server.url, token, sizes, set())
        second = cut_mid_chunk(line, live_server.url, token, sizes, {first[0]})
        print(f"cut at {first[1]:,} of {sizes[first[0]]:,} bytes and at {second[1]:,} of {sizes[second[0]]:,}")
        all_uploaded(page, 12, timeout_s=300)
        print(f"every file on the server {time.monotonic() - restored:.0f} s after the network came back")

    # Every file on the server byte for byte: the stored bytes and the download, by SHA-256.
    stored = Path(live_server.env["ATTACHMENTS_DIR"])
    for row in files:
        expected = row["sha256"]
        assert hashlib.sha256((stored / row["id"][:2] / row["id"]).read_bytes()).hexdigest() == expected, row["id"]
        assert hashlib.sha256(server_content(live_server, row["id"], token)).hexdigest() == expected, row["id"]

    # The server's log: each upload begun once; every byte received once, in order; the only chunks sent
    # twice are the rest of each cut chunk, resumed exactly where its bytes stopped.
    ours = {row["id"][-8:] for row in files}
    assert len(ours) == 12
    logged = {upload: entries for upload, entries in read(live_server.log.read_text().splitlines()).items()
              if upload in ours}
    assert set(logged) == ours, logged
    found = resends(logged)
    assert found.restarts == [] and found.twice == [], found
    for upload, entries in logged.items():
        assert [e.method for e in entries].count("POST") == 1, (upload, entries)
        received = [e for e in entries if e.method == "PATCH" and not e.refused]
        size = next(s for i, s in sizes.items() if i.endswith(upload))
        assert sum(e.new_offset - e.offset for e in received) == size, (upload, entries)
    cut = [f"{upload}: resumed at {e.new_offset}" for upload, entries in logged.items() for e in entries if e.cut]
    assert len(cut) == CUTS == line.cuts, logged
    assert sorted(found.resumes) == sorted(cut), found
    assert {first[0][-8:], second[0][-8:]} == {item.split(":")[0] for item in cut}
