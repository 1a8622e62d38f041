"""The whole case file on a 360-px phone with the network cut (issue 10, points 1–3): a case with two complete
parties and its agreement registered offline, a party and a field edited, a case voided, reloads between steps;
back online, every field is compared on the server."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.pages import last_sync_at, sign_in, wait_for_service_worker, wait_until_synced

pytestmark = pytest.mark.browser

BEIJING = timezone(timedelta(hours=8))
CASE = {"title": "楼上漏水赔偿纠纷（整卷离线）", "summary": "楼上水管破裂，楼下吊顶受损", "occurred_on": "2026-11-20"}
FIRST = {"name": "王建国", "id_number": "370104199001011234", "ethnicity": "汉族", "occupation": "worker",
         "phone": "13812345678", "address": "兴福小区3号楼2单元401"}
SECOND = {"name": "刘桂英", "id_number": "11010519491231002X", "ethnicity": "回族", "occupation": "retired",
          "phone": "0531-88886666", "address": "兴福小区3号楼2单元301"}
TERMS = {"facts": "楼上水管破裂致楼下吊顶受损", "issues": "维修费用由谁承担", "liability": "楼上负全部责任",
         "obligations": "楼上赔偿楼下维修费3000元", "performance": "2026年12月10日前微信转账"}


def radio(page: Page, text: str):
    return page.locator(".van-radio").filter(has_text=re.compile(f"^{text}$"))


def fill_party(page: Page, index: int, party: dict[str, str], method: str) -> None:
    prefix = f"party-{index}"
    page.locator(f"input[name={prefix}-name]").fill(party["name"])
    page.locator(f"input[name={prefix}-id_number]").fill(party["id_number"])
    expect(page.locator(f"[data-test={prefix}-from-id]")).to_be_visible()
    page.locator(f"input[name={prefix}-ethnicity]").fill(party["ethnicity"])
    page.locator(f"select[name={prefix}-occupation]").select_option(party["occupation"])
    page.locator(f"input[name={prefix}-phone]").fill(party["phone"])
    page.locator(f"input[name={prefix}-address]").fill(party["address"])
    page.locator(f"[data-test={prefix}-consent-consented]").click()
    page.locator(f"[data-test='{prefix}-consent_method-{method}']").click()


def reload_offline(page: Page) -> None:
    page.reload()
    expect(page.locator(".van-nav-bar__title").first).not_to_be_empty()


def server_case(live_server, case_id: str, username: str = "mediator") -> dict:
    status, body = live_server.api("GET", f"/api/disputes/{case_id}", token=live_server.login(username))
    assert status == 200, body
    return body


def test_a_whole_case_file_registered_and_edited_offline_reaches_the_server_field_by_field(live_server, new_context):
    context = new_context()
    page = context.new_page()
    sign_in(page, live_server.url, "mediator")
    wait_for_service_worker(page)
    wait_until_synced(page)
    context.set_offline(True)

    # A new case, every field, two complete parties; a wrong ID number is refused before saving, in Chinese.
    page.goto(f"{live_server.url}/disputes/new")
    page.locator("[data-test=title] input").fill(CASE["title"])
    page.locator(".tj-chip[data-code=neighbor]").click()
    page.locator("textarea[name=summary]").fill(CASE["summary"])
    page.locator("select[name=source]").select_option("hotline")
    radio(page, "中").click()
    page.locator(".tj-chip[data-flag=group_incident]").click()
    page.locator("input[name=occurred_on]").fill(CASE["occurred_on"])
    page.locator("input[name=persons_involved]").fill("4")
    page.locator("input[name=amount_involved]").fill("5000")
    fill_party(page, 0, FIRST, "书面")
    fill_party(page, 1, SECOND, "口头")
    page.locator("input[name=party-1-id_number]").fill("110105194912310021")  # check character wrong
    page.locator("input[name=party-0-phone]").fill("138 1234 5678")  # spaces: not a number the server takes
    page.locator("[data-test=save]").click()
    expect(page.locator("[data-test=dispute-new]")).to_contain_text("格式或校验位错误")
    expect(page.locator("[data-test=dispute-new]")).to_contain_text("电话不是有效的手机或座机号码")
    page.locator("input[name=party-1-id_number]").fill(SECOND["id_number"])
    page.locator("input[name=party-0-phone]").fill(FIRST["phone"])
    page.locator("[data-test=save]").click()
    expect(page.locator("[data-test=dispute-detail]")).to_be_visible()
    case_id = page.url.rsplit("/", 1)[1]

    # Phones and ID numbers are masked until tapped.
    expect(page.locator("[data-test=party]")).to_have_count(2)
    first = page.locator("[data-test=party]").filter(has_text=FIRST["name"])
    expect(first.locator("[data-test=party-phone]")).to_have_text("138****5678")
    expect(first.locator("[data-test=party-id-number]")).to_have_text("370104********1234")
    first.locator("[data-test=party-phone]").click()
    expect(first.locator("[data-test=party-phone]")).to_have_text(FIRST["phone"])
    expect(first).to_contain_text("男 · 1990 · 汉族 · 工人")

    # 调解成功 with a written agreement, after a reload.
    reload_offline(page)
    page.locator("[data-test=status]").click()
    page.locator(".van-popup .tj-chip[data-code=agreed]").click()
    page.locator("[data-test=status-save]").click()
    expect(page.locator("[data-test=agreement-edit]")).to_be_visible()
    page.locator("input[name=agreement_no]").fill("(2026)槐人调协字第09999号")
    for key, text in TERMS.items():
        page.locator(f"textarea[name=terms-{key}]").fill(text)
    page.locator("input[name=agreement_amount]").fill("3000")
    page.locator("input[name=agreement_signed_on]").fill("2026-11-25")
    page.locator("select[name=agreement_performance]").select_option("partial")
    page.locator("input[name=judicial_confirmation_applied_on]").fill("2026-11-28")
    page.locator("input[name=judicial_confirmation_court]").fill("槐荫区人民法院")
    page.locator("[data-test=agreement-save]").click()
    expect(page.locator("[data-test=status]")).to_contain_text("调解成功")
    expect(page.locator("[data-test=agreement]")).to_contain_text(TERMS["liability"])

    # Edit a party (phone, occupation) and a case field (amount), with reloads between.
    reload_offline(page)
    page.locator("[data-test=party]").filter(has_text=SECOND["name"]).click()
    expect(page.locator("[data-test=party-edit]")).to_be_visible()
    page.locator("[data-test=party-phone-masked]").click()
    page.locator("input[name=party-phone]").fill("13900001111")
    page.locator("select[name=party-occupation]").select_option("farmer")
    page.locator("[data-test=party-save]").click()
    expect(page.locator("[data-test=dispute-detail]")).to_be_visible()
    reload_offline(page)
    page.locator("[data-test=edit]").click()
    expect(page.locator("[data-test=void]")).to_have_count(0)  # an agreed case is no mistake to undo
    page.locator("input[name=edit-amount_involved]").fill("6000")
    page.locator("[data-test=edit-save]").click()
    expect(page.locator("[data-test=detail-amount]")).to_contain_text("6000")
    reload_offline(page)
    expect(page.locator("[data-test=detail-amount]")).to_contain_text("6000")

    before = last_sync_at(page)
    context.set_offline(False)
    wait_until_synced(page, after=before)

    body = server_case(live_server, case_id)
    dispute = body["dispute"]
    assert {name: dispute[name] for name in (*CASE, "category", "source", "risk_level", "risk_flags",
                                             "persons_involved", "amount_involved", "status")} == {
        **CASE, "category": "neighbor", "source": "hotline", "risk_level": "medium", "risk_flags": ["group_incident"],
        "persons_involved": 4, "amount_involved": 6000, "status": "agreed"}
    assert {name: dispute[name] for name in (
        "agreement_kind", "agreement_no", "agreement_amount", "agreement_signed_on", "agreement_performance",
        "judicial_confirmation_applied_on", "judicial_confirmation_court", "judicial_confirmation_result")} == {
        "agreement_kind": "written", "agreement_no": "(2026)槐人调协字第09999号", "agreement_amount": 3000,
        "agreement_signed_on": "2026-11-25", "agreement_performance": "partial",
        "judicial_confirmation_applied_on": "2026-11-28", "judicial_confirmation_court": "槐荫区人民法院",
        "judicial_confirmation_result": None}
    for text in TERMS.values():
        assert text in dispute["agreement_terms"]
    token = live_server.login("mediator")
    parties = {}
    for party in body["parties"]:
        status, identity = live_server.api("GET", f"/api/parties/{party['id']}/identity", token=token)
        assert status == 200, identity
        parties[party["name"]] = {**party, "phone": identity["phone"], "id_number": identity["id_number"]}
    assert set(parties) == {FIRST["name"], SECOND["name"]}
    expected = {
        FIRST["name"]: {**FIRST, "role": "applicant", "gender": "male", "birth_year": 1990, "consent_method": "书面"},
        SECOND["name"]: {**SECOND, "phone": "13900001111", "occupation": "farmer", "role": "respondent",
                         "gender": "female", "birth_year": 1949, "consent_method": "口头"},
    }
    for name, want in expected.items():
        got = parties[name]
        assert {key: got[key] for key in want} == want
        assert got["kind"] == "person" and got["consent"] == "consented" and got["consent_at"]
        consented_at = datetime.fromisoformat(got["consent_at"].replace("Z", "+00:00"))
        assert consented_at > datetime.now(BEIJING) - timedelta(hours=1)


def test_a_mediator_voids_a_mistaken_party_and_case_offline_with_a_reason(live_server, new_context):
    """Voiding is a reviewer's, but for a mediator's own mistakes: a party not yet asked, a case not yet accepted."""
    context = new_context()
    page = context.new_page()
    sign_in(page, live_server.url, "mediator")
    wait_for_service_worker(page)
    wait_until_synced(page)
    page.goto(f"{live_server.url}/disputes/new")
    page.locator("[data-test=title] input").fill("误登记的案件（待作废）")
    page.locator(".tj-chip[data-code=neighbor]").click()
    page.locator("input[name=party-0-name]").fill("赵某")
    page.locator("input[name=party-1-name]").fill("钱某")
    page.locator("[data-test=party-1-consent-consented]").click()
    before = last_sync_at(page)
    page.locator("[data-test=save]").click()
    expect(page.locator("[data-test=dispute-detail]")).to_be_visible()
    case_id = page.url.rsplit("/", 1)[1]
    wait_until_synced(page, after=before)
    context.set_offline(True)

    # a party who consented is no mistake to undo: not offered; one not yet asked is
    page.locator("[data-test=party]").filter(has_text="钱某").click()
    expect(page.locator("[data-test=party-edit]")).to_be_visible()
    expect(page.locator("[data-test=void]")).to_have_count(0)
    page.go_back()
    page.locator("[data-test=party]").filter(has_text="赵某").click()
    page.locator("textarea[name=void-reason]").fill("当事人录错")
    page.locator("[data-test=void]").click()
    page.locator(".van-dialog__confirm").click()
    expect(page.locator("[data-test=dispute-detail]")).to_be_visible()
    expect(page.locator("[data-test=party]")).to_have_count(1)
    reload_offline(page)
    expect(page.locator("[data-test=party]")).to_have_count(1)

    page.locator("[data-test=edit]").click()
    expect(page.locator("[data-test=dispute-edit]")).to_be_visible()
    page.locator("[data-test=void]").click()
    expect(page.locator("[data-test=dispute-edit]")).to_contain_text("请填写作废原因")
    page.locator("textarea[name=void-reason]").fill("重复登记")
    page.locator("[data-test=void]").click()
    page.locator(".van-dialog__confirm").click()
    expect(page.locator("[data-test=dispute-list]")).to_be_visible()
    reload_offline(page)
    expect(page.locator("[data-test=dispute-row]").filter(has_text="误登记的案件")).to_have_count(0)
    before = last_sync_at(page)
    context.set_offline(False)
    wait_until_synced(page, after=before)

    status, body = live_server.api("GET", f"/api/disputes/{case_id}", token=live_server.login("supervisor"))
    assert status == 200, body
    assert body["dispute"]["voided_at"] and body["dispute"]["void_reason"] == "重复登记"
    voided = {party["name"]: (party["voided_at"] is not None, party["void_reason"]) for party in body["parties"]}
    assert voided == {"赵某": (True, "当事人录错"), "钱某": (False, None)}


def test_a_refusal_from_the_server_reads_in_chinese_with_the_field_label(live_server, new_context):
    """An edit queued by an older app (no checks before saving) is refused by the server: the case shows the
    field's label and the Chinese message, and the party's form shows it next to the field."""
    page = new_context().new_page()
    sign_in(page, live_server.url, "mediator")
    wait_until_synced(page)
    page.goto(f"{live_server.url}/disputes/new")
    page.locator("[data-test=title] input").fill("电话带空格的当事人")
    page.locator(".tj-chip[data-code=neighbor]").click()
    page.locator("input[name=party-0-name]").fill("孙某")
    before = last_sync_at(page)
    page.locator("[data-test=save]").click()
    expect(page.locator("[data-test=party]")).to_have_count(1)
    wait_until_synced(page, after=before)
    party_id = page.locator("[data-test=party]").get_attribute("data-party")

    page.evaluate("""async (id) => {
        const open = indexedDB.open('tiaojie');
        const db = await new Promise((ok) => { open.onsuccess = () => ok(open.result); });
        const user = await new Promise((ok) => {
            const r = db.transaction('meta').objectStore('meta').get('user');
            r.onsuccess = () => ok(r.result);
        });
        await new Promise((ok) => {
            const r = db.transaction('outbox', 'readwrite').objectStore('outbox').add({
                mutation_id: crypto.randomUUID(), entity: 'party', id, op: 'update', base_version: 1,
                changes: { phone: '138 1234 5678' }, client_time: new Date().toISOString(), user_id: user.id,
                state: 'pending', errors: null, error_code: null });
            r.onsuccess = ok;
        });
        db.close();
    }""", party_id)
    page.reload()
    notice = page.locator("[data-test=rejected-notice]")
    expect(notice).to_contain_text("电话：电话号码格式错误", timeout=30_000)
    expect(notice).not_to_contain_text("phone")
    page.locator("[data-test=party]").click()
    expect(page.locator("[data-test=party-edit] .van-field__error-message")).to_have_text("电话号码格式错误。")
