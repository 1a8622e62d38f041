"""A push's two caps, at and one past each, and what the 413 tells the phone so it can split the batch."""
import pytest

from tests.phones import Phone, create, dispute_changes

MOST_MUTATIONS, MOST_BYTES = 3, 4096


@pytest.fixture
def app_config():
    return {"SYNC_MAX_MUTATIONS": MOST_MUTATIONS, "SYNC_MAX_BYTES": MOST_BYTES}


@pytest.fixture
def phone(client, district):
    return Phone.sign_in(client, "mediator_a")


def assert_too_large(response, cap: str) -> None:
    error = response.get_json()["error"]
    assert (response.status_code, error["code"]) == (413, "batch_too_large"), error
    assert error["details"] == {"max_bytes": MOST_BYTES, "max_mutations": MOST_MUTATIONS}
    assert error["message"].endswith(f"A push may carry at most {cap}; send smaller batches."), error


def test_a_batch_of_the_most_mutations_is_applied_and_one_more_is_refused_whole(phone, district, db):
    batch = [create("dispute", dispute_changes(district.grid_a.id)) for _ in range(MOST_MUTATIONS + 1)]
    assert_too_large(phone.push_raw({"device_id": phone.device_id, "mutations": batch}), "3 mutations")
    assert phone.pull() == []
    assert [r["status"] for r in phone.push(*batch[:MOST_MUTATIONS])] == ["applied"] * MOST_MUTATIONS


def test_a_body_past_the_byte_cap_is_refused_and_one_within_it_applied(phone, district):
    long = create("dispute", dispute_changes(district.grid_a.id, summary="长" * (MOST_BYTES // 3)))
    assert_too_large(phone.push_raw({"device_id": phone.device_id, "mutations": [long]}), "4096 bytes")
    short = create("dispute", dispute_changes(district.grid_a.id, summary="长" * 100))
    assert [r["status"] for r in phone.push(short)] == ["applied"]
