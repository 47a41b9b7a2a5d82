//! The constant tables of the deblocking filter for 8-bit video: Table 8-15 (chroma QP from
//! qPI, used through §8.7.2.2's chroma qPp/qPq) and Tables 8-16 (α′, β′) and 8-17 (t′C0).
//!
//! With BitDepth = 8 the scaling of §8.7.2.2 (`α = α′ · (1 << (BitDepthY − 8))`, likewise β
//! and tC0) is the identity, so the primed values are used directly.

/// Table 8-16, α′ indexed by indexA (0..=51).
pub(super) const ALPHA: [u8; 52] = [
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 0..=15
    4, 4, 5, 6, 7, 8, 9, 10, 12, 13, 15, 17, 20, 22, 25, 28, // 16..=31
    32, 36, 40, 45, 50, 56, 63, 71, 80, 90, 101, 113, 127, 144, 162, 182, // 32..=47
    203, 226, 255, 255, // 48..=51
];

/// Table 8-16, β′ indexed by indexB (0..=51).
pub(super) const BETA: [u8; 52] = [
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 0..=15
    2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 6, 6, 7, 7, 8, 8, // 16..=31
    9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16, // 32..=47
    17, 17, 18, 18, // 48..=51
];

/// Table 8-17, t′C0 indexed by `[indexA][bS − 1]` for bS = 1, 2, 3.
pub(super) const TC0: [[u8; 3]; 52] = [
    [0, 0, 0], // 0
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0], // 5
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0], // 10
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0], // 15
    [0, 0, 0],
    [0, 0, 1],
    [0, 0, 1],
    [0, 0, 1],
    [0, 0, 1], // 20
    [0, 1, 1],
    [0, 1, 1],
    [1, 1, 1],
    [1, 1, 1],
    [1, 1, 1], // 25
    [1, 1, 1],
    [1, 1, 2],
    [1, 1, 2],
    [1, 1, 2],
    [1, 1, 2], // 30
    [1, 2, 3],
    [1, 2, 3],
    [2, 2, 3],
    [2, 2, 4],
    [2, 3, 4], // 35
    [2, 3, 4],
    [3, 3, 5],
    [3, 4, 6],
    [3, 4, 6],
    [4, 5, 7], // 40
    [4, 5, 8],
    [4, 6, 9],
    [5, 7, 10],
    [6, 8, 11],
    [6, 8, 13], // 45
    [7, 10, 14],
    [8, 11, 16],
    [9, 12, 18],
    [10, 13, 20],
    [11, 15, 23], // 50
    [13, 17, 25],
];

/// Table 8-15, QPC as a function of qPI for qPI ≥ 30 (below 30, QPC = qPI).
const CHROMA_QP_FROM_30: [u8; 22] = [
    29, 30, 31, 32, 32, 33, 34, 34, 35, 35, 36, 36, 37, 37, 37, 38, 38, 38, 39, 39, 39, 39,
];

/// QPC of one macroblock (§8.5.8 with Table 8-15) for 8-bit chroma:
/// qPI = Clip3(−QpBdOffsetC, 51, QPY + qPOffset) with QpBdOffsetC = 0, then Table 8-15.
pub(super) fn chroma_qp(qp_y: u8, qp_offset: i8) -> u8 {
    let qpi = (i32::from(qp_y) + i32::from(qp_offset)).clamp(0, 51) as u8;
    match qpi.checked_sub(30) {
        Some(i) => CHROMA_QP_FROM_30[usize::from(i)],
        None => qpi,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn non_decreasing(v: &[u8]) -> bool {
        v.windows(2).all(|w| w[0] <= w[1])
    }

    #[test]
    fn alpha_beta_are_monotonic_with_known_anchors() {
        assert!(non_decreasing(&ALPHA));
        assert!(non_decreasing(&BETA));
        // Filtering is off below indexA/indexB 16 (α′ = β′ = 0), on from 16.
        assert!(ALPHA[..16].iter().chain(&BETA[..16]).all(|&v| v == 0));
        assert_eq!((ALPHA[16], BETA[16]), (4, 2));
        assert_eq!((ALPHA[30], BETA[30]), (25, 8));
        assert_eq!((ALPHA[40], BETA[40]), (80, 13));
        assert_eq!(
            (ALPHA[50], ALPHA[51], BETA[50], BETA[51]),
            (255, 255, 18, 18)
        );
        // β′ grows by one every two steps from indexB 26 on (6, 6, 7, 7, ... 18, 18).
        for i in (26..52).step_by(2) {
            assert_eq!(BETA[i], BETA[i + 1]);
            assert_eq!(i32::from(BETA[i]), 6 + (i as i32 - 26) / 2);
        }
        // α′ roughly doubles every 6 indexA (it follows 0.8·(2^(indexA/6) − 1)).
        for i in 22..44 {
            let ratio = f64::from(ALPHA[i + 6]) / f64::from(ALPHA[i]);
            assert!((1.8..=2.3).contains(&ratio), "indexA {i}: ratio {ratio}");
        }
    }

    #[test]
    fn tc0_is_monotonic_in_index_and_bs_with_known_anchors() {
        for bs in 0..3 {
            let column: Vec<u8> = TC0.iter().map(|r| r[bs]).collect();
            assert!(non_decreasing(&column), "bS {}", bs + 1);
        }
        assert!(TC0.iter().all(|r| r[0] <= r[1] && r[1] <= r[2]));
        assert!(TC0[..17].iter().all(|r| *r == [0, 0, 0]));
        assert_eq!(TC0[17], [0, 0, 1]);
        assert_eq!(TC0[21], [0, 1, 1]);
        assert_eq!(TC0[23], [1, 1, 1]);
        assert_eq!(TC0[30], [1, 1, 2]);
        assert_eq!(TC0[51], [13, 17, 25]);
        // Column sums: a checksum of the transcription.
        let sums: Vec<u32> = (0..3)
            .map(|b| TC0.iter().map(|r| u32::from(r[b])).sum())
            .collect();
        assert_eq!(sums, [114, 152, 230]);
    }

    #[test]
    fn chroma_qp_follows_table_8_15() {
        for qp in 0..30 {
            assert_eq!(chroma_qp(qp, 0), qp);
        }
        assert_eq!(chroma_qp(30, 0), 29);
        assert_eq!(chroma_qp(34, 0), 32);
        assert_eq!(chroma_qp(39, 0), 35);
        assert_eq!(chroma_qp(51, 0), 39);
        assert_eq!(chroma_qp(51, 12), 39);
        assert_eq!(chroma_qp(0, -12), 0);
        assert_eq!(chroma_qp(30, 12), 37);
        assert_eq!(chroma_qp(40, -10), 30 - 1);
        let all: Vec<u8> = (0..=51).map(|q| chroma_qp(q, 0)).collect();
        assert!(non_decreasing(&all));
        assert!(all.windows(2).all(|w| w[1] - w[0] <= 1));
    }
}
