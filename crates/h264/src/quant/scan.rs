//! The zig-zag scan of 4x4 blocks in frame macroblocks (H.264 §8.5.6, Table 8-13,
//! Figure 8-8).

/// `ZIGZAG_4X4[idx]` is the raster position (`4 * i + j`) of the coefficient at scan index
/// `idx`: c00, c01, c10, c20, c11, c02, c03, c12, c21, c30, c31, c22, c13, c23, c32, c33.
/// The encoder reads levels in this order for CAVLC; an Intra_16x16 or chroma AC block
/// uses indices 1..=15 (its DC travels separately).
pub const ZIGZAG_4X4: [usize; 16] = [0, 1, 4, 8, 5, 2, 3, 6, 9, 12, 13, 10, 7, 11, 14, 15];

/// `ZIGZAG_8X8[idx]` is the raster position (`8 * i + j`) of the coefficient at scan index
/// `idx` of an 8x8 block in a frame macroblock (§8.5.7, Table 8-14): the anti-diagonals
/// in turn, starting to the right, as the 4x4 scan does.
pub const ZIGZAG_8X8: [usize; 64] = zigzag_8x8();

const fn zigzag_8x8() -> [usize; 64] {
    let mut out = [0usize; 64];
    let mut n = 0;
    let mut s: usize = 0;
    while s < 15 {
        // Odd diagonals run down-left (row rising), even ones up-right.
        let lo = s.saturating_sub(7);
        let hi = if s < 7 { s } else { 7 };
        let mut t = 0;
        while t <= hi - lo {
            let row = if s % 2 == 1 { lo + t } else { hi - t };
            out[n] = row * 8 + (s - row);
            n += 1;
            t += 1;
        }
        s += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zigzag_8x8_is_the_standards_table() {
        // The first and last entries of Table 8-14 (frame scan), and a permutation.
        assert_eq!(
            &ZIGZAG_8X8[..16],
            &[0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5]
        );
        let mut seen = [false; 64];
        for &k in &ZIGZAG_8X8 {
            assert!(!seen[k]);
            seen[k] = true;
        }
        assert_eq!(&ZIGZAG_8X8[58..], &[61, 54, 47, 55, 62, 63]);
    }

    #[test]
    fn zigzag_walks_the_anti_diagonals() {
        let mut seen = [false; 16];
        for w in ZIGZAG_4X4.windows(2) {
            let (a, b) = (w[0], w[1]);
            let (ra, ca, rb, cb) = (a / 4, a % 4, b / 4, b % 4);
            // Consecutive positions are neighbours (step right, down, or diagonal).
            assert!(ra.abs_diff(rb) <= 1 && ca.abs_diff(cb) <= 1, "{a} → {b}");
            // Anti-diagonal index never decreases.
            assert!(rb + cb >= ra + ca);
        }
        for &k in &ZIGZAG_4X4 {
            assert!(!seen[k]);
            seen[k] = true;
        }
        // Diagonals alternate direction: up-right on even sums, down-left on odd ones.
        assert_eq!(&ZIGZAG_4X4[3..6], &[8, 5, 2]);
        assert_eq!(&ZIGZAG_4X4[6..10], &[3, 6, 9, 12]);
    }
}
