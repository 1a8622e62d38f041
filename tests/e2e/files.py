"""What the browser tests of attachments share: camera photos, the phone's file rows, signing on the pad,
the server's copy of a file."""
from __future__ import annotations

import io
import random
import time
import urllib.request

from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.pages import sign_in, wait_for_service_worker, wait_until_synced

GPS_IFD = 0x8825
CHUNK = 256 * 1024  # pwa/src/sync/upload-queue.js CHUNK_BYTES


def camera_jpeg(seed: int, size: tuple[int, int] = (2400, 1800), noise: float = 0.0) -> bytes:
    """A camera-sized JPEG with its location in EXIF (GPS), as a phone's camera writes it. `noise`: the share of
    its height that is random pixels, which compress badly (1.0: the downscaled photo is several tus chunks;
    at 1600×1200, 0.05 makes a photo of ~120 KB on the phone and each 0.05 more ~60 KB more)."""
    rng = random.Random(seed)
    width, height = size
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    for _ in range(40):
        x, y = rng.randrange(width), rng.randrange(height)
        image.paste((rng.randrange(256), rng.randrange(256), rng.randrange(256)), (x, y, x + 200, y + 150))
    if noisy := int(height * noise):
        image.paste(Image.frombytes("RGB", (width, noisy), rng.randbytes(width * noisy * 3)), (0, 0))
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


def open_untouched_case(page: Page, live_server) -> str:
    """Open, on the phone, a case no test has filed anything on yet (see `untouched_case`); its id."""
    case_id, _ = untouched_case(live_server, live_server.login("mediator"))
    page.goto(f"{live_server.url}/disputes/{case_id}")
    expect(page.locator("[data-test=detail-title]")).to_be_visible()
    return case_id


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


def raw_photos(page: Page) -> dict:
    """This phone's raw photos (store/raw-photos.js: rows and original bytes, base64) and the attachment creates
    in its outbox."""
    return page.evaluate("""async () => {
        const open = indexedDB.open('tiaojie');
        const db = await new Promise((ok, fail) => { open.onsuccess = () => ok(open.result); open.onerror = fail; });
        const all = (store) => new Promise((ok) => {
            const request = db.transaction(store).objectStore(store).getAll();
            request.onsuccess = () => ok(request.result);
        });
        const [rows, bytes, outbox] = [await all('raw_photos'), await all('raw_photo_bytes'), await all('outbox')];
        db.close();
        const b64 = (buffer) => {
            let text = '';
            const view = new Uint8Array(buffer);
            for (let i = 0; i < view.length; i += 0x8000) text += String.fromCharCode(...view.subarray(i, i + 0x8000));
            return btoa(text);
        };
        return { rows, bytes: Object.fromEntries(bytes.map((row) => [row.id, b64(row.bytes)])),
            creates: outbox.filter((m) => m.entity === 'attachment').map((m) => m.id) };
    }""")


def expect_prepared(page: Page, count: int) -> None:
    """`count` photos on the case, none still being prepared (raw: components/attachments/raw-photos.js)."""
    expect(page.locator("[data-test=attachment]")).to_have_count(count)
    expect(page.locator("[data-test=attachment][data-raw]")).to_have_count(0, timeout=30_000)


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


def sign_agreement_offline(page: Page, case_url: str) -> str:
    """On the case's agreement screen, its first party and the mediator each sign on the pad; the party's id."""
    page.goto(f"{case_url}/agreement")
    party_id = page.locator("[data-test=signer]").first.get_attribute("data-signer")
    assert party_id != "mediator", "the case has a party to sign"
    for signer in (party_id, "mediator"):
        row = page.locator(f"[data-test=signer][data-signer='{signer}']")
        row.locator("[data-test=sign]").click()
        sign_on_the_pad(page)
        expect(row.locator("[data-test=signature-thumb]")).to_be_visible()
        expect(row.locator("[data-test=file-state]")).to_have_text("仅在手机")
    return party_id


def server_content(live_server, attachment_id: str, token: str) -> bytes:
    request = urllib.request.Request(f"{live_server.url}/api/attachments/{attachment_id}/content")
    request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def wait_until_uploaded(page: Page, count: int, timeout: float = 60_000) -> None:
    expect(page.locator("[data-test=attachment] [data-test=file-state][data-state=uploaded]")).to_have_count(
        count, timeout=timeout)


def pulled_records(live_server, token: str) -> list[dict]:
    """Every record a phone of this user would pull, page after page."""
    records, cursor = [], None
    while True:
        query = f"/api/sync/pull?limit=1000{f'&cursor={cursor}' if cursor else ''}"
        status, page = live_server.api("GET", query, token=token)
        assert status == 200, page
        records += page["records"]
        if not page["has_more"]:
            return records
        cursor = page["cursor"]


def untouched_case(live_server, token: str, *, parties: int | None = None, written: bool = False) -> tuple[str, list[str]]:
    """A case of this user's that no test has filed anything on (and the demo neither): its id and live parties'
    ids. The browser tests share one server, so each picks its case by what it needs, never by list position."""
    records = pulled_records(live_server, token)
    filed = {r["dispute_id"] for r in records if r["entity"] == "attachment"}
    for case in records:
        if case["entity"] != "dispute" or case["id"] in filed or case["voided_at"]:
            continue
        if written and case["agreement_kind"] != "written":
            continue
        live = [r["id"] for r in records
                if r["entity"] == "party" and r["dispute_id"] == case["id"] and not r["voided_at"]]
        if live and (parties is None or len(live) == parties):
            return case["id"], live
    raise AssertionError("no case of this user's is left untouched with the parties asked for")


# While localStorage `test.hold` is set, what the page sends the photo worker waits: the photo stays raw.
HOLD_PHOTO_WORKER = """const NativeWorker = window.Worker;
window.Worker = class extends NativeWorker {
  postMessage(...args) {
    const send = () => { if (localStorage.getItem('test.hold')) setTimeout(send, 50); else super.postMessage(...args); };
    send();
  }
};"""


def hold(page, on: bool) -> None:
    page.evaluate("(on) => on ? localStorage.setItem('test.hold', '1') : localStorage.removeItem('test.hold')", on)


def wait_until_photo_worker_runs(page) -> None:
    """A screen that takes photos starts the photo worker as it opens (media/capture.js `warmPhotoWorker`). Cut the
    network before the worker has loaded its file and it may fail to: the page then prepares photos itself, past
    the test's hold (seen on a loaded machine)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        running = [w for w in page.workers if "photo-worker" in w.url]
        if running and running[0].evaluate("typeof self.onmessage") == "function":
            return
        page.wait_for_timeout(100)
    raise AssertionError("the photo worker did not start")


def phone_with_held_photo_worker(new_context, live_server):
    """A mediator's phone, signed in and synced, whose photo worker waits while `hold` is on."""
    context = new_context()
    context.add_init_script(HOLD_PHOTO_WORKER)
    page = context.new_page()
    sign_in(page, live_server.url, "mediator")
    wait_for_service_worker(page)
    wait_until_synced(page)
    return context, page
