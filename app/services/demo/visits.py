"""Household visits: those that found or followed a case, and "nothing found" reports (nil visits)."""
from __future__ import annotations

from datetime import datetime, timedelta

from app.models import User, Visit
from app.services.demo import data
from app.services.demo.builder import BEIJING, Demo, Grid
from app.services.demo.people import person_name


def build_visits(demo: Demo) -> None:
    rng = demo.rng
    linked = 0
    for case in demo.cases:
        visitors = [u for u in case.grid.own_mediators if u is case.author] or case.grid.responsible
        dispute = case.row
        count = rng.randint(*data.VISITS_PER_STATUS[case.status])
        for number in range(count):
            discovery = number == 0 and dispute.values["source"] == "initiative"
            if discovery:
                at = case.reported - timedelta(minutes=rng.randint(10, 120))
                purposes, note = ["risk_screening"], data.VISIT_NOTES["linked"][0]
            else:
                span = max((case.end.date() - case.reported.date()).days, 0)
                at = demo.moment((demo.today - case.reported.date()).days - rng.randint(0, span))
                at = max(at, case.reported + timedelta(minutes=30))
                purposes = demo.pick(((["mediation"], 5), (["mediation", "information"], 2),
                                      (["risk_screening"], 2), (["mediation", "legal_publicity"], 1)))
                note = rng.choice(data.VISIT_NOTES["mediation"] + data.VISIT_NOTES["linked"][1:])
            _add_visit(demo, case.grid, rng.choice(visitors), at, purposes, note, [dispute.values["id"]],
                       dispute.values["risk_level"], after=dispute.synced_at)
            linked += 1
    nil_count = round(linked * data.NIL_VISIT_SHARE / (1 - data.NIL_VISIT_SHARE))
    weights = [3 if grid.own_mediators else 1 for grid in demo.grids]
    for _ in range(nil_count):
        grid = rng.choices(demo.grids, weights)[0]
        at = demo.moment(rng.randint(0, 364))
        purposes = sorted({"risk_screening"} | set(rng.sample(("information", "legal_publicity"), rng.randint(0, 2))))
        extra = [p for p in purposes if p != "risk_screening"]
        note = rng.choice(data.VISIT_NOTES["nil"])
        if extra:
            note += rng.choice(data.VISIT_NOTES[rng.choice(extra)])
        _add_visit(demo, grid, rng.choice(grid.responsible), at, purposes, note, [], "low")
    demo.nil_visits = nil_count


def _add_visit(demo: Demo, grid: Grid, visitor: User, at: datetime, purposes: list[str], notes: str,
               dispute_ids: list[str], risk_level: str, after: datetime | None = None) -> None:
    rng = demo.rng
    places = data.VILLAGE_VISIT_PLACES if grid.is_village else data.VISIT_PLACES
    place = rng.choice(places).format(place=grid.community.name, building=rng.randint(1, 30), unit=rng.randint(1, 4))
    persons = "、".join(person_name(demo, demo.chance(0.5)) for _ in range(rng.randint(1, 3)))
    location = (f"{36.64 + rng.random() * 0.06:.5f},{116.89 + rng.random() * 0.09:.5f}"
                if demo.chance(0.7) else None)
    values = {"area_id": grid.area.id, "visited_at": at - BEIJING, "place": place, "purposes": purposes,
              "persons_met": persons, "notes": notes, "dispute_ids": dispute_ids,
              "risk_level": risk_level, "location": location}
    demo.add_row(Visit, values, at, demo.sync_time(at, after=after), visitor)
