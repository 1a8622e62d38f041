"""A real CPU slow-down for a whole browser: a Linux cgroup (v1 `cpu` controller) whose CFS bandwidth quota
gives every Chromium process in it — page, dedicated and service workers, GPU and raster threads, IndexedDB in
the browser process — `1/rate` of one core together.

CDP's `Emulation.setCPUThrottlingRate` slows only a page's main thread: a dedicated worker runs at full speed
(and Chromium 156 refuses the command on a worker target: "Operation is only supported for pages, not
workers"), so a budget whose work runs in a worker is flattered by it. A quarter of one core for the whole
browser is ×4 for one busy thread, and worse for work spread over threads (they share the quarter): an honest
"×4 or slower" phone.

Chromium is started through a wrapper that writes its own PID into the cgroup's `cgroup.procs`, then execs
Chromium, so every process it forks inherits the cgroup. The quota is set only around what is measured
(`slowed()`): signing in and syncing run at full speed. Needs root and a writable cgroup v1 cpu hierarchy;
`CpuCgroup.open` says why not otherwise, and the caller falls back to CDP with a label saying so.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

ROOT = Path("/sys/fs/cgroup/cpu")
PERIOD_US = 100_000


class CpuCgroup:
    def __init__(self, path: Path, executable: Path, rate: float):
        self.path, self.executable, self.rate = path, executable, rate

    @classmethod
    def open(cls, chromium: Path, rate: float) -> tuple[CpuCgroup | None, str]:
        """A new cgroup and a wrapper executable that starts `chromium` in it; or None and why not."""
        if not (ROOT / "cgroup.procs").exists():
            return None, f"no cgroup v1 cpu hierarchy at {ROOT}"
        path = ROOT / f"tiaojie-bench-{os.getpid()}"
        try:
            path.mkdir()
            (path / "cpu.cfs_period_us").write_text(str(PERIOD_US))
            (path / "cpu.cfs_quota_us").write_text("-1")
        except OSError as error:
            with contextlib.suppress(OSError):
                path.rmdir()
            return None, f"cgroup {path} not writable ({error.strerror})"
        folder = Path(tempfile.mkdtemp(prefix="tiaojie-slow-chromium-"))
        executable = folder / "chromium"
        executable.write_text(f'#!/bin/sh\necho $$ > {path}/cgroup.procs || exit 1\nexec {chromium} "$@"\n')
        executable.chmod(0o755)
        return cls(path, executable, rate), ""

    @contextlib.contextmanager
    def slowed(self) -> Iterator[None]:
        """Everything in the cgroup gets `1/rate` of one core until the block ends."""
        (self.path / "cpu.cfs_quota_us").write_text(str(int(PERIOD_US / self.rate)))
        try:
            yield
        finally:
            (self.path / "cpu.cfs_quota_us").write_text("-1")

    def throttled_ms(self) -> float:
        """How long, in all, the cgroup's processes were held back by the quota."""
        stat = dict(line.split() for line in (self.path / "cpu.stat").read_text().splitlines())
        return int(stat["throttled_time"]) / 1e6

    def close(self) -> None:
        """Any process left (a browser that did not exit) goes back to the root cgroup; then both are removed."""
        with contextlib.suppress(OSError):
            (self.path / "cpu.cfs_quota_us").write_text("-1")
            for pid in (self.path / "cgroup.procs").read_text().split():
                with contextlib.suppress(OSError):
                    (ROOT / "cgroup.procs").write_text(pid)
            self.path.rmdir()
        shutil.rmtree(self.executable.parent, ignore_errors=True)
