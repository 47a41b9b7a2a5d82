//! The nC predictor of coeff_token (ITU-T H.264 §9.2.1).

/// nC for a luma or chroma AC block from the TotalCoeff of its left (A) and upper (B)
/// neighbouring blocks, `None` when that neighbour is not available (§9.2.1: outside the
/// picture or slice, or under constrained intra prediction an inter neighbour of an intra
/// block). A neighbour that is available but has no coefficients (P_Skip, or its cbp bit
/// clear) counts as 0, and an I_PCM neighbour as 16: the caller maps those.
///
/// Both available: (nA + nB + 1) >> 1; one: its count; neither: 0.
pub fn predict_nc(n_a: Option<u8>, n_b: Option<u8>) -> i32 {
    match (n_a, n_b) {
        (Some(a), Some(b)) => (i32::from(a) + i32::from(b) + 1) >> 1,
        (Some(a), None) => i32::from(a),
        (None, Some(b)) => i32::from(b),
        (None, None) => 0,
    }
}
