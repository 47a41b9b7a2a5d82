"""Stream parsing: NAL splitting, informational SEI accounting, x264's options string."""

import unittest

from fpbench.bitstream import annexb_nals, check_x264, info_sei_bytes, qp_summary, x264_options
from fpbench.errors import BenchError

SPS = b"\x00\x00\x00\x01\x67\x42\xc0\x1e\xda"
# SEI, user_data_unregistered (type 5), 20 bytes: a 16-byte UUID and "x264".
SEI_USER = b"\x00\x00\x01\x06\x05\x14" + b"U" * 16 + b"x264" + b"\x80"
# SEI with a recovery point (type 6): not informational, counted.
SEI_RECOVERY = b"\x00\x00\x01\x06\x06\x01\x84\x80"
SLICE = b"\x00\x00\x01\x65\x88\x84\x00\x21"


class Nals(unittest.TestCase):
    def test_split_with_three_and_four_byte_start_codes(self):
        data = SPS + SEI_USER + SLICE
        nals = annexb_nals(data)
        self.assertEqual([data[s] & 0x1F for s, _ in nals], [7, 6, 5])
        self.assertEqual(data[nals[0][0]:nals[0][1]], SPS[4:])

    def test_only_user_data_sei_is_left_out_of_the_rate(self):
        self.assertEqual(info_sei_bytes(SPS + SEI_USER + SLICE), len(SEI_USER))
        self.assertEqual(info_sei_bytes(SPS + SEI_RECOVERY + SLICE), 0)
        self.assertEqual(info_sei_bytes(SPS + SLICE), 0)


class X264Options(unittest.TestCase):
    DATA = b"\x00x264 - core 165 r3222 - H.264/MPEG-4 AVC codec - options: cabac=0 ref=3 " \
           b"rc=cqp qp=27 threads=1 psy=0\x00"

    def test_parse(self):
        opts = x264_options(self.DATA)
        self.assertEqual(opts["core"], "165")
        self.assertEqual(opts["rc"], "cqp")
        self.assertEqual(opts["qp"], "27")
        self.assertIsNone(x264_options(b"no options here"))

    def test_check_names_what_differs(self):
        check_x264({"rc": "cqp", "qp": "27"}, self.DATA, "t")
        with self.assertRaises(BenchError) as e:
            check_x264({"qp": "22", "bframes": "0"}, self.DATA, "t")
        self.assertIn("qp=27 (want 22)", str(e.exception))
        self.assertIn("bframes=(missing)", str(e.exception))

    def test_qp_summary(self):
        self.assertEqual(qp_summary({"I": {"24": 1}, "P": {"27": 5, "28": 2}}), "I24 P27–28")
        self.assertEqual(qp_summary({}), "?")


if __name__ == "__main__":
    unittest.main()
