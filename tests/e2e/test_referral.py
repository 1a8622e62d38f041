"""四调联动: a case referred to another agency from the phone, offline, reaching the server."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import last_sync_at, sign_in, wait_for_service_worker, wait_until_synced

pytestmark = pytest.mark.browser


def test_a_case_referred_offline_reaches_the_server(live_server, new_context):
    context = new_context()
    page = context.new_page()
    sign_in(page, live_server.url, "mediator")
    wait_for_service_worker(page)
    wait_until_synced(page)
    # a case of the grid the workflow lets move to 已移交 (not yet agreed, failed, referred or closed)
    page.goto(f"{live_server.url}/disputes")
    page.locator("select[name=status]").select_option("mediating")
    page.locator("[data-test=dispute-row]").first.click()
    expect(page.locator("[data-test=dispute-detail]")).to_be_visible()
    case_id = page.url.rsplit("/", 1)[1]
    referrals_before = page.locator("[data-test=referral]").count()

    context.set_offline(True)
    page.locator("[data-test=add-referral]").click()
    form = page.locator("[data-test=referral-form]")
    expect(form).to_be_visible()
    page.locator("[data-test=referral-save]").click()  # no agency chosen: asked for one, nothing saved
    expect(page.locator("[data-test=referral-error]")).to_contain_text("移交部门")
    form.locator(".tj-chip[data-code=police]").click()
    expect(form.locator(".tj-chip[data-code=police]")).to_have_attribute("aria-pressed", "true")
    expect(form.locator(".tj-chip[data-code=labor_arbitration]")).to_be_visible()  # 五所两队 offered too
    page.locator("[data-test=agency-name] input").fill("城关派出所")
    page.locator("[data-test=referral-reason] textarea").fill("一方扬言报复，涉嫌治安案件，移交派出所处理")
    expect(page.locator("[data-test=referral-move]")).to_have_attribute("aria-checked", "true")
    page.locator("[data-test=referral-save]").click()

    expect(page.locator("[data-test=dispute-detail]")).to_be_visible()
    referral = page.locator("[data-test=referral]").filter(has_text="城关派出所")
    expect(referral).to_contain_text("公安（公调）")
    expect(referral).to_contain_text("已移送")
    expect(referral.locator(".tj-sync-state")).to_have_attribute("data-state", "local")
    expect(page.locator("[data-test=referral]")).to_have_count(referrals_before + 1)
    expect(page.locator("[data-test=status]")).to_contain_text("已移交")

    page.reload()  # still offline: kept on the phone
    expect(page.locator("[data-test=referral]").filter(has_text="城关派出所")).to_be_visible()

    before = last_sync_at(page)
    context.set_offline(False)
    wait_until_synced(page, after=before)
    expect(page.locator("[data-test=referral]").filter(has_text="城关派出所").locator(".tj-sync-state")).to_have_attribute(
        "data-state", "synced")
    status, body = live_server.api("GET", f"/api/disputes/{case_id}", token=live_server.login("mediator"))
    assert status == 200, body
    record = body.get("dispute", body)
    assert record["status"] == "referred"
    assert "police" in record["linked_agencies"]
    sent = [r for r in body["referrals"] if r["agency_name"] == "城关派出所"]
    assert len(sent) == 1, body["referrals"]
    assert sent[0]["agency_kind"] == "police" and sent[0]["direction"] == "out" and sent[0]["status"] == "sent"
    assert sent[0]["reason"].startswith("一方扬言报复")
