"""Rate-constraint checks on finished streams, independent of the encoders' own rate
controllers (and of framepress's Rust checker): sliding windows in exact rational time, a
coded-picture-buffer replay, and the access-unit sizes of an Annex-B stream."""

from __future__ import annotations

from fractions import Fraction

from .bitstream import annexb_nals


def window_stats(frames: list[tuple[Fraction, int]], seconds: Fraction) -> tuple[int, int]:
    """(largest byte total of any window [t, t + seconds) of decode time, index of its first
    frame) over `frames` = [(dts, bytes)] in decode order."""
    best, at, j, total = 0, 0, 0, 0
    for i, (t, _) in enumerate(frames):
        while j < len(frames) and frames[j][0] < t + seconds:
            total += frames[j][1]
            j += 1
        if total > best:
            best, at = total, i
        total -= frames[i][1]
    return best, at


def window_violations(frames: list[tuple[Fraction, int]], limit_bytes: float,
                      seconds: Fraction) -> int:
    """How many windows starting at a frame hold more than `limit_bytes`."""
    count, j, total = 0, 0, 0
    for i, (t, _) in enumerate(frames):
        while j < len(frames) and frames[j][0] < t + seconds:
            total += frames[j][1]
            j += 1
        if total > limit_bytes:
            count += 1
        total -= frames[i][1]
    return count


def replay_buffer(frames: list[tuple[Fraction, int]], bit_rate: float, capacity: float,
                  initial: float, constant: bool) -> dict:
    """Underflows (a frame larger than the bits buffered when due) and, at constant rate,
    overflows (the buffer filling past its capacity between frames) of a leaky bucket."""
    level, under, over, lowest = float(initial), 0, 0, float("inf")
    for i, (t, size) in enumerate(frames):
        if i:
            level += bit_rate * float(t - frames[i - 1][0])
            if level > capacity:
                if constant and level > capacity * (1 + 1e-9):
                    over += 1
                level = capacity
        lowest = min(lowest, level)
        bits = size * 8
        if bits > level + 1e-6:
            under += 1
            level = 0.0
        else:
            level -= bits
    return {"underflows": under, "overflows": over, "lowest_bits": lowest}


VCL = {1, 5}


def access_unit_sizes(data: bytes) -> list[int]:
    """Bytes (start codes included) of each access unit of an H.264 Annex-B stream, in
    decode order. An access unit starts at an AUD, SPS, PPS or SEI after a picture's
    slices, or at a slice with first_mb_in_slice = 0 (its first payload bit is 1)."""
    nals = annexb_nals(data)
    starts: list[int] = []
    seen_vcl = False
    for k, (s, e) in enumerate(nals):
        if s >= e:
            continue
        kind = data[s] & 0x1F
        code_start = s - 4 if s >= 4 and data[s - 4:s] == b"\x00\x00\x00\x01" else s - 3
        first_slice = kind in VCL and e > s + 1 and data[s + 1] & 0x80
        if (kind in (6, 7, 8, 9) and seen_vcl) or (first_slice and (seen_vcl or not starts)):
            starts.append(code_start)
            seen_vcl = False
        elif not starts:
            starts.append(code_start)
        if kind in VCL:
            seen_vcl = True
    starts.append(len(data))
    return [b - a for a, b in zip(starts, starts[1:])]
