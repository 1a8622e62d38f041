"""Drafts survive leaving a form, a reload and a closed tab; sign-out never deletes unsent work without a typed yes."""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import sign_in, wait_for_service_worker, wait_until_synced

pytestmark = pytest.mark.browser


def open_visit_form(page) -> None:
    page.locator(".van-tabbar-item").nth(2).click()
    expect(page.locator("[data-test=visit]")).to_be_visible()


def test_a_half_filled_visit_survives_back_reload_and_a_closed_tab_and_goes_once_saved(live_server, new_context):
    context = new_context()
    page = context.new_page()
    sign_in(page, live_server.url, "mediator2")
    wait_for_service_worker(page)
    wait_until_synced(page)
    context.set_offline(True)

    open_visit_form(page)
    expect(page.locator("[data-test=draft-restored]")).to_have_count(0)
    page.locator("[data-test=place] input").fill("草稿楼 2 单元")
    page.locator("[data-test=visit] textarea").fill("邻居反映夜间噪音，待回访")
    page.wait_for_timeout(400)  # typing has stopped: the draft is written

    page.go_back()
    expect(page.locator("[data-test=today]")).to_be_visible()
    open_visit_form(page)
    expect(page.locator("[data-test=place] input")).to_have_value("草稿楼 2 单元")
    expect(page.locator("[data-test=draft-restored]")).to_be_visible()

    page.reload()
    expect(page.locator("[data-test=place] input")).to_have_value("草稿楼 2 单元")
    expect(page.locator("[data-test=visit] textarea")).to_have_value("邻居反映夜间噪音，待回访")

    page.close()
    page = context.new_page()
    page.goto(f"{live_server.url}/disputes")
    draft = page.locator("[data-test=draft]")
    expect(draft).to_have_count(1)
    expect(draft).to_contain_text("走访 · 草稿楼 2 单元")
    draft.click()
    expect(page.locator("[data-test=visit] textarea")).to_have_value("邻居反映夜间噪音，待回访")

    page.locator("[data-test=save-visit]").click()
    expect(page.locator("[data-test=today-visit]").first).to_contain_text("草稿楼 2 单元")
    page.locator(".van-tabbar-item").nth(1).click()
    expect(page.locator("[data-test=dispute-list]")).to_be_visible()
    expect(page.locator("[data-test=draft]")).to_have_count(0)
    open_visit_form(page)
    expect(page.locator("[data-test=visit] textarea")).to_have_value("")  # the place stays: the last one used
    expect(page.locator("[data-test=draft-restored]")).to_have_count(0)


def test_a_discarded_draft_leaves_the_form_as_it_opened(live_server, new_context):
    page = new_context().new_page()
    sign_in(page, live_server.url, "mediator3")
    page.locator("[data-test=today-case]").first.click()
    page.locator("[data-test=add-log]").click()
    page.locator(".van-field textarea").fill("双方同意下周再谈")
    page.wait_for_timeout(400)
    page.reload()
    expect(page.locator(".van-field textarea")).to_have_value("双方同意下周再谈")
    page.locator("[data-test=draft-discard]").click()
    expect(page.locator(".van-field textarea")).to_have_value("")
    page.reload()
    expect(page.locator(".van-field textarea")).to_have_value("")
    expect(page.locator("[data-test=draft-restored]")).to_have_count(0)


def test_signing_out_offline_with_unsent_work_offers_a_file_and_needs_the_typed_word(live_server, new_context):
    context = new_context(accept_downloads=True)
    page = context.new_page()
    sign_in(page, live_server.url, "mediator")
    wait_for_service_worker(page)
    wait_until_synced(page)
    context.set_offline(True)
    open_visit_form(page)
    page.locator("[data-test=place] input").fill("离线走访 9 号楼")
    page.locator("[data-test=save-visit]").click()
    expect(page.locator("[data-test=today-visit]").first).to_contain_text("离线走访 9 号楼")

    page.locator(".van-tabbar-item").nth(3).click()
    page.locator("[data-test=sign-out]").click()
    sheet = page.locator("[data-test=sign-out-sheet]")
    expect(sheet).to_contain_text("1 条修改尚未发送")
    expect(page.locator("[data-test=sign-out-send]")).to_have_count(0)  # offline: nothing to send to

    with page.expect_download() as download:
        page.locator("[data-test=sign-out-export]").click()
    saved = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert [m["changes"]["place"] for m in saved["mutations"]] == ["离线走访 9 号楼"]
    assert "access_token" not in json.dumps(saved)

    confirm = page.locator("[data-test=sign-out-confirm]")
    expect(confirm).to_be_disabled()
    page.locator("[data-test=sign-out-typed] input").fill("确定")
    expect(confirm).to_be_disabled()
    confirm.click(force=True)
    expect(page.locator("[data-test=settings]")).to_be_visible()
    page.locator("[data-test=sign-out-typed] input").fill("删除")
    confirm.click()
    expect(page.locator("input[name=username]")).to_be_visible()


def test_signing_out_online_sends_unsent_edits_first_then_signs_out_as_usual(live_server, new_context):
    context = new_context()
    page = context.new_page()
    sign_in(page, live_server.url, "mediator3")
    wait_for_service_worker(page)
    wait_until_synced(page)
    context.route("**/api/sync/push", lambda route: route.fulfill(
        status=503, content_type="application/json",
        body='{"error": {"code": "unavailable", "message": "down", "details": {}}}'))
    open_visit_form(page)
    page.locator("[data-test=place] input").fill("退出前发送 7 号楼")
    page.locator("[data-test=save-visit]").click()
    expect(page.locator("[data-test=today-visit]").first).to_contain_text("退出前发送 7 号楼")

    page.locator(".van-tabbar-item").nth(3).click()
    page.locator("[data-test=sign-out]").click()
    expect(page.locator("[data-test=sign-out-sheet]")).to_contain_text("1 条修改尚未发送")
    context.unroute("**/api/sync/push")
    page.locator("[data-test=sign-out-send]").click()
    expect(page.locator(".van-dialog")).to_contain_text(re.compile("确定退出"))
    page.locator(".van-dialog__confirm").click()
    expect(page.locator("input[name=username]")).to_be_visible()
    status, body = live_server.api("GET", "/api/visits?per_page=100", token=live_server.login("mediator3"))
    assert status == 200, body
    assert any(v.get("place") == "退出前发送 7 号楼" for v in body["items"]), body
