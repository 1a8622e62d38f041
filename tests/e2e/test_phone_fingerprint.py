"""A party who cannot sign puts a fingerprint on the agreement (人民调解法 art. 29: 签名、盖章或者按指印): the
phone photographs it offline, beside another party's and the mediator's signatures; once online the fingerprint
is a `fingerprint` attachment of that party, without the camera's location, and the agreement paper places it.
Like every photo it is kept raw first (shown 处理中 until the photo worker has prepared it), never lost to a
reload or to a picture that cannot be read."""
from __future__ import annotations

import hashlib
import io
import urllib.request

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.e2e.files import (
    camera_jpeg, hold, phone_with_held_photo_worker, picked, raw_photos, server_content, sign_on_the_pad, untouched_case,
    wait_until_photo_worker_runs,
)
from tests.pdf_reading import image_count

pytestmark = pytest.mark.browser


def test_a_fingerprint_taken_offline_signs_for_its_party_and_is_placed_on_the_agreement(live_server, new_context):
    token = live_server.login("mediator")
    case_id, (finger_party, signing_party) = untouched_case(live_server, token, parties=2, written=True)
    context, page = on_the_agreement(new_context, live_server, case_id)
    context.set_offline(True)
    hold(page, True)
    fingerprinted = page.locator(f"[data-test=signer][data-signer='{finger_party}']")
    fingerprinted.locator("[data-test=fingerprint]").set_input_files(picked("finger.jpg", camera_jpeg(31, (1200, 1600))))
    expect(fingerprinted.locator("[data-test=file-state]")).to_have_text("处理中 · 仅在手机")
    expect(fingerprinted).to_contain_text("指印照片")
    page.reload()
    expect(fingerprinted.locator("[data-test=file-state]")).to_have_text("处理中 · 仅在手机")
    assert len(raw_photos(page)["rows"]) == 1, "kept as the camera gave it, across the reload"
    hold(page, False)
    expect(fingerprinted.locator("[data-test=signature-thumb]")).to_be_visible()
    expect(fingerprinted).to_contain_text("已按指印")
    expect(fingerprinted.locator("[data-test=file-state]")).to_have_text("仅在手机")
    for signer in (signing_party, "mediator"):
        row = page.locator(f"[data-test=signer][data-signer='{signer}']")
        row.locator("[data-test=sign]").click()
        sign_on_the_pad(page)
        expect(row).to_contain_text("已签名")

    context.set_offline(False)
    states = page.locator("[data-test=signer] [data-test=file-state]")
    expect(states).to_have_count(3)
    for state in states.all():
        expect(state).to_have_attribute("data-state", "uploaded", timeout=60_000)

    status, pulled = live_server.api("GET", "/api/sync/pull?limit=1000", token=token)
    marks = [r for r in pulled["records"] if r["entity"] == "attachment" and r["dispute_id"] == case_id]
    by_kind = {(r["kind"], r["parent_id"]): r for r in marks}
    assert set(by_kind) == {("fingerprint", finger_party), ("signature", signing_party), ("signature", None)}, marks
    fingerprint = by_kind[("fingerprint", finger_party)]
    assert fingerprint["parent_entity"] == "party" and fingerprint["upload_complete"] is True
    data = server_content(live_server, fingerprint["id"], token)
    assert hashlib.sha256(data).hexdigest() == fingerprint["sha256"]
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG" and not image.getexif() and max(image.size) <= 1600

    status, dossier = live_server.api("GET", f"/api/disputes/{case_id}/dossier", token=token)
    signatures = next(item for item in dossier["items"] if item["paper"] == "signatures")
    assert signatures["present"] is True, dossier

    request = f"{live_server.url}/api/disputes/{case_id}/papers/agreement.pdf"
    with urllib.request.urlopen(urllib.request.Request(request, headers={"Authorization": f"Bearer {token}"})) as reply:
        assert image_count(reply.read()) == 3, "both parties' marks and the mediator's signature are placed"


def test_a_fingerprint_photo_that_cannot_be_read_is_kept_marked_until_the_mediator_discards_it(live_server, new_context):
    token = live_server.login("mediator")
    case_id, (party, _) = untouched_case(live_server, token, parties=2, written=True)
    context, page = on_the_agreement(new_context, live_server, case_id)
    context.set_offline(True)
    row = page.locator(f"[data-test=signer][data-signer='{party}']")
    row.locator("[data-test=fingerprint]").set_input_files(picked("finger.jpg", b"\xff\xd8\xff not a photo at all"))
    expect(row.locator("[data-test=file-state]")).to_have_text("无法读取此图片")
    page.reload()
    expect(row.locator("[data-test=file-state]")).to_have_text("无法读取此图片")
    row.locator("[data-test=raw-discard]").click()
    page.locator(".van-dialog__confirm").click()
    expect(row).to_contain_text("未签名")
    assert raw_photos(page) == {"rows": [], "bytes": {}, "creates": []}
    context.close()


def on_the_agreement(new_context, live_server, case_id: str):
    """A mediator's phone, synced, on the case's agreement screen (its photo worker waits while `hold` is on)."""
    context, page = phone_with_held_photo_worker(new_context, live_server)
    page.goto(f"{live_server.url}/disputes/{case_id}/agreement")
    expect(page.locator("[data-test=signer]")).to_have_count(3)
    wait_until_photo_worker_runs(page)
    return context, page
