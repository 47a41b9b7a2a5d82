"""The DSP kernels' micro-benchmarks: `cargo bench -p framepress-h264 --bench kernels`
(criterion), read back from criterion's estimates."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from .errors import BenchError, log
from .tools import ROOT, run_tool


def run(quick: bool) -> list[dict]:
    """Median time per call of each kernel, in nanoseconds."""
    timing = ["--warm-up-time", "0.5", "--measurement-time", "1"] if quick else \
        ["--warm-up-time", "1", "--measurement-time", "3"]
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    crit = target / "criterion"
    # Estimates of kernels that no longer exist would be reported otherwise.
    shutil.rmtree(crit, ignore_errors=True)
    log("kernels: cargo bench -p framepress-h264 --bench kernels")
    run_tool(["cargo", "bench", "--locked", "-p", "framepress-h264", "--bench", "kernels", "--",
              *timing], "cargo bench (kernels)", cwd=ROOT)
    rows = []
    for est in sorted(crit.glob("*/*/new/estimates.json")):
        group, name = est.parent.parent.parent.name, est.parent.parent.name
        try:
            d = json.loads(est.read_text())
            median = d["median"]
        except (OSError, ValueError, KeyError) as e:
            raise BenchError(f"{est}: unreadable criterion estimates ({e})") from None
        rows.append({"group": group, "kernel": name, "variant": "scalar",
                     "median_ns": median["point_estimate"],
                     "ci_low_ns": median["confidence_interval"]["lower_bound"],
                     "ci_high_ns": median["confidence_interval"]["upper_bound"]})
    if not rows:
        raise BenchError(f"cargo bench left no estimates under {crit}")
    return rows
