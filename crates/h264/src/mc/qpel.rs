//! Which full- and half-sample values form each quarter-sample luma position
//! (H.264 §8.4.2.2.1 and Table 8-12).

/// A grid of luma sample values with the same integer coordinates as the picture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grid {
    /// Full samples: G at (x, y).
    Full,
    /// Horizontal half samples: b at (x + ½, y).
    H,
    /// Vertical half samples: h at (x, y + ½).
    V,
    /// Centre half samples: j at (x + ½, y + ½).
    Hv,
}

/// A value of `grid` at integer offset (`dx`, `dy`) ∈ {0, 1}² from the predicted sample's
/// integer position (xIntL, yIntL).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GridSample {
    /// Which grid.
    pub grid: Grid,
    /// Horizontal offset (0 or 1).
    pub dx: usize,
    /// Vertical offset (0 or 1).
    pub dy: usize,
}

const fn s(grid: Grid, dx: usize, dy: usize) -> GridSample {
    GridSample { grid, dx, dy }
}

/// `QPEL_SAMPLES[yFracL][xFracL]`: the prediction at that quarter position is the first
/// sample alone, or the rounded average `(a + b + 1) >> 1` of both (§8.4.2.2.1). With G at
/// (0, 0): H = Full(1, 0), M = Full(0, 1), b = H(0, 0), s = H(0, 1), h = V(0, 0),
/// m = V(1, 0), j = Hv(0, 0).
pub const QPEL_SAMPLES: [[(GridSample, Option<GridSample>); 4]; 4] = {
    use Grid::*;
    [
        [
            (s(Full, 0, 0), None),             // G
            (s(Full, 0, 0), Some(s(H, 0, 0))), // a = (G + b + 1) >> 1
            (s(H, 0, 0), None),                // b
            (s(Full, 1, 0), Some(s(H, 0, 0))), // c = (H + b + 1) >> 1
        ],
        [
            (s(Full, 0, 0), Some(s(V, 0, 0))), // d = (G + h + 1) >> 1
            (s(H, 0, 0), Some(s(V, 0, 0))),    // e = (b + h + 1) >> 1
            (s(H, 0, 0), Some(s(Hv, 0, 0))),   // f = (b + j + 1) >> 1
            (s(H, 0, 0), Some(s(V, 1, 0))),    // g = (b + m + 1) >> 1
        ],
        [
            (s(V, 0, 0), None),              // h
            (s(V, 0, 0), Some(s(Hv, 0, 0))), // i = (h + j + 1) >> 1
            (s(Hv, 0, 0), None),             // j
            (s(Hv, 0, 0), Some(s(V, 1, 0))), // k = (j + m + 1) >> 1
        ],
        [
            (s(Full, 0, 1), Some(s(V, 0, 0))), // n = (M + h + 1) >> 1
            (s(V, 0, 0), Some(s(H, 0, 1))),    // p = (h + s + 1) >> 1
            (s(Hv, 0, 0), Some(s(H, 0, 1))),   // q = (j + s + 1) >> 1
            (s(V, 1, 0), Some(s(H, 0, 1))),    // r = (m + s + 1) >> 1
        ],
    ]
};

/// A readable grid: `data[origin + dy * stride + dx]` is the value at block offset (dx, dy).
#[derive(Clone, Copy)]
pub(super) struct Source<'a> {
    pub data: &'a [u8],
    pub stride: usize,
    pub origin: usize,
}

/// Writes the `w`×`h` prediction from one source, or the rounded average of two.
pub(super) fn combine(
    a: Source<'_>,
    b: Option<Source<'_>>,
    w: usize,
    h: usize,
    out: &mut [u8],
    out_stride: usize,
) {
    for y in 0..h {
        let dst = &mut out[y * out_stride..y * out_stride + w];
        let ra = &a.data[a.origin + y * a.stride..a.origin + y * a.stride + w];
        match b {
            None => dst.copy_from_slice(ra),
            Some(b) => {
                let rb = &b.data[b.origin + y * b.stride..b.origin + y * b.stride + w];
                for ((d, &p), &q) in dst.iter_mut().zip(ra).zip(rb) {
                    *d = ((u16::from(p) + u16::from(q) + 1) >> 1) as u8;
                }
            }
        }
    }
}
