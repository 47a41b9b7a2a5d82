//! A tiny deterministic PRNG for randomised tests, so they need no dependency and every run
//! checks the same cases.

/// Marsaglia's xorshift64.
pub(crate) struct XorShift(u64);

impl XorShift {
    /// A generator from a seed; zero (a fixed point of xorshift) is replaced.
    pub(crate) fn new(seed: u64) -> XorShift {
        XorShift(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// The next pseudo-random 64-bit value.
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}
