//! Coding one picture: slices, macroblocks, deblocking.

use crate::cost::lambda;
use crate::deblock::{DeblockParams, deblock_picture};
use crate::mb::{MbCoder, PictureState, Reference};
use crate::mb_info::MbInfo;
use crate::mc::HalfPelPlanes;
use crate::nal::{NalType, nal_unit};
use crate::picture::Picture;
use crate::quant::ScalingTables;
use crate::slice::code_slice;

/// Picture-level decisions made by the encoder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameParams {
    /// An IDR picture.
    pub idr: bool,
    /// A non-IDR picture coded with I slices only.
    pub intra: bool,
    /// A reference picture (nal_ref_idc ≠ 0, kept for later pictures). Enhancement-layer
    /// pictures of temporal scalability are not: nothing predicts from them, so a receiver
    /// may drop them.
    pub reference: bool,
    /// frame_num.
    pub frame_num: u32,
    /// idr_pic_id (IDR only).
    pub idr_pic_id: u32,
    /// An IDR picture that becomes a long-term reference (`long_term_reference_flag`,
    /// `LongTermFrameIdx` 0).
    pub long_term_idr: bool,
    /// `dec_ref_pic_marking()` operations of a non-IDR reference picture (empty: the
    /// sliding window).
    pub marking: Vec<crate::dpb::Mmco>,
    /// Predict from the long-term picture with this `LongTermPicNum` only: it is moved to
    /// the head of RefPicList0 by `ref_pic_list_modification()` and is the one reference.
    pub long_term_ref: Option<u32>,
    /// pic_order_cnt_lsb when the SPS has POC type 0 (`None`: type 2, nothing written).
    pub poc_lsb: Option<u32>,
    /// Slice QP.
    pub qp: u8,
    /// Per-macroblock QP offsets from `qp` (raster order; adaptive quantisation), or
    /// `None`: every macroblock at `qp`.
    pub qp_offsets: Option<Vec<i8>>,
    /// Slices per picture (rows of macroblocks divided evenly).
    pub slice_count: u32,
    /// Target maximum slice size in bytes (0 = none).
    pub max_slice_bytes: u32,
    /// num_ref_idx_l0_active of P slices (the references passed in).
    pub num_ref_active: u32,
    /// Code every macroblock of a P picture as P_Skip: the smallest picture there is, used
    /// when rate control finds no QP at which the picture fits its ceiling.
    pub skip_all: bool,
    /// Intra-refresh constraints (a frame of a refresh sweep).
    pub refresh: Option<crate::mb::RefreshZone>,
    /// Entropy coding with CABAC (the PPS's entropy_coding_mode_flag), else CAVLC.
    pub cabac: bool,
    /// A B picture (B slices; `refs_l1` of [`encode_picture`] is RefPicList1).
    pub bipred: bool,
    /// num_ref_idx_l1_active of B slices.
    pub num_ref_active_l1: u32,
    /// The picture behind each list entry (deblocking compares pictures, not indices).
    pub ref_pic_ids: crate::deblock::RefPicIds,
    /// The PPS's transform_8x8_mode_flag: macroblocks may use the 8x8 transform.
    pub transform_8x8: bool,
    /// P pictures when the PPS sets weighted_pred_flag: the slices' pred_weight_table().
    pub weights: Option<crate::weighted::WeightTable>,
    /// B pictures when the PPS sets weighted_bipred_idc 2: the picture's PicOrderCnt.
    pub implicit_poc: Option<i32>,
    /// pic_parameter_set_id of the slices (1: the weighted-prediction PPS).
    pub pps_id: u32,
    /// P pictures: the frame_num of each RefPicList0 entry when the list is reordered
    /// from the default (ref_pic_list_modification() with short-term commands); empty
    /// for the default order.
    pub short_term_order: Vec<u32>,
    /// B pictures: temporal direct prediction (`direct_spatial_mv_pred_flag` 0) unless
    /// `skip_all` (see [`FrameParams::uses_temporal_direct`]).
    pub temporal_direct: bool,
    /// PicOrderCnt of the picture (B pictures' temporal direct; 0 otherwise).
    pub poc: i32,
    /// The speed level's analysis tools.
    pub tools: crate::speed::AnalysisTools,
}

impl FrameParams {
    /// Whether the B slices use temporal direct: when asked and not an all-skip picture,
    /// whose B_Skip macroblocks need direct motion that always exists (spatial).
    pub fn uses_temporal_direct(&self) -> bool {
        self.bipred && self.temporal_direct && !self.skip_all
    }
}

/// A coded picture.
pub struct CodedFrame {
    /// NAL units (header + escaped payload), in decoding order.
    pub nals: Vec<Vec<u8>>,
    /// The deblocked reconstruction (borders not yet extended).
    pub recon: Picture,
    /// Per-macroblock results (motion vectors for the next picture's predictors).
    pub mbs: Vec<MbInfo>,
}

/// A reference picture with what motion search needs of it.
pub struct RefFrame {
    /// The reconstructed, deblocked, border-extended picture.
    pub picture: Picture,
    /// Its half-sample planes.
    pub halfpel: HalfPelPlanes,
    /// Its macroblocks' motion vectors.
    pub mbs: Vec<MbInfo>,
    /// Its PicOrderCnt (short-term pictures; B pictures order their lists by it).
    pub poc: u32,
    /// PicOrderCnt of the entries of its RefPicList0 and RefPicList1 as it was coded (the
    /// pictures its blocks' reference indices address; temporal direct reads them).
    pub list_pocs: [Vec<u32>; 2],
}

/// Appends `cabac_zero_word`s to the picture's last slice when its CABAC bins exceed what
/// §7.4.2.10 allows for its size: BinCountsInNALunits ≤ 32/3 · NumBytesInVclNALunits +
/// RawMbBits · PicSizeInMbs / 32 (RawMbBits 3072 for 8-bit 4:2:0). Only pathological
/// pictures reach it (the second term alone allows 96 bins per macroblock).
fn pad_cabac_zero_words(nals: &mut [Vec<u8>], bins: u64, mbs: usize) {
    let allowance = 3072 * mbs as u64 / 32;
    let needed = (3 * bins.saturating_sub(allowance)).div_ceil(32);
    let have: u64 = nals.iter().map(|n| n.len() as u64).sum();
    if needed > have
        && let Some(last) = nals.last_mut()
    {
        // Each cabac_zero_word (0x0000) enters the NAL unit with its emulation prevention
        // byte: 0x000003.
        for _ in 0..(needed - have).div_ceil(3) {
            last.extend_from_slice(&[0, 0, 3]);
        }
    }
}

/// Codes `src` as one picture.
/// `refs` is RefPicList0 (ignored for I pictures), `refs_l1` RefPicList1 (B pictures only).
pub fn encode_picture(
    src: &Picture,
    refs: &[&RefFrame],
    refs_l1: &[&RefFrame],
    p: &FrameParams,
    scaling: &ScalingTables,
) -> CodedFrame {
    fn reference<'r>(r: &&'r RefFrame) -> Reference<'r> {
        Reference {
            picture: &r.picture,
            halfpel: &r.halfpel,
            mbs: &r.mbs,
            weights: Default::default(),
            poc: r.poc as i32,
            list_pocs: &r.list_pocs,
        }
    }
    let (mbw, mbh) = (src.mb_width(), src.mb_height());
    let total = mbw * mbh;
    let mut recon = Picture::new(mbw, mbh);
    let mut state = PictureState::new(mbw, mbh);
    let mut rbsps = Vec::new();
    let mut bins = 0u64;
    let nal_type = if p.idr {
        NalType::IdrSlice
    } else {
        NalType::Slice
    };
    let slices = (p.slice_count.max(1) as usize).min(total);
    let mut deblock = Vec::new();
    let mut first = 0usize;
    let mut planned = 1usize;
    while first < total {
        // The planned end of this slice: an even split of the picture by macroblock count.
        let end = (total * planned / slices).max(first + 1);
        let slice_id = deblock.len() as u16;
        deblock.push(DeblockParams {
            ref_pic_ids: p.ref_pic_ids,
            ..DeblockParams::default()
        });
        let mut coder = MbCoder {
            src,
            recon: &mut recon,
            refs: if p.idr || p.intra {
                Vec::new()
            } else {
                refs.iter()
                    .take(p.num_ref_active.max(1) as usize)
                    .map(reference)
                    .enumerate()
                    .map(|(i, mut r)| {
                        if let Some(t) = &p.weights {
                            r.weights = t.get(i);
                        }
                        r
                    })
                    .collect()
            },
            refs_l1: if p.bipred {
                refs_l1
                    .iter()
                    .take(p.num_ref_active_l1.max(1) as usize)
                    .map(reference)
                    .collect()
            } else {
                Vec::new()
            },
            state: &mut state,
            slice_first: first,
            slice: slice_id,
            qp: p.qp,
            lambda: lambda(p.qp),
            slice_qp: p.qp,
            qp_offsets: p.qp_offsets.as_deref(),
            qp_pred: p.qp,
            prev_qp_delta_nonzero: false,
            skip_all: p.skip_all,
            refresh: p.refresh,
            cabac: None,
            transform_8x8: p.transform_8x8,
            implicit_poc: p.implicit_poc,
            temporal_direct: p.uses_temporal_direct(),
            poc: p.poc,
            scaling,
            tools: p.tools,
        };
        let slice = code_slice(&mut coder, first, end, p, p.max_slice_bytes as usize);
        bins += slice.bins;
        rbsps.push(slice.rbsp);
        if slice.next >= end {
            planned += 1;
        }
        first = slice.next;
    }
    let mut nals: Vec<Vec<u8>> = rbsps
        .iter()
        .map(|rbsp| nal_unit(if p.reference { 3 } else { 0 }, nal_type, rbsp))
        .collect();
    pad_cabac_zero_words(&mut nals, bins, total);
    deblock_picture(&mut recon, &state.mbs, &deblock);
    CodedFrame {
        nals,
        recon,
        mbs: state.mbs,
    }
}
