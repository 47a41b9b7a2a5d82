"""The RD run: every variant at every QP on every clip, then BD-rates per metric."""

from __future__ import annotations

from .bd import bd_psnr, bd_rate
from .clips import Clip
from .encode import Setup, encode
from .encoders import ENCODERS, METRIC_TUNE, REFERENCE, TUNE_DEFAULT, variant_name
from .errors import log
from .metrics import VMAF_MIN_WIDTH, vmaf_db

METRICS = ("psnr", "ssim", "vmaf")
# Computed and saved (bdrate.csv) but not tabled: BD-rate on linear VMAF, the evidence for
# using the dB scale (see metrics.vmaf_db).
EXTRA_METRICS = ("vmaf-linear",)
# What a curve's quality axis is, per metric (`avg`: mean of per-frame PSNR-Y, as x264's
# "PSNR Mean Y" and JCT-VC reports; `global`: PSNR of the mean MSE, FFmpeg's summary).
QUALITY_KEY = {"psnr": "psnr_y", "psnr-global": "psnr_y_global", "ssim": "ssim_y_db",
               "vmaf": "vmaf_db", "vmaf-linear": "vmaf"}
# Cubic and PCHIP BD-rates further apart than this (percentage points) are flagged: one of
# the fits is being bent by an odd point and the row should not be trusted.
FIT_AGREEMENT = 1.0


def clip_metrics(clip: Clip) -> tuple[str, ...]:
    return METRICS if clip.width >= VMAF_MIN_WIDTH else ("psnr", "ssim")


def variants(encoders: list[str], clip: Clip) -> list[tuple[str, str | None, frozenset[str]]]:
    """(encoder, tune, metrics to measure) for a clip. Anchors run once per tune; the
    default tune only where VMAF is measured, since only VMAF scores it."""
    out = []
    mets = clip_metrics(clip)
    for name in encoders:
        enc = ENCODERS[name]
        for tune in enc.tunes():
            if tune is None:
                out.append((name, None, frozenset(mets)))
            elif tune == TUNE_DEFAULT:
                if "vmaf" in mets:
                    out.append((name, tune, frozenset({"psnr", "vmaf"})))
            else:
                out.append((name, tune, frozenset({"psnr", "ssim"})))
    return out


def run_clip(setup: Setup, clip: Clip, encoders: list[str], qps: list[int]) -> list[dict]:
    points = []
    for name, tune, mets in variants(encoders, clip):
        enc = ENCODERS[name]
        for qp in qps:
            p = encode(setup, enc, tune, clip, qp, metrics=mets)
            extra = "".join(f"  {k} {p[k]:.3f}" for k in ("ssim_y_db", "vmaf") if k in p)
            log(f"  {p['variant']:30s} QP {qp:2d}: {p['bitrate_kbps']:9.1f} kbit/s  PSNR-Y "
                f"{p['psnr_y']:.3f}{extra}  {p['seconds']:.2f} s")
            points.append(p)
    return points


def curve(points: list[dict], variant: str, key: str) -> list[tuple[float, float]]:
    return sorted((p["bitrate_kbps"], p[key]) for p in points
                  if p["variant"] == variant and key in p)


def bd_rows(clip: str, points: list[dict], psnr_key: str = "psnr") -> list[dict]:
    """BD-rate of every variant scored on a metric against x264 medium with that metric's
    tune (and the anchor against itself, which must give 0)."""
    rows = []
    present = []
    for p in points:
        if p["variant"] not in present:
            present.append(p["variant"])
    for p in points:  # results saved before vmaf_db existed
        if "vmaf" in p and "vmaf_db" not in p:
            p["vmaf_db"] = vmaf_db(p["vmaf"])
    for metric in METRICS + EXTRA_METRICS:
        key = QUALITY_KEY[psnr_key if metric == "psnr" else metric]
        tune = METRIC_TUNE["vmaf" if metric == "vmaf-linear" else metric]
        anchor = variant_name(ENCODERS[REFERENCE], tune)
        if anchor not in present:
            continue
        ca = curve(points, anchor, key)
        if not ca:
            continue
        for test in present:
            enc_tune = next(p["tune"] for p in points if p["variant"] == test)
            if enc_tune not in (None, tune):
                continue
            ct = curve(points, test, key)
            if not ct:
                continue
            cubic, pchip = bd_rate(ca, ct, "cubic"), bd_rate(ca, ct, "pchip")
            gap = None if cubic is None or pchip is None else abs(cubic - pchip)
            rows.append({
                "clip": clip, "metric": metric, "quality_key": key, "test": test,
                "anchor": anchor, "bd_rate_cubic": cubic, "bd_rate_pchip": pchip,
                "bd_quality_cubic": bd_psnr(ca, ct, "cubic"),
                "bd_quality_pchip": bd_psnr(ca, ct, "pchip"),
                "fit_gap": gap, "fits_agree": gap is None or gap <= FIT_AGREEMENT,
            })
    return rows
