"""Attachment uploads (issue 11, docs/benchmarks.md): 100 photos of 300 KB from 5 phones at once, ours (tus 1.0:
POST, then PATCHes of 256 KB as the phone sends them) beside pouchdb-server's attachments (`PUT /db/doc/att?rev=`,
the same bytes) in the same run; the time to finish a photo whose upload is cut mid-file on the issue's slow
line (ours resumes from HEAD's offset, the peer resends the whole attachment); the server workers' RSS
sampled throughout (the bytes are streamed, never held whole in memory).

    .venv/bin/python bench/sync_uploads.py                # 3 runs with the peer (~3 min on 2 cores)
    .venv/bin/python bench/sync_uploads.py --runs 1 --no-peer --no-append

Prints a table, appends it to docs/benchmarks.md. Never part of the test suite.
"""
from __future__ import annotations

import argparse
import hashlib
import http.client
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness as h  # noqa: E402
from bench import sync_clients as c  # noqa: E402
from tests.attachment_files import TUS, attachment_for, metadata  # noqa: E402
from tests.e2e.files import camera_jpeg  # noqa: E402
from tests.phones import create, dispute_changes  # noqa: E402
from tests.throttle import Throttle  # noqa: E402

PHONES = 5
PHOTOS = 100                      # in all, PHOTOS // PHONES per phone, each phone sending one after the other
PHOTO_BYTES = 300 * 1024          # each photo within 5 % of this
CHUNK = 256 * 1024                # pwa/src/sync/upload-queue.js CHUNK_BYTES
SLOW_LINE = {"down_kbit": 250, "up_kbit": 250, "rtt_ms": 300}  # issue 11's line (tests/e2e/test_uploads_slow_line.py)
CUT_AT = 128 * 1024               # the resume test's cut: once the server holds this much of the photo
OFFSET_STREAM = {**TUS, "Content-Type": "application/offset+octet-stream"}
MIB = 1024 * 1024


# --- the photos ---------------------------------------------------------------------------------

def photos(count: int) -> list[bytes]:
    """`count` different 1,600×1,200 JPEGs of PHOTO_BYTES ± 5 % (a phone's photo after downscaling), made once."""
    low, high = 0.0, 0.6
    for _ in range(14):  # the share of noise that makes the first photo PHOTO_BYTES
        noise = (low + high) / 2
        low, high = (noise, high) if len(camera_jpeg(0, (1600, 1200), noise)) < PHOTO_BYTES else (low, noise)
    made = [camera_jpeg(seed, (1600, 1200), noise) for seed in range(1, count + 1)]
    assert all(abs(len(p) - PHOTO_BYTES) < PHOTO_BYTES / 20 for p in made), sorted(len(p) for p in made)[::10]
    return made


# --- ours: records through /api/sync/push, bytes over tus ------------------------------------------

@dataclass
class Phone:
    username: str
    device_id: str
    token: str = ""
    attachments: list[tuple[str, bytes]] = field(default_factory=list)   # (attachment id, bytes)


def push_records(base: str, phone: Phone, area_id: int, data: list[bytes]) -> None:
    """A case and one attachment record per photo, pushed as the phone pushes them before the bytes."""
    case = create("dispute", dispute_changes(area_id))
    mutations = [case] + [attachment_for(case["id"], photo) for photo in data]
    body = {"device_id": phone.device_id, "device": {"app_version": "bench", "outbox_size": len(mutations)},
            "mutations": mutations}
    reply = h.request(base, "POST", "/api/sync/push", body, token=phone.token)
    assert reply.status == 200 and all(r["status"] == "applied" for r in reply.body["results"]), reply.body
    phone.attachments += [(m["id"], photo) for m, photo in zip(mutations[1:], data)]


def create_upload(base: str, token: str, attachment_id: str, size: int) -> str:
    reply = h.request(base, "POST", "/api/uploads/", b"", token, headers={
        **TUS, "Upload-Length": str(size), "Upload-Metadata": metadata(attachment_id)})
    assert reply.status == 201, (reply.status, reply.body)
    return reply.headers["Location"]


def send_from(base: str, token: str, location: str, data: bytes, offset: int) -> None:
    """PATCH the bytes from `offset` on, a chunk at a time, as the phone does; the last answer says complete."""
    while offset < len(data):
        reply = h.request(base, "PATCH", location, data[offset:offset + CHUNK], token,
                          headers={**OFFSET_STREAM, "Upload-Offset": str(offset)})
        assert reply.status == 204, (reply.status, reply.body)
        offset = int(reply.headers["Upload-Offset"])


def upload_ours(base: str, token: str, attachment_id: str, data: bytes) -> None:
    send_from(base, token, create_upload(base, token, attachment_id, len(data)), data, 0)


def held(base: str, token: str, location: str) -> int:
    reply = h.request(base, "HEAD", location, None, token, headers=TUS)
    assert reply.status == 200, reply.status
    return int(reply.headers["Upload-Offset"])


# --- the peer: one document per photo, its attachment PUT with the document's rev ---------------------

def peer_documents(peer: h.Peer, ids: list[str]) -> dict[str, str]:
    """The photos' documents (the records, made before the bytes as ours are); their revs."""
    reply = h.request(peer.base, "POST", f"{peer.db}/_bulk_docs",
                      {"docs": [{"_id": i, "type": "attachment", "kind": "scene", "mime_type": "image/jpeg"} for i in ids]})
    assert reply.status in (200, 201), reply.body
    return {row["id"]: row["rev"] for row in reply.body}


def upload_peer(base: str, db: str, doc_id: str, rev: str, data: bytes) -> None:
    reply = h.request(base, "PUT", f"{db}/{doc_id}/photo.jpg?rev={rev}", data, headers={"Content-Type": "image/jpeg"})
    assert reply.status in (200, 201), (reply.status, reply.body)


# --- throughput: five phones at once -------------------------------------------------------------

def at_once(jobs: list[list[Callable[[], None]]]) -> float:
    """Each list of jobs in its own thread (a phone sends one photo after the other); the seconds until all end."""
    started = time.perf_counter()
    with ThreadPoolExecutor(len(jobs)) as pool:
        for done in [pool.submit(lambda js=js: [job() for job in js]) for js in jobs]:
            done.result()
    return time.perf_counter() - started


@dataclass
class Side:
    seconds: float
    bytes: int
    photos: int
    rss: h.RssSampler
    resume: Resume | None = None

    @property
    def mib_s(self) -> float:
        return self.bytes / MIB / self.seconds

    @property
    def photos_s(self) -> float:
        return self.photos / self.seconds


@dataclass
class Resume:
    cut_after: float     # seconds into the photo's upload when the line was cut
    held: int            # bytes the server kept from before the cut (ours; the peer keeps none)
    seconds: float       # from the cut until the photo is whole on the server
    resent: int          # bytes of the photo sent after the cut


def run_ours(district: h.District, data: list[bytes], warm: list[bytes], extra: bytes) -> Side:
    with h.gunicorn_process(district.url, workers=2, **c.SERVER_ENV) as served:
        base = served.base
        phones = [Phone(name, f"bench-uploads-{n}") for n, name in enumerate(district.mediators[:PHONES])]
        per = len(data) // PHONES
        for n, phone in enumerate(phones):
            phone.token = h.sign_in(base, phone.username, phone.device_id)
            push_records(base, phone, district.grid_a, [warm[n]] + data[n * per:(n + 1) * per] + ([extra] if n == 0 else []))
        # A first photo from each phone at once, off the clock: both workers have loaded Pillow and their statements.
        at_once([[lambda p=p: upload_ours(base, p.token, *p.attachments[0])] for p in phones])
        rss = h.RssSampler(workers_of=served.pid)
        rss.sample()
        with rss.running():
            seconds = at_once([[lambda p=p, a=a: upload_ours(base, p.token, *a) for a in p.attachments[1:per + 1]]
                               for p in phones])
        attachment_id, photo = phones[0].attachments[per]
        download = h.request(base, "GET", f"/api/attachments/{attachment_id}/content", token=phones[0].token)
        assert download.status == 200 and hashlib.sha256(download.body).digest() == hashlib.sha256(photo).digest()
        resume = resume_ours(served.base, phones[0].token, *phones[0].attachments[-1])
    return Side(seconds, sum(map(len, data)), len(data), rss, resume)


def resume_ours(base: str, token: str, attachment_id: str, data: bytes) -> Resume:
    """Cut the line once the server holds CUT_AT bytes of the photo; then HEAD and PATCH the rest, as the phone does."""
    port = int(base.rsplit(":", 1)[1])
    with Throttle(port, **SLOW_LINE) as line:
        slow = f"http://127.0.0.1:{line.port}"
        location = create_upload(slow, token, attachment_id, len(data))
        started = time.monotonic()
        sending = threading.Thread(target=cut_short, args=(lambda: send_from(slow, token, location, data, 0),))
        sending.start()
        while held(base, token, location) < CUT_AT:  # asked straight of the server, not over the line
            time.sleep(0.05)
        line.cut()
        cut = time.monotonic()
        sending.join()
        offset = held(slow, token, location)
        send_from(slow, token, location, data, offset)
        return Resume(cut - started, offset, time.monotonic() - cut, len(data) - offset)


def cut_short(send: Callable[[], None]) -> None:
    """A request the line's cut ends: its error is the point."""
    try:
        send()
    except (OSError, http.client.HTTPException):
        return
    raise AssertionError("the upload was not cut")


def run_peer(peer: h.Peer, data: list[bytes], warm: list[bytes], extra: bytes, cut_after: float) -> Side:
    db = peer.fresh()
    per = len(data) // PHONES
    lists = [[(f"photo-{n}-{i}", photo) for i, photo in enumerate([warm[n]] + data[n * per:(n + 1) * per])]
             for n in range(PHONES)]
    revs = peer_documents(peer, [doc for docs in lists for doc, _ in docs] + ["photo-cut"])
    at_once([[lambda d=docs[0]: upload_peer(peer.base, db, d[0], revs[d[0]], d[1])] for docs in lists])
    rss = h.RssSampler(pid=peer.process.pid)
    rss.sample()
    with rss.running():
        seconds = at_once([[lambda d=d: upload_peer(peer.base, db, d[0], revs[d[0]], d[1]) for d in docs[1:]]
                           for docs in lists])
    doc, photo = lists[0][-1]
    stored = h.request(peer.base, "GET", f"{db}/{doc}/photo.jpg")
    assert stored.status == 200 and stored.body == photo
    return Side(seconds, sum(map(len, data)), len(data), rss, resume_peer(peer, revs["photo-cut"], extra, cut_after))


def resume_peer(peer: h.Peer, rev: str, data: bytes, cut_after: float) -> Resume:
    """Cut the line as far into the upload as ours was cut; then the whole attachment again (no resume in CouchDB)."""
    with Throttle(int(peer.base.rsplit(":", 1)[1]), **SLOW_LINE) as line:
        slow = f"http://127.0.0.1:{line.port}"
        started = time.monotonic()
        sending = threading.Thread(target=cut_short, args=(lambda: upload_peer(slow, peer.db, "photo-cut", rev, data),))
        sending.start()
        time.sleep(max(0.0, started + cut_after - time.monotonic()))
        line.cut()
        cut = time.monotonic()
        sending.join()
        # pouchdb-server 4.2 stores a cut PUT as an empty attachment under a new rev: read it (as ours reads HEAD)
        document = h.request(slow, "GET", f"{peer.db}/photo-cut").body
        upload_peer(slow, peer.db, "photo-cut", document["_rev"], data)
        stub = document.get("_attachments", {}).get("photo.jpg", {})
        peer_cut_left.append((document["_rev"] != rev, stub.get("length")))
        return Resume(cut_after, 0, time.monotonic() - cut, len(data))


peer_cut_left: list[tuple[bool, int | None]] = []  # per cut PUT: did the peer store something, and how many bytes


# --- the bench -------------------------------------------------------------------------------------

def bench_uploads(runs: int, use_peer: bool) -> str:
    made = photos(PHOTOS + PHONES + 1)
    data, warm, extra = made[:PHOTOS], made[PHOTOS:PHOTOS + PHONES], made[-1]
    print(f"photos: {len(made)} JPEGs of {min(map(len, made)):,}–{max(map(len, made)):,} bytes", flush=True)
    ours: list[Side] = []
    peers: list[Side] = []
    with h.maybe_peer() if use_peer else nullcontext() as peer:
        for run in range(1, runs + 1):
            with h.fresh_database() as district:
                side = run_ours(district, data, warm, extra)
            ours.append(side)
            line = (f"uploads run {run}: ours {side.mib_s:.1f} MiB/s, {side.photos_s:.1f} photos/s, resume "
                    f"{side.resume.seconds:.1f} s ({side.resume.resent:,} B after the cut at {side.resume.held:,}); "
                    f"workers RSS {quarters(side.rss)} MB")
            if peer:
                other = run_peer(peer, data, warm, extra, side.resume.cut_after)
                peers.append(other)
                line += (f"; peer {other.mib_s:.1f} MiB/s, {other.photos_s:.1f} photos/s, resume "
                         f"{other.resume.seconds:.1f} s ({other.resume.resent:,} B), RSS {quarters(other.rss)} MB")
            print(line, flush=True)
    return report(ours, peers, runs, made)


def quarters(rss: h.RssSampler) -> str:
    """Warm, then the peak of each quarter of the timed uploads, MB."""
    return f"{rss.first_kib / 1024:.0f} | " + " ".join(f"{rss.peak_between(q / 4, (q + 1) / 4) / 1024:.0f}" for q in range(4))


def report(ours: list[Side], peers: list[Side], runs: int, made: list[bytes]) -> str:
    def row(name: str, sides: list[Side]) -> list[str]:
        mib = [s.mib_s for s in sides]
        first = h.median([s.rss.peak_between(0, 0.25) for s in sides]) / 1024
        last = h.median([s.rss.peak_between(0.75, 1) for s in sides]) / 1024
        return [name, f"{h.median(mib):.1f}", f"{min(mib):.1f}–{max(mib):.1f}",
                f"{h.median([s.photos_s for s in sides]):.1f}",
                f"{h.median([s.resume.seconds for s in sides]):.1f}",
                f"{h.median([s.resume.resent for s in sides]) / 1024:,.0f}",
                f"{h.median([s.rss.first_kib for s in sides]) / 1024:.0f} / {first:.0f} / {last:.0f}",
                f"{last - first:+.0f}"]

    rows = [row("ours: tus POST + PATCH 256 KB (gunicorn 2 workers, SQLite, folder storage)", ours)]
    if peers:
        rows.append(row("peer: pouchdb-server `PUT /db/doc/att?rev=`", peers))
        ratios = [o.mib_s / p.mib_s for o, p in zip(ours, peers)]
        resumes = [p.resume.seconds / o.resume.seconds for o, p in zip(ours, peers)]
        rows.append(["ours / peer (within each run)", f"{h.median(ratios):.2f}x", f"{min(ratios):.2f}–{max(ratios):.2f}x",
                     "", f"peer takes {h.median(resumes):.1f}x as long", "", "", ""])
    else:
        rows.append(["peer pouchdb-server", "not measured", "", "", "", "", "", ""])
    cuts = ", ".join(f"{s.resume.cut_after:.1f} s / {s.resume.held / 1024:.0f} KiB" for s in ours)
    text = (f"**Attachment uploads** — {PHOTOS} photos of ~{PHOTO_BYTES // 1024} KB ({min(map(len, made)):,}–"
            f"{max(map(len, made)):,} bytes, 1,600×1,200 JPEG) from {PHONES} phones at once, each sending its "
            f"{PHOTOS // PHONES} one after the other, loopback; resume: one more photo's upload cut mid-file on a "
            f"{SLOW_LINE['up_kbit']} kbit/s line with {SLOW_LINE['rtt_ms']} ms RTT (tests/throttle.py), timed from the "
            f"cut until the photo is whole on the server; median of {runs} runs\n\n"
            + h.table(["side", "MiB/s (median)", "range", "photos/s", "resume after a cut, s", "KiB sent after the cut",
                       "RSS MB: warm / peak 1st quarter / peak last quarter", "last − 1st quarter, MB"], rows)
            + f"\n\nOurs cut after (s into the upload / bytes the server kept): {cuts}; the peer's cut at the same "
              f"second into its upload. RSS: the largest of ours' gunicorn workers (children of the master), the "
              f"peer's node process; after one warm-up photo per phone, then sampled every 0.1 s through the timed "
              f"uploads, the peaks of their first and last quarters: flat once warm when the bytes are streamed "
              f"(a worker that held whole files would grow with the photos in flight)."
            + (f" After each cut PUT the peer held: {', '.join(f'a new rev with a {n}-byte attachment' if changed else 'nothing new' for changed, n in peer_cut_left)}"
               " (its client must read the new rev before sending the photo again)." if peer_cut_left else "") + "\n")
    print("\n" + text)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs (median; at least 3 for the record)")
    parser.add_argument("--no-peer", action="store_true", help="skip pouchdb-server")
    parser.add_argument("--no-append", action="store_true", help="print only; do not append to docs/benchmarks.md")
    args = parser.parse_args(argv)
    use_peer = not args.no_peer and h.peer_binary() is not None
    return h.run_and_record("sync_uploads", "sync uploads", not args.no_append,
                            lambda: bench_uploads(args.runs, use_peer))


if __name__ == "__main__":
    sys.exit(main())
