"""A signed agreement's terms are locked: changed only by a reissue under a new number, signed again
(sync/agreement.py, the write rule of sync/authority.py: push and conflict resolution alike)."""
import pytest

from sync.authority import NOT_THE_AGREEMENT, NUMBER_SIGNED, TERMS_LOCKED
from tests.attachment_files import attachment_for, png
from tests.phones import Phone, create, dispute_changes, update

pytestmark = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)

FIRST_NO, SECOND_NO = "(2026)槐人调协字第7号", "(2026)槐人调协字第7-1号"


@pytest.fixture
def a(client, district) -> Phone:
    return Phone.sign_in(client, "mediator_a")


@pytest.fixture
def case(a, district) -> dict:
    dispute = create("dispute", dispute_changes(
        district.grid_a.id, agreement_kind="written", agreement_no=FIRST_NO,
        agreement_terms="402室于12月10日前修复302室天花板", agreement_amount="1200.00"))
    [result] = a.push(dispute)
    assert result["status"] == "applied", result
    return result["record"]


def sign(phone: Phone, case_id: str, agreement_no: str | None, **link) -> dict:
    signature = attachment_for(case_id, png(), mime_type="image/png", kind="signature")
    signature["changes"].update(agreement_no=agreement_no, **link)
    [result] = phone.push(signature)
    return result


def edit(phone: Phone, case: dict, version: int, **changes) -> dict:
    [result] = phone.push(update("dispute", case["id"], version, changes))
    return result


def test_once_a_signature_names_the_agreement_its_terms_are_refused_with_a_chinese_first_message(a, case):
    assert sign(a, case["id"], FIRST_NO)["status"] == "applied"
    for changes in ({"agreement_terms": "402室于12月31日前修复"}, {"agreement_amount": "800.00"},
                    {"agreement_kind": "oral"}):
        refused = edit(a, case, 1, **changes)
        assert (refused["status"], refused["error_code"]) == ("rejected", "agreement_locked"), refused
        assert refused["errors"] == {name: [TERMS_LOCKED] for name in changes}
        assert TERMS_LOCKED.startswith("协议已签署")
    [pulled] = [r for r in a.pull() if r["id"] == case["id"]]
    assert pulled["agreement_terms"] == case["agreement_terms"] and pulled["version"] == 1


def test_an_unsigned_agreement_and_what_happened_after_signing_stay_editable(a, case):
    assert edit(a, case, 1, agreement_terms="402室于12月20日前修复")["status"] == "applied"
    assert sign(a, case["id"], FIRST_NO)["status"] == "applied"
    performed = edit(a, case, 2, agreement_performance="performed", agreement_signed_on="2026-11-28")
    assert performed["status"] == "applied", performed


def test_a_reissue_under_a_new_number_is_accepted_unsigned_and_the_history_shows_both(client, a, case):
    assert sign(a, case["id"], FIRST_NO)["status"] == "applied"
    reissued = edit(a, case, 1, agreement_no=SECOND_NO, agreement_terms="402室于12月31日前修复")
    assert reissued["status"] == "applied", reissued
    corrected = edit(a, case, 2, agreement_amount="900.00")  # unsigned again: still editable
    assert corrected["status"] == "applied", corrected

    assert sign(a, case["id"], SECOND_NO)["status"] == "applied"
    assert edit(a, case, 3, agreement_amount="1000.00")["error_code"] == "agreement_locked"

    history = client.get(f"/api/disputes/{case['id']}/history", headers=a.headers).get_json()["items"]
    numbers = [entry["changes"]["agreement_no"] for entry in history if "agreement_no" in entry["changes"]]
    assert [FIRST_NO, SECOND_NO] in numbers and any(pair[1] == FIRST_NO for pair in numbers)


def test_a_signed_number_is_not_a_new_one_and_cannot_be_taken_away(a, case):
    assert sign(a, case["id"], FIRST_NO)["status"] == "applied"
    assert edit(a, case, 1, agreement_no=SECOND_NO)["status"] == "applied"
    back = edit(a, case, 2, agreement_no=FIRST_NO, agreement_terms="旧号新条款")
    assert (back["error_code"], back["errors"]) == ("agreement_locked", {"agreement_no": [NUMBER_SIGNED]})

    assert sign(a, case["id"], SECOND_NO)["status"] == "applied"
    cleared = edit(a, case, 2, agreement_no=None, agreement_terms="无号新条款")
    assert cleared["error_code"] == "agreement_locked"
    assert set(cleared["errors"]) == {"agreement_no", "agreement_terms"}


def test_a_signature_names_the_agreement_the_case_holds(a, case):
    stale = sign(a, case["id"], SECOND_NO)
    assert (stale["status"], stale["error_code"]) == ("rejected", "reference_not_found")
    assert stale["errors"] == {"agreement_no": [NOT_THE_AGREEMENT]}
    assert edit(a, case, 1, agreement_terms="尚未签署，可改")["status"] == "applied"


def test_a_conflict_resolution_cannot_change_signed_terms_either(client, a, case):
    peer = Phone.sign_in(client, "mediator_a_peer")
    assert edit(peer, case, 1, agreement_terms="版本甲")["status"] == "applied"
    assert edit(a, case, 1, agreement_terms="版本乙")["status"] == "conflict"
    assert sign(a, case["id"], FIRST_NO)["status"] == "applied"  # the parties signed 版本乙

    supervisor = Phone.sign_in(client, "supervisor_a")
    [conflict] = client.get("/api/conflicts?status=open", headers=supervisor.headers).get_json()["items"]
    refused = client.post(f"/api/conflicts/{conflict['id']}/resolve", json={"choose": "server"},
                          headers=supervisor.headers)
    assert refused.status_code == 422
    error = refused.get_json()["error"]
    assert error["code"] == "agreement_locked" and error["message"].startswith("协议已签署")
    assert error["details"] == {"fields": {"agreement_terms": [TERMS_LOCKED]}}
    kept = client.post(f"/api/conflicts/{conflict['id']}/resolve", json={"choose": "device"},
                       headers=supervisor.headers)
    assert kept.status_code == 200 and kept.get_json()["agreement_terms"] == "版本乙"
