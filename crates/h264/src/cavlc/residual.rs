//! `residual_block_cavlc()` (ITU-T H.264 §7.3.5.3.2) from the encoder's side: the
//! coefficients of one block, in scan order, become coeff_token, the trailing-one signs,
//! the remaining levels, total_zeros and the run_before values (§9.2).

use framepress_bitstream::BitWriter;

use super::coeff_token::{Column, coeff_token_vlc};
use super::level::{level_code, next_suffix_length, put_level};
use super::run_before::run_before_vlc;
use super::sink::{BitCount, BitSink};
use super::total_zeros::total_zeros_vlc;

/// The most coefficients a CAVLC block can hold (a 4x4 block).
const MAX_COEFFS: usize = 16;

/// The values coded for one block, gathered in one pass over the coefficients.
struct Block {
    /// TotalCoeff: the number of non-zero coefficients.
    total_coeff: usize,
    /// TrailingOnes: how many of the last non-zero coefficients (at most 3) are ±1.
    trailing_ones: usize,
    /// Number of zeros before the last non-zero coefficient.
    total_zeros: usize,
    /// The non-zero levels from the highest scan position down (the order of
    /// levelVal in §7.3.5.3.2).
    levels: [i32; MAX_COEFFS],
    /// `runs[i]`: zeros immediately before `levels[i]` in scan order.
    runs: [u8; MAX_COEFFS],
}

impl Block {
    /// Gathers the coded values of `coeffs[..max_num_coeff]` (missing entries count as zero,
    /// entries past 16 are ignored).
    #[inline]
    fn new(coeffs: &[i32], max_num_coeff: usize) -> Block {
        let n = coeffs.len().min(max_num_coeff).min(MAX_COEFFS);
        let mut block = Block {
            total_coeff: 0,
            trailing_ones: 0,
            total_zeros: 0,
            levels: [0; MAX_COEFFS],
            runs: [0; MAX_COEFFS],
        };
        // Bit `pos` set for each non-zero coefficient: a branch-free pass, then one step per
        // non-zero coefficient rather than per position.
        let mut nonzero = 0u32;
        for (pos, &c) in coeffs[..n].iter().enumerate() {
            nonzero |= u32::from(c != 0) << pos;
        }
        let mut ones_run_open = true;
        // Scan position of the previous (higher) non-zero coefficient.
        let mut above = 0usize;
        while nonzero != 0 {
            let pos = (31 - nonzero.leading_zeros()) as usize;
            nonzero &= !(1 << pos);
            let c = coeffs[pos];
            let k = block.total_coeff;
            if k == 0 {
                block.total_zeros = pos + 1;
            } else {
                block.runs[k - 1] = (above - pos - 1) as u8;
            }
            block.levels[k] = c;
            if ones_run_open && k < 3 && c.unsigned_abs() == 1 {
                block.trailing_ones += 1;
            } else {
                ones_run_open = false;
            }
            block.total_coeff += 1;
            above = pos;
        }
        if block.total_coeff > 0 {
            block.runs[block.total_coeff - 1] = above as u8;
            block.total_zeros -= block.total_coeff;
        }
        block
    }

    /// Emits the syntax elements of `residual_block_cavlc()` into `sink`.
    #[inline]
    fn put<S: BitSink>(&self, sink: &mut S, column: Column, max_num_coeff: usize) {
        let (tc, t1) = (self.total_coeff, self.trailing_ones);
        sink.put_vlc(coeff_token_vlc(column, tc as u8, t1 as u8));
        if tc == 0 {
            return;
        }
        // trailing_ones_sign_flag: 1 for −1.
        for &level in &self.levels[..t1] {
            sink.put(u32::from(level < 0), 1);
        }
        let mut suffix_length = u32::from(tc > 10 && t1 < 3);
        for (i, &level) in self.levels[t1..tc].iter().enumerate() {
            let mut code = level_code(level);
            if i == 0 && t1 < 3 {
                // The decoder adds 2: this level cannot be ±1, or it would be a trailing one.
                code -= 2;
            }
            put_level(sink, code, suffix_length);
            suffix_length = next_suffix_length(suffix_length, level.unsigned_abs());
        }
        if tc < max_num_coeff {
            sink.put_vlc(total_zeros_vlc(max_num_coeff, tc, self.total_zeros));
        }
        let mut zeros_left = self.total_zeros;
        for &run in &self.runs[..tc - 1] {
            if zeros_left == 0 {
                break;
            }
            let run = usize::from(run);
            sink.put_vlc(run_before_vlc(zeros_left, run));
            zeros_left -= run;
        }
    }
}

/// Writes `residual_block_cavlc()` (§7.3.5.3.2, entropy coded per §9.2) for one block and
/// returns its TotalCoeff (the value neighbouring blocks predict nC from, §9.2.1).
///
/// * `coeffs`: the coefficient levels in scan order, `max_num_coeff` of them: 16 for a 4x4
///   block, 15 for an Intra16x16 AC or chroma AC block (scan positions 1..=15: the DC is not
///   part of the slice), 4 for 4:2:0 chroma DC (8 for 4:2:2 chroma DC). A shorter slice is
///   padded with zeros; entries past `max_num_coeff` (and past 16) are ignored.
/// * `nc`: the predicted nC of §9.2.1 (see [`predict_nc`](super::predict_nc)); −1 for 4:2:0
///   chroma DC, −2 for 4:2:2 chroma DC.
///
/// Any level an `i32` holds is representable: the largest use the level_prefix ≥ 16
/// escapes, which only the High-family profiles allow (§9.2.2.1); levels of magnitude at
/// most [`MAX_LEVEL_PREFIX_15`](super::MAX_LEVEL_PREFIX_15) never need them.
///
/// Arguments outside the syntax (nC = −1 with more than 4 non-zero coefficients, nC and
/// `max_num_coeff` describing different block kinds) give a non-conforming bitstream,
/// never a panic.
pub fn write_residual_block(
    w: &mut BitWriter,
    coeffs: &[i32],
    nc: i32,
    max_num_coeff: usize,
) -> u8 {
    let block = Block::new(coeffs, max_num_coeff);
    block.put(w, Column::of(nc), max_num_coeff);
    block.total_coeff as u8
}

/// The number of bits [`write_residual_block`] would write for the same arguments, without
/// writing them (for rate–distortion decisions).
pub fn residual_block_bits(coeffs: &[i32], nc: i32, max_num_coeff: usize) -> u32 {
    let block = Block::new(coeffs, max_num_coeff);
    let mut count = BitCount::default();
    block.put(&mut count, Column::of(nc), max_num_coeff);
    count.0
}
