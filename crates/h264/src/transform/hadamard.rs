//! Hadamard transforms of DC coefficients: 4x4 for Intra_16x16 luma (H.264 §8.5.10) and
//! 2x2 for 4:2:0 chroma (§8.5.11.1).
//!
//! The transforms are their own inverses up to a factor (H·H = 4·I for the 4x4 matrix,
//! 2·I for the 2x2 one); all functions here are the plain, unnormalised products. The
//! quantiser ([`quant`](crate::quant)) accounts for the gain.

/// One 4-point pass with the matrix [[1, 1, 1, 1], [1, 1, −1, −1], [1, −1, −1, 1],
/// [1, −1, 1, −1]] of §8.5.10.
#[inline]
fn pass4(v: [i32; 4]) -> [i32; 4] {
    let (s01, d01) = (v[0] + v[1], v[0] - v[1]);
    let (s23, d23) = (v[2] + v[3], v[2] - v[3]);
    [s01 + s23, s01 - s23, d01 - d23, d01 + d23]
}

/// H · c · H for the 4x4 matrix H above (raster order in and out).
fn hadamard_4x4(c: &[i32; 16]) -> [i32; 16] {
    let mut t = [0i32; 16];
    for i in 0..4 {
        let out = pass4([c[4 * i], c[4 * i + 1], c[4 * i + 2], c[4 * i + 3]]);
        t[4 * i..4 * i + 4].copy_from_slice(&out);
    }
    let mut f = [0i32; 16];
    for j in 0..4 {
        let out = pass4([t[j], t[4 + j], t[8 + j], t[12 + j]]);
        for (i, v) in out.into_iter().enumerate() {
            f[4 * i + j] = v;
        }
    }
    f
}

/// Inverse transform of the Intra_16x16 luma DC levels c (the 4x4 matrix obtained by the
/// inverse zig-zag scan of Intra16x16DCLevel): f = H · c · H (§8.5.10). Scaling follows in
/// [`quant::dequantize_luma_dc`](crate::quant::dequantize_luma_dc).
///
/// Element `4 * i + j` belongs to the 4x4 luma block in row i, column j of the macroblock.
pub fn inverse_hadamard_4x4(c: &[i32; 16]) -> [i32; 16] {
    hadamard_4x4(c)
}

/// Forward transform of the 16 DC coefficients of an Intra_16x16 macroblock (element
/// `4 * i + j` is the DC of [`forward_4x4`](super::forward_4x4) of the 4x4 block in row i,
/// column j): the unnormalised H · W_D · H. (Textbook encoders halve this; the quantiser's
/// [`quantize_luma_dc`](crate::quant::quantize_luma_dc) does that as one more shift.)
pub fn forward_hadamard_4x4(dc: &[i32; 16]) -> [i32; 16] {
    hadamard_4x4(dc)
}

/// [[1, 1], [1, −1]] · c · [[1, 1], [1, −1]] on a 2x2 matrix in raster order.
fn hadamard_2x2(c: &[i32; 4]) -> [i32; 4] {
    let (s0, d0) = (c[0] + c[1], c[0] - c[1]);
    let (s1, d1) = (c[2] + c[3], c[2] - c[3]);
    [s0 + s1, d0 + d1, s0 - s1, d0 - d1]
}

/// Inverse transform of the 4:2:0 chroma DC levels c = [[c0, c1], [c2, c3]] (raster order,
/// i.e. chroma4x4BlkIdx order): f = [[1, 1], [1, −1]] · c · [[1, 1], [1, −1]] (§8.5.11.1).
/// Scaling follows in [`quant::dequantize_chroma_dc`](crate::quant::dequantize_chroma_dc).
pub fn inverse_hadamard_2x2(c: &[i32; 4]) -> [i32; 4] {
    hadamard_2x2(c)
}

/// Forward transform of the four chroma DC coefficients of a component (raster order of the
/// 4x4 blocks): the unnormalised 2x2 Hadamard.
pub fn forward_hadamard_2x2(dc: &[i32; 4]) -> [i32; 4] {
    hadamard_2x2(dc)
}

#[cfg(test)]
mod tests {
    use super::*;

    const H4: [[i32; 4]; 4] = [[1, 1, 1, 1], [1, 1, -1, -1], [1, -1, -1, 1], [1, -1, 1, -1]];

    #[test]
    fn hadamard_4x4_is_the_matrix_product() {
        let mut seed = 9u32;
        for _ in 0..300 {
            let c: [i32; 16] = std::array::from_fn(|_| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                (seed >> 16) as i32 % 2001 - 1000
            });
            let want: [i32; 16] = std::array::from_fn(|k| {
                let (i, j) = (k / 4, k % 4);
                (0..4)
                    .flat_map(|a| (0..4).map(move |b| (a, b)))
                    .map(|(a, b)| H4[i][a] * c[4 * a + b] * H4[b][j])
                    .sum()
            });
            assert_eq!(inverse_hadamard_4x4(&c), want);
            // Applying it twice multiplies by 16.
            assert_eq!(
                forward_hadamard_4x4(&inverse_hadamard_4x4(&c)),
                c.map(|v| 16 * v)
            );
        }
    }

    #[test]
    fn hadamard_known_vectors() {
        let mut c = [0; 16];
        c[0] = 5;
        assert_eq!(inverse_hadamard_4x4(&c), [5; 16]);
        assert_eq!(forward_hadamard_4x4(&[2; 16]), {
            let mut f = [0; 16];
            f[0] = 32;
            f
        });
        assert_eq!(inverse_hadamard_2x2(&[1, 2, 3, 4]), [10, -2, -4, 0]);
        assert_eq!(forward_hadamard_2x2(&[7, 7, 7, 7]), [28, 0, 0, 0]);
        assert_eq!(
            forward_hadamard_2x2(&inverse_hadamard_2x2(&[1, -2, 3, 9])),
            [4, -8, 12, 36]
        );
    }
}
