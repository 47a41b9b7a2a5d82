"""Running tools: timed processes, the FFmpeg oracle and what it can do."""

from __future__ import annotations

import dataclasses
import os
import re
import resource
import shutil
import subprocess
import time
from pathlib import Path

from .errors import BenchError

ROOT = Path(__file__).resolve().parent.parent.parent


@dataclasses.dataclass
class RunResult:
    wall: float
    cpu: float
    stderr: str
    stdout: str = ""


def run_tool(cmd: list[str], what: str, cwd: Path | None = None,
             capture: bool = False) -> RunResult:
    """Runs one process to completion, timing it (wall clock and user+system CPU)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=cwd, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    except FileNotFoundError:
        raise BenchError(f"{what}: cannot run {cmd[0]}: not found") from None
    except PermissionError:
        raise BenchError(f"{what}: cannot run {cmd[0]}: not executable") from None
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    err = proc.stderr.decode("utf-8", "replace")
    if proc.returncode != 0:
        lines = [ln.strip() for ln in err.splitlines() if ln.strip()]
        last = lines[-1] if lines else "no message"
        raise BenchError(f"{what} failed (exit {proc.returncode}): {last}")
    out = proc.stdout.decode("utf-8", "replace") if capture else ""
    return RunResult(wall, cpu, err, out)


def find_ffmpeg(explicit: str | None) -> str:
    if explicit:
        path = explicit
    else:
        oracle = ROOT / "scripts" / "oracle.sh"
        try:
            out = subprocess.run([str(oracle)], cwd=ROOT, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, check=True)
        except (OSError, subprocess.CalledProcessError) as e:
            detail = getattr(e, "stderr", b"") or b""
            lines = detail.decode("utf-8", "replace").strip().splitlines()
            raise BenchError(
                f"cannot install the FFmpeg oracle with scripts/oracle.sh"
                f"{': ' + lines[-1] if lines else ''} (or pass --ffmpeg PATH)"
            ) from None
        path = out.stdout.decode().strip().splitlines()[-1]
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        found = shutil.which(path)
        if not found:
            raise BenchError(f"FFmpeg not found at {path}")
        path = found
    return path


def ffmpeg_info(ffmpeg: str) -> dict:
    """Version line, encoders and filters of an FFmpeg build."""
    def listing(flag: str) -> str:
        return subprocess.run([ffmpeg, "-hide_banner", flag], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, check=True).stdout.decode()

    try:
        ver = listing("-version")
        encs = listing("-encoders")
        filters = listing("-filters")
    except (OSError, subprocess.CalledProcessError) as e:
        raise BenchError(f"cannot run FFmpeg at {ffmpeg}: {e}") from None
    encoders = sorted({ln.split()[1] for ln in encs.splitlines() if len(ln.split()) > 1})
    have_filters = sorted(set(re.findall(r"^\s*\S+\s+(\w+)\s+\S+->\S+", filters, re.M)))
    return {"path": ffmpeg, "version": _version(ver),
            "encoders": encoders, "filters": have_filters}


def require(info: dict, encoders: set[str], filters: set[str]) -> None:
    """Stops with one line when the FFmpeg build lacks an encoder or filter the plan needs."""
    missing = sorted(e for e in encoders if e not in info["encoders"])
    missing += sorted(f"filter {f}" for f in filters if f not in info["filters"])
    if missing:
        raise BenchError(f"FFmpeg at {info['path']} lacks {', '.join(missing)}")


def _version(text: str) -> str:
    """`n9.0.2-17-g2a571b6068-20260930` from `ffmpeg version n9.0.2-… Copyright …`."""
    first = text.splitlines()[0] if text else ""
    parts = first.split()
    return parts[2] if len(parts) > 2 and parts[:2] == ["ffmpeg", "version"] else first or "?"
