//! Neighbouring samples of an intra-predicted block and their availability
//! (H.264 §8.3.1.2, §8.3.3, §8.3.4: the samples p[x, −1], p[−1, y] and p[−1, −1]).

use super::MID;
use crate::picture::Plane;

/// Which neighbours of a block are "available for Intra prediction".
///
/// For a whole macroblock (Intra_16x16, chroma) the flags are those of the neighbouring
/// macroblocks A (left), B (above), C (above right) and D (above left) of §6.4.11.1; for an
/// Intra_4x4 block they are those of the neighbouring 4x4 blocks (see
/// [`block_availability_4x4`]). Availability already accounts for picture edges, slices and
/// `constrained_intra_pred_flag`, which only the caller knows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Availability {
    /// p[−1, y] (the column to the left).
    pub left: bool,
    /// p[x, −1] for x inside the block width (the row above).
    pub top: bool,
    /// p[x, −1] beyond the block width (above right; only Intra_4x4 uses it).
    pub top_right: bool,
    /// p[−1, −1] (the corner above left).
    pub top_left: bool,
}

impl Availability {
    /// Every neighbour available.
    pub const ALL: Availability = Availability {
        left: true,
        top: true,
        top_right: true,
        top_left: true,
    };
    /// No neighbour available (the first macroblock of a slice).
    pub const NONE: Availability = Availability {
        left: false,
        top: false,
        top_right: false,
        top_left: false,
    };
}

/// The neighbouring samples of a square `H`×`H` block: `top` holds p[0..W−1, −1] (for
/// Intra_4x4, W = 8: the row above plus the four samples above right), `left` holds
/// p[−1, 0..H−1] and `top_left` is p[−1, −1].
///
/// Values of unavailable samples are irrelevant to the predictors (they never read them for
/// an allowed mode); [`Neighbours::gather`] sets them to 128.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Neighbours<const W: usize, const H: usize> {
    /// p[−1, −1].
    pub top_left: u8,
    /// p[x, −1], x = 0..W−1.
    pub top: [u8; W],
    /// p[−1, y], y = 0..H−1.
    pub left: [u8; H],
    /// Which of them are available.
    pub avail: Availability,
}

/// Neighbours of an Intra_4x4 block: 13 samples (§8.3.1.2).
pub type Neighbours4x4 = Neighbours<8, 4>;
/// Neighbours of an Intra_16x16 macroblock: 33 samples (§8.3.3).
pub type Neighbours16x16 = Neighbours<16, 16>;
/// Neighbours of a 4:2:0 chroma macroblock (8x8): 17 samples (§8.3.4).
pub type NeighboursChroma = Neighbours<8, 8>;

impl<const W: usize, const H: usize> Neighbours<W, H> {
    /// Reads the neighbours of the `H`×`H` block whose top-left sample is (`x`, `y`) of
    /// `plane` (visible coordinates). Only available samples are read; the plane must hold
    /// the reconstructed (pre-deblocking) samples of the neighbouring blocks.
    ///
    /// The top row beyond the block width (p[H..W−1, −1], the above-right samples of
    /// Intra_4x4) is read when `avail.top_right`; otherwise, if `avail.top`, it is p[H−1, −1]
    /// replicated, as §8.3.1.2 substitutes p[3, −1] for p[4..7, −1].
    ///
    /// Panics if an available sample lies outside the plane including its border, which
    /// availability derived from the picture size never allows.
    pub fn gather(plane: &Plane, x: usize, y: usize, avail: Availability) -> Self {
        let (x, y) = (x as isize, y as isize);
        let mut n = Neighbours {
            top_left: MID,
            top: [MID; W],
            left: [MID; H],
            avail,
        };
        if avail.top {
            let start = plane.index(x, y - 1);
            let inside = H.min(W);
            n.top[..inside].copy_from_slice(&plane.data[start..start + inside]);
            if W > inside {
                if avail.top_right {
                    n.top[inside..].copy_from_slice(&plane.data[start + inside..start + W]);
                } else {
                    let last = n.top[inside - 1];
                    n.top[inside..].fill(last);
                }
            }
        }
        if avail.left {
            for (i, sample) in n.left.iter_mut().enumerate() {
                *sample = plane.at(x - 1, y + i as isize);
            }
        }
        if avail.top_left {
            n.top_left = plane.at(x - 1, y - 1);
        }
        n
    }
}

/// Availability of the neighbours of 4x4 luma block `blk` (raster index within the
/// macroblock, `4 * row + column`, as in [`MbInfo`](crate::mb_info::MbInfo)) given the
/// availability of the neighbouring macroblocks (`mb.left` = A, `mb.top` = B,
/// `mb.top_right` = C, `mb.top_left` = D; §6.4.11.4 with §6.4.12).
///
/// Neighbours inside the current macroblock are available when they precede the block in
/// decoding order (the 8x8-then-4x4 zig-zag of §6.4.3), so the above-right block is never
/// available for blocks in the right column below the first row, nor for raster blocks 5
/// and 13 (luma4x4BlkIdx 3 and 11) whose above-right neighbour is decoded later.
pub fn block_availability_4x4(blk: usize, mb: Availability) -> Availability {
    let (bx, by) = (blk % 4, (blk / 4) % 4);
    let top_right = match (bx, by) {
        (3, 0) => mb.top_right,
        (_, 0) => mb.top,
        (3, _) => false,
        _ => decoding_order(bx + 1, by - 1) < decoding_order(bx, by),
    };
    Availability {
        left: bx > 0 || mb.left,
        top: by > 0 || mb.top,
        top_right,
        top_left: match (bx, by) {
            (0, 0) => mb.top_left,
            (0, _) => mb.left,
            (_, 0) => mb.top,
            _ => true,
        },
    }
}

/// luma4x4BlkIdx of the 4x4 block at column `bx`, row `by` of a macroblock (§6.4.3).
fn decoding_order(bx: usize, by: usize) -> usize {
    (by / 2) * 8 + (bx / 2) * 4 + (by % 2) * 2 + bx % 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_order_is_the_standard_zigzag() {
        // Figure 6-10: luma4x4BlkIdx in raster position order.
        let expect = [0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 12, 13, 10, 11, 14, 15];
        for (raster, &idx) in expect.iter().enumerate() {
            assert_eq!(decoding_order(raster % 4, raster / 4), idx);
        }
    }

    #[test]
    fn top_right_inside_the_macroblock() {
        let a = |blk| block_availability_4x4(blk, Availability::ALL).top_right;
        let avail: Vec<usize> = (0..16).filter(|&b| a(b)).collect();
        assert_eq!(avail, vec![0, 1, 2, 3, 4, 6, 8, 9, 10, 12, 14]);
        let none = |blk| block_availability_4x4(blk, Availability::NONE);
        assert_eq!(none(0), Availability::NONE);
        assert_eq!(
            none(5),
            Availability {
                left: true,
                top: true,
                top_right: false,
                top_left: true
            }
        );
        assert_eq!(
            none(4),
            Availability {
                left: false,
                top: true,
                top_right: true,
                top_left: false
            }
        );
        assert!(!none(3).top_right && !none(1).top);
        let only_c = Availability {
            top_right: true,
            ..Availability::NONE
        };
        assert!(block_availability_4x4(3, only_c).top_right);
    }

    #[test]
    fn gather_replicates_missing_top_right() {
        let mut p = Plane::new(16, 16, 8, 0);
        for y in 0..16 {
            for x in 0..16 {
                p.row_mut(y)[x] = (16 * y + x) as u8;
            }
        }
        let avail = Availability {
            left: true,
            top: true,
            top_right: false,
            top_left: true,
        };
        let n = Neighbours4x4::gather(&p, 4, 4, avail);
        assert_eq!(n.top, [52, 53, 54, 55, 55, 55, 55, 55]);
        assert_eq!(n.left, [67, 83, 99, 115]);
        assert_eq!(n.top_left, 51);
        let n = Neighbours4x4::gather(&p, 4, 4, Availability::ALL);
        assert_eq!(n.top, [52, 53, 54, 55, 56, 57, 58, 59]);
        let n = Neighbours16x16::gather(&p, 0, 0, Availability::NONE);
        assert_eq!((n.top, n.left, n.top_left), ([128; 16], [128; 16], 128));
    }
}
