//! Film-grain-like noise: small, triangular-distributed, different every frame and row.

use crate::rng::{XorShift64, splitmix64};

/// Noise for each 8-bit random value: the sum of its two 4-bit halves minus 15, which is
/// triangular in −15..=15 like real grain clustered around zero, divided by `divisor`.
const fn noise_table(divisor: i32) -> [i16; 256] {
    let mut table = [0i16; 256];
    let mut i = 0;
    while i < 256 {
        let n = (i & 15) as i32 + (i >> 4) as i32 - 15;
        table[i] = (n / divisor) as i16;
        i += 1;
    }
    table
}

/// Grain strength: ±3 in luma.
pub(crate) const LUMA_GRAIN: [i16; 256] = noise_table(5);
/// Grain strength: ±1 in chroma.
pub(crate) const CHROMA_GRAIN: [i16; 256] = noise_table(8);

/// The generator for one row of one plane of one frame: seeded from all four, so any row of
/// any frame can be rendered on its own.
pub(crate) fn row_rng(seed: u64, frame: u64, plane: u64, row: usize) -> XorShift64 {
    let frame_key = splitmix64(frame ^ (plane << 60));
    XorShift64::new(seed ^ frame_key ^ (row as u64).wrapping_mul(0x9FB2_1C65_1E98_DF25))
}

/// Adds noise from `table` to `row` and clamps to `lo..=hi` (the video range, which also
/// makes every sample legal whatever the layers below produced).
pub(crate) fn add_grain(row: &mut [u8], rng: &mut XorShift64, table: &[i16; 256], lo: u8, hi: u8) {
    let (lo, hi) = (i16::from(lo), i16::from(hi));
    for chunk in row.chunks_mut(8) {
        let bits = rng.next_u64().to_le_bytes();
        for (px, b) in chunk.iter_mut().zip(bits) {
            *px = (i16::from(*px) + table[usize::from(b)]).clamp(lo, hi) as u8;
        }
    }
}
