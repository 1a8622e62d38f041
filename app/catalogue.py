"""The one enum catalogue: codes with Simplified Chinese and English labels.

The server validates against it and serves it to the PWA through
`GET /api/reference`. Codes are never renamed or deleted once in use.
"""
from __future__ import annotations

from typing import Final

Label = tuple[str, str, str]  # code, zh-CN, en

CATALOGUE: Final[dict[str, tuple[Label, ...]]] = {
    "area_level": (
        ("district", "区", "District"),
        ("street", "街道/镇", "Street / town"),
        ("community", "社区/村", "Community / village"),
        ("grid", "网格", "Grid"),
    ),
    "role": (
        ("mediator", "网格调解员", "Grid mediator"),
        ("supervisor", "街道/司法所", "Street supervisor"),
        ("admin", "区司法局", "District admin"),
    ),
    "committee_kind": (
        ("area", "区域调委会", "Area committee"),
        ("trade", "行业性专业性调委会", "Trade committee"),
    ),
    "category": (
        ("marriage_family", "婚姻家庭", "Marriage & family"),
        ("neighbor", "邻里", "Neighbours"),
        ("housing_homestead", "房屋宅基地", "Housing & homestead"),
        ("contract", "合同", "Contract"),
        ("business", "生产经营", "Business"),
        ("damages", "损害赔偿", "Damages"),
        ("land_forest", "山林土地", "Land & forest"),
        ("requisition_demolition", "征地拆迁", "Requisition & demolition"),
        ("environment", "环境污染", "Environment"),
        ("labor", "劳动争议", "Labour"),
        ("consumer", "消费", "Consumer"),
        ("medical", "医疗", "Medical"),
        ("traffic", "道路交通事故", "Road traffic"),
        ("property_management", "物业", "Property management"),
        ("other", "其它", "Other"),
    ),
    "source": (
        ("party_application", "当事人申请", "Party application"),
        ("initiative", "调委会主动调解", "Committee initiative"),
        ("police_transfer", "公安机关移交", "Police transfer"),
        ("court_entrusted", "法院委托", "Court entrusted"),
        ("procuratorate_transfer", "检察院移送", "Procuratorate transfer"),
        ("petition_transfer", "信访转交", "Petition office transfer"),
        ("government_assigned", "政府部门指定", "Government assigned"),
        ("hotline", "12345热线", "12345 hotline"),
    ),
    "status": (
        ("reported", "登记", "Reported"),
        ("accepted", "受理", "Accepted"),
        ("assigned", "已派单", "Assigned"),
        ("mediating", "调解中", "Mediating"),
        ("agreed", "调解成功", "Agreed"),
        ("failed", "调解不成", "Failed"),
        ("suspended", "中止", "Suspended"),
        ("referred", "已移交", "Referred"),
        ("closed", "结案", "Closed"),
    ),
    "risk_level": (
        ("low", "低", "Low"),
        ("medium", "中", "Medium"),
        ("high", "高", "High"),
    ),
    "risk_flag": (
        ("criminal_escalation", "民转刑风险", "Risk of criminal escalation"),
        ("group_incident", "群体性", "Group incident"),
        ("extreme_behavior", "极端行为", "Extreme behaviour"),
    ),
    "agreement_kind": (
        ("written", "书面", "Written"),
        ("oral", "口头", "Oral"),
    ),
    "agreement_performance": (
        ("pending", "待履行", "Pending"),
        ("performed", "已履行", "Performed"),
        ("partial", "部分履行", "Partly performed"),
        ("breached", "未履行", "Breached"),
    ),
    "party_role": (
        ("applicant", "申请人", "Applicant"),
        ("respondent", "被申请人", "Respondent"),
        ("other", "其他", "Other"),
    ),
    "party_kind": (
        ("person", "自然人", "Person"),
        ("organization", "单位", "Organization"),
    ),
    "gender": (
        ("male", "男", "Male"),
        ("female", "女", "Female"),
        ("unknown", "未知", "Unknown"),
    ),
    "occupation": (
        ("farmer", "农民", "Farmer"),
        ("worker", "工人", "Worker"),
        ("employee", "企业职工", "Company employee"),
        ("self_employed", "个体工商户", "Self-employed"),
        ("public_servant", "机关事业单位人员", "Public servant"),
        ("migrant_worker", "进城务工人员", "Migrant worker"),
        ("student", "学生", "Student"),
        ("retired", "离退休人员", "Retired"),
        ("unemployed", "无业", "Unemployed"),
        ("other", "其他", "Other"),
    ),
    "consent": (
        ("pending", "待确认", "Pending"),
        ("consented", "同意调解", "Consented"),
        ("refused", "拒绝调解", "Refused"),
    ),
    "visit_purpose": (
        ("mediation", "调解", "Mediation"),
        ("information", "信息采集", "Information"),
        ("risk_screening", "矛盾排查", "Risk screening"),
        ("legal_publicity", "普法宣传", "Legal publicity"),
    ),
    "mediation_result": (
        ("continue", "继续调解", "Continue"),
        ("agreement", "达成协议", "Agreement reached"),
        ("failed", "调解不成", "Failed"),
    ),
    "followup_method": (
        ("in_person", "上门回访", "In person"),
        ("phone", "电话回访", "By phone"),
    ),
    "satisfaction": (
        ("satisfied", "满意", "Satisfied"),
        ("basically_satisfied", "基本满意", "Basically satisfied"),
        ("dissatisfied", "不满意", "Dissatisfied"),
    ),
    "remaining_risk": (
        ("none", "无", "None"),
        ("low", "低", "Low"),
        ("medium", "中", "Medium"),
        ("high", "高", "High"),
    ),
    "referral_direction": (
        ("out", "移出", "Out"),
        ("in", "移入", "In"),
    ),
    "agency_kind": (
        ("court", "法院（诉调）", "Court"),
        ("procuratorate", "检察院（检调）", "Procuratorate"),
        ("police", "公安（公调）", "Police"),
        ("petition", "信访（访调）", "Petition office"),
        ("labor_arbitration", "劳动仲裁", "Labour arbitration"),
        ("traffic_police", "交警", "Traffic police"),
        ("law_enforcement", "执法中队", "Law enforcement squad"),
        ("market_regulation", "食药/市场监管", "Market regulation"),
        ("land", "国土", "Land resources"),
        ("sanitation", "环卫", "Sanitation"),
        ("other", "其他", "Other"),
    ),
    "referral_status": (
        ("sent", "已移送", "Sent"),
        ("accepted", "已接收", "Accepted"),
        ("returned", "已退回", "Returned"),
        ("done", "已办结", "Done"),
    ),
    "attachment_kind": (
        ("agreement_scan", "协议书照片", "Agreement scan"),
        ("evidence", "证据", "Evidence"),
        ("scene", "现场", "Scene"),
        ("id_document", "身份证明", "ID document"),
        ("signature", "签名", "Signature"),
        ("fingerprint", "指印", "Fingerprint"),
        ("other", "其他", "Other"),
    ),
    "attachment_parent": (
        ("visit", "走访", "Visit"),
        ("mediation_log", "调解记录", "Mediation record"),
        ("party", "当事人", "Party"),
    ),
    "mime_type": (
        ("image/jpeg", "JPEG 图片", "JPEG image"),
        ("image/png", "PNG 图片", "PNG image"),
        ("image/webp", "WebP 图片", "WebP image"),
        ("application/pdf", "PDF 文件", "PDF document"),
    ),
    "conflict_status": (
        ("open", "待处理", "Open"),
        ("resolved", "已处理", "Resolved"),
    ),
}


def codes(name: str) -> tuple[str, ...]:
    """The codes of one enumeration, in catalogue order."""
    return tuple(code for code, _, _ in CATALOGUE[name])


def as_json() -> dict[str, list[dict[str, str]]]:
    """The catalogue in the shape the PWA reads."""
    return {
        name: [{"code": code, "zh": zh, "en": en} for code, zh, en in labels]
        for name, labels in CATALOGUE.items()
    }
