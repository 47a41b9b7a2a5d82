"""What the figures were measured on and with: host, tool versions, the framepress commit."""

from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path

from .tools import ROOT


def _out(cmd: list[str], cwd: Path | None = None) -> str:
    try:
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except OSError:
        return "?"
    return p.stdout.decode("utf-8", "replace").strip() if p.returncode == 0 else "?"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def describe(framepress: Path | None) -> dict:
    commit = _out(["git", "rev-parse", "--short=12", "HEAD"], ROOT)
    dirty = _out(["git", "status", "--porcelain", "--untracked-files=no"], ROOT)
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "rustc": _out(["rustc", "--version"]),
        "framepress": (_out([str(framepress), "--version"]).removeprefix("framepress ")
                       if framepress else "not measured"),
        "commit": commit + (" (with uncommitted changes)" if dirty not in ("", "?") else ""),
        "loadavg_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
