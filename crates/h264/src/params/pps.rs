//! Picture parameter set (ITU-T H.264 §7.3.2.2).

use framepress_bitstream::BitWriter;

/// The PPS fields framepress writes (one slice group; explicit weighted prediction for P
/// slices at most).
#[derive(Clone, Debug, PartialEq)]
pub struct Pps {
    /// `pic_parameter_set_id`.
    pub id: u32,
    /// `seq_parameter_set_id`.
    pub sps_id: u32,
    /// `num_ref_idx_l0_default_active_minus1 + 1`.
    pub num_ref_idx_l0_default_active: u32,
    /// `pic_init_qp_minus26 + 26`.
    pub pic_init_qp: i32,
    /// `chroma_qp_index_offset`.
    pub chroma_qp_index_offset: i32,
    /// `constrained_intra_pred_flag`.
    pub constrained_intra_pred: bool,
    /// `entropy_coding_mode_flag`: CABAC (else CAVLC).
    pub cabac: bool,
    /// `transform_8x8_mode_flag` (High profiles): sent with the High-profile tail of the
    /// PPS (no scaling matrices, `second_chroma_qp_index_offset` = `chroma_qp_index_offset`).
    pub transform_8x8_mode: bool,
    /// `weighted_pred_flag`: P slices carry a pred_weight_table(); and
    /// weighted_bipred_idc 2: B slices weigh bi-prediction implicitly by picture order.
    pub weighted_pred: bool,
}

impl Pps {
    /// The PPS RBSP (without NAL header), including trailing bits.
    pub fn to_rbsp(&self) -> Vec<u8> {
        let mut w = BitWriter::with_capacity(16);
        w.write_ue(self.id);
        w.write_ue(self.sps_id);
        w.write_flag(self.cabac); // entropy_coding_mode_flag
        w.write_flag(false); // bottom_field_pic_order_in_frame_present_flag
        w.write_ue(0); // num_slice_groups_minus1
        w.write_ue(self.num_ref_idx_l0_default_active - 1);
        w.write_ue(0); // num_ref_idx_l1_default_active_minus1
        w.write_flag(self.weighted_pred); // weighted_pred_flag
        w.write_bits(if self.weighted_pred { 2 } else { 0 }, 2); // weighted_bipred_idc
        w.write_se(self.pic_init_qp - 26); // pic_init_qp_minus26
        w.write_se(0); // pic_init_qs_minus26
        w.write_se(self.chroma_qp_index_offset);
        w.write_flag(true); // deblocking_filter_control_present_flag
        w.write_flag(self.constrained_intra_pred);
        w.write_flag(false); // redundant_pic_cnt_present_flag
        if self.transform_8x8_mode {
            w.write_flag(true); // transform_8x8_mode_flag
            w.write_flag(false); // pic_scaling_matrix_present_flag
            w.write_se(self.chroma_qp_index_offset); // second_chroma_qp_index_offset
        }
        w.write_rbsp_trailing_bits();
        w.into_bytes()
    }
}
