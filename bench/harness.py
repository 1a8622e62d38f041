"""Shared plumbing of the benchmarks: a migrated SQLite file, the district and its users, gunicorn,
an HTTP client that counts bytes on the wire, the pouchdb-server peer, and the results file.

Reuses the test helpers (tests/server_process.py, tests/conftest.py, tests/factories.py).
"""
from __future__ import annotations

import gzip
import http.client
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Self

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# the real server, as the tests run it
from tests.server_process import Served, flask, free_port, gunicorn, gunicorn_process  # noqa: F401  (re-exported)

BENCH = ROOT / "bench"
PEER_DIR = BENCH / ".peer"
PEER_PACKAGE = "pouchdb-server@4.2.0"
RESULTS = ROOT / "docs" / "benchmarks.md"
PASSWORD = "test-pass-2026"  # tests/factories.PASSWORD


# --- a fresh database and its district ---------------------------------------------------------

@dataclass
class District:
    url: str
    grid_a: int
    grid_b: int
    mediators: list[str]          # usernames of mediators homed in grid_a
    supervisor: str
    user_ids: dict[str, int] = field(default_factory=dict)


@contextmanager
def fresh_database(extra_mediators: int = 8) -> Iterator[District]:
    """A new SQLite file migrated with `flask db upgrade`, holding the test district plus more mediators of grid_a."""
    workdir = Path(tempfile.mkdtemp(prefix="tiaojie-bench-"))
    url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    try:
        flask(url, "db", "upgrade")
        district = _populate(url, extra_mediators)
        yield district
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _populate(url: str, extra_mediators: int) -> District:
    from app.extensions import db
    from app.services.access.users import create_user
    from tests.conftest import build_app
    from tests.factories import make_district

    app = build_app(url)
    with app.app_context():
        d = make_district()
        names = ["mediator_a", "mediator_a_peer"]
        for number in range(extra_mediators):
            user = create_user(username=f"bench_mediator_{number}", display_name=f"Bench {number}",
                               role="mediator", area_code=d.grid_a.code, password=PASSWORD, commit=False)
            names.append(user.username)
        db.session.commit()
        from app.models import User
        ids = {u.username: u.id for u in db.session.execute(db.select(User)).scalars()}
        district = District(url, d.grid_a.id, d.grid_b.id, names, "supervisor_a", ids)
        db.session.remove()
        db.engine.dispose()
    return district


@contextmanager
def server(district: District, workers: int = 2) -> Iterator[str]:
    with gunicorn(district.url, workers=workers) as base:
        yield base


# --- HTTP on the wire -------------------------------------------------------------------------

@dataclass
class Reply:
    status: int
    body: Any
    wire_bytes: int          # body bytes as transferred (compressed if the server compressed)
    raw_bytes: int           # body bytes after decoding
    encoding: str | None
    headers: dict[str, str] = field(default_factory=dict)


def request(base: str, method: str, path: str, body: Any = None, token: str | None = None,
            gzip_ok: bool = False, headers: dict[str, str] | None = None, timeout: float = 300) -> Reply:
    """One request on a fresh connection (gunicorn's sync workers close every connection anyway)."""
    parts = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode())
    hdrs = {"Content-Type": "application/json", "Accept": "application/json", **(headers or {})}
    if gzip_ok:
        hdrs["Accept-Encoding"] = "gzip"
    if token:
        hdrs["Authorization"] = f"Bearer {token}"
    try:
        conn.request(method, path, body=data, headers=hdrs)
        response = conn.getresponse()
        wire = response.read()
        encoding = response.getheader("Content-Encoding")
        raw = gzip.decompress(wire) if encoding == "gzip" else wire
        try:
            body = json.loads(raw) if raw else None
        except ValueError:  # not JSON (e.g. an attachment's bytes)
            body = raw
        return Reply(response.status, body, len(wire), len(raw), encoding, dict(response.getheaders()))
    finally:
        conn.close()


def sign_in(base: str, username: str, device_id: str) -> str:
    reply = request(base, "POST", "/api/auth/login",
                    {"username": username, "password": PASSWORD, "device_id": device_id})
    assert reply.status == 200, reply.body
    return reply.body["access_token"]


# --- processes' memory ------------------------------------------------------------------------

def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (gunicorn's workers: their titles name no port, their parent does)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def rss_kib(pid: int) -> int:
    """Resident memory of one process (0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class RssSampler:
    """RSS of a server's processes — gunicorn's workers (`workers_of` its master) or one process — sampled on
    demand (`sample()`) or every `every` seconds in a thread while `running()`: the first sample and the peak
    per process, and the largest one's over time (`peak_between`)."""

    def __init__(self, *, workers_of: int | None = None, pid: int | None = None) -> None:
        self.workers_of, self.pid = workers_of, pid
        self.first: dict[int, int] = {}
        self.peak: dict[int, int] = {}
        self.timeline: list[tuple[float, int]] = []   # (monotonic time, the largest process's RSS)

    def sample(self) -> None:
        largest = 0
        for pid in children(self.workers_of) if self.workers_of else [self.pid]:
            rss = rss_kib(pid)
            if rss:
                self.first.setdefault(pid, rss)
                self.peak[pid] = max(self.peak.get(pid, 0), rss)
                largest = max(largest, rss)
        self.timeline.append((time.monotonic(), largest))

    def peak_between(self, start: float, end: float) -> int:
        """The largest process's peak RSS between two fractions (0–1) of the time sampled."""
        if not self.timeline:
            return 0
        t0, t1 = self.timeline[0][0], self.timeline[-1][0]
        return max((kib for t, kib in self.timeline if t0 + start * (t1 - t0) <= t <= t0 + end * (t1 - t0)), default=0)

    @contextmanager
    def running(self, every: float = 0.1) -> Iterator[Self]:
        stop = threading.Event()

        def loop() -> None:
            while not stop.is_set():
                self.sample()
                stop.wait(every)

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            stop.set()
            thread.join()
            self.sample()

    @property
    def peak_kib(self) -> int:
        return max(self.peak.values(), default=0)

    @property
    def first_kib(self) -> int:
        return max(self.first.values(), default=0)


# --- the peer: pouchdb-server -----------------------------------------------------------------

def peer_binary() -> Path | None:
    """pouchdb-server under bench/.peer, installing it with npm on first use; None when impossible."""
    binary = PEER_DIR / "node_modules" / ".bin" / "pouchdb-server"
    if binary.exists():
        return binary
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        print("peer: node/npm not found — measuring our side only")
        return None
    PEER_DIR.mkdir(parents=True, exist_ok=True)
    (PEER_DIR / ".gitignore").write_text("# installed by bench/harness.py: never committed\n*\n")
    (PEER_DIR / "package.json").exists() or (PEER_DIR / "package.json").write_text(
        '{"name": "tiaojie-bench-peer", "private": true}\n')
    print(f"peer: installing {PEER_PACKAGE} into {PEER_DIR} (once; takes a minute or two)…", flush=True)
    try:
        result = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--loglevel=error", PEER_PACKAGE],
                                check=False, cwd=PEER_DIR, capture_output=True, text=True, timeout=900)
    except (OSError, subprocess.SubprocessError) as error:
        print(f"peer: npm install failed ({error}) — measuring our side only")
        return None
    if result.returncode != 0 or not binary.exists():
        print(f"peer: npm install failed — measuring our side only\n{result.stderr[-2000:]}")
        return None
    return binary


class Peer:
    """A pouchdb-server on loopback with its LevelDB store in a temp dir; one database per `fresh()`."""

    def __init__(self, binary: Path, in_memory: bool = False) -> None:
        self.binary = binary
        self.in_memory = in_memory
        self.process: subprocess.Popen | None = None
        self.workdir: Path | None = None
        self.base = ""
        self.db = ""
        self._count = 0

    def __enter__(self) -> Self:
        self.workdir = Path(tempfile.mkdtemp(prefix="tiaojie-peer-"))
        port = free_port()
        args = [str(self.binary), "--host", "127.0.0.1", "--port", str(port), "--dir", str(self.workdir / "data"),
                "--config", str(self.workdir / "config.json"), "--no-stdout-logs"]
        if self.in_memory:
            args.append("--in-memory")
        (self.workdir / "data").mkdir()
        self.process = subprocess.Popen(args, cwd=self.workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("pouchdb-server exited early")
            try:
                if request(self.base, "GET", "/").status == 200:
                    return self
            except (ConnectionError, OSError):
                time.sleep(0.2)
        raise TimeoutError("pouchdb-server did not start")

    def __exit__(self, *exc: object) -> None:
        if self.process:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def fresh(self) -> str:
        """A new empty database; returns its path prefix."""
        self._count += 1
        self.db = f"/bench{self._count}"
        reply = request(self.base, "PUT", self.db)
        assert reply.status in (201, 202), reply.body
        return self.db


@contextmanager
def maybe_peer(in_memory: bool = False) -> Iterator[Peer | None]:
    binary = peer_binary()
    if binary is None:
        yield None
        return
    try:
        peer = Peer(binary, in_memory).__enter__()
    except (RuntimeError, TimeoutError, OSError) as error:
        print(f"peer: could not start pouchdb-server ({error}) — measuring our side only")
        yield None
        return
    try:
        yield peer
    finally:
        peer.__exit__()


# --- figures ----------------------------------------------------------------------------------

def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def spread(values: list[float]) -> str:
    return f"{min(values):,.0f}–{max(values):,.0f}" if values else "–"


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], check=False, cwd=ROOT, capture_output=True,
                                text=True, timeout=10).stdout.strip() or "unknown"
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "app", "sync", "migrations"], check=False, cwd=ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit, dirty = "unknown", ""
    return {"date": datetime.now().strftime("%Y-%m-%d %H:%M"), "commit": commit + (" (+ uncommitted app/sync changes)" if dirty else ""),
            "nproc": str(os.cpu_count()), "cpu": cpu, "memory": memory,
            "python": platform.python_version()}


def table(headers: list[str], rows: list[list[Any]]) -> str:
    """A Markdown table (also readable on a terminal)."""
    cells = [[str(c) for c in row] for row in rows]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join("---" for _ in headers) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in cells]
    return "\n".join(lines)


METHOD = """# Benchmarks

Figures appended by the scripts under `bench/`, one per benchmark (`make bench` runs them all; shared parts in
`bench/harness.py` and `bench/sync_clients.py`). Never part of the test suite.

## Method

- **Server under test**: the app under gunicorn with 2 sync workers (`tests/server_process.gunicorn`), on a fresh
  SQLite file migrated with `flask db upgrade`; the test district (`tests/factories.make_district`) plus extra
  mediators of grid A. Real HTTP on loopback; a Python client (`http.client`, one connection per request).
- **Data**: `bench/generator.py`, deterministic (seeded): the demo district's case templates scaled up —
  disputes (title ~13–15 characters, summary 100–300) with 2–4 parties, visits linked to them, mediation sessions,
  revisits. The same documents feed our server, the raw floor and the peer.
- **Push** (`bench/sync_push.py`): 10,000 creates then 10,000 updates (a few fields of each record) from 20
  devices, each signed in under its own device id, batches of 500, 2 devices pushing at a time. Figure: records/s
  over all 20,000 mutations.
- **Raw floor**: SQLite `executemany` of the same rows as JSON (`id, entity, seq, doc`) in WAL mode, same batches,
  one commit per batch, no HTTP. The limit nothing can beat.
- **Peer**: `pouchdb-server` 4.2.0 (npm, installed by the bench into `bench/.peer/`), LevelDB store in a temp dir,
  on loopback: `_bulk_docs` of the same documents, same batch size; updates send the whole document with its
  `_rev` (CouchDB has no partial update). Pull: `_changes?include_docs=true&limit=1000`. pouchdb-server 4.2
  now and then answers `_bulk_docs` with a `rev` other than the one it stored (a few % of docs under concurrent
  batches); the bench re-reads those `_rev`s and resends, inside the peer's time, and prints how many.
- **Initial pull** (`bench/sync_pull.py`): a mediator's first sync of a 20,000-record grid filled as the push
  leaves it and topped up with creates, `limit=1000`, `Accept-Encoding: gzip` (after four one-record pulls, so both
  workers have compiled their statements). Bytes/record are the gzip-compressed body size on the wire; when the
  server does not compress, we gzip the body ourselves (level 6) to show what it would be, and say so.
- **Growth** (`bench/sync_growth.py`): one database grown in stages to 1k, 10k and 100k records: push µs/record of
  each stage's new creates (up to 20 devices, always full batches of 500), then a first sync of the whole grid; the
  worker's peak RSS is sampled during the pull. The 100k stage runs only when the 10k stage's rates say it fits the
  ~15-minute budget; otherwise the bench says so.
- **Conflict storm** (`bench/sync_conflict_storm.py`): 10 devices × 200 offline edits of 50 shared disputes, pushed
  in random interleaved order in batches of 25, each response lost with probability 0.2 and the same batch resent.
  Then every device pulls; every device's copies must equal the server's, and every accepted mutation's value must
  be current, in the history, or held in a conflict.
- **Concurrency** (`bench/sync_concurrency.py`, needs a PostgreSQL server in `DATABASE_URL`): gunicorn with 4
  workers on a fresh PostgreSQL database; 50 phones (two per mediator, mediators of two grids) in threads, each
  round pushing 4 new records, 2 edits of its own and 1 of another phone's case, then pulling (pages of 500)
  until level, then waiting ~1 s; 60 s. Afterwards every phone's copy must equal a fresh first sync of its grid
  (every record at its latest version) and its seqs must have risen strictly: 0 errors, 0 skipped changes.
- **Uploads** (`bench/sync_uploads.py`): 100 photos of 300 KB (1,600×1,200 JPEGs, ± 4 %, made with
  `tests/e2e/files.camera_jpeg`) from 5 phones at once, each sending its 20 one after the other, one connection
  per request. Ours: gunicorn 2 workers on a fresh migrated SQLite file, folder storage; each phone pushes a case
  and the attachment records through `/api/sync/push` first (off the clock), then per photo tus `POST` and
  `PATCH`es of 256 KB as the phone sends them; the last PATCH returns when the server has checked the SHA-256,
  decoded the image and written `upload_complete`. Peer: one document per photo made with `_bulk_docs` (off the
  clock), then `PUT /db/<doc>/photo.jpg?rev=` of the same bytes. One warm-up photo per phone on each side first.
  Figures: MiB/s and photos/s from the first request to the last answer. Resume: one more photo on the issue's
  line (250 kbit/s each way, 300 ms RTT, `tests/throttle.py`); ours is cut once the server holds 128 KiB (asked by
  HEAD straight to the server), then HEAD and PATCH the rest over the line; the peer is cut as many seconds into
  its PUT, then reads the document's rev and PUTs the whole photo again (CouchDB has no resume); timed from the cut
  to the photo whole on the server. Memory: RSS of the gunicorn workers (the master's children, from `/proc`) and
  of the peer's node process, every 0.1 s through the timed uploads; flat means the last quarter's peak ≈ the
  first quarter's.
- Medians of at least 3 runs; ratios are taken within one run so machine drift cancels.
"""


_AT_START: dict[str, str] = {}


def record_start() -> None:
    """Note the date and commit when a bench starts: the server runs the code of that moment."""
    _AT_START.update(machine())


def run_and_record(script: str, title: str, append: bool, bench: Callable[[], str]) -> int:
    """Run one bench script's measurement, print how long it took and append its table (unless `append` is off)."""
    record_start()
    started = time.monotonic()
    text = bench()
    elapsed = time.monotonic() - started
    print(f"\n{script}: {elapsed / 60:.1f} min")
    if append:
        append_results(title, text + f"\nWhole bench: {elapsed / 60:.1f} min.\n")
    return 0


def append_results(title: str, body: str) -> None:
    """Append a dated section with the machine to docs/benchmarks.md (created with its Method first)."""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    if not RESULTS.exists():
        RESULTS.write_text(METHOD + "\n## Results\n")
    m = _AT_START or machine()
    header = (f"\n### {title} — {m['date']}\n\n"
              f"commit `{m['commit']}`; {m['nproc']} CPUs ({m['cpu']}), {m['memory']} RAM; Python {m['python']}\n\n")
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write(header + body.rstrip() + "\n")
    print(f"\nappended to {RESULTS.relative_to(ROOT)}")

