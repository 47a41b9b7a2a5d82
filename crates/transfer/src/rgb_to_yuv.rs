//! RGB → Y'CbCr 4:2:0.
//!
//! Luma is computed per pixel. Chroma is computed from the 2×2 block's *average* R, G and B
//! (kept at 16 bits) — the same as converting each pixel and averaging Cb/Cr, since the matrix
//! is linear, but a quarter of the work. This is what FFmpeg's swscale produces with
//! `-sws_flags area` (centred chroma siting, area filter at 2:1); its default bicubic filter
//! instead blurs chroma across neighbouring blocks. At odd right/bottom edges the missing
//! pixels repeat the edge pixel, so the last chroma sample belongs to the last pixels only.
//!
//! Rows are processed as plain slices of `u16`/`u32` so the compiler vectorises every loop on
//! baseline x86-64 (SSE2) and AArch64 without `unsafe` or run-time CPU detection.

use framepress_core::{Plane, Result};

use crate::coefficients::Forward;
use crate::image::{RgbImage, YuvImage, alloc, half};

/// A source of RGB rows as 16-bit full-scale samples (0…65535 ≙ 0…1).
pub(crate) trait RgbRows {
    /// Width in pixels.
    fn width(&self) -> usize;
    /// Height in pixels.
    fn height(&self) -> usize;
    /// Writes row `y` into `r`, `g`, `b` (each `width` long); `tmp` is `width` words of scratch.
    fn load_row(&self, y: usize, tmp: &mut [u32], r: &mut [u16], g: &mut [u16], b: &mut [u16]);
}

/// A BGRA plane read in place (no staging copy on the hot path).
pub(crate) struct BgraRows<'a>(pub Plane<'a>);

impl RgbRows for BgraRows<'_> {
    fn width(&self) -> usize {
        self.0.width
    }

    fn height(&self) -> usize {
        self.0.height
    }

    fn load_row(&self, y: usize, tmp: &mut [u32], r: &mut [u16], g: &mut [u16], b: &mut [u16]) {
        // Whole-pixel 32-bit loads first, then shifts: this vectorises, where extracting
        // bytes straight from the row compiles to one scalar load per channel.
        for (t, px) in tmp.iter_mut().zip(self.0.row(y).chunks_exact(4)) {
            *t = u32::from_le_bytes([px[0], px[1], px[2], px[3]]);
        }
        // ×257 maps 0…255 exactly onto 0…65535.
        for (((p, r), g), b) in tmp
            .iter()
            .zip(r.iter_mut())
            .zip(g.iter_mut())
            .zip(b.iter_mut())
        {
            *b = ((p & 0xff) * 257) as u16;
            *g = (((p >> 8) & 0xff) * 257) as u16;
            *r = (((p >> 16) & 0xff) * 257) as u16;
        }
    }
}

impl RgbRows for RgbImage {
    fn width(&self) -> usize {
        RgbImage::width(self)
    }

    fn height(&self) -> usize {
        RgbImage::height(self)
    }

    fn load_row(&self, y: usize, _tmp: &mut [u32], r: &mut [u16], g: &mut [u16], b: &mut [u16]) {
        for (dst, src) in [(r, &self.r), (g, &self.g), (b, &self.b)] {
            for (d, &s) in dst.iter_mut().zip(src.row(y)) {
                // 12 → 16 bits by bit replication: 4095 ↦ 65535, within one 16-bit step.
                *d = (s << 4) | (s >> 8);
            }
        }
    }
}

/// High half of a 16×16-bit product.
#[inline(always)]
fn mulhi(x: u16, c: u16) -> u16 {
    ((u32::from(x) * u32::from(c)) >> 16) as u16
}

/// Scratch rows for one row of R, G, B.
struct Rows {
    r: Vec<u16>,
    g: Vec<u16>,
    b: Vec<u16>,
}

impl Rows {
    fn new(width: usize) -> Result<Rows> {
        Ok(Rows {
            r: alloc(width, 0)?,
            g: alloc(width, 0)?,
            b: alloc(width, 0)?,
        })
    }

    fn load<S: RgbRows>(&mut self, src: &S, y: usize, tmp: &mut [u32]) {
        src.load_row(y, tmp, &mut self.r, &mut self.g, &mut self.b);
    }
}

fn luma_row(m: &Forward, s: &Rows, out: &mut [u16]) {
    let [cr, cg, cb] = m.y;
    for (((o, &r), &g), &b) in out.iter_mut().zip(&s.r).zip(&s.g).zip(&s.b) {
        // Cannot overflow: the weights plus bias stay below 65536 (checked in coefficients).
        let v = m
            .y_bias
            .wrapping_add(mulhi(r, cr))
            .wrapping_add(mulhi(g, cg))
            .wrapping_add(mulhi(b, cb));
        *o = v >> m.shift;
    }
}

/// Averages each 2×2 block into `avg` (repeating the last column for odd widths); `col` is
/// scratch for the vertical pair sums.
fn block_average(top: &[u16], bottom: &[u16], col: &mut [u32], avg: &mut [u16]) {
    for ((c, &t), &b) in col.iter_mut().zip(top).zip(bottom) {
        *c = u32::from(t) + u32::from(b);
    }
    for (a, pair) in avg.iter_mut().zip(col.chunks_exact(2)) {
        *a = ((pair[0] + pair[1] + 2) >> 2) as u16;
    }
    let w = top.len();
    if w % 2 == 1 {
        avg[w / 2] = ((2 * col[w - 1] + 2) >> 2) as u16;
    }
}

/// One chroma row: `bias + pos·x_pos − neg₀·x₀ − neg₁·x₁`, in 32 bits because the terms have
/// both signs.
fn chroma_row(m: &Forward, weights: (u16, [u16; 2]), x: [&[u16]; 3], out: &mut [u16]) {
    let (pos, [n0, n1]) = weights;
    let [xp, x0, x1] = x;
    for (((o, &p), &a), &b) in out.iter_mut().zip(xp).zip(x0).zip(x1) {
        let v =
            m.c_bias + i32::from(mulhi(p, pos)) - i32::from(mulhi(a, n0)) - i32::from(mulhi(b, n1));
        *o = (v >> m.shift).clamp(0, m.max) as u16;
    }
}

/// Converts `src` into `out` (same size).
pub(crate) fn convert<S: RgbRows>(src: &S, m: &Forward, out: &mut YuvImage) -> Result<()> {
    let (w, h) = (src.width(), src.height());
    debug_assert_eq!((out.width(), out.height()), (w, h));
    let mut tmp = alloc(w, 0u32)?;
    let mut col = alloc(w, 0u32)?;
    let mut top = Rows::new(w)?;
    let mut bottom = Rows::new(w)?;
    let mut avg = Rows::new(half(w))?;
    for cy in 0..half(h) {
        let y0 = 2 * cy;
        top.load(src, y0, &mut tmp);
        luma_row(m, &top, out.y.row_mut(y0));
        let lower = if y0 + 1 < h {
            bottom.load(src, y0 + 1, &mut tmp);
            luma_row(m, &bottom, out.y.row_mut(y0 + 1));
            &bottom
        } else {
            &top
        };
        block_average(&top.r, &lower.r, &mut col, &mut avg.r);
        block_average(&top.g, &lower.g, &mut col, &mut avg.g);
        block_average(&top.b, &lower.b, &mut col, &mut avg.b);
        chroma_row(m, m.cb, [&avg.b, &avg.r, &avg.g], out.cb.row_mut(cy));
        chroma_row(m, m.cr, [&avg.r, &avg.g, &avg.b], out.cr.row_mut(cy));
    }
    Ok(())
}

/// Row `y` of `src` as 8-bit R, G, B (rounded), for BGRA destinations.
pub(crate) fn rows_8bit<S: RgbRows>(
    src: &S,
    y: usize,
    scratch: &mut [Vec<u16>; 3],
    tmp: &mut [u32],
    out: &mut [Vec<i32>; 3],
) {
    let [r, g, b] = scratch;
    src.load_row(y, tmp, r, g, b);
    for (o, s) in out.iter_mut().zip(scratch.iter()) {
        for (d, &v) in o.iter_mut().zip(s) {
            *d = ((u32::from(v) * 255 + 32767) / 65535) as i32;
        }
    }
}

/// Expands 8-bit BGRA to the 12-bit working RGB (for scaling or compositing).
pub(crate) fn bgra_to_rgb12(src: &BgraRows<'_>) -> Result<RgbImage> {
    let (w, h) = (src.width(), src.height());
    let mut img = RgbImage::black(w, h)?;
    let lut: Vec<u16> = (0..256u32)
        .map(|v| ((v * 4095 + 127) / 255) as u16)
        .collect();
    for y in 0..h {
        let row = src.0.row(y);
        for (c, plane) in [&mut img.b, &mut img.g, &mut img.r].into_iter().enumerate() {
            for (d, px) in plane.row_mut(y).iter_mut().zip(row.chunks_exact(4)) {
                *d = lut[usize::from(px[c])];
            }
        }
    }
    Ok(img)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use framepress_core::{ColorRange, YCbCrMatrix};

    use super::*;
    use crate::image::YuvCoding;

    fn one_pixel(v: [u16; 3], matrix: YCbCrMatrix, coding: YuvCoding) -> (u16, u16, u16) {
        let mut img = RgbImage::black(1, 1).unwrap();
        (img.r.data[0], img.g.data[0], img.b.data[0]) = (v[0], v[1], v[2]);
        let mut out = YuvImage::black(1, 1, coding).unwrap();
        convert(&img, &Forward::new(matrix, coding), &mut out).unwrap();
        (out.y.data[0], out.cb.data[0], out.cr.data[0])
    }

    #[test]
    fn anchors_are_exact_for_every_coding() {
        for &matrix in YCbCrMatrix::ALL {
            for depth in [8, 10] {
                for range in [ColorRange::Video, ColorRange::Full] {
                    let coding = YuvCoding { depth, range };
                    let (black, _) = coding.black();
                    let (off, scale) = coding.luma_offset_scale();
                    let mid = 1 << (depth - 1);
                    assert_eq!(one_pixel([0; 3], matrix, coding), (black, mid, mid));
                    assert_eq!(
                        one_pixel([4095; 3], matrix, coding),
                        ((off + scale) as u16, mid, mid)
                    );
                    for v in [1, 777, 2048, 4000] {
                        let (_, cb, cr) = one_pixel([v; 3], matrix, coding);
                        assert_eq!((cb, cr), (mid, mid), "grey {v} {matrix:?} {coding:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn odd_edges_repeat_the_edge_pixel() {
        // 3x1: the second chroma sample sees only pixel 2 (repeated), so it equals that pixel's
        // own chroma.
        let mut img = RgbImage::black(3, 1).unwrap();
        img.r.data = vec![0, 0, 4095];
        let coding = YuvCoding {
            depth: 8,
            range: ColorRange::Video,
        };
        let mut out = YuvImage::black(3, 1, coding).unwrap();
        convert(&img, &Forward::new(YCbCrMatrix::Itu709, coding), &mut out).unwrap();
        assert_eq!(out.cr.data, vec![128, 240]);
        assert_eq!(out.y.data, vec![16, 16, 63]);
    }
}
