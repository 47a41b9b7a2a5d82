//! What the shared rate controller (`framepress-rate`) needs to know about this encoder,
//! and the filler-data NAL unit constant-bit-rate streams are padded with.

use framepress_rate::CodecRateInfo;

use crate::nal::{NalType, nal_unit};
use crate::settings::{DEFAULT_QP, quality_to_qp};

/// Per-macroblock complexity (the half-resolution SATD estimate of `scene_cut`) of an
/// average inter frame: `ConstantQualityFactor` gives such a frame exactly its QP. Measured:
/// the median inter estimate per macroblock over carphone, bikes and bigbuckbunny.
const REFERENCE_COMPLEXITY_PER_MB: f64 = 250.0;
/// Complexity the size model adds per macroblock (a static macroblock still costs bits).
const COMPLEXITY_OFFSET_PER_MB: f64 = 8.0;
/// The size model's starting coefficient (bits × qscale per unit of complexity), measured
/// on the same clips; learnt from the first coded frames onwards.
const SIZE_PRIOR: f64 = 0.6;

/// The encoder's rate facts for a picture of `mb_count` macroblocks.
pub fn codec_rate_info(mb_count: usize, key_frame_qp_offset: u8) -> CodecRateInfo {
    let mbs = mb_count as f64;
    CodecRateInfo {
        default_qp: DEFAULT_QP,
        max_qp: 51,
        quality_to_qp: |q| f64::from(quality_to_qp(q)),
        // A flat key frame at QP 51 costs about one byte per macroblock (I_16x16 with no
        // residual), plus parameter sets and the first frame's SEI.
        min_key_frame_bytes: mbs + 160.0,
        key_frame_qp_offset,
        // Length or start code, NAL header, slice header and one mb_skip_run per slice.
        min_inter_frame_bytes: 16.0 + 2.0 * (mbs.log2().max(0.0) / 8.0).ceil() + 8.0,
        reference_complexity: mbs * REFERENCE_COMPLEXITY_PER_MB,
        complexity_offset: mbs * COMPLEXITY_OFFSET_PER_MB,
        size_prior: SIZE_PRIOR,
    }
}

/// Framing bytes of a filler NAL unit besides its 0xFF payload: the 4-byte start code or
/// length, the NAL header and the RBSP trailing byte.
pub const FILLER_OVERHEAD: usize = 6;

/// A filler-data NAL unit (§7.3.2.7, nal_unit_type 12) that adds at least `bytes` to a
/// sample once framed (a start code or 4-byte length).
pub fn filler_nal(bytes: u64) -> Vec<u8> {
    let payload = (bytes as usize).saturating_sub(FILLER_OVERHEAD);
    let mut rbsp = vec![0xFF; payload];
    rbsp.push(0x80);
    nal_unit(0, NalType::Filler, &rbsp)
}
