"""Showing a party's full phone and ID number, audited (domain.md, Privacy)."""
from __future__ import annotations

from app.extensions import db
from app.models import Party
from app.services.audit import record_audit
from app.services.dispute_reads import get_party
from app.services.scope import Viewer


def reveal_party(viewer: Viewer, party_id: str) -> Party:
    party = get_party(viewer, party_id)
    record_audit("reveal_identity", entity="party", record_id=party.id,
                 details={"dispute_id": party.dispute_id, "fields": ["phone", "id_number"]})
    db.session.commit()
    return party
