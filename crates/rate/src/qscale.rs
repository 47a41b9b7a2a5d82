//! The QP scale: H.264 and HEVC quantiser step sizes double every 6 QP, so rate models work
//! on the step size ("qscale") and convert at the edges.

/// Step size of `qp` (x264's convention: QP 12 ↔ 0.85), so that bits ≈ k / qscale.
pub fn qscale(qp: f64) -> f64 {
    0.85 * 2f64.powf((qp - 12.0) / 6.0)
}

/// The QP of step size `qscale` (inverse of [`qscale`]).
pub fn qp_of(qscale: f64) -> f64 {
    12.0 + 6.0 * (qscale.max(1e-9) / 0.85).log2()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_qp_double_the_step_and_the_conversions_are_inverse() {
        assert!((qscale(18.0) / qscale(12.0) - 2.0).abs() < 1e-12);
        for qp in [0.0, 10.5, 26.0, 51.0] {
            assert!((qp_of(qscale(qp)) - qp).abs() < 1e-9);
        }
    }
}
