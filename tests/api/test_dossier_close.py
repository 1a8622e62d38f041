"""卷宗 and closing through the API: a case lacking a required paper closes only with the reason written, by
push and by a conflict's resolution alike (sync/workflow.py `close_violation`); the desk's completeness agrees."""
from __future__ import annotations

import re
from datetime import datetime

import pytest

from app.extensions import db
from app.models import Dispute
from tests.phones import Phone, create, update
from tests.records import make_dispute, make_party, make_settled_case

pytestmark = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)

CHINESE_FIRST = re.compile(r"^[^A-Za-z]*[\u4e00-\u9fff].*。 / [A-Z]")
REVISIT_MISSING = ("卷宗缺少：人民调解回访记录。结案须写明缺件原因。 / The dossier lacks: revisit record. "
                   "Closing needs the reason they are missing.")
CLOSE = {"status": "closed", "close_reason": "协议已履行", "closed_at": "2026-12-05T02:00:00Z"}


def stored(dispute_id: str) -> Dispute:
    db.session.expire_all()
    return db.session.get(Dispute, dispute_id)


def test_a_push_closing_a_case_without_its_revisit_is_refused_until_the_reason_is_written(client, district):
    case = make_settled_case(district, agreement_kind="oral", revisited=False)
    supervisor = Phone.sign_in(client, "supervisor_a")
    dossier = client.get(f"/api/disputes/{case.id}/dossier", headers=supervisor.headers).get_json()
    assert [item["paper"] for item in dossier["items"] if item["required"] and not item["present"]] == ["revisit"]

    summary = update("dispute", case.id, 1, {"summary": "同批次的其他修改照常保存"})
    refused, beside = supervisor.push(update("dispute", case.id, 1, CLOSE), summary)
    assert (refused["status"], refused["error_code"], refused["errors"]) == (
        "rejected", "papers_missing", {"papers_missing_reason": [REVISIT_MISSING]})
    assert CHINESE_FIRST.match(refused["errors"]["papers_missing_reason"][0])
    assert beside["status"] == "applied"
    assert (stored(case.id).status, stored(case.id).version, stored(case.id).close_reason) == ("agreed", 2, None)

    reason = "当事人已迁居外地，多次电话未接通，无法回访"
    [closed] = supervisor.push(update("dispute", case.id, 2, {**CLOSE, "papers_missing_reason": reason}))
    assert closed["status"] == "applied"
    assert (stored(case.id).status, stored(case.id).papers_missing_reason) == ("closed", reason)
    assert client.get(f"/api/disputes/{case.id}/dossier", headers=supervisor.headers).get_json()["complete"] is False


def test_a_complete_dossier_closes_without_a_reason_for_missing_papers(client, district):
    case = make_settled_case(district, agreement_kind="oral")
    supervisor = Phone.sign_in(client, "supervisor_a")
    assert client.get(f"/api/disputes/{case.id}/dossier", headers=supervisor.headers).get_json()["complete"] is True
    [closed] = supervisor.push(update("dispute", case.id, 1, CLOSE))
    assert closed["status"] == "applied" and stored(case.id).status == "closed"


def test_a_resolution_closing_a_case_lacking_papers_needs_the_reason_as_a_push_does(client, district):
    """Two phones moved a failed case apart (referred; back to mediating): the supervisor settles it as closed."""
    case = make_dispute(district.grid_a.id, status="failed", accepted_at=datetime(2026, 11, 2, 1, 0),
                        assigned_mediator_id=district.mediator_a.id)
    make_party(case, consent="consented")
    a, peer = Phone.sign_in(client, "mediator_a"), Phone.sign_in(client, "mediator_a_peer")
    peer.push(update("dispute", case.id, 1, {"status": "referred"}))
    [stale] = a.push(update("dispute", case.id, 1, {"status": "mediating"}))
    assert stale["status"] == "conflict"
    supervisor = Phone.sign_in(client, "supervisor_a")
    [conflict] = client.get("/api/conflicts?status=open", headers=supervisor.headers).get_json()["items"]
    [noted] = supervisor.push(update("dispute", case.id, stored(case.id).version, {"close_reason": "当事人撤回申请"}))
    assert noted["status"] == "applied"
    version = stored(case.id).version

    url = f"/api/conflicts/{conflict['id']}/resolve"
    refused = client.post(url, json={"choose": "value", "value": "closed"}, headers=supervisor.headers)
    assert refused.status_code == 422
    error = refused.get_json()["error"]
    assert error["code"] == "papers_missing" and CHINESE_FIRST.match(error["message"])
    [message] = error["details"]["fields"]["papers_missing_reason"]
    assert message.startswith("卷宗缺少：人民调解记录。") and error["message"] == message
    assert (stored(case.id).status, stored(case.id).version) == ("referred", version)
    assert client.get("/api/conflicts?status=open", headers=supervisor.headers).get_json()["items"] != []

    supervisor.push(update("dispute", case.id, version, {"papers_missing_reason": "受理后即撤回，未开始调解"}))
    resolved = client.post(url, json={"choose": "value", "value": "closed"}, headers=supervisor.headers)
    assert resolved.status_code == 200, resolved.get_json()
    assert stored(case.id).status == "closed"


def test_a_case_never_accepted_is_refused_without_papers(client, district):
    """不予受理: a reported case a supervisor closes with its reason alone."""
    supervisor = Phone.sign_in(client, "supervisor_a")
    reported = create("dispute", {"area_id": district.grid_a.id, "title": "咨询", "category": "neighbor",
                                  "source": "party_application"})
    supervisor.push(reported)
    [closed] = supervisor.push(update("dispute", reported["id"], 1, {"status": "closed", "close_reason": "不属于调解范围"}))
    assert closed["status"] == "applied"


def test_the_reason_for_missing_papers_cannot_be_taken_back_once_the_case_is_closed(client, district):
    case = make_settled_case(district, agreement_kind="oral", revisited=False)
    supervisor = Phone.sign_in(client, "supervisor_a")
    reason = "当事人已迁居外地，无法回访"
    [closed] = supervisor.push(update("dispute", case.id, 1, {**CLOSE, "papers_missing_reason": reason}))
    assert closed["status"] == "applied"

    cleared, blank = supervisor.push(update("dispute", case.id, 2, {"papers_missing_reason": None}),
                                     update("dispute", case.id, 2, {"papers_missing_reason": "  "}))
    assert (cleared["error_code"], cleared["errors"]) == ("papers_missing", {"papers_missing_reason": [REVISIT_MISSING]})
    assert blank["error_code"] == "papers_missing"
    assert stored(case.id).papers_missing_reason == reason

    better = "当事人已迁居外地，三次电话未接通，无法回访"
    [reworded] = supervisor.push(update("dispute", case.id, 2, {"papers_missing_reason": better}))
    assert reworded["status"] == "applied" and stored(case.id).papers_missing_reason == better
    [summary] = supervisor.push(update("dispute", case.id, 3, {"summary": "结案后补记：已归档"}))
    assert summary["status"] == "applied"


def test_a_closed_case_whose_papers_are_all_there_may_drop_the_reason_it_no_longer_needs(client, district):
    case = make_settled_case(district, agreement_kind="oral")
    supervisor = Phone.sign_in(client, "supervisor_a")
    [closed] = supervisor.push(update("dispute", case.id, 1, {**CLOSE, "papers_missing_reason": "误填"}))
    assert closed["status"] == "applied"
    [cleared] = supervisor.push(update("dispute", case.id, 2, {"papers_missing_reason": None}))
    assert cleared["status"] == "applied" and stored(case.id).papers_missing_reason is None
