//! Slices: the slice header (§7.3.3) and the macroblock loop (§7.3.4): with CAVLC,
//! `mb_skip_run`s between coded macroblocks; with CABAC, every macroblock's bins through one
//! arithmetic coder, each followed by `end_of_slice_flag`.

use framepress_bitstream::BitWriter;

use crate::cabac::{ArithmeticWriter, BinLog, ContextTable, Contexts};
use crate::frame::FrameParams;
use crate::mb::{Coded, MbBits, MbCoder};
use crate::params::sps::{LOG2_MAX_FRAME_NUM, LOG2_MAX_POC_LSB};

/// Writes `slice_header()` for our streams: one SPS, spatial or temporal direct prediction
/// in B slices, explicit weighted prediction in P slices when the PPS asks, deblocking on
/// with zero offsets; `dec_ref_pic_marking()` only for
/// reference pictures (§7.3.3: it is absent when nal_ref_idc is 0); `cabac_init_idc` 0 in
/// CABAC P slices.
pub fn write_slice_header(w: &mut BitWriter, first_mb: usize, p: &FrameParams, qp: u8) {
    w.write_ue(first_mb as u32);
    // slice_type: I, P or B, the same for the whole picture (+5).
    w.write_ue(if p.idr || p.intra {
        7
    } else if p.bipred {
        6
    } else {
        5
    });
    w.write_ue(p.pps_id); // pic_parameter_set_id
    w.write_bits(p.frame_num, LOG2_MAX_FRAME_NUM);
    if p.idr {
        w.write_ue(p.idr_pic_id);
    }
    if let Some(lsb) = p.poc_lsb {
        w.write_bits(lsb, LOG2_MAX_POC_LSB); // pic_order_cnt_lsb (no field pictures)
    }
    if p.bipred {
        w.write_flag(!p.uses_temporal_direct()); // direct_spatial_mv_pred_flag
    }
    if !(p.idr || p.intra) {
        // The PPS default is one reference per list; more are announced per slice.
        let active = p.num_ref_active.max(1);
        let active_l1 = if p.bipred {
            p.num_ref_active_l1.max(1)
        } else {
            1
        };
        let over = active > 1 || active_l1 > 1;
        w.write_flag(over); // num_ref_idx_active_override_flag
        if over {
            w.write_ue(active - 1); // num_ref_idx_l0_active_minus1
            if p.bipred {
                w.write_ue(active_l1 - 1); // num_ref_idx_l1_active_minus1
            }
        }
        match p.long_term_ref {
            Some(long_term_pic_num) => {
                w.write_flag(true); // ref_pic_list_modification_flag_l0
                w.write_ue(2); // modification_of_pic_nums_idc: a long-term picture
                w.write_ue(long_term_pic_num);
                w.write_ue(3); // end of the modifications
            }
            None if !p.short_term_order.is_empty() => {
                w.write_flag(true); // ref_pic_list_modification_flag_l0
                write_short_term_order(w, p.frame_num, &p.short_term_order);
            }
            None => w.write_flag(false), // ref_pic_list_modification_flag_l0
        }
        if p.bipred {
            w.write_flag(false); // ref_pic_list_modification_flag_l1
        }
        // pred_weight_table(): P slices of the weighted PPS.
        if !p.bipred
            && let Some(t) = &p.weights
        {
            t.write(w, p.num_ref_active.max(1));
        }
    }
    // dec_ref_pic_marking() (reference pictures only).
    if !p.reference {
        debug_assert!(!p.idr, "an IDR picture is always a reference");
    } else if p.idr {
        w.write_flag(false); // no_output_of_prior_pics_flag
        w.write_flag(p.long_term_idr); // long_term_reference_flag
    } else if p.marking.is_empty() {
        w.write_flag(false); // adaptive_ref_pic_marking_mode_flag: sliding window
    } else {
        w.write_flag(true); // adaptive_ref_pic_marking_mode_flag
        for op in &p.marking {
            let (code, value) = op.code();
            w.write_ue(code); // memory_management_control_operation
            w.write_ue(value);
        }
        w.write_ue(0); // end of the operations
    }
    if p.cabac && !(p.idr || p.intra) {
        w.write_ue(0); // cabac_init_idc
    }
    w.write_se(qp as i32 - 26); // slice_qp_delta (pic_init_qp = 26)
    w.write_ue(0); // disable_deblocking_filter_idc
    w.write_se(0); // slice_alpha_c0_offset_div2
    w.write_se(0); // slice_beta_offset_div2
}

/// The modification commands (§7.3.3.1, §8.2.4.3.1) that put the short-term pictures with
/// frame_num `order` at the front of the list, in that order. The commands step
/// picNumLXNoWrap, which for a frame is its frame_num (FrameNumWrap plus MaxFrameNum for
/// pictures before a wrap), from the current picture's frame_num.
fn write_short_term_order(w: &mut BitWriter, cur_frame_num: u32, order: &[u32]) {
    let mut pred = cur_frame_num;
    for &n in order {
        if n < pred {
            w.write_ue(0); // modification_of_pic_nums_idc: subtract
            w.write_ue(pred - n - 1); // abs_diff_pic_num_minus1
        } else {
            w.write_ue(1); // modification_of_pic_nums_idc: add
            w.write_ue(n - pred - 1);
        }
        pred = n;
    }
    w.write_ue(3); // end of the modifications
}

/// A coded slice.
pub struct CodedSlice {
    /// The slice RBSP (header, data, trailing bits).
    pub rbsp: Vec<u8>,
    /// The macroblock after the last one coded.
    pub next: usize,
    /// Bins the arithmetic coder coded (0 with CAVLC), for the `cabac_zero_word` rule.
    pub bins: u64,
}

/// Codes macroblocks `first..end` (or fewer, if `max_bytes` is reached) as one slice.
pub fn code_slice(
    coder: &mut MbCoder<'_>,
    first: usize,
    end: usize,
    p: &FrameParams,
    max_bytes: usize,
) -> CodedSlice {
    let mut w = BitWriter::with_capacity(4096);
    coder.start_slice();
    write_slice_header(&mut w, first, p, coder.slice_qp);
    if p.cabac {
        return code_slice_data_cabac(coder, w, first, end, max_bytes);
    }
    coder.cabac = None;
    let p_slice = coder.is_p();
    let mut skip_run = 0u32;
    let mut out = MbBits::Cavlc(BitWriter::new());
    let mut addr = first;
    while addr < end {
        let coded = coder.code(addr, &mut out);
        let MbBits::Cavlc(mb_w) = &out else {
            unreachable!("a CAVLC slice codes CAVLC macroblocks")
        };
        if coded == Coded::Written {
            if max_bytes > 0 && addr > first {
                // Estimated size after this macroblock (skip run, data, trailing bits).
                let extra = if p_slice {
                    crate::cost::ue_bits(skip_run) as u64
                } else {
                    0
                };
                let bits = w.bit_len() + extra + mb_w.bit_len() + 8;
                if bits.div_ceil(8) as usize > max_bytes {
                    break; // this macroblock starts the next slice (it is re-coded there)
                }
            }
            if p_slice {
                w.write_ue(skip_run);
                skip_run = 0;
            }
            w.append(mb_w);
        } else {
            skip_run += 1;
        }
        addr += 1;
    }
    if skip_run > 0 {
        w.write_ue(skip_run);
    }
    w.write_rbsp_trailing_bits();
    CodedSlice {
        rbsp: w.into_bytes(),
        next: addr,
        bins: 0,
    }
}

/// The CABAC `slice_data()`: alignment ones, then each macroblock's bins (decided on bits
/// counted from the engine's own state) and `end_of_slice_flag`.
fn code_slice_data_cabac(
    coder: &mut MbCoder<'_>,
    mut w: BitWriter,
    first: usize,
    end: usize,
    max_bytes: usize,
) -> CodedSlice {
    while !w.is_byte_aligned() {
        w.write_flag(true); // cabac_alignment_one_bit
    }
    let table = if coder.is_p() {
        ContextTable::Inter(0)
    } else {
        ContextTable::Intra
    };
    let mut engine = ArithmeticWriter::new(Contexts::new(table, coder.slice_qp), w);
    let mut out = MbBits::Cabac(BinLog::default(), 0);
    let mut addr = first;
    while addr < end {
        // The previous macroblock's end_of_slice_flag (0) is coded only once this one is
        // known to fit; the candidates are counted as if it had been.
        let mut base = engine.counter();
        if addr > first {
            crate::cabac::end_of_slice(&mut base, false);
            base.clear();
        }
        coder.cabac = Some(base);
        coder.code(addr, &mut out);
        let MbBits::Cabac(log, bits) = &out else {
            unreachable!("a CABAC slice codes CABAC macroblocks")
        };
        if max_bytes > 0 && addr > first {
            // Written bits, the pending flag, the macroblock, the flush and the alignment.
            let total = engine.bit_len() + u64::from(*bits) + 1 + 10 + 8;
            if total.div_ceil(8) as usize > max_bytes {
                break; // this macroblock starts the next slice (it is re-coded there)
            }
        }
        if addr > first {
            crate::cabac::end_of_slice(&mut engine, false);
        }
        engine.replay(log);
        addr += 1;
    }
    crate::cabac::end_of_slice(&mut engine, true);
    coder.cabac = None;
    let bins = engine.bin_count();
    let mut w = engine.into_bits();
    // The flush wrote rbsp_stop_one_bit; rbsp_alignment_zero_bits follow.
    w.align_zero();
    CodedSlice {
        rbsp: w.into_bytes(),
        next: addr,
        bins,
    }
}
