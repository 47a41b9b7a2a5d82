//! Intra_4x4 luma prediction (H.264 §8.3.1.2).

use super::neighbours::{Availability, Neighbours4x4};

/// Intra4x4PredMode (Table 8-2); the discriminant is the syntax value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Intra4x4Mode {
    /// Intra_4x4_Vertical (§8.3.1.2.1).
    Vertical = 0,
    /// Intra_4x4_Horizontal (§8.3.1.2.2).
    Horizontal = 1,
    /// Intra_4x4_DC (§8.3.1.2.3).
    Dc = 2,
    /// Intra_4x4_Diagonal_Down_Left (§8.3.1.2.4).
    DiagonalDownLeft = 3,
    /// Intra_4x4_Diagonal_Down_Right (§8.3.1.2.5).
    DiagonalDownRight = 4,
    /// Intra_4x4_Vertical_Right (§8.3.1.2.6).
    VerticalRight = 5,
    /// Intra_4x4_Horizontal_Down (§8.3.1.2.7).
    HorizontalDown = 6,
    /// Intra_4x4_Vertical_Left (§8.3.1.2.8).
    VerticalLeft = 7,
    /// Intra_4x4_Horizontal_Up (§8.3.1.2.9).
    HorizontalUp = 8,
}

impl Intra4x4Mode {
    /// All modes, in syntax-value order.
    pub const ALL: [Intra4x4Mode; 9] = [
        Intra4x4Mode::Vertical,
        Intra4x4Mode::Horizontal,
        Intra4x4Mode::Dc,
        Intra4x4Mode::DiagonalDownLeft,
        Intra4x4Mode::DiagonalDownRight,
        Intra4x4Mode::VerticalRight,
        Intra4x4Mode::HorizontalDown,
        Intra4x4Mode::VerticalLeft,
        Intra4x4Mode::HorizontalUp,
    ];

    /// The mode with syntax value `v`, if any.
    pub fn from_u8(v: u8) -> Option<Intra4x4Mode> {
        Intra4x4Mode::ALL.get(usize::from(v)).copied()
    }

    /// Whether the standard allows this mode given the neighbours' availability: each mode
    /// "shall be used only when" the samples it reads are available (§8.3.1.2.1–9). The
    /// above-right samples are never required: when missing, p[3, −1] replaces them.
    pub fn is_available(self, avail: Availability) -> bool {
        use Intra4x4Mode::*;
        match self {
            Dc => true,
            Vertical | DiagonalDownLeft | VerticalLeft => avail.top,
            Horizontal | HorizontalUp => avail.left,
            DiagonalDownRight | VerticalRight | HorizontalDown => {
                avail.top && avail.left && avail.top_left
            }
        }
    }
}

/// The modes allowed for a block with the given neighbour availability, in syntax order.
pub fn available_modes(avail: Availability) -> impl Iterator<Item = Intra4x4Mode> {
    Intra4x4Mode::ALL
        .into_iter()
        .filter(move |m| m.is_available(avail))
}

/// The 4x4 prediction `pred[4 * y + x]` for `mode` from the neighbours `n` (§8.3.1.2).
///
/// When the above-right samples are not available but the row above is, p[3, −1] is
/// substituted for p[4..7, −1] here, whatever `n.top[4..8]` holds.
pub fn predict_4x4(mode: Intra4x4Mode, n: &Neighbours4x4) -> [u8; 16] {
    // e[] lays the neighbours out along the edge: p[−1, 3] … p[−1, 0], p[−1, −1],
    // p[0, −1] … p[7, −1]; p(x, −1) = e[5 + x] and p(−1, y) = e[3 − y].
    let mut e = [0i32; 13];
    for (i, &l) in n.left.iter().enumerate() {
        e[3 - i] = i32::from(l);
    }
    e[4] = i32::from(n.top_left);
    for (i, &t) in n.top.iter().enumerate() {
        e[5 + i] = i32::from(t);
    }
    if !n.avail.top_right {
        let p3 = e[8];
        e[9..].fill(p3);
    }
    let top = |x: i32| e[(5 + x) as usize];
    let left = |y: i32| e[(3 - y) as usize];
    let tap3 = |a: i32, b: i32, c: i32| (a + 2 * b + c + 2) >> 2;
    let tap2 = |a: i32, b: i32| (a + b + 1) >> 1;

    let mut pred = [0u8; 16];
    if mode == Intra4x4Mode::Dc {
        pred.fill(dc(n));
        return pred;
    }
    for y in 0..4i32 {
        for x in 0..4i32 {
            let v = match mode {
                // §8.3.1.2.1
                Intra4x4Mode::Vertical => top(x),
                // §8.3.1.2.2
                Intra4x4Mode::Horizontal => left(y),
                Intra4x4Mode::Dc => 0,
                // §8.3.1.2.4
                Intra4x4Mode::DiagonalDownLeft => {
                    if x == 3 && y == 3 {
                        (top(6) + 3 * top(7) + 2) >> 2
                    } else {
                        tap3(top(x + y), top(x + y + 1), top(x + y + 2))
                    }
                }
                // §8.3.1.2.5; p[−1, −1] is top(−1) = left(−1)
                Intra4x4Mode::DiagonalDownRight => {
                    if x > y {
                        tap3(top(x - y - 2), top(x - y - 1), top(x - y))
                    } else if x < y {
                        tap3(left(y - x - 2), left(y - x - 1), left(y - x))
                    } else {
                        tap3(top(0), top(-1), left(0))
                    }
                }
                // §8.3.1.2.6
                Intra4x4Mode::VerticalRight => {
                    let z = 2 * x - y;
                    let k = x - (y >> 1);
                    match z {
                        0 | 2 | 4 | 6 => tap2(top(k - 1), top(k)),
                        1 | 3 | 5 => tap3(top(k - 2), top(k - 1), top(k)),
                        -1 => tap3(left(0), left(-1), top(0)),
                        _ => tap3(left(y - 1), left(y - 2), left(y - 3)),
                    }
                }
                // §8.3.1.2.7
                Intra4x4Mode::HorizontalDown => {
                    let z = 2 * y - x;
                    let k = y - (x >> 1);
                    match z {
                        0 | 2 | 4 | 6 => tap2(left(k - 1), left(k)),
                        1 | 3 | 5 => tap3(left(k - 2), left(k - 1), left(k)),
                        -1 => tap3(left(0), left(-1), top(0)),
                        _ => tap3(top(x - 1), top(x - 2), top(x - 3)),
                    }
                }
                // §8.3.1.2.8
                Intra4x4Mode::VerticalLeft => {
                    let k = x + (y >> 1);
                    if y % 2 == 0 {
                        tap2(top(k), top(k + 1))
                    } else {
                        tap3(top(k), top(k + 1), top(k + 2))
                    }
                }
                // §8.3.1.2.9
                Intra4x4Mode::HorizontalUp => {
                    let z = x + 2 * y;
                    let k = y + (x >> 1);
                    match z {
                        0 | 2 | 4 => tap2(left(k), left(k + 1)),
                        1 | 3 => tap3(left(k), left(k + 1), left(k + 2)),
                        5 => (left(2) + 3 * left(3) + 2) >> 2,
                        _ => left(3),
                    }
                }
            };
            pred[(4 * y + x) as usize] = v as u8;
        }
    }
    pred
}

/// Intra_4x4_DC (§8.3.1.2.3).
fn dc(n: &Neighbours4x4) -> u8 {
    let top: u32 = n.top[..4].iter().map(|&v| u32::from(v)).sum();
    let left: u32 = n.left.iter().map(|&v| u32::from(v)).sum();
    let v = match (n.avail.top, n.avail.left) {
        (true, true) => (top + left + 4) >> 3,
        (false, true) => (left + 2) >> 2,
        (true, false) => (top + 2) >> 2,
        (false, false) => return super::MID,
    };
    v as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use Intra4x4Mode::*;

    fn nb(top_left: u8, top: [u8; 8], left: [u8; 4], avail: Availability) -> Neighbours4x4 {
        Neighbours4x4 {
            top_left,
            top,
            left,
            avail,
        }
    }

    const T: [u8; 8] = [10, 20, 30, 40, 50, 60, 70, 80];
    const L: [u8; 4] = [11, 21, 31, 41];

    #[test]
    fn vertical_and_horizontal() {
        let n = nb(5, T, L, Availability::ALL);
        let v = predict_4x4(Vertical, &n);
        let h = predict_4x4(Horizontal, &n);
        for y in 0..4 {
            for x in 0..4 {
                assert_eq!(v[4 * y + x], T[x]);
                assert_eq!(h[4 * y + x], L[y]);
            }
        }
    }

    #[test]
    fn dc_rounding_cases() {
        let top = [1, 1, 1, 2, 99, 99, 99, 99];
        let left = [1, 1, 1, 1];
        // both: (5 + 4 + 4) >> 3 = 1
        assert_eq!(
            predict_4x4(Dc, &nb(0, top, left, Availability::ALL)),
            [1; 16]
        );
        let n = nb(0, [2, 2, 2, 3, 0, 0, 0, 0], [2; 4], Availability::ALL);
        // (9 + 8 + 4) >> 3 = 2
        assert_eq!(predict_4x4(Dc, &n), [2; 16]);
        let n = nb(0, [3, 3, 3, 3, 0, 0, 0, 0], [4, 4, 4, 4], Availability::ALL);
        // (12 + 16 + 4) >> 3 = 4 (rounds 3.5 up)
        assert_eq!(predict_4x4(Dc, &n), [4; 16]);
        let top_only = Availability {
            top: true,
            ..Availability::NONE
        };
        // (1+1+1+2 + 2) >> 2 = 1; (1+2+2+2 + 2) >> 2 = 2 (1.75 → 2)
        assert_eq!(predict_4x4(Dc, &nb(0, top, [200; 4], top_only)), [1; 16]);
        let n = nb(0, [1, 2, 2, 2, 0, 0, 0, 0], [200; 4], top_only);
        assert_eq!(predict_4x4(Dc, &n), [2; 16]);
        let left_only = Availability {
            left: true,
            ..Availability::NONE
        };
        // (3+3+3+4 + 2) >> 2 = 3 (3.25 → 3)
        assert_eq!(
            predict_4x4(Dc, &nb(0, [200; 8], [3, 3, 3, 4], left_only)),
            [3; 16]
        );
        assert_eq!(predict_4x4(Dc, &nb(7, T, L, Availability::NONE)), [128; 16]);
    }

    #[test]
    fn diagonal_down_left_uses_top_right_or_its_substitute() {
        let n = nb(0, T, L, Availability::ALL);
        let p = predict_4x4(DiagonalDownLeft, &n);
        // pred[0,0] = (10 + 40 + 30 + 2) >> 2 = 20
        assert_eq!(p[0], 20);
        // pred[3,3] = (70 + 3*80 + 2) >> 2 = 78
        assert_eq!(p[15], 78);
        // pred[3,0] = (40 + 100 + 60 + 2) >> 2 = 50
        assert_eq!(p[3], 50);
        let no_tr = Availability {
            top_right: false,
            ..Availability::ALL
        };
        // Garbage above right must be ignored and replaced by p[3,-1] = 40.
        let n = nb(0, [10, 20, 30, 40, 255, 0, 255, 0], L, no_tr);
        let p = predict_4x4(DiagonalDownLeft, &n);
        let same = predict_4x4(
            DiagonalDownLeft,
            &nb(0, [10, 20, 30, 40, 40, 40, 40, 40], L, no_tr),
        );
        assert_eq!(p, same);
        assert_eq!(p[15], 40);
        // pred[2,0] = (30 + 80 + 40 + 2) >> 2 = 38
        assert_eq!(p[2], 38);
    }

    /// Each directional mode is a function of x and y only through the documented
    /// expressions; check them against the figures' prediction directions on a ramp.
    #[test]
    fn directional_modes_match_hand_computed_values() {
        // e: left[3..0] = 41,31,21,11; top_left = 5; top = 10..80.
        let n = nb(5, T, L, Availability::ALL);
        let ddr = predict_4x4(DiagonalDownRight, &n);
        // diagonal: (p[0,-1] + 2 p[-1,-1] + p[-1,0] + 2) >> 2 = (10 + 10 + 11 + 2) >> 2 = 8
        assert_eq!([ddr[0], ddr[5], ddr[10], ddr[15]], [8; 4]);
        // x=1,y=0: (p[-1,-1] + 2 p[0,-1] + p[1,-1] + 2) >> 2 = (5 + 20 + 20 + 2) >> 2 = 11
        assert_eq!(ddr[1], 11);
        // x=0,y=3: (p[-1,1] + 2 p[-1,2] + p[-1,3] + 2) >> 2 = (21 + 62 + 41 + 2) >> 2 = 31
        assert_eq!(ddr[12], 31);

        let vr = predict_4x4(VerticalRight, &n);
        // x=0,y=0 (z=0): (p[-1,-1] + p[0,-1] + 1) >> 1 = 8
        assert_eq!(vr[0], 8);
        // x=1,y=1 (z=1): (p[-1,-1] + 2 p[0,-1] + p[1,-1] + 2) >> 2 = 11
        assert_eq!(vr[5], 11);
        // x=0,y=1 (z=-1): (p[-1,0] + 2 p[-1,-1] + p[0,-1] + 2) >> 2 = (11 + 10 + 10 + 2) >> 2 = 8
        assert_eq!(vr[4], 8);
        // x=0,y=3 (z=-3): (p[-1,2] + 2 p[-1,1] + p[-1,0] + 2) >> 2 = (31 + 42 + 11 + 2) >> 2 = 21
        assert_eq!(vr[12], 21);
        // x=3,y=0 (z=6): (p[2,-1] + p[3,-1] + 1) >> 1 = 35
        assert_eq!(vr[3], 35);

        let hd = predict_4x4(HorizontalDown, &n);
        // x=0,y=0: (p[-1,-1] + p[-1,0] + 1) >> 1 = 8
        assert_eq!(hd[0], 8);
        // x=1,y=0 (z=-1): (11 + 10 + 10 + 2) >> 2 = 8
        assert_eq!(hd[1], 8);
        // x=3,y=0 (z=-3): (p[2,-1] + 2 p[1,-1] + p[0,-1] + 2) >> 2 = (30 + 40 + 10 + 2) >> 2 = 20
        assert_eq!(hd[3], 20);
        // x=0,y=3 (z=6): (p[-1,2] + p[-1,3] + 1) >> 1 = 36
        assert_eq!(hd[12], 36);
        // x=1,y=3 (z=5): (p[-1,1] + 2 p[-1,2] + p[-1,3] + 2) >> 2 = 31
        assert_eq!(hd[13], 31);

        let vl = predict_4x4(VerticalLeft, &n);
        // x=3,y=3: k = 4: (p[4,-1] + 2 p[5,-1] + p[6,-1] + 2) >> 2 = (50 + 120 + 70 + 2) >> 2 = 60
        assert_eq!(vl[15], 60);
        // x=3,y=2: k = 4: (50 + 60 + 1) >> 1 = 55
        assert_eq!(vl[11], 55);
        assert_eq!(vl[0], 15);

        let hu = predict_4x4(HorizontalUp, &n);
        // z=0: (11 + 21 + 1) >> 1 = 16; z=1: (11 + 42 + 31 + 2) >> 2 = 21;
        // z=5 (x=1,y=2): (31 + 123 + 2) >> 2 = 39; z>5: 41
        assert_eq!(
            [hu[0], hu[1], hu[9], hu[15], hu[11], hu[14]],
            [16, 21, 39, 41, 41, 41]
        );
    }

    #[test]
    fn availability_rules() {
        let all: Vec<_> = available_modes(Availability::ALL).collect();
        assert_eq!(all, Intra4x4Mode::ALL);
        let none: Vec<_> = available_modes(Availability::NONE).collect();
        assert_eq!(none, [Dc]);
        let top = Availability {
            top: true,
            top_right: true,
            ..Availability::NONE
        };
        let m: Vec<_> = available_modes(top).collect();
        assert_eq!(m, [Vertical, Dc, DiagonalDownLeft, VerticalLeft]);
        let top_no_tr = Availability {
            top: true,
            ..Availability::NONE
        };
        assert_eq!(available_modes(top_no_tr).count(), 4);
        let left = Availability {
            left: true,
            ..Availability::NONE
        };
        let m: Vec<_> = available_modes(left).collect();
        assert_eq!(m, [Horizontal, Dc, HorizontalUp]);
        let no_corner = Availability {
            top_left: false,
            ..Availability::ALL
        };
        assert_eq!(available_modes(no_corner).count(), 6);
        for (i, m) in Intra4x4Mode::ALL.iter().enumerate() {
            assert_eq!(*m as usize, i);
            assert_eq!(Intra4x4Mode::from_u8(i as u8), Some(*m));
        }
        assert_eq!(Intra4x4Mode::from_u8(9), None);
    }

    #[test]
    fn flat_neighbours_predict_flat_blocks() {
        let n = nb(77, [77; 8], [77; 4], Availability::ALL);
        for m in Intra4x4Mode::ALL {
            assert_eq!(predict_4x4(m, &n), [77; 16], "{m:?}");
        }
    }
}
