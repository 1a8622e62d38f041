"""The phone's print view of a case's papers (issue 11): drawn offline from the phone's records, with the signatures'
images from the phone's bytes, at 360 px and as A4 print; and the same wording as the server's PDF, paper by paper
(papers/content.js is the second rendering of app/services/papers/papers.py: this is the contract that holds them equal)."""
from __future__ import annotations

import re
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.pages import sign_in, wait_for_service_worker, wait_until_synced
from tests.e2e.test_case_file import CASE, FIRST, SECOND, TERMS, fill_party, reload_offline
from tests.e2e.files import sign_on_the_pad, wait_until_uploaded
from tests.pdf_reading import page_texts

pytestmark = pytest.mark.browser

FOOTER = re.compile(r"第\d+页")


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def register_signed_agreement(page: Page, base_url: str) -> str:
    """A new case with two parties, 调解成功 with a written agreement, both parties signing on the phone: offline."""
    page.goto(f"{base_url}/disputes/new")
    page.locator("[data-test=title] input").fill(CASE["title"])
    page.locator(".tj-chip[data-code=neighbor]").click()
    page.locator("textarea[name=summary]").fill(CASE["summary"])
    page.locator("select[name=source]").select_option("hotline")
    fill_party(page, 0, FIRST, "书面")
    fill_party(page, 1, SECOND, "口头")
    page.locator("[data-test=save]").click()
    expect(page.locator("[data-test=dispute-detail]")).to_be_visible()
    case_id = page.url.rsplit("/", 1)[1]
    page.locator("[data-test=status]").click()
    page.locator(".van-popup .tj-chip[data-code=agreed]").click()
    page.locator("[data-test=status-save]").click()
    expect(page.locator("[data-test=agreement-edit]")).to_be_visible()
    page.locator("input[name=agreement_no]").fill("(2026)槐人调协字第08888号")
    for key, text in TERMS.items():
        page.locator(f"textarea[name=terms-{key}]").fill(text)
    page.locator("input[name=agreement_amount]").fill("3000")
    page.locator("input[name=agreement_signed_on]").fill("2026-11-25")
    page.locator("[data-test=agreement-save]").click()
    expect(page.locator("[data-test=status]")).to_contain_text("调解成功")
    page.goto(f"{base_url}/disputes/{case_id}/agreement")
    for name in (FIRST["name"], SECOND["name"]):
        row = page.locator("[data-test=signer]").filter(has_text=name)
        row.locator("[data-test=sign]").click()
        sign_on_the_pad(page)
        expect(row.locator("[data-test=signature-thumb]")).to_be_visible()
    return case_id


def loaded_images(page: Page, selector: str) -> int:
    return page.eval_on_selector_all(selector, "(images) => images.filter((i) => i.complete && i.naturalWidth > 0).length")


def server_pdf(base_url: str, case_id: str, paper: str, token: str) -> bytes:
    request = urllib.request.Request(f"{base_url}/api/disputes/{case_id}/papers/{paper}.pdf")
    request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


def test_the_print_view_shows_a_signed_agreement_offline_at_360_px_and_as_a4_and_words_it_as_the_servers_pdf(
        live_server, new_context):
    context = new_context()
    page = context.new_page()
    sign_in(page, live_server.url, "mediator")
    wait_for_service_worker(page)
    wait_until_synced(page)
    page.locator(".van-tabbar-item").nth(1).click()
    page.locator("[data-test=dispute-row]").first.click()  # a case opened online: the print screen's code is kept
    expect(page.locator("[data-test=print]")).to_be_visible()
    page.wait_for_load_state("networkidle")

    context.set_offline(True)
    context.route("**/api/**", lambda route: route.abort())
    case_id = register_signed_agreement(page, live_server.url)
    page.goto(f"{live_server.url}/disputes/{case_id}")
    reload_offline(page)
    page.locator("[data-test=print]").click()

    agreement = page.locator("[data-test=paper][data-paper=agreement]")
    expect(agreement).to_be_visible()
    expect(agreement.locator("h1")).to_have_text("人民调解协议书")
    for party in (FIRST, SECOND):
        expect(agreement).to_contain_text(f"公民身份号码：{party['id_number']}")
        expect(agreement).to_contain_text(f"当事人（签名或指印）：{party['name']}")
    for text in TERMS.values():
        expect(agreement).to_contain_text(text)
    expect(agreement).to_contain_text("协议涉及金额：人民币3,000.00元。")
    expect(agreement).to_contain_text("(2026)槐人调协字第08888号")
    signatures = agreement.locator("[data-test=paper-signer]").filter(has_text="当事人").locator("[data-test=paper-signature]")
    expect(signatures).to_have_count(2)
    assert loaded_images(page, "[data-paper=agreement] [data-test=paper-signature]") == 2
    papers = [p.get_attribute("data-paper") for p in page.locator("[data-test=paper]").all()]
    assert papers == ["application", "acceptance", "mediation-record", "agreement", "revisit", "judicial-confirmation"], papers
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "nothing wider than the phone"

    page.emulate_media(media="print")
    expect(page.locator("[data-test=print-go]")).to_be_hidden()
    expect(page.locator(".van-tabbar")).to_be_hidden()
    expect(agreement.locator("[data-test=paper-signature]")).to_have_count(2)
    assert loaded_images(page, "[data-paper=agreement] [data-test=paper-signature]") == 2
    breaks = page.eval_on_selector_all("[data-test=paper]", "(all) => all.map((p) => getComputedStyle(p).breakAfter)")
    assert breaks[:-1] == ["page"] * (len(breaks) - 1) and breaks[-1] == "auto", breaks
    page.emulate_media(media="screen")

    # Online: the records and the signatures reach the server; each paper reads as the server's PDF of it.
    context.unroute("**/api/**")
    context.set_offline(False)
    page.goto(f"{live_server.url}/disputes/{case_id}")
    wait_until_synced(page, timeout=60_000)
    expect(page.locator("[data-test=detail-case-no]")).not_to_contain_text("待")
    page.goto(f"{live_server.url}/disputes/{case_id}/print")
    expect(page.locator("[data-test=paper]").first).to_be_visible()
    expect(page.locator("[data-paper=agreement] [data-test=paper-number]")).to_be_visible()
    token = live_server.login("mediator")
    shown: dict[str, str] = {}
    for section in page.locator("[data-test=paper]").all():
        name = section.get_attribute("data-paper")
        shown[name] = shown.get(name, "") + flat(section.inner_text())
    for name, text in shown.items():
        printed = FOOTER.sub("", "".join(page_texts(server_pdf(live_server.url, case_id, name, token))))
        assert text == printed, f"{name}:\nphone  {text}\nserver {printed}"


def test_every_paper_of_the_demo_cases_reads_on_the_phone_as_the_servers_pdf(live_server, new_context):
    """The demo's cases between them hold sessions, revisits, referrals and agreements: each paper that applies to
    one, as the phone prints it, is the server's PDF of it, word for word."""
    page = new_context().new_page()
    sign_in(page, live_server.url, "mediator")
    wait_until_synced(page)
    token = live_server.login("mediator")
    status, body = live_server.api("GET", "/api/disputes?per_page=100", token=token)
    assert status == 200, body
    by_status: dict[str, list[dict]] = {}
    for case in body["items"]:
        by_status.setdefault(case["status"], []).append(case)
    compared: dict[str, int] = {}
    for case in [case for cases in by_status.values() for case in cases[:2]]:
        page.goto(f"{live_server.url}/disputes/{case['id']}/print")
        expect(page.locator("[data-test=paper]").first).to_be_visible()
        shown: dict[str, str] = {}
        for section in page.locator("[data-test=paper]").all():
            name = section.get_attribute("data-paper")
            shown[name] = shown.get(name, "") + flat(section.inner_text())
        for name, text in shown.items():
            printed = FOOTER.sub("", "".join(page_texts(server_pdf(live_server.url, case["id"], name, token))))
            assert text == printed, f"{case['id']} {name}:\nphone  {text}\nserver {printed}"
            compared[name] = compared.get(name, 0) + 1
    print(f"papers compared: {compared}")
    assert {"application", "acceptance", "mediation-record", "revisit", "referral"} <= set(compared), compared
