"""The revisit form offline (from 今日's revisits due), the case history online, recent addresses."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import last_sync_at, sign_in, wait_for_service_worker, wait_until_synced

pytestmark = pytest.mark.browser


def test_a_revisit_recorded_offline_reaches_the_server_and_shows_in_the_history(live_server, new_context):
    context = new_context()
    page = context.new_page()
    sign_in(page, live_server.url, "mediator")
    wait_for_service_worker(page)
    wait_until_synced(page)
    page.goto(f"{live_server.url}/")
    due = page.locator("[data-test=today-revisit]")
    expect(due.first).to_be_visible()

    context.set_offline(True)
    due.first.click()
    expect(page.locator("[data-test=followup-form]")).to_be_visible()
    case_id = page.url.split("/disputes/", 1)[1].split("/", 1)[0]
    followup_id = page.url.rsplit("f=", 1)[1]
    page.locator(".tj-chip[data-code=phone]").click()
    page.locator(".tj-chip[data-code=performed-no]").click()
    page.locator(".tj-chip[data-code=dissatisfied]").click()
    page.locator(".tj-chip[data-code=risk-medium]").click()
    page.locator("[data-test=followup-notes] textarea").fill("对方尚未按约定赔偿，约定下周再联系")
    page.locator("[data-test=followup-save]").click()
    expect(page.locator("[data-test=dispute-detail]")).to_be_visible()
    done = page.locator("[data-test=followup]").filter(has_text="仅保存在手机")
    expect(done).to_have_count(1)
    expect(done).to_contain_text("不满意")
    expect(page.locator("[data-test=history-offline]")).to_contain_text("联网后可查看")

    context.set_offline(False)
    before = last_sync_at(page)
    wait_until_synced(page, after=before)
    status, body = live_server.api("GET", f"/api/disputes/{case_id}", token=live_server.login("mediator"))
    assert status == 200, body
    followup = next(f for f in body["followups"] if f["id"] == followup_id)
    assert followup["done_at"] and followup["method"] == "phone" and followup["agreement_performed"] is False
    assert followup["satisfaction"] == "dissatisfied" and followup["remaining_risk"] == "medium"

    page.reload()
    expect(page.locator("[data-test=history-item]").first).to_be_visible()
    expect(page.locator("[data-test=history]")).to_contain_text("修改 回访")
    expect(page.locator("[data-test=history]")).to_contain_text("遗留风险")


def test_new_case_offers_recent_addresses(live_server, new_context):
    page = new_context().new_page()
    sign_in(page, live_server.url, "mediator2")
    wait_until_synced(page)
    page.locator("[data-test=new-dispute]").first.click()
    page.locator("[data-test=title] input").fill("门前堆放杂物")
    page.locator(".tj-chip[data-code=neighbor]").click()
    page.locator("input[name=party-0-name]").fill("郑某")
    page.locator("input[name=party-0-address]").fill("幸福里 3 栋 2 单元 502")
    page.locator("[data-test=save]").click()
    expect(page.locator("[data-test=dispute-detail]")).to_be_visible()
    page.goto(f"{live_server.url}/disputes/new")
    page.locator("input[name=party-0-address]").focus()
    chips = page.locator("[data-test=recent-places] .tj-chip")
    expect(chips.first).to_have_text("幸福里 3 栋 2 单元 502")
    chips.first.click()
    expect(page.locator("input[name=party-0-address]")).to_have_value("幸福里 3 栋 2 单元 502")
