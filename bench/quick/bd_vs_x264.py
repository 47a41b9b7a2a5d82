#!/usr/bin/env python3
# Quick A/B checks between full bench runs: clips come from scripts/bench (target/bench-cache/y4m);
# FRAMEPRESS_FFMPEG must name the FFmpeg 9 oracle (scripts/oracle.sh prints it). One thread.
"""bd_vs_x264.py BIN CLIP "props" [PRESET [X264_PRESET]]: BD-rate of framepress (props, --preset PRESET,
default Balanced) vs x264 --preset X264_PRESET (default medium) --tune psnr."""
import sys, os, subprocess, re
ROOT = __import__('pathlib').Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / 'bench'))
from fpbench.bd import bd_rate
binp, clip, props = sys.argv[1:4]
preset = sys.argv[4] if len(sys.argv) > 4 else 'Balanced'
xpreset = sys.argv[5] if len(sys.argv) > 5 else 'medium'
y4m = str(ROOT / 'target/bench-cache/y4m' / f'{clip}-all.y4m')
F = os.environ['FRAMEPRESS_FFMPEG']
hdr = open(y4m, 'rb').readline().decode()
fps = re.search(r' F(\d+):(\d+)', hdr); fps = int(fps.group(1)) / int(fps.group(2))
def measure(out):
    r = subprocess.run([F, '-hide_banner', '-i', out, '-i', y4m, '-lavfi', 'psnr=eof_action=endall', '-f', 'null', '-'], capture_output=True, text=True).stderr
    n = int(re.findall(r'frame=\s*(\d+)', r)[-1])
    return (os.path.getsize(out) * 8 / (n / fps) / 1000, float(re.search(r'PSNR y:([0-9.]+)', r).group(1)))
fp, xx = [], []
for q in (22, 27, 32, 37):
    out = str(ROOT / 'target') + f'/quick-{clip}-fp-{preset}-{q}.264'
    subprocess.run([binp, 'encode', '-i', y4m, '--preset', preset, '--qp', str(q), '-o', out] + sum((['--property', p] for p in props.split()), []), check=True, capture_output=True)
    fp.append(measure(out))
    out = str(ROOT / 'target') + f'/quick-{clip}-x264-{xpreset}-{q}.264'
    subprocess.run([F, '-y', '-v', 'error', '-i', y4m, '-c:v', 'libx264', '-preset', xpreset, '-tune', 'psnr', '-qp', str(q), '-threads', '1', out], check=True)
    xx.append(measure(out))
print('fp', [(round(a,1), round(b,3)) for a,b in fp]); print('x264', [(round(a,1), round(b,3)) for a,b in xx])
print(f'{clip}: framepress --preset {preset} {props} vs x264 {xpreset} --tune psnr: {bd_rate(xx, fp):+.1f} %')
