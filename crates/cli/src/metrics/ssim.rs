//! `--ssim`: the structural similarity of the reconstruction against the source, as FFmpeg's
//! `ssim` filter (and x264's `--ssim`) measures it, so the figures agree with theirs.
//!
//! That SSIM is not the Gaussian-window SSIM of the paper: it uses 8×8 windows on a 4-sample
//! grid (each window the sum of 2×2 blocks of 4×4 statistics), integer sums, and the paper's
//! constants scaled to those sums. A plane's SSIM is the mean over its windows; samples past
//! the last multiple of 4 in either direction are not measured. The frame's "All" figure
//! weights the planes by their sample counts. Each figure also reads in decibels as
//! `−10·log10(1 − SSIM)`.

use super::planes::{Plane, Planes};

/// `(0.01 · 255)² · 64`, rounded: C1 for sums over 64 samples.
const C1: i64 = 416;
/// `(0.03 · 255)² · 64 · 63`, rounded: C2 for sums over 64 samples (the 63 makes the
/// variance estimate unbiased).
const C2: i64 = 235963;

/// Per-frame and running SSIM.
#[derive(Debug, Default, Clone)]
pub struct SsimMeter {
    frames: u64,
    sum: [f64; 3],
    all_sum: f64,
    /// Per-frame SSIM of Y, U, V and the weighted "All", in output order.
    pub per_frame: Vec<[f64; 4]>,
}

/// Sums of one 4×4 block pair position: Σa, Σb, Σ(a²+b²), Σab.
#[derive(Clone, Copy, Default)]
struct BlockSums([i64; 4]);

impl BlockSums {
    fn of(a: &Plane, b: &Plane, bx: usize, by: usize) -> BlockSums {
        let mut s = [0i64; 4];
        for y in 4 * by..4 * by + 4 {
            let (ra, rb) = (&a.row(y)[4 * bx..4 * bx + 4], &b.row(y)[4 * bx..4 * bx + 4]);
            for (&x, &z) in ra.iter().zip(rb) {
                let (x, z) = (i64::from(x), i64::from(z));
                s[0] += x;
                s[1] += z;
                s[2] += x * x + z * z;
                s[3] += x * z;
            }
        }
        BlockSums(s)
    }

    fn add(self, o: BlockSums) -> BlockSums {
        BlockSums(std::array::from_fn(|i| self.0[i] + o.0[i]))
    }
}

/// SSIM of one 8×8 window from its sums.
fn window_ssim(s: BlockSums) -> f64 {
    let [s1, s2, ss, s12] = s.0;
    let vars = ss * 64 - s1 * s1 - s2 * s2;
    let covar = s12 * 64 - s1 * s2;
    ((2 * s1 * s2 + C1) as f64 * (2 * covar + C2) as f64)
        / ((s1 * s1 + s2 * s2 + C1) as f64 * (vars + C2) as f64)
}

/// SSIM of one plane pair; 1.0 when the plane is too small for a single window (FFmpeg
/// divides by zero there; we call an unmeasurable plane perfect rather than NaN).
pub fn plane_ssim(a: &Plane, b: &Plane) -> f64 {
    let (bw, bh) = (a.width / 4, a.height / 4);
    if bw < 2 || bh < 2 {
        return 1.0;
    }
    let row =
        |by: usize| -> Vec<BlockSums> { (0..bw).map(|bx| BlockSums::of(a, b, bx, by)).collect() };
    let mut above = row(0);
    let mut total = 0.0;
    for by in 1..bh {
        let below = row(by);
        for x in 0..bw - 1 {
            total += window_ssim(above[x].add(above[x + 1]).add(below[x]).add(below[x + 1]));
        }
        above = below;
    }
    total / ((bw - 1) * (bh - 1)) as f64
}

/// SSIM in decibels, `−10·log10(1 − ssim)`; 100 dB for a perfect match, like `psnr`.
pub fn ssim_db(ssim: f64) -> f64 {
    if ssim >= 1.0 {
        100.0
    } else {
        -10.0 * (1.0 - ssim).log10()
    }
}

impl SsimMeter {
    /// Measures one frame: Y, U, V and All; `None` when the plane sizes differ.
    pub fn add(&mut self, source: &Planes, recon: &Planes) -> Option<[f64; 4]> {
        if !source.same_shape(recon) {
            return None;
        }
        let samples: Vec<f64> = source
            .0
            .iter()
            .map(|p| (p.width * p.height) as f64)
            .collect();
        let total: f64 = samples.iter().sum();
        let mut out = [0.0; 4];
        for i in 0..3 {
            out[i] = plane_ssim(&source.0[i], &recon.0[i]);
            self.sum[i] += out[i];
            out[3] += out[i] * samples[i] / total;
        }
        self.all_sum += out[3];
        self.frames += 1;
        self.per_frame.push(out);
        Some(out)
    }

    /// Frames measured.
    pub fn frames(&self) -> u64 {
        self.frames
    }

    /// Mean SSIM of Y, U, V and All over the frames (FFmpeg's summary line).
    pub fn mean(&self) -> [f64; 4] {
        let n = self.frames.max(1) as f64;
        [
            self.sum[0] / n,
            self.sum[1] / n,
            self.sum[2] / n,
            self.all_sum / n,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plane(w: usize, h: usize, f: impl Fn(usize, usize) -> u8) -> Plane {
        Plane {
            data: (0..h)
                .flat_map(|y| (0..w).map(move |x| (x, y)))
                .map(|(x, y)| f(x, y))
                .collect(),
            width: w,
            height: h,
        }
    }

    #[test]
    fn constants_are_the_scaled_paper_constants() {
        assert_eq!(C1, (0.01f64 * 0.01 * 255.0 * 255.0 * 64.0 + 0.5) as i64);
        assert_eq!(
            C2,
            (0.03f64 * 0.03 * 255.0 * 255.0 * 64.0 * 63.0 + 0.5) as i64
        );
    }

    #[test]
    fn identical_planes_are_one_and_differences_lower_it() {
        let a = plane(32, 16, |x, y| (x * 7 + y * 13) as u8);
        assert!((plane_ssim(&a, &a) - 1.0).abs() < 1e-12);
        let noisy = plane(32, 16, |x, y| {
            ((x * 7 + y * 13) as u8).wrapping_add(((x ^ y) & 7) as u8)
        });
        let s = plane_ssim(&a, &noisy);
        assert!(s < 0.999 && s > 0.5, "{s}");
        // Symmetric, as the formula is.
        assert!((plane_ssim(&noisy, &a) - s).abs() < 1e-12);
    }

    #[test]
    fn one_window_by_hand() {
        // 8x8: a single window. a is flat 100, b flat 110: variances and covariance 0, so
        // SSIM = (2·μa·μb + c1) / (μa² + μb² + c1) in sum units.
        let a = plane(8, 8, |_, _| 100);
        let b = plane(8, 8, |_, _| 110);
        let (s1, s2) = (6400i64, 7040i64);
        let want = (2 * s1 * s2 + C1) as f64 / (s1 * s1 + s2 * s2 + C1) as f64;
        assert!((plane_ssim(&a, &b) - want).abs() < 1e-12);
        assert!((ssim_db(0.99) - 20.0).abs() < 1e-9);
        assert_eq!(ssim_db(1.0), 100.0);
    }

    #[test]
    fn samples_past_the_last_multiple_of_four_are_not_measured() {
        let a = plane(11, 9, |x, y| (x * 3 + y) as u8);
        let b = plane(11, 9, |x, y| {
            if x >= 8 || y >= 8 {
                0
            } else {
                (x * 3 + y) as u8
            }
        });
        assert!((plane_ssim(&a, &b) - 1.0).abs() < 1e-12);
    }
}
