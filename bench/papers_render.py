"""How long the server takes to render a case's papers (app/services/papers), in one process as a worker would.

The demo district is seeded into a temporary SQLite file (its bytes in a temporary folder); the signed demo
case with the most files (app/services/demo/data/attachments.toml) is loaded once, then each paper that
applies to it and its whole dossier (卷宗) are rendered RUNS times, one after another, in this process. The
first render of the process is reported on its own (it pays what a process pays once); the others give the
median and range. Rendering only: no HTTP, no audit row.

With `--compare`, each render is done twice in turn: as the papers do now (the font parsed once per process,
app/services/papers/font.py) and with fpdf2's `add_font` parsing it for every document (as before
commit `79f78ae`), so both are measured under the same load.

    .venv/bin/python bench/papers_render.py                  # 5 runs, append to docs/benchmarks.md
    .venv/bin/python bench/papers_render.py --runs 3 --no-write
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.harness import append_results, record_start, table  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="print only; do not append to docs/benchmarks.md")
    parser.add_argument("--compare", action="store_true", help="also render with the font parsed per document")
    args = parser.parse_args()
    record_start()

    import sqlalchemy as sa

    from app import create_app
    from app.extensions import db
    from app.models import Attachment, User
    from app.services.access.scope import Viewer
    from app.services.demo.seed import seed_demo
    from app.services.papers.case_file import load_case_file
    from app.services.papers import document
    from app.services.papers.render import render_dossier, render_paper
    from app.services.papers.rules import PRINTABLE, applies
    from app.services.sync.sequence import ensure_sequence_row

    folder = Path(tempfile.mkdtemp(prefix="bench-papers-"))
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'demo.sqlite3'}",
                      "ATTACHMENTS_DIR": str(folder / "attachments"), "SECRET_KEY": "bench",
                      "JWT_SECRET_KEY": "bench-jwt-secret-that-is-long-enough-0123456789"})
    with app.app_context():
        db.create_all()
        ensure_sequence_row()
        db.session.commit()
        seed_demo(if_empty=True)
        dispute_id = db.session.scalars(sa.select(Attachment.dispute_id).group_by(Attachment.dispute_id)
                                        .order_by(sa.func.count().desc(), Attachment.dispute_id)).first()
        admin = db.session.scalars(sa.select(User).where(User.username == "admin")).one()
        case = load_case_file(Viewer.of(admin), dispute_id)
        files = len(case.attachments)
        papers = [paper for paper in PRINTABLE if applies(paper, case.records())]
        jobs = [(paper, lambda paper=paper: render_paper(case, paper)) for paper in papers]
        jobs.append(("dossier (卷宗)", lambda: render_dossier(case)))

        shared = document.document_font
        modes = {"now": shared, "per document": _parsed_per_document} if args.compare else {"now": shared}
        first: tuple[str, float] | None = None
        times: dict[tuple[str, str], list[float]] = {(name, mode): [] for name, _ in jobs for mode in modes}
        sizes: dict[str, int] = {}
        for _ in range(args.runs + 1):
            for name, render in jobs:
                for mode, font in modes.items():
                    document.document_font = font
                    started = time.perf_counter()
                    pdf = render()
                    elapsed = time.perf_counter() - started
                    if first is None:
                        first = (name, elapsed)
                        continue
                    times[(name, mode)].append(elapsed)
                    sizes[name] = len(pdf)
        document.document_font = shared

    def cell(values: list[float]) -> str:
        return f"{statistics.median(values):.2f} s ({min(values):.2f}–{max(values):.2f})"

    headers = ["paper", "median (range), font parsed once", "size"]
    if args.compare:
        headers[2:2] = ["median (range), parsed per document", "ratio"]
    rows = []
    for name, _ in jobs:
        now = times[(name, "now")]
        row = [name, cell(now)]
        if args.compare:
            before = times[(name, "per document")]
            row += [cell(before), f"{statistics.median(now) / statistics.median(before):.2f}"]
        rows.append([*row, f"{sizes[name] / 1024:.0f} KB"])
    body = (table(headers, rows)
            + f"\n\nThe case: a signed written agreement of the demo with {files} files (signatures and photos); "
            + f"{args.runs} renders of each, one after another in one process, after the process's first render "
            + f"({first[0]}: {first[1]:.2f} s, not counted).\n")
    print(body)
    if not args.no_write:
        append_results("Papers (bench/papers_render.py)", body)


def _parsed_per_document(index: int):
    """The font as fpdf2's `add_font` makes it for one document: parsed from the file, bounding box recomputed."""
    from fpdf import FPDF

    from app.services.papers.font import FAMILY, font_path

    holder = FPDF()
    holder.add_font(FAMILY, fname=str(font_path()))
    font = holder.fonts[FAMILY.lower()]
    font.i = index
    return font


if __name__ == "__main__":
    main()
