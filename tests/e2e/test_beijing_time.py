"""Times on the phone are Beijing time even when the phone is set to another zone."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import last_sync_at, sign_in, wait_until_synced

pytestmark = pytest.mark.browser


def test_a_mediation_record_picked_at_2153_beijing_is_stored_as_1353_utc_and_shown_as_2153(live_server, new_context):
    context = new_context(timezone_id="America/New_York")
    page = context.new_page()
    sign_in(page, live_server.url, "mediator3")
    wait_until_synced(page)
    page.locator("[data-test=today-case]").first.click()
    expect(page.locator("[data-test=dispute-detail]")).to_be_visible()
    case_id = page.url.split("/disputes/", 1)[1].split("/", 1)[0]

    context.set_offline(True)
    page.locator("[data-test=add-log]").click()
    now_shown = page.locator("[data-test=held_at-time]").input_value()
    beijing_now = page.evaluate("new Date(Date.now() + 8 * 3600e3).toISOString().slice(11, 16)")
    assert now_shown[:2] == beijing_now[:2], (now_shown, beijing_now)  # the default is now, in Beijing
    page.locator("[data-test=held_at-day]").fill("2026-03-04")
    page.locator("[data-test=held_at-time]").fill("21:53")
    page.locator(".tj-actions .van-button").click()
    expect(page.locator("[data-test=dispute-detail]")).to_contain_text("2026-03-04 21:53")

    context.set_offline(False)
    before = last_sync_at(page)
    wait_until_synced(page, after=before)
    status, body = live_server.api("GET", f"/api/disputes/{case_id}", token=live_server.login("mediator3"))
    assert status == 200, body
    held = [log["held_at"] for log in body["mediation_logs"]]
    assert any(value.startswith("2026-03-04T13:53") for value in held), held
