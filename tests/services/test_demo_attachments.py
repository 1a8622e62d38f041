"""The demo's files: every seeded attachment's bytes are in the storage, whole and as its record says; the signed
demo cases have complete dossiers whose papers place the signatures, and one lacks only its revisit."""
from __future__ import annotations

import hashlib
import io
import uuid

import pytest
import sqlalchemy as sa
from PIL import Image

from app.models import Attachment, Dispute, Party, User
from app.models.types import utcnow
from app.services.attachments.content_check import content_refusal
from app.services.attachments.storage import storage
from app.services.demo import data
from app.services.demo.images import photo_jpeg, signature_png
from app.services.demo.seed import seed_demo
from tests.pdf_reading import image_count

EXIF_MARKER = b"\xff\xe1"  # APP1, where a camera writes EXIF


@pytest.fixture
def seeded(db, client):
    """The demo seeded now, and the district administrator's headers (every case is in her scope)."""
    seed_demo(if_empty=True, now=utcnow().replace(microsecond=0))
    response = client.post("/api/auth/login", json={
        "username": "admin", "password": data.DEMO_PASSWORD, "device_id": f"test-{uuid.uuid4().hex[:8]}"})
    assert response.status_code == 200, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['access_token']}"}


def _filed(db) -> dict[str, list[Attachment]]:
    by_case: dict[str, list[Attachment]] = {}
    for attachment in db.session.scalars(sa.select(Attachment).order_by(Attachment.taken_at)):
        by_case.setdefault(attachment.dispute_id, []).append(attachment)
    return by_case


def test_each_seeded_attachment_has_its_bytes_stored_whole_and_as_described(db, seeded):
    attachments = [a for files in _filed(db).values() for a in files]
    photos = sum(len(case.photos) for case in data.FILED_CASES)
    assert len([a for a in attachments if a.kind in ("scene", "evidence")]) == photos
    assert len([a for a in attachments if a.kind == "signature"]) > 2 * len(data.FILED_CASES)
    for attachment in attachments:
        assert attachment.upload_complete and attachment.voided_at is None
        with storage().open(attachment.id) as stream:
            content = stream.read()
            assert content_refusal(stream, attachment.mime_type, attachment.sha256) is None, attachment.kind
        assert len(content) == attachment.byte_size
        assert hashlib.sha256(content).hexdigest() == attachment.sha256
        image = Image.open(io.BytesIO(content))
        if attachment.kind == "signature":
            assert (image.format, attachment.mime_type, image.mode) == ("PNG", "image/png", "LA")
        else:  # as the phone keeps a photo: downscaled, re-encoded, no EXIF, a photo's weight
            assert (image.format, attachment.mime_type) == ("JPEG", "image/jpeg")
            assert max(image.size) <= 1600 and not image.getexif() and EXIF_MARKER not in content[:64]
            assert 50_000 <= len(content) <= 200_000, attachment.caption


def test_the_signed_cases_are_signed_by_all_complete_but_the_one_without_its_revisit_and_print_it(
        client, db, seeded):
    """Each party and the mediator sign under the agreement's number; the dossier says complete (or lacks only
    the revisit), the agreement places every signature and the 卷宗 carries them and the photos."""
    filed = _filed(db)
    assert len(filed) == len(data.FILED_CASES)
    outcomes = []
    for dispute_id, files in filed.items():
        dispute = db.session.get(Dispute, dispute_id)
        assert dispute.agreement_kind == "written" and dispute.agreement_signed_on
        parties = db.session.scalars(sa.select(Party.id).where(Party.dispute_id == dispute_id)).all()
        signatures = [a for a in files if a.kind == "signature"]
        assert sorted(a.parent_id for a in signatures if a.parent_entity == "party") == sorted(parties)
        mediator = [a for a in signatures if a.parent_entity is None]
        assert len(mediator) == 1 and mediator[0].caption.startswith("调解员")
        assert {a.agreement_no for a in signatures} == {dispute.agreement_no}
        assert {a.created_by for a in files} == {db.session.get(User, dispute.assigned_mediator_id).id}

        status = client.get(f"/api/disputes/{dispute_id}/dossier", headers=seeded).get_json()
        missing = [item["paper"] for item in status["items"] if item["required"] and not item["present"]]
        assert status["complete"] is (not missing)
        outcomes.append(tuple(missing))
        agreement = client.get(f"/api/disputes/{dispute_id}/papers/agreement.pdf", headers=seeded)
        assert agreement.status_code == 200
        assert image_count(agreement.data) == len(signatures), "each signature is placed in its box"
    assert sorted(outcomes) == sorted([()] * sum(case.revisit == "done" for case in data.FILED_CASES)
                                      + [("revisit",)] * sum(case.revisit == "missing" for case in data.FILED_CASES))

    dispute_id, files = max(filed.items(), key=lambda item: len(item[1]))
    dossier = client.get(f"/api/disputes/{dispute_id}/dossier.pdf", headers=seeded)
    assert dossier.status_code == 200 and dossier.mimetype == "application/pdf"
    assert image_count(dossier.data) >= len(files), "the signatures on its papers, the photos at its end"


def test_the_pictures_are_the_same_bytes_for_the_same_seed():
    assert photo_jpeg("demo:1", "scene") == photo_jpeg("demo:1", "scene")
    assert photo_jpeg("demo:1", "evidence") != photo_jpeg("demo:2", "evidence")
    assert signature_png("demo:王", 3) == signature_png("demo:王", 3)
    assert signature_png("demo:王", 3) != signature_png("demo:李", 3)
