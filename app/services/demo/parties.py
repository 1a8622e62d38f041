"""A dispute's 2–4 parties: people or organizations, with their consent to mediation."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from app.models import Party
from app.services.demo import data
from app.services.demo.builder import BEIJING, Case, Demo, Row
from app.services.demo.people import address, id_number, person_name, phone


def build_parties(demo: Demo, case: Case, profile: data.CategoryProfile, template: data.CaseTemplate,
                  times: dict[str, datetime], close_path: str | None) -> list[Row]:
    """The parties of `case`; sets its applicant's and respondent's names and whether one refused."""
    rng = demo.rng
    count = demo.pick(((2, 60), (3, 28), (4, 12)))
    roles = ["applicant", "respondent"] + [demo.pick((("applicant", 3), ("respondent", 3), ("other", 2)))
                                           for _ in range(count - 2)]
    # The (first) respondent may clearly refuse: the case is then referred or closed.
    case.refused = close_path == "refused" or (case.status == "referred" and demo.chance(0.4))
    rows = []
    dispute = case.row
    for index, role in enumerate(roles):
        organization = (index == 1 and bool(template.organizations)
                        and not (template.either and demo.chance(0.5)))
        if organization:
            name = rng.choice(template.organizations).format(place=case.grid.community.name)
            person: dict[str, Any] = {"kind": "organization", "name": name, "gender": "unknown",
                                      "ethnicity": None, "birth_year": None, "occupation": None,
                                      "id_number": None}
        else:
            person = _person(demo, case, profile, template, index)
        consent, consent_at, method = _consent(demo, case.status, times, case.refused and index == 1)
        values = {
            "dispute_id": dispute.values["id"], "role": role, **person, "phone": phone(demo),
            "address": address(demo, case.grid), "consent": consent,
            "consent_at": consent_at - BEIJING if consent_at else None, "consent_method": method,
        }
        made = consent_at or case.reported
        synced = demo.sync_time(made, after=dispute.synced_at)
        rows.append(demo.add_row(Party, values, case.reported + timedelta(seconds=index + 1), synced, case.author))
        if role == "applicant" and not case.applicant:
            case.applicant = values["name"]
        if role == "respondent" and not case.respondent:
            case.respondent = values["name"]
    return rows


def _person(demo: Demo, case: Case, profile: data.CategoryProfile, template: data.CaseTemplate,
            index: int) -> dict[str, Any]:
    rng = demo.rng
    gender = template.genders[index] if template.genders and index < 2 else None
    male = gender == "male" if gender else demo.chance(0.5)
    village = case.grid.is_village and profile.occupations is not data.OCCUPATIONS_LABOR
    occupation = demo.pick(data.OCCUPATIONS_VILLAGE if village else profile.occupations)
    if index == 0 and "七旬" in template.summary:
        occupation, birth_year = ("farmer" if case.grid.is_village else "retired"), rng.randint(1941, 1955)
    else:
        low, high = {"student": (2006, 2012), "retired": (1940, 1966), "farmer": (1950, 1992),
                     "migrant_worker": (1966, 2004), "public_servant": (1966, 1998)}.get(
            occupation, (1958, 2004))
        birth_year = rng.randint(low, high)
    surname = case.applicant[0] if template.kin and index == 1 and case.applicant else None
    return {"kind": "person", "name": person_name(demo, male, surname), "gender": "male" if male else "female",
            "ethnicity": demo.pick(data.ETHNICITIES), "birth_year": birth_year, "occupation": occupation,
            "id_number": id_number(demo, birth_year, male)}


def _consent(demo: Demo, status: str, times: dict[str, datetime], refuses: bool
             ) -> tuple[str, datetime | None, str | None]:
    """A party's consent: everyone consented once mediation began (Art. 17)."""
    at = times.get("consent")
    if refuses:
        refused_at = at or times.get("sent") or times["reported"]
        return "refused", refused_at, "明确表示不同意调解"
    if at is None or status == "reported":
        return "pending", None, None
    if status in ("accepted", "assigned") and demo.chance(0.4):
        return "pending", None, None
    if status == "referred" and demo.chance(0.3):
        return "pending", None, None
    return "consented", at + timedelta(minutes=demo.rng.randint(0, 20)), demo.rng.choice(data.CONSENT_METHODS)
