"""Opaque pull cursors that carry the database's identity and the viewer's scope with the seq.

A cursor from another database (a restore, a new server), ahead of the
sequence, made under another scope (the user moved to another area or role),
or malformed cannot be honoured: the caller answers `reset`.
"""
from __future__ import annotations

import base64
import binascii

PREFIX = "c2"


def encode_cursor(database_id: str, seq: int, scope_key: str) -> str:
    raw = f"{PREFIX}|{database_id}|{seq}|{scope_key}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, database_id: str, current_seq: int, scope_key: str) -> int | None:
    """The seq the cursor stands for, or None when it cannot be honoured."""
    if len(cursor) > 300:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        prefix, db_id, seq_text, cursor_scope = raw.split("|")
        seq = int(seq_text)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    if prefix != PREFIX or db_id != database_id or cursor_scope != scope_key or not 0 <= seq <= current_seq:
        return None
    return seq
