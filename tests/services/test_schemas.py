"""Field rules at the edge: enums from the catalogue, lengths, dates, ID numbers, phones, amounts; masking."""
import pytest

from app.catalogue import CATALOGUE, as_json, codes
from app.schemas.masking import mask_id_number, mask_phone
from app.schemas.records import RECORD_SCHEMAS, validate_changes
from app.schemas.validators import id_number_checksum_ok

DISPUTE = {"area_id": 1, "title": "邻里噪音", "category": "neighbor", "source": "hotline"}
PARTY = {"dispute_id": "0190a8e2-1c3d-7000-8000-000000000001", "role": "applicant", "name": "王秀兰"}


@pytest.mark.parametrize("number, valid", [
    ("11010519491231002X", True), ("110105194912310021", False), ("37010419900101123", False),
    ("3701041990010112345", False), ("ABCDEFGHIJKLMNOPQR", False),
])
def test_id_numbers_need_the_gb11643_check_character(number, valid):
    assert id_number_checksum_ok(number) is valid


@pytest.mark.parametrize("phone, valid", [
    ("13812345678", True), ("0531-88776655", True), ("053188776655", True),
    ("12812345678", False), ("1381234567", False), ("138-1234-5678", False), ("'; DROP TABLE users;--", False),
])
def test_phones_are_mainland_mobiles_or_landlines(phone, valid):
    errors = validate_changes("party", {**PARTY, "phone": phone}, creating=True)
    assert ("phone" not in errors) is valid


@pytest.mark.parametrize("changes, field", [
    ({"category": "feud"}, "category"), ({"source": "rumour"}, "source"), ({"risk_level": "extreme"}, "risk_level"),
    ({"risk_flags": ["group_incident", "aliens"]}, "risk_flags"), ({"status": "done"}, "status"),
    ({"amount_involved": -1}, "amount_involved"), ({"agreement_amount": "NaN"}, "agreement_amount"),
    ({"persons_involved": -3}, "persons_involved"), ({"occurred_on": "2026-02-30"}, "occurred_on"),
    ({"occurred_on": "1850-01-01"}, "occurred_on"), ({"reported_at": "yesterday"}, "reported_at"),
    ({"title": ""}, "title"), ({"title": "长" * 201}, "title"), ({"area_id": "兴福"}, "area_id"),
    ({"summary": "x" * 20001}, "summary"),
])
def test_dispute_fields_are_checked(changes, field):
    assert field in validate_changes("dispute", {**DISPUTE, **changes}, creating=True)


def test_a_valid_dispute_and_party_pass_and_creates_need_their_required_fields():
    assert validate_changes("dispute", DISPUTE, creating=True) == {}
    assert validate_changes("party", {**PARTY, "id_number": "11010519491231002X", "birth_year": 1962,
                                      "occupation": "retired", "consent": "consented"}, creating=True) == {}
    assert set(validate_changes("dispute", {"summary": "只有简要情况"}, creating=True)) == \
        {"area_id", "title", "category", "source"}
    assert validate_changes("dispute", {"summary": "更新也可只改一项"}, creating=False) == {}


def test_unknown_and_metadata_fields_are_refused():
    assert "bogus" in validate_changes("dispute", {**DISPUTE, "bogus": 1}, creating=True)
    assert "case_no" in validate_changes("dispute", {**DISPUTE, "case_no": "(2026)槐人调字第00001号"}, creating=True)
    assert "version" in validate_changes("party", {**PARTY, "version": 9}, creating=True)


def test_timestamps_with_offsets_load_as_utc():
    loaded = RECORD_SCHEMAS["visit"]().load({"visited_at": "2026-11-28T10:00:00+08:00"}, partial=True)
    assert loaded["visited_at"].isoformat() == "2026-11-28T02:00:00"


def test_masking_keeps_only_what_identifies_nobody():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number("370104199001011234") == "370104********1234"
    dumped = RECORD_SCHEMAS["party"]().dump({"phone": "13812345678", "id_number": "11010519491231002X"})
    assert (dumped["phone"], dumped["id_number"]) == ("138****5678", "110105********002X")


def test_the_catalogue_has_zh_and_en_labels_for_every_code_and_no_duplicates():
    for name, labels in CATALOGUE.items():
        assert len(set(codes(name))) == len(labels), name
        for code, zh, en in labels:
            assert code.isascii() and code == code.lower() and zh and en
    assert as_json()["category"][0] == {"code": "marriage_family", "zh": "婚姻家庭", "en": "Marriage & family"}


def test_schema_fields_match_the_engine_policy_and_the_models():
    from app.models import SYNCED_MODELS
    from app.services.sync.record_codec import domain_fields
    from sync.policy import POLICIES
    for entity, schema in RECORD_SCHEMAS.items():
        loadable = {name for name, field in schema().fields.items() if not field.dump_only}
        server_issued = {"dispute": {"case_no"}, "attachment": {"upload_complete"}}.get(entity, set())
        assert loadable | server_issued == set(POLICIES[entity].fields), entity
        assert set(domain_fields(SYNCED_MODELS[entity])) == set(POLICIES[entity].fields), entity


def test_a_birth_year_is_judged_against_the_year_in_beijing():
    """At 00:30 on 1 January in Beijing (16:30 UTC the day before) a child born that day may be recorded."""
    from datetime import UTC, datetime

    from marshmallow import ValidationError

    from app.schemas.records import record_schema
    from app.schemas.validators import UpToThisYear
    from sync.clock import local_today

    new_year_in_beijing = UpToThisYear(min=1900, today=lambda: local_today(datetime(2026, 12, 31, 16, 30, tzinfo=UTC)))
    assert new_year_in_beijing(2027) == 2027
    still_2026 = UpToThisYear(min=1900, today=lambda: local_today(datetime(2026, 12, 31, 15, 30, tzinfo=UTC)))
    with pytest.raises(ValidationError):
        still_2026(2027)
    [rule] = [v for v in record_schema("party").fields["birth_year"].validators if isinstance(v, UpToThisYear)]
    assert rule.today is local_today  # the schema's rule reads Beijing's calendar, not the server's zone
