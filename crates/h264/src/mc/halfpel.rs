//! Precomputed half-sample planes of a luma reference picture, for motion search
//! (H.264 §8.4.2.2.1: the samples b, h and j of Figure 8-4 at every position).

use super::luma::predict_luma;
use super::qpel::{Grid, GridSample, QPEL_SAMPLES, Source, combine};
use super::{clip1, tap6};
use crate::picture::Plane;

/// The three half-sample planes of a luma reference picture, each with the geometry
/// (size, border, stride) of the reference: `h.at(x, y)` is b at (x + ½, y), `v.at(x, y)`
/// is h at (x, y + ½) and `hv.at(x, y)` is j at (x + ½, y + ½), for every (x, y) of the
/// plane including its border, computed with the standard's edge clamping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HalfPelPlanes {
    /// Horizontal half samples (b).
    pub h: Plane,
    /// Vertical half samples (h).
    pub v: Plane,
    /// Centre half samples (j).
    pub hv: Plane,
}

impl HalfPelPlanes {
    /// Computes the half-sample planes of `reference`.
    pub fn new(reference: &Plane) -> HalfPelPlanes {
        let blank = || Plane::new(reference.width, reference.height, reference.border, 0);
        let mut planes = HalfPelPlanes {
            h: blank(),
            v: blank(),
            hv: blank(),
        };
        planes.compute(reference);
        planes
    }

    /// Recomputes the planes for `reference`, reusing the allocation when the geometry is
    /// unchanged.
    pub fn compute(&mut self, reference: &Plane) {
        let (w, ht, b) = (reference.width, reference.height, reference.border);
        for p in [&mut self.h, &mut self.v, &mut self.hv] {
            if (p.width, p.height, p.border) != (w, ht, b) {
                *p = Plane::new(w, ht, b, 0);
            }
        }
        if w == 0 || ht == 0 {
            return;
        }
        // `full` and `inter` hold one row extended by the border plus the filter's reach:
        // index k is column k − b − 2, clamped to the picture.
        let ext = w + 2 * b + 5;
        let mut full = vec![0u8; ext];
        let mut inter_visible = vec![0i32; w];
        let mut inter = vec![0i32; ext];
        let clamp_x = |k: usize| (k as isize - b as isize - 2).clamp(0, w as isize - 1) as usize;
        let last_y = ht as isize - 1;
        for y in -(b as isize)..(ht + b) as isize {
            let row = reference.row(y.clamp(0, last_y) as usize);
            for (k, f) in full.iter_mut().enumerate() {
                *f = row[clamp_x(k)];
            }
            let rows: [&[u8]; 6] = std::array::from_fn(|k| {
                reference.row((y - 2 + k as isize).clamp(0, last_y) as usize)
            });
            for (x, v) in inter_visible.iter_mut().enumerate() {
                *v = tap6(std::array::from_fn(|k| i32::from(rows[k][x])));
            }
            for (k, v) in inter.iter_mut().enumerate() {
                *v = inter_visible[clamp_x(k)];
            }
            let start = self.h.index(-(b as isize), y);
            let n = w + 2 * b;
            let (hrow, vrow, jrow) = (
                &mut self.h.data[start..start + n],
                &mut self.v.data[start..start + n],
                &mut self.hv.data[start..start + n],
            );
            for i in 0..n {
                // Output column x = i − b reads extended indices i .. i + 5 (x − 2 ..= x + 3).
                hrow[i] = clip1((tap6(std::array::from_fn(|k| i32::from(full[i + k]))) + 16) >> 5);
                vrow[i] = clip1((inter[i + 2] + 16) >> 5);
                jrow[i] = clip1((tap6(std::array::from_fn(|k| inter[i + k])) + 512) >> 10);
            }
        }
    }
}

/// [`predict_luma`] formed from precomputed half-sample planes: each quarter position is one
/// plane sample or the rounded average of two ([`QPEL_SAMPLES`]), so this costs no filtering.
/// The result is bit-identical to [`predict_luma`].
///
/// `planes` must have been computed from `reference`, and `reference`'s border must hold
/// replicated edges ([`Plane::extend_borders`]). Blocks reaching beyond the border fall back
/// to [`predict_luma`]. Panics if `out` is shorter than `w * h`.
#[allow(clippy::too_many_arguments)]
pub fn predict_luma_halfpel(
    reference: &Plane,
    planes: &HalfPelPlanes,
    x: isize,
    y: isize,
    mvx: i32,
    mvy: i32,
    w: usize,
    h: usize,
    out: &mut [u8],
) {
    let (ix, iy) = (x + (mvx >> 2) as isize, y + (mvy >> 2) as isize);
    let b = reference.border as isize;
    let fits = ix >= -b
        && iy >= -b
        && ix + (w as isize) < reference.width as isize + b
        && iy + (h as isize) < reference.height as isize + b;
    if !fits {
        predict_luma(reference, x, y, mvx, mvy, w, h, out);
        return;
    }
    let (first, second) = QPEL_SAMPLES[(mvy & 3) as usize][(mvx & 3) as usize];
    let source = |g: GridSample| {
        let plane = match g.grid {
            Grid::Full => reference,
            Grid::H => &planes.h,
            Grid::V => &planes.v,
            Grid::Hv => &planes.hv,
        };
        Source {
            data: &plane.data[..],
            stride: plane.stride,
            origin: plane.index(ix + g.dx as isize, iy + g.dy as isize),
        }
    };
    combine(source(first), second.map(source), w, h, out, w);
}
