//! Explicit weighted prediction of P slices (H.264 §7.3.3.2 `pred_weight_table()`,
//! §8.4.2.3.2): each reference index may scale and offset its motion-compensated samples,
//! per colour component — what makes fades and flashes cheap to code.
//!
//! The encoder decides the weights per picture ([`estimate`]: a mean/deviation match of
//! the picture against each reference, kept only where it lowers the zero-motion
//! difference); the table travels in the P slice headers of pictures whose PPS sets
//! `weighted_pred_flag` (PPS 1; pictures without weights refer to PPS 0 and send no
//! table). B slices of PPS 1 use implicit weights (`weighted_bipred_idc` 2,
//! [`implicit_weights`], opt-in with `FramepressImplicitBWeights`): bi-predicted blocks
//! weigh each reference by its distance in picture order, which follows a linear fade
//! without any syntax.

use framepress_bitstream::BitWriter;

use crate::picture::{Picture, Plane};

/// log2 of the weight denominator framepress uses for luma and chroma (weights 64 = 1.0,
/// so ratios up to 127/64 ≈ 2 fit the syntax's −128..=127).
pub const LOG2_DENOM: u32 = 6;

/// One component's weight and offset (8-bit video: the offset is in sample units).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Weight {
    /// The multiplier, in units of 2^−log2_denom (−128..=127).
    pub weight: i32,
    /// Added after scaling (−128..=127).
    pub offset: i32,
}

impl Weight {
    /// The weight that changes nothing.
    pub const IDENTITY: Weight = Weight {
        weight: 1 << LOG2_DENOM,
        offset: 0,
    };

    /// Applies the weight to predicted samples (§8.4.2.3.2, one list):
    /// Clip1(((p · w + 2^(logWD − 1)) >> logWD) + o).
    pub fn apply(self, samples: &mut [u8]) {
        let round = 1 << (LOG2_DENOM - 1);
        for s in samples {
            let v = ((i32::from(*s) * self.weight + round) >> LOG2_DENOM) + self.offset;
            *s = v.clamp(0, 255) as u8;
        }
    }
}

/// The weights of one reference index: `None` where the component keeps the default
/// prediction (its flag is 0 in the table).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RefWeights {
    /// Luma.
    pub luma: Option<Weight>,
    /// Cb and Cr (sent together).
    pub chroma: Option<[Weight; 2]>,
}

impl RefWeights {
    /// Whether any component is weighted.
    pub fn is_weighted(&self) -> bool {
        self.luma.is_some() || self.chroma.is_some()
    }
}

/// `pred_weight_table()` for the list 0 of a P slice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WeightTable {
    /// Per reference index of RefPicList0 (missing entries are unweighted).
    pub refs: Vec<RefWeights>,
}

impl WeightTable {
    /// The weights of reference index `i`.
    pub fn get(&self, i: usize) -> RefWeights {
        self.refs.get(i).copied().unwrap_or_default()
    }

    /// Writes `pred_weight_table()` for `num_refs` active references (4:2:0). A table
    /// without weights sends denominators 0 (one bit each instead of five: at low rates
    /// the table is a visible part of a small P picture).
    pub fn write(&self, w: &mut BitWriter, num_refs: u32) {
        let used = self
            .refs
            .iter()
            .take(num_refs as usize)
            .any(RefWeights::is_weighted);
        let denom = if used { LOG2_DENOM } else { 0 };
        w.write_ue(denom); // luma_log2_weight_denom
        w.write_ue(denom); // chroma_log2_weight_denom
        for i in 0..num_refs as usize {
            let r = self.get(i);
            w.write_flag(r.luma.is_some()); // luma_weight_l0_flag
            if let Some(l) = r.luma {
                w.write_se(l.weight);
                w.write_se(l.offset);
            }
            w.write_flag(r.chroma.is_some()); // chroma_weight_l0_flag
            if let Some(c) = r.chroma {
                for cw in c {
                    w.write_se(cw.weight);
                    w.write_se(cw.offset);
                }
            }
        }
    }
}

/// The implicit bi-prediction weights (w0, w1) of references with PicOrderCnt `poc0`
/// (list 0) and `poc1` (list 1) for the current picture's `poc` (§8.4.2.3.1, equations
/// 8-299 to 8-301 with the temporal-direct DistScaleFactor of §8.4.1.2.3); logWD is 5.
/// (32, 32) — the plain average — where the distances say nothing.
pub fn implicit_weights(poc: i32, poc0: i32, poc1: i32) -> (i32, i32) {
    let tb = (poc - poc0).clamp(-128, 127);
    let td = (poc1 - poc0).clamp(-128, 127);
    if td == 0 {
        return (32, 32);
    }
    let tx = (16384 + (td / 2).abs()) / td;
    let scale = ((tb * tx + 32) >> 6).clamp(-1024, 1023);
    if !(-64..=128).contains(&(scale >> 2)) {
        return (32, 32);
    }
    (64 - (scale >> 2), scale >> 2)
}

/// Implicit weighted bi-prediction of `a` and `b` into `a` (§8.4.2.3.2 with logWD 5 and
/// no offsets): Clip1((a · w0 + b · w1 + 32) >> 6).
pub fn bipred_implicit(a: &mut [u8], b: &[u8], (w0, w1): (i32, i32)) {
    for (x, &y) in a.iter_mut().zip(b) {
        let v = (i32::from(*x) * w0 + i32::from(y) * w1 + 32) >> 6;
        *x = v.clamp(0, 255) as u8;
    }
}

/// Mean and standard deviation of the visible `w`×`h` samples of `p`.
fn moments(p: &Plane, w: usize, h: usize) -> (f64, f64) {
    let (mut sum, mut sq) = (0f64, 0f64);
    for y in 0..h {
        for &s in &p.row(y)[..w] {
            let v = f64::from(s);
            sum += v;
            sq += v * v;
        }
    }
    let n = (w * h).max(1) as f64;
    let mean = sum / n;
    (mean, (sq / n - mean * mean).max(0.0).sqrt())
}

/// Sum of absolute differences at zero motion between `src` and `reference` weighted by
/// `wt` (every second row, enough for the decision).
fn weighted_sad(src: &Plane, reference: &Plane, w: usize, h: usize, wt: Weight) -> u64 {
    let mut sad = 0u64;
    let mut row = vec![0u8; w];
    for y in (0..h).step_by(2) {
        row.copy_from_slice(&reference.row(y)[..w]);
        wt.apply(&mut row);
        sad += src.row(y)[..w]
            .iter()
            .zip(&row)
            .map(|(&a, &b)| u64::from(a.abs_diff(b)))
            .sum::<u64>();
    }
    sad
}

/// The weight that maps `reference`'s mean and deviation onto `src`'s, when the change is
/// large enough to be a fade or flash and the weight lowers the zero-motion difference by
/// at least 1/16.
/// `(ms, ds)` are `src`'s mean and deviation ([`moments`]), taken once per picture.
fn plane_weight(
    src: &Plane,
    (ms, ds): (f64, f64),
    reference: &Plane,
    w: usize,
    h: usize,
) -> Option<Weight> {
    let (mr, dr) = moments(reference, w, h);
    let scale = if dr > 1.0 { ds / dr } else { 1.0 };
    let weight = (scale * f64::from(1 << LOG2_DENOM))
        .round()
        .clamp(-128.0, 127.0) as i32;
    let offset = (ms - mr * f64::from(weight) / f64::from(1 << LOG2_DENOM))
        .round()
        .clamp(-128.0, 127.0) as i32;
    let wt = Weight { weight, offset };
    // A brightness or contrast change a fade or flash makes (mean 3 levels or contrast
    // 5 %), not lighting noise: the motion search and the residual absorb small ones
    // better than a weight does (carphone: weights on a change of 2 levels cost BD-rate).
    if wt == Weight::IDENTITY || ((ms - mr).abs() < 3.0 && (scale - 1.0).abs() < 0.05) {
        return None;
    }
    let plain = weighted_sad(src, reference, w, h, Weight::IDENTITY);
    let weighted = weighted_sad(src, reference, w, h, wt);
    (weighted * 16 < plain * 15).then_some(wt)
}

/// The weights predicting the visible `width`×`height` picture `src` from each of
/// `references` (their reconstructions): the fade detector's estimate. The source's
/// moments are taken once for all references.
pub fn estimate(
    src: &Picture,
    references: &[&Picture],
    width: usize,
    height: usize,
) -> Vec<RefWeights> {
    let (cw, ch) = (width.div_ceil(2), height.div_ceil(2));
    let src_moments = [
        moments(&src.y, width, height),
        moments(&src.cb, cw, ch),
        moments(&src.cr, cw, ch),
    ];
    references
        .iter()
        .map(|reference| {
            let luma = plane_weight(&src.y, src_moments[0], &reference.y, width, height);
            let cb = plane_weight(&src.cb, src_moments[1], &reference.cb, cw, ch);
            let cr = plane_weight(&src.cr, src_moments[2], &reference.cr, cw, ch);
            let chroma = (cb.is_some() || cr.is_some()).then(|| {
                [
                    cb.unwrap_or(Weight::IDENTITY),
                    cr.unwrap_or(Weight::IDENTITY),
                ]
            });
            RefWeights { luma, chroma }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_changes_nothing_and_weights_round_as_the_standard() {
        let mut s: Vec<u8> = (0..=255).collect();
        Weight::IDENTITY.apply(&mut s);
        assert!(s.iter().enumerate().all(|(i, &v)| v as usize == i));
        // w = 32 (0.5), o = 10: ((p · 32 + 32) >> 6) + 10.
        let mut s = [0u8, 1, 2, 3, 255];
        Weight {
            weight: 32,
            offset: 10,
        }
        .apply(&mut s);
        assert_eq!(s, [10, 11, 11, 12, 138]);
        // Clipping at both ends.
        let mut s = [250u8, 5];
        Weight {
            weight: 127,
            offset: -20,
        }
        .apply(&mut s);
        assert_eq!(s, [255, 0]);
    }

    #[test]
    fn implicit_weights_follow_the_distances() {
        // Halfway: the plain average, to the rounding.
        assert_eq!(implicit_weights(4, 0, 8), (32, 32));
        let mut a = [10u8, 11, 255];
        bipred_implicit(&mut a, &[11, 11, 0], (32, 32));
        assert_eq!(a, [11, 11, 128]);
        // A quarter of the way from list 0's reference: three quarters its weight.
        assert_eq!(implicit_weights(2, 0, 8), (48, 16));
        // Both references on the same side (tb > td): extrapolation.
        assert_eq!(implicit_weights(12, 0, 8), (-32, 96));
        // Same picture order, or too far: the average.
        assert_eq!(implicit_weights(4, 6, 6), (32, 32));
        assert_eq!(implicit_weights(100, 0, 2), (32, 32));
    }

    #[test]
    fn table_syntax() {
        let t = WeightTable {
            refs: vec![RefWeights {
                luma: Some(Weight {
                    weight: 48,
                    offset: -3,
                }),
                chroma: None,
            }],
        };
        let mut w = BitWriter::with_capacity(8);
        t.write(&mut w, 2);
        // ue(6) ue(6) | 1 se(48) se(-3) 0 | 0 0
        let bytes = w.into_bytes();
        let mut r = framepress_bitstream::BitReader::new(&bytes);
        assert_eq!(r.read_ue().unwrap(), 6);
        assert_eq!(r.read_ue().unwrap(), 6);
        assert!(r.read_flag().unwrap());
        assert_eq!(r.read_se().unwrap(), 48);
        assert_eq!(r.read_se().unwrap(), -3);
        assert!(!r.read_flag().unwrap());
        assert!(!r.read_flag().unwrap() && !r.read_flag().unwrap());
    }

    fn picture(f: impl Fn(usize, usize) -> u8) -> Picture {
        let mut p = Picture::new(2, 2);
        for y in 0..32 {
            for (x, s) in p.y.row_mut(y)[..32].iter_mut().enumerate() {
                *s = f(x, y);
            }
        }
        for y in 0..16 {
            p.cb.row_mut(y)[..16].fill(128);
            p.cr.row_mut(y)[..16].fill(128);
        }
        p
    }

    #[test]
    fn a_fade_is_found_and_unchanged_content_is_left_alone() {
        let bright = picture(|x, y| (20 + 3 * x + 2 * y) as u8);
        let dim = picture(|x, y| ((20 + 3 * x + 2 * y) / 2) as u8);
        let r = estimate(&dim, &[&bright], 32, 32)[0];
        let l = r.luma.expect("a luma weight for a fade");
        assert!((30..=34).contains(&l.weight), "{l:?}");
        assert!(l.offset.abs() <= 2, "{l:?}");
        assert_eq!(r.chroma, None, "flat chroma needs no weight");
        assert_eq!(
            estimate(&bright, &[&bright], 32, 32),
            [RefWeights::default()]
        );
    }
}
