"""Reading the streams: NAL units, informational SEI, x264's options string, slice QPs."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import BenchError
from .tools import run_tool

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


def check_x264(expected: dict[str, str], data: bytes, what: str) -> dict[str, str]:
    """x264's options SEI, after checking it holds every `expected` key=value (constant QP,
    thread counts, profile restrictions): the anchors must run as the report says."""
    opts = x264_options(data)
    if opts is None:
        raise BenchError(f"{what}: no x264 options SEI in the output")
    want = expected
    bad = [f"{k}={opts.get(k, '(missing)')} (want {v})" for k, v in want.items()
           if opts.get(k) != v]
    if bad:
        raise BenchError(f"{what}: x264 did not run as intended: {', '.join(bad)}")
    return opts


_TRACE_FIELD = re.compile(r"\]\s+\d+\s+([A-Za-z_0-9\[\]]+)\s+[01]+\s+=\s+(-?\d+)\s*$")
_TRACE_TITLE = re.compile(r"\]\s+([A-Z][A-Za-z ]+?)\s*$")
_SLICE_TYPES = ("P", "B", "I", "SP", "SI")  # by slice_type % 5


def slice_qps(ffmpeg: str, stream: Path, what: str,
              fmt: str = "h264") -> tuple[int, dict[str, dict[str, int]]]:
    """Pictures (slices with first_mb_in_slice 0) and a histogram of slice QPs per slice type,
    read from the headers by FFmpeg's trace_headers bitstream filter."""
    res = run_tool([ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "info", "-f", fmt,
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
