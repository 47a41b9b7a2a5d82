//! The zig-zag scan of 4x4 blocks in frame macroblocks (H.264 §8.5.6, Table 8-13,
//! Figure 8-8).

/// `ZIGZAG_4X4[idx]` is the raster position (`4 * i + j`) of the coefficient at scan index
/// `idx`: c00, c01, c10, c20, c11, c02, c03, c12, c21, c30, c31, c22, c13, c23, c32, c33.
/// The encoder reads levels in this order for CAVLC; an Intra_16x16 or chroma AC block
/// uses indices 1..=15 (its DC travels separately).
pub const ZIGZAG_4X4: [usize; 16] = [0, 1, 4, 8, 5, 2, 3, 6, 9, 12, 13, 10, 7, 11, 14, 15];

#[cfg(test)]
mod tests {
    use super::*;

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
