//! Binarisation (§9.3.2) and context selection (§9.3.3.1.2, Table 9-39) of the macroblock
//! syntax elements other than residual blocks. Each function codes one element given the
//! `ctxIdxInc` its neighbours determine (computed by the caller, which knows them).

use super::engine::BinEncoder;

/// ctxIdxOffset of `mb_type` in I slices.
const MB_TYPE_I: usize = 3;
/// ctxIdxOffset of `mb_skip_flag` in P slices.
const MB_SKIP_P: usize = 11;
/// ctxIdxOffset of the `mb_type` prefix in P slices.
const MB_TYPE_P_PREFIX: usize = 14;
/// ctxIdxOffset of the `mb_type` suffix (intra types) in P slices.
const MB_TYPE_P_SUFFIX: usize = 17;
/// ctxIdxOffset of `sub_mb_type` in P slices.
const SUB_MB_TYPE_P: usize = 21;
/// ctxIdxOffset of `mb_skip_flag` in B slices.
const MB_SKIP_B: usize = 24;
/// ctxIdxOffset of the `mb_type` prefix in B slices.
const MB_TYPE_B_PREFIX: usize = 27;
/// ctxIdxOffset of the `mb_type` suffix (intra types) in B slices.
const MB_TYPE_B_SUFFIX: usize = 32;
/// ctxIdxOffsets of `mvd_lX[][][0]` and `mvd_lX[][][1]`.
const MVD: [usize; 2] = [40, 47];
/// ctxIdxOffset of `ref_idx_lX`.
const REF_IDX: usize = 54;
/// ctxIdxOffset of `mb_qp_delta`.
const MB_QP_DELTA: usize = 60;
/// ctxIdxOffset of `intra_chroma_pred_mode`.
const INTRA_CHROMA_PRED_MODE: usize = 64;
/// ctxIdx of `prev_intra4x4_pred_mode_flag` and `rem_intra4x4_pred_mode`.
const PREV_INTRA_PRED_FLAG: usize = 68;
const REM_INTRA_PRED_MODE: usize = 69;
/// ctxIdxOffsets of the luma prefix and chroma suffix of `coded_block_pattern`.
const CBP_LUMA: usize = 73;
const CBP_CHROMA: usize = 77;

/// An Intra_16x16 macroblock type: prediction mode, chroma and luma coded_block_pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct I16x16Type {
    /// Intra16x16PredMode (0..=3).
    pub pred_mode: u8,
    /// CodedBlockPatternChroma (0..=2).
    pub cbp_chroma: u8,
    /// CodedBlockPatternLuma is 15 (else 0).
    pub cbp_luma: bool,
}

/// The bins after the first of an I-slice or P-slice intra `mb_type` (Table 9-36): the
/// terminating I_PCM bin, then luma, chroma and prediction mode; `ctx` gives the context
/// of each bin by its index (Table 9-39 differs between the two offsets).
fn i16x16_bins<E: BinEncoder>(e: &mut E, t: I16x16Type, ctx: impl Fn(usize) -> usize) {
    e.terminate(false); // not I_PCM
    e.decision(ctx(2), t.cbp_luma);
    e.decision(ctx(3), t.cbp_chroma != 0);
    if t.cbp_chroma != 0 {
        e.decision(ctx(4), t.cbp_chroma == 2);
    }
    // The mode's two bins: binIdx 4 and 5 without chroma, 5 and 6 with it; their contexts
    // are the same either way, so they are named by the latter here.
    e.decision(ctx(5), t.pred_mode & 2 != 0);
    e.decision(ctx(6), t.pred_mode & 1 != 0);
}

/// `mb_type` of an I slice: `None` for I_NxN, else an Intra_16x16 type. `inc` is the
/// number of available neighbours (A, B) that are not I_NxN (§9.3.3.1.1.3).
pub fn mb_type_i<E: BinEncoder>(e: &mut E, inc: usize, t: Option<I16x16Type>) {
    e.decision(MB_TYPE_I + inc, t.is_some());
    if let Some(t) = t {
        // binIdx 2: 3+3, 3: 3+4, 4 (chroma 2): 3+5, then 3+6 and 3+7 for the mode bins.
        i16x16_bins(e, t, |bin| MB_TYPE_I + bin + 1);
    }
}

/// `mb_type` of an intra macroblock in a P slice: the prefix "1" and the I-slice
/// binarisation as suffix with its own contexts (no neighbour dependence).
pub fn mb_type_p_intra<E: BinEncoder>(e: &mut E, t: Option<I16x16Type>) {
    e.decision(MB_TYPE_P_PREFIX, true);
    intra_suffix(e, MB_TYPE_P_SUFFIX, t);
}

/// The intra suffix of a P- or B-slice `mb_type`: the I-slice binarisation with the
/// contexts at `offset` (no neighbour dependence).
fn intra_suffix<E: BinEncoder>(e: &mut E, offset: usize, t: Option<I16x16Type>) {
    e.decision(offset, t.is_some());
    if let Some(t) = t {
        i16x16_bins(e, t, |bin| {
            offset
                + match bin {
                    2 => 1,
                    3 | 4 => 2,
                    _ => 3,
                }
        });
    }
}

/// The four bins after "11" of a B-slice `mb_type` prefix (Table 9-37), most significant
/// first; the first has its own context.
fn b_prefix_bits<E: BinEncoder>(e: &mut E, bits: u8, count: u32) {
    for i in (0..count).rev() {
        let ctx = if i == count - 1 { 4 } else { 5 };
        e.decision(MB_TYPE_B_PREFIX + ctx, (bits >> i) & 1 == 1);
    }
}

/// `mb_type` of an inter macroblock in a B slice (Table 7-14 numbering: 0 B_Direct_16x16,
/// 1..=3 the 16x16 types, 4..=21 the 16x8/8x16 pairs, 22 B_8x8). `inc` counts the available
/// neighbours that are neither B_Skip nor B_Direct_16x16 (§9.3.3.1.1.3).
pub fn mb_type_b_inter<E: BinEncoder>(e: &mut E, inc: usize, mb_type: u8) {
    e.decision(MB_TYPE_B_PREFIX + inc, mb_type != 0);
    if mb_type == 0 {
        return;
    }
    e.decision(MB_TYPE_B_PREFIX + 3, mb_type > 2);
    match mb_type {
        1 | 2 => e.decision(MB_TYPE_B_PREFIX + 5, mb_type == 2),
        3..=10 => b_prefix_bits(e, mb_type - 3, 4),
        11 => b_prefix_bits(e, 0b1110, 4),
        22 => b_prefix_bits(e, 0b1111, 4),
        _ => b_prefix_bits(e, mb_type + 4, 5),
    }
}

/// `mb_type` of an intra macroblock in a B slice: the prefix "111101", then the intra
/// suffix.
pub fn mb_type_b_intra<E: BinEncoder>(e: &mut E, inc: usize, t: Option<I16x16Type>) {
    e.decision(MB_TYPE_B_PREFIX + inc, true);
    e.decision(MB_TYPE_B_PREFIX + 3, true);
    b_prefix_bits(e, 0b1101, 4);
    intra_suffix(e, MB_TYPE_B_SUFFIX, t);
}

/// `mb_type` of an inter macroblock in a P slice: 0 P_L0_16x16, 1 P_L0_L0_16x8,
/// 2 P_L0_L0_8x16, 3 P_8x8 (Table 9-37).
pub fn mb_type_p_inter<E: BinEncoder>(e: &mut E, mb_type: u8) {
    e.decision(MB_TYPE_P_PREFIX, false);
    match mb_type {
        0 | 3 => {
            e.decision(MB_TYPE_P_PREFIX + 1, false);
            e.decision(MB_TYPE_P_PREFIX + 2, mb_type == 3);
        }
        _ => {
            e.decision(MB_TYPE_P_PREFIX + 1, true);
            e.decision(MB_TYPE_P_PREFIX + 3, mb_type == 1);
        }
    }
}

/// `sub_mb_type` of a P macroblock: 0 P_L0_8x8, 1 8x4, 2 4x8, 3 4x4.
pub fn sub_mb_type_p<E: BinEncoder>(e: &mut E, t: u8) {
    e.decision(SUB_MB_TYPE_P, t == 0);
    if t != 0 {
        e.decision(SUB_MB_TYPE_P + 1, t != 1);
        if t != 1 {
            e.decision(SUB_MB_TYPE_P + 2, t == 2);
        }
    }
}

/// `mb_skip_flag` of a P slice; `inc` counts the available, non-skipped neighbours.
pub fn mb_skip_flag_p<E: BinEncoder>(e: &mut E, inc: usize, skip: bool) {
    e.decision(MB_SKIP_P + inc, skip);
}

/// `mb_skip_flag` of a B slice; `inc` counts the available, non-skipped neighbours.
pub fn mb_skip_flag_b<E: BinEncoder>(e: &mut E, inc: usize, skip: bool) {
    e.decision(MB_SKIP_B + inc, skip);
}

/// `ref_idx_lX` (unary); `inc` = condTermFlagA + 2·condTermFlagB (§9.3.3.1.1.6).
pub fn ref_idx<E: BinEncoder>(e: &mut E, inc: usize, value: u32) {
    for i in 0..value {
        let c = match i {
            0 => inc,
            1 => 4,
            _ => 5,
        };
        e.decision(REF_IDX + c, true);
    }
    let c = match value {
        0 => inc,
        1 => 4,
        _ => 5,
    };
    e.decision(REF_IDX + c, false);
}

/// ctxIdxInc of the first `mvd` bin from the sum of the neighbours' absolute mvd
/// components (§9.3.3.1.1.7).
pub fn mvd_inc(abs_sum: u32) -> usize {
    match abs_sum {
        0..=2 => 0,
        3..=32 => 1,
        _ => 2,
    }
}

/// One component of `mvd_lX` (UEG3, signed, uCoff 9); `inc` from [`mvd_inc`].
pub fn mvd<E: BinEncoder>(e: &mut E, component: usize, inc: usize, value: i32) {
    let base = MVD[component];
    let abs = value.unsigned_abs();
    let prefix = abs.min(9);
    for i in 0..prefix {
        e.decision(base + mvd_bin_inc(i, inc), true);
    }
    if prefix < 9 {
        e.decision(base + mvd_bin_inc(prefix, inc), false);
    } else {
        exp_golomb_bypass(e, abs - 9, 3);
    }
    if abs != 0 {
        e.bypass(value < 0);
    }
}

/// ctxIdxInc of `mvd` prefix bin `bin`.
fn mvd_bin_inc(bin: u32, first: usize) -> usize {
    match bin {
        0 => first,
        1 => 3,
        2 => 4,
        3 => 5,
        _ => 6,
    }
}

/// The k-th order Exp-Golomb suffix of a UEGk binarisation (§9.3.2.3), in bypass bins.
pub fn exp_golomb_bypass<E: BinEncoder>(e: &mut E, mut value: u32, mut k: u32) {
    while value >= (1 << k) {
        e.bypass(true);
        value -= 1 << k;
        k += 1;
    }
    e.bypass(false);
    e.bypass_bits(value, k);
}

/// `transform_size_8x8_flag` (ctxIdx 399 + `inc`, §9.3.3.1.1.10): `inc` counts the
/// available neighbours A and B that use the 8x8 transform.
pub fn transform_size_8x8_flag<E: BinEncoder>(e: &mut E, inc: usize, flag: bool) {
    e.decision(399 + inc, flag);
}

/// `mb_qp_delta`; `prev_nonzero`: the previous macroblock of the slice (in decoding order)
/// sent a non-zero mb_qp_delta (§9.3.3.1.1.5).
pub fn mb_qp_delta<E: BinEncoder>(e: &mut E, prev_nonzero: bool, value: i32) {
    // Mapped as Table 9-3 (se(v) codeNum), then unary.
    let mapped = if value > 0 {
        2 * value as u32 - 1
    } else {
        2 * value.unsigned_abs()
    };
    for i in 0..=mapped {
        let c = match i {
            0 => usize::from(prev_nonzero),
            1 => 2,
            _ => 3,
        };
        e.decision(MB_QP_DELTA + c, i < mapped);
    }
}

/// `intra_chroma_pred_mode` (TU, cMax 3); `inc` counts the available intra neighbours
/// with a non-zero mode (§9.3.3.1.1.8).
pub fn intra_chroma_pred_mode<E: BinEncoder>(e: &mut E, inc: usize, mode: u8) {
    e.decision(INTRA_CHROMA_PRED_MODE + inc, mode > 0);
    if mode > 0 {
        e.decision(INTRA_CHROMA_PRED_MODE + 3, mode > 1);
        if mode > 1 {
            e.decision(INTRA_CHROMA_PRED_MODE + 3, mode > 2);
        }
    }
}

/// `prev_intra4x4_pred_mode_flag` and, when it is 0, `rem_intra4x4_pred_mode` (three bins,
/// least significant first).
pub fn intra4x4_pred_mode<E: BinEncoder>(e: &mut E, rem: Option<u8>) {
    e.decision(PREV_INTRA_PRED_FLAG, rem.is_none());
    if let Some(r) = rem {
        for i in 0..3 {
            e.decision(REM_INTRA_PRED_MODE, (r >> i) & 1 == 1);
        }
    }
}

/// `coded_block_pattern`, given the neighbours' patterns (`None`: not available;
/// a skipped neighbour has pattern 0) (§9.3.3.1.1.4).
pub fn coded_block_pattern<E: BinEncoder>(e: &mut E, cbp: u8, left: Option<u8>, top: Option<u8>) {
    // An unavailable neighbour counts as "coded" for luma and "none" for chroma.
    let (left, top) = (left.unwrap_or(0x0F), top.unwrap_or(0x0F));
    let bit = |p: u8, b: usize| (p >> b) & 1 == 1;
    let mut coded = 0u8;
    for b8 in 0..4 {
        // 8x8 neighbours: A left, B above (within this macroblock where they are in it).
        let a = if b8 % 2 == 1 {
            bit(coded, b8 - 1)
        } else {
            bit(left, b8 + 1)
        };
        let b = if b8 >= 2 {
            bit(coded, b8 - 2)
        } else {
            bit(top, b8 + 2)
        };
        let inc = usize::from(!a) + 2 * usize::from(!b);
        let v = bit(cbp, b8);
        e.decision(CBP_LUMA + inc, v);
        if v {
            coded |= 1 << b8;
        }
    }
    let chroma = cbp >> 4;
    let (ca, cb) = (left >> 4, top >> 4);
    let inc = usize::from(ca != 0) + 2 * usize::from(cb != 0);
    e.decision(CBP_CHROMA + inc, chroma != 0);
    if chroma != 0 {
        let inc = 4 + usize::from(ca == 2) + 2 * usize::from(cb == 2);
        e.decision(CBP_CHROMA + inc, chroma == 2);
    }
}

/// `end_of_slice_flag`.
pub fn end_of_slice<E: BinEncoder>(e: &mut E, last: bool) {
    e.terminate(last);
}
