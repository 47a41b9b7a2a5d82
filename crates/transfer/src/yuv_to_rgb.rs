//! Y'CbCr 4:2:0 → RGB.
//!
//! Chroma is brought to full resolution by bilinear interpolation between the centred chroma
//! samples (weights 9/16, 3/16, 3/16, 1/16 — libjpeg's "fancy upsampling"), which avoids the
//! blocky colour edges of sample repetition. The interpolated chroma keeps 4 extra bits into
//! the matrix, so only the final RGB value is rounded.

use framepress_core::Result;

use crate::coefficients::{INV_SHIFT, Inverse};
use crate::image::{Plane16, YuvImage, alloc};

/// Vertical step: `out[i] = 3·near[i] + far[i]` (×4).
fn blend_rows(near: &[u16], far: &[u16], out: &mut [i32]) {
    for ((o, n), f) in out.iter_mut().zip(near).zip(far) {
        *o = 3 * i32::from(*n) + i32::from(*f);
    }
}

/// Horizontal step to full width (×16 in total): luma `2i` leans towards chroma `i−1`, luma
/// `2i+1` towards chroma `i+1` (clamped at the edges).
fn widen(v: &[i32], out: &mut [i32]) {
    let n = v.len();
    for (i, pair) in out.chunks_mut(2).enumerate() {
        let near = 3 * v[i];
        pair[0] = near + v[i.saturating_sub(1)];
        if let Some(odd) = pair.get_mut(1) {
            *odd = near + v[(i + 1).min(n - 1)];
        }
    }
}

/// Upsampled (×16) chroma of luma row `y` from `plane`.
fn chroma_row(plane: &Plane16, y: usize, vert: &mut [i32], out: &mut [i32]) {
    let cy = y / 2;
    let cn = if y.is_multiple_of(2) {
        cy.saturating_sub(1)
    } else {
        (cy + 1).min(plane.height - 1)
    };
    blend_rows(plane.row(cy), plane.row(cn), vert);
    widen(vert, out);
}

/// Converts `src` row by row, handing each row's R, G, B (0…`m.max`) to `sink`.
pub(crate) fn convert(
    src: &YuvImage,
    m: &Inverse,
    mut sink: impl FnMut(usize, &[i32], &[i32], &[i32]),
) -> Result<()> {
    let w = src.width();
    let mut vert = alloc(src.cb.width, 0i32)?;
    let mut cb = alloc(w, 0i32)?;
    let mut cr = alloc(w, 0i32)?;
    let (mut r, mut g, mut b) = (alloc(w, 0i32)?, alloc(w, 0i32)?, alloc(w, 0i32)?);
    let round = 1 << (INV_SHIFT - 1);
    let c_mid = 16 * m.c_off;
    for y in 0..src.height() {
        chroma_row(&src.cb, y, &mut vert, &mut cb);
        chroma_row(&src.cr, y, &mut vert, &mut cr);
        let luma = src.y.row(y);
        for x in 0..w {
            let l = (i32::from(luma[x]) - m.y_off) * m.y + round;
            let u = cb[x] - c_mid;
            let v = cr[x] - c_mid;
            r[x] = ((l + ((m.cr_r * v) >> 4)) >> INV_SHIFT).clamp(0, m.max);
            g[x] = ((l + ((m.cb_g * u + m.cr_g * v) >> 4)) >> INV_SHIFT).clamp(0, m.max);
            b[x] = ((l + ((m.cb_b * u) >> 4)) >> INV_SHIFT).clamp(0, m.max);
        }
        sink(y, &r, &g, &b);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use framepress_core::{ColorRange, YCbCrMatrix};

    use super::*;
    use crate::image::YuvCoding;

    #[test]
    fn video_range_extremes_map_to_rgb_extremes() {
        let coding = YuvCoding {
            depth: 8,
            range: ColorRange::Video,
        };
        let mut img = YuvImage::black(3, 3, coding).unwrap();
        img.y.data = vec![16, 235, 16, 235, 16, 235, 0, 255, 126];
        let m = Inverse::new(YCbCrMatrix::Itu601, coding, 255);
        let mut rows = Vec::new();
        convert(&img, &m, |_, r, g, b| {
            rows.push((r.to_vec(), g.to_vec(), b.to_vec()))
        })
        .unwrap();
        assert_eq!(rows[0].0, vec![0, 255, 0]);
        assert_eq!(rows[2].1, vec![0, 255, 128]);
    }

    #[test]
    fn upsampling_interpolates_between_centred_samples() {
        let mut v = vec![0; 4];
        widen(&[0, 16], &mut v);
        assert_eq!(v, vec![0, 16, 48, 64]);
    }
}
