//! Scene-cut detection: decides, before a picture is coded, whether inter prediction would
//! help it so little that it should start a new key frame instead.
//!
//! Why: a cut coded as a P picture is mostly intra macroblocks at the P picture's QP, and
//! every following picture predicts from that coarse base. Coding it as a key frame (at the
//! key frame's finer QP, see `FramepressKeyFrameQPOffset`) lifts the whole new scene, and
//! gives players a random-access point where the content changes. On `bikes` (five cuts in
//! 250 frames) this is worth about 2 % BD-rate.
//!
//! How: both pictures are reduced to half resolution; for every 8x8 block of the reduced
//! picture (one macroblock) the cheaper of an intra estimate (SATD against DC, horizontal and
//! vertical prediction from the reduced source) and an inter estimate (SAD-driven search in
//! the previous reduced picture, scored by SATD) is summed. The picture is a cut when the
//! inter-or-intra total is not clearly below the intra-only total. The margin grows with the
//! distance from the last key frame, so cuts right after a key frame need a much clearer
//! change (the shape of x264's scenecut bias, written from its description).

use crate::lookahead::lowres::{BLOCK, Reduced, intra_cost, search};

/// Default `FramepressSceneCutThreshold` (the same scale as x264's `--scenecut`).
pub const DEFAULT_THRESHOLD: u8 = 40;

/// Key-frame interval assumed for the bias when the configured one is larger (or unlimited).
const BIAS_INTERVAL_CAP: u32 = 250;

/// Per-block inter and intra estimates of one picture.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Estimate {
    /// Σ intra SATD.
    pub intra: u64,
    /// Σ min(inter SATD, intra SATD); equal to `intra` without a previous picture.
    pub best: u64,
    /// Whether there was a previous picture to predict from (the inter estimate is real).
    pub has_reference: bool,
}

/// Scene-cut detector state: the previous picture, reduced.
#[derive(Clone, Debug, Default)]
pub struct SceneCutDetector {
    previous: Option<Reduced>,
    /// Motion vectors (reduced pixels) found for the previous picture's blocks, used as
    /// predictors for the co-located blocks of the next.
    previous_mvs: Vec<[i32; 2]>,
}

impl SceneCutDetector {
    /// A detector with no history (the first picture is never a cut: it is a key frame).
    pub fn new() -> SceneCutDetector {
        SceneCutDetector::default()
    }

    /// Forgets the previous picture (e.g. when detection is switched off and back on).
    pub fn reset(&mut self) {
        self.previous = None;
        self.previous_mvs.clear();
    }

    /// Analyses the next picture (luma rows of `width`×`height`, both even) and remembers it;
    /// returns its estimate against the previous picture (intra only, `has_reference` false,
    /// for the first picture or after a size change). The rate controller uses the same
    /// estimate as the picture's complexity.
    pub fn analyse<'a>(
        &mut self,
        width: usize,
        height: usize,
        row: impl Fn(usize) -> &'a [u8],
    ) -> Estimate {
        let current = Reduced::from_rows(width, height, row);
        let estimate = match &self.previous {
            Some(prev) if prev.width == current.width && prev.height == current.height => {
                let (estimate, mvs) = estimate(&current, prev, &self.previous_mvs);
                self.previous_mvs = mvs;
                estimate
            }
            _ => {
                self.previous_mvs.clear();
                intra_estimate(&current)
            }
        };
        self.previous = Some(current);
        estimate
    }
}

/// Whether `estimate` is a scene cut for `threshold` (0–100, 0 never) at `distance` pictures
/// after the last key frame with key frames at most every `max_interval` pictures.
///
/// The picture is a cut when `best ≥ (1 − bias) · intra`: inter prediction saves less than
/// the fraction `bias` of the intra cost. `bias` rises from threshold/400 just after a key
/// frame to threshold/100 at the maximum interval.
pub fn is_cut(estimate: Estimate, threshold: u8, distance: u32, max_interval: u32) -> bool {
    if threshold == 0 || estimate.intra == 0 || !estimate.has_reference {
        return false;
    }
    let t_max = f64::from(threshold.min(100)) / 100.0;
    let t_min = t_max / 4.0;
    let interval = max_interval.clamp(2, BIAS_INTERVAL_CAP);
    let min_interval = (interval / 10).max(1);
    let bias = if distance <= min_interval / 4 {
        t_min / 4.0
    } else if distance <= min_interval {
        t_min * f64::from(distance) / f64::from(min_interval)
    } else {
        let span = f64::from(interval.saturating_sub(min_interval).max(1));
        let d = f64::from(distance.min(interval) - min_interval);
        t_min + (t_max - t_min) * d / span
    };
    estimate.best as f64 >= (1.0 - bias) * estimate.intra as f64
}

/// Intra and inter estimates of `cur` against `prev`; also returns each block's vector.
fn estimate(cur: &Reduced, prev: &Reduced, prev_mvs: &[[i32; 2]]) -> (Estimate, Vec<[i32; 2]>) {
    let (bw, bh) = (cur.width / BLOCK, cur.height / BLOCK);
    let mut mvs = vec![[0i32; 2]; bw * bh];
    let mut total = Estimate {
        has_reference: true,
        ..Estimate::default()
    };
    for by in 0..bh {
        for bx in 0..bw {
            let (x, y) = (bx * BLOCK, by * BLOCK);
            let intra = intra_cost(cur, x, y);
            let mut seeds = vec![[0, 0]];
            if bx > 0 {
                seeds.push(mvs[by * bw + bx - 1]);
            }
            if by > 0 {
                seeds.push(mvs[(by - 1) * bw + bx]);
            }
            if let Some(&m) = prev_mvs.get(by * bw + bx) {
                seeds.push(m);
            }
            let (mv, inter) = search(cur, prev, x, y, &seeds);
            mvs[by * bw + bx] = mv;
            total.intra += u64::from(intra);
            total.best += u64::from(intra.min(inter));
        }
    }
    (total, mvs)
}

/// The intra-only estimate of a picture with nothing to predict from.
fn intra_estimate(cur: &Reduced) -> Estimate {
    let (bw, bh) = (cur.width / BLOCK, cur.height / BLOCK);
    let intra: u64 = (0..bh)
        .flat_map(|by| (0..bw).map(move |bx| (bx, by)))
        .map(|(bx, by)| u64::from(intra_cost(cur, bx * BLOCK, by * BLOCK)))
        .sum();
    Estimate {
        intra,
        best: intra,
        has_reference: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A smoothly textured 128x96 picture (natural content has smooth SAD basins), shifted
    /// right by `dx` pixels, in `seed`'s pattern.
    fn picture(seed: u32, dx: usize) -> Vec<u8> {
        let (w, h) = (128usize, 96usize);
        let f = f64::from(seed);
        let mut v = vec![0u8; w * h];
        for y in 0..h {
            for x in 0..w {
                let (xs, yf) = (x as f64 - dx as f64, y as f64);
                let t = 128.0
                    + 60.0 * (xs * 0.31 + f).sin() * (yf * 0.23 + 0.7 * f).cos()
                    + 30.0 * ((xs + yf) * 0.05 * f).sin();
                v[y * w + x] = t.clamp(0.0, 255.0) as u8;
            }
        }
        v
    }

    /// The estimate when there was a previous picture.
    fn analyse(d: &mut SceneCutDetector, pic: &[u8]) -> Option<Estimate> {
        Some(d.analyse(128, 96, |y| &pic[y * 128..(y + 1) * 128])).filter(|e| e.has_reference)
    }

    #[test]
    fn first_picture_has_only_an_intra_estimate_and_is_never_a_cut() {
        let mut d = SceneCutDetector::new();
        let pic = picture(1, 0);
        let e = d.analyse(128, 96, |y| &pic[y * 128..(y + 1) * 128]);
        assert!(
            !e.has_reference && e.intra > 0 && e.best == e.intra,
            "{e:?}"
        );
        assert!(!is_cut(e, 100, 250, 250));
    }

    #[test]
    fn motion_is_not_a_cut_and_new_content_is() {
        let mut d = SceneCutDetector::new();
        analyse(&mut d, &picture(1, 0));
        let moved = analyse(&mut d, &picture(1, 4)).unwrap();
        // Only the left column, where new content enters, finds no match.
        assert!(moved.best * 4 < moved.intra, "{moved:?}");
        assert!(!is_cut(moved, DEFAULT_THRESHOLD, 100, 250));
        // A different scene: blocks of another texture and brightness.
        let other: Vec<u8> = (0..128 * 96)
            .map(|i| {
                let (x, y) = (i % 128, i / 128);
                if (x / 12 + y / 10) % 2 == 0 { 30 } else { 220 }
            })
            .collect();
        let cut = analyse(&mut d, &other).unwrap();
        assert!(is_cut(cut, DEFAULT_THRESHOLD, 100, 250), "{cut:?}");
        // Threshold 0 disables detection.
        assert!(!is_cut(cut, 0, 100, 250));
    }

    #[test]
    fn bias_needs_a_clearer_change_right_after_a_key_frame() {
        // Inter saves 20 % of the intra cost.
        let e = Estimate {
            intra: 1000,
            best: 800,
            has_reference: true,
        };
        assert!(!is_cut(e, 40, 1, 250));
        assert!(is_cut(e, 40, 250, 250));
        // Identical pictures never are.
        let same = Estimate {
            intra: 1000,
            best: 0,
            has_reference: true,
        };
        assert!(!is_cut(same, DEFAULT_THRESHOLD, 250, 250));
    }

    #[test]
    fn size_change_restarts() {
        let mut d = SceneCutDetector::new();
        analyse(&mut d, &picture(1, 0));
        let small = vec![0u8; 32 * 16];
        assert!(
            !d.analyse(32, 16, |y| &small[y * 32..(y + 1) * 32])
                .has_reference
        );
    }
}
