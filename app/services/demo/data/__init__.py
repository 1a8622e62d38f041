"""The demo district's data, read from the TOML files beside this module: names only, no logic.

district.toml: places, committees, accounts; people.toml: names, ID areas, phones, occupations;
texts.toml: the texts of casework; cases.toml: categories and case templates; casework.toml: the shape
of the year (counts and weights); attachments.toml: which cases carry signatures and photos. Every name of a person, company, phone number and ID number is made
up (domain.md, Privacy).

Read as: arrays → tuples; weight tables ({name = weight}) → ((name, weight), …) in file order.
"""
from __future__ import annotations

import tomllib
from importlib.resources import files
from typing import Any, NamedTuple


def _load(name: str) -> dict[str, Any]:
    return tomllib.loads(files(__name__).joinpath(name).read_text(encoding="utf-8"))


def _frozen(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, dict):
        return {key: _frozen(item) for key, item in value.items()}
    return value


def _pairs(weights: dict[str, int]) -> tuple[tuple[str, int], ...]:
    return tuple(weights.items())


class TradeCommittee(NamedTuple):
    name: str
    abbreviation: str  # heads its agreement numbers


class DemoUser(NamedTuple):
    username: str
    display_name: str
    role: str
    home: str | tuple[str, int]   # "district", a street name, or (community, grid number)
    phone: str
    committees: tuple[str, ...] = ()  # names of trade committees, besides the home street's and community's
    full_time: bool = False
    is_lawyer: bool = False
    law_firm: str | None = None
    training_hours: int = 0
    specialties: tuple[str, ...] = ()
    in_talent_pool: bool = False
    in_expert_pool: bool = False


NO_AMOUNT = (0, 0)  # a template whose case involves no sum of money


class CaseTemplate(NamedTuple):
    title: str
    summary: str
    applicant_says: str
    respondent_says: str
    terms: str
    organizations: tuple[str, ...] = ()   # non-empty: the respondent is one of these organizations
    either: bool = False                  # … or, half the time, a person
    amount: tuple[int, int] | None = None  # yuan range, overriding the category's
    genders: tuple[str | None, str | None] | None = None  # of applicant and respondent, when the story says
    kin: bool = False                     # the respondent is family: same surname


class CategoryProfile(NamedTuple):
    weight: int
    amount: tuple[int, int] | None         # yuan range of the amount involved, None: usually none
    occupations: tuple[tuple[str, int], ...]
    sources: tuple[tuple[str, int], ...]
    agencies: tuple[str, ...]              # agency kinds a referral goes to
    risk_flags: tuple[str, ...]            # flags a high-risk case of this kind may carry
    templates: tuple[CaseTemplate, ...]


_district = _frozen(_load("district.toml"))
_people = _frozen(_load("people.toml"))
_texts = _frozen(_load("texts.toml"))
_casework = _frozen(_load("casework.toml"))

RANDOM_SEED: int = _district["random_seed"]
DEMO_PASSWORD: str = _district["password"]
DEMO_DEVICE_ID: str = _district["device_id"]
DISTRICT_CODE: str = _district["district"]["code"]
DISTRICT_NAME: str = _district["district"]["name"]
GRID_ORDINALS: tuple[str, ...] = _district["district"]["grid_names"]
# ((street, ((community or village, number of grids), …)), …); area codes follow this order.
STREETS: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = tuple(
    (street, _pairs(communities)) for street, communities in _district["streets"].items())
COMMUNITY_COMMITTEES: tuple[str, ...] = _district["committees"]["communities"]
ROOMS: dict[str, str] = _district["committees"]["rooms"]
TRADE_COMMITTEES: dict[str, TradeCommittee] = {
    key: TradeCommittee(**committee) for key, committee in _district["committees"]["trade"].items()}
DEMO_USERS: tuple[DemoUser, ...] = tuple(
    DemoUser(**{**user, "committees": tuple(TRADE_COMMITTEES[key].name for key in user.get("committees", ()))})
    for user in _district["users"])

SURNAMES: tuple[str, ...] = _people["surnames"]  # most frequent first
MALE_GIVEN: tuple[str, ...] = _people["male_given"]
FEMALE_GIVEN: tuple[str, ...] = _people["female_given"]
ETHNICITIES = _pairs(_people["ethnicities"])
ID_AREA_PREFIXES = _pairs(_people["id_area_prefixes"])
PHONE_PREFIXES: tuple[str, ...] = _people["phone_prefixes"]
OCCUPATIONS: dict[str, tuple[tuple[str, int], ...]] = {
    name: _pairs(weights) for name, weights in _people["occupations"].items()}
OCCUPATIONS_VILLAGE = OCCUPATIONS["village"]
OCCUPATIONS_LABOR = OCCUPATIONS["labor"]

CONSENT_METHODS: tuple[str, ...] = _texts["consent_methods"]
MEDIATION_PLACES: tuple[str, ...] = _texts["mediation_places"]
AGENCY_NAMES: dict[str, tuple[str, ...]] = _texts["agency_names"]
REFUSED_REFERRAL_REASON: str = _texts["referral_reasons"]["refused"]
OTHER_REFERRAL_REASONS: tuple[str, ...] = _texts["referral_reasons"]["other"]
REFERRAL_RESULTS: dict[str, str] = _texts["referral_results"]
INCOMING_REASONS: dict[str, str] = _texts["incoming_reasons"]
LOG_OPENINGS: tuple[str, ...] = _texts["mediation_log"]["openings"]
LOG_MIDDLES: tuple[str, ...] = _texts["mediation_log"]["middles"]  # the last one is a lawyer's
LOG_ENDINGS: dict[str, str] = _texts["mediation_log"]["endings"]
FOLLOWUP_NOTES: dict[str, tuple[str, ...]] = _texts["followup_notes"]
CLOSE_REASONS: dict[str, str] = _texts["close_reasons"]
JUDICIAL_CONFIRMATION_COURT: str = _texts["judicial_confirmation_court"]
JUDICIAL_CONFIRMATION_RESULTS: dict[str, str] = _texts["judicial_confirmation_results"]
VISIT_PLACES: tuple[str, ...] = _texts["visit_places"]
VILLAGE_VISIT_PLACES: tuple[str, ...] = _texts["village_visit_places"]
VISIT_NOTES: dict[str, tuple[str, ...]] = _texts["visit_notes"]


class PhotoSpec(NamedTuple):
    kind: str      # scene or evidence
    taken: str     # the case's event it is taken after: reported, accepted or signed
    minutes: int   # … this many minutes after it (negative: before)
    caption: str


class FiledCase(NamedTuple):
    """A signed written agreement in `mediator`'s grid whose revisit is `done` or `missing`, and its photos."""

    mediator: str
    revisit: str
    photos: tuple[PhotoSpec, ...]


def _template(spec: dict[str, Any]) -> CaseTemplate:
    genders = spec.get("genders")
    if genders is not None:
        spec = {**spec, "genders": tuple(None if gender == "any" else gender for gender in genders)}
    return CaseTemplate(**spec)


CATEGORY_PROFILES: dict[str, CategoryProfile] = {
    category: CategoryProfile(
        weight=spec["weight"], amount=spec.get("amount"), occupations=OCCUPATIONS[spec["occupations"]],
        sources=_pairs(spec["sources"]), agencies=spec["agencies"], risk_flags=spec["risk_flags"],
        templates=tuple(_template(template) for template in spec["templates"]))
    for category, spec in _frozen(_load("cases.toml")).items()}

DISPUTE_COUNT: int = _casework["disputes"]
NIL_VISIT_SHARE: float = _casework["nil_visit_share"]
SHOWCASE_GRID_QUOTAS: dict[str, int] = _casework["grid_quotas"]["showcase"]  # by username
OTHER_GRID_QUOTA: int = _casework["grid_quotas"]["other"]
STATUS_WEIGHTS: dict[str, int] = _casework["status_weights"]
CLOSE_PATHS = _pairs(_casework["close_paths"])
VISITS_PER_STATUS: dict[str, tuple[int, int]] = _casework["visits_per_status"]
INCOMING_AGENCIES: dict[str, str] = _casework["incoming_agencies"]

FILED_CASES: tuple[FiledCase, ...] = tuple(
    FiledCase(case["mediator"], case["revisit"], tuple(PhotoSpec(**photo) for photo in case["photos"]))
    for case in _frozen(_load("attachments.toml"))["case"])
