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

/// SATD of a `w`×`h` block (multiples of 4).
#[inline]
pub fn satd(a: &[u8], a_stride: usize, b: &[u8], b_stride: usize, w: usize, h: usize) -> u32 {
    let mut s = 0;
    for by in (0..h).step_by(4) {
        for bx in (0..w).step_by(4) {
            s += satd_4x4(
                &a[by * a_stride + bx..],
                a_stride,
                &b[by * b_stride + bx..],
                b_stride,
            );
        }
    }
    s
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
