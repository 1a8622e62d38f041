"""A dispute's mediation sessions, the last one ending the way the case ended."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from app.models import Committee, MediationLog
from app.services.demo import data
from app.services.demo.builder import BEIJING, Case, Demo


def build_logs(demo: Demo, case: Case, template: data.CaseTemplate, fill: dict[str, Any],
               times: dict[str, datetime], committee: Committee | None) -> None:
    rng = demo.rng
    start, end = times["consent"], times.get("signed") or case.end
    final = {"agreed": "agreement", "closed": "agreement", "failed": "failed"}.get(case.status)
    count = rng.randint(1, 3) if final else rng.randint(1, 2)
    span_days = max((end.date() - start.date()).days, 0)
    offsets = sorted(rng.randint(0, span_days) for _ in range(count - 1 if final else count))
    held = [demo.moment((demo.today - start.date()).days - offset) for offset in offsets]
    if final:
        held.append(end)
    held = sorted(max(at, start + timedelta(minutes=30)) for at in held)
    team = [case.author]
    if demo.chance(0.3):
        partner = rng.choice([u for u in demo.users.values() if u.role == "mediator"])
        if partner is not case.author:
            team.append(partner)
    mediators = "、".join(user.display_name for user in team)
    lawyer = any(user.profile and user.profile.is_lawyer for user in team)
    middles = data.LOG_MIDDLES if lawyer else data.LOG_MIDDLES[:-1]  # the last one is a lawyer's
    place_name = (committee.room_name or f"{committee.name}调解室") if committee else "调解室"
    for number, at in enumerate(held, start=1):
        result = final if (final and number == len(held)) else "continue"
        statements = "".join((
            rng.choice(data.LOG_OPENINGS) if number == 1 else "",
            template.applicant_says.format(**fill), template.respondent_says.format(**fill),
            rng.choice(middles), data.LOG_ENDINGS[result]))
        place = rng.choice(data.MEDIATION_PLACES).format(committee=place_name.removesuffix("调解室"),
                                                          place=case.grid.community.name)
        values = {"dispute_id": case.row.values["id"], "held_at": at - BEIJING, "place": place,
                  "mediators": mediators, "participants": f"{fill['a']}、{fill['b']}",
                  "rights_notice_given": True, "statements": statements, "result": result}
        demo.add_row(MediationLog, values, at, demo.sync_time(at, after=case.row.synced_at), case.author)
