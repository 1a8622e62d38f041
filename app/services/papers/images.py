"""Where the papers get their images: signatures, fingerprints and photos (attachments, issue #11).

The attachment entity does not exist yet, so `case_attachments` finds none and nothing is placed.
Two seams plug attachments in:
- `case_attachments(dispute_id)`: the case's live attachments whose bytes have arrived
  (`upload_complete`), as `AttachmentRef`s;
- `attachment_bytes(ref)`: their bytes, read from the storage backend.
Everything after them (which image goes on which paper, in which box) is already in use: tests give a
`CaseFile` attachments and an `ImageReader` of their own.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
        """The fields the dossier rules read (app/services/papers/rules.py)."""
        return {"id": self.id, "kind": self.kind, "parent_entity": self.parent_entity,
                "parent_id": self.parent_id, "voided_at": None}


ImageReader = Callable[[AttachmentRef], bytes]


def case_attachments(dispute_id: str) -> list[AttachmentRef]:
    """Seam 1: no attachment entity yet, so a case has none."""
    return []


def attachment_bytes(ref: AttachmentRef) -> bytes:
    """Seam 2: the storage backend's bytes of one attachment; unreachable while `case_attachments` finds none."""
    raise LookupError(f"no storage backend for attachment {ref.id}")


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
