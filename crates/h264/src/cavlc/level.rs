//! Coefficient levels other than trailing ones: `level_prefix` and `level_suffix`
//! (ITU-T H.264 §9.2.2, §9.2.2.1), written as the inverse of the decoding process there.
//!
//! A level is first mapped to the non-negative levelCode (even codes positive levels,
//! odd codes negative ones). levelCode is then split into a unary `level_prefix` and a
//! `level_suffix` of levelSuffixSize bits, where levelSuffixSize is suffixLength except for
//! two escapes: suffixLength 0 with level_prefix 14 (a 4-bit suffix), and level_prefix ≥ 15
//! (a suffix of level_prefix − 3 bits, level_prefix ≥ 16 reaching the largest levels).
//! suffixLength starts at 0 (1 when TotalCoeff > 10 and TrailingOnes < 3) and grows as
//! levels get larger.

use super::sink::BitSink;

/// levelCode of a non-zero `level` (the inverse of levelVal's derivation in §9.2.2.1):
/// 2·level − 2 for positive levels, −2·level − 1 for negative ones.
#[inline]
pub(crate) fn level_code(level: i32) -> u64 {
    let magnitude = u64::from(level.unsigned_abs());
    if level > 0 {
        2 * magnitude - 2
    } else {
        2 * magnitude - 1
    }
}

/// The suffixLength to use for the level after one of magnitude `magnitude` coded with
/// `suffix_length` (the last two steps of §9.2.2.1).
#[inline]
pub(crate) fn next_suffix_length(suffix_length: u32, magnitude: u32) -> u32 {
    let sl = suffix_length.max(1);
    if sl < 6 && u64::from(magnitude) > (3u64 << (sl - 1)) {
        sl + 1
    } else {
        sl
    }
}

/// Writes `level_prefix` and `level_suffix` for `code`, the levelCode after any −2
/// adjustment of the first non-trailing-one level (applied by the caller), with the current
/// `suffix_length` (0..=6).
#[inline]
pub(crate) fn put_level<S: BitSink>(sink: &mut S, code: u64, suffix_length: u32) {
    if suffix_length == 0 {
        // levelSuffixSize 0 for level_prefix < 14; 4 for level_prefix 14.
        if code < 14 {
            sink.put_unary(code as u32);
        } else if code < 30 {
            sink.put_unary(14);
            sink.put((code - 14) as u32, 4);
        } else {
            // level_prefix ≥ 15 with suffixLength 0 adds 15 to levelCode.
            put_escape(sink, code - 30);
        }
    } else {
        let regular = 15u64 << suffix_length;
        if code < regular {
            sink.put_unary((code >> suffix_length) as u32);
            sink.put(code as u32 & ((1 << suffix_length) - 1), suffix_length);
        } else {
            put_escape(sink, code - regular);
        }
    }
}

/// Writes a level_prefix ≥ 15 escape carrying `excess`, the amount of levelCode beyond what
/// level_prefix 15 with a zero suffix stands for. With level_prefix = p ≥ 15 the decoder
/// adds level_suffix (p − 3 bits) and, from p = 16 on, (1 << (p − 3)) − 4096; so p covers
/// excess in [2^(p−3) − 4096, 2^(p−2) − 4096) (for p = 15: [0, 4096)).
#[inline]
fn put_escape<S: BitSink>(sink: &mut S, excess: u64) {
    let shifted = excess + 4096;
    let mut prefix = 15u32;
    while shifted >= 1u64 << (prefix - 2) {
        prefix += 1;
    }
    let suffix = shifted - (1u64 << (prefix - 3));
    sink.put_unary(prefix);
    let size = prefix - 3;
    if size > 32 {
        sink.put((suffix >> 32) as u32, size - 32);
        sink.put(suffix as u32, 32);
    } else {
        sink.put(suffix as u32, size);
    }
}
