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
}

const CODED_BLOCK_FLAG: usize = 85;
const SIGNIFICANT: usize = 105;
const LAST_SIGNIFICANT: usize = 166;
const ABS_LEVEL: usize = 227;
/// ctxBlockCatOffset of significant/last_significant_coeff_flag and of
/// coeff_abs_level_minus1 (Table 9-40), by category.
const MAP_OFFSET: [usize; 5] = [0, 15, 29, 44, 47];
const LEVEL_OFFSET: [usize; 5] = [0, 10, 20, 30, 39];

/// Codes one block of levels in scan order (`levels.len()` = maxNumCoeff); `cbf_inc` is
/// condTermFlagA + 2·condTermFlagB of coded_block_flag. Returns coded_block_flag.
pub fn residual_block<E: BinEncoder>(
    e: &mut E,
    cat: BlockCat,
    levels: &[i32],
    cbf_inc: usize,
) -> bool {
    let c = cat as usize;
    let last = levels.iter().rposition(|&l| l != 0);
    e.decision(CODED_BLOCK_FLAG + 4 * c + cbf_inc, last.is_some());
    let Some(last) = last else {
        return false;
    };
    let (sig, last_sig) = (
        SIGNIFICANT + MAP_OFFSET[c],
        LAST_SIGNIFICANT + MAP_OFFSET[c],
    );
    // The significance map stops at the last coefficient; at position maxNumCoeff − 1
    // significance is inferred.
    for (i, &l) in levels[..levels.len() - 1].iter().enumerate() {
        // Chroma DC of 4:2:0 (NumC8x8 = 1): ctxIdxInc = Min(i, 2); otherwise the position.
        let inc = if cat == BlockCat::ChromaDc {
            i.min(2)
        } else {
            i
        };
        e.decision(sig + inc, l != 0);
        if l != 0 {
            e.decision(last_sig + inc, i == last);
            if i == last {
                break;
            }
        }
    }
    let base = ABS_LEVEL + LEVEL_OFFSET[c];
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
