"""Attachment bytes over tus 1.0 (/api/uploads/): chunks, resumption, checks on the last byte, completion pulled."""
import io

import pytest
import sqlalchemy as sa

from app.models import AuditLog

from tests.attachment_files import (  # noqa: F401  (a, case: fixtures)
    TUS, a, case, attachment_for, begin, jpeg, offset_of, pdf, png, send, sha256, upload,
)
from tests.phones import Phone, create, dispute_changes
from tests.upload_log import Entry, Resends, read, resends

pytestmark = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def app_config(attachment_storage_config):
    """Every test runs against the folder backend and the S3 one (a local S3-protocol server)."""
    return attachment_storage_config




class CutConnection(io.BytesIO):
    """A request body whose connection is reset once these bytes have arrived (as gunicorn reports it)."""

    def read(self, size: int = -1) -> bytes:
        chunk = super().read(size)
        if not chunk:
            raise ConnectionResetError("connection reset by peer")
        return chunk


def pushed(phone: Phone, mutation: dict) -> dict:
    [result] = phone.push(mutation)
    assert result["status"] == "applied", result
    return mutation


def test_a_photo_sent_in_chunks_completes_and_the_grid_pulls_it_complete(client, a, case):
    photo = jpeg()
    record = pushed(a, attachment_for(case["id"], photo))
    peer = Phone.sign_in(client, "mediator_a_peer")
    [before] = [r for r in peer.pull() if r["id"] == record["id"]]
    assert before["upload_complete"] is False

    last = upload(a, record["id"], photo, chunk_size=100_000)
    assert last.status_code == 204 and last.headers["Upload-Offset"] == str(len(photo))
    assert last.headers["Tus-Resumable"] == "1.0.0"

    [after] = peer.pull()
    assert after["id"] == record["id"] and after["upload_complete"] is True
    assert after["version"] == before["version"] + 1 and after["seq"] > before["seq"]
    download = client.get(f"/api/attachments/{record['id']}/content", headers=peer.headers)
    assert download.status_code == 200 and sha256(download.data) == sha256(photo)


def test_a_patch_cut_mid_body_keeps_what_arrived_and_the_phone_resumes_from_the_servers_offset(client, a, case, caplog):
    caplog.set_level("INFO", logger="app.services.attachments.uploads")
    photo = jpeg()
    record = pushed(a, attachment_for(case["id"], photo))
    location = begin(a, record["id"], len(photo)).headers["Location"]
    arrived = len(photo) // 3
    cut = client.patch(location, input_stream=CutConnection(photo[:arrived]),
                       environ_overrides={"CONTENT_LENGTH": str(len(photo))}, headers={
        **a.headers, **TUS, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"})
    assert cut.headers["Upload-Offset"] == str(arrived)  # an answer nobody reads: the phone asks with HEAD

    held = offset_of(a, location)
    assert held.status_code == 200 and held.headers["Upload-Offset"] == str(arrived)
    assert held.headers["Upload-Length"] == str(len(photo)) and held.headers["Cache-Control"] == "no-store"
    rest = send(a, location, arrived, photo[arrived:])
    assert rest.status_code == 204 and rest.headers["Upload-Offset"] == str(len(photo))
    download = client.get(f"/api/attachments/{record['id']}/content", headers=a.headers)
    assert download.data == photo
    # The log says what arrived: the cut PATCH up to where it stopped, the resumed one from there.
    logged = read(caplog.messages)[record["id"][-8:]]
    assert logged == [Entry("POST", length=len(photo)), Entry("PATCH", 0, len(photo), arrived),
                      Entry("PATCH", arrived, len(photo) - arrived, len(photo))], logged
    assert logged[1].cut and not logged[2].cut
    assert resends({"x": logged}) == Resends([], [], [f"x: resumed at {arrived}"])


def test_a_patch_at_another_offset_than_the_server_holds_is_refused_with_409(a, case, caplog):
    caplog.set_level("INFO", logger="app.services.attachments.uploads")
    photo = jpeg()
    record = pushed(a, attachment_for(case["id"], photo))
    location = begin(a, record["id"], len(photo)).headers["Location"]
    assert send(a, location, 0, photo[:1000]).status_code == 204
    for wrong in (0, 999, 1001):
        refused = send(a, location, wrong, photo[wrong:wrong + 1000])
        assert refused.status_code == 409, wrong
        assert refused.get_json()["error"]["code"] == "offset_mismatch"
        assert refused.get_json()["error"]["details"] == {"offset": 1000}
    assert offset_of(a, location).headers["Upload-Offset"] == "1000"
    # In the log, the chunks sent again are PATCHes below the bytes held (a wrong offset above is not a resend).
    logged = read(caplog.messages)[record["id"][-8:]]
    assert [(e.offset, e.refused) for e in logged[2:]] == [
        (0, "offset_mismatch"), (999, "offset_mismatch"), (1001, "offset_mismatch")], logged
    assert resends({"x": logged}).twice == ["x: PATCH at 0 with 1000 bytes held", "x: PATCH at 999 with 1000 bytes held"]


def test_a_phone_of_the_next_grid_in_the_street_gets_404_for_the_upload_and_the_content(client, a, district):
    boss = Phone.sign_in(client, "supervisor_a")
    next_door = create("dispute", dispute_changes(district.grid_a2.id, title="兴福二网格案"))
    photo = jpeg()
    record = attachment_for(next_door["id"], photo)
    boss.push(next_door, record)

    refused = begin(a, record["id"], len(photo))
    assert refused.status_code == 404 and refused.get_json()["error"]["code"] == "not_found"
    location = begin(boss, record["id"], len(photo)).headers["Location"]
    assert offset_of(a, location).status_code == 404
    assert send(a, location, 0, photo[:100]).status_code == 404
    assert offset_of(boss, location).headers["Upload-Offset"] == "0"  # nothing of hers arrived

    assert upload(boss, record["id"], photo).status_code == 204
    assert client.get(f"/api/attachments/{record['id']}/content", headers=a.headers).status_code == 404
    assert client.get(f"/api/attachments/{record['id']}/content", headers=boss.headers).status_code == 200


def test_bytes_that_do_not_match_the_sha256_are_refused_and_the_attachment_stays_incomplete(client, a, case):
    photo = jpeg()
    record = pushed(a, attachment_for(case["id"], photo, declared_sha256=sha256(photo[:-1] + b"\x00")))
    refused = upload(a, record["id"], photo)
    assert refused.status_code == 422 and refused.get_json()["error"]["code"] == "checksum_mismatch"
    assert refused.get_json()["error"]["message"].startswith("文件内容与登记的 SHA-256 不符")
    assert offset_of(a, f"/api/uploads/{record['id']}").status_code == 404  # the bytes were dropped
    [pulled] = [r for r in Phone.sign_in(client, "mediator_a_peer").pull() if r["id"] == record["id"]]
    assert pulled["upload_complete"] is False
    assert client.get(f"/api/attachments/{record['id']}/content", headers=a.headers).status_code == 409


@pytest.mark.parametrize(("data", "mime_type"), [
    (jpeg()[:-2000], "image/jpeg"),                       # a photo cut short
    (jpeg()[:600] + b"\x00" * 20000 + jpeg()[20600:], "image/jpeg"),  # its middle overwritten
    (png()[:40] + b"\xff" * 16 + png()[56:], "image/png"),            # a signature with a broken chunk
])
def test_a_corrupt_image_is_refused_even_when_its_sha256_matches(client, a, case, data, mime_type):
    record = pushed(a, attachment_for(case["id"], data, mime_type=mime_type))
    refused = upload(a, record["id"], data)
    assert refused.status_code == 422 and refused.get_json()["error"]["code"] == "content_not_accepted"
    assert client.get(f"/api/attachments/{record['id']}/content", headers=a.headers).status_code == 409


@pytest.mark.parametrize(("data", "mime_type"), [
    (b"<html><script>alert(1)</script></html>" * 50, "image/png"),
    (b"PK\x03\x04" + b"\x00" * 4000, "image/jpeg"),
    (b"%!PS-Adobe-3.0\n" + b"0 0 moveto\n" * 300, "application/pdf"),
    (png(), "image/jpeg"),                              # a real image, of another type than declared
    (pdf()[:-200], "application/pdf"),                  # a PDF without its cross-reference and end
])
def test_bytes_that_are_not_the_declared_image_or_pdf_are_refused(a, case, data, mime_type):
    record = pushed(a, attachment_for(case["id"], data, mime_type=mime_type))
    refused = upload(a, record["id"], data)
    assert refused.status_code == 422 and refused.get_json()["error"]["code"] == "content_not_accepted"


@pytest.mark.parametrize(("data", "mime_type", "kind"), [
    (png(), "image/png", "signature"),
    (pdf(), "application/pdf", "agreement_scan"),
])
def test_a_signature_and_a_scanned_agreement_are_accepted_and_served_as_downloads(client, a, case, data, mime_type,
                                                                                   kind):
    record = pushed(a, attachment_for(case["id"], data, mime_type=mime_type, kind=kind))
    assert upload(a, record["id"], data).status_code == 204
    download = client.get(f"/api/attachments/{record['id']}/content", headers=a.headers)
    assert download.status_code == 200 and download.data == data
    assert download.headers["Content-Type"] == mime_type
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in download.headers["Cache-Control"]


def test_every_download_of_an_id_document_is_audited_and_a_scene_photo_is_not(client, a, case, district, db):
    photo = jpeg(seed=1)
    id_card = pushed(a, attachment_for(case["id"], photo, kind="id_document"))
    scene = pushed(a, attachment_for(case["id"], photo, kind="scene"))
    for record in (id_card, scene):
        assert upload(a, record["id"], photo).status_code == 204
    for _ in range(2):
        assert client.get(f"/api/attachments/{id_card['id']}/content", headers=a.headers).status_code == 200
    assert client.get(f"/api/attachments/{scene['id']}/content", headers=a.headers).status_code == 200

    entries = db.session.execute(sa.select(AuditLog).where(AuditLog.action == "download_attachment")
                                 .order_by(AuditLog.id)).scalars().all()
    assert [(e.record_id, e.user_id, e.details["kind"]) for e in entries] == [
        (id_card["id"], district.mediator_a.id, "id_document")] * 2


def test_the_protocol_refuses_what_tus_refuses(client, a, case):
    photo = jpeg()
    record = pushed(a, attachment_for(case["id"], photo))
    options = client.options("/api/uploads/")
    assert options.status_code == 204 and options.headers["Tus-Version"] == "1.0.0"
    assert options.headers["Tus-Extension"] == "creation" and options.headers["Tus-Max-Size"] == str(10 * 1024 * 1024)

    no_version = client.post("/api/uploads/", headers={**a.headers, "Upload-Length": str(len(photo))})
    assert no_version.status_code == 412 and no_version.headers["Tus-Version"] == "1.0.0"
    assert begin(a, record["id"], len(photo) + 1).status_code == 422
    assert begin(a, record["id"], 10 * 1024 * 1024 + 1).status_code == 413
    no_id = client.post("/api/uploads/", headers={**a.headers, **TUS, "Upload-Length": "10"})
    assert no_id.status_code == 400
    bad_metadata = client.post("/api/uploads/", headers={**a.headers, **TUS, "Upload-Length": "10",
                                                         "Upload-Metadata": "attachment_id not-base64!"})
    assert bad_metadata.status_code == 400

    location = begin(a, record["id"], len(photo)).headers["Location"]
    assert location == f"/api/uploads/{record['id']}"
    wrong_type = client.patch(location, data=photo, headers={**a.headers, **TUS, "Upload-Offset": "0",
                                                             "Content-Type": "image/jpeg"})
    assert wrong_type.status_code == 415 and wrong_type.get_json()["error"]["message"].startswith("上传数据")
    too_long = send(a, location, 0, photo + b"\x00")
    assert too_long.status_code == 413
    assert offset_of(a, location).headers["Upload-Offset"] == "0"

    assert send(a, location, 0, photo).status_code == 204
    assert begin(a, record["id"], len(photo)).status_code == 409
    assert send(a, location, len(photo), b"").status_code == 409


def test_a_new_creation_starts_the_bytes_afresh(a, case, caplog):
    caplog.set_level("INFO", logger="app.services.attachments.uploads")
    photo = jpeg()
    record = pushed(a, attachment_for(case["id"], photo))
    location = begin(a, record["id"], len(photo)).headers["Location"]
    send(a, location, 0, photo[:5000])
    assert begin(a, record["id"], len(photo)).headers["Location"] == location
    assert offset_of(a, location).headers["Upload-Offset"] == "0"
    assert upload(a, record["id"], photo).status_code == 204
    assert resends(read(caplog.messages)).restarts == [f"{record['id'][-8:]}: begun again with 5000 bytes held"]


def test_a_cases_page_lists_its_attachments_uploading_until_their_bytes_arrive(client, a, case, login):
    photo = jpeg()
    record = pushed(a, attachment_for(case["id"], photo))
    supervisor = login("supervisor_a")

    def listed():
        body = client.get(f"/api/disputes/{case['id']}", headers=supervisor).get_json()
        return {item["id"]: item for item in body["attachments"]}

    before = listed()[record["id"]]
    assert (before["kind"], before["byte_size"], before["upload_complete"]) == ("scene", len(photo), False)
    upload(a, record["id"], photo)
    assert listed()[record["id"]]["upload_complete"] is True


def test_the_upload_completing_is_in_the_history_as_the_uploaders_change(a, case, db):
    from app.models import ChangeHistory, User
    photo = jpeg()
    record = pushed(a, attachment_for(case["id"], photo))
    assert upload(a, record["id"], photo).status_code == 204
    [completed] = db.session.execute(sa.select(ChangeHistory).where(
        ChangeHistory.record_id == record["id"], ChangeHistory.version == 2)).scalars()
    uploader = db.session.execute(sa.select(User.id).where(User.username == "mediator_a")).scalar_one()
    assert completed.changes == {"upload_complete": [False, True]}
    assert (completed.user_id, completed.device_id) == (uploader, a.device_id)
    assert completed.mutation_id == f"upload-{record['id']}"  # what caused the version, in place of a mutation


def test_an_upload_never_begun_is_told_apart_from_an_unknown_attachment(client, a, case, db):
    """tus's HEAD answers 404 without a body either way; the service still names which (upload_not_found)."""
    from app.errors import ApiError
    from app.models import User
    from app.services.access.scope import Viewer
    from app.services.attachments import uploads
    record = pushed(a, attachment_for(case["id"], jpeg()))
    assert client.head(f"/api/uploads/{record['id']}", headers={**a.headers, **TUS}).status_code == 404
    viewer = Viewer.of(db.session.execute(sa.select(User).where(User.username == "mediator_a")).scalar_one())
    with pytest.raises(ApiError) as refused:
        uploads.upload_state(viewer, record["id"])
    assert (refused.value.status, refused.value.code, refused.value.message) == (
        404, "upload_not_found", "没有进行中的上传，请重新创建。 / No upload in progress; create it again.")
