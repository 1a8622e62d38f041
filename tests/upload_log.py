"""The server's upload log (app/services/attachments/uploads.py, one INFO line per creation and per PATCH), read
back by tests to tell whether a phone sent any chunk twice.

    upload 1a2b3c4d POST length=183211
    upload 1a2b3c4d PATCH offset=0 length=183211 new_offset=65536 cut
    upload 1a2b3c4d PATCH offset=65536 length=117675 new_offset=183211
    upload 1a2b3c4d PATCH offset=0 length=183211 refused=offset_mismatch held=65536
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

LINE = re.compile(r"upload (?P<id>[0-9a-f]{8}) (?P<method>POST|PATCH) (?:length=(?P<created>\d+)|offset=(?P<offset>\d+) "
                  r"length=(?P<length>\d+|-) (?:new_offset=(?P<new>\d+)(?P<cut> cut)?|refused=(?P<refused>\w+)"
                  r"(?: held=(?P<held>\d+))?))")


@dataclass(frozen=True)
class Entry:
    method: str                  # POST (the upload begun, from zero) or PATCH
    offset: int = 0
    length: int | None = None    # the PATCH's Content-Length: what the phone sent from `offset`
    new_offset: int | None = None
    refused: str | None = None

    @property
    def cut(self) -> bool:
        return self.new_offset is not None and self.length is not None and self.new_offset < self.offset + self.length


def read(lines: Iterable[str]) -> dict[str, list[Entry]]:
    """Each attachment's (the last 8 digits of its id) creations and PATCHes, in the order the server logged them."""
    uploads: dict[str, list[Entry]] = {}
    for line in lines:
        found = LINE.search(line)
        if not found:
            continue
        if found["method"] == "POST":
            entry = Entry("POST", length=int(found["created"]))
        else:
            entry = Entry("PATCH", int(found["offset"]), None if found["length"] == "-" else int(found["length"]),
                          int(found["new"]) if found["new"] else None, found["refused"])
        uploads.setdefault(found["id"], []).append(entry)
    return uploads


@dataclass
class Resends:
    """What a log says about bytes sent more than once."""
    restarts: list[str]          # an upload begun again (POST after bytes had arrived): its bytes from zero
    twice: list[str]             # a PATCH starting below the bytes the server held: a chunk sent twice
    resumes: list[str]           # a PATCH resuming where a cut one stopped: its bytes overlap the cut one's


def resends(uploads: dict[str, list[Entry]]) -> Resends:
    """Walk each upload's log: bytes held grow only by appends at exactly the offset held. The one overlap
    allowed is a resume: the PATCH after a cut one starts where the cut one's bytes stopped, so the part of
    the cut chunk that never arrived is sent again (once per cut)."""
    found = Resends([], [], [])
    for upload, entries in uploads.items():
        held, begun, cut_at = 0, False, None
        for entry in entries:
            if entry.method == "POST":
                if begun and held:
                    found.restarts.append(f"{upload}: begun again with {held} bytes held")
                held, begun, cut_at = 0, True, None
                continue
            if entry.offset < held:
                found.twice.append(f"{upload}: PATCH at {entry.offset} with {held} bytes held")
            if entry.refused:
                continue
            if cut_at is not None and entry.offset == cut_at:
                found.resumes.append(f"{upload}: resumed at {cut_at}")
            held = entry.new_offset
            cut_at = entry.new_offset if entry.cut else None
    return found
