//! The 4x4 integer core transform (H.264 §8.5.12.2 and its forward counterpart).

/// Forward core transform W = Cf · X · Cfᵀ of a 4x4 residual block (raster order), with
/// Cf = [[1, 1, 1, 1], [2, 1, −1, −2], [1, −1, −1, 1], [1, −2, 2, −1]].
///
/// This is the encoder's half of the transform pair: together with the quantiser's
/// position-dependent scaling ([`quant`](crate::quant)) it inverts [`inverse_4x4`]. It is
/// exact (no rounding); for 8-bit residuals |W| ≤ 36 · 255.
pub fn forward_4x4(x: &[i32; 16]) -> [i32; 16] {
    let mut t = [0i32; 16];
    // Rows: T = X · Cfᵀ.
    for i in 0..4 {
        let r = [x[4 * i], x[4 * i + 1], x[4 * i + 2], x[4 * i + 3]];
        let out = forward_1d(r);
        t[4 * i..4 * i + 4].copy_from_slice(&out);
    }
    // Columns: W = Cf · T.
    let mut w = [0i32; 16];
    for j in 0..4 {
        let out = forward_1d([t[j], t[4 + j], t[8 + j], t[12 + j]]);
        for (i, v) in out.into_iter().enumerate() {
            w[4 * i + j] = v;
        }
    }
    w
}

#[inline]
fn forward_1d(x: [i32; 4]) -> [i32; 4] {
    let (s03, d03) = (x[0] + x[3], x[0] - x[3]);
    let (s12, d12) = (x[1] + x[2], x[1] - x[2]);
    [s03 + s12, 2 * d03 + d12, s03 - s12, d03 - 2 * d12]
}

/// Inverse transform of a 4x4 block of scaled coefficients d (raster order) into residuals
/// r_ij exactly as §8.5.12.2 specifies: a horizontal (row) pass e, f, then a vertical
/// (column) pass g, h, with `>> 1` on the odd inputs, then r_ij = (h_ij + 32) >> 6.
///
/// The standard requires conforming bitstreams to keep every intermediate within 16 bits
/// (8-bit video: −2^15 ..= 2^15 − 1); inside that range this matches every conforming decoder.
pub fn inverse_4x4(d: &[i32; 16]) -> [i32; 16] {
    let mut f = [0i32; 16];
    for i in 0..4 {
        let out = inverse_1d([d[4 * i], d[4 * i + 1], d[4 * i + 2], d[4 * i + 3]]);
        f[4 * i..4 * i + 4].copy_from_slice(&out);
    }
    let mut r = [0i32; 16];
    for j in 0..4 {
        let h = inverse_1d([f[j], f[4 + j], f[8 + j], f[12 + j]]);
        for (i, v) in h.into_iter().enumerate() {
            r[4 * i + j] = (v + 32) >> 6;
        }
    }
    r
}

/// One pass of §8.5.12.2: e0 = d0 + d2, e1 = d0 − d2, e2 = (d1 >> 1) − d3,
/// e3 = d1 + (d3 >> 1); f0 = e0 + e3, f1 = e1 + e2, f2 = e1 − e2, f3 = e0 − e3.
#[inline]
fn inverse_1d(d: [i32; 4]) -> [i32; 4] {
    let e0 = d[0] + d[2];
    let e1 = d[0] - d[2];
    let e2 = (d[1] >> 1) - d[3];
    let e3 = d[1] + (d[3] >> 1);
    [e0 + e3, e1 + e2, e1 - e2, e0 - e3]
}

#[cfg(test)]
mod tests {
    use super::*;

    const CF: [[i32; 4]; 4] = [[1, 1, 1, 1], [2, 1, -1, -2], [1, -1, -1, 1], [1, -2, 2, -1]];

    fn lcg(seed: &mut u32) -> i32 {
        *seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
        (*seed >> 16) as i32
    }

    #[test]
    fn forward_equals_matrix_product() {
        let mut seed = 1;
        for _ in 0..500 {
            let x: [i32; 16] = std::array::from_fn(|_| lcg(&mut seed) % 511 - 255);
            let mut want = [0i32; 16];
            for i in 0..4 {
                for j in 0..4 {
                    // (Cf X Cfᵀ)_ij = Σ_k Σ_l Cf[i][k] · X[k][l] · Cf[j][l]
                    want[4 * i + j] = (0..4)
                        .flat_map(|k| (0..4).map(move |l| (k, l)))
                        .map(|(k, l)| CF[i][k] * x[4 * k + l] * CF[j][l])
                        .sum();
                }
            }
            assert_eq!(forward_4x4(&x), want);
        }
    }

    #[test]
    fn forward_known_vectors() {
        // A constant residual R only has a DC: 16·R.
        assert_eq!(forward_4x4(&[3; 16]), {
            let mut w = [0; 16];
            w[0] = 48;
            w
        });
        // A single residual at (k, l) gives the outer product of Cf's columns k and l.
        let mut x = [0; 16];
        x[0] = 1; // column 0 of Cf: (1, 2, 1, 1)
        let c0 = [1, 2, 1, 1];
        assert_eq!(
            forward_4x4(&x),
            std::array::from_fn(|k| c0[k / 4] * c0[k % 4])
        );
        x[0] = 0;
        x[6] = 1; // row 1, column 2: columns 1 (1, 1, −1, −2) and 2 (1, −1, −1, 2) of Cf
        let (c1, c2) = ([1, 1, -1, -2], [1, -1, -1, 2]);
        assert_eq!(
            forward_4x4(&x),
            std::array::from_fn(|k| c1[k / 4] * c2[k % 4])
        );
    }

    /// The standard's inverse in matrix form: each 1-D pass is a 4x4 matrix whose entries
    /// are ±1 (take the input) or ±½ (take the input `>> 1`, as the standard does before
    /// adding), applied to the rows, then to the columns, then (x + 32) >> 6.
    fn naive_inverse(d: &[i32; 16]) -> [i32; 16] {
        // T[k][n]: 2 = +1, 1 = +½, −2 = −1, −1 = −½ (units of ½).
        const T: [[i32; 4]; 4] = [[2, 2, 2, 1], [2, 1, -2, -2], [2, -1, -2, 2], [2, -2, 2, -1]];
        let apply = |k: usize, v: [i32; 4]| -> i32 {
            (0..4)
                .map(|n| match T[k][n] {
                    2 => v[n],
                    -2 => -v[n],
                    1 => v[n] >> 1,
                    _ => -(v[n] >> 1),
                })
                .sum()
        };
        let mut f = [0i32; 16];
        for i in 0..4 {
            let row = [d[4 * i], d[4 * i + 1], d[4 * i + 2], d[4 * i + 3]];
            for j in 0..4 {
                f[4 * i + j] = apply(j, row);
            }
        }
        let mut r = [0i32; 16];
        for j in 0..4 {
            let col = [f[j], f[4 + j], f[8 + j], f[12 + j]];
            for i in 0..4 {
                r[4 * i + j] = (apply(i, col) + 32) >> 6;
            }
        }
        r
    }

    #[test]
    fn inverse_of_single_coefficients_matches_the_matrix_form() {
        for pos in 0..16 {
            for v in [1, -1, 3, -3, 64, -64, 100, -101, 777, -1000, 4095, -4096] {
                let mut d = [0; 16];
                d[pos] = v;
                assert_eq!(inverse_4x4(&d), naive_inverse(&d), "pos {pos} value {v}");
            }
        }
    }

    #[test]
    fn inverse_of_random_blocks_matches_the_matrix_form() {
        let mut seed = 42;
        for _ in 0..2000 {
            let d: [i32; 16] = std::array::from_fn(|_| lcg(&mut seed) % 4001 - 2000);
            assert_eq!(inverse_4x4(&d), naive_inverse(&d));
        }
    }

    #[test]
    fn inverse_known_vectors() {
        // DC only: every residual is (d00 + 32) >> 6.
        let mut d = [0; 16];
        d[0] = 64 * 5;
        assert_eq!(inverse_4x4(&d), [5; 16]);
        d[0] = 95; // (95 + 32) >> 6 = 1
        assert_eq!(inverse_4x4(&d), [1; 16]);
        d[0] = -33; // (−33 + 32) >> 6 = −1
        assert_eq!(inverse_4x4(&d), [-1; 16]);
        // d01 = 64: rows (64, 32, −32, −64)/64 → residual columns 1, 0 (32+32>>6 = 1), …
        let mut d = [0; 16];
        d[1] = 64;
        let r = inverse_4x4(&d);
        for i in 0..4 {
            assert_eq!(&r[4 * i..4 * i + 4], &[1, 1, 0, -1]);
        }
    }
}
