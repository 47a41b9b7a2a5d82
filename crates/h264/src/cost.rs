//! Distortion metrics and rate estimates for mode decision (not normative).
//!
//! Scalar reference versions; SIMD twins will live in the DSP crate with tests proving them
//! equal, so these signatures are what those kernels implement.

/// Sum of absolute differences of a `w`×`h` block.
#[inline]
pub fn sad(a: &[u8], a_stride: usize, b: &[u8], b_stride: usize, w: usize, h: usize) -> u32 {
    let mut s = 0u32;
    for y in 0..h {
        let ra = &a[y * a_stride..y * a_stride + w];
        let rb = &b[y * b_stride..y * b_stride + w];
        s += ra
            .iter()
            .zip(rb)
            .map(|(&x, &y)| (x as i32 - y as i32).unsigned_abs())
            .sum::<u32>();
    }
    s
}

/// SATD of one 4x4 block: the sum of absolute 4x4 Hadamard coefficients of the difference,
/// halved (a good proxy for the cost of coding the residual after the integer transform).
#[inline]
pub fn satd_4x4(a: &[u8], a_stride: usize, b: &[u8], b_stride: usize) -> u32 {
    let mut d = [[0i32; 4]; 4];
    for y in 0..4 {
        for x in 0..4 {
            d[y][x] = a[y * a_stride + x] as i32 - b[y * b_stride + x] as i32;
        }
    }
    for row in d.iter_mut() {
        let (s0, s1, d0, d1) = (
            row[0] + row[1],
            row[2] + row[3],
            row[0] - row[1],
            row[2] - row[3],
        );
        *row = [s0 + s1, s0 - s1, d0 + d1, d0 - d1];
    }
    let mut sum = 0u32;
    let [r0, r1, r2, r3] = d;
    for (((a, b), c), e) in r0.iter().zip(&r1).zip(&r2).zip(&r3) {
        let (s0, s1) = (a + b, c + e);
        let (d0, d1) = (a - b, c - e);
        sum += ((s0 + s1).unsigned_abs() + (s0 - s1).unsigned_abs())
            + ((d0 + d1).unsigned_abs() + (d0 - d1).unsigned_abs());
    }
    sum / 2
}

/// SATD of a `w`×`h` block (multiples of 4, `w` ≤ 16); equal to the sum of
/// [`satd_4x4`] over its 4x4 blocks.
///
/// Works on a strip of four rows at once: the vertical butterflies run lane-wise over the
/// whole width (which the compiler vectorises), then the horizontal ones per 4x4 block. The
/// 2-D Hadamard is separable, so the order gives exactly the same coefficients.
#[inline]
pub fn satd(a: &[u8], a_stride: usize, b: &[u8], b_stride: usize, w: usize, h: usize) -> u32 {
    if w > 16 {
        let mut s = 0;
        for bx in (0..w).step_by(16) {
            let n = 16.min(w - bx);
            s += satd(&a[bx..], a_stride, &b[bx..], b_stride, n, h);
        }
        return s;
    }
    let mut sum = 0u32;
    for by in (0..h).step_by(4) {
        // Differences fit in i16 (±255) and so do both butterfly stages (±4080): i16 lanes
        // let the compiler process twice as many samples per vector.
        let mut d = [[0i16; 16]; 4];
        for (y, row) in d.iter_mut().enumerate() {
            let ra = &a[(by + y) * a_stride..(by + y) * a_stride + w];
            let rb = &b[(by + y) * b_stride..(by + y) * b_stride + w];
            for ((o, &x), &z) in row.iter_mut().zip(ra).zip(rb) {
                *o = x as i16 - z as i16;
            }
        }
        let mut t = [[0i16; 16]; 4];
        for x in 0..16 {
            let (s0, s1) = (d[0][x] + d[1][x], d[2][x] + d[3][x]);
            let (d0, d1) = (d[0][x] - d[1][x], d[2][x] - d[3][x]);
            t[0][x] = s0 + s1;
            t[1][x] = s0 - s1;
            t[2][x] = d0 + d1;
            t[3][x] = d0 - d1;
        }
        for row in &t {
            for g in row[..w].chunks_exact(4) {
                let (s0, s1) = (g[0] + g[1], g[2] + g[3]);
                let (d0, d1) = (g[0] - g[1], g[2] - g[3]);
                sum += ((s0 + s1).unsigned_abs()
                    + (s0 - s1).unsigned_abs()
                    + (d0 + d1).unsigned_abs()
                    + (d0 - d1).unsigned_abs()) as u32;
            }
        }
    }
    sum / 2
}

/// Sum of squared differences of a `w`×`h` block.
#[inline]
pub fn ssd(a: &[u8], a_stride: usize, b: &[u8], b_stride: usize, w: usize, h: usize) -> u64 {
    let mut s = 0u64;
    for y in 0..h {
        let ra = &a[y * a_stride..y * a_stride + w];
        let rb = &b[y * b_stride..y * b_stride + w];
        s += ra
            .iter()
            .zip(rb)
            .map(|(&x, &y)| ((x as i32 - y as i32).pow(2)) as u64)
            .sum::<u64>();
    }
    s
}

/// λ for SAD/SATD-based decisions at `qp`: 0.85 · 2^((QP − 12) / 6), at least 1 (the curve
/// x264 and JM use for their motion and mode decisions).
pub fn lambda(qp: u8) -> u32 {
    (0.85 * 2f64.powf((qp as f64 - 12.0) / 6.0))
        .round()
        .max(1.0) as u32
}

/// Bits of `ue(v)` for `v`.
#[inline]
pub fn ue_bits(v: u32) -> u32 {
    2 * (32 - (v + 1).leading_zeros()) - 1
}

/// Bits of `se(v)` for `v`.
#[inline]
pub fn se_bits(v: i32) -> u32 {
    ue_bits(if v > 0 {
        v as u32 * 2 - 1
    } else {
        v.unsigned_abs() * 2
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_golomb_lengths() {
        assert_eq!(ue_bits(0), 1);
        assert_eq!(ue_bits(1), 3);
        assert_eq!(ue_bits(6), 5);
        assert_eq!(ue_bits(7), 7);
        assert_eq!(se_bits(0), 1);
        assert_eq!(se_bits(-1), 3);
        assert_eq!(se_bits(2), 5);
    }

    #[test]
    fn strip_satd_equals_blockwise_satd() {
        let mut seed = 0x2545_f491u32;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed as u8
        };
        let a: Vec<u8> = (0..40 * 20).map(|_| next()).collect();
        let b: Vec<u8> = (0..40 * 20).map(|_| next()).collect();
        for (w, h) in [
            (4, 4),
            (8, 8),
            (16, 16),
            (16, 8),
            (8, 16),
            (4, 8),
            (12, 4),
            (32, 16),
        ] {
            let mut blockwise = 0;
            for by in (0..h).step_by(4) {
                for bx in (0..w).step_by(4) {
                    blockwise += satd_4x4(&a[by * 40 + bx..], 40, &b[by * 40 + bx..], 40);
                }
            }
            // Every coefficient of a 4x4 Hadamard has the parity of the block's sum, so each
            // block's absolute sum is even and halving once at the end is exact.
            assert_eq!(satd(&a, 40, &b, 40, w, h), blockwise, "{w}x{h}");
        }
    }

    #[test]
    fn metrics() {
        let a = [10u8; 64];
        let mut b = [10u8; 64];
        assert_eq!(sad(&a, 8, &b, 8, 8, 8), 0);
        assert_eq!(satd(&a, 8, &b, 8, 8, 8), 0);
        b[0] = 14;
        assert_eq!(sad(&a, 8, &b, 8, 8, 8), 4);
        // A single difference of 4 spreads to 16 Hadamard coefficients of magnitude 4: 64 / 2.
        assert_eq!(satd_4x4(&a, 8, &b, 8), 32);
        assert_eq!(ssd(&a, 8, &b, 8, 8, 8), 16);
        assert_eq!(lambda(0), 1);
        assert!(lambda(51) > lambda(26));
    }
}
