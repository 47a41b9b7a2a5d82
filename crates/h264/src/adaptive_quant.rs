//! Adaptive quantisation (`FramepressAdaptiveQuantization`): a QP offset per macroblock
//! from its texture, before the picture is coded.
//!
//! Why: the eye (and SSIM, VMAF) sees coding noise on flat areas — sky, skin, gradients —
//! far more than on busy texture, where the same error hides. One QP for the whole picture
//! spends too few bits on the flat parts and too many on the textured ones. Giving
//! low-energy macroblocks a finer QP and high-energy ones a coarser one moves bits to where
//! they are seen. It costs PSNR (which weighs every error alike), so constant-QP
//! benchmark runs leave it off.
//!
//! How (the idea of x264's variance AQ, written from its description): a macroblock's
//! energy is the sum of squared deviations from the mean of its luma and of each chroma
//! block. Its offset is `strength · (log2(energy) − centre)`: one QP step per doubling of
//! energy at strength 1. `Variance` uses a fixed centre (a mid-textured macroblock),
//! `AutoVariance` the picture's own mean, so a picture's offsets average zero whatever its
//! content and the rate control's picture QP keeps its meaning.

use crate::picture::{Picture, Plane};

/// How macroblock QPs adapt (`FramepressAdaptiveQuantization`).
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum AqMode {
    /// Every macroblock at the picture's QP.
    #[default]
    Off,
    /// Offsets around a fixed centre.
    Variance,
    /// Offsets around the picture's mean energy (they average zero).
    AutoVariance,
}

impl AqMode {
    /// The mode named by a `FramepressAdaptiveQuantization` value (core's
    /// `keys::AQ_MODES`, which the property layer validates).
    pub fn from_name(name: &str) -> Option<AqMode> {
        match name {
            "Off" => Some(AqMode::Off),
            "Variance" => Some(AqMode::Variance),
            "AutoVariance" => Some(AqMode::AutoVariance),
            _ => None,
        }
    }

    /// The property value's name.
    pub fn name(self) -> &'static str {
        match self {
            AqMode::Off => "Off",
            AqMode::Variance => "Variance",
            AqMode::AutoVariance => "AutoVariance",
        }
    }
}

/// Default `FramepressAQStrength`.
pub const DEFAULT_STRENGTH: f64 = 1.0;

/// log2 of the energy of a macroblock that gets no offset in `Variance` mode (x264's
/// centre for 8-bit video, about the energy of a 16x16 block with a standard deviation of
/// 7 samples).
const VARIANCE_CENTRE: f64 = 14.427;

/// The largest offset either way (of adaptive quantisation and the macroblock tree
/// together).
const MAX_OFFSET: f64 = 12.0;

/// Sum of squared deviations from the mean of the `n`×`n` block at (x, y).
fn energy(plane: &Plane, x: usize, y: usize, n: usize) -> u64 {
    let (mut sum, mut sq) = (0u64, 0u64);
    for r in 0..n {
        for &v in &plane.row(y + r)[x..x + n] {
            sum += u64::from(v);
            sq += u64::from(v) * u64::from(v);
        }
    }
    let count = (n * n) as u64;
    sq - (sum * sum) / count
}

/// The unrounded QP offset of each macroblock of `pic` (raster order), or `None` when
/// `mode` is `Off` or `strength` is 0.
pub fn energy_offsets(pic: &Picture, mode: AqMode, strength: f64) -> Option<Vec<f64>> {
    if mode == AqMode::Off || strength <= 0.0 {
        return None;
    }
    let (mb_w, mb_h) = (pic.y.width / 16, pic.y.height / 16);
    let log_energy: Vec<f64> = (0..mb_w * mb_h)
        .map(|i| {
            let (x, y) = ((i % mb_w) * 16, (i / mb_w) * 16);
            let e = energy(&pic.y, x, y, 16)
                + energy(&pic.cb, x / 2, y / 2, 8)
                + energy(&pic.cr, x / 2, y / 2, 8);
            (e.max(1) as f64).log2()
        })
        .collect();
    let centre = match mode {
        AqMode::AutoVariance => log_energy.iter().sum::<f64>() / log_energy.len().max(1) as f64,
        _ => VARIANCE_CENTRE,
    };
    Some(
        log_energy
            .iter()
            .map(|&l| strength * (l - centre))
            .collect(),
    )
}

/// The macroblocks' QP offsets from adaptive quantisation (`aq`) and the macroblock tree
/// (`tree`, one per macroblock too), summed, rounded and limited to ±12; `None` when
/// neither is on.
pub fn macroblock_offsets(aq: Option<Vec<f64>>, tree: Option<&[f64]>) -> Option<Vec<i8>> {
    let round = |v: f64| v.clamp(-MAX_OFFSET, MAX_OFFSET).round() as i8;
    match (aq, tree) {
        (None, None) => None,
        (Some(a), None) => Some(a.into_iter().map(round).collect()),
        (None, Some(t)) => Some(t.iter().copied().map(round).collect()),
        (Some(a), Some(t)) => Some(a.iter().zip(t).map(|(a, t)| round(a + t)).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 2x1-macroblock picture: the left macroblock flat, the right one noisy.
    fn picture() -> Picture {
        let mut pic = Picture::new(2, 1);
        let mut seed = 7u32;
        for y in 0..16 {
            for x in 0..32 {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                let v = if x < 16 { 120 } else { 60 + (seed >> 16) % 140 };
                pic.y.row_mut(y)[x] = v as u8;
            }
        }
        pic
    }

    fn qp_offsets(pic: &Picture, mode: AqMode, strength: f64) -> Option<Vec<i8>> {
        macroblock_offsets(energy_offsets(pic, mode, strength), None)
    }

    #[test]
    fn flat_macroblocks_get_finer_qps_than_textured_ones() {
        let pic = picture();
        for mode in [AqMode::Variance, AqMode::AutoVariance] {
            let o = qp_offsets(&pic, mode, 1.0).unwrap();
            assert!(o[0] < 0 && o[1] > 0, "{mode:?}: {o:?}");
        }
        // AutoVariance offsets centre on the picture: these two are symmetric.
        let o = qp_offsets(&pic, AqMode::AutoVariance, 1.0).unwrap();
        assert!((i32::from(o[0]) + i32::from(o[1])).abs() <= 1, "{o:?}");
        // Strength scales, within the clamp.
        let half = qp_offsets(&pic, AqMode::AutoVariance, 0.5).unwrap();
        assert!(half[1] < o[1] && half[1] > 0, "{half:?} vs {o:?}");
        assert!(o.iter().all(|&v| f64::from(v).abs() <= MAX_OFFSET));
    }

    #[test]
    fn off_and_zero_strength_give_no_offsets() {
        let pic = picture();
        assert_eq!(qp_offsets(&pic, AqMode::Off, 1.0), None);
        assert_eq!(qp_offsets(&pic, AqMode::Variance, 0.0), None);
    }

    #[test]
    fn tree_offsets_add_to_the_energy_offsets_within_the_limit() {
        let pic = picture();
        let aq = energy_offsets(&pic, AqMode::AutoVariance, 1.0);
        let alone = qp_offsets(&pic, AqMode::AutoVariance, 1.0).unwrap();
        let both = macroblock_offsets(aq, Some(&[-2.0, -30.0])).unwrap();
        assert_eq!(both[0], alone[0] - 2);
        assert_eq!(both[1], -MAX_OFFSET as i8);
        assert_eq!(
            macroblock_offsets(None, Some(&[-1.4, 0.6])),
            Some(vec![-1, 1])
        );
        assert_eq!(macroblock_offsets(None, None), None);
    }

    #[test]
    fn every_property_value_names_a_mode() {
        for &name in framepress_core::property::keys::AQ_MODES {
            assert_eq!(AqMode::from_name(name).map(AqMode::name), Some(name));
        }
    }
}
