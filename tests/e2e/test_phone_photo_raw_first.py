"""A photo is saved first as the camera gave it, and prepared after (pwa/src/components/attachments/raw-photos.js):
it shows at once as 处理中 · 仅在手机 with nothing queued for the server, then becomes a normal photo whose
uploaded bytes are the prepared JPEG (≤ 1,600 px, no EXIF); one left raw by a reload is prepared when the app
starts again; one that cannot be decoded stays, marked, until the mediator discards it."""
from __future__ import annotations

import base64
import hashlib
import io
import time

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.e2e.files import (
    GPS_IFD, camera_jpeg, hold, open_untouched_case, phone_files, phone_with_held_photo_worker, picked, raw_photos,
    server_content, wait_until_photo_worker_runs, wait_until_uploaded,
)

pytestmark = pytest.mark.browser

PREPARING = "[data-test=attachment][data-raw=preparing]"


def assert_prepared_on_server(live_server, attachment_id: str, phone_sha: str) -> None:
    token = live_server.login("mediator")
    data = server_content(live_server, attachment_id, token)
    assert hashlib.sha256(data).hexdigest() == phone_sha
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG" and max(image.size) <= 1600, (image.format, image.size)
    assert not image.getexif() and b"Exif" not in data[:4096], "the camera's EXIF never left the phone"


def signed_in_on_a_case(new_context, live_server):
    context, page = phone_with_held_photo_worker(new_context, live_server)
    open_untouched_case(page, live_server)
    wait_until_photo_worker_runs(page)
    return context, page


def test_a_photo_shows_at_once_as_preparing_then_as_a_prepared_photo_whose_upload_has_no_exif(live_server, new_context):
    context, page = signed_in_on_a_case(new_context, live_server)
    context.set_offline(True)
    page.reload()
    hold(page, True)
    original = camera_jpeg(31, (3000, 2250))
    page.locator("[data-test=photo-camera]").set_input_files(picked("IMG_0301.jpg", original))
    shown = page.locator(PREPARING)
    expect(shown).to_have_count(1)
    expect(shown.locator("[data-test=file-state]")).to_have_text("处理中 · 仅在手机")
    expect(page.locator("[data-test=attachment] img")).to_have_count(0)
    photo_id = shown.get_attribute("data-attachment")
    held = raw_photos(page)
    assert [row["id"] for row in held["rows"]] == [photo_id]
    assert base64.b64decode(held["bytes"][photo_id]) == original, "the camera's bytes, kept as they were"
    assert held["creates"] == [] and phone_files(page) == [], "nothing for the server until it is prepared"

    hold(page, False)
    kept = page.locator(f"[data-test=attachment][data-attachment='{photo_id}']")
    expect(kept.locator("img")).to_be_visible(timeout=30_000)
    expect(kept.locator("[data-test=file-state]")).to_have_attribute("data-state", "local")
    expect(page.locator("[data-test=attachment]")).to_have_count(1)
    after = raw_photos(page)
    assert after["rows"] == [] and after["bytes"] == {} and after["creates"] == [photo_id]
    [row] = phone_files(page)
    assert row["id"] == photo_id

    context.set_offline(False)
    wait_until_uploaded(page, 1)
    assert_prepared_on_server(live_server, photo_id, row["sha256"])
    context.close()


def test_a_photo_left_raw_by_a_reload_is_prepared_when_the_app_starts_again_and_reaches_the_server(live_server, new_context):
    context, page = signed_in_on_a_case(new_context, live_server)
    case_url = page.url
    context.set_offline(True)
    page.reload()
    hold(page, True)
    page.locator("[data-test=photo-camera]").set_input_files(picked("IMG_0302.jpg", camera_jpeg(32)))
    expect(page.locator(PREPARING)).to_have_count(1)
    [left] = raw_photos(page)["rows"]
    assert Image.open(io.BytesIO(base64.b64decode(raw_photos(page)["bytes"][left["id"]]))).getexif().get_ifd(GPS_IFD)

    # The app is closed mid-preparation and opened again on 今日: the photo is prepared there, no case opened.
    page.close()
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    expect(page.locator("[data-test=today]")).to_be_visible()
    hold(page, False)
    deadline = time.monotonic() + 30
    while raw_photos(page)["rows"] and time.monotonic() < deadline:
        page.wait_for_timeout(250)
    assert raw_photos(page)["creates"] == [left["id"]]
    [row] = phone_files(page)
    assert row["id"] == left["id"] and row["kind"] == left["kind"]

    page.goto(case_url)
    kept = page.locator(f"[data-test=attachment][data-attachment='{left['id']}']")
    expect(kept.locator("img")).to_be_visible()
    context.set_offline(False)
    wait_until_uploaded(page, 1)
    assert_prepared_on_server(live_server, left["id"], row["sha256"])
    context.close()


def test_a_photo_that_cannot_be_read_stays_marked_until_it_is_discarded(live_server, new_context):
    context, page = signed_in_on_a_case(new_context, live_server)
    context.set_offline(True)
    page.reload()
    page.locator("[data-test=photo-gallery]").set_input_files(picked("IMG_0303.jpg", b"\xff\xd8\xff not a photo at all"))
    unreadable = page.locator("[data-test=attachment][data-raw=unreadable]")
    expect(unreadable.locator("[data-test=file-state]")).to_have_text("无法读取此图片")
    page.reload()
    expect(unreadable).to_have_count(1)
    unreadable.locator("[data-test=raw-discard]").click()
    page.locator(".van-dialog__confirm").click()
    expect(page.locator("[data-test=attachment]")).to_have_count(0)
    assert raw_photos(page) == {"rows": [], "bytes": {}, "creates": []}
    context.close()
