//! Small integer PRNGs, written here so the noise is identical on every platform and never
//! changes with a dependency update.

/// SplitMix64 finaliser: a strong 64-bit mix, used to derive independent seeds.
pub(crate) const fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// xorshift64*: fast, good enough for grain, and seedable per row for random access.
pub(crate) struct XorShift64(u64);

impl XorShift64 {
    /// A generator whose stream depends on all bits of `seed`.
    pub(crate) fn new(seed: u64) -> XorShift64 {
        // The state must be non-zero.
        XorShift64(splitmix64(seed) | 1)
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}
