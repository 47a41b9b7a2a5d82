//! The thresholds of one edge (H.264 §8.7.2.2): qPav from the two macroblocks' QPs, indexA
//! and indexB with the slice's filter offsets, and α, β and tC0 from Tables 8-16 and 8-17.

use super::DeblockParams;
use super::tables::{ALPHA, BETA, TC0};

/// α, β and indexA (for tC0) of one edge of one colour component.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Thresholds {
    /// α (= α′ for BitDepthY/C = 8).
    pub alpha: i32,
    /// β (= β′ for BitDepthY/C = 8).
    pub beta: i32,
    /// indexA, for the tC0 lookup.
    index_a: usize,
}

impl Thresholds {
    /// Thresholds for an edge between a block with quantiser `qp_p` (the macroblock of p0) and
    /// one with `qp_q` (the macroblock of q0). For luma these are QPY; for chroma the QPC of
    /// each macroblock (§8.7.2.2: "the QPC values … for the QPY values of the macroblocks").
    /// The filter offsets are those of the slice containing q0: indexA = Clip3(0, 51, qPav + FilterOffsetA),
    /// indexB = Clip3(0, 51, qPav + FilterOffsetB).
    pub(super) fn new(qp_p: u8, qp_q: u8, params: &DeblockParams) -> Thresholds {
        let qp_av = (i32::from(qp_p) + i32::from(qp_q) + 1) >> 1;
        let index_a = (qp_av + i32::from(params.alpha_c0_offset)).clamp(0, 51) as usize;
        let index_b = (qp_av + i32::from(params.beta_offset)).clamp(0, 51) as usize;
        Thresholds {
            alpha: i32::from(ALPHA[index_a]),
            beta: i32::from(BETA[index_b]),
            index_a,
        }
    }

    /// Whether no sample of the edge can be filtered: with α = 0 or β = 0 the condition
    /// filterSamplesFlag is false for every sample.
    pub(super) fn filters_nothing(&self) -> bool {
        self.alpha == 0 || self.beta == 0
    }

    /// tC0 for bS 1..=3 (Table 8-17; tC0 = t′C0 for 8-bit samples); 0 for any other bS.
    pub(super) fn tc0(&self, bs: u8) -> i32 {
        match bs {
            1..=3 => i32::from(TC0[self.index_a][usize::from(bs) - 1]),
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(a: i8, b: i8) -> DeblockParams {
        DeblockParams {
            alpha_c0_offset: a,
            beta_offset: b,
            ..DeblockParams::default()
        }
    }

    #[test]
    fn average_qp_rounds_up_and_offsets_apply_separately() {
        // qPav = (29 + 30 + 1) >> 1 = 30.
        let t = Thresholds::new(29, 30, &params(0, 0));
        assert_eq!(
            (t.alpha, t.beta, t.tc0(1), t.tc0(2), t.tc0(3)),
            (25, 8, 1, 1, 2)
        );
        // indexA = 30 + 6 = 36, indexB = 30 − 4 = 26.
        let t = Thresholds::new(30, 30, &params(6, -4));
        assert_eq!((t.alpha, t.beta, t.tc0(3)), (50, 6, 4));
        assert_eq!(t.tc0(0), 0);
        assert_eq!(t.tc0(4), 0);
    }

    #[test]
    fn indices_clip_to_0_and_51() {
        let t = Thresholds::new(51, 51, &params(12, 12));
        assert_eq!((t.alpha, t.beta, t.tc0(3)), (255, 18, 25));
        let t = Thresholds::new(0, 0, &params(-12, -12));
        assert_eq!((t.alpha, t.beta), (0, 0));
        assert!(t.filters_nothing());
        // Out-of-range QPs (bad input) clip rather than panic.
        let t = Thresholds::new(255, 255, &params(i8::MAX, i8::MIN));
        assert_eq!((t.alpha, t.beta), (255, 18));
    }

    #[test]
    fn filtering_starts_at_index_16() {
        assert!(Thresholds::new(15, 15, &params(0, 0)).filters_nothing());
        assert!(!Thresholds::new(16, 16, &params(0, 0)).filters_nothing());
        assert!(Thresholds::new(20, 20, &params(0, -6)).filters_nothing());
        assert!(Thresholds::new(20, 20, &params(-6, 0)).filters_nothing());
    }
}
