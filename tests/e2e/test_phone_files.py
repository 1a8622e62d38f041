"""Photos and signatures on a 360-px phone (issue 11, phone side): taken with the network cut, kept through a
reload, then uploaded over tus; the server ends with every file byte for byte, without the camera's location,
and an upload cut mid-file resumes from the server's offset, never from zero."""
from __future__ import annotations

import base64
import hashlib
import io
import random

import pytest
from PIL import Image
from playwright.sync_api import BrowserContext, Page, Route, expect

from tests.e2e.pages import sign_in, sign_in_desk, wait_for_service_worker, wait_until_synced

pytestmark = pytest.mark.browser

GPS_IFD = 0x8825
CHUNK = 256 * 1024  # pwa/src/sync/upload-queue.js CHUNK_BYTES


def camera_jpeg(seed: int, size: tuple[int, int] = (2400, 1800), noise: bool = False) -> bytes:
    """A camera-sized JPEG with its location in EXIF (GPS), as a phone's camera writes it."""
    rng = random.Random(seed)
    width, height = size
    if noise:  # compresses badly: the downscaled photo is several tus chunks
        image = Image.frombytes("RGB", size, rng.randbytes(width * height * 3))
    else:
        image = Image.linear_gradient("L").resize(size).convert("RGB")
        for _ in range(40):
            x, y = rng.randrange(width), rng.randrange(height)
            image.paste((rng.randrange(256), rng.randrange(256), rng.randrange(256)), (x, y, x + 200, y + 150))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (36.0, 40.0, 12.5), 3: "E", 4: (117.0, 1.0, 30.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif)
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD), "the test photo carries a location"
    return data


def picked(name: str, data: bytes) -> dict:
    return {"name": name, "mimeType": "image/jpeg", "buffer": data}


def open_case(page: Page, index: int) -> str:
    page.locator(".van-tabbar-item").nth(1).click()
    page.locator("[data-test=dispute-row]").nth(index).click()
    expect(page.locator("[data-test=detail-title]")).to_be_visible()
    return page.url.rsplit("/", 1)[1]


def phone_files(page: Page) -> list[dict]:
    """This phone's file rows and whether their bytes are still held (store/files.js), bytes as base64."""
    return page.evaluate("""async () => {
        const open = indexedDB.open('tiaojie');
        const db = await new Promise((ok, fail) => { open.onsuccess = () => ok(open.result); open.onerror = fail; });
        const all = (store) => new Promise((ok) => {
            const request = db.transaction(store).objectStore(store).getAll();
            request.onsuccess = () => ok(request.result);
        });
        const [files, bytes] = [await all('files'), await all('file_bytes')];
        db.close();
        const held = new Map(bytes.map((row) => [row.id, row.bytes]));
        const b64 = (buffer) => {
            let text = '';
            const view = new Uint8Array(buffer);
            for (let i = 0; i < view.length; i += 0x8000) text += String.fromCharCode(...view.subarray(i, i + 0x8000));
            return btoa(text);
        };
        return files.map((f) => ({ id: f.id, kind: f.kind, mime_type: f.mime_type, sha256: f.sha256,
            byte_size: f.byte_size, uploaded_at: f.uploaded_at, sent: f.sent,
            bytes_type: held.has(f.id) ? Object.prototype.toString.call(held.get(f.id)) : null,
            bytes: held.has(f.id) ? b64(held.get(f.id)) : null }));
    }""")


def sign_on_the_pad(page: Page) -> None:
    canvas = page.locator("[data-test=signature-canvas]")
    canvas.hover()  # waits until the popup has slid in and the canvas stands still
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + 120)
    page.mouse.down()
    for step in range(1, 25):
        page.mouse.move(box["x"] + 30 + step * 10, box["y"] + 120 - (step % 6) * 12, steps=2)
    page.mouse.up()
    page.locator("[data-test=signature-save]").click()


def server_content(live_server, attachment_id: str, token: str) -> bytes:
    import urllib.request

    request = urllib.request.Request(f"{live_server.url}/api/attachments/{attachment_id}/content")
    request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def wait_until_uploaded(page: Page, count: int, timeout: float = 60_000) -> None:
    expect(page.locator("[data-test=attachment] [data-test=file-state][data-state=uploaded]")).to_have_count(
        count, timeout=timeout)


def test_two_photos_and_a_signature_taken_offline_reach_the_server_byte_for_byte_without_their_location(
        live_server, new_context):
    context = new_context()
    page = context.new_page()
    sign_in(page, live_server.url, "mediator")
    wait_for_service_worker(page)
    wait_until_synced(page)
    case_id = open_case(page, 0)
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
    page.goto(f"{case_url}/agreement")
    party_id = page.locator("[data-test=signer]").first.get_attribute("data-signer")
    assert party_id != "mediator", "the case has a party to sign"
    for signer in (party_id, "mediator"):
        row = page.locator(f"[data-test=signer][data-signer='{signer}']")
        row.locator("[data-test=sign]").click()
        sign_on_the_pad(page)
        expect(row.locator("[data-test=signature-thumb]")).to_be_visible()
        expect(row.locator("[data-test=file-state]")).to_have_text("仅在手机")

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
    open_case(page, 1)  # another case than the test above

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
    page.locator("[data-test=photo-gallery]").set_input_files(picked("IMG_0100.jpg", camera_jpeg(9, (1600, 1200), True)))
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
