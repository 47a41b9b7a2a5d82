//! Filtering one edge of one colour plane (H.264 §8.7.1): every line of samples crossing the
//! edge, in order along it, with the bS of the 4x4 luma blocks beside it.

use super::filter::{chroma_line, luma_line};
use super::thresholds::Thresholds;
use crate::picture::Plane;

/// Orientation of an edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Direction {
    /// A vertical edge, filtered by horizontal lines of samples (verticalEdgeFlag = 1).
    Vertical,
    /// A horizontal edge, filtered by vertical lines of samples.
    Horizontal,
}

impl Direction {
    /// Both directions in the order of §8.7: vertical edges first.
    pub(super) const ORDER: [Direction; 2] = [Direction::Vertical, Direction::Horizontal];
}

/// Which filter the edge gets (chromaEdgeFlag; for 4:2:0 also chromaStyleFilteringFlag).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Component {
    /// Luma: 16-sample edges, 4 samples per bS.
    Luma,
    /// Cb or Cr of 4:2:0: 8-sample edges, 2 samples per bS (chroma sample k takes the bS
    /// of luma sample 2k, §8.7.2.1).
    Chroma,
}

/// Filters the edge of one macroblock whose first q0 sample is at (`x`, `y`) of `plane`
/// (the top sample of a vertical edge, the leftmost of a horizontal one). `bs` holds the
/// strengths of the four luma 4x4 block pairs along the edge.
pub(super) fn filter_edge(
    plane: &mut Plane,
    (x, y): (usize, usize),
    dir: Direction,
    component: Component,
    bs: &[u8; 4],
    t: &Thresholds,
) {
    if t.filters_nothing() || *bs == [0; 4] {
        return;
    }
    let len = match component {
        Component::Luma => 16,
        Component::Chroma => 8,
    };
    let (across, along) = match dir {
        Direction::Vertical => (1, plane.stride),
        Direction::Horizontal => (plane.stride, 1),
    };
    let start = plane.index(x as isize, y as isize);
    for k in 0..len {
        let strength = bs[k * 4 / len];
        let q0 = start + k * along;
        match component {
            Component::Luma => luma_line(&mut plane.data, q0, across, strength, t),
            Component::Chroma => chroma_line(&mut plane.data, q0, across, strength, t),
        }
    }
}
