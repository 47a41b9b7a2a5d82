"""The plan and the report: encoder options, tunes per metric, BD rows, the docs splice."""

import unittest

from fpbench.encoders import ENCODERS, ffmpeg_args, quality_for_qp, x264_expectations
from fpbench.rd import bd_rows
from fpbench.report import BEGIN, END, bd_table, splice


def point(variant, tune, rate, q, clip="c"):
    return {"clip": clip, "variant": variant, "tune": tune, "bitrate_kbps": rate, "psnr_y": q,
            "ssim_y_db": q / 3}


class Encoders(unittest.TestCase):
    def test_x264_runs_constant_qp_on_the_threads_asked(self):
        enc = ENCODERS["x264-medium"]
        args = ffmpeg_args(enc, "psnr", 27, 1)
        self.assertEqual(args[args.index("-qp") + 1], "27")
        self.assertIn("threads=1:lookahead-threads=1", args)
        self.assertEqual(args[args.index("-tune") + 1], "psnr")
        self.assertNotIn("-tune", ffmpeg_args(enc, "default", 27, 0))
        self.assertNotIn("-x264-params", ffmpeg_args(enc, "default", 27, 0))
        want = x264_expectations(enc, "default", 27, 0)
        self.assertEqual(want, {"rc": "cqp", "qp": "27", "psy": "1"})
        base = x264_expectations(ENCODERS["x264-baseline"], "psnr", 22, 1)
        self.assertEqual((base["cabac"], base["bframes"], base["psy"]), ("0", "0", "0"))

    def test_tunes_per_family(self):
        self.assertEqual(ENCODERS["x264-slow"].tunes(), ("psnr", "ssim", "default"))
        self.assertEqual(ENCODERS["x264-baseline"].tunes(), ("psnr",))
        self.assertEqual(ENCODERS["framepress-balanced"].tunes(), (None,))

    def test_quality_points_span_the_qp_range(self):
        # framepress H.264: QP = 46 - 36 * Quality.
        for qp in (22, 27, 32, 37):
            self.assertAlmostEqual(46 - 36 * quality_for_qp(qp), qp, places=2)


class BdRows(unittest.TestCase):
    def test_rows_per_metric_with_the_tuned_anchor(self):
        pts = []
        for i, (r, q) in enumerate([(100, 32.0), (180, 35.0), (330, 38.0), (600, 41.0)]):
            pts.append(point("x264-medium/psnr", "psnr", r, q))
            pts.append(point("x264-medium/ssim", "ssim", r, q))
            pts.append(point("framepress-balanced", None, r * 1.25, q))
            pts.append(point("x264-slow/ssim", "ssim", r * 0.9, q))
        rows = bd_rows("c", pts)
        psnr = {r["test"]: r for r in rows if r["metric"] == "psnr"}
        ssim = {r["test"]: r for r in rows if r["metric"] == "ssim"}
        self.assertAlmostEqual(psnr["framepress-balanced"]["bd_rate_cubic"], 25.0, places=6)
        self.assertAlmostEqual(psnr["x264-medium/psnr"]["bd_rate_pchip"], 0.0, places=9)
        self.assertNotIn("x264-slow/ssim", psnr)  # scored only on its own metric
        self.assertAlmostEqual(ssim["x264-slow/ssim"]["bd_rate_cubic"], -10.0, places=6)
        self.assertTrue(all(r["fits_agree"] for r in rows))
        table = "\n".join(bd_table({"clips": {"c": {"points": pts}}, "bd": rows}, "psnr"))
        self.assertIn("| `framepress-balanced` | +25.0 % (+25.0 %) | +25.0 % |", table)


class Splice(unittest.TestCase):
    def test_replaces_only_the_generated_section(self):
        doc = f"# B\n\nintro\n\n{BEGIN}\nold\n{END}\n\n## Notes\nkept\n"
        out = splice(doc, f"{BEGIN}\nnew\n{END}\n")
        self.assertEqual(out, f"# B\n\nintro\n\n{BEGIN}\nnew\n{END}\n\n## Notes\nkept\n")

    def test_inserts_after_the_intro_when_absent(self):
        out = splice("# B\n\nintro\n\n## Old\nx\n", f"{BEGIN}\nnew\n{END}\n")
        self.assertTrue(out.startswith(f"# B\n\nintro\n\n{BEGIN}\nnew\n{END}\n"))
        self.assertTrue(out.endswith("## Old\nx\n"))


if __name__ == "__main__":
    unittest.main()
