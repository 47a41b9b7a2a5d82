//! Luma sample interpolation (H.264 §8.4.2.2.1).

use super::qpel::{Grid, QPEL_SAMPLES, Source, combine};
use super::{clip1, load_window, tap6};
use crate::picture::Plane;

/// Blocks are predicted in tiles of at most this size, so the work buffers live on the stack.
const TILE: usize = 16;
/// Stride of the reference window: a tile plus one column (offsets dx, dy = 1) plus the
/// filter's reach (2 before, 3 after).
const WIN: usize = TILE + 6;
/// Stride of the half-sample buffers: a tile plus one column / row (offsets dx, dy = 1).
const HALF: usize = TILE + 1;

/// Predicts the `w`×`h` luma block whose top-left sample is at (`x`, `y`) from `reference`
/// displaced by the quarter-sample motion vector (`mvx`, `mvy`), into `out[y * w + x]`
/// (§8.4.2.2.1).
///
/// xIntL = x + (mvx >> 2) + xL, xFracL = mvx & 3 (likewise vertically);
/// reference coordinates are clamped to the picture, so `reference`'s border is never read
/// and any motion vector is valid. Any `w`, `h` work (H.264 uses 4, 8 and 16).
///
/// Panics if `out` is shorter than `w * h`.
#[allow(clippy::too_many_arguments)]
pub fn predict_luma(
    reference: &Plane,
    x: isize,
    y: isize,
    mvx: i32,
    mvy: i32,
    w: usize,
    h: usize,
    out: &mut [u8],
) {
    let (fx, fy) = ((mvx & 3) as usize, (mvy & 3) as usize);
    let (ix, iy) = (x + (mvx >> 2) as isize, y + (mvy >> 2) as isize);
    let out = &mut out[..w * h];
    if (fx, fy) == (0, 0) {
        // Full-sample position: the prediction is the (clamped) reference block itself.
        load_window(reference, (ix, iy), (w, h), out, w);
        return;
    }
    for ty in (0..h).step_by(TILE) {
        for tx in (0..w).step_by(TILE) {
            let (tw, th) = (TILE.min(w - tx), TILE.min(h - ty));
            let pos = (ix + tx as isize, iy + ty as isize);
            predict_tile(
                reference,
                pos,
                (fx, fy),
                (tw, th),
                &mut out[ty * w + tx..],
                w,
            );
        }
    }
}

/// One tile of at most [`TILE`]×[`TILE`] samples at integer position `pos`.
fn predict_tile(
    reference: &Plane,
    pos: (isize, isize),
    frac: (usize, usize),
    (w, h): (usize, usize),
    out: &mut [u8],
    out_stride: usize,
) {
    // The window holds the reference samples at (pos − 2) ..= (pos + size + 3) in each
    // direction: the 6-tap reach of every half sample the tile may need (offsets up to 1).
    let mut win = [0u8; WIN * WIN];
    load_window(
        reference,
        (pos.0 - 2, pos.1 - 2),
        (w + 6, h + 6),
        &mut win,
        WIN,
    );
    let (first, second) = QPEL_SAMPLES[frac.1][frac.0];
    // The extent of each grid the position reads: `None` if unused, else the tile grown by
    // the largest offset used (so b is computed for h + 1 rows only when s is needed).
    let extent = |g: Grid| {
        [Some(first), second]
            .into_iter()
            .flatten()
            .filter(|s| s.grid == g)
            .fold(None, |acc, s| {
                let (ax, ay) = acc.unwrap_or((0, 0));
                Some((ax.max(s.dx), ay.max(s.dy)))
            })
    };

    let mut hb = [0u8; HALF * HALF];
    let mut vb = [0u8; HALF * HALF];
    let mut jb = [0u8; HALF * HALF];
    if let Some((dx, dy)) = extent(Grid::H) {
        half_h(&win, w + dx, h + dy, &mut hb);
    }
    if let Some((dx, dy)) = extent(Grid::V) {
        half_v(&win, w + dx, h + dy, &mut vb);
    }
    if let Some((dx, dy)) = extent(Grid::Hv) {
        half_hv(&win, w + dx, h + dy, &mut jb);
    }
    let source = |g: super::GridSample| match g.grid {
        Grid::Full => Source {
            data: &win[..],
            stride: WIN,
            origin: (g.dy + 2) * WIN + g.dx + 2,
        },
        Grid::H => Source {
            data: &hb[..],
            stride: HALF,
            origin: g.dy * HALF + g.dx,
        },
        Grid::V => Source {
            data: &vb[..],
            stride: HALF,
            origin: g.dy * HALF + g.dx,
        },
        Grid::Hv => Source {
            data: &jb[..],
            stride: HALF,
            origin: g.dy * HALF + g.dx,
        },
    };
    combine(source(first), second.map(source), w, h, out, out_stride);
}

/// b at (i + ½, j) for i < `w`, j < `h`: Clip1((b1 + 16) >> 5), b1 from the row.
fn half_h(win: &[u8], w: usize, h: usize, out: &mut [u8]) {
    for j in 0..h {
        let row = &win[(j + 2) * WIN..(j + 2) * WIN + w + 5];
        let dst = &mut out[j * HALF..j * HALF + w];
        for (d, t) in dst.iter_mut().zip(row.windows(6)) {
            let t = [t[0], t[1], t[2], t[3], t[4], t[5]].map(i32::from);
            *d = clip1((tap6(t) + 16) >> 5);
        }
    }
}

/// h at (i, j + ½) for i < `w`, j < `h`: Clip1((h1 + 16) >> 5), h1 from the column.
fn half_v(win: &[u8], w: usize, h: usize, out: &mut [u8]) {
    for j in 0..h {
        let rows: [&[u8]; 6] =
            std::array::from_fn(|k| &win[(j + k) * WIN + 2..(j + k) * WIN + 2 + w]);
        let dst = &mut out[j * HALF..j * HALF + w];
        for (i, d) in dst.iter_mut().enumerate() {
            let t = [
                rows[0][i], rows[1][i], rows[2][i], rows[3][i], rows[4][i], rows[5][i],
            ];
            *d = clip1((tap6(t.map(i32::from)) + 16) >> 5);
        }
    }
}

/// j at (i + ½, j + ½) for i < `w`, j < `h`: the 6-tap filter over the unrounded vertical
/// intermediates cc, dd, h1, m1, ee, ff, then Clip1((j1 + 512) >> 10).
fn half_hv(win: &[u8], w: usize, h: usize, out: &mut [u8]) {
    let mut inter = [0i32; WIN];
    for j in 0..h {
        let rows: [&[u8]; 6] = std::array::from_fn(|k| &win[(j + k) * WIN..(j + k) * WIN + w + 5]);
        for (c, v) in inter[..w + 5].iter_mut().enumerate() {
            let t = [
                rows[0][c], rows[1][c], rows[2][c], rows[3][c], rows[4][c], rows[5][c],
            ];
            *v = tap6(t.map(i32::from));
        }
        let dst = &mut out[j * HALF..j * HALF + w];
        for (d, t) in dst.iter_mut().zip(inter[..w + 5].windows(6)) {
            *d = clip1((tap6([t[0], t[1], t[2], t[3], t[4], t[5]]) + 512) >> 10);
        }
    }
}
