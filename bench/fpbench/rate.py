"""Rate accuracy, constraints and latency: framepress's rate-control modes on real clips,
with x264's one-pass ABR and CBR at the same targets in the same run.

For each clip and target: achieved average rate against the target (ABR), and at the middle
target CBR (HRD buffer replay: underflows, overflows), VBR with a VBV peak (underflows),
AverageBitRate capped by DataRateLimits (the worst window against the cap, violations), and
the per-frame latency with MaxFrameDelayCount = 0, and low-latency rate control (its 0.5 s
buffer replayed) against x264's `--tune zerolatency` with the same VBV. Sizes and decode times come from the
samples framepress delivers (`--stats`) or from x264's access units; the checks are
`ratecheck`'s, not the encoders'. Runs only when the binary under test lists
AverageBitRate."""

from __future__ import annotations

import json
import subprocess
from fractions import Fraction
from pathlib import Path

from . import metrics, ratecheck
from .clips import Clip
from .encode import Setup
from .errors import log
from .tools import run_tool

#: ABR targets per clip, kbit/s (carphone's are the issue's 200k/500k/2M scaled to what
#: Baseline reaches at 176x144: 2 Mbit/s is past QP 0 for framepress).
TARGETS_KBPS = {"carphone": [100, 300, 1000], "bikes": [300, 1000, 3000],
                "bigbuckbunny": [500, 1500, 4000]}
#: VBV / window parameters (Apple's samples: caps at 1.5 × the average, one second).
BUFFER_SECONDS = 1.0
PEAK_FACTOR = 1.5
#: framepress's low-latency buffer (framepress_rate::LOW_LATENCY_BUFFER_SECONDS, and the
#: initial fullness LOW_LATENCY_INITIAL_PERCENT / 100).
LOW_LATENCY_BUFFER_SECONDS = 0.5
LOW_LATENCY_INITIAL = 0.6


def supported(framepress: Path | None, codec: str = "h264") -> bool:
    if framepress is None:
        return False
    out = subprocess.run([str(framepress), "properties", "--codec", codec],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return any(line.split()[:1] == ["AverageBitRate"]
               for line in out.stdout.decode("utf-8", "replace").splitlines())


def _framepress(setup: Setup, clip: Clip, out: Path, extra: list[str], what: str) -> dict:
    stats = out.with_suffix(".json")
    cmd = [str(setup.framepress), "encode", "-i", str(clip.y4m), "-o", str(out), "--quiet",
           "--stats", str(stats)] + extra
    run_tool(cmd, what)
    d = json.loads(stats.read_text())
    stats.unlink(missing_ok=True)
    frames = [(Fraction(r["dts"]).limit_denominator(1_000_000), r["bytes"])
              for r in d["per_frame"]]
    return {"frames": frames, "dropped": d["dropped"], "latency": d.get("latency_ms"),
            "command": " ".join(cmd)}


def _x264(setup: Setup, clip: Clip, out: Path, extra: list[str], what: str) -> dict:
    cmd = [setup.ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i",
           str(clip.y4m), "-c:v", "libx264", "-preset", "medium", "-threads", "1"] + extra + [
           "-f", "h264", str(out)]
    run_tool(cmd, what)
    sizes = ratecheck.access_unit_sizes(out.read_bytes())
    step = Fraction(clip.fps)
    frames = [(Fraction(i) / step, s) for i, s in enumerate(sizes)]
    return {"frames": frames, "dropped": clip.frames - len(sizes), "latency": None,
            "command": " ".join(cmd)}


def run_clip(setup: Setup, clip: Clip, targets_kbps: list[int]) -> list[dict]:
    rows = []
    wd = setup.workdir / clip.name / "rate"
    wd.mkdir(parents=True, exist_ok=True)
    seconds = clip.frames / float(clip.fps)
    middle = targets_kbps[len(targets_kbps) // 2]

    def row(encoder: str, mode: str, target: int, run: dict, out: Path, **checks) -> None:
        got = sum(s for _, s in run["frames"]) * 8 / seconds / 1000
        m = metrics.measure(setup.ffmpeg, out, "h264", clip.y4m, wd, f"{clip.name} {encoder} "
                            f"{mode}", {"psnr"}) if run["dropped"] == 0 else {}
        r = {"clip": clip.name, "encoder": encoder, "mode": mode, "target_kbps": target,
             "achieved_kbps": got, "error_pct": (got / target - 1) * 100,
             "psnr_y": m.get("psnr_y"), "frames": len(run["frames"]), "dropped": run["dropped"],
             "command": run["command"], **checks}
        if run["latency"]:
            r["latency_median_ms"] = run["latency"]["median"]
            r["latency_p99_ms"] = run["latency"]["p99"]
        rows.append(r)
        extra = "".join(f", {k} {v}" for k, v in checks.items())
        log(f"  {encoder:20s} {mode:8s} {target:5d} kbit/s: {got:8.1f} "
            f"({r['error_pct']:+.1f} %){extra}")
        out.unlink(missing_ok=True)

    for target in targets_kbps:
        bps = target * 1000
        out = wd / f"abr-{target}.264"
        run = _framepress(setup, clip, out, ["--bitrate", str(bps)],
                          f"{clip.name} framepress ABR {target}k")
        row("framepress-balanced", "ABR", target, run, out)
        run = _x264(setup, clip, out, ["-b:v", f"{target}k"], f"{clip.name} x264 ABR {target}k")
        row("x264-medium", "ABR", target, run, out)

    bps = middle * 1000
    capacity = bps * BUFFER_SECONDS
    out = wd / f"cbr-{middle}.264"
    run = _framepress(setup, clip, out, ["--cbr", str(bps), "--vbv-buffer", str(BUFFER_SECONDS)],
                      f"{clip.name} framepress CBR")
    row("framepress-balanced", "CBR", middle, run, out,
        **_buffer(run, bps, capacity, 0.9 * capacity, True))
    run = _x264(setup, clip, out, ["-b:v", f"{middle}k", "-maxrate", f"{middle}k", "-bufsize",
                                   f"{int(capacity / 1000)}k", "-x264-params", "nal-hrd=cbr"],
                f"{clip.name} x264 CBR")
    row("x264-medium", "CBR", middle, run, out, **_buffer(run, bps, capacity, 0.9 * capacity, True))

    peak = bps * PEAK_FACTOR
    out = wd / f"vbr-{middle}.264"
    run = _framepress(setup, clip, out, ["--vbr", str(bps), "--vbv-maxrate", str(int(peak)),
                                         "--vbv-buffer", str(BUFFER_SECONDS)],
                      f"{clip.name} framepress VBR")
    row("framepress-balanced", "VBR+VBV", middle, run, out,
        **_buffer(run, peak, peak * BUFFER_SECONDS, 0.9 * peak * BUFFER_SECONDS, False))

    cap_bytes = int(peak / 8)
    out = wd / f"limits-{middle}.264"
    run = _framepress(setup, clip, out, ["--bitrate", str(bps), "--data-rate-limit",
                                         f"{cap_bytes}/1"], f"{clip.name} framepress limits")
    row("framepress-balanced", "ABR+DRL", middle, run, out, **_windows(run, cap_bytes))

    out = wd / f"latency-{middle}.264"
    run = _framepress(setup, clip, out, ["--bitrate", str(bps), "--max-frame-delay", "0"],
                      f"{clip.name} framepress latency")
    row("framepress-balanced", "ABR, delay 0", middle, run, out)

    # Low-latency rate control (conferencing) against x264's zero-latency tuning with the
    # same buffer: maxrate = target, 0.5 s.
    ll_capacity = bps * LOW_LATENCY_BUFFER_SECONDS
    out = wd / f"low-latency-{middle}.264"
    run = _framepress(setup, clip, out, ["--bitrate", str(bps), "--low-latency",
                                         "--max-frame-delay", "0"],
                      f"{clip.name} framepress low latency")
    row("framepress-balanced", "low latency, delay 0", middle, run, out,
        **_buffer(run, bps, ll_capacity, LOW_LATENCY_INITIAL * ll_capacity, False),
        **_windows(run, cap_bytes))
    run = _x264(setup, clip, out, ["-b:v", f"{middle}k", "-maxrate", f"{middle}k", "-bufsize",
                                   f"{int(ll_capacity / 1000)}k", "-tune", "zerolatency"],
                f"{clip.name} x264 zerolatency")
    row("x264-medium", "zerolatency, VBV", middle, run, out,
        **_buffer(run, bps, ll_capacity, 0.9 * ll_capacity, False), **_windows(run, cap_bytes))
    return rows


def _windows(run: dict, cap_bytes: int) -> dict:
    worst, _ = ratecheck.window_stats(run["frames"], Fraction(1))
    return {"worst_window_pct": round(worst / cap_bytes * 100, 1),
            "window_violations": ratecheck.window_violations(run["frames"], cap_bytes,
                                                             Fraction(1))}


def _buffer(run: dict, rate: float, capacity: float, initial: float, constant: bool) -> dict:
    r = ratecheck.replay_buffer(run["frames"], rate, capacity, initial, constant)
    out = {"underflows": r["underflows"]}
    if constant:
        out["overflows"] = r["overflows"]
    return out
