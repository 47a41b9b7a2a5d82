"""The encoders measured: framepress's presets (constant-QP and Quality points) and the
anchors users would pick instead — x264 at four presets, x264's Baseline profile, OpenH264,
and x265 once framepress encodes HEVC — all through one FFmpeg build (the oracle's), so every
machine runs the same versions.

An anchor runs once per metric it is scored on, with the tune that metric deserves: x264's
default psy-RD and AQ cost it 6-8 % of PSNR, so PSNR BD-rates use `--tune psnr`, SSIM ones
`--tune ssim`, and VMAF the default tune (what it was built for)."""

from __future__ import annotations

import dataclasses
import os

# Tune names of the variants. None: the encoder has no tune; it is measured once, on every
# metric.
TUNE_PSNR, TUNE_SSIM, TUNE_DEFAULT = "psnr", "ssim", "default"
METRIC_TUNE = {"psnr": TUNE_PSNR, "ssim": TUNE_SSIM, "vmaf": TUNE_DEFAULT}


@dataclasses.dataclass(frozen=True)
class Encoder:
    name: str
    family: str  # "framepress", "x264", "openh264", "x265"
    codec: str  # "h264" or "hevc": the stream format FFmpeg reads back
    preset: str = ""
    mode: str = "qp"  # "qp": one point per QP; "quality": framepress's Quality property
    baseline: bool = False  # x264 --profile baseline
    threads: bool = True  # the encoder has worker threads (an all-cores speed run means something)
    description: str = ""
    args: tuple[str, ...] = ()  # extra command-line arguments (framepress ablation variants)

    def tunes(self) -> tuple[str | None, ...]:
        if self.family in ("x264", "x265"):
            return (TUNE_PSNR,) if self.baseline else (TUNE_PSNR, TUNE_SSIM, TUNE_DEFAULT)
        return (None,)


def _fp(preset: str, mode: str = "qp") -> Encoder:
    suffix = "-quality" if mode == "quality" else ""
    what = "--quality q" if mode == "quality" else "--qp Q"
    return Encoder(f"framepress-{preset.lower()}{suffix}", "framepress", "h264", preset, mode,
                   threads=False,
                   description=f"framepress encode --codec h264 --preset {preset} {what}")


def _x264(preset: str) -> Encoder:
    return Encoder(f"x264-{preset}", "x264", "h264", preset,
                   description=f"x264 --preset {preset} --qp Q (FFmpeg libx264)")


ENCODERS: dict[str, Encoder] = {e.name: e for e in [
    _fp("HighSpeed"),
    _fp("Balanced"),
    _fp("HighQuality"),
    _fp("Balanced", "quality"),
    _x264("ultrafast"),
    _x264("veryfast"),
    _x264("medium"),
    _x264("slow"),
    # Ablations of the Balanced preset, one tool off at a time (the ablation table of
    # issue 8): CAVLC instead of CABAC (High profile, B-frames kept), no B-frames, and the
    # 4x4 transform only. (HighSpeed differs from Balanced only in references: 1 vs 3.)
    Encoder("framepress-balanced-cavlc", "framepress", "h264", "Balanced", threads=False,
            args=("--property", "H264EntropyMode=CAVLC"),
            description="framepress encode --preset Balanced --qp Q "
                        "--property H264EntropyMode=CAVLC"),
    Encoder("framepress-balanced-b0", "framepress", "h264", "Balanced", threads=False,
            args=("--property", "FramepressBFrameCount=0"),
            description="framepress encode --preset Balanced --qp Q "
                        "--property FramepressBFrameCount=0 (I/P only)"),
    Encoder("framepress-balanced-no8x8", "framepress", "h264", "Balanced", threads=False,
            args=("--property", "FramepressTransform8x8=false"),
            description="framepress encode --preset Balanced --qp Q "
                        "--property FramepressTransform8x8=false (4x4 transform only)"),
    Encoder("x264-baseline", "x264", "h264", "medium", baseline=True,
            description="x264 --profile baseline --preset medium --qp Q"),
    Encoder("openh264", "openh264", "h264",
            description="OpenH264 (FFmpeg libopenh264), quality mode pinned to QP Q"),
    Encoder("x265-medium", "x265", "hevc", "medium",
            description="x265 --preset medium --qp Q (FFmpeg libx265)"),
]}

REFERENCE = "x264-medium"  # BD-rates are against it, with the tune of the metric
# The x264 preset a framepress preset is timed against (same intent: speed, balance, quality).
SPEED_MATCH = {"framepress-highspeed": "x264-veryfast", "framepress-balanced": "x264-medium",
               "framepress-highquality": "x264-slow"}
FULL_RD = ["framepress-highspeed", "framepress-balanced", "framepress-highquality",
           "framepress-balanced-quality", "framepress-balanced-cavlc", "framepress-balanced-b0",
           "framepress-balanced-no8x8",
           "x264-ultrafast", "x264-veryfast", "x264-medium",
           "x264-slow", "x264-baseline", "openh264"]
FULL_SPEED = ["framepress-highspeed", "framepress-balanced", "framepress-highquality",
              "x264-ultrafast", "x264-veryfast", "x264-medium", "x264-slow", "openh264"]
QUICK_RD = ["framepress-balanced", "x264-veryfast", "x264-medium"]
QUICK_SPEED = ["framepress-balanced", "x264-medium"]
HEVC_ANCHORS = ["x265-medium"]  # added when framepress lists an HEVC encoder


def quality_for_qp(qp: int) -> float:
    """The Quality that framepress H.264 maps to `qp` (0.0 -> 46, 1.0 -> 10, linearly), so a
    Quality curve spans the same range as the QP curves."""
    return round((46 - qp) / 36, 4)


def variant_name(enc: Encoder, tune: str | None) -> str:
    return enc.name if tune is None else f"{enc.name}/{tune}"


def ffmpeg_args(enc: Encoder, tune: str | None, qp: int, threads: int) -> list[str]:
    """FFmpeg output options of an anchor at QP `qp` with `threads` threads (0: all cores)."""
    if enc.family == "x264":
        args = ["-c:v", "libx264", "-preset", enc.preset]
        if tune in (TUNE_PSNR, TUNE_SSIM):
            args += ["-tune", tune]
        if enc.baseline:
            args += ["-profile:v", "baseline"]
        # -qp selects X264_RC_CQP in FFmpeg's wrapper; threads=N in -x264-params wins over
        # -threads; lookahead-threads pins the lookahead too.
        args += ["-qp", str(qp), "-threads", str(threads)]
        if threads:
            args += ["-x264-params", f"threads={threads}:lookahead-threads={threads}"]
        return args
    if enc.family == "openh264":
        # FFmpeg's libopenh264 wrapper has no constant-QP mode (rc_mode=off ignores
        # -qmin/-qmax and codes at its internal QP 26). Quality-mode rate control with an
        # unreachable target and qmin = qmax = Q pins every slice at Q (checked).
        return ["-c:v", "libopenh264", "-rc_mode", "quality", "-b:v", "100M", "-qmin", str(qp),
                "-qmax", str(qp), "-threads", str(threads or os.cpu_count() or 1)]
    if enc.family == "x265":
        params = f"qp={qp}"
        if threads:
            params += f":pools={threads}:frame-threads={threads}:lookahead-threads=0"
        args = ["-c:v", "libx265", "-preset", enc.preset]
        if tune in (TUNE_PSNR, TUNE_SSIM):
            args += ["-tune", tune]
        return args + ["-x265-params", params, "-loglevel", "error"]
    raise ValueError(f"{enc.name} is not an FFmpeg encoder")


def x264_expectations(enc: Encoder, tune: str | None, qp: int, threads: int) -> dict[str, str]:
    """What x264's options SEI must say for the run to be the one reported."""
    want = {"rc": "cqp", "qp": str(qp)}
    if threads:
        want.update(threads=str(threads), lookahead_threads=str(threads), sliced_threads="0")
    if enc.baseline:
        want.update(cabac="0", bframes="0", weightp="0", **{"8x8dct": "0"})
    # Under constant QP x264 turns AQ and MB-tree off whatever the tune, so --tune psnr and
    # --tune ssim differ only in name (the suite finds their streams identical and measures
    # them once); psy-RD is what the default tune adds.
    if tune is not None:
        want["psy"] = "1" if tune == TUNE_DEFAULT else "0"
    return want
