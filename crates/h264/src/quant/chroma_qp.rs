//! Chroma quantisation parameter (H.264 §8.5.8, Table 8-15).

/// QPc for qPI = 30..=51 (Table 8-15); below 30, QPc = qPI.
const QPC_FROM_30: [u8; 22] = [
    29, 30, 31, 32, 32, 33, 34, 34, 35, 35, 36, 36, 37, 37, 37, 38, 38, 38, 39, 39, 39, 39,
];

/// QP'c of both chroma components for luma QP `qp_y` (0..=51) and `chroma_qp_index_offset`
/// (−12..=12; Baseline has no second offset, so Cr uses the same): qPI = Clip3(0, 51,
/// QPY + offset), then Table 8-15 (8-bit video: QpBdOffsetC = 0, QP'c = QPc).
pub fn chroma_qp(qp_y: u8, chroma_qp_index_offset: i8) -> u8 {
    let qpi = (i32::from(qp_y) + i32::from(chroma_qp_index_offset)).clamp(0, 51) as u8;
    if qpi < 30 {
        qpi
    } else {
        QPC_FROM_30[usize::from(qpi - 30)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_8_15() {
        for q in 0..30 {
            assert_eq!(chroma_qp(q, 0), q);
        }
        let want = [
            29, 30, 31, 32, 32, 33, 34, 34, 35, 35, 36, 36, 37, 37, 37, 38, 38, 38, 39, 39, 39, 39,
        ];
        for (i, &w) in want.iter().enumerate() {
            assert_eq!(chroma_qp(30 + i as u8, 0), w);
        }
        assert_eq!(chroma_qp(5, -12), 0);
        assert_eq!(chroma_qp(51, 12), 39);
        assert_eq!(chroma_qp(20, 12), 31);
        assert_eq!(chroma_qp(40, -2), 35);
    }
}
