"""Sync's hard cases in real Chromium: two phones editing one case, and an edit the server refuses."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.pages import (
    last_sync_at,
    queue_as_an_older_app_would,
    sign_in,
    sync_now,
    wait_for_service_worker,
    wait_until_synced,
)

pytestmark = pytest.mark.browser


def new_dispute(page: Page, title: str, parties: list[tuple[str, str]]) -> str:
    """Fill the new-case form (category 邻里) and save; returns the case id."""
    page.locator("[data-test=new-dispute]").first.click()
    page.locator("[data-test=title] input").fill(title)
    page.locator(".tj-chip[data-code=neighbor]").click()
    for index, (name, phone) in enumerate(parties):
        page.locator(f"input[name=party-{index}-name]").fill(name)
        page.locator(f"input[name=party-{index}-phone]").fill(phone)
    page.locator("[data-test=save]").click()
    expect(page.locator("[data-test=dispute-detail]")).to_be_visible()
    return page.url.rsplit("/", 1)[1]


def holds_record(page: Page, entity: str, record_id: str) -> bool:
    return page.evaluate("""async ([entity, id]) => {
        const open = indexedDB.open('tiaojie');
        const db = await new Promise((ok, fail) => { open.onsuccess = () => ok(open.result); open.onerror = fail; });
        const found = await new Promise((ok) => {
            const request = db.transaction('records').objectStore('records').get([entity, id]);
            request.onsuccess = () => ok(Boolean(request.result));
        });
        db.close();
        return found;
    }""", [entity, record_id])


def edit_summary(page: Page, text: str, risk: str | None = None) -> None:
    """Edit the case's summary (and, given its label, the risk level) in the edit sheet."""
    page.locator("[data-test=edit]").click()
    page.locator("textarea[name=edit-summary]").fill(text)
    if risk:
        page.locator("[data-test=dispute-edit] .van-radio").filter(has_text=risk).click()
    page.locator("[data-test=edit-save]").click()
    expect(page.locator("[data-test=edit]")).to_contain_text(text)


def test_two_mediators_edit_one_case_offline_the_second_sees_the_conflict(live_server, new_context):
    first, second = new_context(), new_context()
    page_a, page_b = first.new_page(), second.new_page()
    sign_in(page_a, live_server.url, "mediator")
    sign_in(page_b, live_server.url, "mediator2")
    for page in (page_a, page_b):
        wait_for_service_worker(page)
        wait_until_synced(page)

    before = last_sync_at(page_a)
    case_id = new_dispute(page_a, "共用晾衣架纠纷", [("周某", ""), ("吴某", "")])
    wait_until_synced(page_a, after=before)
    status, _ = live_server.api("GET", f"/api/disputes/{case_id}", token=live_server.login("mediator2"))
    assert status == 200, "the case reached the server, in mediator2's scope"
    page_b.goto(f"{live_server.url}/")
    for _ in range(3):  # a round already running when the button is pressed may have pulled just before the push
        sync_now(page_b)
        if holds_record(page_b, "dispute", case_id):
            break
    assert holds_record(page_b, "dispute", case_id), "mediator2's pull never delivered the case (a skipped cursor?)"
    case_url = f"{live_server.url}/disputes/{case_id}"

    first.set_offline(True)
    second.set_offline(True)
    page_a.goto(case_url)
    edit_summary(page_a, "双方同意轮流使用（甲）", risk="高")
    page_b.goto(case_url)
    edit_summary(page_b, "物业出面另装一副（乙）", risk="中")

    before_a, before_b = last_sync_at(page_a), last_sync_at(page_b)
    first.set_offline(False)
    wait_until_synced(page_a, after=before_a)
    second.set_offline(False)
    wait_until_synced(page_b, after=before_b)
    page_b.reload()
    notice = page_b.locator("[data-test=conflict-notice]")
    expect(notice).to_be_visible()
    # in words: the fields' labels and both values, enum codes as their labels
    summary_line = notice.locator("[data-test=conflict-field]").filter(has_text="纠纷简要情况")
    expect(summary_line).to_contain_text("「双方同意轮流使用（甲）」")
    expect(summary_line).to_contain_text("「物业出面另装一副（乙）」")
    risk_line = notice.locator("[data-test=conflict-field]").filter(has_text="风险等级")
    expect(risk_line).to_contain_text("其他设备为「高」，本机为「中」")
    expect(notice).not_to_contain_text("summary")
    expect(notice).not_to_contain_text("risk_level")
    page_b.goto(f"{live_server.url}/settings")
    expect(page_b.locator("[data-test=conflict-item]").first).to_contain_text("风险等级")
    page_b.locator("[data-test=lang-en]").click()
    page_b.goto(case_url)
    expect(page_b.locator("[data-test=conflict-field]").filter(has_text="Risk level")).to_contain_text(
        "the other device has “High”, this phone “Medium”")

    token = live_server.login("supervisor")
    status, body = live_server.api("GET", "/api/conflicts?status=open", token=token)
    assert status == 200, body
    mine = [c for c in body["items"] if c["record_id"] == case_id and c["field"] == "summary"]
    assert len(mine) == 1, body
    assert {mine[0]["server"], mine[0]["device"]} == {"双方同意轮流使用（甲）", "物业出面另装一副（乙）"}
    assert any(c["record_id"] == case_id and c["field"] == "risk_level" for c in body["items"]), body


def test_a_refused_edit_stays_visible_for_fixing_and_later_edits_still_sync(live_server, new_context):
    context = new_context()
    page = context.new_page()
    sign_in(page, live_server.url, "mediator")
    wait_for_service_worker(page)
    wait_until_synced(page)

    context.set_offline(True)
    case_id = new_dispute(page, "电动车充电占道纠纷", [("郑某", "13912340000"), ("王某", "")])
    queue_as_an_older_app_would(page, "party", "phone", "12345")
    page.goto(f"{live_server.url}/visits/new")
    page.locator("[data-test=place] input").fill("兴福小区7号楼")
    page.locator("[data-test=save-visit]").click()
    expect(page.locator("[data-test=today-visit]").first).to_contain_text("兴福小区7号楼")

    context.set_offline(False)
    page.locator("[data-test=sync-now]").click()
    page.wait_for_function("document.querySelector('[data-test=sync-bar]').innerText.includes('需处理')")
    expect(page.locator("[data-test=today-visit] .tj-sync-state").first).to_have_attribute("data-state", "synced")

    page.goto(f"{live_server.url}/disputes/{case_id}")
    expect(page.locator(".tj-card .tj-sync-state")).to_have_attribute("data-state", "synced")
    refused = page.locator("[data-test=party]").filter(has_text="郑某")
    expect(refused.locator(".tj-sync-state")).to_have_attribute("data-state", "attention")

    page.goto(f"{live_server.url}/settings")
    item = page.locator("[data-test=attention-item]")
    expect(item).to_have_count(1)
    item.get_by_role("button", name="修改后重发").click()
    page.locator(".van-popup input").first.fill("13912345678")
    before = last_sync_at(page)
    page.locator(".van-popup").get_by_role("button", name="修改后重发").click()
    wait_until_synced(page, after=before)
    page.goto(f"{live_server.url}/disputes/{case_id}")
    expect(page.locator("[data-test=party]").filter(has_text="郑某").locator(".tj-sync-state")).to_have_attribute("data-state", "synced")
