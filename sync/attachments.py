"""An attachment's bytes counted against its case: the per-case cap, one number for the phone and the server.

The phone is given it through the generated field rules (`limits.attachment_case_max_bytes`) and refuses a
capture past it before saving; the push refuses an attachment record past it (`engine._evaluate`), so a phone
that missed the check, or two phones filling one case at once, cannot exceed it either.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from sync.types import Errors, RecordState

MIB: Final = 1024 * 1024
CASE_MAX_BYTES: Final = 100 * MIB
"""The most bytes one case's live (non-voided) attachments may declare together."""


def case_bytes(attachments: Iterable[RecordState]) -> int:
    """The bytes the case's live attachments declare (voided ones are not counted)."""
    return sum(a.fields.get("byte_size") or 0 for a in attachments if a.voided_at is None)


def case_cap_errors(attachments: Iterable[RecordState], byte_size: object) -> Errors:
    """The field error on `byte_size` when a new attachment of that size would take its case past the cap."""
    if not isinstance(byte_size, int):
        return {}
    held = case_bytes(attachments)
    if held + byte_size <= CASE_MAX_BYTES:
        return {}
    cap, left = CASE_MAX_BYTES // MIB, max(CASE_MAX_BYTES - held, 0)
    return {"byte_size": [f"本案附件合计最多 {cap} MB：还可存 {_size(left, '字节')}，此文件 {_size(byte_size, '字节')}。"
                          f" / A case's attachments may total at most {cap} MB: {_size(left, 'bytes')} are left and"
                          f" this file is {_size(byte_size, 'bytes')}."]}


def _size(size: int, bytes_word: str) -> str:
    """Exact below 10 KB, where the boundary is the point; rounded above."""
    if size < 10 * 1024:
        return f"{size} {bytes_word}"
    return f"{size / 1024:.0f} KB" if size < MIB else f"{size / MIB:.1f} MB"
