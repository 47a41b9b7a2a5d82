"""The BD arithmetic: exact cases and numpy/SciPy reference values (no tools needed)."""

import unittest

from fpbench.bd import Cubic, Pchip, bd_psnr, bd_rate

CURVE = [(686.76, 40.28), (309.58, 37.18), (157.11, 34.24), (85.95, 31.42)]

# FAU-LMS/bjontegaard's example data, and the values numpy 2.4.6 (polyfit/polyint, as its
# bd_cubic) and SciPy 1.17.1 (PchipInterpolator, as bd_piecewise_cubic) compute from them.
R1 = [9487.76, 4593.60, 2486.44, 1358.24]
P1 = [40.037, 38.615, 36.845, 34.851]
R2 = [9787.80, 4469.00, 2451.52, 1356.24]
P2 = [40.121, 38.651, 36.970, 34.987]
R3 = [82472.76, 26875.24, 9487.76, 4593.6, 3600, 2900]
P3 = [43.825, 41.404, 40.037, 38.615, 36.5, 35.1]
R4 = [99896.96, 33952.04, 9787.8, 4469.0, 4040, 3300]
P4 = [44.731, 41.875, 40.121, 38.651, 37, 36.5]
REFERENCE = {
    "cubic_rate": -4.420462706096,
    "pchip_rate": -4.417485350589,
    "cubic_psnr": 0.120409419115,
    "pchip_psnr": 0.119692785425,
    "cubic_rate_6": -0.639288620631,
    "pchip_rate_6": -2.952802411643,
}


class ExactCases(unittest.TestCase):
    def test_identical_curves_give_zero(self):
        for method in ("cubic", "pchip"):
            self.assertAlmostEqual(bd_rate(CURVE, CURVE, method), 0.0, places=12)
            self.assertAlmostEqual(bd_psnr(CURVE, CURVE, method), 0.0, places=12)

    def test_uniform_rate_scaling_gives_that_percentage(self):
        for method in ("cubic", "pchip"):
            for factor, want in ((1.2, 20.0), (0.8, -20.0), (2.0, 100.0), (0.5, -50.0)):
                test = [(r * factor, p) for r, p in CURVE]
                self.assertAlmostEqual(bd_rate(CURVE, test, method), want, places=9)

    def test_uniform_quality_shift_gives_bd_psnr(self):
        for method in ("cubic", "pchip"):
            test = [(r, p + 0.5) for r, p in CURVE]
            self.assertAlmostEqual(bd_psnr(CURVE, test, method), 0.5, places=9)
            # Better quality at the same rate is fewer bits at the same quality.
            self.assertLess(bd_rate(CURVE, test, method), 0.0)

    def test_point_order_does_not_matter(self):
        shuffled = [CURVE[2], CURVE[0], CURVE[3], CURVE[1]]
        test = [(r * 1.1, p) for r, p in shuffled]
        for method in ("cubic", "pchip"):
            self.assertAlmostEqual(bd_rate(CURVE, test, method), 10.0, places=9)

    def test_undefined_cases_are_none(self):
        for method in ("cubic", "pchip"):
            disjoint = [(r, p + 20) for r, p in CURVE]
            self.assertIsNone(bd_rate(CURVE, disjoint, method))
            self.assertIsNone(bd_psnr(CURVE, [(r * 100, p) for r, p in CURVE], method))
        # A cubic needs four distinct points; PCHIP works from two.
        self.assertIsNone(bd_rate(CURVE[:2], CURVE[:2], "cubic"))
        self.assertAlmostEqual(bd_rate(CURVE[:2], [(r * 1.3, p) for r, p in CURVE[:2]],
                                       "pchip"), 30.0, places=9)
        self.assertIsNone(bd_rate(CURVE, [(100, 35.0), (100, 35.0)], "pchip"))

    def test_fits_reproduce_their_points(self):
        xs, ys = [p for _, p in CURVE], [r for r, _ in CURVE]
        cubic = Cubic(xs, ys)
        for x, y in zip(xs, ys):
            self.assertAlmostEqual(cubic(x), y, places=6)
        pchip = Pchip(xs, ys)
        # The integral of a PCHIP over one interval of a straight line is the trapezoid.
        line = Pchip([0.0, 1.0, 2.0, 3.0], [1.0, 3.0, 5.0, 7.0])
        self.assertAlmostEqual(line.integral(0.5, 2.5), 8.0, places=12)
        self.assertGreater(pchip.integral(min(xs), max(xs)), 0.0)


class ReferenceValues(unittest.TestCase):
    def test_four_points_match_numpy_and_scipy(self):
        c1, c2 = list(zip(R1, P1)), list(zip(R2, P2))
        self.assertAlmostEqual(bd_rate(c1, c2, "cubic"), REFERENCE["cubic_rate"], places=6)
        self.assertAlmostEqual(bd_rate(c1, c2, "pchip"), REFERENCE["pchip_rate"], places=6)
        self.assertAlmostEqual(bd_psnr(c1, c2, "cubic"), REFERENCE["cubic_psnr"], places=6)
        self.assertAlmostEqual(bd_psnr(c1, c2, "pchip"), REFERENCE["pchip_psnr"], places=6)

    def test_six_points_least_squares_and_pchip(self):
        c3, c4 = list(zip(R3, P3)), list(zip(R4, P4))
        self.assertAlmostEqual(bd_rate(c3, c4, "cubic"), REFERENCE["cubic_rate_6"], places=6)
        self.assertAlmostEqual(bd_rate(c3, c4, "pchip"), REFERENCE["pchip_rate_6"], places=6)


if __name__ == "__main__":
    unittest.main()
