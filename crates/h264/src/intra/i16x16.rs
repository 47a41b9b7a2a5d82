//! Intra_16x16 luma prediction (H.264 §8.3.3).

use super::neighbours::{Availability, Neighbours16x16};
use super::{MID, clip1};

/// Intra16x16PredMode (Table 8-4); the discriminant is the syntax value (it enters
/// `mb_type` of I_16x16 macroblocks, Table 7-11).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Intra16x16Mode {
    /// Intra_16x16_Vertical (§8.3.3.1).
    Vertical = 0,
    /// Intra_16x16_Horizontal (§8.3.3.2).
    Horizontal = 1,
    /// Intra_16x16_DC (§8.3.3.3).
    Dc = 2,
    /// Intra_16x16_Plane (§8.3.3.4).
    Plane = 3,
}

impl Intra16x16Mode {
    /// All modes, in syntax-value order.
    pub const ALL: [Intra16x16Mode; 4] = [
        Intra16x16Mode::Vertical,
        Intra16x16Mode::Horizontal,
        Intra16x16Mode::Dc,
        Intra16x16Mode::Plane,
    ];

    /// The mode with syntax value `v`, if any.
    pub fn from_u8(v: u8) -> Option<Intra16x16Mode> {
        Intra16x16Mode::ALL.get(usize::from(v)).copied()
    }

    /// Whether the standard allows this mode given the neighbours' availability
    /// (§8.3.3.1–4: Vertical needs the row above, Horizontal the column to the left, Plane
    /// both and the corner; DC is always allowed). `top_right` is ignored.
    pub fn is_available(self, avail: Availability) -> bool {
        match self {
            Intra16x16Mode::Vertical => avail.top,
            Intra16x16Mode::Horizontal => avail.left,
            Intra16x16Mode::Dc => true,
            Intra16x16Mode::Plane => avail.top && avail.left && avail.top_left,
        }
    }
}

/// The modes allowed for a macroblock with the given neighbour availability, in syntax order.
pub fn available_modes(avail: Availability) -> impl Iterator<Item = Intra16x16Mode> {
    Intra16x16Mode::ALL
        .into_iter()
        .filter(move |m| m.is_available(avail))
}

/// The 16x16 prediction `pred[16 * y + x]` for `mode` from the neighbours `n` (§8.3.3).
pub fn predict_16x16(mode: Intra16x16Mode, n: &Neighbours16x16) -> [u8; 256] {
    let mut pred = [0u8; 256];
    match mode {
        Intra16x16Mode::Vertical => {
            for row in pred.chunks_exact_mut(16) {
                row.copy_from_slice(&n.top);
            }
        }
        Intra16x16Mode::Horizontal => {
            for (row, &l) in pred.chunks_exact_mut(16).zip(&n.left) {
                row.fill(l);
            }
        }
        Intra16x16Mode::Dc => pred.fill(dc(n)),
        Intra16x16Mode::Plane => plane(n, &mut pred),
    }
    pred
}

/// Intra_16x16_DC (§8.3.3.3).
fn dc(n: &Neighbours16x16) -> u8 {
    let top: u32 = n.top.iter().map(|&v| u32::from(v)).sum();
    let left: u32 = n.left.iter().map(|&v| u32::from(v)).sum();
    let v = match (n.avail.top, n.avail.left) {
        (true, true) => (top + left + 16) >> 5,
        (false, true) => (left + 8) >> 4,
        (true, false) => (top + 8) >> 4,
        (false, false) => return MID,
    };
    v as u8
}

/// Intra_16x16_Plane (§8.3.3.4).
fn plane(n: &Neighbours16x16, pred: &mut [u8; 256]) {
    let corner = i32::from(n.top_left);
    // p[x, −1] and p[−1, y] for x, y in −1..=15.
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
    for k in 0..8 {
        // H: (x' + 1) · (p[8 + x', −1] − p[6 − x', −1]), indices shifted by one.
        h += (k as i32 + 1) * (top(9 + k) - top(7 - k));
        v += (k as i32 + 1) * (left(9 + k) - left(7 - k));
    }
    let a = 16 * (i32::from(n.left[15]) + i32::from(n.top[15]));
    let b = (5 * h + 32) >> 6;
    let c = (5 * v + 32) >> 6;
    for y in 0..16 {
        let row = a + c * (y as i32 - 7) + 16;
        for x in 0..16 {
            pred[16 * y + x] = clip1((row + b * (x as i32 - 7)) >> 5);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nb(top_left: u8, top: [u8; 16], left: [u8; 16], avail: Availability) -> Neighbours16x16 {
        Neighbours16x16 {
            top_left,
            top,
            left,
            avail,
        }
    }

    #[test]
    fn vertical_horizontal() {
        let top: [u8; 16] = std::array::from_fn(|i| i as u8 * 3);
        let left: [u8; 16] = std::array::from_fn(|i| 200 - i as u8);
        let n = nb(0, top, left, Availability::ALL);
        let v = predict_16x16(Intra16x16Mode::Vertical, &n);
        let h = predict_16x16(Intra16x16Mode::Horizontal, &n);
        for i in 0..256 {
            assert_eq!(v[i], top[i % 16]);
            assert_eq!(h[i], left[i / 16]);
        }
    }

    #[test]
    fn dc_cases() {
        let mut top = [10u8; 16];
        top[0] = 18; // sum 168
        let left = [11u8; 16]; // sum 176
        let dc = |top, avail| predict_16x16(Intra16x16Mode::Dc, &nb(0, top, left, avail))[100];
        // (168 + 176 + 16) >> 5 = 11 (10.75 → 11)
        assert_eq!(dc(top, Availability::ALL), 11);
        // (168 + 8) >> 4 = 11 (10.5 → 11)
        assert_eq!(
            dc(
                top,
                Availability {
                    top: true,
                    ..Availability::NONE
                }
            ),
            11
        );
        // (176 + 8) >> 4 = 11
        assert_eq!(
            dc(
                top,
                Availability {
                    left: true,
                    ..Availability::NONE
                }
            ),
            11
        );
        assert_eq!(dc(top, Availability::NONE), 128);
        top[0] = 17; // 167: (167 + 8) >> 4 = 10 (10.4375 → 10)
        assert_eq!(
            dc(
                top,
                Availability {
                    top: true,
                    ..Availability::NONE
                }
            ),
            10
        );
    }

    #[test]
    fn plane_clips_both_ends() {
        // Step edge above: H = 36 · 255 = 9180, b = (5H + 32) >> 6 = 717; V = 0, c = 0;
        // a = 16 · (0 + 255) = 4080.
        let top: [u8; 16] = std::array::from_fn(|i| if i < 8 { 0 } else { 255 });
        let p = predict_16x16(
            Intra16x16Mode::Plane,
            &nb(0, top, [0; 16], Availability::ALL),
        );
        for y in 0..16 {
            let r = &p[16 * y..16 * y + 16];
            // x = 0: (4080 − 7·717 + 16) >> 5 = −29 → 0; x = 15: 307 → 255.
            assert_eq!((r[0], r[6], r[7], r[8], r[15]), (0, 105, 128, 150, 255));
        }
    }

    #[test]
    fn plane_matches_direct_formula() {
        let mut seed = 0x1234_5678u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (seed >> 16) as u8
        };
        for _ in 0..200 {
            let n = nb(
                next(),
                std::array::from_fn(|_| next()),
                std::array::from_fn(|_| next()),
                Availability::ALL,
            );
            let p = |x: i32, y: i32| -> i32 {
                match (x, y) {
                    (-1, -1) => i32::from(n.top_left),
                    (-1, y) => i32::from(n.left[y as usize]),
                    (x, _) => i32::from(n.top[x as usize]),
                }
            };
            let hh: i32 = (0..8)
                .map(|x| (x + 1) * (p(8 + x, -1) - p(6 - x, -1)))
                .sum();
            let vv: i32 = (0..8)
                .map(|y| (y + 1) * (p(-1, 8 + y) - p(-1, 6 - y)))
                .sum();
            let a = 16 * (p(-1, 15) + p(15, -1));
            let b = (5 * hh + 32) >> 6;
            let c = (5 * vv + 32) >> 6;
            let got = predict_16x16(Intra16x16Mode::Plane, &n);
            for y in 0..16 {
                for x in 0..16 {
                    let want = ((a + b * (x - 7) + c * (y - 7) + 16) >> 5).clamp(0, 255);
                    assert_eq!(i32::from(got[(16 * y + x) as usize]), want);
                }
            }
        }
    }

    #[test]
    fn availability_rules() {
        use Intra16x16Mode::*;
        let modes = |a| available_modes(a).collect::<Vec<_>>();
        assert_eq!(modes(Availability::ALL), Intra16x16Mode::ALL);
        assert_eq!(modes(Availability::NONE), [Dc]);
        assert_eq!(
            modes(Availability {
                top: true,
                ..Availability::NONE
            }),
            [Vertical, Dc]
        );
        assert_eq!(
            modes(Availability {
                left: true,
                ..Availability::NONE
            }),
            [Horizontal, Dc]
        );
        let no_corner = Availability {
            top_left: false,
            ..Availability::ALL
        };
        assert_eq!(modes(no_corner), [Vertical, Horizontal, Dc]);
        assert_eq!(Intra16x16Mode::from_u8(3), Some(Plane));
        assert_eq!(Intra16x16Mode::from_u8(4), None);
    }
}
