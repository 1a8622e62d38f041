"""Possible duplicates of a case being registered (统一受理): a suggestion shown before saving, never a block.

A case in scope is a possible duplicate when one of its parties has the same phone or ID number, or the
same address while the case has the same category and was reported within the last 30 days."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from app.extensions import db
from app.models import Dispute, Party
from app.services.access.scope import Viewer, scope_filter
from app.services.reads.disputes import REPORTED_AT
from sync.clock import local_today, utc_start_of

ADDRESS_WINDOW_DAYS = 30
MAX_SUGGESTIONS = 10


def _matching_cases(viewer: Viewer, party_match: Any, *case_conditions: Any) -> set[str]:
    query = (sa.select(Dispute.id).join(Party, Party.dispute_id == Dispute.id)
             .where(scope_filter(viewer, Dispute), Dispute.voided_at.is_(None), Party.voided_at.is_(None),
                    party_match, *case_conditions))
    return set(db.session.execute(query).scalars())


def find_duplicates(viewer: Viewer, probe: dict[str, Any], today: date | None = None) -> dict[str, Any]:
    """Cases in scope the new one may repeat, newest first, each with why it matched and its parties."""
    today = today or local_today()
    reasons: dict[str, list[str]] = {}

    def note(reason: str, ids: set[str]) -> None:
        for dispute_id in ids:
            reasons.setdefault(dispute_id, []).append(reason)

    phones = [phone for phone in probe.get("phones", []) if phone]
    id_numbers = [number.upper() for number in probe.get("id_numbers", []) if number]
    if phones:
        note("phone", _matching_cases(viewer, Party.phone.in_(phones)))
    if id_numbers:
        note("id_number", _matching_cases(viewer, Party.id_number.in_(id_numbers)))
    addresses = [address.strip() for address in probe.get("addresses", []) if address.strip()]
    if addresses and probe.get("category"):
        since = utc_start_of(today - timedelta(days=ADDRESS_WINDOW_DAYS))
        note("address_category", _matching_cases(
            viewer, Party.address.in_(addresses), Dispute.category == probe["category"], REPORTED_AT >= since))
    if not reasons:
        return {"items": []}
    disputes = list(db.session.execute(
        sa.select(Dispute).where(Dispute.id.in_(reasons)).order_by(REPORTED_AT.desc(), Dispute.id)
        .limit(MAX_SUGGESTIONS)).scalars())
    parties: dict[str, list[Party]] = {}
    for party in db.session.execute(
            sa.select(Party).where(Party.dispute_id.in_([d.id for d in disputes]), Party.voided_at.is_(None))
            .order_by(Party.created_at, Party.id)).scalars():
        parties.setdefault(party.dispute_id, []).append(party)
    return {"items": [{"dispute": dispute, "reasons": sorted(reasons[dispute.id]),
                       "parties": parties.get(dispute.id, [])} for dispute in disputes]}
