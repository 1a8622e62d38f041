"""Photos and signatures on a 360-px phone (issue 11, phone side): taken with the network cut, kept through a
reload, then uploaded over tus; the server ends with every file byte for byte, without the camera's location,
and an upload cut mid-file resumes from the server's offset, never from zero."""
from __future__ import annotations

import base64
import hashlib
import io

import pytest
from PIL import Image
from playwright.sync_api import BrowserContext, Route, expect

from tests.e2e.files import (
    CHUNK, GPS_IFD, camera_jpeg, open_untouched_case, phone_files, picked, server_content, sign_agreement_offline,
    wait_until_uploaded,
)
from tests.e2e.pages import sign_in, sign_in_desk, wait_for_service_worker, wait_until_synced

pytestmark = pytest.mark.browser


def test_two_photos_and_a_signature_taken_offline_reach_the_server_byte_for_byte_without_their_location(
        live_server, new_context):
    context = new_context()
    page = context.new_page()
    sign_in(page, live_server.url, "mediator")
    wait_for_service_worker(page)
    wait_until_synced(page)
    case_id = open_untouched_case(page, live_server)
    case_url = page.url

    context.set_offline(True)
    page.reload()
    expect(page.locator("[data-test=attachment-caps]")).to_contain_text("5 MB")
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.locator("[data-test=attachment-kind][data-code=scene]").click()
    page.locator("[data-test=photo-camera]").set_input_files(picked("IMG_0001.jpg", camera_jpeg(1)))
    expect(page.locator("[data-test=attachment]")).to_have_count(1)
    page.locator("[data-test=photo-camera]").set_input_files(picked("IMG_0002.jpg", camera_jpeg(2)))
    expect(page.locator("[data-test=attachment]")).to_have_count(2)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    timings = page.evaluate("performance.getEntriesByName('tj:capture-save').map((m) => Math.round(m.duration))")
    print(f"capture-and-save of one photo offline at CPU x4: {timings} ms")
    expect(page.locator("[data-test=attachment] img")).to_have_count(2)
    for state in page.locator("[data-test=attachment] [data-test=file-state]").all():
        expect(state).to_have_attribute("data-state", "local")
        expect(state).to_have_text("仅在手机")

    # A party and the mediator sign the agreement, offline.
    party_id = sign_agreement_offline(page, case_url)

    # A reload, still offline: everything is still on the phone, as ArrayBuffers, photos without EXIF.
    page.goto(case_url)
    expect(page.locator("[data-test=attachment]")).to_have_count(4)
    held = phone_files(page)
    assert len(held) == 4 and all(f["bytes_type"] == "[object ArrayBuffer]" for f in held), held
    for row in held:
        data = base64.b64decode(row["bytes"])
        assert hashlib.sha256(data).hexdigest() == row["sha256"] and len(data) == row["byte_size"]
        image = Image.open(io.BytesIO(data))
        assert max(image.size) <= 1600, image.size
        if row["kind"] == "scene":
            assert image.format == "JPEG" and not image.getexif(), image.getexif()
            assert b"Exif" not in data[:4096] and row["byte_size"] <= 400 * 1024, row["byte_size"]
        else:
            assert (row["kind"], image.format) == ("signature", "PNG")

    # Online again: the records go with the next sync, then the bytes; each file says where it is.
    context.set_offline(False)
    wait_until_uploaded(page, 4)
    token = live_server.login("mediator")
    status, pulled = live_server.api("GET", "/api/sync/pull?limit=500", token=token)
    assert status == 200, pulled
    on_server = {r["id"]: r for r in pulled["records"] if r["entity"] == "attachment" and r["dispute_id"] == case_id}
    for row in held:
        record = on_server[row["id"]]
        assert record["upload_complete"] is True and record["sha256"] == row["sha256"], record
        assert hashlib.sha256(server_content(live_server, row["id"], token)).hexdigest() == row["sha256"]
    signatures = {r["parent_id"]: r for r in on_server.values() if r["kind"] == "signature"}
    assert set(signatures) == {party_id, None}, signatures
    assert signatures[party_id]["parent_entity"] == "party"
    assert all(f["uploaded_at"] and f["bytes"] is None for f in phone_files(page)), "the bytes left the phone"
    expect(page.locator("[data-test=attachment] [data-test=file-state]").first).to_have_text("已上传")

    # The desk's case page shows them, arrived, with their images.
    desk = new_context(viewport={"width": 1280, "height": 800}).new_page()
    sign_in_desk(desk, live_server.url, "supervisor")
    desk.goto(f"{live_server.url}/desk/cases/{case_id}")
    shown = desk.locator("[data-test=case-attachments] [data-test=desk-attachment]")
    expect(shown).to_have_count(4)
    expect(desk.locator("[data-test=desk-attachment-state]").first).to_have_text("已上传")
    expect(desk.locator("[data-test=desk-attachment] img")).to_have_count(4)


def test_an_upload_cut_mid_file_resumes_after_a_restart_from_the_servers_offset_never_from_zero(
        live_server, new_context):
    context: BrowserContext = new_context()
    page = context.new_page()
    sign_in(page, live_server.url, "mediator")
    wait_for_service_worker(page)
    wait_until_synced(page)
    open_untouched_case(page, live_server)  # another case than the test above: that one holds files now

    passed: list[tuple[str, int | None, int]] = []  # requests that reached the server: method, offset, body bytes
    cut = {"on": False, "patches": 0}

    def uploads(route: Route) -> None:
        request = route.request
        if request.method == "PATCH" and not cut["on"]:
            cut["patches"] += 1
            cut["on"] = cut["patches"] == 2  # the second chunk never arrives: the line is cut
        if cut["on"]:
            route.abort("connectionreset")
            return
        offset = request.headers.get("upload-offset")
        passed.append((request.method, int(offset) if offset is not None else None, len(request.post_data_buffer or b"")))
        route.continue_()

    context.route("**/api/uploads/**", uploads)
    page.locator("[data-test=photo-gallery]").set_input_files(picked("IMG_0100.jpg", camera_jpeg(9, (1600, 1200), noise=1.0)))
    expect(page.locator("[data-test=attachment] img")).to_have_count(1)
    [row] = phone_files(page)
    assert row["byte_size"] > 2 * CHUNK, row["byte_size"]
    expect(page.locator(f"[data-attachment='{row['id']}'] [data-test=file-state]")).to_have_text(f"上传中 {100 * CHUNK // row['byte_size']}%",
                                                                  timeout=30_000)

    # The app is closed while the line is down, and opened again once it is back.
    page.wait_for_timeout(1500)
    cut["on"] = False
    cut["patches"] = 99
    page.reload()
    wait_until_uploaded(page, 1)

    patches = [(offset, size) for method, offset, size in passed if method == "PATCH"]
    assert [method for method, _, _ in passed].count("POST") == 1, passed
    assert [offset for offset, _ in patches] == list(range(0, row["byte_size"], CHUNK)), passed
    assert sum(size for _, size in patches) == row["byte_size"], "no byte was sent twice"
    token = live_server.login("mediator")
    assert hashlib.sha256(server_content(live_server, row["id"], token)).hexdigest() == row["sha256"]
