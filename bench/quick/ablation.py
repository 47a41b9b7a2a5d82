#!/usr/bin/env python3
# Quick ablation table between full bench runs: the default encoder against itself with one
# tool switched off at a time. Clips from scripts/bench (target/bench-cache/y4m);
# FRAMEPRESS_FFMPEG must name the FFmpeg 9 oracle (scripts/oracle.sh prints it). One thread.
"""ablation.py BIN CLIP...: BD-rate (PSNR-Y, cubic, QP 22..37) of each tool switched off,
against the default (positive: what the tool saves)."""
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / 'bench'))
from fpbench.bd import bd_rate  # noqa: E402

ABLATIONS = {
    'CABAC (CAVLC instead)': 'H264EntropyMode=CAVLC',
    'B-frames (none)': 'FramepressBFrameCount=0',
    'B-pyramid (off)': 'FramepressBPyramid=false',
    '8x8 transform and Intra 8x8 (4x4 only)': 'FramepressTransform8x8=false',
    'references (1 instead of 3)': 'ReferenceBufferCount=1',
}


def point(binp, y4m, fps, props, qp, tag):
    out = str(ROOT / 'target' / f'ablation-{tag}-{qp}.264')
    cmd = [binp, 'encode', '-i', y4m, '--qp', str(qp), '-o', out]
    cmd += sum((['--property', p] for p in props.split()), [])
    subprocess.run(cmd, check=True, capture_output=True)
    ff = os.environ['FRAMEPRESS_FFMPEG']
    r = subprocess.run([ff, '-hide_banner', '-i', out, '-i', y4m, '-lavfi', 'psnr=eof_action=endall', '-f', 'null',
                        '-'], capture_output=True, text=True).stderr
    psnr = float(re.search(r'PSNR y:([0-9.]+)', r).group(1))
    frames = int(r.split('frame=')[-1].split()[0])
    return os.path.getsize(out) * 8 / (frames / fps) / 1000, psnr


def main():
    binp, clips = sys.argv[1], sys.argv[2:]
    for clip in clips:
        y4m = str(ROOT / 'target/bench-cache/y4m' / f'{clip}-all.y4m')
        hdr = open(y4m, 'rb').readline().decode()
        num, den = re.search(r' F(\d+):(\d+)', hdr).groups()
        fps = int(num) / int(den)
        curve = lambda props, tag: [point(binp, y4m, fps, props, q, f'{clip}-{tag}')  # noqa: E731
                                    for q in (22, 27, 32, 37)]
        base = curve('', 'default')
        for i, (name, props) in enumerate(ABLATIONS.items()):
            print(f'{clip}: without {name}: {bd_rate(base, curve(props, str(i))):+.1f} %',
                  flush=True)


if __name__ == '__main__':
    main()
