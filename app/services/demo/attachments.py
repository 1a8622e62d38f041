"""Signatures and photos on a few signed written agreements (data/attachments.toml), and their bytes in storage.

Built last, after every other record, so the rest of the district draws the same numbers as before. Each
party signs (a `signature` linked to the party) and the mediator signs (a `signature` with no link, as the
phone saves hers), each naming the agreement's number as a signature of that issue (sync/agreement.py);
the photos hang from the case. The records arrive as if uploaded already (`upload_complete`): their bytes
are drawn here (images.py), kept in `Demo.files` and written through the storage interface by `store_files`
before the rows are committed, so a seeded case never names bytes that are not there.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from app.models import Attachment, Followup, Party
from app.services.attachments.storage import storage
from app.services.demo import data
from app.services.demo.builder import BEIJING, Case, Demo, Row
from app.services.demo.images import photo_jpeg, signature_png

SIGNING_MINUTES = 3  # between one signer and the next, on the day the agreement is signed


def build_attachments(demo: Demo) -> None:
    children = _children(demo.rows)
    taken: set[str] = set()
    for number, spec in enumerate(data.FILED_CASES):
        case = _pick(demo, spec, children, taken)
        taken.add(case.row.values["id"])
        parties = children[(Party, case.row.values["id"])]
        signers = [(party["name"], party["id"]) for party in parties]
        for order, (name, party_id) in enumerate([*signers, (case.author.display_name, None)]):
            drawn = signature_png(f"{data.RANDOM_SEED}:signature:{name}", len(name))
            at = case.signed + timedelta(minutes=SIGNING_MINUTES * order)
            _add(demo, case, "signature", drawn, "image/png", at, name if party_id else f"调解员 {name}", party=party_id)
        for index, photo in enumerate(spec.photos):
            at = _event(case, photo.taken) + timedelta(minutes=photo.minutes)
            _add(demo, case, photo.kind, photo_jpeg(f"{data.RANDOM_SEED}:photo:{number}:{index}", photo.kind),
                 "image/jpeg", at, photo.caption)


def _children(rows: list[Row]) -> dict[tuple[type, str], list[dict]]:
    """The parties and followups of each case, by (model, dispute id), in the order built."""
    children: dict[tuple[type, str], list[dict]] = {}
    for row in rows:
        if row.model in (Party, Followup):
            children.setdefault((row.model, row.values["dispute_id"]), []).append(row.values)
    return children


def _pick(demo: Demo, spec: data.FiledCase, children: dict, taken: set[str]) -> Case:
    """The most recently signed written agreement in the mediator's grid, its revisit due and as `spec` says."""
    mediator = demo.users[spec.mediator]

    def fits(case: Case) -> bool:
        values = case.row.values
        followups = children.get((Followup, values["id"]), [])
        done = any(f["done_at"] is not None for f in followups)
        return (mediator in case.grid.own_mediators and values["agreement_kind"] == "written"
                and case.signed is not None and values["id"] not in taken
                and any(f["due_on"] <= demo.today for f in followups)
                and done == (spec.revisit == "done"))

    found = sorted((case for case in demo.cases if fits(case)), key=lambda case: case.signed, reverse=True)
    if not found:
        raise LookupError(f"no written agreement in {spec.mediator}'s grid with its revisit {spec.revisit}")
    return found[0]


def _event(case: Case, name: str) -> datetime:
    """A case's event, in Beijing time."""
    if name == "signed":
        return case.signed
    if name == "accepted":
        return case.row.values["accepted_at"] + BEIJING
    return case.reported


def _add(demo: Demo, case: Case, kind: str, content: bytes, mime_type: str, at: datetime, caption: str,
         party: str | None = None) -> None:
    at = min(at, demo.now_local - timedelta(minutes=1))
    values = {"dispute_id": case.row.values["id"], "parent_entity": "party" if party else None, "parent_id": party,
              "kind": kind, "mime_type": mime_type, "byte_size": len(content),
              "sha256": hashlib.sha256(content).hexdigest(),
              "agreement_no": case.row.values["agreement_no"] if kind == "signature" else None,
              "taken_at": at - BEIJING, "caption": caption, "upload_complete": True}
    row = demo.add_row(Attachment, values, at, demo.sync_time(at, after=case.row.synced_at), case.author)
    demo.files[row.values["id"]] = content


def store_files(files: dict[str, bytes]) -> None:
    """Each file's bytes under its attachment's id, sealed as a finished upload is."""
    backend = storage()
    for key, content in files.items():
        backend.begin(key)
        backend.append(key, 0, [content])
        backend.finalize(key)
