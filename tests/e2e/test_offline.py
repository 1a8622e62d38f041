"""Offline first, in real Chromium against a real server (issue 4, first end-to-end scenario)."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import dispute_count, last_sync_at, sign_in, wait_for_service_worker, wait_until_synced

pytestmark = pytest.mark.browser


def test_works_offline_and_syncs_when_the_network_returns(live_server, new_context):
    context = new_context()
    page = context.new_page()
    sign_in(page, live_server.url, "mediator")
    wait_for_service_worker(page)
    wait_until_synced(page)

    page.locator(".van-tabbar-item").nth(1).click()
    expect(page.locator("[data-test=dispute-row]").first).to_be_visible()
    cases_online = dispute_count(page)
    assert cases_online > 0, "the seeded grid's cases were pulled"

    # The network is cut: the app opens from the service worker and shows the grid's cases.
    context.set_offline(True)
    page.reload()
    expect(page.locator("[data-test=dispute-list]")).to_be_visible()
    expect(page.locator("[data-test=dispute-row]").first).to_be_visible()
    assert dispute_count(page) == cases_online

    # A new dispute with two parties, offline.
    page.locator("[data-test=new-dispute]").click()
    page.locator("[data-test=title] input").fill("楼道堆物纠纷（离线登记）")
    page.locator(".tj-chip[data-code=neighbor]").click()
    page.locator("input[name=party-0-name]").fill("张某某")
    page.locator("input[name=party-1-name]").fill("李某某")
    page.locator("[data-test=save]").click()
    expect(page.locator("[data-test=dispute-detail]")).to_be_visible()
    expect(page.locator("[data-test=detail-title]")).to_have_text("楼道堆物纠纷（离线登记）")
    expect(page.locator(".tj-card .tj-sync-state")).to_have_attribute("data-state", "local")
    expect(page.locator(".tj-card .tj-sync-state")).to_have_text("仅保存在手机")
    expect(page.locator("[data-test=detail-case-no]")).to_have_text("待分配")
    expect(page.locator("[data-test=party]")).to_have_count(2)
    dispute_url = page.url
    dispute_id = dispute_url.rsplit("/", 1)[1]

    # And a visit, offline.
    page.goto(f"{live_server.url}/visits/new")
    page.locator("[data-test=place] input").fill("兴福小区3号楼")
    page.locator("[data-test=save-visit]").click()
    expect(page.locator("[data-test=today-visit]").first).to_contain_text("兴福小区3号楼")
    expect(page.locator("[data-test=today-visit] .tj-sync-state").first).to_have_attribute("data-state", "local")

    # Reload, still offline: everything is still there, still marked as saved on the phone.
    page.reload()
    expect(page.locator("[data-test=today-visit]").first).to_contain_text("兴福小区3号楼")
    page.goto(dispute_url)
    expect(page.locator("[data-test=detail-title]")).to_have_text("楼道堆物纠纷（离线登记）")
    expect(page.locator(".tj-card .tj-sync-state")).to_have_text("仅保存在手机")

    # The network returns: the edits sync by themselves and are marked as on the server.
    before = last_sync_at(page)
    context.set_offline(False)
    wait_until_synced(page, after=before)
    expect(page.locator(".tj-card .tj-sync-state")).to_have_attribute("data-state", "synced")
    expect(page.locator(".tj-card .tj-sync-state")).to_have_text("已同步")
    expect(page.locator("[data-test=detail-case-no]")).to_have_text(re.compile(r"^\(\d{4}\).+第\d+号$"))
    for party in page.locator("[data-test=party] .tj-sync-state").all():
        expect(party).to_have_attribute("data-state", "synced")

    # The API shows them, with a case number.
    token = live_server.login("mediator")
    status, dispute = live_server.api("GET", f"/api/disputes/{dispute_id}", token=token)
    assert status == 200, dispute
    record = dispute.get("dispute", dispute)
    assert record["title"] == "楼道堆物纠纷（离线登记）"
    assert re.match(r"^\(\d{4}\).+第\d+号$", record["case_no"])
    status, visits = live_server.api("GET", "/api/visits?limit=200", token=token)
    assert status == 200, visits
    items = visits.get("items", visits)
    assert any(visit["place"] == "兴福小区3号楼" for visit in items)


def test_every_mediator_screen_opens_offline_from_the_precache(live_server, new_context):
    """Screens other than 今日 load their code on demand: each must come from the service worker's precache."""
    context = new_context()
    page = context.new_page()
    sign_in(page, live_server.url, "mediator")
    wait_for_service_worker(page)
    wait_until_synced(page)
    page.locator(".van-tabbar-item").nth(1).click()
    page.locator("[data-test=dispute-row]").first.click()
    expect(page.locator("[data-test=detail-title]")).to_be_visible()
    case_id = page.url.rsplit("/", 1)[1]

    context.set_offline(True)
    context.new_cdp_session(page).send("Network.setCacheDisabled", {"cacheDisabled": True})  # no HTTP cache: only the SW
    screens = {
        "/": "today", "/disputes": "dispute-list", "/disputes/new": "dispute-new",
        f"/disputes/{case_id}": "dispute-detail", f"/disputes/{case_id}/log": "mediation-log",
        f"/disputes/{case_id}/revisit": "followup-form", f"/disputes/{case_id}/refer": "referral-form",
        "/visits/new": "visit", "/settings": "settings",
    }
    failed: list[str] = []  # a load cut short by the next page.goto is aborted, not failed
    page.on("requestfailed", lambda request: failed.append(request.url) if request.failure != "net::ERR_ABORTED" else None)
    for path, root in screens.items():
        page.goto(f"{live_server.url}{path}")  # a fresh start offline: the screen's chunk comes from the precache
        expect(page.locator(f"[data-test={root}]")).to_be_visible()
        expect(page.locator(".van-nav-bar__title").first).not_to_be_empty()
    assert not [url for url in failed if "/assets/" in url], failed
