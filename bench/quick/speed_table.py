#!/usr/bin/env python3
# The speed-level table in one run: each framepress speed level (FramepressSpeed) against x264
# at the preset of the same name (--tune psnr) and against x264 medium, on one clip, one
# thread, fixed QP 22/27/32/37. Clips from scripts/bench (target/bench-cache/y4m);
# FRAMEPRESS_FFMPEG must name the FFmpeg 9 oracle (scripts/oracle.sh prints it).
"""speed_table.py BIN CLIP [LEVEL ...] [--frames N]: per level, BD-rate (PSNR-Y) against x264 medium
and against x264 at the same preset, and encode speed as a ratio to that x264 preset (x264 time /
our time, CPU seconds: above 1 means faster than x264). One run each: take ratios, not seconds."""
import os
import re
import subprocess
import sys
import resource
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / 'bench'))
from fpbench.bd import bd_rate  # noqa: E402

LEVELS = ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower',
          'veryslow']
QPS = (22, 27, 32, 37)


def psnr_and_rate(ff, out, y4m, fps, frames):
    r = subprocess.run([ff, '-hide_banner', '-i', out, '-i', y4m, '-lavfi',
                        'psnr=eof_action=endall', '-f', 'null', '-'],
                       capture_output=True, text=True).stderr
    psnr = float(re.search(r'PSNR y:([0-9.]+)', r).group(1))
    n = frames or int(r.split('frame=')[-1].split()[0])
    return os.path.getsize(out) * 8 / (n / fps) / 1000, psnr


def run(cmd):
    """CPU seconds (user + system) of the command: steadier than wall time on a shared
    machine, and the same measure for both encoders (one thread each)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    args = sys.argv[1:]
    frames = None
    if '--frames' in args:
        i = args.index('--frames')
        frames = int(args[i + 1])
        del args[i:i + 2]
    binp, clip, levels = args[0], args[1], args[2:] or LEVELS
    ff = os.environ['FRAMEPRESS_FFMPEG']
    y4m = str(ROOT / 'target/bench-cache/y4m' / f'{clip}-all.y4m')
    hdr = open(y4m, 'rb').readline().decode()
    num, den = re.search(r' F(\d+):(\d+)', hdr).groups()
    fps = int(num) / int(den)
    tmp = ROOT / 'target'

    def x264(preset):
        pts, secs = [], 0.0
        for q in QPS:
            out = str(tmp / f'speed-{clip}-x264-{preset}-{q}.264')
            cmd = [ff, '-y', '-v', 'error', '-i', y4m] + (['-frames:v', str(frames)] if frames else [])
            cmd += ['-c:v', 'libx264', '-preset', preset, '-tune', 'psnr', '-qp', str(q),
                    '-threads', '1', out]
            secs += run(cmd)
            pts.append(psnr_and_rate(ff, out, y4m, fps, frames))
        return pts, secs

    def ours(level):
        pts, secs = [], 0.0
        for q in QPS:
            out = str(tmp / f'speed-{clip}-fp-{level}-{q}.264')
            cmd = [binp, 'encode', '-i', y4m, '--qp', str(q), '-o', out, '--property',
                   f'FramepressSpeed={level}'] + (['--frames', str(frames)] if frames else [])
            secs += run(cmd)
            pts.append(psnr_and_rate(ff, out, y4m, fps, frames))
        return pts, secs

    medium, _ = x264('medium')
    print(f'{clip}: level, BD-rate vs x264 medium, vs x264 same preset, speed vs x264 same preset')
    for level in levels:
        x_pts, x_secs = x264(level)
        f_pts, f_secs = ours(level)
        print(f'{level:>10}  {bd_rate(medium, f_pts):+6.1f} %  {bd_rate(x_pts, f_pts):+6.1f} %  '
              f'{x_secs / f_secs:5.2f}x  (ours {f_secs:.1f} s, x264 {x_secs:.1f} s)', flush=True)


if __name__ == '__main__':
    main()
