//! The 8x8 integer transform of the High profiles (H.264 §8.5.13.2) and its forward
//! counterpart.
//!
//! Blocks are 8x8 matrices in raster order (`c[8 * i + j]`: row i, column j), as the 4x4
//! ones in [`core4x4`](super::core4x4).

/// Forward 8x8 transform of a residual block (raster order).
///
/// The matrix is the transpose of the inverse's up to the per-position norms, which the
/// quantiser's multiplication factors ([`MF_8X8`](crate::quant::tables::MF_8X8)) absorb:
/// forward, quantise, scale back ([`dequantize_8x8`](crate::quant::dequantize_8x8)) and
/// [`inverse_8x8`] is the identity up to rounding. Not normative: an encoder may use any
/// forward transform; this one is exact in integers for 8-bit residuals.
pub fn forward_8x8(x: &[i32; 64]) -> [i32; 64] {
    let mut t = [0i32; 64];
    for i in 0..8 {
        let row: [i32; 8] = std::array::from_fn(|j| x[8 * i + j]);
        t[8 * i..8 * i + 8].copy_from_slice(&forward_1d(row));
    }
    let mut w = [0i32; 64];
    for j in 0..8 {
        let col = forward_1d(std::array::from_fn(|i| t[8 * i + j]));
        for (i, v) in col.into_iter().enumerate() {
            w[8 * i + j] = v;
        }
    }
    w
}

/// One 8-point pass of the forward transform: even half from the sums of mirrored inputs,
/// odd half from their differences, with the same 1, 1/2, 1/4 and 3/2 weights the
/// inverse uses.
#[inline]
fn forward_1d(x: [i32; 8]) -> [i32; 8] {
    let s = [x[0] + x[7], x[1] + x[6], x[2] + x[5], x[3] + x[4]];
    let d = [x[0] - x[7], x[1] - x[6], x[2] - x[5], x[3] - x[4]];
    let (e0, e1) = (s[0] + s[3], s[1] + s[2]);
    let (e2, e3) = (s[0] - s[3], s[1] - s[2]);
    let o0 = d[1] + d[2] + (d[0] + (d[0] >> 1));
    let o1 = d[0] - d[3] - (d[2] + (d[2] >> 1));
    let o2 = d[0] + d[3] - (d[1] + (d[1] >> 1));
    let o3 = d[1] - d[2] + (d[3] + (d[3] >> 1));
    [
        e0 + e1,
        o0 + (o3 >> 2),
        e2 + (e3 >> 1),
        o1 + (o2 >> 2),
        e0 - e1,
        o2 - (o1 >> 2),
        (e2 >> 1) - e3,
        (o0 >> 2) - o3,
    ]
}

/// Inverse transform of an 8x8 block of scaled coefficients d (raster order) into
/// residuals exactly as §8.5.13.2: a row pass, a column pass, then (x + 32) >> 6.
pub fn inverse_8x8(d: &[i32; 64]) -> [i32; 64] {
    let mut g = [0i32; 64];
    for i in 0..8 {
        let row: [i32; 8] = std::array::from_fn(|j| d[8 * i + j]);
        g[8 * i..8 * i + 8].copy_from_slice(&inverse_1d(row));
    }
    let mut r = [0i32; 64];
    for j in 0..8 {
        let col = inverse_1d(std::array::from_fn(|i| g[8 * i + j]));
        for (i, v) in col.into_iter().enumerate() {
            r[8 * i + j] = (v + 32) >> 6;
        }
    }
    r
}

/// One pass of §8.5.13.2 (equations 8-325 to 8-348).
#[inline]
fn inverse_1d(d: [i32; 8]) -> [i32; 8] {
    let e0 = d[0] + d[4];
    let e1 = -d[3] + d[5] - d[7] - (d[7] >> 1);
    let e2 = d[0] - d[4];
    let e3 = d[1] + d[7] - d[3] - (d[3] >> 1);
    let e4 = (d[2] >> 1) - d[6];
    let e5 = -d[1] + d[7] + d[5] + (d[5] >> 1);
    let e6 = d[2] + (d[6] >> 1);
    let e7 = d[3] + d[5] + d[1] + (d[1] >> 1);
    let f0 = e0 + e6;
    let f1 = e1 + (e7 >> 2);
    let f2 = e2 + e4;
    let f3 = e3 + (e5 >> 2);
    let f4 = e2 - e4;
    let f5 = (e3 >> 2) - e5;
    let f6 = e0 - e6;
    let f7 = e7 - (e1 >> 2);
    [
        f0 + f7,
        f2 + f5,
        f4 + f3,
        f6 + f1,
        f6 - f1,
        f4 - f3,
        f2 - f5,
        f0 - f7,
    ]
}

/// Residual `src − pred` of the 8x8 block at the start of each slice (raster order).
pub fn residual_8x8(src: &[u8], src_stride: usize, pred: &[u8], pred_stride: usize) -> [i32; 64] {
    std::array::from_fn(|k| {
        let (i, j) = (k / 8, k % 8);
        i32::from(src[i * src_stride + j]) - i32::from(pred[i * pred_stride + j])
    })
}

/// Adds residual `r` to the 8x8 block of `dst` with Clip1 (§8.5.14).
pub fn add_residual_8x8(dst: &mut [u8], stride: usize, r: &[i32; 64]) {
    for i in 0..8 {
        for j in 0..8 {
            let p = &mut dst[i * stride + j];
            *p = (i32::from(*p) + r[8 * i + j]).clamp(0, 255) as u8;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_dc_coefficient_gives_a_flat_residual() {
        // d00 = 64 · v: every sample gets (64 · v + 32) >> 6 = v.
        let mut d = [0i32; 64];
        d[0] = 64 * 5;
        assert!(inverse_8x8(&d).iter().all(|&r| r == 5));
        // The forward DC gain is 64 (the sum of the samples).
        let w = forward_8x8(&[3; 64]);
        assert_eq!(w[0], 3 * 64);
        assert!(w[1..].iter().all(|&c| c == 0));
    }
}
