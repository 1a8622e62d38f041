"""The desk's 手机状态 after a phone's sync (issue 9, point 10), in real Chromium."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import last_sync_at, sign_in, sign_in_desk, wait_for_service_worker, wait_until_synced
from tests.e2e.test_sync_quarantine import save_visit

pytestmark = pytest.mark.browser


def test_the_desk_shows_a_phone_that_only_pulled_as_synced_and_an_emptied_outbox_as_nothing_waiting(
        live_server, new_context):
    phone = new_context().new_page()
    sign_in(phone, live_server.url, "mediator")
    wait_for_service_worker(phone)
    wait_until_synced(phone)  # nothing to send: this round only pulls
    device_id = phone.evaluate("""async () => {
        const open = indexedDB.open('tiaojie');
        const db = await new Promise((ok, fail) => { open.onsuccess = () => ok(open.result); open.onerror = fail; });
        const id = await new Promise((ok) => {
            const request = db.transaction('meta').objectStore('meta').get('device_id');
            request.onsuccess = () => ok(request.result);
        });
        db.close();
        return id;
    }""")

    desk = new_context().new_page()
    desk.set_viewport_size({"width": 1280, "height": 800})
    sign_in_desk(desk, live_server.url, "supervisor")
    desk.goto(f"{live_server.url}/desk/devices")
    row = desk.locator(f"[data-test='device-{device_id}']")
    expect(row.locator("[data-test=last-sync]")).to_contain_text(":")
    expect(row.locator("[data-test=last-sync]")).not_to_contain_text("尚无同步记录")

    before = last_sync_at(phone)
    save_visit(phone, live_server.url, "健康检查走访点")
    wait_until_synced(phone, after=before)
    desk.reload()
    expect(row.locator("[data-test=pending]")).to_have_text("0")
