"""Sign-in lifecycle and updates in real Chromium: expired tokens, a revoked device, a new app version."""
from __future__ import annotations

import contextlib
import re

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from tests.e2e.pages import last_sync_at, sign_in, sync_now, wait_for_service_worker, wait_until_synced

pytestmark = pytest.mark.browser

READ_META = """async (key) => {
    const open = indexedDB.open('tiaojie');
    const db = await new Promise((ok, fail) => { open.onsuccess = () => ok(open.result); open.onerror = fail; });
    const value = await new Promise((ok) => {
        const request = db.transaction('meta').objectStore('meta').get(key);
        request.onsuccess = () => ok(request.result ?? null);
    });
    db.close();
    return value;
}"""


def log_visit(page: Page, base_url: str, place: str) -> None:
    page.goto(f"{base_url}/visits/new")
    page.locator("[data-test=place] input").fill(place)
    page.locator("[data-test=save-visit]").click()
    expect(page.locator("[data-test=today-visit]").first).to_contain_text(place)


def test_an_access_token_that_expired_offline_is_refreshed_by_the_next_sync(short_token_server, new_context):
    context = new_context()
    page = context.new_page()
    sign_in(page, short_token_server.url, "mediator")
    wait_for_service_worker(page)
    wait_until_synced(page)
    first_token = page.evaluate(READ_META, "auth")["access_token"]

    context.set_offline(True)
    log_visit(page, short_token_server.url, "过期令牌测试点")
    page.wait_for_timeout(4000)  # the 3-second access token expires while offline
    before = last_sync_at(page)
    context.set_offline(False)
    wait_until_synced(page, after=before)
    expect(page.locator("[data-test=today-visit] .tj-sync-state").first).to_have_attribute("data-state", "synced")
    assert page.evaluate(READ_META, "auth")["access_token"] != first_token
    assert page.evaluate(READ_META, "auth_state") is None


def test_a_revoked_device_is_wiped(live_server, new_context):
    context = new_context()
    page = context.new_page()
    sign_in(page, live_server.url, "mediator3")
    wait_for_service_worker(page)
    wait_until_synced(page)
    device_id = page.evaluate(READ_META, "device_id")

    status, body = live_server.api("POST", f"/api/devices/{device_id}/revoke", {}, token=live_server.login("admin"))
    assert status == 200, body
    with contextlib.suppress(PlaywrightError):  # a round already running may find the revocation first
        page.locator("[data-test=sync-now]").click(timeout=5000)
    expect(page.locator("[data-test=revoked]")).to_be_visible()
    assert page.evaluate(READ_META, "user") is None
    assert page.evaluate("() => localStorage.getItem('tiaojie.device_id')") is None
    assert page.evaluate("() => localStorage.getItem('tiaojie.start')") is None, "今日's start-up copy is wiped too"


def test_todays_start_up_copy_is_kept_while_signed_in_and_gone_after_sign_out(live_server, new_context):
    context = new_context()
    page = context.new_page()
    sign_in(page, live_server.url, "mediator")
    wait_for_service_worker(page)
    wait_until_synced(page)
    page.wait_for_function("JSON.parse(localStorage.getItem('tiaojie.start') || 'null')?.today?.cases?.length > 0")

    context.set_offline(True)
    page.reload()  # drawn from the copy, then confirmed by IndexedDB
    expect(page.locator("[data-test=today-case]").first).to_be_visible()
    page.locator(".van-tabbar-item").nth(3).click()
    page.locator("[data-test=sign-out]").click()
    page.locator(".van-dialog__confirm").click()
    expect(page.locator("input[name=username]")).to_be_visible()
    assert page.evaluate("() => localStorage.getItem('tiaojie.start')") is None
    page.goto(f"{live_server.url}/")
    expect(page.locator("input[name=username]")).to_be_visible()
    expect(page.locator("[data-test=today]")).to_have_count(0)


def test_after_a_sign_out_the_next_user_of_the_phone_signs_in_under_a_new_device_id(live_server, new_context):
    context = new_context()
    page = context.new_page()
    sign_in(page, live_server.url, "mediator2")
    wait_for_service_worker(page)
    wait_until_synced(page)
    first_device = page.evaluate(READ_META, "device_id")

    page.locator(".van-tabbar-item").nth(3).click()
    page.locator("[data-test=sign-out]").click()
    page.locator(".van-dialog__confirm").click()
    expect(page.locator("input[name=username]")).to_be_visible()
    sign_in(page, live_server.url, "mediator3")
    wait_until_synced(page)

    second_device = page.evaluate(READ_META, "device_id")
    assert first_device and second_device and second_device != first_device
    assert page.evaluate(READ_META, "user")["username"] == "mediator3"
    status, body = live_server.api("GET", "/api/devices?per_page=100", token=live_server.login("admin"))
    assert status == 200, body
    owners = {item["id"]: item["user"]["display_name"] for item in body["items"]}
    assert owners[first_device] != owners[second_device]


def test_a_new_version_is_offered_and_accepting_it_keeps_unsent_edits(live_server, new_context):
    context = new_context()
    page = context.new_page()
    sign_in(page, live_server.url, "mediator2")
    wait_for_service_worker(page)
    wait_until_synced(page)

    # Edits that cannot reach the server yet (its push endpoint is down for this phone).
    context.route("**/api/sync/push", lambda route: route.fulfill(
        status=503, content_type="application/json",
        body='{"error": {"code": "unavailable", "message": "down", "details": {}}}'))
    log_visit(page, live_server.url, "升级前未发送的走访")

    # A new build is published; the app offers it instead of swapping code under the user.
    sw = live_server.dist / "sw.js"
    sw.write_text(sw.read_text() + "\n// new version\n")
    try:
        page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
        bar = page.locator("[data-test=update-bar]")
        expect(bar).to_be_visible()
        with page.expect_event("load"):
            bar.click()
        expect(page.locator("[data-test=today-visit]").first).to_contain_text("升级前未发送的走访")
        # still unsent: saved on the phone, or being retried against the failing endpoint
        expect(page.locator("[data-test=today-visit] .tj-sync-state").first).to_have_attribute(
            "data-state", re.compile("^(local|sending)$"))
        expect(page.locator("[data-test=update-bar]")).to_have_count(0)
    finally:
        sw.write_text(sw.read_text().replace("\n// new version\n", ""))

    context.unroute("**/api/sync/push")
    sync_now(page)
    expect(page.locator("[data-test=today-visit] .tj-sync-state").first).to_have_attribute("data-state", "synced")
