"""Where the papers get their images: signatures, fingerprints and photos (attachments, issue #11).

- `case_attachments(dispute_id)`: the case's live attachments whose bytes have arrived (`upload_complete`);
- `attachment_bytes(ref)`: their bytes, from the storage backend.
Which image goes on which paper, in which box, follows from the refs alone: tests may give a `CaseFile`
attachments and an `ImageReader` of their own.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from app.extensions import db
from app.models import Attachment
from app.services.attachments.storage import storage

SIGNATURE_KINDS = ("signature", "fingerprint")
PHOTO_KINDS = ("agreement_scan", "evidence", "scene", "other")
"""Appended to the dossier. ID documents (身份证明) are not: they stay behind their own audited download."""


@dataclass(frozen=True)
class AttachmentRef:
    id: str
    kind: str
    mime_type: str
    parent_entity: str | None = None
    parent_id: str | None = None
    caption: str | None = None

    def as_record(self) -> dict[str, Any]:
        """The fields the dossier rules read (sync/dossier.py)."""
        return {"id": self.id, "kind": self.kind, "parent_entity": self.parent_entity,
                "parent_id": self.parent_id, "upload_complete": True, "voided_at": None}


ImageReader = Callable[[AttachmentRef], bytes]


def case_attachments(dispute_id: str) -> list[AttachmentRef]:
    """The case's attachments that are not voided and whose bytes have all arrived, in the order taken."""
    rows = db.session.scalars(
        sa.select(Attachment)
        .where(Attachment.dispute_id == dispute_id, Attachment.voided_at.is_(None), Attachment.upload_complete.is_(True))
        .order_by(Attachment.taken_at, Attachment.id))
    return [AttachmentRef(a.id, a.kind, a.mime_type, a.parent_entity, a.parent_id, a.caption) for a in rows]


def attachment_bytes(ref: AttachmentRef) -> bytes:
    with storage().open(ref.id) as stream:
        return stream.read()


@dataclass(frozen=True)
class PaperImage:
    """An image to place: `signer` is a party's id, or "mediator" for the mediator's own signature."""

    kind: str
    data: bytes
    signer: str | None = None
    caption: str | None = None


def signature_images(attachments: list[AttachmentRef], read: ImageReader) -> list[PaperImage]:
    """Signatures and fingerprints: a party's hang from the party; the mediator's from the case."""
    images = []
    for ref in attachments:
        if ref.kind in SIGNATURE_KINDS and ref.mime_type.startswith("image/"):
            signer = ref.parent_id if ref.parent_entity == "party" else "mediator"
            images.append(PaperImage(ref.kind, read(ref), signer=signer, caption=ref.caption))
    return images


def photo_images(attachments: list[AttachmentRef], read: ImageReader) -> list[PaperImage]:
    """The photos appended to the dossier, in the order they were taken."""
    return [PaperImage(ref.kind, read(ref), caption=ref.caption)
            for ref in attachments if ref.kind in PHOTO_KINDS and ref.mime_type.startswith("image/")]
