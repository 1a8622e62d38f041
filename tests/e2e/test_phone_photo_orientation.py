"""A photo the camera stored on its side (EXIF Orientation 6: show it turned 90° clockwise) is kept upright,
downscaled and without EXIF, when the photo worker prepares it (pwa/src/media/photo-worker.js)."""
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


def test_a_sideways_photo_is_kept_upright_downscaled_and_without_exif(live_server, new_context):
    context = new_context()
    page = context.new_page()
    sign_in(page, live_server.url, "mediator")
    wait_for_service_worker(page)
    wait_until_synced(page)
    open_untouched_case(page, live_server)  # a case the other phone tests do not count the photos of
    context.set_offline(True)
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
    context.close()
