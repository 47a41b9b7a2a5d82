"""One encode: run an encoder on a clip at one QP (or Quality), check it ran as intended,
and measure what the plan asks for."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shlex
from pathlib import Path

from .bitstream import check_x264, info_sei_bytes, slice_qps
from .clips import Clip
from .encoders import Encoder, ffmpeg_args, quality_for_qp, variant_name, x264_expectations
from .errors import BenchError, log
from .metrics import identical_frames, measure
from .tools import run_tool

EXTENSION = {"h264": ".264", "hevc": ".265"}


@dataclasses.dataclass
class Setup:
    ffmpeg: str
    framepress: Path | None
    framepress_args: list[str]
    workdir: Path
    keep: bool
    recon_check: bool
    # Metrics already measured, by (clip, stream sha256): x264's --tune ssim under constant
    # QP writes the same stream as --tune psnr, and is measured once.
    measured: dict = dataclasses.field(default_factory=dict)


def command(setup: Setup, enc: Encoder, tune: str | None, clip: Clip, qp: int, threads: int,
            out: Path, stats: Path, recon: Path | None) -> list[str]:
    if enc.family == "framepress":
        if setup.framepress is None:
            raise BenchError("framepress encoders need the framepress binary")
        cmd = [str(setup.framepress), "encode", "-i", str(clip.y4m), "-o", str(out), "--codec",
               enc.codec, "--preset", enc.preset, "--quiet", "--stats", str(stats)]
        cmd += (["--quality", str(quality_for_qp(qp))] if enc.mode == "quality"
                else ["--qp", str(qp)])
        if recon is not None:
            cmd += ["--recon", str(recon)]
        return cmd + list(enc.args) + setup.framepress_args
    return ([setup.ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i",
             str(clip.y4m), "-map", "0:v:0", "-an"] + ffmpeg_args(enc, tune, qp, threads)
            + ["-f", enc.codec, str(out)])


def encode(setup: Setup, enc: Encoder, tune: str | None, clip: Clip, qp: int, *,
           threads: int = 1, metrics: frozenset[str] = frozenset()) -> dict:
    """Encodes and returns the point: command, bytes, bit rate, time, and — when `metrics`
    is not empty — slice QPs, the metrics, and for framepress the recon == decode check.
    `threads` 0 means all cores (framepress has no thread setting yet and ignores it)."""
    name = variant_name(enc, tune)
    what = f"{clip.name} {name} QP {qp}" + (f" ({threads or 'all'} threads)" if threads != 1
                                             else "")
    wd = setup.workdir / clip.name
    wd.mkdir(parents=True, exist_ok=True)
    stem = f"{name.replace('/', '-')}-qp{qp}-t{threads}"
    out = wd / (stem + EXTENSION[enc.codec])
    stats = wd / f"{stem}.stats.json"
    recon = wd / f"{stem}.recon.y4m"
    out.unlink(missing_ok=True)
    check_recon = enc.family == "framepress" and bool(metrics) and setup.recon_check
    cmd = command(setup, enc, tune, clip, qp, threads, out, stats,
                  recon if check_recon else None)
    res = run_tool(cmd, what)
    try:
        data = out.read_bytes()
    except OSError:
        raise BenchError(f"{what}: the encoder wrote no {out.name}") from None
    if not data:
        raise BenchError(f"{what}: empty output")
    sei = info_sei_bytes(data) if enc.codec == "h264" else 0
    point: dict = {
        "clip": clip.name, "variant": name, "encoder": enc.name, "family": enc.family,
        "tune": tune, "mode": enc.mode, "qp": qp, "threads": threads,
        "quality": quality_for_qp(qp) if enc.mode == "quality" else None,
        "command": shlex.join(cmd), "bytes": len(data), "info_sei_bytes": sei,
        "bytes_counted": len(data) - sei, "sha256": hashlib.sha256(data).hexdigest(),
        "seconds": res.wall, "cpu_seconds": res.cpu, "fps": clip.frames / res.wall,
    }
    point["bitrate_kbps"] = point["bytes_counted"] * 8 / (clip.frames / float(clip.fps)) / 1000
    if enc.family == "x264":
        opts = check_x264(x264_expectations(enc, tune, qp, threads), data, what)
        point["x264_options"] = " ".join(f"{k}={v}" for k, v in opts.items())
    if enc.family == "framepress":
        try:
            fst = json.loads(stats.read_text())
        except (OSError, ValueError) as e:
            raise BenchError(f"{what}: unreadable --stats file ({e})") from None
        if fst.get("frames") != clip.frames or fst.get("dropped"):
            raise BenchError(f"{what}: framepress encoded {fst.get('frames')} frames "
                             f"({fst.get('dropped')} dropped), the clip has {clip.frames}")
    if metrics:
        if enc.codec == "h264":
            pictures, hist = slice_qps(setup.ffmpeg, out, what)
            if pictures != clip.frames:
                raise BenchError(f"{what}: the stream has {pictures} pictures, the clip "
                                 f"{clip.frames} frames")
            point["slice_qp"] = hist
        key = (clip.name, point["sha256"])
        cached = setup.measured.get(key, {})
        todo = set(metrics) - set(cached.get("_measured", ()))
        if todo:
            got = measure(setup.ffmpeg, out, enc.codec, clip.y4m, wd, what, todo)
            if got.get("frames") != clip.frames:
                raise BenchError(f"{what}: FFmpeg decoded {got.get('frames')} frames, the "
                                 f"clip has {clip.frames}")
            got.pop("_mse_yuv", None)
            cached = {**cached, **got,
                      "_measured": sorted(set(cached.get("_measured", ())) | todo)}
            setup.measured[key] = cached
        else:
            point["same_stream_as_earlier"] = True
        point.update({k: v for k, v in cached.items() if not k.startswith("_")})
        point["metrics"] = sorted(metrics)
        if check_recon:
            compared, first_bad = identical_frames(setup.ffmpeg, out, enc.codec, recon, wd,
                                                   f"{what} (recon)")
            ok = compared == clip.frames and first_bad is None
            point["recon_matches_decoder"] = ok
            if not ok:
                log(f"warning: {what}: FFmpeg's decode differs from framepress's --recon "
                    f"(first at frame {first_bad}; {compared} frames compared)")
    if not setup.keep:
        for p in (out, recon, stats):
            p.unlink(missing_ok=True)
    return point
