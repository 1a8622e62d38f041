"""The app's own log lines (loggers under `app.`) on standard error, for the processes that serve it.

Called by the entry points (wsgi.py, the browser tests' server), not by `create_app`: tests that build the
app in-process keep pytest's own log capture. `LOG_LEVEL` (default INFO) sets how much is written.
"""
from __future__ import annotations

import logging
import os
import sys

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure() -> None:
    """Write the `app` loggers' lines to stderr at `LOG_LEVEL`; once per process."""
    logger = logging.getLogger("app")
    if logger.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    logger.addHandler(handler)
    logger.setLevel(os.environ.get("LOG_LEVEL", "INFO").upper())
