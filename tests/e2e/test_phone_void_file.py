"""Voiding a wrong photo on the phone (issue 11): offline, through the outbox like any edit; it leaves the case's list
and its size cap, and after sync the server's record is voided, with the reason, and its bytes were never asked for."""
from __future__ import annotations

import base64
import time

import pytest
from playwright.sync_api import Page, Request, expect

from tests.e2e.pages import sign_in, wait_for_service_worker, wait_until_synced
from tests.e2e.files import camera_jpeg, expect_prepared, open_untouched_case, phone_files, picked, wait_until_uploaded

pytestmark = pytest.mark.browser


def upload_requests_for(requests: list[Request], attachment_id: str) -> list[str]:
    """The tus requests that name the attachment: its creation (Upload-Metadata) or its upload's URL."""
    encoded = base64.b64encode(attachment_id.encode()).decode()
    return [f"{r.method} {r.url}" for r in requests if "/api/uploads" in r.url
            and (attachment_id in r.url or encoded in (r.headers.get("upload-metadata") or ""))]


def test_a_wrong_photo_voided_offline_leaves_the_list_and_its_bytes_never_reach_the_server(live_server, new_context):
    context = new_context()
    page = context.new_page()
    requests: list[Request] = []
    context.on("request", lambda request: requests.append(request))
    sign_in(page, live_server.url, "mediator")
    wait_for_service_worker(page)
    wait_until_synced(page)
    case_id = open_untouched_case(page, live_server)

    context.set_offline(True)
    page.reload()
    caps = page.locator("[data-test=attachment-caps]")
    expect(caps).to_contain_text("5 MB")
    page.locator("[data-test=photo-camera]").set_input_files(picked("IMG_0101.jpg", camera_jpeg(11)))
    expect(page.locator("[data-test=attachment]")).to_have_count(1)
    wrong = page.locator("[data-test=attachment]").first.get_attribute("data-attachment")
    page.locator("[data-test=photo-camera]").set_input_files(picked("IMG_0102.jpg", camera_jpeg(12)))
    expect_prepared(page, 2)
    used_with_both = caps.inner_text()
    held = {row["id"]: row for row in phone_files(page)}
    kept = next(id_ for id_ in held if id_ != wrong)

    page.locator(f"[data-test=attachment][data-attachment='{wrong}'] [data-test=attachment-void]").click()
    page.locator("[data-test=void]").click()
    expect(page.locator(".van-popup--bottom")).to_contain_text("请填写作废原因")
    page.locator("textarea[name=void-reason]").fill("拍错了案件")
    page.locator("[data-test=void]").click()
    page.locator(".van-dialog__confirm").click()
    expect(page.locator("[data-test=attachment]")).to_have_count(1)
    expect(page.locator(f"[data-test=attachment][data-attachment='{wrong}']")).to_have_count(0)
    expect(caps).not_to_have_text(used_with_both)
    assert f"本案已用 {-(-held[kept]['byte_size'] // 1024)} KB" in caps.inner_text(), caps.inner_text()
    page.reload()
    expect(page.locator("[data-test=attachment]")).to_have_count(1)

    context.set_offline(False)
    wait_until_uploaded(page, 1)
    wait_until_synced(page)
    token = live_server.login("mediator")
    status, pulled = live_server.api("GET", "/api/sync/pull?limit=1000", token=token)
    assert status == 200, pulled
    on_server = {r["id"]: r for r in pulled["records"] if r["entity"] == "attachment" and r["dispute_id"] == case_id}
    assert on_server[wrong]["voided_at"] and on_server[wrong]["void_reason"] == "拍错了案件", on_server[wrong]
    assert on_server[wrong]["upload_complete"] is False
    assert on_server[kept]["upload_complete"] is True and not on_server[kept]["voided_at"]
    assert upload_requests_for(requests, wrong) == [], "the voided photo's bytes were never offered"
    assert upload_requests_for(requests, kept), "the kept one went by tus"
    deadline = time.monotonic() + 30
    while next(f for f in phone_files(page) if f["id"] == wrong)["bytes"] is not None:
        assert time.monotonic() < deadline, "the voided photo's bytes left the phone once the server had the void"
        page.wait_for_timeout(250)
