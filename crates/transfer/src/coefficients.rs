//! Fixed-point Y'CbCr matrices.
//!
//! The matrices are derived once per conversion in `f64` from the (Kr, Kb) luma weights and the
//! code ranges, then applied per pixel in `i32`. Integer arithmetic keeps the output
//! bit-identical on every CPU and compiler (no floating-point contraction or SIMD-dependent
//! rounding), which is what makes encoder output reproducible.
//!
//! Weights are corrected so the anchors land exactly: white RGB gives exactly the top luma code
//! (235 / 940 / 255 / 1023) and any grey gives exactly the middle chroma code.

use framepress_core::YCbCrMatrix;

use crate::image::YuvCoding;

/// Fractional bits of the inverse (Y'CbCr → RGB) coefficients.
pub(crate) const INV_SHIFT: u32 = 14;

fn fixed(x: f64, shift: u32) -> i32 {
    (x * f64::from(1u32 << shift)).round() as i32
}

/// 16-bit full-scale RGB (0…65535 ≙ 0…1) → Y'CbCr codes.
///
/// Each product is the high half of a 16×16-bit multiply (`(x·c) >> 16`), which compilers map
/// to a single SIMD instruction (`pmulhuw` on baseline x86-64 SSE2, `umull`+shift on NEON) —
/// about seven times faster than 32-bit multiplies. Results carry `shift` = 16 − depth
/// fractional bits, so the only loss is the truncation of each product: under 3/256 of a code
/// at 8 bits and 3/64 at 10 bits, far below the final rounding step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Forward {
    /// Luma weights for R, G, B.
    pub y: [u16; 3],
    /// Cb: weight of B (added), and of R and G (subtracted; they sum to the B weight).
    pub cb: (u16, [u16; 2]),
    /// Cr: weight of R (added), and of G and B (subtracted; they sum to the R weight).
    pub cr: (u16, [u16; 2]),
    /// Fractional bits of the weighted sums.
    pub shift: u32,
    /// Black luma code plus rounding, in fractional units.
    pub y_bias: u16,
    /// Mid chroma code plus rounding, in fractional units.
    pub c_bias: i32,
    /// Largest output code.
    pub max: i32,
}

impl Forward {
    /// The matrix taking 16-bit full-scale RGB to `coding`.
    pub fn new(matrix: YCbCrMatrix, coding: YuvCoding) -> Forward {
        let (kr, kb) = matrix.kr_kb();
        let (y_off, y_scale) = coding.luma_offset_scale();
        let (c_off, c_scale) = coding.chroma_offset_scale();
        let shift = 16 - coding.depth;
        // x/65535 is the intensity, and (x·c) >> 16 divides by 65536.
        let unit = f64::from(1u32 << shift) * 65536.0 / 65535.0;
        let weight = |k: f64, scale: f64| (k * scale * unit).round() as u16;
        let yr = weight(kr, y_scale);
        let yb = weight(kb, y_scale);
        let yg = weight(1.0, y_scale) - yr - yb;
        let cb_b = weight(0.5, c_scale);
        let cb_r = weight(kr / (2.0 * (1.0 - kb)), c_scale);
        let cr_r = weight(0.5, c_scale);
        let cr_b = weight(kb / (2.0 * (1.0 - kr)), c_scale);
        let round = 1u16 << (shift - 1);
        Forward {
            y: [yr, yg, yb],
            cb: (cb_b, [cb_r, cb_b - cb_r]),
            cr: (cr_r, [cr_r - cr_b, cr_b]),
            shift,
            // +1 centres the truncation of the three products (each loses 0…1 unit).
            y_bias: ((y_off as u16) << shift) + round + 1,
            c_bias: ((c_off as i32) << shift) + i32::from(round),
            max: coding.max(),
        }
    }
}

/// Y'CbCr codes → RGB (0…`rgb_max`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Inverse {
    /// Black luma code.
    pub y_off: i32,
    /// Mid chroma code.
    pub c_off: i32,
    /// Luma gain.
    pub y: i32,
    /// Cr → R.
    pub cr_r: i32,
    /// Cb → G (negative).
    pub cb_g: i32,
    /// Cr → G (negative).
    pub cr_g: i32,
    /// Cb → B.
    pub cb_b: i32,
    /// White RGB value.
    pub max: i32,
}

impl Inverse {
    /// The matrix taking `coding` to RGB with `rgb_max` as white.
    pub fn new(matrix: YCbCrMatrix, coding: YuvCoding, rgb_max: i32) -> Inverse {
        let (kr, kb) = matrix.kr_kb();
        let kg = 1.0 - kr - kb;
        let (y_off, y_scale) = coding.luma_offset_scale();
        let (c_off, c_scale) = coding.chroma_offset_scale();
        let m = f64::from(rgb_max);
        let cs = m / c_scale;
        Inverse {
            y_off: y_off as i32,
            c_off: c_off as i32,
            y: fixed(m / y_scale, INV_SHIFT),
            cr_r: fixed(2.0 * (1.0 - kr) * cs, INV_SHIFT),
            cb_g: fixed(-2.0 * kb * (1.0 - kb) / kg * cs, INV_SHIFT),
            cr_g: fixed(-2.0 * kr * (1.0 - kr) / kg * cs, INV_SHIFT),
            cb_b: fixed(2.0 * (1.0 - kb) * cs, INV_SHIFT),
            max: rgb_max,
        }
    }
}

#[cfg(test)]
mod tests {
    use framepress_core::ColorRange;

    use super::*;

    #[test]
    fn weights_fit_and_chroma_weights_cancel() {
        for &matrix in YCbCrMatrix::ALL {
            for depth in [8, 10] {
                for range in [ColorRange::Video, ColorRange::Full] {
                    let f = Forward::new(matrix, YuvCoding { depth, range });
                    assert_eq!(f.cb.0, f.cb.1[0] + f.cb.1[1]);
                    assert_eq!(f.cr.0, f.cr.1[0] + f.cr.1[1]);
                    // The luma sum cannot overflow 16 bits even for white.
                    let white: u32 =
                        f.y.iter().map(|&c| u32::from(c)).sum::<u32>() + u32::from(f.y_bias);
                    assert!(white <= 65535, "{matrix:?} {depth} {range:?}");
                }
            }
        }
    }
}
