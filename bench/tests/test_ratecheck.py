import unittest
from fractions import Fraction

from fpbench.ratecheck import access_unit_sizes, replay_buffer, window_stats, window_violations


def frames(sizes, fps=30):
    return [(Fraction(i, fps), s) for i, s in enumerate(sizes)]


class WindowTest(unittest.TestCase):
    def test_windows_are_half_open(self):
        f = frames([100] * 31)
        self.assertEqual(window_stats(f, Fraction(1)), (3000, 0))
        self.assertEqual(window_violations(f, 3000, Fraction(1)), 0)
        self.assertEqual(window_violations(f, 2999, Fraction(1)), 2)

    def test_the_largest_window_is_found(self):
        f = frames([10] * 40 + [500] + [10] * 40)
        best, at = window_stats(f, Fraction(1, 10))
        self.assertEqual(best, 520)  # three frames: 1/10 s at 30 fps
        self.assertEqual(at, 38)


class BufferTest(unittest.TestCase):
    def test_underflow_and_constant_rate_overflow(self):
        f = frames([4] * 5, fps=10)  # 32 bits a frame, 30 bits arrive per interval
        self.assertEqual(replay_buffer(f, 300, 100, 90, True)["underflows"], 0)
        self.assertEqual(replay_buffer(frames([0] * 5, fps=10), 300, 100, 90, True)["overflows"], 4)
        self.assertEqual(replay_buffer(frames([0] * 5, fps=10), 300, 100, 90, False)["overflows"], 0)
        self.assertEqual(replay_buffer(frames([4, 4, 20, 1], fps=10), 300, 100, 90, False)["underflows"], 1)


class AccessUnitTest(unittest.TestCase):
    def test_parameter_sets_start_an_access_unit_and_slices_of_one_picture_do_not(self):
        sc = b"\x00\x00\x00\x01"
        sps, pps, sei = sc + b"\x67\x42", sc + b"\x68\xce", sc + b"\x06\x05"
        idr_first, slice_first, slice_second = sc + b"\x65\x88\x00", sc + b"\x41\x9a", sc + b"\x41\x40\x01"
        stream = sps + pps + sei + idr_first + slice_first + slice_second + sps + idr_first
        sizes = access_unit_sizes(stream)
        self.assertEqual(sizes, [len(sps + pps + sei + idr_first), len(slice_first + slice_second),
                                 len(sps + idr_first)])
        self.assertEqual(sum(sizes), len(stream))


if __name__ == "__main__":
    unittest.main()
