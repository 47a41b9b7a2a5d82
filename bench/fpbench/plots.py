"""The report's figures (PNG, matplotlib with the Agg backend): RD curves per clip and
speed against BD-rate. matplotlib is the one dependency beyond the standard library;
scripts/bench installs it into target/oracle-venv."""

from __future__ import annotations

import math
from pathlib import Path

from .errors import BenchError

LABEL = {"psnr": "PSNR-Y (dB, mean of frames)", "psnr-global": "PSNR-Y (dB, of mean MSE)",
         "ssim": "SSIM-Y (dB)", "vmaf": "VMAF"}
# What the panels show: VMAF on its own scale (BD-rates use the dB scale, see metrics.py).
PLOT_KEY = {"psnr": "psnr_y", "psnr-global": "psnr_y_global", "ssim": "ssim_y_db",
            "vmaf": "vmaf"}


def _pyplot():
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise BenchError("the plots need matplotlib (scripts/bench installs it into "
                         "target/oracle-venv; or pass --no-plots)") from None
    return plt


def _style(variant: str) -> dict:
    if variant.startswith("framepress"):
        return {"linestyle": "-", "linewidth": 2.0, "marker": "o"}
    if variant.startswith("openh264") or "baseline" in variant:
        return {"linestyle": ":", "linewidth": 1.2, "marker": "^"}
    return {"linestyle": "--", "linewidth": 1.2, "marker": "s", "markersize": 4}


def rd_figure(clip: str, info: dict, points: list[dict], metrics: list[str], tunes: dict,
              path: Path, psnr_key: str = "psnr") -> None:
    """One panel per metric: bit rate (log) against quality, the variants scored on it."""
    plt = _pyplot()
    fig, axes = plt.subplots(1, len(metrics), figsize=(5.2 * len(metrics), 4.2), squeeze=False)
    for ax, metric in zip(axes[0], metrics):
        key = PLOT_KEY[psnr_key if metric == "psnr" else metric]
        seen = []
        for p in points:
            if p["variant"] not in seen and p["tune"] in (None, tunes[metric]) and key in p:
                seen.append(p["variant"])
        for v in seen:
            pts = sorted((p["bitrate_kbps"], p[key]) for p in points if p["variant"] == v)
            ax.plot([r for r, _ in pts], [q for _, q in pts], label=v, **_style(v))
        ax.set_xscale("log")
        ax.set_xlabel("kbit/s")
        ax.set_ylabel(LABEL[psnr_key if metric == "psnr" else metric])
        ax.set_title(f"{clip} ({info['width']}x{info['height']}): {metric.upper()}")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90)
    plt.close(fig)


def speed_figure(rows: list[dict], path: Path) -> None:
    """Speed (x264 medium = 1, log) against mean PSNR BD-rate vs x264 medium, per encoder:
    up and right is worse compression and faster; the goal is down and right."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 4.6))
    for i, r in enumerate(rows):
        if r["speed_ratio"] is None or r["bd_rate"] is None:
            continue
        fam = r["encoder"].split("-")[0]
        marker = {"framepress": "o", "x264": "s", "openh264": "^"}.get(fam, "x")
        ax.scatter([r["speed_ratio"]], [r["bd_rate"]], marker=marker, s=50 if fam ==
                   "framepress" else 30)
        ax.annotate(r["encoder"], (r["speed_ratio"], r["bd_rate"]), fontsize=7,
                    textcoords="offset points", xytext=(4, 4 if i % 2 else -10))
    ax.set_xscale("log")
    ax.set_yscale("symlog", linthresh=100)  # x264 ultrafast is at +300 %
    ax.axhline(0, color="grey", linewidth=0.6)
    ax.axvline(1, color="grey", linewidth=0.6)
    ax.set_xlabel("speed relative to x264 medium, one thread (same run; log scale)")
    ax.set_ylabel("BD-rate vs x264 medium, PSNR-Y (%)")
    ax.set_title("Speed against compression (mean over clips)")
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90)
    plt.close(fig)


def geomean(values: list[float]) -> float | None:
    vals = [v for v in values if v and v > 0]
    return math.exp(sum(math.log(v) for v in vals) / len(vals)) if vals else None
