//! Frame-size prediction: bits ≈ coefficient × (complexity + offset) / qscale, with the
//! coefficient learnt from the frames already coded (one predictor per frame kind).
//!
//! Why this shape: at a fixed quantiser the bits of a frame grow roughly linearly with its
//! prediction residual (the SATD estimate the encoder computes anyway), and halving the step
//! size roughly doubles them. The model is crude — the hard ceilings are enforced by
//! re-coding a frame that comes out too large, not by trusting the prediction — but it is
//! what lets the controller choose the first QP well.

/// A learnt size model for one kind of frame.
#[derive(Clone, Debug)]
pub struct SizePredictor {
    coefficient_sum: f64,
    weight: f64,
    /// Complexity added to every frame: keeps near-static frames from predicting zero bits
    /// (their size is headers and skip runs, not residual).
    offset: f64,
    decay: f64,
}

impl SizePredictor {
    /// A predictor starting from `prior` (bits × qscale per unit of complexity) with the
    /// weight of one observation; `offset` complexity is added to every frame.
    pub fn new(prior: f64, offset: f64) -> SizePredictor {
        SizePredictor {
            coefficient_sum: prior,
            weight: 1.0,
            offset,
            decay: 0.6,
        }
    }

    /// Predicted bits of a frame of `complexity` at step size `qscale`.
    pub fn predict(&self, complexity: f64, qscale: f64) -> f64 {
        self.coefficient() * (complexity.max(0.0) + self.offset) / qscale.max(1e-6)
    }

    /// The step size at which a frame of `complexity` is predicted to take `bits`.
    pub fn qscale_for(&self, complexity: f64, bits: f64) -> f64 {
        self.coefficient() * (complexity.max(0.0) + self.offset) / bits.max(1.0)
    }

    /// Learns from a coded frame.
    pub fn update(&mut self, complexity: f64, qscale: f64, bits: f64) {
        let c = complexity.max(0.0) + self.offset;
        if c <= 0.0 || bits <= 0.0 || !qscale.is_finite() {
            return;
        }
        let observed = bits * qscale / c;
        self.coefficient_sum = self.coefficient_sum * self.decay + observed;
        self.weight = self.weight * self.decay + 1.0;
    }

    fn coefficient(&self) -> f64 {
        self.coefficient_sum / self.weight
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_predictor_converges_on_a_consistent_source() {
        let mut p = SizePredictor::new(10.0, 0.0);
        for _ in 0..20 {
            p.update(1000.0, 4.0, 2000.0); // coefficient 8
        }
        assert!((p.predict(1000.0, 4.0) - 2000.0).abs() < 20.0);
        assert!((p.predict(1000.0, 8.0) - 1000.0).abs() < 10.0);
        assert!((p.qscale_for(1000.0, 2000.0) - 4.0).abs() < 0.05);
    }
}
