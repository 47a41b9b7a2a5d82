//! Intra_8x8 luma prediction of the High profiles (H.264 §8.3.2): the reference samples are
//! low-pass filtered first (§8.3.2.2.1), then one of the nine directional predictors of
//! Intra_4x4, widened to 8x8, reads them. The modes share [`Intra4x4Mode`]'s numbering
//! and availability rules (Intra8x8PredMode, Table 8-3).

use super::i4x4::Intra4x4Mode;
use super::neighbours::{Availability, Neighbours};

/// Neighbours of an Intra_8x8 block: p[−1, −1], p[0..15, −1] (the above-right half replaced
/// by p[7, −1] when not available), p[−1, 0..7].
pub type Neighbours8x8 = Neighbours<16, 8>;

/// The filtered reference samples p′ (§8.3.2.2.1), as `i32`: `e(x, y)` reads p′[x, y] for
/// y = −1 (x = −1..15) or x = −1 (y = 0..7).
struct Filtered {
    top_left: i32,
    top: [i32; 16],
    left: [i32; 8],
}

impl Filtered {
    fn of(n: &Neighbours8x8) -> Filtered {
        let a = n.avail;
        let p_tl = i32::from(n.top_left);
        let t: [i32; 16] = n.top.map(i32::from);
        let l: [i32; 8] = n.left.map(i32::from);
        let mut top = t;
        if a.top {
            top[0] = if a.top_left {
                (p_tl + 2 * t[0] + t[1] + 2) >> 2
            } else {
                (3 * t[0] + t[1] + 2) >> 2
            };
            for x in 1..15 {
                top[x] = (t[x - 1] + 2 * t[x] + t[x + 1] + 2) >> 2;
            }
            top[15] = (t[14] + 3 * t[15] + 2) >> 2;
        }
        let top_left = if !a.top_left {
            p_tl
        } else if a.top && a.left {
            (t[0] + 2 * p_tl + l[0] + 2) >> 2
        } else if a.top {
            (3 * p_tl + t[0] + 2) >> 2
        } else if a.left {
            (3 * p_tl + l[0] + 2) >> 2
        } else {
            p_tl
        };
        let mut left = l;
        if a.left {
            left[0] = if a.top_left {
                (p_tl + 2 * l[0] + l[1] + 2) >> 2
            } else {
                (3 * l[0] + l[1] + 2) >> 2
            };
            for y in 1..7 {
                left[y] = (l[y - 1] + 2 * l[y] + l[y + 1] + 2) >> 2;
            }
            left[7] = (l[6] + 3 * l[7] + 2) >> 2;
        }
        Filtered {
            top_left,
            top,
            left,
        }
    }

    /// p′[x, −1] for x = −1..15.
    #[inline]
    fn t(&self, x: i32) -> i32 {
        if x < 0 {
            self.top_left
        } else {
            self.top[x as usize]
        }
    }

    /// p′[−1, y] for y = −1..7.
    #[inline]
    fn l(&self, y: i32) -> i32 {
        if y < 0 {
            self.top_left
        } else {
            self.left[y as usize]
        }
    }
}

/// The 8x8 prediction `pred[8 * y + x]` for `mode` from the (unfiltered) neighbours `n`;
/// the mode must be allowed by `n.avail` ([`Intra4x4Mode::is_available`]).
pub fn predict_8x8(mode: Intra4x4Mode, n: &Neighbours8x8) -> [u8; 64] {
    use Intra4x4Mode::*;
    let f = Filtered::of(n);
    let a: Availability = n.avail;
    let tap3 = |a: i32, b: i32, c: i32| (a + 2 * b + c + 2) >> 2;
    let tap2 = |a: i32, b: i32| (a + b + 1) >> 1;
    let dc = match (a.top, a.left) {
        (true, true) => (f.top[..8].iter().sum::<i32>() + f.left.iter().sum::<i32>() + 8) >> 4,
        (true, false) => (f.top[..8].iter().sum::<i32>() + 4) >> 3,
        (false, true) => (f.left.iter().sum::<i32>() + 4) >> 3,
        (false, false) => 128,
    };
    std::array::from_fn(|k| {
        let (x, y) = ((k % 8) as i32, (k / 8) as i32);
        let v = match mode {
            Vertical => f.t(x),
            Horizontal => f.l(y),
            Dc => dc,
            DiagonalDownLeft => {
                if x == 7 && y == 7 {
                    (f.t(14) + 3 * f.t(15) + 2) >> 2
                } else {
                    tap3(f.t(x + y), f.t(x + y + 1), f.t(x + y + 2))
                }
            }
            DiagonalDownRight => {
                if x > y {
                    tap3(f.t(x - y - 2), f.t(x - y - 1), f.t(x - y))
                } else if x < y {
                    tap3(f.l(y - x - 2), f.l(y - x - 1), f.l(y - x))
                } else {
                    tap3(f.t(0), f.top_left, f.l(0))
                }
            }
            VerticalRight => {
                let z = 2 * x - y;
                let xo = x - (y >> 1);
                if z >= 0 && z % 2 == 0 {
                    tap2(f.t(xo - 1), f.t(xo))
                } else if z >= 0 {
                    tap3(f.t(xo - 2), f.t(xo - 1), f.t(xo))
                } else if z == -1 {
                    tap3(f.l(0), f.top_left, f.t(0))
                } else {
                    tap3(f.l(y - 2 * x - 1), f.l(y - 2 * x - 2), f.l(y - 2 * x - 3))
                }
            }
            HorizontalDown => {
                let z = 2 * y - x;
                let yo = y - (x >> 1);
                if z >= 0 && z % 2 == 0 {
                    tap2(f.l(yo - 1), f.l(yo))
                } else if z >= 0 {
                    tap3(f.l(yo - 2), f.l(yo - 1), f.l(yo))
                } else if z == -1 {
                    tap3(f.l(0), f.top_left, f.t(0))
                } else {
                    tap3(f.t(x - 2 * y - 1), f.t(x - 2 * y - 2), f.t(x - 2 * y - 3))
                }
            }
            VerticalLeft => {
                let xo = x + (y >> 1);
                if y % 2 == 0 {
                    tap2(f.t(xo), f.t(xo + 1))
                } else {
                    tap3(f.t(xo), f.t(xo + 1), f.t(xo + 2))
                }
            }
            HorizontalUp => {
                let z = x + 2 * y;
                let yo = y + (x >> 1);
                if z > 13 {
                    f.l(7)
                } else if z == 13 {
                    (f.l(6) + 3 * f.l(7) + 2) >> 2
                } else if z % 2 == 0 {
                    tap2(f.l(yo), f.l(yo + 1))
                } else {
                    tap3(f.l(yo), f.l(yo + 1), f.l(yo + 2))
                }
            }
        };
        v.clamp(0, 255) as u8
    })
}

/// Availability of the neighbours of 8x8 luma block `b8` (0..4, raster = decoding order)
/// given the neighbouring macroblocks' (§6.4.11.2): the above-right 8x8 block is decoded
/// before block 2 (it is block 1) but after block 3, and for block 1 lies in macroblock C.
pub fn block_availability_8x8(b8: usize, mb: Availability) -> Availability {
    let (bx, by) = (b8 % 2, b8 / 2);
    Availability {
        left: bx > 0 || mb.left,
        top: by > 0 || mb.top,
        top_right: match (bx, by) {
            (0, 0) => mb.top,
            (1, 0) => mb.top_right,
            (0, 1) => true,
            _ => false,
        },
        top_left: match (bx, by) {
            (0, 0) => mb.top_left,
            (0, _) => mb.left,
            (_, 0) => mb.top,
            _ => true,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn neighbours(avail: Availability) -> Neighbours8x8 {
        Neighbours8x8 {
            top_left: 90,
            top: std::array::from_fn(|x| 100 + 4 * x as u8),
            left: std::array::from_fn(|y| 60 + 8 * y as u8),
            avail,
        }
    }

    #[test]
    fn filtering_smooths_the_edges_as_8_3_2_2_1_says() {
        let f = Filtered::of(&neighbours(Availability::ALL));
        // p′[0, −1] = (p[−1, −1] + 2·p[0, −1] + p[1, −1] + 2) >> 2.
        assert_eq!(f.top[0], (90 + 200 + 104 + 2) >> 2);
        // A linear ramp is unchanged inside, and the last sample leans on its neighbour.
        assert_eq!(f.top[5], 120);
        assert_eq!(f.top[15], (156 + 3 * 160 + 2) >> 2);
        assert_eq!(f.top_left, (100 + 180 + 60 + 2) >> 2);
        assert_eq!(f.left[7], (108 + 3 * 116 + 2) >> 2);
        // Without the corner, the first samples use the 3:1 filter.
        let f = Filtered::of(&neighbours(Availability {
            top_left: false,
            ..Availability::ALL
        }));
        assert_eq!(f.top[0], (300 + 104 + 2) >> 2);
        assert_eq!(f.left[0], (180 + 68 + 2) >> 2);
    }

    #[test]
    fn flat_neighbours_predict_flat_blocks_in_every_mode() {
        let n = Neighbours8x8 {
            top_left: 77,
            top: [77; 16],
            left: [77; 8],
            avail: Availability::ALL,
        };
        for mode in Intra4x4Mode::ALL {
            assert!(predict_8x8(mode, &n).iter().all(|&p| p == 77), "{mode:?}");
        }
        let none = Neighbours8x8 {
            avail: Availability::NONE,
            ..n
        };
        assert!(
            predict_8x8(Intra4x4Mode::Dc, &none)
                .iter()
                .all(|&p| p == 128)
        );
    }

    #[test]
    fn vertical_and_horizontal_copy_the_filtered_edges() {
        let n = neighbours(Availability::ALL);
        let f = Filtered::of(&n);
        let v = predict_8x8(Intra4x4Mode::Vertical, &n);
        let h = predict_8x8(Intra4x4Mode::Horizontal, &n);
        for k in 0..64 {
            assert_eq!(i32::from(v[k]), f.top[k % 8]);
            assert_eq!(i32::from(h[k]), f.left[k / 8]);
        }
    }

    #[test]
    fn block_availability_inside_the_macroblock() {
        let none = |b| block_availability_8x8(b, Availability::NONE);
        assert_eq!(none(0), Availability::NONE);
        assert!(none(2).top_right && !none(3).top_right && !none(1).top_right);
        assert!(none(3).top_left && !none(1).top_left && !none(2).top_left);
        let all = |b| block_availability_8x8(b, Availability::ALL);
        assert!(all(0).top_right && all(1).top_right);
    }
}
