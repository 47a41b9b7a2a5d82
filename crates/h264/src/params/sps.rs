//! Sequence parameter set (ITU-T H.264 §7.3.2.1.1).

use framepress_bitstream::BitWriter;

use super::scaling_matrix::write_seq_scaling_matrix;
use super::vui::Vui;
use crate::quant::ScalingLists;

/// `log2_max_frame_num_minus4` framepress uses: frame_num counts modulo 256.
pub const LOG2_MAX_FRAME_NUM: u32 = 8;

/// `log2_max_pic_order_cnt_lsb_minus4 + 4` when pictures carry their POC (type 0): the
/// POC counts two per frame modulo 256, so up to 63 frames may lie between references.
pub const LOG2_MAX_POC_LSB: u32 = 8;

/// The SPS fields framepress writes (4:2:0 8-bit, frames only).
#[derive(Clone, Debug, PartialEq)]
pub struct Sps {
    /// `profile_idc` (66 Baseline, 77 Main, 100 High).
    pub profile_idc: u8,
    /// constraint_set0..5 flags as the 8-bit field (bit 7 = set0).
    pub constraint_flags: u8,
    /// `level_idc`.
    pub level_idc: u8,
    /// `seq_parameter_set_id`.
    pub id: u32,
    /// `max_num_ref_frames`.
    pub max_num_ref_frames: u32,
    /// `pic_order_cnt_type` 0 (each slice carries `pic_order_cnt_lsb`, with
    /// [`LOG2_MAX_POC_LSB`] bits) instead of 2 (POC derived from frame_num). Type 2 cannot
    /// carry two non-reference pictures in a row (§7.4.2.1.1), which temporal layers make.
    pub explicit_poc: bool,
    /// Width in macroblocks.
    pub mb_width: u32,
    /// Height in macroblocks.
    pub mb_height: u32,
    /// Cropping in luma pixels (left, right, top, bottom); each even for 4:2:0.
    pub crop: (u32, u32, u32, u32),
    /// VUI.
    pub vui: Option<Vui>,
    /// Scaling matrices (High profiles only; flat sends none).
    pub scaling: ScalingLists,
}

impl Sps {
    /// The SPS RBSP (without NAL header), including trailing bits.
    pub fn to_rbsp(&self) -> Vec<u8> {
        let mut w = BitWriter::with_capacity(32);
        w.write_bits(self.profile_idc as u32, 8);
        w.write_bits(self.constraint_flags as u32, 8); // constraint_set0..5_flag + reserved_zero_2bits
        w.write_bits(self.level_idc as u32, 8);
        w.write_ue(self.id);
        if self.profile_idc == 100 {
            // The High profiles' format fields (§7.3.2.1.1): 4:2:0, 8 bits, the matrices.
            w.write_ue(1); // chroma_format_idc
            w.write_ue(0); // bit_depth_luma_minus8
            w.write_ue(0); // bit_depth_chroma_minus8
            w.write_flag(false); // qpprime_y_zero_transform_bypass_flag
            write_seq_scaling_matrix(&mut w, &self.scaling);
        }
        w.write_ue(LOG2_MAX_FRAME_NUM - 4); // log2_max_frame_num_minus4
        if self.explicit_poc {
            w.write_ue(0); // pic_order_cnt_type 0
            w.write_ue(LOG2_MAX_POC_LSB - 4); // log2_max_pic_order_cnt_lsb_minus4
        } else {
            w.write_ue(2); // pic_order_cnt_type 2: POC follows decode order (no reordering)
        }
        w.write_ue(self.max_num_ref_frames);
        w.write_flag(false); // gaps_in_frame_num_value_allowed_flag
        w.write_ue(self.mb_width - 1); // pic_width_in_mbs_minus1
        w.write_ue(self.mb_height - 1); // pic_height_in_map_units_minus1
        w.write_flag(true); // frame_mbs_only_flag
        w.write_flag(true); // direct_8x8_inference_flag
        let (l, r, t, b) = self.crop;
        let cropping = l + r + t + b > 0;
        w.write_flag(cropping); // frame_cropping_flag
        if cropping {
            // CropUnitX = CropUnitY = 2 for 4:2:0 frames (§7.4.2.1.1).
            w.write_ue(l / 2);
            w.write_ue(r / 2);
            w.write_ue(t / 2);
            w.write_ue(b / 2);
        }
        match &self.vui {
            Some(v) => {
                w.write_flag(true);
                v.write(&mut w);
            }
            None => w.write_flag(false),
        }
        w.write_rbsp_trailing_bits();
        w.into_bytes()
    }
}
