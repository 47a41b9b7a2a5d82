"""The speed run: fps at one thread and at all cores, median of interleaved runs, as ratios
to x264 at the matching preset measured in the same run."""

from __future__ import annotations

import statistics

from .clips import Clip
from .encode import Setup, encode
from .encoders import ENCODERS, TUNE_PSNR
from .errors import log
from .tools import run_tool


def run_clip(setup: Setup, clip: Clip, encoders: list[str], qp: int, repeat: int) -> dict:
    """Per (encoder, threads): every run's wall and CPU seconds and the median. Runs are
    interleaved (all encoders once, then again) so a load change hits every encoder alike."""
    plan = []
    for name in encoders:
        enc = ENCODERS[name]
        plan.append((name, 1))
        if enc.threads:
            plan.append((name, 0))
    runs: dict[str, dict] = {}
    for rep in range(repeat):
        for name, threads in plan:
            enc = ENCODERS[name]
            tune = TUNE_PSNR if enc.family in ("x264", "x265") else None
            p = encode(setup, enc, tune, clip, qp, threads=threads)
            r = runs.setdefault(f"{name}@{threads}", {
                "encoder": name, "threads": threads, "walls": [], "cpus": [],
                "kbps": p["bitrate_kbps"], "command": p["command"]})
            r["walls"].append(p["seconds"])
            r["cpus"].append(p["cpu_seconds"])
    for r in runs.values():
        r["seconds"] = statistics.median(r["walls"])
        r["cpu_seconds"] = statistics.median(r["cpus"])
        r["fps"] = clip.frames / r["seconds"]
        log(f"  {r['encoder']:24s} {'1 thread ' if r['threads'] == 1 else 'all cores'} "
            f"{r['fps']:8.1f} fps  (CPU/wall {r['cpu_seconds'] / r['seconds']:.2f})")
    overhead = statistics.median(
        run_tool([setup.ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-i",
                  str(clip.y4m), "-map", "0:v:0", "-f", "null", "-"], "FFmpeg read-only run").wall
        for _ in range(repeat))
    return {"runs": runs, "ffmpeg_overhead_seconds": overhead, "qp": qp, "repeat": repeat}
