//! VUI parameters (ITU-T H.264 Annex E, §E.1.1): aspect ratio, colour description, timing and
//! bitstream restrictions.

use framepress_bitstream::BitWriter;

/// The VUI fields framepress writes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Vui {
    /// Sample aspect ratio (width, height); `None` = not signalled (square assumed).
    pub sample_aspect_ratio: Option<(u16, u16)>,
    /// `video_full_range_flag`.
    pub full_range: bool,
    /// (colour_primaries, transfer_characteristics, matrix_coefficients) H.273 code points;
    /// `None` = not signalled (unspecified).
    pub colour: Option<(u8, u8, u8)>,
    /// (num_units_in_tick, time_scale): one frame lasts 2 × num_units_in_tick / time_scale s.
    pub timing: Option<(u32, u32)>,
    /// `max_dec_frame_buffering` for the bitstream restriction.
    pub max_dec_frame_buffering: u32,
    /// `max_num_reorder_frames`: frames that may precede a frame in decoding order and
    /// follow it in output order (0 without B-frames).
    pub max_num_reorder_frames: u32,
}

/// Table E-1 aspect_ratio_idc values for the common ratios; others use Extended_SAR (255).
const SAR_TABLE: &[(u8, u16, u16)] = &[
    (1, 1, 1),
    (2, 12, 11),
    (3, 10, 11),
    (4, 16, 11),
    (5, 40, 33),
    (6, 24, 11),
    (7, 20, 11),
    (8, 32, 11),
    (9, 80, 33),
    (10, 18, 11),
    (11, 15, 11),
    (12, 64, 33),
    (13, 160, 99),
    (14, 4, 3),
    (15, 3, 2),
    (16, 2, 1),
];

impl Vui {
    /// Writes `vui_parameters()`.
    pub fn write(&self, w: &mut BitWriter) {
        // aspect_ratio_info_present_flag
        match self.sample_aspect_ratio {
            Some((sw, sh)) => {
                w.write_flag(true);
                match SAR_TABLE.iter().find(|(_, a, b)| *a == sw && *b == sh) {
                    Some((idc, _, _)) => w.write_bits(*idc as u32, 8),
                    None => {
                        w.write_bits(255, 8); // Extended_SAR
                        w.write_bits(sw as u32, 16);
                        w.write_bits(sh as u32, 16);
                    }
                }
            }
            None => w.write_flag(false),
        }
        w.write_flag(false); // overscan_info_present_flag
        let signal = self.full_range || self.colour.is_some();
        w.write_flag(signal); // video_signal_type_present_flag
        if signal {
            w.write_bits(5, 3); // video_format: unspecified
            w.write_flag(self.full_range);
            match self.colour {
                Some((p, t, m)) => {
                    w.write_flag(true);
                    w.write_bits(p as u32, 8);
                    w.write_bits(t as u32, 8);
                    w.write_bits(m as u32, 8);
                }
                None => w.write_flag(false),
            }
        }
        w.write_flag(false); // chroma_loc_info_present_flag
        match self.timing {
            Some((num_units_in_tick, time_scale)) => {
                w.write_flag(true);
                w.write_bits(num_units_in_tick, 32);
                w.write_bits(time_scale, 32);
                w.write_flag(false); // fixed_frame_rate_flag: PTS may vary
            }
            None => w.write_flag(false),
        }
        w.write_flag(false); // nal_hrd_parameters_present_flag
        w.write_flag(false); // vcl_hrd_parameters_present_flag
        w.write_flag(false); // pic_struct_present_flag
        w.write_flag(true); // bitstream_restriction_flag
        w.write_flag(true); // motion_vectors_over_pic_boundaries_flag
        w.write_ue(0); // max_bytes_per_pic_denom
        w.write_ue(0); // max_bits_per_mb_denom
        w.write_ue(16); // log2_max_mv_length_horizontal
        w.write_ue(16); // log2_max_mv_length_vertical
        w.write_ue(self.max_num_reorder_frames);
        w.write_ue(self.max_dec_frame_buffering);
    }
}
