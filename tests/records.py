"""Known records for read tests, inserted directly with their sync metadata."""
from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any

from app.extensions import db
from app.models import Attachment, Dispute, Followup, MediationLog, Party, Referral, Visit
from app.services.sync.sequence import lock_sequence, next_seq


def _meta(user_id: int | None) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "version": 1, "seq": next_seq(),
            "created_by": user_id, "updated_by": user_id, "field_versions": {}}


def make_dispute(area_id: int, *, user_id: int | None = None, **fields: Any) -> Dispute:
    lock_sequence()
    values = {"title": "楼上漏水致楼下天花板受损", "category": "neighbor", "source": "party_application",
              "status": "reported", "reported_at": datetime(2026, 11, 1, 9, 0), **fields}
    dispute = Dispute(area_id=area_id, **_meta(user_id), **values)
    db.session.add(dispute)
    db.session.commit()
    return dispute


def make_party(dispute: Dispute, **fields: Any) -> Party:
    lock_sequence()
    values = {"role": "applicant", "name": "王秀兰", "gender": "female", "phone": "13812345678",
              "id_number": "11010519491231002X", "consent": "pending", **fields}
    party = Party(dispute_id=dispute.id, **_meta(dispute.created_by), **values)
    db.session.add(party)
    db.session.commit()
    return party


def make_visit(area_id: int, *, dispute_ids: list[str] | None = None, **fields: Any) -> Visit:
    lock_sequence()
    values = {"visited_at": datetime(2026, 11, 2, 10, 0), "place": "兴福小区3号楼2单元",
              "purposes": ["risk_screening"], **fields}
    visit = Visit(area_id=area_id, dispute_ids=dispute_ids or [], **_meta(None), **values)
    db.session.add(visit)
    db.session.commit()
    return visit


def make_followup(dispute: Dispute, *, due_on: date, done_at: datetime | None = None, **fields: Any) -> Followup:
    lock_sequence()
    followup = Followup(dispute_id=dispute.id, due_on=due_on, done_at=done_at, **_meta(dispute.created_by), **fields)
    db.session.add(followup)
    db.session.commit()
    return followup


def make_attachment(dispute: Dispute, **fields: Any) -> Attachment:
    """An attachment's record (its bytes, if any, are the test's to put in the storage)."""
    lock_sequence()
    values = {"kind": "scene", "mime_type": "image/jpeg", "byte_size": 1000, "sha256": "0" * 64,
              "upload_complete": False, **fields}
    attachment = Attachment(dispute_id=dispute.id, **_meta(dispute.created_by), **values)
    db.session.add(attachment)
    db.session.commit()
    return attachment


def overdue_due_on(today: date | None = None) -> date:
    return (today or date.today()) - timedelta(days=3)


def make_mediation_log(dispute: Dispute, **fields: Any) -> MediationLog:
    lock_sequence()
    values = {"held_at": datetime(2026, 11, 3, 1, 30), "place": "兴福社区调解室", "mediators": "Mediator_A",
              "participants": "王秀兰、李建军", "rights_notice_given": True,
              "statements": "申请人称楼上漏水致其天花板受损；被申请人同意维修并赔偿。", "result": "agreement", **fields}
    log = MediationLog(dispute_id=dispute.id, **_meta(dispute.created_by), **values)
    db.session.add(log)
    db.session.commit()
    return log


def make_referral(dispute: Dispute, **fields: Any) -> Referral:
    lock_sequence()
    values = {"direction": "out", "agency_kind": "court", "agency_name": "槐荫区人民法院",
              "sent_at": datetime(2026, 11, 4, 2, 0), "reason": "当事人要求诉讼解决", "status": "sent", **fields}
    referral = Referral(dispute_id=dispute.id, **_meta(dispute.created_by), **values)
    db.session.add(referral)
    db.session.commit()
    return referral


def make_settled_case(district: Any, *, agreement_kind: str = "written", revisited: bool = True,
                      **fields: Any) -> Dispute:
    """A demo-like case settled by agreement: two parties, one session, the agreement, its revisit."""
    values = {"status": "agreed", "case_no": "(2026)槐人调字第00042号", "summary": "楼上卫生间漏水，致楼下天花板受损。",
              "accepted_at": datetime(2026, 11, 1, 2, 0), "due_on": date(2026, 12, 1),
              "assigned_mediator_id": district.mediator_a.id, "agreement_kind": agreement_kind,
              "agreement_no": "(2026)兴福调协字第007号",
              "agreement_terms": "一、双方确认事实清楚；二、李建军于2026年11月20日前赔偿王秀兰维修费3000元；三、双方再无争议",
              "agreement_amount": 3000, "agreement_performance": "performed",
              "agreement_signed_on": date(2026, 11, 3), **fields}
    dispute = make_dispute(district.grid_a.id, user_id=district.mediator_a.id, **values)
    make_party(dispute, consent="consented", address="兴福小区3号楼2单元301", ethnicity="汉族", birth_year=1949)
    make_party(dispute, role="respondent", name="李建军", gender="male", phone="13900001111",
               id_number="370104198001010012", consent="consented", address="兴福小区3号楼2单元401")
    make_mediation_log(dispute)
    make_followup(dispute, due_on=date(2026, 12, 3),
                  done_at=datetime(2026, 11, 28, 2, 0) if revisited else None,
                  **({"method": "phone", "agreement_performed": True, "satisfaction": "satisfied",
                      "remaining_risk": "none", "notes": "已按协议赔偿，双方满意。"} if revisited else {}))
    return dispute
