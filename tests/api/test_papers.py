"""A case's papers and dossier as PDF: the right paper, Chinese text on inked pages, the font embedded as a subset,
the 卷内目录's page numbers true, scope (404) and audit as for every read of personal data."""
from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from app.models import AuditLog
from app.services.access.scope import Viewer
from app.services.papers.case_file import load_case_file
from app.services.papers.render import render_paper
from app.services.papers.images import AttachmentRef
from app.services.papers.papers import PAPER_DRAWERS
from sync.dossier import PRINTABLE
from tests.attachment_files import attachment_for, png, upload
from tests.pdf_reading import SUBSET_TAG, embedded_fonts, image_count, ink_ratios, page_lines, page_texts
from tests.phones import Phone
from tests.records import make_referral, make_settled_case

RESPONDENT_ID = "370104198001010012"


@pytest.fixture
def supervisor(login, district):
    return login("supervisor_a")


def get_pdf(client, url, headers) -> bytes:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.get_json()
    assert response.mimetype == "application/pdf"
    return response.data


def test_the_agreement_is_a_pdf_with_the_art_29_contents_in_an_embedded_subset_font(client, district, supervisor):
    dispute = make_settled_case(district)
    data = get_pdf(client, f"/api/disputes/{dispute.id}/papers/agreement.pdf", supervisor)

    [text] = page_texts(data)
    for words in ("人民调解协议书", "(2026)兴福调协字第007号", "王秀兰", "李建军", RESPONDENT_ID,
                  "纠纷的主要事实、争议事项", "李建军于2026年11月20日前赔偿王秀兰维修费3000元",
                  "当事人（签名或指印）：王秀兰", "人民调解员（签名）", "人民调解委员会（印章）", "2026年11月3日"):
        assert words in text, words
    assert min(ink_ratios(data)) > 0.01
    fonts = embedded_fonts(data)
    assert fonts and all(embedded and SUBSET_TAG.match(name.lstrip("/")) for name, embedded in fonts), fonts
    assert len(data) < 200_000  # a subset: the whole font is 8 MB


def test_every_paper_download_is_audited_without_the_personal_data_it_prints(client, district, supervisor, db):
    dispute = make_settled_case(district)
    get_pdf(client, f"/api/disputes/{dispute.id}/papers/acceptance.pdf", supervisor)
    [entry] = db.session.query(AuditLog).filter_by(action="download_paper").all()
    assert (entry.entity, entry.record_id, entry.user_id, entry.details) == (
        "dispute", dispute.id, district.supervisor_a.id, {"paper": "acceptance"})


@pytest.mark.slow
@pytest.mark.parametrize(("paper", "title", "words"), [
    ("application", "人民调解申请书", ("申请事项", "楼上卫生间漏水", "11010519491231002X")),
    ("acceptance", "人民调解受理登记表", ("(2026)槐人调字第00042号", "邻里", "当事人申请", "王秀兰：同意调解")),
    ("mediation-record", "人民调解记录", ("第1次", "兴福社区调解室", "已告知当事人", "达成协议")),
    ("revisit", "人民调解回访记录", ("电话回访", "满意", "已按协议赔偿，双方满意。")),
    ("judicial-confirmation", "司法确认申请书", ("请求事项", "第三十三条", "槐荫区人民法院", "2026年12月3日")),
])
def test_each_paper_of_a_settled_case_renders_from_its_record(client, district, supervisor, paper, title, words):
    dispute = make_settled_case(district, judicial_confirmation_court="槐荫区人民法院")
    data = get_pdf(client, f"/api/disputes/{dispute.id}/papers/{paper}.pdf", supervisor)
    text = "".join(page_texts(data))
    assert text.startswith(title) or title in text[:40]
    for words_on_paper in words:
        assert words_on_paper in text, words_on_paper
    assert min(ink_ratios(data)) > 0.01


@pytest.mark.slow
def test_an_oral_agreement_and_a_referral_have_their_own_papers(client, district, supervisor):
    oral = make_settled_case(district, agreement_kind="oral", case_no="(2026)槐人调字第00043号")
    text = "".join(page_texts(get_pdf(client, f"/api/disputes/{oral.id}/papers/oral-agreement.pdf", supervisor)))
    assert "口头调解协议登记表" in text and "人民币3,000.00元" in text and "已履行" in text
    referred = make_settled_case(district, status="referred", agreement_kind=None, case_no="(2026)槐人调字第00044号")
    make_referral(referred)
    text = "".join(page_texts(get_pdf(client, f"/api/disputes/{referred.id}/papers/referral.pdf", supervisor)))
    assert "纠纷移交登记表" in text and "槐荫区人民法院" in text and "当事人要求诉讼解决" in text


def test_the_dossier_lists_each_paper_at_the_page_it_starts_on(client, district, supervisor, db):
    dispute = make_settled_case(district)
    data = get_pdf(client, f"/api/disputes/{dispute.id}/dossier.pdf", supervisor)
    pages = page_texts(data)

    assert "人民调解卷宗" in pages[0] and "(2026)槐人调字第00042号" in pages[0]
    contents = pages[1]
    assert contents.startswith("第2页卷内目录")
    rows = [re.fullmatch(r"(\d+) (\S+) (\d+)", line) for line in page_lines(data, 1)]
    listed = [row.groups() for row in rows if row]
    assert [int(number) for number, _, _ in listed] == [1, 2, 3, 4, 5]
    assert [(title, int(page)) for _, title, page in listed] == [
        ("人民调解申请书", 3), ("人民调解受理登记表", 4), ("人民调解记录（第1次）", 5), ("人民调解协议书", 6),
        ("人民调解回访记录", 7)]
    for _, title, page in listed:
        assert pages[int(page) - 1].startswith(title.split("（")[0]), (title, page)
    assert "卷宗完整度：5/6·缺当事人签名或指印" in contents
    assert len(pages) == 7
    assert min(ink_ratios(data)) > 0.005
    assert db.session.query(AuditLog).filter_by(action="download_dossier", record_id=dispute.id).count() == 1


def test_a_case_missing_its_revisit_says_so(client, district, supervisor):
    dispute = make_settled_case(district, agreement_kind="oral", revisited=False)
    body = client.get(f"/api/disputes/{dispute.id}/dossier", headers=supervisor).get_json()
    assert body["complete"] is False
    assert body["path"] == "oral_agreement"
    revisit = next(item for item in body["items"] if item["paper"] == "revisit")
    assert revisit == {"paper": "revisit", "label": "人民调解回访记录", "required": True, "present": False}
    assert [item["paper"] for item in body["items"] if item["required"] and not item["present"]] == ["revisit"]


def test_a_written_agreement_waits_for_its_signatures(client, district, supervisor):
    dispute = make_settled_case(district)
    body = client.get(f"/api/disputes/{dispute.id}/dossier", headers=supervisor).get_json()
    assert [item["paper"] for item in body["items"] if item["required"] and not item["present"]] == ["signatures"]
    assert body["complete"] is False


def test_a_paper_that_does_not_apply_to_the_case_is_404_in_the_error_shape(client, district, supervisor):
    dispute = make_settled_case(district)
    for paper in ("oral-agreement", "referral", "signatures", "nonsense"):
        response = client.get(f"/api/disputes/{dispute.id}/papers/{paper}.pdf", headers=supervisor)
        assert response.status_code == 404, paper
        error = response.get_json()["error"]
        assert error["code"] == "paper_not_applicable"
        assert error["message"].startswith("这个案件没有这份文书。")


def test_a_user_outside_the_cases_scope_gets_404_and_nothing_is_audited(client, district, login, db):
    dispute = make_settled_case(district)
    outsider = login("mediator_b")
    for url in (f"/api/disputes/{dispute.id}/papers/agreement.pdf", f"/api/disputes/{dispute.id}/dossier.pdf",
                f"/api/disputes/{dispute.id}/dossier"):
        response = client.get(url, headers=outsider)
        assert response.status_code == 404, url
        assert response.get_json()["error"]["message"].startswith("没有这个案件。")
    assert db.session.query(AuditLog).filter(AuditLog.action.like("download_%")).count() == 0


def test_signatures_and_fingerprints_are_placed_in_their_signers_boxes(db, district):
    """The attachments seam: given a party's signature, the agreement draws it; given none, no image."""
    dispute = make_settled_case(district)
    case = load_case_file(Viewer.of(district.supervisor_a), dispute.id)
    applicant = next(party for party in case.parties if party.role == "applicant")
    case.attachments = [AttachmentRef("s1", "signature", "image/png", "party", applicant.id),
                        AttachmentRef("f1", "fingerprint", "image/png", "dispute", dispute.id),
                        AttachmentRef("i1", "id_document", "image/png", "party", applicant.id)]
    read = []

    def image_of(ref: AttachmentRef) -> bytes:
        read.append(ref.id)
        ink = io.BytesIO()
        Image.new("RGB", (120, 40), {"s1": "navy", "f1": "darkred"}.get(ref.id, "black")).save(ink, format="PNG")
        return ink.getvalue()

    data = render_paper(case, "agreement", read=image_of)
    assert sorted(read) == ["f1", "s1"]  # the ID document photo is never placed on a paper
    assert image_count(data) == 2


@pytest.fixture
def app_config(tmp_path):
    return {"ATTACHMENTS_DIR": str(tmp_path / "attachments")}


def test_signatures_uploaded_from_the_phone_complete_the_dossier_and_are_drawn_on_the_agreement(
        client, district, supervisor):
    dispute = make_settled_case(district)
    phone = Phone.sign_in(client, "mediator_a")
    parties = [r for r in phone.pull() if r["entity"] == "party" and r["dispute_id"] == dispute.id]
    assert len(parties) == 2
    first, second = ({**attachment_for(dispute.id, png(120, 60 + n), kind="signature", mime_type="image/png"),
                      "data": png(120, 60 + n), "party": party["id"]} for n, party in enumerate(parties))
    for signature in (first, second):
        signature["changes"].update(parent_entity="party", parent_id=signature["party"])
        [result] = phone.push({k: v for k, v in signature.items() if k not in ("data", "party")})
        assert result["status"] == "applied", result

    assert upload(phone, first["id"], first["data"]).status_code == 204
    missing = client.get(f"/api/disputes/{dispute.id}/dossier", headers=supervisor).get_json()
    assert [i["paper"] for i in missing["items"] if i["required"] and not i["present"]] == ["signatures"], \
        "one party's signature is still on its way: the bytes count, not the record"
    assert image_count(get_pdf(client, f"/api/disputes/{dispute.id}/papers/agreement.pdf", supervisor)) == 1

    assert upload(phone, second["id"], second["data"]).status_code == 204
    assert client.get(f"/api/disputes/{dispute.id}/dossier", headers=supervisor).get_json()["complete"] is True
    assert image_count(get_pdf(client, f"/api/disputes/{dispute.id}/papers/agreement.pdf", supervisor)) == 2


def test_every_printable_paper_has_a_drawer_and_every_drawer_a_rule():
    assert set(PRINTABLE) == set(PAPER_DRAWERS)
