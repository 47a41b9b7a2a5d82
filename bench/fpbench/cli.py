"""`scripts/bench`: the whole suite in one command.

    scripts/bench                 # full: 4 clips, QP 22/27/32/37, speed, kernels; writes
                                  # docs/BENCHMARKS.md's generated section and docs/bench/
    scripts/bench --quick         # carphone, QP 27/37: a few minutes, results in target/bench
    scripts/bench --report target/bench/results-….json [--docs]   # re-render, no encoding
    scripts/bench --selftest      # the suite's own unit tests (BD arithmetic, parsing)
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import shlex
import sys
import time
import unittest
from pathlib import Path

from . import clips as clipmod
from . import kernels, rate, rd, speed
from .encode import Setup
from .encoders import (ENCODERS, FULL_RD, FULL_SPEED, HEVC_ANCHORS, METRIC_TUNE, QUICK_RD,
                       QUICK_SPEED)
from .errors import PROG, BenchError, log
from .machine import describe
from .plots import rd_figure, speed_figure
from .report import render, speed_rows, splice, write_csv
from .tools import ROOT, ffmpeg_info, find_ffmpeg, require, run_tool

FULL_CLIPS = ["carphone", "bikes", "bigbuckbunny", "synthetic"]
QUICK_CLIPS = ["carphone"]
STAGES = ("rd", "speed", "rate", "kernels")


def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog=PROG, description="framepress's benchmark suite: BD-rate "
                                 "(PSNR, SSIM, VMAF), speed, rate accuracy and kernel timings "
                                 "against x264/OpenH264 in the same run (see bench/README.md).")
    ap.add_argument("--quick", action="store_true",
                    help="one clip, two QPs, the main encoders: for development")
    ap.add_argument("--clips", help=f"comma-separated subset of {', '.join(clipmod.CLIPS)}")
    ap.add_argument("--qps", help="QPs of the RD curves (full: 22,27,32,37; quick: 27,37)")
    ap.add_argument("--encoders", help="RD variants' encoders, comma-separated, from "
                    + ", ".join(ENCODERS))
    ap.add_argument("--speed-encoders", help="encoders of the speed run")
    ap.add_argument("--only", help=f"run only these stages, from {', '.join(STAGES)}")
    ap.add_argument("--skip", default="", help="skip these stages")
    ap.add_argument("--frames", type=int, help="first N frames of each clip (default: all)")
    ap.add_argument("--speed-qp", type=int, default=27)
    ap.add_argument("--repeat", type=int, default=3, help="speed runs per encoder (median kept)")
    ap.add_argument("--framepress", default=str(ROOT / "target" / "release" / "framepress"))
    ap.add_argument("--framepress-args", default="",
                    help="extra arguments for `framepress encode` (one shell-quoted string)")
    ap.add_argument("--build", action="store_true",
                    help="cargo build --release -p framepress-cli first (scripts/bench does)")
    ap.add_argument("--no-recon-check", action="store_true")
    ap.add_argument("--psnr-metric", choices=["avg", "global"], default="avg",
                    help="PSNR-Y of the BD-rates: mean of per-frame PSNR (default) or PSNR of "
                    "the mean MSE")
    ap.add_argument("--ffmpeg", help="FFmpeg with libx264 (default: the oracle)")
    ap.add_argument("--cache", default=str(ROOT / "target" / "bench-cache"))
    ap.add_argument("--out", default=str(ROOT / "target" / "bench"))
    ap.add_argument("--keep", action="store_true", help="keep the streams in OUT/work")
    docs = ap.add_mutually_exclusive_group()
    docs.add_argument("--docs", action="store_true", default=None,
                      help="write docs/BENCHMARKS.md and docs/bench/ (default in full mode)")
    docs.add_argument("--no-docs", action="store_false", dest="docs")
    ap.add_argument("--no-plots", action="store_true")
    ap.add_argument("--report", metavar="RESULTS.json", help="re-render an earlier run")
    ap.add_argument("--selftest", action="store_true", help="run the suite's unit tests")
    return ap.parse_args(argv)


def parse_list(text: str, known, what: str) -> list[str]:
    items = [t.strip() for t in text.split(",") if t.strip()]
    if not items:
        raise BenchError(f"--{what}: empty list")
    bad = [t for t in items if known is not None and t not in known]
    if bad:
        raise BenchError(f"--{what}: unknown {', '.join(bad)}; known: {', '.join(known)}")
    return items


def resolve_framepress(args: argparse.Namespace) -> Path:
    if args.build:
        log("building framepress (cargo build --release --locked -p framepress-cli)")
        run_tool(["cargo", "build", "--release", "--locked", "-p", "framepress-cli"],
                 "cargo build", cwd=ROOT)
    fp = Path(args.framepress)
    if not fp.is_file() or not os.access(fp, os.X_OK):
        raise BenchError(f"framepress binary {fp} not found (pass --build or --framepress PATH)")
    return fp.resolve()


def has_hevc(fp: Path) -> bool:
    out = run_tool([str(fp), "encoders"], "framepress encoders", capture=True)
    return "HEVC" in out.stdout


def figures(results: dict, directory: Path) -> None:
    psnr_key = "psnr" if results["meta"]["psnr_metric"] == "avg" else "psnr-global"
    for name, c in results["clips"].items():
        if not c.get("points"):
            continue
        mets = [m for m in rd.METRICS if any(
            rd.QUALITY_KEY[psnr_key if m == "psnr" else m] in p for p in c["points"])]
        if "vmaf" in mets or any("vmaf" in p for p in c["points"]):
            mets = [m for m in mets if m != "vmaf"] + ["vmaf"]
        fig = f"rd-{name}.png"
        rd_figure(name, c["clip"], c["points"], mets, METRIC_TUNE, directory / fig, psnr_key)
        c["figure"] = fig
    rows = speed_rows(results)
    if any(r["speed_ratio"] and r["bd_rate"] is not None for r in rows):
        speed_figure(rows, directory / "speed-bdrate.png")
        results["meta"]["speed_figure"] = "speed-bdrate.png"


def publish(results: dict, args: argparse.Namespace, out_dir: Path) -> None:
    """CSV and figures into target/bench (and docs/bench with --docs), the section into
    docs/BENCHMARKS.md with --docs; the Markdown always to stdout."""
    dirs = [out_dir] + ([ROOT / "docs" / "bench"] if args.docs else [])
    for d in dirs:
        write_csv(results, d)
        if not args.no_plots:
            figures(results, d)
    section = render(results)
    print(section)
    if args.docs:
        doc = ROOT / "docs" / "BENCHMARKS.md"
        text = doc.read_text() if doc.exists() else "# Benchmarks\n\n"
        doc.write_text(splice(text, section))
        log(f"wrote {doc} and {ROOT / 'docs' / 'bench'}")


def run(args: argparse.Namespace, argv: list[str]) -> int:
    start = time.monotonic()
    stages = set(parse_list(args.only, STAGES, "only")) if args.only else set(STAGES)
    stages -= set(parse_list(args.skip, STAGES, "skip")) if args.skip else set()
    clips = parse_list(args.clips or ",".join(QUICK_CLIPS if args.quick else FULL_CLIPS),
                       clipmod.CLIPS, "clips")
    try:
        qps = [int(q) for q in parse_list(args.qps or ("27,37" if args.quick else
                                                       "22,27,32,37"), None, "qps")]
    except ValueError:
        raise BenchError(f"--qps: expected integers, got {args.qps!r}") from None
    if any(not 0 <= q <= 51 for q in qps):
        raise BenchError("--qps: QPs are 0..51")
    if args.repeat < 1:
        raise BenchError("--repeat must be at least 1")
    fp = resolve_framepress(args)
    rd_encs = parse_list(args.encoders or ",".join(QUICK_RD if args.quick else FULL_RD),
                         ENCODERS, "encoders")
    sp_encs = parse_list(args.speed_encoders or ",".join(QUICK_SPEED if args.quick else
                                                         FULL_SPEED), ENCODERS,
                         "speed-encoders")
    if not args.encoders and not args.quick and has_hevc(fp):
        rd_encs += HEVC_ANCHORS
    ffmpeg = find_ffmpeg(args.ffmpeg)
    info = ffmpeg_info(ffmpeg)
    libs = {"x264": "libx264", "openh264": "libopenh264", "x265": "libx265"}
    require(info, {libs[ENCODERS[e].family] for e in rd_encs + sp_encs if
                   ENCODERS[e].family in libs}, {"psnr", "ssim", "libvmaf"})
    out_dir = Path(args.out)
    setup = Setup(ffmpeg, fp, shlex.split(args.framepress_args), out_dir / "work", args.keep,
                  not args.no_recon_check)
    meta = {
        "date": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "command": shlex.join(["scripts/bench"] + argv),
        "mode": "quick" if args.quick else ("full" if not (args.clips or args.qps or
                                                          args.encoders or args.only or
                                                          args.skip or args.frames)
                                            else "custom"),
        "ffmpeg": {"path": ffmpeg, "version": info["version"]}, "host": describe(fp),
        "qps": qps, "speed_qp": args.speed_qp, "repeat": args.repeat, "stages": sorted(stages),
        "psnr_metric": args.psnr_metric,
        "encoders": {e: ENCODERS[e].description for e in dict.fromkeys(rd_encs + sp_encs)},
    }
    results: dict = {"meta": meta, "clips": {}, "bd": []}
    psnr_key = "psnr" if args.psnr_metric == "avg" else "psnr-global"
    for name in clips:
        clip = clipmod.prepare_clip(name, Path(args.cache), ffmpeg, args.frames, fp)
        log(f"{name}: {clip.width}x{clip.height}, {clip.frames} frames at "
            f"{float(clip.fps):.3f} fps")
        entry: dict = {"clip": clip.meta()}
        if "rd" in stages:
            entry["points"] = rd.run_clip(setup, clip, rd_encs, qps)
            results["bd"] += rd.bd_rows(name, entry["points"], psnr_key)
        if "speed" in stages:
            entry["speed"] = speed.run_clip(setup, clip, sp_encs, args.speed_qp, args.repeat)
        results["clips"][name] = entry
    for c in results["clips"].values():
        for p in c.get("points", []):
            if "x264_options" in p and "x264_core" not in meta:
                core = p["x264_options"].split()[0].split("=", 1)[1]
                meta["x264_core"] = f"core {core}"
            if "vmaf_version" in p:
                meta["vmaf_version"] = p["vmaf_version"]
    if "rate" in stages:
        if rate.supported(fp):
            rows = []
            names = ["carphone"] if args.quick else list(rate.TARGETS_KBPS)
            for name in names:
                if args.clips and name not in args.clips.split(","):
                    continue
                targets = rate.TARGETS_KBPS[name]
                clip = clipmod.prepare_clip(name, Path(args.cache), ffmpeg, None, fp)
                rows += rate.run_clip(setup, clip, targets)
            results["rate"] = {"rows": rows, "buffer_seconds": rate.BUFFER_SECONDS,
                               "peak_factor": rate.PEAK_FACTOR}
        else:
            results["rate"] = {"skipped": "Not measured: the framepress H.264 encoder under "
                               "test lists no `AverageBitRate` property (`framepress "
                               "properties`), so it has no rate control to measure; rate "
                               "accuracy and encode latency arrive with the rate-control "
                               "issue (#7), and this stage runs them as soon as the property "
                               "appears."}
    if "kernels" in stages:
        results["kernels"] = kernels.run(args.quick)
    meta["elapsed_minutes"] = (time.monotonic() - start) / 60
    if args.docs is None:
        args.docs = meta["mode"] == "full"
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out_dir.mkdir(parents=True, exist_ok=True)
    jp = out_dir / f"results-{stamp}.json"
    jp.write_text(json.dumps(results, indent=1) + "\n")
    publish(results, args, out_dir)
    log(f"wrote {jp} ({meta['elapsed_minutes']:.1f} minutes)")
    if any(p.get("recon_matches_decoder") is False for c in results["clips"].values()
           for p in c.get("points", [])):
        log("error: framepress's reconstruction differs from FFmpeg's decode (see warnings)")
        return 3
    return 0


def report(args: argparse.Namespace) -> int:
    try:
        results = json.loads(Path(args.report).read_text())
    except (OSError, ValueError) as e:
        raise BenchError(f"cannot read {args.report}: {e}") from None
    psnr_key = "psnr" if args.psnr_metric == "avg" else "psnr-global"
    results["meta"]["psnr_metric"] = args.psnr_metric
    results["bd"] = [row for name, c in results["clips"].items()
                     for row in rd.bd_rows(name, c.get("points", []), psnr_key)]
    args.docs = bool(args.docs)
    publish(results, args, Path(args.out))
    return 0


def selftest() -> int:
    suite = unittest.defaultTestLoader.discover(str(ROOT / "bench" / "tests"),
                                                top_level_dir=str(ROOT / "bench"))
    ok = unittest.TextTestRunner(verbosity=1).run(suite).wasSuccessful()
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        args = parse_args(argv)
        if args.selftest:
            return selftest()
        if args.report:
            return report(args)
        return run(args, argv)
    except BenchError as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
