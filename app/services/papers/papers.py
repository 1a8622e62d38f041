"""The papers of a case file, each drawn from the record onto a `PaperPdf` (domain.md, The dossier).

Each `draw_*` starts its paper on a new page and enters it in the outline; `PAPER_DRAWERS` names them as the
routes and the dossier rules do. Full ID numbers and phones are printed: these are the official papers of the
case, given only to users in its scope, and every download is audited (docs/papers.md).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from app.catalogue import CATALOGUE
from app.models import Party
from app.services.papers.case_file import CaseFile
from app.services.papers.document import BLANK, PaperPdf, day, moment, text
from app.services.papers.images import PaperImage
from sync.dossier import paper_rule

JUDICIAL_CONFIRMATION_DAYS = 30
"""人民调解法 Art. 33: the parties apply within 30 days of the agreement taking effect."""
ROLE_ORDER = {"applicant": 0, "respondent": 1, "other": 2}


def zh(enum: str, code: str | None) -> str:
    """A code's Chinese label from the one catalogue; a blank to fill by hand when there is none."""
    if not code:
        return BLANK
    return next((label for value, label, _ in CATALOGUE[enum] if value == code), code)


def money(amount: Decimal | None) -> str:
    return BLANK if amount is None else f"人民币{amount:,.2f}元"


def committee_name(case: CaseFile) -> str:
    return case.committee.name if case.committee else f"{case.district_name}人民调解委员会"


def parties_in_order(case: CaseFile) -> list[Party]:
    return sorted(case.parties, key=lambda party: ROLE_ORDER.get(party.role, 3))


def particulars(party: Party) -> str:
    """A party's particulars as an agreement states them (Art. 29: 当事人的基本情况)."""
    if party.kind == "organization":
        return f"{party.name}；住所：{text(party.address)}；联系电话：{text(party.phone)}"
    parts = [party.name, zh("gender", party.gender), party.ethnicity or "", 
             f"{party.birth_year}年生" if party.birth_year else "",
             zh("occupation", party.occupation) if party.occupation else "",
             f"公民身份号码：{text(party.id_number)}", f"住址：{text(party.address)}",
             f"联系电话：{text(party.phone)}"]
    return "，".join(part for part in parts if part)


def party_names(case: CaseFile, role: str | None = None) -> str:
    return "、".join(p.name for p in parties_in_order(case) if role is None or p.role == role) or BLANK


def signers(case: CaseFile, images: list[PaperImage], roles: tuple[str, ...] = ("applicant", "respondent", "other")
            ) -> list[tuple[str, list[PaperImage]]]:
    return [(party.name, [image for image in images if image.signer == party.id])
            for party in parties_in_order(case) if party.role in roles]


def mediator_signer(case: CaseFile, images: list[PaperImage]) -> list[tuple[str, list[PaperImage]]]:
    return [(case.mediator_name or "", [image for image in images if image.signer == "mediator"])]


def _party_blocks(pdf: PaperPdf, case: CaseFile, roles: tuple[str, ...]) -> None:
    for party in parties_in_order(case):
        if party.role in roles:
            pdf.paragraph(f"{zh('party_role', party.role)}：{particulars(party)}", indent=False)


def draw_application(pdf: PaperPdf, case: CaseFile, images: list[PaperImage]) -> None:
    """人民调解申请书, or the oral-application record (口头申请记录) for a request made by telephone."""
    dispute = case.dispute
    written = dispute.source == "party_application"
    pdf.paper_title("人民调解申请书" if written else "口头申请记录", section=paper_rule("application")["label"])
    _party_blocks(pdf, case, ("applicant", "respondent", "other"))
    pdf.heading("申请事项")
    pdf.paragraph(f"请求{committee_name(case)}对“{dispute.title}”纠纷进行调解。")
    pdf.heading("事实与理由")
    pdf.paragraph(dispute.summary)
    pdf.paragraph("申请人自愿申请人民调解，所述情况属实。")
    pdf.signatures("申请人（签名或指印）", signers(case, images, ("applicant",)), dispute.reported_at)
    if not written:
        pdf.signatures("记录人", mediator_signer(case, images), dispute.reported_at)


def draw_acceptance(pdf: PaperPdf, case: CaseFile, images: list[PaperImage]) -> None:
    """人民调解受理登记表."""
    dispute = case.dispute
    pdf.paper_title("人民调解受理登记表", number=f"案号：{text(dispute.case_no)}")
    incoming = [r for r in case.referrals if r.direction == "in"]
    consent = "；".join(f"{p.name}：{zh('consent', p.consent)}" for p in parties_in_order(case))
    pdf.fields([
        [("受理日期", day(dispute.accepted_at)), ("办理期限", day(dispute.due_on))],
        [("纠纷类型", zh("category", dispute.category)), ("案件来源", zh("source", dispute.source))],
        [("移交单位", "、".join(r.agency_name or zh("agency_kind", r.agency_kind) for r in incoming) or "无")],
        [("发生日期", day(dispute.occurred_on) if dispute.occurred_on else BLANK),
         ("涉及人数", dispute.persons_involved)],
        [("涉及金额", money(dispute.amount_involved)),
         ("风险等级", zh("risk_level", dispute.risk_level)
          + "".join(f"·{zh('risk_flag', flag)}" for flag in dispute.risk_flags or []))],
        [("申请人", party_names(case, "applicant")), ("被申请人", party_names(case, "respondent"))],
        [("纠纷名称", dispute.title)],
        [("纠纷简要情况", dispute.summary)],
        [("同意调解", consent or BLANK)],
        [("所在网格", "".join(case.area_names[1:]) or BLANK)],
        [("调委会", committee_name(case)), ("承办调解员", case.mediator_name)],
    ])
    pdf.signatures("受理人", mediator_signer(case, images), dispute.accepted_at)
    pdf.seal(committee_name(case), dispute.accepted_at)


def draw_mediation_record(pdf: PaperPdf, case: CaseFile, images: list[PaperImage]) -> None:
    """人民调解记录, one per session; a case without sessions gets one blank to fill by hand."""
    sessions = case.mediation_logs or [None]
    for number, log in enumerate(sessions, start=1):
        pdf.paper_title("人民调解记录", number=f"案号：{text(case.dispute.case_no)}",
                        section=f"{paper_rule('mediation-record')['label']}（第{number}次）")
        pdf.fields([
            [("调解次序", f"第{number}次"), ("调解时间", moment(log.held_at) if log else None)],
            [("调解地点", log.place if log else None)],
            [("调解员", log.mediators if log else case.mediator_name)],
            [("参加人", log.participants if log else party_names(case))],
            [("权利义务告知", ("已告知当事人在人民调解活动中的权利和义务" if log.rights_notice_given else "未告知")
              if log else None)],
            [("调解情况", log.statements if log else None)],
            [("调解结果", zh("mediation_result", log.result) if log else None)],
        ])
        pdf.signatures("当事人（签名或指印）", signers(case, images), log.held_at if log else None)
        pdf.signatures("调解员", mediator_signer(case, images))


def draw_agreement(pdf: PaperPdf, case: CaseFile, images: list[PaperImage]) -> None:
    """人民调解协议书 (人民调解法 Art. 29): particulars, facts and issues, liability and what each does, how and
    by when; each party's signature or fingerprint, the mediator's signature, the committee's seal."""
    dispute = case.dispute
    pdf.paper_title("人民调解协议书", number=f"编号：{text(dispute.agreement_no)}")
    _party_blocks(pdf, case, ("applicant", "respondent", "other"))
    pdf.heading("一、纠纷的主要事实、争议事项")
    pdf.paragraph(dispute.summary)
    pdf.heading("二、各方当事人的责任及协议内容（履行方式、期限）")
    pdf.paragraph("\n".join(term for term in (dispute.agreement_terms or "").split("；") if term.strip()) or None)
    if dispute.agreement_amount is not None:
        pdf.paragraph(f"协议涉及金额：{money(dispute.agreement_amount)}。")
    pdf.heading("三、其他")
    pdf.paragraph("本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效。"
                  "协议对当事人具有法律约束力，当事人应当按照约定履行。")
    pdf.paragraph(f"当事人可以自本协议生效之日起{JUDICIAL_CONFIRMATION_DAYS}日内共同向人民法院申请司法确认。")
    pdf.paragraph("本协议一式三份，当事人各执一份，人民调解委员会留存一份。")
    pdf.signatures("当事人（签名或指印）", signers(case, images), dispute.agreement_signed_on)
    pdf.signatures("人民调解员（签名）", mediator_signer(case, images), dispute.agreement_signed_on)
    pdf.seal(committee_name(case), dispute.agreement_signed_on)


def draw_oral_agreement(pdf: PaperPdf, case: CaseFile, images: list[PaperImage]) -> None:
    """口头调解协议登记表 (人民调解法 Art. 28: the mediator records an oral agreement's content)."""
    dispute = case.dispute
    pdf.paper_title("口头调解协议登记表", number=f"编号：{text(dispute.agreement_no)}")
    pdf.fields([
        [("案号", dispute.case_no), ("达成日期", day(dispute.agreement_signed_on))],
        [("当事人", party_names(case))],
        [("纠纷事项", dispute.summary)],
        [("协议内容", dispute.agreement_terms)],
        [("协议金额", money(dispute.agreement_amount)),
         ("履行情况", zh("agreement_performance", dispute.agreement_performance))],
        [("调委会", committee_name(case)), ("登记人", case.mediator_name)],
    ])
    pdf.signatures("当事人（确认签名）", signers(case, images), dispute.agreement_signed_on)


def draw_revisit(pdf: PaperPdf, case: CaseFile, images: list[PaperImage]) -> None:
    """人民调解回访记录, one per revisit (done first); with none recorded, the due one to fill by hand."""
    dispute = case.dispute
    followups = sorted(case.followups, key=lambda f: (f.done_at is None, f.due_on)) or [None]
    for followup in followups:
        pdf.paper_title("人民调解回访记录", number=f"案号：{text(dispute.case_no)}",
                        section=paper_rule("revisit")["label"])
        performed = followup.agreement_performed if followup else None
        pdf.fields([
            [("协议编号", dispute.agreement_no), ("协议日期", day(dispute.agreement_signed_on))],
            [("被回访人", party_names(case))],
            [("应回访日期", day(followup.due_on) if followup else None),
             ("回访时间", moment(followup.done_at) if followup and followup.done_at else None)],
            [("回访方式", zh("followup_method", followup.method) if followup else None),
             ("协议履行", BLANK if performed is None else ("已履行" if performed else "未完全履行"))],
            [("满意程度", zh("satisfaction", followup.satisfaction) if followup else None),
             ("遗留风险", zh("remaining_risk", followup.remaining_risk) if followup else None)],
            [("回访情况", followup.notes if followup else None)],
            [("回访人", case.mediator_name)],
        ])
        pdf.signatures("被回访人（签名）", signers(case, images), followup.done_at if followup else None)


def draw_judicial_confirmation(pdf: PaperPdf, case: CaseFile, images: list[PaperImage]) -> None:
    """司法确认申请书: the parties apply together within 30 days of the agreement (人民调解法 Art. 33)."""
    dispute = case.dispute
    deadline = dispute.agreement_signed_on + timedelta(days=JUDICIAL_CONFIRMATION_DAYS) \
        if dispute.agreement_signed_on else None
    pdf.paper_title("司法确认申请书")
    _party_blocks(pdf, case, ("applicant", "respondent", "other"))
    pdf.heading("请求事项")
    pdf.paragraph(f"请求依法确认申请人于{day(dispute.agreement_signed_on)}经{committee_name(case)}主持调解达成的"
                  f"人民调解协议（编号：{text(dispute.agreement_no)}）有效。")
    pdf.heading("事实和理由")
    pdf.paragraph(dispute.summary)
    pdf.paragraph("上述协议系申请人在人民调解委员会主持下自愿达成，内容不违反法律、行政法规的强制性规定，"
                  "不损害国家利益、社会公共利益和他人合法权益。申请人依照《中华人民共和国人民调解法》第三十三条，"
                  f"自协议生效之日起{JUDICIAL_CONFIRMATION_DAYS}日内共同提出申请。")
    pdf.fields([
        [("受理法院", dispute.judicial_confirmation_court), ("申请截止", day(deadline))],
        [("申请日期", day(dispute.judicial_confirmation_applied_on) if dispute.judicial_confirmation_applied_on
          else None), ("确认结果", dispute.judicial_confirmation_result)],
    ])
    pdf.paragraph("附：人民调解协议书一份。", indent=False)
    pdf.signatures("申请人（签名或指印）", signers(case, images), dispute.judicial_confirmation_applied_on)


def draw_referral(pdf: PaperPdf, case: CaseFile, images: list[PaperImage]) -> None:
    """纠纷移交登记表, one per outgoing referral (四调联动); with none recorded, one to fill by hand."""
    for referral in [r for r in case.referrals if r.direction == "out"] or [None]:
        pdf.paper_title("纠纷移交登记表", number=f"案号：{text(case.dispute.case_no)}",
                        section=paper_rule("referral")["label"])
        pdf.fields([
            [("纠纷名称", case.dispute.title)],
            [("当事人", party_names(case))],
            [("接收单位类型", zh("agency_kind", referral.agency_kind) if referral else None),
             ("接收单位", referral.agency_name if referral else None)],
            [("移交时间", moment(referral.sent_at) if referral and referral.sent_at else None),
             ("办理状态", zh("referral_status", referral.status) if referral else None)],
            [("移交原因", referral.reason if referral else None)],
            [("办理结果", referral.result if referral else None)],
        ])
        sent_at = referral.sent_at if referral else None
        pdf.signatures("移交人", mediator_signer(case, images), sent_at)
        pdf.seal(committee_name(case), sent_at)


Drawer = Callable[[PaperPdf, CaseFile, list[PaperImage]], None]
PAPER_DRAWERS: dict[str, Drawer] = {
    "application": draw_application,
    "acceptance": draw_acceptance,
    "mediation-record": draw_mediation_record,
    "agreement": draw_agreement,
    "oral-agreement": draw_oral_agreement,
    "revisit": draw_revisit,
    "judicial-confirmation": draw_judicial_confirmation,
    "referral": draw_referral,
}
