#!/usr/bin/env python3
# Quick A/B checks between full bench runs: clips come from scripts/bench (target/bench-cache/y4m);
# FRAMEPRESS_FFMPEG must name the FFmpeg 9 oracle (scripts/oracle.sh prints it). One thread.
"""bd_ab.py BIN CLIP "propsA" "propsB" [frames]: BD-rate (PSNR-Y, cubic) of B against A, QP 22..37.

props: space-separated KEY=VAL session properties; `preset=NAME` selects --preset NAME and
`env:NAME=VAL` sets an environment variable of the encoder process and `bin=PATH` runs
another framepress binary than BIN (for experiments). FP_METRIC=ssim in the environment measures
SSIM-Y in dB (−10·log10(1 − SSIM)) instead of PSNR-Y."""
import sys, os, subprocess, re
ROOT = __import__('pathlib').Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / 'bench'))
from fpbench.bd import bd_rate
binp, clip, pa, pb = sys.argv[1:5]
frames = sys.argv[5] if len(sys.argv) > 5 else None
y4m = str(ROOT / 'target/bench-cache/y4m' / f'{clip}-all.y4m')
F = os.environ['FRAMEPRESS_FFMPEG']
hdr = open(y4m, 'rb').readline().decode()
fps = re.search(r' F(\d+):(\d+)', hdr); fps = int(fps.group(1)) / int(fps.group(2))
def point(props, qp, tag):
    out = str(ROOT / 'target') + f'/quick-{clip}-{tag}-{qp}.264'
    cmd = [binp, 'encode', '-i', y4m, '--qp', str(qp), '-o', out]
    env = dict(os.environ)
    for p in props.split():
        if p.startswith('bin='):
            cmd[0] = p[4:]
        elif p.startswith('env:'):
            k, v = p[4:].split('=', 1); env[k] = v
        elif p.startswith('preset='):
            cmd += ['--preset', p[7:]]
        else:
            cmd += ['--property', p]
    if frames: cmd += ['--frames', frames]
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    ssim = os.environ.get('FP_METRIC') == 'ssim'
    filt = 'ssim=eof_action=endall' if ssim else 'psnr=eof_action=endall'
    r = subprocess.run([F, '-hide_banner', '-i', out, '-i', y4m, '-lavfi', filt, '-f', 'null', '-'], capture_output=True, text=True).stderr
    m = re.search(r'SSIM Y:[0-9.]+ \(([0-9.inf]+)\)' if ssim else r'PSNR y:([0-9.]+)', r)
    n = int(frames) if frames else int(subprocess.run([F,'-i',out,'-f','null','-'],capture_output=True,text=True).stderr.split('frame=')[-1].split()[0])
    kbps = os.path.getsize(out) * 8 / (n / fps) / 1000
    return (kbps, float(m.group(1)))
res = {}
for tag, props in (('A', pa), ('B', pb)):
    res[tag] = [point(props, q, tag) for q in (22, 27, 32, 37)]
    print(tag, [(round(r, 1), round(p, 3)) for r, p in res[tag]])
print(f'BD-rate B vs A: {bd_rate(res["A"], res["B"]):+.2f} %')
