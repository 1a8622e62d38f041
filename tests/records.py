"""Known records for read tests, inserted directly with their sync metadata."""
from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any

from app.extensions import db
from app.models import Attachment, Dispute, Followup, Party, Visit
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
