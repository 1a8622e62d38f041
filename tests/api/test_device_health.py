"""The desk's phone health after a push and after a pull (issue 9, point 10)."""
from datetime import timedelta

import pytest

from app.models import DeviceHealth
from tests.phones import Phone, create, dispute_changes

pytestmark = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def phone(client, district):
    return Phone.sign_in(client, "mediator_a")


def health_of(db, phone):
    db.session.expire_all()
    return db.session.get(DeviceHealth, phone.device_id)


def test_a_push_that_empties_the_outbox_leaves_no_pending_edit(phone, district, db):
    batch = [create("dispute", dispute_changes(district.grid_a.id)) for _ in range(2)]
    phone.push(*batch, device={"outbox_size": 2, "oldest_pending": "2026-11-28T08:00:00Z"})
    health = health_of(db, phone)
    assert (health.pending_edits, health.oldest_pending) == (0, None)


def test_a_rejected_mutation_and_edits_beyond_the_batch_stay_pending(phone, district, db):
    good = create("dispute", dispute_changes(district.grid_a.id))
    bad = create("dispute", dispute_changes(district.grid_a.id, category="not_a_category"))
    phone.push(good, bad, device={"outbox_size": 5, "oldest_pending": "2026-11-28T08:00:00Z"})
    health = health_of(db, phone)
    assert health.pending_edits == 4 and health.oldest_pending is not None


def test_a_replayed_batch_counts_its_duplicates_as_settled_but_a_replayed_rejection_as_kept(phone, district, db):
    good = create("dispute", dispute_changes(district.grid_a.id))
    bad = create("dispute", dispute_changes(district.grid_a.id, category="not_a_category"))
    phone.push(good, bad, device={"outbox_size": 2})
    phone.push(good, bad, device={"outbox_size": 2})
    assert health_of(db, phone).pending_edits == 1


def test_the_report_carries_the_attachment_bytes_the_phone_has_yet_to_upload(phone, district, db):
    phone.push(create("dispute", dispute_changes(district.grid_a.id)),
               device={"outbox_size": 1, "pending_attachment_bytes": 3_650_000})
    assert health_of(db, phone).pending_attachment_bytes == 3_650_000
    phone.push(device={"outbox_size": 0, "pending_attachment_bytes": 0})
    assert health_of(db, phone).pending_attachment_bytes == 0
    refused = phone.push_raw({"device_id": phone.device_id, "mutations": [],
                              "device": {"pending_attachment_bytes": -1}})
    assert refused.status_code == 422


def test_a_phone_that_only_pulls_shows_when_it_last_synced(phone, district, db):
    assert health_of(db, phone) is None
    phone.pull()
    first = health_of(db, phone).last_sync_at
    assert first is not None and health_of(db, phone).pending_edits == 0


def test_pulls_note_their_time_at_most_once_a_minute_and_keep_the_pushed_report(phone, district, db):
    phone.push(create("dispute", dispute_changes(district.grid_a.id)), device={"outbox_size": 3, "app_version": "1.2"})
    pushed = health_of(db, phone)
    pushed_at = pushed.last_sync_at
    phone.pull()
    assert health_of(db, phone).last_sync_at == pushed_at
    health = health_of(db, phone)
    health.last_sync_at = pushed_at - timedelta(minutes=2)
    db.session.commit()
    phone.pull()
    health = health_of(db, phone)
    assert health.last_sync_at > pushed_at
    assert (health.pending_edits, health.app_version) == (2, "1.2")
