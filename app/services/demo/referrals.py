"""A dispute's referrals: in from the agency that transferred it, out to the agency it was referred to."""
from __future__ import annotations

from datetime import datetime, timedelta

from app.models import Referral
from app.services.demo import data
from app.services.demo.builder import BEIJING, Case, Demo


def build_referrals(demo: Demo, case: Case, profile: data.CategoryProfile, source: str,
                    times: dict[str, datetime], close_path: str | None) -> str:
    """An incoming referral for transferred cases, an outgoing one for referred; the latter's agency."""
    rng = demo.rng
    agency = ""
    kinds: set[str] = set()
    incoming = data.INCOMING_AGENCIES.get(source)
    if incoming and demo.chance(0.6):
        sent = case.reported - timedelta(days=rng.randint(0, 2), hours=rng.randint(1, 5))
        values = {"dispute_id": case.row.values["id"], "direction": "in", "agency_kind": incoming,
                  "agency_name": rng.choice(data.AGENCY_NAMES[incoming]), "sent_at": sent - BEIJING,
                  "reason": data.INCOMING_REASONS[incoming], "status": "accepted",
                  "result": "调委会已接收并受理。"}
        demo.add_row(Referral, values, case.reported, demo.sync_time(case.reported, after=case.row.synced_at),
                     case.author)
        kinds.add(incoming)
    if "sent" in times:
        kind = profile.agencies[0] if demo.chance(0.6) else rng.choice(profile.agencies)
        name = agency = rng.choice(data.AGENCY_NAMES[kind])
        status = "done" if close_path == "referral" else demo.pick(
            (("sent", 40), ("accepted", 45), ("returned", 15)))
        reason = data.REFUSED_REFERRAL_REASON if case.refused else rng.choice(data.OTHER_REFERRAL_REASONS)
        sent = times["sent"]
        values = {"dispute_id": case.row.values["id"], "direction": "out", "agency_kind": kind,
                  "agency_name": name, "sent_at": sent - BEIJING, "reason": reason.format(agency=name),
                  "status": status,
                  "result": data.REFERRAL_RESULTS[status].format(agency=name) if status != "sent" else None}
        last = times.get("closed", sent)
        demo.add_row(Referral, values, sent, demo.sync_time(last, after=case.row.synced_at), case.author)
        kinds.add(kind)
    case.row.values["linked_agencies"] = sorted(kinds)
    return agency
