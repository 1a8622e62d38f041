"""What a worker loads when it starts: sync workers never print, so the PDF machinery (fpdf2 and fontTools,
~20 MB a worker) waits for the first paper (app/services/papers/render.py), and a 100,000-record pull
stays inside the memory budget (docs/benchmarks.md, round 9)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOADED_ON_FIRST_PRINT = ("fpdf", "fontTools")


def modules_after_loading(module: str, database: Path) -> set[str]:
    probe = f"import json, sys; import {module}; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True,
                          env={"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{database}"})
    return {name.split(".")[0] for name in json.loads(done.stdout.splitlines()[-1])}


def test_a_starting_worker_loads_no_pdf_library(tmp_path):
    loaded = modules_after_loading("wsgi", tmp_path / "app.sqlite3")
    assert "flask" in loaded and "sqlalchemy" in loaded
    assert loaded.isdisjoint(LOADED_ON_FIRST_PRINT)


def test_the_first_print_loads_them(tmp_path):
    """So the names above are the modules' real names, and their absence at start means something."""
    loaded = modules_after_loading("app.services.papers.render", tmp_path / "app.sqlite3")
    assert set(LOADED_ON_FIRST_PRINT) <= loaded
