//! Intra chroma prediction for 4:2:0 (H.264 §8.3.4, ChromaArrayType 1: one 8x8 block per
//! chroma component, predicted with the same mode for Cb and Cr).

use super::neighbours::{Availability, NeighboursChroma};
use super::{MID, clip1};

/// intra_chroma_pred_mode (Table 7-16); the discriminant is the syntax value. Note the
/// numbering differs from Intra_16x16: DC comes first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum ChromaMode {
    /// Intra_Chroma_DC (§8.3.4.1).
    Dc = 0,
    /// Intra_Chroma_Horizontal (§8.3.4.2).
    Horizontal = 1,
    /// Intra_Chroma_Vertical (§8.3.4.3).
    Vertical = 2,
    /// Intra_Chroma_Plane (§8.3.4.4).
    Plane = 3,
}

impl ChromaMode {
    /// All modes, in syntax-value order.
    pub const ALL: [ChromaMode; 4] = [
        ChromaMode::Dc,
        ChromaMode::Horizontal,
        ChromaMode::Vertical,
        ChromaMode::Plane,
    ];

    /// The mode with syntax value `v`, if any.
    pub fn from_u8(v: u8) -> Option<ChromaMode> {
        ChromaMode::ALL.get(usize::from(v)).copied()
    }

    /// Whether the standard allows this mode given the neighbours' availability
    /// (§8.3.4.2–4; DC is always allowed). `top_right` is ignored.
    pub fn is_available(self, avail: Availability) -> bool {
        match self {
            ChromaMode::Dc => true,
            ChromaMode::Horizontal => avail.left,
            ChromaMode::Vertical => avail.top,
            ChromaMode::Plane => avail.top && avail.left && avail.top_left,
        }
    }
}

/// The modes allowed for a macroblock with the given neighbour availability, in syntax order.
pub fn available_modes(avail: Availability) -> impl Iterator<Item = ChromaMode> {
    ChromaMode::ALL
        .into_iter()
        .filter(move |m| m.is_available(avail))
}

/// The 8x8 prediction `pred[8 * y + x]` of one chroma component for `mode` from its
/// neighbours `n` (§8.3.4).
pub fn predict_chroma(mode: ChromaMode, n: &NeighboursChroma) -> [u8; 64] {
    let mut pred = [0u8; 64];
    match mode {
        ChromaMode::Dc => dc(n, &mut pred),
        ChromaMode::Horizontal => {
            for (row, &l) in pred.chunks_exact_mut(8).zip(&n.left) {
                row.fill(l);
            }
        }
        ChromaMode::Vertical => {
            for row in pred.chunks_exact_mut(8) {
                row.copy_from_slice(&n.top);
            }
        }
        ChromaMode::Plane => plane(n, &mut pred),
    }
    pred
}

/// Intra_Chroma_DC: each 4x4 chroma block gets its own DC, and which neighbours it prefers
/// depends on its position (§8.3.4.1):
///
/// * blocks (0, 0) and (4, 4): the row above and the column to the left together, else
///   whichever is available;
/// * block (4, 0): the row above, else the column to the left;
/// * block (0, 4): the column to the left, else the row above.
fn dc(n: &NeighboursChroma, pred: &mut [u8; 64]) {
    let sum4 = |s: &[u8]| s.iter().map(|&v| u32::from(v)).sum::<u32>();
    let (has_top, has_left) = (n.avail.top, n.avail.left);
    for (x_o, y_o) in [(0, 0), (4, 0), (0, 4), (4, 4)] {
        let top = sum4(&n.top[x_o..x_o + 4]);
        let left = sum4(&n.left[y_o..y_o + 4]);
        let both = (top + left + 4) >> 3;
        let top_only = (top + 2) >> 2;
        let left_only = (left + 2) >> 2;
        let v = if x_o == y_o {
            match (has_top, has_left) {
                (true, true) => both,
                (false, true) => left_only,
                (true, false) => top_only,
                (false, false) => u32::from(MID),
            }
        } else if x_o > 0 {
            if has_top {
                top_only
            } else if has_left {
                left_only
            } else {
                u32::from(MID)
            }
        } else {
            if has_left {
                left_only
            } else if has_top {
                top_only
            } else {
                u32::from(MID)
            }
        };
        for y in y_o..y_o + 4 {
            pred[8 * y + x_o..8 * y + x_o + 4].fill(v as u8);
        }
    }
}

/// Intra_Chroma_Plane for 4:2:0 (§8.3.4.4 with xCF = yCF = 0).
fn plane(n: &NeighboursChroma, pred: &mut [u8; 64]) {
    let corner = i32::from(n.top_left);
    // p[x, −1] and p[−1, y] for x, y in −1..=7, indices shifted by one.
    let top = |x: usize| {
        if x == 0 {
            corner
        } else {
            i32::from(n.top[x - 1])
        }
    };
    let left = |y: usize| {
        if y == 0 {
            corner
        } else {
            i32::from(n.left[y - 1])
        }
    };
    let mut h = 0;
    let mut v = 0;
    for k in 0..4 {
        // (x' + 1) · (p[4 + x', −1] − p[2 − x', −1])
        h += (k as i32 + 1) * (top(5 + k) - top(3 - k));
        v += (k as i32 + 1) * (left(5 + k) - left(3 - k));
    }
    let a = 16 * (i32::from(n.left[7]) + i32::from(n.top[7]));
    let b = (34 * h + 32) >> 6;
    let c = (34 * v + 32) >> 6;
    for y in 0..8 {
        let row = a + c * (y as i32 - 3) + 16;
        for x in 0..8 {
            pred[8 * y + x] = clip1((row + b * (x as i32 - 3)) >> 5);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nb(top: [u8; 8], left: [u8; 8], avail: Availability) -> NeighboursChroma {
        NeighboursChroma {
            top_left: 0,
            top,
            left,
            avail,
        }
    }

    /// The four 4x4 DC values (raster order of the blocks).
    fn dcs(n: &NeighboursChroma) -> [u8; 4] {
        let p = predict_chroma(ChromaMode::Dc, n);
        for (i, &(x_o, y_o)) in [(0, 0), (4, 0), (0, 4), (4, 4)].iter().enumerate() {
            for y in 0..4 {
                for x in 0..4 {
                    assert_eq!(p[8 * (y_o + y) + x_o + x], p[8 * y_o + x_o], "block {i}");
                }
            }
        }
        [p[0], p[4], p[32], p[36]]
    }

    #[test]
    fn dc_per_block_neighbour_rules() {
        // Distinct sums per half so each block's source is recognisable.
        let top = [10, 10, 10, 10, 50, 50, 50, 50];
        let left = [20, 20, 20, 20, 90, 90, 90, 90];
        // All available: (0,0) both halves 0 → (40 + 80 + 4) >> 3 = 15;
        // (4,0) top only → 50; (0,4) left only → 90; (4,4) both → (200 + 360 + 4) >> 3 = 70.
        assert_eq!(dcs(&nb(top, left, Availability::ALL)), [15, 50, 90, 70]);
        // Only top: every block uses the top above its column.
        let t = Availability {
            top: true,
            ..Availability::NONE
        };
        assert_eq!(dcs(&nb(top, left, t)), [10, 50, 10, 50]);
        // Only left: every block uses the left beside its row.
        let l = Availability {
            left: true,
            ..Availability::NONE
        };
        assert_eq!(dcs(&nb(top, left, l)), [20, 20, 90, 90]);
        assert_eq!(dcs(&nb(top, left, Availability::NONE)), [128; 4]);
    }

    #[test]
    fn dc_rounding() {
        // (0,0): (5 + 4 + 4) >> 3 = 1; (4,0): (7 + 2) >> 2 = 2 (1.75 rounds up).
        let top = [1, 1, 1, 2, 1, 2, 2, 2];
        let left = [1, 1, 1, 1, 2, 2, 2, 3];
        // (4,4): (7 + 9 + 4) >> 3 = 2; (0,4): (9 + 2) >> 2 = 2.
        assert_eq!(dcs(&nb(top, left, Availability::ALL)), [1, 2, 2, 2]);
    }

    #[test]
    fn horizontal_vertical() {
        let top: [u8; 8] = std::array::from_fn(|i| 30 + i as u8);
        let left: [u8; 8] = std::array::from_fn(|i| 90 + i as u8);
        let n = nb(top, left, Availability::ALL);
        let h = predict_chroma(ChromaMode::Horizontal, &n);
        let v = predict_chroma(ChromaMode::Vertical, &n);
        for i in 0..64 {
            assert_eq!(h[i], left[i / 8]);
            assert_eq!(v[i], top[i % 8]);
        }
    }

    #[test]
    fn plane_by_hand() {
        // top = 0,0,0,0,255,255,255,255, corner 0, left 0:
        // H = (1+2+3+4)·255 = 2550, b = (34·2550 + 32) >> 6 = 1355; V = 0;
        // a = 16·255 = 4080. pred[x] = Clip1((4080 + 1355 (x − 3) + 16) >> 5).
        let top = [0, 0, 0, 0, 255, 255, 255, 255];
        let p = predict_chroma(ChromaMode::Plane, &nb(top, [0; 8], Availability::ALL));
        // x=0: 31 >> 5 = 0; x=1: 1386 >> 5 = 43; x=2: 2741 >> 5 = 85; x=3: 128; x=4: 170;
        // x=5: 212; x=6: 8161 >> 5 = 255; x=7: 9516 >> 5 = 297 → 255
        let want = [0, 43, 85, 128, 170, 212, 255, 255];
        for y in 0..8 {
            assert_eq!(p[8 * y..8 * y + 8], want);
        }
        // A gentle ramp on both edges stays unclipped and symmetric in x and y.
        let ramp: [u8; 8] = std::array::from_fn(|i| 100 + 4 * i as u8);
        let n = NeighboursChroma {
            top_left: 96,
            top: ramp,
            left: ramp,
            avail: Availability::ALL,
        };
        let p = predict_chroma(ChromaMode::Plane, &n);
        for y in 0..8 {
            for x in 0..8 {
                assert_eq!(p[8 * y + x], p[8 * x + y]);
            }
        }
        // H = Σ (k+1)·(p[4+k] − p[2−k]) = Σ (k+1)·4·(2k+2) = 8·(1+4+9+16) = 240,
        // b = c = (34·240 + 32) >> 6 = 128; a = 16·(128+128) = 4096.
        // pred[0,0] = (4096 − 3·128 − 3·128 + 16) >> 5 = 104.
        assert_eq!(p[0], 104);
    }

    #[test]
    fn availability_rules() {
        use ChromaMode::*;
        let modes = |a| available_modes(a).collect::<Vec<_>>();
        assert_eq!(modes(Availability::ALL), ChromaMode::ALL);
        assert_eq!(modes(Availability::NONE), [Dc]);
        assert_eq!(
            modes(Availability {
                top: true,
                ..Availability::NONE
            }),
            [Dc, Vertical]
        );
        assert_eq!(
            modes(Availability {
                left: true,
                ..Availability::NONE
            }),
            [Dc, Horizontal]
        );
        assert_eq!(ChromaMode::from_u8(1), Some(Horizontal));
    }
}
