"""The synced work records. Ids are made on the device; rows are voided, never deleted."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import JSONType, Money, utcnow


def seq_index(table: str, *scope_columns: str) -> sa.Index:
    """The seq index, carrying the columns pull's scope test reads (`access.scope.row_where`), so the
    query that bounds a page walks the index alone, without visiting the table's rows."""
    return sa.Index(f"ix_{table}_seq_scope", "seq", *scope_columns)


class SyncedRecord:
    """Sync metadata every synced table carries (sync-protocol.md §2).

    `field_versions` remembers which version and which device last changed each
    field ({"summary": [7, "device-id"]}), so conflict detection never reads history.
    """

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    version: Mapped[int] = mapped_column(default=1)
    seq: Mapped[int] = mapped_column(sa.BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"))
    updated_by: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"))
    voided_at: Mapped[Optional[datetime]]
    void_reason: Mapped[Optional[str]] = mapped_column(sa.Text)
    field_versions: Mapped[dict] = mapped_column(JSONType, default=dict)
    has_open_conflict: Mapped[bool] = mapped_column(default=False)


class Dispute(SyncedRecord, db.Model):
    """A case 矛盾纠纷, with its agreement and outcome."""

    __tablename__ = "disputes"
    __table_args__ = (seq_index("disputes", "area_id", "assigned_mediator_id"),)

    case_no: Mapped[Optional[str]] = mapped_column(sa.String(40), unique=True)
    area_id: Mapped[int] = mapped_column(sa.ForeignKey("areas.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[Optional[str]] = mapped_column(sa.Text)
    category: Mapped[str] = mapped_column(sa.String(32), index=True)
    source: Mapped[str] = mapped_column(sa.String(32))
    occurred_on: Mapped[Optional[date]]
    reported_at: Mapped[Optional[datetime]]
    persons_involved: Mapped[Optional[int]]
    amount_involved: Mapped[Optional[Decimal]] = mapped_column(Money)
    risk_level: Mapped[str] = mapped_column(sa.String(8), default="low")
    risk_flags: Mapped[list] = mapped_column(JSONType, default=list)
    status: Mapped[str] = mapped_column(sa.String(16), index=True, default="reported")
    assigned_mediator_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"), index=True)
    committee_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("committees.id"), index=True)
    accepted_at: Mapped[Optional[datetime]]
    due_on: Mapped[Optional[date]]
    agreement_kind: Mapped[Optional[str]] = mapped_column(sa.String(16))
    agreement_no: Mapped[Optional[str]] = mapped_column(sa.String(60))
    agreement_terms: Mapped[Optional[str]] = mapped_column(sa.Text)
    agreement_amount: Mapped[Optional[Decimal]] = mapped_column(Money)
    agreement_performance: Mapped[Optional[str]] = mapped_column(sa.String(16))
    agreement_signed_on: Mapped[Optional[date]]
    judicial_confirmation_applied_on: Mapped[Optional[date]]
    judicial_confirmation_court: Mapped[Optional[str]] = mapped_column(sa.String(100))
    judicial_confirmation_result: Mapped[Optional[str]] = mapped_column(sa.Text)
    close_reason: Mapped[Optional[str]] = mapped_column(sa.Text)
    papers_missing_reason: Mapped[Optional[str]] = mapped_column(sa.Text)
    closed_at: Mapped[Optional[datetime]]
    linked_agencies: Mapped[list] = mapped_column(JSONType, default=list)
    returned_at: Mapped[Optional[datetime]]
    return_comments: Mapped[Optional[dict]] = mapped_column(JSONType)
    resubmitted_at: Mapped[Optional[datetime]]


class Party(SyncedRecord, db.Model):
    """A party 当事人 to a dispute; ID number and phone are sensitive."""

    __tablename__ = "parties"
    __table_args__ = (seq_index("parties", "dispute_id"),)

    dispute_id: Mapped[str] = mapped_column(sa.ForeignKey("disputes.id"), index=True)
    role: Mapped[str] = mapped_column(sa.String(16))
    kind: Mapped[str] = mapped_column(sa.String(16), default="person")
    name: Mapped[str] = mapped_column(sa.String(100))
    gender: Mapped[str] = mapped_column(sa.String(8), default="unknown")
    ethnicity: Mapped[Optional[str]] = mapped_column(sa.String(20))
    birth_year: Mapped[Optional[int]]
    occupation: Mapped[Optional[str]] = mapped_column(sa.String(20))
    phone: Mapped[Optional[str]] = mapped_column(sa.String(20))
    id_number: Mapped[Optional[str]] = mapped_column(sa.String(18))
    address: Mapped[Optional[str]] = mapped_column(sa.String(200))
    consent: Mapped[str] = mapped_column(sa.String(16), default="pending")
    consent_at: Mapped[Optional[datetime]]
    consent_method: Mapped[Optional[str]] = mapped_column(sa.String(60))


class Visit(SyncedRecord, db.Model):
    """A household visit 走访; one that found nothing is a nil report 零上报."""

    __tablename__ = "visits"
    __table_args__ = (seq_index("visits", "area_id"),)

    area_id: Mapped[int] = mapped_column(sa.ForeignKey("areas.id"), index=True)
    visited_at: Mapped[datetime] = mapped_column(index=True)
    place: Mapped[str] = mapped_column(sa.String(200))
    purposes: Mapped[list] = mapped_column(JSONType, default=list)
    persons_met: Mapped[Optional[str]] = mapped_column(sa.String(200))
    notes: Mapped[Optional[str]] = mapped_column(sa.Text)
    dispute_ids: Mapped[list] = mapped_column(JSONType, default=list)
    risk_level: Mapped[Optional[str]] = mapped_column(sa.String(8))
    location: Mapped[Optional[str]] = mapped_column(sa.String(100))


class MediationLog(SyncedRecord, db.Model):
    """One mediation session 调解记录; append-only."""

    __tablename__ = "mediation_logs"
    __table_args__ = (seq_index("mediation_logs", "dispute_id"),)

    dispute_id: Mapped[str] = mapped_column(sa.ForeignKey("disputes.id"), index=True)
    held_at: Mapped[datetime]
    place: Mapped[Optional[str]] = mapped_column(sa.String(200))
    mediators: Mapped[Optional[str]] = mapped_column(sa.String(200))
    participants: Mapped[Optional[str]] = mapped_column(sa.String(400))
    rights_notice_given: Mapped[bool] = mapped_column(default=False)
    statements: Mapped[Optional[str]] = mapped_column(sa.Text)
    result: Mapped[str] = mapped_column(sa.String(16), default="continue")


class Followup(SyncedRecord, db.Model):
    """A revisit 回访 of a settled case, due 30 days after the agreement."""

    __tablename__ = "followups"
    __table_args__ = (seq_index("followups", "dispute_id"),)

    dispute_id: Mapped[str] = mapped_column(sa.ForeignKey("disputes.id"), index=True)
    due_on: Mapped[date] = mapped_column(index=True)
    done_at: Mapped[Optional[datetime]]
    method: Mapped[Optional[str]] = mapped_column(sa.String(16))
    agreement_performed: Mapped[Optional[bool]]
    satisfaction: Mapped[Optional[str]] = mapped_column(sa.String(24))
    remaining_risk: Mapped[Optional[str]] = mapped_column(sa.String(8))
    notes: Mapped[Optional[str]] = mapped_column(sa.Text)


class Referral(SyncedRecord, db.Model):
    """A referral to or from a linked agency 四调联动."""

    __tablename__ = "referrals"
    __table_args__ = (seq_index("referrals", "dispute_id"),)

    dispute_id: Mapped[str] = mapped_column(sa.ForeignKey("disputes.id"), index=True)
    direction: Mapped[str] = mapped_column(sa.String(8), default="out")
    agency_kind: Mapped[str] = mapped_column(sa.String(24))
    agency_name: Mapped[Optional[str]] = mapped_column(sa.String(100))
    sent_at: Mapped[Optional[datetime]]
    reason: Mapped[Optional[str]] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(16), default="sent")
    result: Mapped[Optional[str]] = mapped_column(sa.Text)


class Attachment(SyncedRecord, db.Model):
    """A photo, signature or scan 附件 of a case. Its bytes live in the attachment storage
    (app/services/attachments/storage.py), never here; `upload_complete` is set by the server once
    they have arrived whole and passed their checks."""

    __tablename__ = "attachments"
    __table_args__ = (seq_index("attachments", "dispute_id"),)

    dispute_id: Mapped[str] = mapped_column(sa.ForeignKey("disputes.id"), index=True)
    parent_entity: Mapped[Optional[str]] = mapped_column(sa.String(16))
    parent_id: Mapped[Optional[str]] = mapped_column(sa.String(36))
    kind: Mapped[str] = mapped_column(sa.String(16), default="other")
    mime_type: Mapped[str] = mapped_column(sa.String(40))
    byte_size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    agreement_no: Mapped[Optional[str]] = mapped_column(sa.String(60))
    taken_at: Mapped[Optional[datetime]]
    caption: Mapped[Optional[str]] = mapped_column(sa.String(200))
    upload_complete: Mapped[bool] = mapped_column(default=False)


SYNCED_MODELS: dict[str, type[SyncedRecord]] = {
    "dispute": Dispute,
    "party": Party,
    "visit": Visit,
    "mediation_log": MediationLog,
    "followup": Followup,
    "referral": Referral,
    "attachment": Attachment,
}
