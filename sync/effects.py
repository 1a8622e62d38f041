"""Server side effects of accepted changes: the revisit an agreement calls for (the case number: `SyncStore.next_case_no`)."""
from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

REVISIT_AFTER_DAYS = 30
FOLLOWUP_NAMESPACE = uuid.UUID("5b0d3c6e-2f0a-4c1b-9e57-7a1d0c3f8e21")
"""uuid5 namespace of automatic follow-ups; the PWA may compute the same id to show the revisit offline."""


def followup_id(dispute_id: str) -> str:
    """The automatic revisit's id, derived from its case so a replay or a second worker cannot make two."""
    return str(uuid.uuid5(FOLLOWUP_NAMESPACE, dispute_id))


def revisit_fields(dispute_id: str, dispute: Mapping[str, Any], today: date) -> dict[str, Any]:
    """The automatic revisit: due 30 days after the agreement was signed, or after today if no date was given."""
    signed = dispute.get("agreement_signed_on")
    start = date.fromisoformat(signed) if signed else today
    return {"dispute_id": dispute_id, "due_on": (start + timedelta(days=REVISIT_AFTER_DAYS)).isoformat()}
