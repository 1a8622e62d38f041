"""A signed agreement on its dispute (number, terms, performance, judicial confirmation) and its revisit."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from app.models import Committee, Followup
from app.services.demo import data
from app.services.demo.builder import BEIJING, Case, Demo
from sync.effects import REVISIT_AFTER_DAYS


def build_agreement(demo: Demo, case: Case, committee: Committee | None, template: data.CaseTemplate,
                    fill: dict[str, Any], pay: int | None, times: dict[str, datetime]) -> None:
    rng = demo.rng
    values = case.row.values
    signed = case.signed = times["signed"]
    year = signed.year
    abbreviation = _abbreviation(committee)
    demo.agreement_counters[(abbreviation, year)] += 1
    kind = "oral" if (pay is None or pay < 3000) and demo.chance(0.4) else "written"
    terms = "；".join((
        f"一、双方确认：{template.title}事实清楚，双方自愿达成协议",
        f"二、{template.terms.format(**fill)}",
        "三、本协议自双方签字之日起生效，双方就此纠纷再无其他争议"))
    revisit = times.get("revisit")
    due = signed.date() + timedelta(days=REVISIT_AFTER_DAYS)
    days_since = (demo.today - signed.date()).days
    if case.status == "agreed" and due <= demo.today:
        roll = rng.random()
        if roll < 0.55:
            revisit = _revisit_at(demo, signed, rng.randint(20, 30))
        elif roll < 0.75 and days_since > 31:
            revisit = _revisit_at(demo, signed, rng.randint(31, min(45, days_since)))
    elif case.status == "agreed" and days_since >= 14 and demo.chance(0.25):
        revisit = _revisit_at(demo, signed, rng.randint(14, days_since))
    if case.status == "closed":
        performance = "performed"
    elif revisit is None:
        performance = "pending"
    else:
        performance = demo.pick((("performed", 60), ("partial", 25), ("breached", 15)))
    values.update({
        "agreement_kind": kind,
        "agreement_no": f"({year}){abbreviation}调协字第{demo.agreement_counters[(abbreviation, year)]:03d}号",
        "agreement_terms": terms, "agreement_amount": Decimal(pay) if pay is not None else None,
        "agreement_performance": performance, "agreement_signed_on": signed.date(),
    })
    applied_days = rng.randint(1, 25)
    if kind == "written" and demo.chance(0.2) and signed.date() + timedelta(days=applied_days) <= demo.today:
        applied_on = signed.date() + timedelta(days=applied_days)
        values["judicial_confirmation_applied_on"] = applied_on
        values["judicial_confirmation_court"] = data.JUDICIAL_CONFIRMATION_COURT
        values["judicial_confirmation_result"] = data.JUDICIAL_CONFIRMATION_RESULTS[
            "confirmed" if (demo.today - applied_on).days > 15 else "pending"]
    _build_followup(demo, case, signed, due, revisit, performance, fill)


def _revisit_at(demo: Demo, signed: datetime, days_after: int) -> datetime:
    at = demo.moment((demo.today - signed.date()).days - days_after)
    return max(at, signed + timedelta(hours=1))


def _abbreviation(committee: Committee | None) -> str:
    """What heads the committee's agreement numbers: a trade committee's own, else its place's first two."""
    if committee is None:
        return "槐"
    trade = {trade.name: trade.abbreviation for trade in data.TRADE_COMMITTEES.values()}
    return trade.get(committee.name) or committee.name.removesuffix("人民调解委员会")[:2]


def _build_followup(demo: Demo, case: Case, signed: datetime, due: date, revisit: datetime | None,
                    performance: str, fill: dict[str, Any]) -> None:
    """The engine's automatic revisit of the agreement, done at `revisit` if that is set."""
    done: dict[str, Any] = {"done_at": None, "method": None, "agreement_performed": None,
                            "satisfaction": None, "remaining_risk": None, "notes": None}
    if revisit is not None:
        satisfaction = ("dissatisfied" if performance == "breached" else
                        demo.pick((("satisfied", 75), ("basically_satisfied", 25))))
        done = {"done_at": revisit - BEIJING, "method": demo.pick((("phone", 60), ("in_person", 40))),
                "agreement_performed": performance == "performed", "satisfaction": satisfaction,
                "remaining_risk": "medium" if performance == "breached" else demo.pick(
                    (("none", 80), ("low", 20))),
                "notes": demo.rng.choice(data.FOLLOWUP_NOTES[performance]).format(**fill)}
    values = {"dispute_id": case.row.values["id"], "due_on": due, **done}
    last = revisit or signed
    demo.add_row(Followup, values, signed + timedelta(minutes=1),
                 demo.sync_time(last, after=case.row.synced_at), case.author)
