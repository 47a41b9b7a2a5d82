//! The filtering of one line of samples across an edge (H.264 §8.7.2.3 and §8.7.2.4), the
//! part of §8.7.2.2 that decides whether it is filtered at all (filterSamplesFlag), for 8-bit
//! samples.
//!
//! A line is addressed in a plane's data by the index of q0 and the distance `step` between
//! successive samples across the edge (1 for a vertical edge, the stride for a horizontal
//! one): p_i is at `q0 − (i + 1)·step`, q_i at `q0 + i·step`.

use super::thresholds::Thresholds;

/// Clip1Y / Clip1C for 8-bit samples (§5.7): Clip3(0, 255, x).
fn clip1(x: i32) -> u8 {
    x.clamp(0, 255) as u8
}

/// The samples p0..p3 and q0..q3 of one line (p3, q3 only read for the luma bS = 4 filter).
struct Line {
    p: [i32; 3],
    q: [i32; 3],
}

impl Line {
    fn read(d: &[u8], q0: usize, step: usize) -> Line {
        let at = |i: usize| i32::from(d[i]);
        Line {
            p: [at(q0 - step), at(q0 - 2 * step), at(q0 - 3 * step)],
            q: [at(q0), at(q0 + step), at(q0 + 2 * step)],
        }
    }

    /// filterSamplesFlag (§8.7.2.2) apart from its bS ≠ 0 term: |p0 − q0| < α,
    /// |p1 − p0| < β and |q1 − q0| < β.
    fn is_filtered(&self, t: &Thresholds) -> bool {
        let [p0, p1, _] = self.p;
        let [q0, q1, _] = self.q;
        (p0 - q0).abs() < t.alpha && (p1 - p0).abs() < t.beta && (q1 - q0).abs() < t.beta
    }

    /// Δ of §8.7.2.3 before its clipping to ±tC: ((q0 − p0) << 2 + (p1 − q1) + 4) >> 3.
    fn delta(&self) -> i32 {
        (((self.q[0] - self.p[0]) << 2) + (self.p[1] - self.q[1]) + 4) >> 3
    }
}

/// Filters one luma line across an edge with boundary strength `bs` (1..=4).
pub(super) fn luma_line(d: &mut [u8], q0: usize, step: usize, bs: u8, t: &Thresholds) {
    let line = Line::read(d, q0, step);
    if bs == 0 || !line.is_filtered(t) {
        return;
    }
    let [p0, p1, p2] = line.p;
    let [q0v, q1, q2] = line.q;
    // ap < β and aq < β (§8.7.2.2, chromaStyleFilteringFlag = 0).
    let ap = (p2 - p0).abs() < t.beta;
    let aq = (q2 - q0v).abs() < t.beta;
    if bs < 4 {
        // §8.7.2.3.
        let tc0 = t.tc0(bs);
        let tc = tc0 + i32::from(ap) + i32::from(aq); // tC = tC0 + (ap < β) + (aq < β)
        let delta = line.delta().clamp(-tc, tc);
        d[q0 - step] = clip1(p0 + delta); // p′0
        d[q0] = clip1(q0v - delta); // q′0
        let avg = (p0 + q0v + 1) >> 1;
        if ap {
            // p′1 = p1 + Clip3(−tC0, tC0, (p2 + ((p0 + q0 + 1) >> 1) − (p1 << 1)) >> 1)
            d[q0 - 2 * step] = clip1(p1 + ((p2 + avg - (p1 << 1)) >> 1).clamp(-tc0, tc0));
        }
        if aq {
            // q′1, likewise
            d[q0 + step] = clip1(q1 + ((q2 + avg - (q1 << 1)) >> 1).clamp(-tc0, tc0));
        }
    } else {
        // §8.7.2.4: the 4/5-tap filters when chromaStyleFilteringFlag = 0, ap (aq) < β and
        // |p0 − q0| < (α >> 2) + 2; otherwise the 3-tap filter of p0 (q0) only.
        let strong_gap = (p0 - q0v).abs() < (t.alpha >> 2) + 2;
        if ap && strong_gap {
            let p3 = i32::from(d[q0 - 4 * step]);
            d[q0 - step] = clip1((p2 + 2 * p1 + 2 * p0 + 2 * q0v + q1 + 4) >> 3); // p′0
            d[q0 - 2 * step] = clip1((p2 + p1 + p0 + q0v + 2) >> 2); // p′1
            d[q0 - 3 * step] = clip1((2 * p3 + 3 * p2 + p1 + p0 + q0v + 4) >> 3); // p′2
        } else {
            d[q0 - step] = clip1((2 * p1 + p0 + q1 + 2) >> 2); // p′0
        }
        if aq && strong_gap {
            let q3 = i32::from(d[q0 + 3 * step]);
            d[q0] = clip1((p1 + 2 * p0 + 2 * q0v + 2 * q1 + q2 + 4) >> 3); // q′0
            d[q0 + step] = clip1((p0 + q0v + q1 + q2 + 2) >> 2); // q′1
            d[q0 + 2 * step] = clip1((2 * q3 + 3 * q2 + q1 + q0v + p0 + 4) >> 3); // q′2
        } else {
            d[q0] = clip1((2 * q1 + q0v + p1 + 2) >> 2); // q′0
        }
    }
}

/// Filters one chroma line across an edge with boundary strength `bs` (1..=4), for 4:2:0
/// (chromaStyleFilteringFlag = 1: only p0 and q0 change).
pub(super) fn chroma_line(d: &mut [u8], q0: usize, step: usize, bs: u8, t: &Thresholds) {
    let p0 = i32::from(d[q0 - step]);
    let p1 = i32::from(d[q0 - 2 * step]);
    let q0v = i32::from(d[q0]);
    let q1 = i32::from(d[q0 + step]);
    // Only p0, p1, q0, q1 take part; the third samples are never read for chroma.
    let line = Line {
        p: [p0, p1, 0],
        q: [q0v, q1, 0],
    };
    if bs == 0 || !line.is_filtered(t) {
        return;
    }
    if bs < 4 {
        let tc = t.tc0(bs) + 1; // tC = tC0 + 1 (chromaStyleFilteringFlag = 1)
        let delta = line.delta().clamp(-tc, tc);
        d[q0 - step] = clip1(p0 + delta);
        d[q0] = clip1(q0v - delta);
    } else {
        d[q0 - step] = clip1((2 * p1 + p0 + q1 + 2) >> 2); // §8.7.2.4 p′0
        d[q0] = clip1((2 * q1 + q0v + p1 + 2) >> 2); // §8.7.2.4 q′0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deblock::DeblockParams;

    fn qp30() -> Thresholds {
        Thresholds::new(30, 30, &DeblockParams::default()) // α 25, β 8, tC0 1/1/2
    }

    fn run_luma(samples: [u8; 8], bs: u8) -> [u8; 8] {
        let mut d = samples;
        luma_line(&mut d, 4, 1, bs, &qp30());
        d
    }

    #[test]
    fn untouched_when_the_gap_is_an_edge_of_the_content() {
        // |p0 − q0| = 25 is not < α.
        assert_eq!(
            run_luma([50, 50, 50, 50, 75, 75, 75, 75], 4),
            [50, 50, 50, 50, 75, 75, 75, 75]
        );
        // |p1 − p0| = 8 is not < β.
        assert_eq!(
            run_luma([50, 50, 42, 50, 60, 60, 60, 60], 4),
            [50, 50, 42, 50, 60, 60, 60, 60]
        );
        // bS 0.
        assert_eq!(
            run_luma([50, 50, 50, 50, 60, 60, 60, 60], 0),
            [50, 50, 50, 50, 60, 60, 60, 60]
        );
    }

    #[test]
    fn weak_filter_values() {
        // bS 1: tC0 1, ap and aq true so tC 3; Δ = (40 − 10 + 4) >> 3 = 4 → 3.
        // p1' = 50 + Clip3(−1, 1, (50 + 55 − 100) >> 1) = 51, q1' = 60 + Clip3(−1, 1, −3).
        assert_eq!(
            run_luma([50, 50, 50, 50, 60, 60, 60, 60], 1),
            [50, 50, 51, 53, 57, 59, 60, 60]
        );
        // bS 3: tC0 2, tC 4, Δ 4.
        assert_eq!(
            run_luma([50, 50, 50, 50, 60, 60, 60, 60], 3),
            [50, 50, 52, 54, 56, 58, 60, 60]
        );
    }

    #[test]
    fn strong_filter_needs_a_small_gap() {
        // Gap 6 < (25 >> 2) + 2 = 8: three samples each side change.
        assert_eq!(
            run_luma([50, 50, 50, 50, 56, 56, 56, 56], 4),
            [50, 51, 52, 52, 54, 55, 55, 56]
        );
        // Gap 10: only p0 and q0, by the 3-tap filter.
        assert_eq!(
            run_luma([50, 50, 50, 50, 60, 60, 60, 60], 4),
            [50, 50, 50, 53, 58, 60, 60, 60]
        );
    }

    #[test]
    fn chroma_changes_only_p0_and_q0() {
        let t = qp30();
        let mut d = [50, 50, 60, 60];
        chroma_line(&mut d, 2, 1, 4, &t);
        assert_eq!(d, [50, 53, 58, 60]);
        // bS 2: tC = tC0 + 1 = 2; Δ = 4 → 2.
        let mut d = [50, 50, 60, 60];
        chroma_line(&mut d, 2, 1, 2, &t);
        assert_eq!(d, [50, 52, 58, 60]);
    }

    #[test]
    fn step_addresses_columns() {
        // A horizontal edge in a 1-wide "plane" with stride 3.
        let mut d = [0u8; 24];
        for (i, v) in [50, 50, 50, 50, 56, 56, 56, 56].into_iter().enumerate() {
            d[i * 3 + 1] = v;
        }
        luma_line(&mut d, 4 * 3 + 1, 3, 4, &qp30());
        let col: Vec<u8> = (0..8).map(|i| d[i * 3 + 1]).collect();
        assert_eq!(col, [50, 51, 52, 52, 54, 55, 55, 56]);
    }
}
