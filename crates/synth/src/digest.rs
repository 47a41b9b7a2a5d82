//! A content fingerprint for pinning generated frames in tests.

use framepress_core::PixelBuffer;

const FNV_OFFSET: u64 = 0xCBF2_9CE4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01B3;

/// FNV-1a 64 over the visible bytes of every plane, in plane then row order (row padding
/// excluded, so the digest depends only on the picture). Not cryptographic: it exists to
/// notice that generated content changed, e.g. to enforce [`SYNTH_VERSION`](crate::SYNTH_VERSION).
pub fn frame_digest(buf: &PixelBuffer) -> u64 {
    let mut hash = FNV_OFFSET;
    for plane in (0..buf.plane_count()).filter_map(|i| buf.plane(i)) {
        for row in plane.rows() {
            for &byte in row {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(FNV_PRIME);
            }
        }
    }
    hash
}
