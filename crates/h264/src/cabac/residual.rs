//! `residual_block_cabac()` (§7.3.5.3.3): coded_block_flag, the significance map and the
//! levels of one transform block, with the contexts of §9.3.3.1.1.9 and §9.3.3.1.3.

use super::elements::exp_golomb_bypass;
use super::engine::BinEncoder;

/// ctxBlockCat (Table 9-42) of the 4:2:0 blocks framepress codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockCat {
    /// Intra16x16DCLevel (16 coefficients).
    LumaDc = 0,
    /// Intra16x16ACLevel (15).
    LumaAc = 1,
    /// LumaLevel4x4 (16).
    Luma4x4 = 2,
    /// ChromaDCLevel (4).
    ChromaDc = 3,
    /// ChromaACLevel (15).
    ChromaAc = 4,
    /// LumaLevel8x8 (64), of macroblocks with transform_size_8x8_flag.
    Luma8x8 = 5,
}

const CODED_BLOCK_FLAG: usize = 85;
const SIGNIFICANT: usize = 105;
const LAST_SIGNIFICANT: usize = 166;
const ABS_LEVEL: usize = 227;
/// ctxBlockCatOffset of significant/last_significant_coeff_flag and of
/// coeff_abs_level_minus1 (Table 9-40), by category.
const MAP_OFFSET: [usize; 5] = [0, 15, 29, 44, 47];
const LEVEL_OFFSET: [usize; 5] = [0, 10, 20, 30, 39];
/// ctxIdxOffset of the 8x8 blocks' significant_coeff_flag, last_significant_coeff_flag
/// (frame coded) and coeff_abs_level_minus1 (Table 9-34).
const SIGNIFICANT_8X8: usize = 402;
const LAST_SIGNIFICANT_8X8: usize = 417;
const ABS_LEVEL_8X8: usize = 426;

/// ctxIdxInc of significant_coeff_flag in a frame-coded 8x8 block, by scan position
/// (Table 9-43).
const SIG_INC_8X8: [u8; 63] = [
    0, 1, 2, 3, 4, 5, 5, 4, 4, 3, 3, 4, 4, 4, 5, 5, 4, 4, 4, 4, 3, 3, 6, 7, 7, 7, 8, 9, 10, 9, 8,
    7, 7, 6, 11, 12, 13, 11, 6, 7, 8, 9, 14, 10, 9, 8, 6, 11, 12, 13, 11, 6, 9, 14, 10, 9, 11, 12,
    13, 11, 14, 10, 12,
];

/// ctxIdxInc of last_significant_coeff_flag in an 8x8 block, by scan position (Table 9-43).
const LAST_INC_8X8: [u8; 63] = [
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7, 8, 8, 8,
];

/// Codes one block of levels in scan order (`levels.len()` = maxNumCoeff); `cbf_inc` is
/// condTermFlagA + 2·condTermFlagB of coded_block_flag. Returns coded_block_flag.
///
/// An 8x8 block ([`BlockCat::Luma8x8`]) has no coded_block_flag in 4:2:0 (§7.3.5.3.3: it
/// is inferred to be 1, coded_block_pattern having said the block has levels): the caller
/// codes it only when some level is non-zero.
pub fn residual_block<E: BinEncoder>(
    e: &mut E,
    cat: BlockCat,
    levels: &[i32],
    cbf_inc: usize,
) -> bool {
    let c = cat as usize;
    let last = levels.iter().rposition(|&l| l != 0);
    let is_8x8 = cat == BlockCat::Luma8x8;
    if !is_8x8 {
        e.decision(CODED_BLOCK_FLAG + 4 * c + cbf_inc, last.is_some());
    }
    let Some(last) = last else {
        debug_assert!(!is_8x8, "an 8x8 block without levels is not coded");
        return false;
    };
    // The significance map stops at the last coefficient; at position maxNumCoeff − 1
    // significance is inferred.
    for (i, &l) in levels[..levels.len() - 1].iter().enumerate() {
        let (sig, last_sig) = if is_8x8 {
            (
                SIGNIFICANT_8X8 + usize::from(SIG_INC_8X8[i]),
                LAST_SIGNIFICANT_8X8 + usize::from(LAST_INC_8X8[i]),
            )
        } else {
            // Chroma DC of 4:2:0 (NumC8x8 = 1): ctxIdxInc = Min(i, 2); otherwise the
            // position.
            let inc = if cat == BlockCat::ChromaDc {
                i.min(2)
            } else {
                i
            };
            (
                SIGNIFICANT + MAP_OFFSET[c] + inc,
                LAST_SIGNIFICANT + MAP_OFFSET[c] + inc,
            )
        };
        e.decision(sig, l != 0);
        if l != 0 {
            e.decision(last_sig, i == last);
            if i == last {
                break;
            }
        }
    }
    let base = if is_8x8 {
        ABS_LEVEL_8X8
    } else {
        ABS_LEVEL + LEVEL_OFFSET[c]
    };
    let gt1_cap = if cat == BlockCat::ChromaDc { 3 } else { 4 };
    let (mut gt1, mut eq1) = (0usize, 0usize);
    for &l in levels[..=last].iter().rev() {
        if l == 0 {
            continue;
        }
        let minus1 = l.unsigned_abs() - 1;
        // Prefix: TU with cMax 14.
        let first = if gt1 != 0 { 0 } else { (1 + eq1).min(4) };
        e.decision(base + first, minus1 > 0);
        if minus1 > 0 {
            let rest = base + 5 + gt1.min(gt1_cap);
            for _ in 1..minus1.min(14) {
                e.decision(rest, true);
            }
            if minus1 < 14 {
                e.decision(rest, false);
            } else {
                exp_golomb_bypass(e, minus1 - 14, 0);
            }
            gt1 += 1;
        } else {
            eq1 += 1;
        }
        e.bypass(l < 0);
    }
    true
}
