"""Visits on the phone: link a case registered offline, the full list of my visits, edit one, the location if allowed."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import last_sync_at, sign_in, wait_for_service_worker, wait_until_synced

pytestmark = pytest.mark.browser
LOCAL = "仅保存在手机"
OUTBOX = """async () => {
    const open = indexedDB.open('tiaojie');
    const db = await new Promise((ok) => { open.onsuccess = () => ok(open.result); });
    return new Promise((ok) => { const r = db.transaction('outbox').objectStore('outbox').getAll(); r.onsuccess = () => ok(r.result); });
}"""


def server_visits(live_server, username: str) -> list[dict]:
    status, body = live_server.api("GET", "/api/visits?per_page=100", token=live_server.login(username))
    assert status == 200, body
    return body["items"]


def test_a_visit_links_a_case_registered_offline_and_both_reach_the_server(live_server, new_context):
    context = new_context()
    page = context.new_page()
    sign_in(page, live_server.url, "mediator2")
    wait_for_service_worker(page)
    wait_until_synced(page)
    context.set_offline(True)

    page.goto(f"{live_server.url}/disputes/new")
    page.locator("[data-test=title] input").fill("离线登记的楼道杂物纠纷")
    page.locator(".tj-chip[data-code=neighbor]").click()
    page.locator("[data-test=save]").click()
    expect(page.locator("[data-test=dispute-detail]")).to_contain_text(LOCAL)
    case_id = page.url.split("/disputes/", 1)[1].split("/", 1)[0]

    page.locator(".van-tabbar-item").nth(2).click()
    link = page.locator("[data-test=link]")
    expect(link.locator(f"option[value='{case_id}']")).to_have_text(f"离线登记的楼道杂物纠纷 ({LOCAL})")
    link.select_option(case_id)
    page.locator("[data-test=place] input").fill("楼道杂物现场")
    page.locator("[data-test=save-visit]").click()
    expect(page.locator("[data-test=today-visit]").first).to_contain_text("楼道杂物现场")

    context.set_offline(False)
    wait_until_synced(page, after=last_sync_at(page))
    visit = next(v for v in server_visits(live_server, "mediator2") if v["place"] == "楼道杂物现场")
    assert visit["dispute_ids"] == [case_id]


def test_my_visits_are_listed_filtered_and_edited_offline_with_only_the_changed_fields_sent(live_server, new_context):
    context = new_context(geolocation={"latitude": 31.2304, "longitude": 121.4737, "accuracy": 12},
                          permissions=["geolocation"])
    page = context.new_page()
    sign_in(page, live_server.url, "mediator3")
    wait_for_service_worker(page)
    wait_until_synced(page)
    for place in ("编辑前的地点", "另一处走访"):
        page.locator(".van-tabbar-item").nth(2).click()
        page.locator("[data-test=place] input").fill(place)
        page.locator("[data-test=save-visit]").click()
        expect(page.locator("[data-test=today-visit]").first).to_contain_text(place)
    expect(page.locator("[data-test=today-visit] [data-state=local]")).to_have_count(0, timeout=20_000)
    context.set_offline(True)

    page.locator(".van-tabbar-item").nth(2).click()
    page.locator("[data-test=my-visits]").click()
    rows = page.locator("[data-test=visit-row]")
    expect(rows.first).to_be_visible()
    total = rows.count()
    assert total >= 2
    page.locator("[data-test=visit-search] ").fill("编辑前")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("已同步")
    page.locator("[data-test=visit-linked]").select_option("linked")
    expect(rows).to_have_count(0)
    page.locator("[data-test=visit-linked]").select_option("")
    rows.first.click()

    expect(page.locator("[data-test=place] input")).to_have_value("编辑前的地点")
    expect(page.locator("[data-test=nil-report]")).to_have_count(0)
    page.locator("[data-test=place] input").fill("编辑后的地点")
    page.locator("[data-test=locate]").click()
    expect(page.locator("[data-test=location] input")).to_have_value("31.230400,121.473700 ±12m")
    page.locator("[data-test=save-visit]").click()
    expect(page.locator("[data-test=visit-list]")).to_be_visible()
    page.locator("[data-test=visit-search] ").fill("")
    expect(rows).to_have_count(total)
    expect(rows.filter(has_text="编辑后的地点")).to_have_count(1)
    expect(rows.filter(has_text="编辑前的地点")).to_have_count(0)

    queued = page.evaluate(OUTBOX)
    assert [sorted(m["changes"]) for m in queued] == [["location", "place"]], queued

    context.set_offline(False)
    wait_until_synced(page, after=last_sync_at(page))
    mine = {v["place"]: v for v in server_visits(live_server, "mediator3")}
    assert "编辑前的地点" not in mine
    assert mine["编辑后的地点"]["location"] == "31.230400,121.473700 ±12m"
    assert mine["另一处走访"]["location"] is None
    assert page.evaluate(OUTBOX) == []
