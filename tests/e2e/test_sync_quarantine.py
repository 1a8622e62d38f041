"""One bad edit never blocks the outbox nor keeps the phone syncing (issue 9, point 5), in real Chromium."""
from __future__ import annotations

import json
import sqlite3

import pytest
from playwright.sync_api import Page, Route, expect

from tests.e2e.pages import (
    last_sync_at,
    queue_as_an_older_app_would,
    sign_in,
    wait_for_service_worker,
    wait_until_synced,
)
from tests.e2e.test_sync_cases import new_dispute

pytestmark = pytest.mark.browser
BAD_PLACE = "服务器出错的走访点"


def save_visit(page: Page, base_url: str, place: str) -> None:
    page.goto(f"{base_url}/visits/new")
    page.locator("[data-test=place] input").fill(place)
    page.locator("[data-test=save-visit]").click()
    expect(page.locator("[data-test=today-visit]").first).to_contain_text(place)


def outbox(page: Page) -> list[dict]:
    return page.evaluate("""async () => {
        const open = indexedDB.open('tiaojie');
        const db = await new Promise((ok, fail) => { open.onsuccess = () => ok(open.result); open.onerror = fail; });
        const all = await new Promise((ok) => {
            const request = db.transaction('outbox').objectStore('outbox').getAll();
            request.onsuccess = () => ok(request.result);
        });
        db.close();
        return all.map((m) => ({ place: m.changes.place, state: m.state, error_code: m.error_code }));
    }""")


def stored_visit_places(live_server) -> set[str]:
    database = live_server.env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:
        return {row[0] for row in connection.execute("SELECT place FROM visits")}


def test_a_quarantined_edit_leaves_the_phone_idle(live_server, new_context):
    context = new_context()
    page = context.new_page()
    sign_in(page, live_server.url, "mediator")
    wait_for_service_worker(page)
    wait_until_synced(page)
    context.set_offline(True)
    new_dispute(page, "楼道堆物纠纷", [("钱某", "13912340000")])
    queue_as_an_older_app_would(page, "party", "phone", "12345")  # the server refuses the phone number
    page.goto(f"{live_server.url}/")
    context.set_offline(False)
    page.locator("[data-test=sync-now]").click()
    page.wait_for_function("document.querySelector('[data-test=sync-bar]').innerText.includes('需处理')")
    page.wait_for_timeout(3000)  # the round that quarantined it ends

    requests: list[str] = []
    context.on("request", lambda request: "/api/sync/" in request.url and requests.append(request.url))
    page.wait_for_timeout(20_000)
    assert len(requests) <= 2, f"{len(requests)} sync requests in 20 idle seconds"
    assert [m["state"] for m in outbox(page)] == ["rejected"]


def test_a_batch_the_server_fails_on_is_bisected_and_the_failing_visit_quarantined(live_server, new_context):
    context = new_context()
    page = context.new_page()
    sign_in(page, live_server.url, "mediator")
    wait_for_service_worker(page)
    wait_until_synced(page)
    failed: list[int] = []

    def fail_on_the_bad_visit(route: Route) -> None:
        body = json.loads(route.request.post_data or "{}")
        if any(m.get("changes", {}).get("place") == BAD_PLACE for m in body.get("mutations", [])):
            failed.append(len(body["mutations"]))
            route.fulfill(status=500, content_type="application/json", body=json.dumps(
                {"error": {"code": "internal_error", "message": "服务器出错。 / Server error.", "details": {}}}))
        else:
            route.continue_()

    context.route("**/api/sync/push", fail_on_the_bad_visit)
    context.set_offline(True)
    good = ["走访甲", "走访乙", "走访丙"]
    for place in (good[0], BAD_PLACE, good[1], good[2]):
        save_visit(page, live_server.url, place)
    before = last_sync_at(page)
    context.set_offline(False)
    page.locator("[data-test=sync-now]").click()
    page.wait_for_function("document.querySelector('[data-test=sync-bar]').innerText.includes('需处理')",
                           timeout=60_000)

    assert set(good) <= stored_visit_places(live_server)
    assert BAD_PLACE not in stored_visit_places(live_server)
    assert outbox(page) == [{"place": BAD_PLACE, "state": "rejected", "error_code": "server_error"}]
    assert failed[0] == 4 and failed[-1] == 1, failed
    assert last_sync_at(page) != before, "the round ended well: the outbox kept flowing"
    page.goto(f"{live_server.url}/settings")
    item = page.locator("[data-test=attention-item]")
    expect(item).to_have_count(1)
    expect(item).to_contain_text(BAD_PLACE)
    expect(item).to_contain_text("服务器处理这条修改时一再出错")
