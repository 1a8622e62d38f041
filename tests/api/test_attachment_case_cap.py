"""The per-case attachment cap (sync/attachments.py) through /api/sync/push: the phone's own number, kept by the
server too; live attachments only; the refusal names `byte_size`, Chinese first, and spares the batch's others."""
import pytest

from app.extensions import db
from app.models import Attachment, Dispute
from sync.attachments import CASE_MAX_BYTES
from tests.attachment_files import a, case  # noqa: F401  (fixtures)
from tests.phones import create, update
from tests.records import make_attachment

pytestmark = pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


def photo(dispute_id: str, byte_size: int) -> dict:
    return create("attachment", {"dispute_id": dispute_id, "kind": "scene", "mime_type": "image/jpeg",
                                 "byte_size": byte_size, "sha256": "9f" * 32})


def test_a_case_takes_attachments_up_to_its_cap_exactly_and_refuses_one_byte_more(a, case):
    dispute = db.session.get(Dispute, case["id"])
    make_attachment(dispute, byte_size=CASE_MAX_BYTES - 300_000)
    make_attachment(dispute, byte_size=5_000_000, voided_at=dispute.created_at, void_reason="拍错了")
    over, beside = a.push(photo(case["id"], 300_001), update("dispute", case["id"], 1, {"summary": "补充"}))
    assert (over["status"], over["error_code"]) == ("rejected", "case_too_large")
    [message] = over["errors"]["byte_size"]
    assert message.startswith("本案附件合计最多 100 MB：还可存 293 KB，此文件 293 KB。 / ")
    assert beside["status"] == "applied"
    assert db.session.query(Attachment).filter(Attachment.voided_at.is_(None)).count() == 1

    [fits] = a.push(photo(case["id"], 300_000))
    assert fits["status"] == "applied"
    [past] = a.push(photo(case["id"], 1))
    assert past["error_code"] == "case_too_large"
