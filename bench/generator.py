"""Realistic, deterministic sync documents for the benchmarks: the demo district scaled up.

One grid's work, case by case: a dispute (title ~15 characters, summary 100–300), its 2–4 parties
(valid mobile and resident-ID numbers), household visits that link to it, mediation sessions with
their statements, and revisits. Texts come from the demo district's case templates
(app/services/demo/data/cases.toml) with invented names filled in.

Every benchmark and every peer gets the same documents: `Doc(entity, id, fields)`, where `fields`
are what a device's create carries. `as_couch(doc)` is the same document for pouchdb-server.
`update_changes(doc, round)` is a realistic edit of one record (a few fields), also deterministic.
"""
from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from app.services.demo import data
from sync.clock import iso_utc

SEED = 2026
START = datetime(2025, 3, 3, 1, 30)  # naive UTC: cases are reported over the ten months from here
SUMMARY_MIN, SUMMARY_MAX = 100, 300
UPDATABLE = ("dispute", "party", "visit", "followup")  # mediation logs are append-only


@dataclass
class Doc:
    entity: str
    id: str
    fields: dict[str, Any]
    version: int = 1          # the version the benchmark's device last saw (raised by its updates)
    rev: str | None = None    # the peer's _rev


@dataclass
class Case:
    dispute: Doc
    children: list[Doc] = field(default_factory=list)

    def docs(self) -> list[Doc]:
        return [self.dispute, *self.children]


def _weighted(rng: random.Random, pairs: tuple[tuple[Any, int], ...] | list[tuple[Any, int]]) -> Any:
    values, weights = zip(*pairs)
    return rng.choices(values, weights=weights)[0]


class _Fill(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Generator:
    """Cases for one grid (`area_id`), deterministic for a seed."""

    def __init__(self, area_id: int, seed: int = SEED, place: str = "兴福社区",
                 mediator_name: str = "王秀兰") -> None:
        self.rng = random.Random(seed)
        self.area_id = area_id
        self.place = place
        self.mediator_name = mediator_name
        self.clock = START
        self.profiles = [(name, profile) for name, profile in data.CATEGORY_PROFILES.items()
                         if any(t.summary for t in profile.templates)]

    # ids and clock -------------------------------------------------------------------------
    def _tick(self, minutes: int) -> datetime:
        self.clock += timedelta(minutes=minutes, seconds=self.rng.randint(0, 59))
        return self.clock

    def _uuid7(self, at: datetime) -> str:
        millis = int(at.replace(tzinfo=timezone.utc).timestamp() * 1000) & ((1 << 48) - 1)
        value = ((millis << 80) | (0x7 << 76) | (self.rng.getrandbits(12) << 64) | (0b10 << 62)
                 | self.rng.getrandbits(62))
        return str(uuid.UUID(int=value))

    # people ---------------------------------------------------------------------------------
    def _person(self, gender: str | None, surname: str | None = None) -> tuple[str, str]:
        rng = self.rng
        gender = gender or rng.choice(("male", "female"))
        surname = surname or rng.choices(data.SURNAMES, weights=range(len(data.SURNAMES), 0, -1))[0]
        given = rng.choice(data.MALE_GIVEN if gender == "male" else data.FEMALE_GIVEN)
        return surname + given, gender

    def _id_number(self, birth_year: int, gender: str) -> str:
        rng = self.rng
        prefix = _weighted(rng, data.ID_AREA_PREFIXES)
        birthday = date(birth_year, 1, 1) + timedelta(days=rng.randint(0, 364))
        order = rng.randint(0, 99) * 10 + (rng.choice((1, 3, 5, 7, 9)) if gender == "male" else rng.choice((0, 2, 4, 6, 8)))
        first17 = f"{prefix}{birthday:%Y%m%d}{order:03d}"
        weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
        return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]

    def _phone(self) -> str:
        return self.rng.choice(data.PHONE_PREFIXES) + f"{self.rng.randint(0, 9999):04d}"

    # one case -------------------------------------------------------------------------------
    def case(self) -> Case:
        rng = self.rng
        category, profile = rng.choices(self.profiles, weights=[p.weight for _, p in self.profiles])[0]
        template = rng.choice(profile.templates)
        # cases spread over ten months; a case's own events follow its report (never in the future)
        self.clock = START + timedelta(minutes=rng.randint(0, 300 * 24 * 60))
        reported = self._tick(0)
        genders = template.genders or (None, None)
        a_name, a_gender = self._person(genders[0])
        b_name, b_gender = self._person(genders[1], surname=a_name[0] if template.kin else None)
        low, high = template.amount or profile.amount or (0, 0)
        amount = rng.randint(low, high) // 100 * 100 if high else 0
        pay = amount * rng.randint(50, 90) // 100 // 100 * 100
        fill = _Fill(a=a_name, b=b_name, place=self.place, amount=amount, pay=pay,
                     n=rng.randint(2, 12), committee=f"{self.place}人民调解委员会")
        summary = "".join((template.summary.format_map(fill), f"申请人{template.applicant_says.format_map(fill)}",
                           f"被申请人{template.respondent_says.format_map(fill)}"))
        intake = list(INTAKE_NOTES)
        rng.shuffle(intake)
        for sentence in intake[:rng.randint(0, 3)]:
            summary += sentence.format_map(fill)
        while len(summary) < SUMMARY_MIN:
            summary += intake.pop().format_map(fill)
        summary = summary[:SUMMARY_MAX]
        title = template.title if len(template.title) >= 12 else f"{self.place}{template.title}"
        dispute_id = self._uuid7(reported)
        risk = _weighted(rng, (("low", 70), ("medium", 22), ("high", 8)))
        dispute = Doc("dispute", dispute_id, {
            "area_id": self.area_id, "title": title[:40], "summary": summary, "category": category,
            "source": _weighted(rng, profile.sources),
            "occurred_on": (reported - timedelta(days=rng.randint(0, 30))).date().isoformat(),
            "reported_at": iso_utc(reported), "persons_involved": rng.randint(2, 6),
            "amount_involved": float(amount) if amount else None, "risk_level": risk,
            "risk_flags": [rng.choice(profile.risk_flags)] if risk == "high" and profile.risk_flags else [],
            "linked_agencies": [],
        })
        case = Case(dispute)
        people = [(a_name, a_gender, "applicant"), (b_name, b_gender, "respondent")]
        for _ in range(rng.choice((0, 0, 1, 2))):
            name, gender = self._person(None)
            people.append((name, gender, rng.choice(("applicant", "respondent", "other"))))
        for name, gender, role in people:
            birth_year = rng.randint(1945, 2003)
            consent = _weighted(rng, (("consented", 80), ("pending", 15), ("refused", 5)))
            case.children.append(Doc("party", self._uuid7(self._tick(1)), {
                "dispute_id": dispute_id, "role": role, "kind": "person", "name": name, "gender": gender,
                "ethnicity": _weighted(rng, data.ETHNICITIES), "birth_year": birth_year,
                "occupation": _weighted(rng, profile.occupations), "phone": self._phone(),
                "id_number": self._id_number(birth_year, gender),
                "address": f"济南市槐荫区{self.place}{rng.randint(1, 30)}号楼{rng.randint(1, 6)}单元{rng.randint(1, 18)}0{rng.randint(1, 4)}室",
                "consent": consent, "consent_at": iso_utc(self.clock) if consent != "pending" else None,
                "consent_method": rng.choice(data.CONSENT_METHODS) if consent != "pending" else None,
            }))
        for _ in range(rng.choice((0, 1, 1, 2))):
            visited = self._tick(rng.randint(60, 60 * 24))
            purpose = rng.choice(("mediation", "risk_screening"))
            place = rng.choice(data.VISIT_PLACES).format(place=self.place, building=rng.randint(1, 30),
                                                         unit=rng.randint(1, 6))
            notes = "".join(rng.sample(data.VISIT_NOTES[purpose], k=min(2, len(data.VISIT_NOTES[purpose]))))
            case.children.append(Doc("visit", self._uuid7(visited), {
                "area_id": self.area_id, "visited_at": iso_utc(visited), "place": place,
                "purposes": sorted({purpose, rng.choice(("information", "legal_publicity", purpose))}),
                "persons_met": f"{a_name}、{b_name}", "notes": f"{notes}{template.applicant_says.format_map(fill)}",
                "dispute_ids": [dispute_id], "risk_level": risk, "location": f"{self.place}{rng.randint(1, 30)}号楼",
            }))
        sessions = rng.choice((0, 1, 1, 2))
        for number in range(sessions):
            held = self._tick(rng.randint(60 * 24, 60 * 24 * 5))
            result = "continue" if number < sessions - 1 else _weighted(
                rng, (("agreement", 60), ("continue", 25), ("failed", 15)))
            statements = "".join((
                rng.choice(data.LOG_OPENINGS), template.applicant_says.format_map(fill),
                template.respondent_says.format_map(fill), rng.choice(data.LOG_MIDDLES),
                data.LOG_ENDINGS[result]))
            case.children.append(Doc("mediation_log", self._uuid7(held), {
                "dispute_id": dispute_id, "held_at": iso_utc(held),
                "place": rng.choice(data.MEDIATION_PLACES).format(committee=self.place, place=self.place),
                "mediators": self.mediator_name, "participants": f"{a_name}、{b_name}",
                "rights_notice_given": True, "statements": statements[:1000], "result": result,
            }))
            if result == "agreement" and rng.random() < 0.7:
                due = (held + timedelta(days=30)).date()
                performance = rng.choice(tuple(data.FOLLOWUP_NOTES))
                case.children.append(Doc("followup", self._uuid7(self._tick(2)), {
                    "dispute_id": dispute_id, "due_on": due.isoformat(), "done_at": None,
                    "method": rng.choice(("in_person", "phone")), "agreement_performed": None,
                    "satisfaction": None, "remaining_risk": None,
                    "notes": rng.choice(data.FOLLOWUP_NOTES[performance]).format_map(fill),
                }))
        return case

    def docs(self, count: int) -> list[Doc]:
        """`count` documents, whole cases in order (the last case may be cut short: children follow parents)."""
        out: list[Doc] = []
        while len(out) < count:
            out.extend(self.case().docs())
        return out[:count]


def device_streams(area_id: int, devices: int, per_device: int, seed: int = SEED) -> list[list[Doc]]:
    """Each device's own documents, `per_device` each; a case never spans two devices."""
    streams = []
    for number in range(devices):
        generator = Generator(area_id, seed=seed * 1000 + number)
        streams.append(generator.docs(per_device))
    return streams


INTAKE_NOTES = (
    "网格员走访时了解到该纠纷，已第一时间上报社区调委会，并对双方进行了初步安抚。",
    "调解员已分别听取双方陈述，查看了现场及相关票据，双方均表示愿意接受人民调解。",
    "双方均为{place}老住户，平时关系尚可，此次因琐事积怨，情绪较为激动，需防止矛盾激化。",
    "社区民警已到场了解情况，建议先行人民调解，必要时由派出所协助做好稳控工作。",
    "{a}表示如调解不成将向人民法院起诉，调解员已告知其调解协议经司法确认后具有强制执行力。",
)
UPDATE_NOTES = ("经再次电话沟通，双方情绪较为平稳，同意择日到调委会当面协商。",
                "补充：网格员反映双方近期未再发生争吵，继续跟踪。",
                "当事人补充提交了相关票据和照片，已登记入卷。",
                "调解员与社区民警沟通，约定共同做好稳控工作。")


def update_changes(doc: Doc, round_no: int, seed: int = SEED) -> dict[str, Any]:
    """A realistic edit of one record: a text field amended and one small field changed."""
    rng = random.Random(f"{seed}:{doc.id}:{round_no}")
    note = rng.choice(UPDATE_NOTES)
    fields = doc.fields
    if doc.entity == "dispute":
        return {"summary": (fields["summary"] + note)[:SUMMARY_MAX + 60],
                "risk_level": rng.choice(("low", "medium", "high")),
                "persons_involved": rng.randint(2, 8)}
    if doc.entity == "party":
        return {"address": fields["address"][:-5] + f"{rng.randint(1, 18)}0{rng.randint(1, 4)}室",
                "consent": "consented", "consent_at": iso_utc(START + timedelta(days=rng.randint(1, 300))),
                "consent_method": rng.choice(data.CONSENT_METHODS)}
    if doc.entity == "visit":
        return {"notes": ((fields.get("notes") or "") + note)[:600], "risk_level": rng.choice(("low", "medium"))}
    if doc.entity == "followup":
        return {"done_at": iso_utc(START + timedelta(days=rng.randint(30, 300))), "method": "phone",
                "agreement_performed": True, "satisfaction": "satisfied", "remaining_risk": "none",
                "notes": (fields.get("notes") or "") + note}
    raise ValueError(f"{doc.entity} is not updatable")


def as_couch(doc: Doc, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    """The same document for CouchDB/PouchDB: one JSON doc, `_rev` when it updates."""
    body: dict[str, Any] = {"_id": doc.id, "type": doc.entity, **(fields if fields is not None else doc.fields)}
    if doc.rev:
        body["_rev"] = doc.rev
    return body


def describe(docs: list[Doc]) -> str:
    """A one-line census: counts by entity and mean JSON size."""
    import json
    counts: dict[str, int] = {}
    for doc in docs:
        counts[doc.entity] = counts.get(doc.entity, 0) + 1
    size = sum(len(json.dumps(d.fields, ensure_ascii=False).encode()) for d in docs) / max(1, len(docs))
    titles = [d.fields["title"] for d in docs if d.entity == "dispute"]
    summaries = [d.fields["summary"] for d in docs if d.entity == "dispute"]
    return (", ".join(f"{k} {v}" for k, v in counts.items()) + f"; mean {size:.0f} bytes/doc (UTF-8 JSON)"
            + (f"; title {sum(map(len, titles)) / len(titles):.1f} chars, summary "
               f"{min(map(len, summaries))}–{max(map(len, summaries))} chars" if titles else ""))


if __name__ == "__main__":
    sample = Generator(1).docs(2000)
    print(describe(sample))
    import json
    for doc in sample[:3]:
        print(json.dumps({"entity": doc.entity, "id": doc.id, **doc.fields}, ensure_ascii=False)[:400])
