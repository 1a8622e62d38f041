"""A case's file, loaded once for its papers: the case, its live child records, the names the papers print."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from app.errors import ApiError
from app.extensions import db
from app.models import Area, Committee, Dispute, Followup, MediationLog, Party, Referral, User
from app.services.access.scope import Viewer, scope_filter
from app.services.papers.images import AttachmentRef, case_attachments
from sync.dossier import Records

NO_SUCH_CASE = "没有这个案件。 / No such dispute."


@dataclass
class CaseFile:
    dispute: Dispute
    parties: list[Party]
    mediation_logs: list[MediationLog]
    followups: list[Followup]
    referrals: list[Referral]
    area_names: list[str]
    committee: Committee | None = None
    mediator_name: str | None = None
    attachments: list[AttachmentRef] = field(default_factory=list)

    @property
    def district_name(self) -> str:
        return self.area_names[0] if self.area_names else ""

    def records(self) -> Records:
        """The file as the dossier rules read it (sync/dossier.py)."""
        return {
            "dispute": [_columns(self.dispute)],
            "party": [_columns(row) for row in self.parties],
            "mediation_log": [_columns(row) for row in self.mediation_logs],
            "followup": [_columns(row) for row in self.followups],
            "referral": [_columns(row) for row in self.referrals],
            "attachment": [ref.as_record() for ref in self.attachments],
        }


def _columns(row: Any) -> dict[str, Any]:
    return {column.key: getattr(row, column.key) for column in row.__table__.columns}


def load_case_file(viewer: Viewer, dispute_id: str) -> CaseFile:
    """The case and its records; 404 outside the viewer's scope, as every read."""
    dispute = db.session.execute(
        sa.select(Dispute).where(Dispute.id == dispute_id, scope_filter(viewer, Dispute))).scalar_one_or_none()
    if dispute is None:
        raise ApiError(404, "not_found", NO_SUCH_CASE)

    def live(model: Any, order: Any) -> list[Any]:
        return list(db.session.execute(
            sa.select(model).where(model.dispute_id == dispute.id, model.voided_at.is_(None))
            .order_by(order, model.id)).scalars())

    mediator = db.session.get(User, dispute.assigned_mediator_id) if dispute.assigned_mediator_id else None
    return CaseFile(
        dispute=dispute,
        parties=live(Party, Party.created_at),
        mediation_logs=live(MediationLog, MediationLog.held_at),
        followups=live(Followup, Followup.due_on),
        referrals=live(Referral, Referral.created_at),
        area_names=_area_names(dispute.area_id),
        committee=db.session.get(Committee, dispute.committee_id) if dispute.committee_id else None,
        mediator_name=mediator.display_name if mediator else None,
        attachments=case_attachments(dispute.id),
    )


def _area_names(area_id: int) -> list[str]:
    """District → street → community → grid, the names of the case's place from the top."""
    names: list[str] = []
    area = db.session.get(Area, area_id)
    while area is not None:
        names.insert(0, area.name)
        area = area.parent
    return names
