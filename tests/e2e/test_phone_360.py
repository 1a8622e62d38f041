"""At 360 px: sync tags stay on one line beside long titles, popups keep their buttons on screen, supervisors find the desk."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import sign_in, wait_until_synced

pytestmark = pytest.mark.browser
LONG_TITLE = "关于幸福里小区三号楼二单元楼上住户长期漏水导致楼下天花板发霉墙皮脱落及电线短路隐患的邻里纠纷" * 2

ONE_LINE_TAGS = """() => [...document.querySelectorAll('.tj-sync-state')].filter((tag) => tag.offsetParent).map((tag) => {
    const box = tag.getBoundingClientRect();
    return { text: tag.textContent.trim(), height: box.height, width: box.width, scrolled: tag.scrollWidth, right: box.right };
})"""


def assert_tags_on_one_line(page, where: str) -> None:
    tags = page.evaluate(ONE_LINE_TAGS)
    assert tags, where
    for tag in tags:
        assert tag["height"] < 26 and tag["right"] <= 360, (where, tag)
        assert tag["scrolled"] <= tag["width"] + 1, (where, tag)  # not squeezed: nothing cut off


def test_a_long_title_never_wraps_the_sync_tag_and_the_edit_screen_keeps_its_buttons_in_reach(live_server, new_context):
    context = new_context()
    page = context.new_page()
    sign_in(page, live_server.url, "mediator2")
    wait_until_synced(page)
    context.set_offline(True)
    page.goto(f"{live_server.url}/disputes/new")
    page.locator("[data-test=title] input").fill(LONG_TITLE)
    page.locator(".tj-chip[data-code=neighbor]").click()
    page.locator("[data-test=save]").click()
    expect(page.locator("[data-test=dispute-detail]")).to_contain_text("仅保存在手机")
    assert_tags_on_one_line(page, "case detail")

    page.locator("[data-test=edit]").click()
    page.locator("textarea[name=edit-summary]").fill("双方多次协商未果，" * 120)
    save = page.locator("[data-test=edit-save]")
    expect(save).to_be_visible()
    box = save.bounding_box()
    assert box and box["y"] + box["height"] <= 740, box  # on screen without scrolling the page away
    save.click()
    expect(page.locator("[data-test=edit-save]")).to_be_hidden()

    page.goto(f"{live_server.url}/disputes")
    expect(page.locator("[data-test=dispute-row]").first).to_be_visible()
    assert_tags_on_one_line(page, "case list")
    page.goto(f"{live_server.url}/")
    expect(page.locator("[data-test=today-case]").first).to_be_visible()
    assert_tags_on_one_line(page, "today")


def test_a_supervisor_on_the_phone_view_has_a_way_to_the_desk_and_a_mediator_has_none(live_server, new_context):
    page = new_context().new_page()
    sign_in(page, live_server.url, "mediator")
    page.locator(".van-tabbar-item").nth(3).click()
    expect(page.locator("[data-test=settings]")).to_be_visible()
    expect(page.locator("[data-test=desk-link]")).to_have_count(0)

    page = new_context().new_page()
    page.goto(f"{live_server.url}/login")
    page.locator("input[name=username]").fill("supervisor")
    page.locator("input[name=password]").fill("demo-pass-2026")
    page.locator("[data-test=login-submit]").click()
    page.wait_for_url("**/desk**")
    page.goto(f"{live_server.url}/settings")
    page.locator("[data-test=desk-link]").click()
    page.wait_for_url("**/desk**")
