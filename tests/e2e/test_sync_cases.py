"""Sync's hard cases in real Chromium: two phones editing one case, and an edit the server refuses."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.pages import last_sync_at, sign_in, sync_now, wait_for_service_worker, wait_until_synced

pytestmark = pytest.mark.browser
LOG_B = []


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


def snapshot(page):
    return page.evaluate("""async () => { const o = indexedDB.open('tiaojie'); const db = await new Promise(ok => o.onsuccess = () => ok(o.result));
          const get = (s, k) => new Promise(ok => { const r = k === undefined ? db.transaction(s).objectStore(s).getAll() : db.transaction(s).objectStore(s).get(k); r.onsuccess = () => ok(r.result); });
          const recs = await get('records'); const user = await get('meta', 'user');
          const out = {n: recs.length, last: await get('meta', 'last_sync'), cursor: !!(await get('meta', 'cursor')), user: user && user.username}; db.close(); return out; }""")


def edit_summary(page: Page, text: str) -> None:
    try:
        page.locator("[data-test=edit]").click(timeout=6000)
    except Exception:
        print("DEBUG", page.url, page.evaluate("""async () => { const o = indexedDB.open('tiaojie'); const db = await new Promise(ok => o.onsuccess = () => ok(o.result));
          const get = (s, k) => new Promise(ok => { const r = k === undefined ? db.transaction(s).objectStore(s).getAll() : db.transaction(s).objectStore(s).get(k); r.onsuccess = () => ok(r.result); });
          const recs = await get('records'); const user = await get('meta', 'user');
          return {n: recs.length, disputes: recs.filter(r => r.entity === 'dispute').length, last: await get('meta', 'last_sync'), cursor: await get('meta', 'cursor'), user: user && user.username, outbox: (await get('outbox')).length}; }"""))
        print("\n".join(LOG_B))
        raise
    page.locator("textarea[name=edit-summary]").fill(text)
    page.locator("[data-test=edit-save]").click()
    expect(page.locator("[data-test=edit]")).to_contain_text(text)


def sync_from_today(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/")
    sync_now(page)


def test_two_mediators_edit_one_case_offline_the_second_sees_the_conflict(live_server, new_context):
    first, second = new_context(), new_context()
    page_a, page_b = first.new_page(), second.new_page()
    global LOG_B
    LOG_B = []
    second.on("request", lambda r: LOG_B.append(f"{r.method} {r.url[-60:]}"))
    page_b.on("console", lambda m: LOG_B.append(f"console {m.type} {m.text[:200]}"))
    page_b.on("framenavigated", lambda f: LOG_B.append(f"nav {f.url}"))
    sign_in(page_a, live_server.url, "mediator")
    sign_in(page_b, live_server.url, "mediator2")
    for page in (page_a, page_b):
        wait_for_service_worker(page)
        wait_until_synced(page)
    LOG_B.append(f"AFTER INITIAL {snapshot(page_b)}")

    before = last_sync_at(page_a)
    case_id = new_dispute(page_a, "共用晾衣架纠纷", [("周某", ""), ("吴某", "")])
    wait_until_synced(page_a, after=before)
    LOG_B.append(f"BEFORE SYNC_FROM_TODAY {snapshot(page_b)}")
    sync_from_today(page_b, live_server.url)
    LOG_B.append(f"AFTER SYNC_FROM_TODAY {snapshot(page_b)}")
    case_url = f"{live_server.url}/disputes/{case_id}"

    first.set_offline(True)
    second.set_offline(True)
    page_a.goto(case_url)
    edit_summary(page_a, "双方同意轮流使用（甲）")
    page_b.goto(case_url)
    edit_summary(page_b, "物业出面另装一副（乙）")

    before_a, before_b = last_sync_at(page_a), last_sync_at(page_b)
    first.set_offline(False)
    wait_until_synced(page_a, after=before_a)
    second.set_offline(False)
    wait_until_synced(page_b, after=before_b)
    page_b.reload()
    expect(page_b.locator("[data-test=conflict-notice]")).to_be_visible()

    token = live_server.login("supervisor")
    status, body = live_server.api("GET", "/api/conflicts?status=open", token=token)
    assert status == 200, body
    mine = [c for c in body["items"] if c["record_id"] == case_id and c["field"] == "summary"]
    assert len(mine) == 1, body
    assert {mine[0]["server"], mine[0]["device"]} == {"双方同意轮流使用（甲）", "物业出面另装一副（乙）"}


def test_a_refused_edit_stays_visible_for_fixing_and_later_edits_still_sync(live_server, new_context):
    context = new_context()
    page = context.new_page()
    sign_in(page, live_server.url, "mediator")
    wait_for_service_worker(page)
    wait_until_synced(page)

    context.set_offline(True)
    case_id = new_dispute(page, "电动车充电占道纠纷", [("郑某", "12345"), ("王某", "")])
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
