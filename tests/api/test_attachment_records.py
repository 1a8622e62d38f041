"""The `attachment` record through /api/sync/push and /api/sync/pull: a child of its case, described by its bytes."""
import pytest

from tests.attachment_files import a, case  # noqa: F401  (fixtures)
from tests.phones import Phone, create, dispute_changes, update

pytestmark = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)

SHA = "9f" * 32


def attachment(dispute_id: str, **fields) -> dict:
    return create("attachment", {"dispute_id": dispute_id, "kind": "scene", "mime_type": "image/jpeg",
                                 "byte_size": 300_000, "sha256": SHA, "taken_at": "2026-11-28T07:55:00Z",
                                 "caption": "楼下天花板水渍", **fields})




def test_an_attachment_pushed_with_its_case_is_pulled_by_the_grid_and_waits_for_its_bytes(client, a, case, district):
    photo = attachment(case["id"])
    [result] = a.push(photo)
    assert result["status"] == "applied" and result["record"]["upload_complete"] is False
    peer = Phone.sign_in(client, "mediator_a_peer")
    pulled = {r["id"]: r for r in peer.pull()}[photo["id"]]
    assert pulled["entity"] == "attachment" and pulled["upload_complete"] is False
    assert {k: pulled[k] for k in ("dispute_id", "kind", "mime_type", "byte_size", "sha256", "caption")} == {
        "dispute_id": case["id"], "kind": "scene", "mime_type": "image/jpeg", "byte_size": 300_000, "sha256": SHA,
        "caption": "楼下天花板水渍"}
    assert Phone.sign_in(client, "mediator_b").pull() == []


def test_a_phone_cannot_declare_its_own_upload_complete(a, case):
    [created] = a.push(attachment(case["id"], upload_complete=True))
    assert created["status"] == "rejected" and created["error_code"] == "read_only"
    photo = attachment(case["id"])
    a.push(photo)
    [updated] = a.push(update("attachment", photo["id"], 1, {"upload_complete": True}))
    assert updated["status"] == "rejected" and updated["error_code"] == "read_only"


def test_other_bytes_are_another_attachment_but_the_caption_may_change(a, case):
    photo = attachment(case["id"])
    a.push(photo)
    [swapped] = a.push(update("attachment", photo["id"], 1, {"sha256": "00" * 32}))
    assert swapped["error_code"] == "read_only" and "sha256" in swapped["errors"]
    [captioned] = a.push(update("attachment", photo["id"], 1, {"caption": "302室卫生间"}))
    assert captioned["status"] == "applied" and captioned["record"]["caption"] == "302室卫生间"


@pytest.mark.parametrize(("fields", "field"), [
    ({"mime_type": "image/jpeg", "byte_size": 5 * 1024 * 1024 + 1}, "byte_size"),
    ({"mime_type": "application/pdf", "byte_size": 10 * 1024 * 1024 + 1}, "byte_size"),
    ({"mime_type": "image/gif"}, "mime_type"),
    ({"mime_type": "text/html"}, "mime_type"),
    ({"sha256": SHA.upper()}, "sha256"),
    ({"sha256": "9f" * 31}, "sha256"),
    ({"kind": "selfie"}, "kind"),
    ({"parent_entity": "party"}, "parent_id"),
])
def test_a_file_outside_the_accepted_types_and_sizes_is_refused_before_any_byte(a, case, fields, field):
    [result] = a.push(attachment(case["id"], **fields))
    assert result["status"] == "rejected" and result["error_code"] == "validation_failed"
    assert field in result["errors"], result["errors"]


def test_a_pdf_scan_up_to_its_larger_cap_is_accepted(a, case):
    [result] = a.push(attachment(case["id"], kind="agreement_scan", mime_type="application/pdf",
                                 byte_size=10 * 1024 * 1024))
    assert result["status"] == "applied", result


def test_an_attachment_links_only_to_a_record_of_its_own_case(a, case, district):
    other = create("dispute", dispute_changes(district.grid_a.id, title="另一案件"))
    own_party = create("party", {"dispute_id": case["id"], "role": "applicant", "name": "王秀兰"})
    other_party = create("party", {"dispute_id": other["id"], "role": "applicant", "name": "李建国"})
    visit = create("visit", {"area_id": district.grid_a.id, "visited_at": "2026-11-21T09:00:00Z",
                             "place": "3号楼", "purposes": ["mediation"], "dispute_ids": [case["id"]]})
    a.push(other, own_party, other_party, visit)
    results = a.push(
        attachment(case["id"], kind="signature", parent_entity="party", parent_id=own_party["id"]),
        attachment(case["id"], kind="scene", parent_entity="visit", parent_id=visit["id"]),
        attachment(case["id"], kind="signature", parent_entity="party", parent_id=other_party["id"]),
        attachment(other["id"], kind="scene", parent_entity="visit", parent_id=visit["id"]),
        attachment(case["id"], kind="signature", parent_entity="mediation_log", parent_id=own_party["id"]),
    )
    assert [r["status"] for r in results] == ["applied", "applied", "rejected", "rejected", "rejected"], results
    assert {r["error_code"] for r in results[2:]} == {"reference_not_found"}
    assert all("parent_id" in r["errors"] for r in results[2:])


def test_an_attachment_of_a_case_outside_the_scope_is_refused_as_not_found(client, district):
    b = Phone.sign_in(client, "mediator_b")
    theirs = create("dispute", dispute_changes(district.grid_b.id))
    b.push(theirs)
    [result] = Phone.sign_in(client, "mediator_a").push(attachment(theirs["id"]))
    assert result["status"] == "rejected" and result["error_code"] == "parent_not_found"
