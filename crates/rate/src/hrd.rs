//! The hypothetical reference decoder's coded-picture buffer (the VBV): a leaky bucket that
//! fills at the channel rate and from which each frame's bits are removed whole at its
//! decode time (H.264 Annex C, HEVC Annex C).
//!
//! *Underflow* — a frame larger than the bits buffered when it is due — means a real decoder
//! fed at that rate would stall; the rate controller never lets a frame exceed
//! [`Hrd::fullness_at`]. In constant-bit-rate mode the channel never pauses, so the buffer
//! must not *overflow* either: frames that would leave it fuller than its capacity are padded
//! with filler data ([`Hrd::filler_needed`]). In variable-bit-rate mode the channel simply
//! stops while the buffer is full.

/// Buffer parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HrdParams {
    /// Rate bits enter the buffer, bits per second.
    pub bit_rate: f64,
    /// Capacity in bits.
    pub capacity: f64,
    /// Fullness when the first frame is due, bits.
    pub initial_fullness: f64,
    /// Constant bit rate: the channel never pauses (filler keeps the buffer from overflowing).
    pub constant: bool,
}

/// The buffer's state between frames.
#[derive(Clone, Debug)]
pub struct Hrd {
    params: HrdParams,
    /// Fullness right after the last removal (bits).
    after_last: f64,
    /// Decode time of the last removal.
    last_time: Option<f64>,
}

impl Hrd {
    /// A buffer at its initial fullness.
    pub fn new(params: HrdParams) -> Hrd {
        Hrd {
            params,
            after_last: params.initial_fullness,
            last_time: None,
        }
    }

    /// The parameters.
    pub fn params(&self) -> HrdParams {
        self.params
    }

    /// New rate or capacity from mid-stream reconfiguration: the bits already buffered stay
    /// (clipped to the new capacity).
    pub fn reconfigure(&mut self, bit_rate: f64, capacity: f64, constant: bool) {
        self.params.bit_rate = bit_rate;
        self.params.capacity = capacity;
        self.params.constant = constant;
        self.after_last = self.after_last.min(capacity);
    }

    /// Bits in the buffer when the frame at decode time `t` is due: the most that frame may
    /// take without underflow.
    pub fn fullness_at(&self, t: f64) -> f64 {
        match self.last_time {
            None => self.params.initial_fullness,
            Some(last) => (self.after_last + self.params.bit_rate * (t - last).max(0.0))
                .min(self.params.capacity),
        }
    }

    /// Filler bits a frame of `bits` at `t` needs so that the buffer does not overflow before
    /// the next frame, `next_interval` seconds later (constant bit rate only; 0 otherwise).
    pub fn filler_needed(&self, t: f64, bits: f64, next_interval: f64) -> f64 {
        if !self.params.constant {
            return 0.0;
        }
        let next = self.fullness_at(t) - bits + self.params.bit_rate * next_interval.max(0.0);
        (next - self.params.capacity).max(0.0)
    }

    /// Removes a frame of `bits` at decode time `t`; returns whether it underflowed.
    pub fn remove(&mut self, t: f64, bits: f64) -> bool {
        let full = self.fullness_at(t);
        self.after_last = (full - bits).max(0.0);
        self.last_time = Some(t);
        bits > full
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(constant: bool) -> HrdParams {
        HrdParams {
            bit_rate: 1000.0,
            capacity: 2000.0,
            initial_fullness: 1800.0,
            constant,
        }
    }

    #[test]
    fn the_buffer_fills_at_the_rate_up_to_its_capacity() {
        let mut h = Hrd::new(params(false));
        assert_eq!(h.fullness_at(0.0), 1800.0);
        assert!(!h.remove(0.0, 1500.0));
        assert!((h.fullness_at(0.1) - 400.0).abs() < 1e-9);
        assert_eq!(h.fullness_at(5.0), 2000.0);
        assert!(
            h.remove(0.2, 10_000.0),
            "a frame larger than the buffer underflows"
        );
    }

    #[test]
    fn constant_rate_needs_filler_exactly_when_the_buffer_would_overflow() {
        let h = Hrd::new(params(true));
        // 1800 − 100 + 1000 × 0.5 = 2200 > 2000: 200 bits of filler.
        assert!((h.filler_needed(0.0, 100.0, 0.5) - 200.0).abs() < 1e-9);
        assert_eq!(h.filler_needed(0.0, 400.0, 0.5), 0.0);
        assert_eq!(Hrd::new(params(false)).filler_needed(0.0, 100.0, 0.5), 0.0);
    }
}
