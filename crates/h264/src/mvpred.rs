//! Motion vector prediction (ITU-T H.264 §8.4.1.3) and the P_Skip motion vector (§8.4.1.1),
//! for frame pictures; each prediction reads one reference list (`MvContext::list`).

use crate::mb_info::{MbInfo, MbKind};

/// A motion vector in quarter-pel units.
pub type Mv = [i16; 2];

/// What a neighbouring 4x4 block contributes to prediction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Neighbour {
    /// Whether the block exists in this slice and was coded before the current partition.
    pub available: bool,
    /// Its reference index (−1 when intra or unavailable).
    pub ref_idx: i8,
    /// Its motion vector (zero when intra or unavailable).
    pub mv: Mv,
}

const UNAVAILABLE: Neighbour = Neighbour {
    available: false,
    ref_idx: -1,
    mv: [0, 0],
};

/// The shape of the partition being predicted, for the directional rules of §8.4.1.3.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartShape {
    /// 16x16, 8x8 and smaller: median prediction only.
    Other,
    /// 16x8, upper (0) or lower (1) partition.
    Wide(u8),
    /// 8x16, left (0) or right (1) partition.
    Tall(u8),
}

/// The neighbourhood of the macroblock being coded: the picture's already coded macroblocks
/// and the current macroblock's partitions decided so far.
pub struct MvContext<'a> {
    /// Coded macroblocks of the picture (raster order); only those before `mb_addr` are read.
    pub mbs: &'a [MbInfo],
    /// Picture width in macroblocks.
    pub mb_width: usize,
    /// Current macroblock address.
    pub mb_addr: usize,
    /// Slice of the current macroblock.
    pub slice: u16,
    /// Current macroblock's 4x4 motion vectors (raster), valid where `decoded` has the bit.
    pub cur_mv: [Mv; 16],
    /// Current macroblock's reference index per 8x8 (raster).
    pub cur_ref: [i8; 4],
    /// Bit i set when 4x4 block i (raster) of the current macroblock is already predicted.
    pub decoded: u16,
    /// The reference list predicted (0 or 1): neighbours contribute their motion of this
    /// list only.
    pub list: usize,
}

impl MvContext<'_> {
    fn mb_at(&self, dx: isize, dy: isize) -> Option<&MbInfo> {
        let mx = (self.mb_addr % self.mb_width) as isize + dx;
        let my = (self.mb_addr / self.mb_width) as isize + dy;
        if mx < 0 || my < 0 || mx >= self.mb_width as isize {
            return None;
        }
        let addr = my as usize * self.mb_width + mx as usize;
        if addr >= self.mb_addr {
            return None;
        }
        self.mbs.get(addr).filter(|m| m.slice == self.slice)
    }

    /// The 4x4 block at (x, y) in 4x4 units relative to the current macroblock's top-left
    /// (x, y may be −1 or up to 4 for neighbours).
    pub fn block(&self, x: isize, y: isize) -> Neighbour {
        if (0..4).contains(&x) && (0..4).contains(&y) {
            let i = (y * 4 + x) as usize;
            if self.decoded & (1 << i) == 0 {
                return UNAVAILABLE;
            }
            let r = self.cur_ref[(y as usize / 2) * 2 + x as usize / 2];
            return Neighbour {
                available: true,
                ref_idx: r,
                mv: if r >= 0 { self.cur_mv[i] } else { [0, 0] },
            };
        }
        if y >= 4 || (x >= 4 && y >= 0) {
            return UNAVAILABLE;
        }
        let (dx, dy) = (
            if x < 0 {
                -1
            } else if x >= 4 {
                1
            } else {
                0
            },
            if y < 0 { -1 } else { 0 },
        );
        let Some(mb) = self.mb_at(dx, dy) else {
            return UNAVAILABLE;
        };
        let bx = x.rem_euclid(4) as usize;
        let by = y.rem_euclid(4) as usize;
        match mb.kind {
            MbKind::Intra => Neighbour {
                available: true,
                ref_idx: -1,
                mv: [0, 0],
            },
            MbKind::Inter | MbKind::Skip => {
                let r = mb.refs(self.list)[(by / 2) * 2 + bx / 2];
                Neighbour {
                    available: true,
                    ref_idx: r,
                    mv: if r >= 0 {
                        mb.mvs(self.list)[by * 4 + bx]
                    } else {
                        [0, 0]
                    },
                }
            }
        }
    }

    /// The A, B, C neighbours of a partition at (x, y) of `w`×`h` 4x4 blocks (C falls back to
    /// D when C is not available, §8.4.1.3.2).
    pub fn neighbours(&self, x: isize, y: isize, w: isize) -> (Neighbour, Neighbour, Neighbour) {
        let a = self.block(x - 1, y);
        let b = self.block(x, y - 1);
        let mut c = self.block(x + w, y - 1);
        if !c.available {
            c = self.block(x - 1, y - 1);
        }
        (a, b, c)
    }

    /// The predicted motion vector mvpLX for a partition (§8.4.1.3).
    pub fn predict(&self, x: isize, y: isize, w: isize, ref_idx: i8, shape: PartShape) -> Mv {
        let (a, b, c) = self.neighbours(x, y, w);
        match shape {
            PartShape::Wide(0) if b.ref_idx == ref_idx => return b.mv,
            PartShape::Wide(1) if a.ref_idx == ref_idx => return a.mv,
            PartShape::Tall(0) if a.ref_idx == ref_idx => return a.mv,
            PartShape::Tall(1) if c.ref_idx == ref_idx => return c.mv,
            _ => {}
        }
        median_prediction(a, b, c, ref_idx)
    }

    /// The P_Skip motion vector (§8.4.1.1), with reference index 0.
    pub fn skip_mv(&self) -> Mv {
        let a = self.block(-1, 0);
        let b = self.block(0, -1);
        if !a.available || !b.available {
            return [0, 0];
        }
        if (a.ref_idx == 0 && a.mv == [0, 0]) || (b.ref_idx == 0 && b.mv == [0, 0]) {
            return [0, 0];
        }
        self.predict(0, 0, 4, 0, PartShape::Other)
    }
}

/// §8.4.1.3.1: median of A, B, C with the single-match and only-A-available rules.
fn median_prediction(a: Neighbour, mut b: Neighbour, mut c: Neighbour, ref_idx: i8) -> Mv {
    if !b.available && !c.available && a.available {
        b = a;
        c = a;
    }
    let matches = [a, b, c].iter().filter(|n| n.ref_idx == ref_idx).count();
    if matches == 1 {
        if a.ref_idx == ref_idx {
            return a.mv;
        }
        if b.ref_idx == ref_idx {
            return b.mv;
        }
        return c.mv;
    }
    [
        median3(a.mv[0], b.mv[0], c.mv[0]),
        median3(a.mv[1], b.mv[1], c.mv[1]),
    ]
}

fn median3(a: i16, b: i16, c: i16) -> i16 {
    a.max(b).min(a.min(b).max(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inter(mv: Mv) -> MbInfo {
        MbInfo {
            kind: MbKind::Inter,
            mv: [mv; 16],
            ref_idx: [0; 4],
            ..MbInfo::default()
        }
    }

    fn ctx(mbs: &[MbInfo], w: usize, addr: usize) -> MvContext<'_> {
        MvContext {
            mbs,
            mb_width: w,
            mb_addr: addr,
            slice: 0,
            cur_mv: [[0, 0]; 16],
            cur_ref: [-1; 4],
            decoded: 0,
            list: 0,
        }
    }

    #[test]
    fn median_of_three() {
        assert_eq!(median3(1, 5, 3), 3);
        assert_eq!(median3(-4, -9, 2), -4);
        // 3x2 MBs; predict MB 4 (row 1, col 1): A = 3, B = 1, C = 2.
        let mbs = vec![
            inter([0, 0]),
            inter([8, 0]),
            inter([2, 6]),
            inter([4, 4]),
            MbInfo::default(),
        ];
        let c = ctx(&mbs, 3, 4);
        assert_eq!(c.predict(0, 0, 4, 0, PartShape::Other), [4, 4]);
    }

    #[test]
    fn only_left_available_on_first_row() {
        let mbs = vec![inter([5, -3]), MbInfo::default()];
        let c = ctx(&mbs, 4, 1);
        assert_eq!(c.predict(0, 0, 4, 0, PartShape::Other), [5, -3]);
        // P_Skip needs A and B: B is missing on the first row.
        assert_eq!(c.skip_mv(), [0, 0]);
    }

    #[test]
    fn single_matching_reference_wins_and_intra_counts_as_minus_one() {
        let intra = MbInfo {
            ref_idx: [-1; 4],
            ..MbInfo::default()
        };
        // Row 0: [intra, inter(7,7), intra]; current MB 4 with A = intra (addr 3).
        let mbs = vec![intra, inter([7, 7]), intra, intra, MbInfo::default()];
        let c = ctx(&mbs, 3, 4);
        assert_eq!(c.predict(0, 0, 4, 0, PartShape::Other), [7, 7]);
    }

    #[test]
    fn skip_is_zero_when_a_neighbour_is_zero_ref0() {
        let mbs = vec![
            inter([0, 0]),
            inter([9, 9]),
            inter([9, 9]),
            inter([9, 9]),
            MbInfo::default(),
        ];
        let c = ctx(&mbs, 3, 4);
        assert_eq!(c.skip_mv(), [9, 9]);
        let mbs = vec![
            inter([0, 0]),
            inter([0, 0]),
            inter([9, 9]),
            inter([9, 9]),
            MbInfo::default(),
        ];
        let c = ctx(&mbs, 3, 4);
        assert_eq!(c.skip_mv(), [0, 0]);
    }

    #[test]
    fn directional_rules() {
        let mbs = vec![
            inter([1, 1]),
            inter([2, 2]),
            inter([3, 3]),
            inter([4, 4]),
            MbInfo::default(),
        ];
        let c = ctx(&mbs, 3, 4);
        assert_eq!(c.predict(0, 0, 4, 0, PartShape::Wide(0)), [2, 2]); // B
        assert_eq!(c.predict(0, 0, 2, 0, PartShape::Tall(0)), [4, 4]); // A
        // Right 8x16 partition: C is above-right of (2,0) → (4,-1), MB 2.
        assert_eq!(c.predict(2, 0, 2, 0, PartShape::Tall(1)), [3, 3]);
    }
}
