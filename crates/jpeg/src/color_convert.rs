//! Bringing source samples to JFIF colour: full-range BT.601 Y'CbCr.
//!
//! A JPEG decoder converts Y'CbCr to RGB with the JFIF equations whatever the file claims, so
//! a video-range or BT.709 source encoded as-is would come out washed out or with shifted
//! hues. The conversion is the exact affine map source → R'G'B' → JFIF Y'CbCr, folded into
//! one fixed-point step per sample:
//!
//! - Cb' and Cr' depend on Cb and Cr only (grey stays grey under every matrix), so chroma is
//!   converted at chroma resolution and 4:2:0 needs no resampling;
//! - Y' = Y + a·Cb + b·Cr, using the chroma sample that covers the pixel (a, b are 0 when
//!   only the range changes).

use std::borrow::Cow;

use framepress_core::{ColorRange, PixelBuffer, PixelFormat, Result, YCbCrMatrix};

use crate::yuv::Yuv420;

const SHIFT: u32 = 16;
const ONE: f64 = (1u32 << SHIFT) as f64;
const HALF: i32 = 1 << (SHIFT - 1);

/// Fixed-point coefficients (Q16) of the source → JFIF map on offset-removed samples.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Coefficients {
    /// Source black level (16 video, 0 full).
    y_offset: i32,
    /// Y' from (Y − offset, Cb − 128, Cr − 128).
    y: [i32; 3],
    /// Cb' − 128 from (Cb − 128, Cr − 128).
    cb: [i32; 2],
    /// Cr' − 128 from (Cb − 128, Cr − 128).
    cr: [i32; 2],
}

impl Coefficients {
    /// The map for sources in `range` and `matrix`; `None` when it is the identity.
    fn new(range: ColorRange, matrix: YCbCrMatrix) -> Option<Coefficients> {
        if range == ColorRange::Full && matrix == YCbCrMatrix::Itu601 {
            return None;
        }
        let (y_offset, y_scale, c_scale) = match range {
            ColorRange::Video => (16, 219.0, 224.0),
            ColorRange::Full => (0, 255.0, 255.0),
        };
        let (kr, kb) = matrix.kr_kb();
        let kg = 1.0 - kr - kb;
        let (tr, tb) = YCbCrMatrix::Itu601.kr_kb();
        let tg = 1.0 - tr - tb;
        // Normalised (y, cb, cr) → R'G'B' under the source matrix, then → y' under BT.601:
        // y' = y + a·cb + b·cr.
        let a = 2.0 * (1.0 - kb) * (tb - tg * kb / kg);
        let b = 2.0 * (1.0 - kr) * (tr - tg * kr / kg);
        // cb' = (B' − y') / (2(1 − Kb')), cr' = (R' − y') / (2(1 − Kr')).
        let cb_cb = (2.0 * (1.0 - kb) - a) / (2.0 * (1.0 - tb));
        let cb_cr = -b / (2.0 * (1.0 - tb));
        let cr_cb = -a / (2.0 * (1.0 - tr));
        let cr_cr = (2.0 * (1.0 - kr) - b) / (2.0 * (1.0 - tr));
        // Back to 8-bit full-range code values.
        let q = |x: f64| (x * ONE).round() as i32;
        let luma = 255.0 / y_scale;
        let chroma = 255.0 / c_scale;
        Some(Coefficients {
            y_offset,
            y: [q(luma), q(255.0 * a / c_scale), q(255.0 * b / c_scale)],
            cb: [q(cb_cb * chroma), q(cb_cr * chroma)],
            cr: [q(cr_cb * chroma), q(cr_cr * chroma)],
        })
    }

    #[inline]
    fn luma(&self, y: u8, cb: i32, cr: i32) -> u8 {
        let acc = self.y[0] * (i32::from(y) - self.y_offset) + self.y[1] * cb + self.y[2] * cr;
        clamp8((acc + HALF) >> SHIFT)
    }

    #[inline]
    fn chroma(&self, cb: i32, cr: i32) -> (u8, u8) {
        let b = self.cb[0] * cb + self.cb[1] * cr;
        let r = self.cr[0] * cb + self.cr[1] * cr;
        (
            clamp8(((b + HALF) >> SHIFT) + 128),
            clamp8(((r + HALF) >> SHIFT) + 128),
        )
    }
}

#[inline]
fn clamp8(v: i32) -> u8 {
    v.clamp(0, 255) as u8
}

/// `source` in JFIF colour: borrowed unchanged when it already is (full range, BT.601),
/// otherwise converted into a new full-range I420 buffer. `matrix` is the source's matrix.
pub(crate) fn to_jfif(source: &PixelBuffer, matrix: YCbCrMatrix) -> Result<Cow<'_, PixelBuffer>> {
    let src = Yuv420::new(source)?;
    let Some(k) = Coefficients::new(source.pixel_format().range(), matrix) else {
        return Ok(Cow::Borrowed(source));
    };
    let (w, h) = (src.width(), src.height());
    let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
    // Chroma offsets from 128, per chroma sample, reused by the two luma rows they cover.
    let mut offsets = vec![(0i32, 0i32); cw * ch];
    let mut out = PixelBuffer::new(w, h, PixelFormat::I420FullRange)?;
    {
        let mut cb_plane = plane_mut(&mut out, 1)?;
        for cy in 0..ch {
            let row = src.chroma_row(cy);
            let dst = cb_plane.row_mut(cy);
            for (cx, d) in dst.iter_mut().enumerate() {
                let (cb, cr) = row.get(cx);
                let o = (i32::from(cb) - 128, i32::from(cr) - 128);
                offsets[cy * cw + cx] = o;
                *d = k.chroma(o.0, o.1).0;
            }
        }
    }
    {
        let mut cr_plane = plane_mut(&mut out, 2)?;
        for cy in 0..ch {
            let dst = cr_plane.row_mut(cy);
            for (cx, d) in dst.iter_mut().enumerate() {
                let (cb, cr) = offsets[cy * cw + cx];
                *d = k.chroma(cb, cr).1;
            }
        }
    }
    {
        let mut y_plane = plane_mut(&mut out, 0)?;
        for y in 0..h {
            let src_row = src.luma_row(y);
            let chroma = &offsets[(y / 2) * cw..(y / 2 + 1) * cw];
            let dst = y_plane.row_mut(y);
            for (x, (d, &s)) in dst.iter_mut().zip(src_row).enumerate() {
                let (cb, cr) = chroma[x / 2];
                *d = k.luma(s, cb, cr);
            }
        }
    }
    Ok(Cow::Owned(out))
}

fn plane_mut(buffer: &mut PixelBuffer, i: usize) -> Result<framepress_core::PlaneMut<'_>> {
    buffer
        .plane_mut(i)
        .ok_or_else(|| framepress_core::Error::parameter(format!("I420 buffer lacks plane {i}")))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// JFIF decoding of one sample to R'G'B' in 0..=255 (floating point, unclamped).
    fn jfif_rgb(y: u8, cb: u8, cr: u8) -> [f64; 3] {
        let (y, cb, cr) = (f64::from(y), f64::from(cb) - 128.0, f64::from(cr) - 128.0);
        [
            y + 1.402 * cr,
            y - 0.344136 * cb - 0.714136 * cr,
            y + 1.772 * cb,
        ]
    }

    /// Encodes 8-bit R'G'B' as video-range or full-range Y'CbCr with matrix `m`.
    fn encode(rgb: [f64; 3], m: YCbCrMatrix, range: ColorRange) -> (u8, u8, u8) {
        let (kr, kb) = m.kr_kb();
        let [r, g, b] = rgb.map(|v| v / 255.0);
        let y = kr * r + (1.0 - kr - kb) * g + kb * b;
        let cb = (b - y) / (2.0 * (1.0 - kb));
        let cr = (r - y) / (2.0 * (1.0 - kr));
        let (yo, ys, cs) = match range {
            ColorRange::Video => (16.0, 219.0, 224.0),
            ColorRange::Full => (0.0, 255.0, 255.0),
        };
        let c = |v: f64| v.round().clamp(0.0, 255.0) as u8;
        (c(yo + ys * y), c(128.0 + cs * cb), c(128.0 + cs * cr))
    }

    #[test]
    fn identity_for_jfif_sources() {
        assert_eq!(
            Coefficients::new(ColorRange::Full, YCbCrMatrix::Itu601),
            None
        );
        let buf = PixelBuffer::new(4, 4, PixelFormat::Nv12FullRange).unwrap();
        assert!(matches!(
            to_jfif(&buf, YCbCrMatrix::Itu601).unwrap(),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn every_matrix_and_range_decodes_to_the_same_rgb() {
        let colours = [
            [200.0, 60.0, 30.0],
            [20.0, 180.0, 220.0],
            [128.0, 128.0, 128.0],
            [250.0, 240.0, 10.0],
        ];
        for &m in YCbCrMatrix::ALL {
            for range in [ColorRange::Video, ColorRange::Full] {
                let k = Coefficients::new(range, m);
                for rgb in colours {
                    let (y, cb, cr) = encode(rgb, m, range);
                    let (cbo, cro) = (i32::from(cb) - 128, i32::from(cr) - 128);
                    let (oy, (ocb, ocr)) = match k {
                        Some(k) => (k.luma(y, cbo, cro), k.chroma(cbo, cro)),
                        None => (y, (cb, cr)),
                    };
                    let got = jfif_rgb(oy, ocb, ocr);
                    for c in 0..3 {
                        assert!(
                            (got[c] - rgb[c]).abs() <= 3.0,
                            "{m:?} {range:?} {rgb:?} -> {got:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn converts_whole_buffers() {
        let (y, cb, cr) = encode([200.0, 60.0, 30.0], YCbCrMatrix::Itu709, ColorRange::Video);
        let mut src = PixelBuffer::new(5, 3, PixelFormat::I420).unwrap();
        src.plane_mut(0).unwrap().fill(y);
        src.plane_mut(1).unwrap().fill(cb);
        src.plane_mut(2).unwrap().fill(cr);
        let out = to_jfif(&src, YCbCrMatrix::Itu709).unwrap();
        assert_eq!(out.pixel_format(), PixelFormat::I420FullRange);
        let view = Yuv420::new(&out).unwrap();
        let (ocb, ocr) = view.chroma_row(1).get(2);
        let got = jfif_rgb(view.luma_row(2)[4], ocb, ocr);
        assert!(
            (got[0] - 200.0).abs() <= 3.0 && (got[2] - 30.0).abs() <= 3.0,
            "{got:?}"
        );
    }
}
