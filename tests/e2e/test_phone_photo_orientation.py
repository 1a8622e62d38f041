"""A photo the camera stored on its side (EXIF Orientation 6: show it turned 90° clockwise) is kept upright,
downscaled and without EXIF, when the photo worker prepares it (pwa/src/media/photo-worker.js) — and along each
of photo.js's other ways: ImageDecoder's reduced decode, the whole decode where a worker has no ImageDecoder or
its frames do not say how to turn them, and the page itself where a worker cannot draw."""
from __future__ import annotations

import base64
import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.e2e.pages import sign_in, wait_for_service_worker, wait_until_synced
from tests.e2e.files import open_untouched_case, phone_files, picked

pytestmark = pytest.mark.browser

ORIENTATION = 0x0112
RED, BLUE, GREY = (220, 30, 30), (30, 30, 220), (128, 128, 128)


def sideways_camera_jpeg() -> bytes:
    """4000 × 3000 as stored, red at its top-left corner and blue at its bottom-left, Orientation 6: upright it
    is 3000 × 4000 with red at the top-right and blue at the top-left."""
    image = Image.new("RGB", (4000, 3000), GREY)
    image.paste(RED, (0, 0, 800, 600))
    image.paste(BLUE, (0, 2400, 800, 3000))
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()


def _near(pixel: tuple[int, ...], colour: tuple[int, int, int]) -> bool:
    return all(abs(a - b) < 40 for a, b in zip(pixel, colour))


def take_sideways_photo(page, live_server) -> None:
    """On a case the other phone tests do not count the photos of, network cut: the sideways photo is kept
    upright (portrait), 1,200 × 1,600, re-encoded without EXIF."""
    open_untouched_case(page, live_server)
    page.context.set_offline(True)
    before = {row["id"] for row in phone_files(page)}
    page.locator("[data-test=photo-camera]").set_input_files(picked("IMG_0100.jpg", sideways_camera_jpeg()))
    expect(page.locator("[data-test=attachment] [data-test=file-state][data-state=local]")).to_have_count(1)

    [kept] = [row for row in phone_files(page) if row["id"] not in before]
    image = Image.open(io.BytesIO(base64.b64decode(kept["bytes"])))
    assert image.format == "JPEG" and not image.getexif(), "re-encoded: no EXIF, so no orientation left to apply"
    assert image.size == (1200, 1600), "upright (portrait) and within 1,600 px"
    rgb = image.convert("RGB")
    assert _near(rgb.getpixel((1100, 100)), RED) and _near(rgb.getpixel((100, 100)), BLUE), \
        "turned as the camera said: red top-right, blue top-left"


def test_a_sideways_photo_is_kept_upright_downscaled_and_without_exif(live_server, new_context):
    context = new_context()
    page = context.new_page()
    sign_in(page, live_server.url, "mediator")
    wait_for_service_worker(page)
    wait_until_synced(page)
    take_sideways_photo(page, live_server)
    context.close()


# The page keeps what its workers report of how they decoded (`{probe}` messages, which capture.js ignores).
COLLECT_PROBES = """window.__probes = [];
const NativeWorker = window.Worker;
window.Worker = class extends NativeWorker {
  constructor(...args) {
    super(...args);
    this.addEventListener('message', ({ data }) => { if (data?.probe) window.__probes.push(data.probe); });
  }
};"""

# Put before the photo worker's own code. Each reports every frame ImageDecoder gives, as the worker saw it.
REPORT_DECODES = """const NativeDecoder = self.ImageDecoder;
self.ImageDecoder = class extends NativeDecoder {
  async decode(...args) {
    const decoded = await super.decode(...args);
    const { codedWidth, codedHeight, rotation } = decoded.image;
    self.postMessage({ probe: { codedWidth, codedHeight, rotation } });
    return decoded;
  }
};
"""
NO_IMAGE_DECODER = "delete self.ImageDecoder;\n"
# An ImageDecoder whose frames say nothing of the EXIF orientation (as one without VideoFrame.rotation would).
UNTURNED_FRAMES = REPORT_DECODES.replace("return decoded;", """const frame = decoded.image;
    const unturned = new Proxy(frame, { get: (target, key) => (key === 'rotation' ? 0 : key === 'flip' ? false
      : typeof target[key] === 'function' ? target[key].bind(target) : target[key]) });
    return { ...decoded, image: unturned };""")


@pytest.mark.parametrize(("worker_prefix", "page_script", "decoded"), [
    (REPORT_DECODES, "", [{"codedWidth": 2000, "codedHeight": 1500, "rotation": 90}]),
    (NO_IMAGE_DECODER, "", []),
    (UNTURNED_FRAMES, "", [{"codedWidth": 2000, "codedHeight": 1500, "rotation": 90}]),
    ("", "delete window.ImageDecoder; delete window.OffscreenCanvas;", []),
], ids=["worker-reduced-decode", "worker-without-image-decoder", "worker-frames-not-turned", "page-whole-decode"])
def test_each_way_of_preparing_a_photo_keeps_it_upright(live_server, new_context, worker_prefix, page_script, decoded):
    """The service worker is blocked, so that the photo worker's script is fetched through the route that
    changes it; `decoded` is what ImageDecoder gave the worker (nothing: the whole decode did it)."""
    context = new_context(service_workers="block")
    context.add_init_script(COLLECT_PROBES + page_script)

    def changed_worker(route):
        reply = route.fetch()
        route.fulfill(response=reply, body=worker_prefix + reply.text())

    context.route("**/assets/*photo-worker-*.js", changed_worker)
    page = context.new_page()
    sign_in(page, live_server.url, "mediator")
    wait_until_synced(page)
    take_sideways_photo(page, live_server)
    assert page.evaluate("window.__probes") == decoded
    context.close()
