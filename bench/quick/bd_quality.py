#!/usr/bin/env python3
# Quick checks between full bench runs: clips come from scripts/bench (target/bench-cache/y4m);
# FRAMEPRESS_FFMPEG must name the FFmpeg 9 oracle (scripts/oracle.sh prints it). One thread.
"""bd_quality.py BIN CLIP METRIC [PRESET] ["props"]: quality-mode BD-rate of framepress against x264.

framepress: --preset PRESET (default offline) --quality 0.72/0.58/0.44/0.30 (QP 20/25/30/35) plus
props (KEY=VAL ...); x264: --preset medium --crf 18/23/28/33, --tune ssim for METRIC ssim (SSIM-Y in
dB, -10*log10(1-SSIM)), x264's default tune for METRIC vmaf (FFmpeg 9's libvmaf) or psnr (--tune psnr).
VMAF BD-rate is on the dB scale -10*log10(1-VMAF/100), as the full benchmark reports it: linear VMAF
saturates towards 100 and its fits swing by tens of points (the linear figure is printed too).
"""
import math
import os
import re
import subprocess
import sys

ROOT = __import__('pathlib').Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / 'bench'))
from fpbench.bd import bd_rate

binp, clip, metric = sys.argv[1:4]
preset = sys.argv[4] if len(sys.argv) > 4 else 'offline'
props = sys.argv[5].split() if len(sys.argv) > 5 else []
y4m = str(ROOT / 'target/bench-cache/y4m' / f'{clip}-all.y4m')
F = os.environ['FRAMEPRESS_FFMPEG']
hdr = open(y4m, 'rb').readline().decode()
fps = re.search(r' F(\d+):(\d+)', hdr)
fps = int(fps.group(1)) / int(fps.group(2))


def measure(out):
    if metric == 'vmaf':
        filt, pat = '[0:v][1:v]libvmaf=n_threads=1', r'VMAF score: ([0-9.]+)'
    elif metric == 'ssim':
        filt, pat = 'ssim=eof_action=endall', r'SSIM Y:[0-9.]+ \(([0-9.inf]+)\)'
    else:
        filt, pat = 'psnr=eof_action=endall', r'PSNR y:([0-9.]+)'
    r = subprocess.run([F, '-hide_banner', '-i', out, '-i', y4m, '-lavfi', filt, '-f', 'null', '-'],
                       capture_output=True, text=True).stderr
    n = int(re.findall(r'frame=\s*(\d+)', r)[-1])
    return (os.path.getsize(out) * 8 / (n / fps) / 1000, float(re.search(pat, r).group(1)))


tune = {'ssim': ['-tune', 'ssim'], 'psnr': ['-tune', 'psnr']}.get(metric, [])
# X264_PARAMS (env, optional): extra -x264-params for ablations of the anchor (e.g. mbtree=0).
if os.environ.get('X264_PARAMS'):
    tune += ['-x264-params', os.environ['X264_PARAMS']]
fp, xx = [], []
for q, crf in ((0.72, 18), (0.58, 23), (0.44, 28), (0.30, 33)):
    out = str(ROOT / 'target') + f'/quality-{clip}-fp-{preset}-{q}-{os.getpid()}.264'
    cmd = [binp, 'encode', '-i', y4m, '--preset', preset, '--quality', str(q), '-o', out]
    subprocess.run(cmd + sum((['--property', p] for p in props), []), check=True, capture_output=True)
    fp.append(measure(out))
    tag = re.sub(r'[^a-z0-9]+', '_', os.environ.get('X264_PARAMS', ''))
    out = str(ROOT / 'target') + f'/quality-{clip}-x264-{metric}{tag}-{crf}-{os.getpid()}.264'
    subprocess.run([F, '-y', '-v', 'error', '-i', y4m, '-c:v', 'libx264', '-preset', 'medium', *tune,
                    '-crf', str(crf), '-threads', '1', out], check=True)
    xx.append(measure(out))
print('fp', [(round(a, 1), round(b, 3)) for a, b in fp])
print('x264', [(round(a, 1), round(b, 3)) for a, b in xx])
label = f'{clip}: framepress --preset {preset} {" ".join(props)} quality vs x264 medium --crf {" ".join(tune)}'
if metric == 'vmaf':
    db = lambda pts: [(r, -10 * math.log10(max(1e-6, 1 - v / 100))) for r, v in pts]
    print(f'{label} on vmaf (dB): {bd_rate(db(xx), db(fp)):+.1f} % (linear VMAF: {bd_rate(xx, fp):+.1f} %)')
else:
    print(f'{label} on {metric}: {bd_rate(xx, fp):+.1f} %')
