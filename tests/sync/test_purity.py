"""The engine imports only the standard library (architecture.md)."""
from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import sync

ROOT = Path(__file__).resolve().parents[2]


def test_sync_loads_neither_flask_nor_sqlalchemy_nor_app() -> None:
    modules = ["sync"] + [f"sync.{info.name}" for info in pkgutil.iter_modules(sync.__path__)]
    probe = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy', 'marshmallow', 'app')]\n"
        "print(','.join(loaded))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
    assert len(modules) >= 10
