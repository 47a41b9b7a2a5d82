"""Bjontegaard delta rate and PSNR (VCEG-M33), by cubic fit and by PCHIP (the JCT-VC CTC
sheet's method). Points are (bit rate, quality) with quality in dB-like units (PSNR, SSIM in
dB, VMAF): both variants are reported and must agree within a point on every row.

Written here rather than taken from numpy/SciPy so the suite runs on the standard library;
tests/test_bd.py checks it against numpy's and SciPy's values."""

from __future__ import annotations

import math


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r][col]))
        if abs(m[piv][col]) < 1e-300:
            raise ZeroDivisionError("singular system")
        m[col], m[piv] = m[piv], m[col]
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            for c in range(col, n + 1):
                m[r][c] -= f * m[col][c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][c] * x[c] for c in range(r + 1, n))) / m[r][r]
    return x


class Cubic:
    """Least-squares cubic y = sum a_k t^k in t = (x - c) / s (what numpy.polyfit(x, y, 3)
    computes; centring and scaling only keep the 4x4 normal equations well conditioned).
    With exactly four points it is the interpolating cubic of VCEG-M33."""

    def __init__(self, xs: list[float], ys: list[float]):
        if len(xs) < 4 or len(set(xs)) < 4:
            raise ValueError("a cubic fit needs four distinct points")
        self.c = sum(xs) / len(xs)
        self.s = max(abs(x - self.c) for x in xs)
        ts = [(x - self.c) / self.s for x in xs]
        ata = [[sum(t ** (i + j) for t in ts) for j in range(4)] for i in range(4)]
        aty = [sum(y * t**i for t, y in zip(ts, ys)) for i in range(4)]
        self.a = _solve(ata, aty)

    def __call__(self, x: float) -> float:
        t = (x - self.c) / self.s
        return sum(a * t**k for k, a in enumerate(self.a))

    def integral(self, lo: float, hi: float) -> float:
        def prim(x: float) -> float:
            t = (x - self.c) / self.s
            return self.s * sum(a * t ** (k + 1) / (k + 1) for k, a in enumerate(self.a))

        return prim(hi) - prim(lo)


class Pchip:
    """Piecewise cubic Hermite interpolation with Fritsch-Carlson slopes and SciPy's
    (PchipInterpolator) end conditions, integrated exactly: the JCT-VC CTC sheet's method."""

    def __init__(self, xs: list[float], ys: list[float]):
        pts = sorted(zip(xs, ys))
        self.x = [p[0] for p in pts]
        self.y = [p[1] for p in pts]
        n = len(self.x)
        if n < 2 or any(self.x[i + 1] <= self.x[i] for i in range(n - 1)):
            raise ValueError("PCHIP needs two or more strictly increasing abscissae")
        h = [self.x[i + 1] - self.x[i] for i in range(n - 1)]
        m = [(self.y[i + 1] - self.y[i]) / h[i] for i in range(n - 1)]
        if n == 2:
            self.d = [m[0], m[0]]
            return
        d = [0.0] * n
        for k in range(1, n - 1):
            if m[k - 1] * m[k] > 0:
                w1 = 2 * h[k] + h[k - 1]
                w2 = h[k] + 2 * h[k - 1]
                d[k] = (w1 + w2) / (w1 / m[k - 1] + w2 / m[k])
        d[0] = self._edge(h[0], h[1], m[0], m[1])
        d[-1] = self._edge(h[-1], h[-2], m[-1], m[-2])
        self.d = d

    @staticmethod
    def _edge(h0: float, h1: float, m0: float, m1: float) -> float:
        d = ((2 * h0 + h1) * m0 - h0 * m1) / (h0 + h1)
        if d * m0 <= 0:
            return 0.0
        if m0 * m1 <= 0 and abs(d) > abs(3 * m0):
            return 3 * m0
        return d

    def integral(self, lo: float, hi: float) -> float:
        total = 0.0
        for i in range(len(self.x) - 1):
            x0, x1 = self.x[i], self.x[i + 1]
            a, b = max(lo, x0), min(hi, x1)
            if b <= a:
                continue
            hh = x1 - x0
            mm = (self.y[i + 1] - self.y[i]) / hh
            c1, c2 = self.d[i], (3 * mm - 2 * self.d[i] - self.d[i + 1]) / hh
            c3 = (self.d[i] + self.d[i + 1] - 2 * mm) / (hh * hh)

            def prim(t: float, y0: float = self.y[i]) -> float:
                return y0 * t + c1 * t * t / 2 + c2 * t**3 / 3 + c3 * t**4 / 4

            total += prim(b - x0) - prim(a - x0)
        return total


def _fit(method: str, xs: list[float], ys: list[float]):
    return Cubic(xs, ys) if method == "cubic" else Pchip(xs, ys)


def bd_rate(anchor: list[tuple[float, float]], test: list[tuple[float, float]],
            method: str = "cubic") -> float | None:
    """Average bit-rate difference in percent of `test` against `anchor` for the same PSNR,
    over the PSNR range both curves cover. Points are (bitrate, psnr). None when undefined."""
    try:
        pa, ra = [p for _, p in anchor], [math.log(r) for r, _ in anchor]
        pt, rt = [p for _, p in test], [math.log(r) for r, _ in test]
        lo, hi = max(min(pa), min(pt)), min(max(pa), max(pt))
        if hi <= lo:
            return None
        fa, ft = _fit(method, pa, ra), _fit(method, pt, rt)
        avg = (ft.integral(lo, hi) - fa.integral(lo, hi)) / (hi - lo)
    except (ValueError, ZeroDivisionError):
        return None
    return (math.exp(min(avg, 200.0)) - 1.0) * 100.0


def bd_psnr(anchor: list[tuple[float, float]], test: list[tuple[float, float]],
            method: str = "cubic") -> float | None:
    """Average PSNR difference in dB of `test` against `anchor` over the common log-rate range."""
    try:
        ra, pa = [math.log10(r) for r, _ in anchor], [p for _, p in anchor]
        rt, pt = [math.log10(r) for r, _ in test], [p for _, p in test]
        lo, hi = max(min(ra), min(rt)), min(max(ra), max(rt))
        if hi <= lo:
            return None
        fa, ft = _fit(method, ra, pa), _fit(method, rt, pt)
        return (ft.integral(lo, hi) - fa.integral(lo, hi)) / (hi - lo)
    except (ValueError, ZeroDivisionError):
        return None
