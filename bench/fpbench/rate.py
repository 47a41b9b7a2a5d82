"""Rate accuracy: how close the achieved bit rate comes to AverageBitRate, against x264's
one-pass ABR at the same targets. Runs only when the framepress encoder lists the
AverageBitRate property; until then the report says why it is missing (it is measured, not
assumed: the property list comes from the binary under test)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .clips import Clip
from .encode import Setup
from .errors import log
from .tools import run_tool


def supported(framepress: Path | None, codec: str = "h264") -> bool:
    if framepress is None:
        return False
    out = subprocess.run([str(framepress), "properties", "--codec", codec],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return any(line.split()[:1] == ["AverageBitRate"]
               for line in out.stdout.decode("utf-8", "replace").splitlines())


def run_clip(setup: Setup, clip: Clip, targets_kbps: list[int]) -> list[dict]:
    rows = []
    wd = setup.workdir / clip.name
    wd.mkdir(parents=True, exist_ok=True)
    seconds = clip.frames / float(clip.fps)
    for target in targets_kbps:
        out = wd / f"rate-{target}.264"
        cmds = {
            "framepress-balanced": [str(setup.framepress), "encode", "-i", str(clip.y4m), "-o",
                                    str(out), "--bitrate", str(target * 1000), "--quiet"],
            "x264-medium": [setup.ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
                            "-i", str(clip.y4m), "-c:v", "libx264", "-preset", "medium",
                            "-b:v", f"{target}k", "-threads", "1", "-f", "h264", str(out)],
        }
        for name, cmd in cmds.items():
            run_tool(cmd, f"{clip.name} {name} at {target} kbit/s")
            got = out.stat().st_size * 8 / seconds / 1000
            rows.append({"clip": clip.name, "encoder": name, "target_kbps": target,
                         "achieved_kbps": got, "error_pct": (got / target - 1) * 100})
            log(f"  {name:22s} target {target} kbit/s: {got:.1f} ({rows[-1]['error_pct']:+.1f} %)")
            out.unlink(missing_ok=True)
    return rows
