//! The registry entry: names, native formats, supported properties, constructor.

use framepress_core::property::keys;
use framepress_core::{
    CodecType, EncoderConfig, EncoderDescriptor, PixelFormat, PropertySupport, Result, VideoEncoder,
};

use crate::encoder::H264Encoder;

/// Reverse-DNS identifier (the `EncoderID` specification key).
pub const ENCODER_ID: &str = "com.framepress.h264";

/// Formats read without conversion (range is taken from the preferred format; frames in the
/// other range are remapped while being loaded).
pub const NATIVE_PIXEL_FORMATS: &[PixelFormat] = &[
    PixelFormat::I420,
    PixelFormat::Nv12VideoRange,
    PixelFormat::I420FullRange,
    PixelFormat::Nv12FullRange,
];

/// The `ProfileLevel` values this encoder produces.
pub const PROFILE_LEVELS: &[&str] = &[
    "H264_ConstrainedBaseline_AutoLevel",
    "H264_Baseline_AutoLevel",
    "H264_Baseline_1_3",
    "H264_Baseline_3_0",
    "H264_Baseline_3_1",
    "H264_Baseline_3_2",
    "H264_Baseline_4_0",
    "H264_Baseline_4_1",
    "H264_Baseline_4_2",
    "H264_Baseline_5_0",
    "H264_Baseline_5_1",
    "H264_Baseline_5_2",
    "H264_Main_AutoLevel",
    "H264_Main_3_0",
    "H264_Main_3_1",
    "H264_Main_3_2",
    "H264_Main_4_0",
    "H264_Main_4_1",
    "H264_Main_4_2",
    "H264_Main_5_0",
    "H264_Main_5_1",
    "H264_Main_5_2",
    "H264_High_AutoLevel",
    "H264_High_3_0",
    "H264_High_3_1",
    "H264_High_3_2",
    "H264_High_4_0",
    "H264_High_4_1",
    "H264_High_4_2",
    "H264_High_5_0",
    "H264_High_5_1",
    "H264_High_5_2",
    "H264_ConstrainedHigh_AutoLevel",
];

/// Most reference frames P slices may use (`ReferenceBufferCount`).
pub const MAX_REFERENCES: u32 = 16;
/// References when `ReferenceBufferCount` is not set (x264's medium preset uses 3 too).
pub const DEFAULT_REFERENCES: u32 = 3;

/// The registry entry.
pub fn descriptor() -> EncoderDescriptor {
    EncoderDescriptor {
        codec_type: CodecType::H264,
        encoder_id: ENCODER_ID,
        encoder_name: "framepress H.264",
        codec_name: "H.264",
        display_name: "H.264 (framepress)",
        supports_frame_reordering: true,
        supports_low_latency_rate_control: true,
        native_pixel_formats: NATIVE_PIXEL_FORMATS,
        supported_properties,
        check_properties,
        create,
    }
}

fn support(name: &str) -> Option<PropertySupport> {
    PropertySupport::of(name)
}

/// The keys this encoder honours.
pub fn supported_properties(width: usize, height: usize) -> Vec<PropertySupport> {
    let _ = (width, height);
    let entries = [
        support(keys::PROFILE_LEVEL.name()).map(|s| {
            s.values(PROFILE_LEVELS)
                .default_value(crate::settings::DEFAULT_PROFILE_LEVEL)
        }),
        // The default follows the profile: CABAC for Main and High, CAVLC for Baseline
        // (which has no CABAC); the value shown is the default profile's.
        support(keys::H264_ENTROPY_MODE.name())
            .map(|s| s.values(&["CAVLC", "CABAC"]).default_value("CABAC")),
        // On by default in the High profiles (the default profile), which alone allow it.
        support(keys::TRANSFORM_8X8.name()).map(|s| s.default_value(true)),
        // Main and High only; on by default there.
        support(keys::WEIGHTED_PREDICTION.name()).map(|s| s.default_value(true)),
        support(keys::IMPLICIT_B_WEIGHTS.name()).map(|s| s.default_value(false)),
        // High profiles only; Flat by default.
        support(keys::SCALING_MATRIX.name())
            .map(|s| s.values(&["Flat", "JVT"]).default_value("Flat")),
        support(keys::SCALING_LISTS.name()),
        support(keys::B_PYRAMID_STRICT.name()).map(|s| s.default_value(false)),
        support(keys::ADAPTIVE_QUANTIZATION.name()).map(|s| s.values(keys::AQ_MODES)),
        support(keys::AQ_STRENGTH.name()).map(|s| {
            s.range(0.0, 3.0)
                .default_value(crate::adaptive_quant::DEFAULT_STRENGTH)
        }),
        // On by default in the perceptual rate modes only; the default shown is that one.
        support(keys::MB_TREE.name()).map(|s| s.default_value(true)),
        support(keys::LOOKAHEAD_FRAMES.name()).map(|s| {
            s.range(0.0, f64::from(crate::settings::MAX_LOOKAHEAD))
                .default_value(i64::from(
                    crate::speed::SpeedLevel::default().row().lookahead,
                ))
        }),
        support(keys::B_FRAME_ADAPTIVE.name()).map(|s| {
            s.values(keys::B_FRAME_PLACEMENTS)
                .default_value(crate::lookahead::BFrameAdaptive::default().name())
        }),
        support(keys::SPEED.name()).map(|s| {
            s.values(crate::speed::SPEED_NAMES)
                .default_value(crate::speed::SpeedLevel::default().name())
        }),
        support(keys::DIRECT_PREDICTION.name())
            .map(|s| s.values(&["Spatial", "Temporal"]).default_value("Spatial")),
        support(keys::MAX_KEY_FRAME_INTERVAL.name()).map(|s| s.range(0.0, 1.0e9).default_value(0)),
        support(keys::MAX_KEY_FRAME_INTERVAL_DURATION.name())
            .map(|s| s.range(0.0, 1.0e9).default_value(0.0)),
        support(keys::ALLOW_TEMPORAL_COMPRESSION.name()).map(|s| s.default_value(true)),
        support(keys::ALLOW_FRAME_REORDERING.name()).map(|s| s.default_value(true)),
        // Accepted either way: every key frame is an IDR picture, so GOPs are closed
        // (VideoToolbox lets an encoder decline open GOPs: "not guaranteed"); false, what
        // FFmpeg's -flags cgop asks for, is therefore always honoured.
        support(keys::ALLOW_OPEN_GOP.name()).map(|s| s.default_value(false)),
        support(keys::B_FRAME_COUNT.name()).map(|s| {
            s.range(0.0, f64::from(crate::settings::MAX_B_FRAMES))
                .default_value(i64::from(crate::settings::DEFAULT_B_FRAMES))
        }),
        support(keys::B_PYRAMID.name()).map(|s| s.default_value(true)),
        support(keys::REFERENCE_BUFFER_COUNT.name()).map(|s| {
            s.range(1.0, MAX_REFERENCES as f64)
                .default_value(DEFAULT_REFERENCES as i64)
        }),
        support(keys::QUALITY.name()).map(|s| s.range(0.0, 1.0)),
        support(keys::CONSTANT_QUALITY_FACTOR.name()).map(|s| s.range(0.0, 1.0)),
        support(keys::AVERAGE_BIT_RATE.name()).map(|s| s.range(0.0, 1.0e10)),
        support(keys::CONSTANT_BIT_RATE.name()).map(|s| s.range(1.0, 1.0e10)),
        support(keys::VARIABLE_BIT_RATE.name()).map(|s| s.range(1.0, 1.0e10)),
        support(keys::VBV_MAX_BIT_RATE.name()).map(|s| s.range(1.0, 1.0e10)),
        support(keys::VBV_BUFFER_DURATION.name()).map(|s| {
            s.range(0.001, 3600.0)
                .default_value(framepress_rate::config::DEFAULT_VBV_BUFFER_SECONDS)
        }),
        support(keys::VBV_INITIAL_DELAY_PERCENTAGE.name()).map(|s| {
            s.range(0.0, 100.0)
                .default_value(framepress_rate::config::DEFAULT_VBV_INITIAL_DELAY_PERCENT)
        }),
        support(keys::DATA_RATE_LIMITS.name()).map(|s| s.validate_with(check_data_rate_limits)),
        support(keys::MIN_ALLOWED_FRAME_QP.name()).map(|s| s.range(0.0, 51.0)),
        support(keys::MAX_ALLOWED_FRAME_QP.name()).map(|s| s.range(0.0, 51.0)),
        support(keys::CALCULATE_MEAN_SQUARED_ERROR.name()).map(|s| s.default_value(false)),
        support(keys::CONSTANT_QP.name()).map(|s| s.range(0.0, 51.0)),
        support(keys::KEY_FRAME_QP_OFFSET.name()).map(|s| {
            s.range(0.0, 51.0)
                .default_value(crate::settings::DEFAULT_KEY_FRAME_QP_OFFSET as i64)
        }),
        support(keys::SCENE_CUT_THRESHOLD.name()).map(|s| {
            s.range(0.0, 100.0)
                .default_value(crate::scene_cut::DEFAULT_THRESHOLD as i64)
        }),
        support(keys::BASE_LAYER_FRAME_RATE_FRACTION.name()).map(|s| s.range(0.0, 1.0)),
        support(keys::BASE_LAYER_FRAME_RATE.name()).map(|s| s.range(0.0, 1000.0)),
        support(keys::BASE_LAYER_BIT_RATE_FRACTION.name()).map(|s| s.range(0.0, 1.0)),
        support(keys::ENABLE_LTR.name()).map(|s| s.default_value(false)),
        support(keys::INTRA_REFRESH_PERIOD.name())
            .map(|s| s.range(0.0, 100_000.0).default_value(0)),
        support(keys::SUPPORTS_BASE_FRAME_QP.name()).map(|s| s.default_value(true)),
        support(keys::EXPECTED_FRAME_RATE.name()).map(|s| s.range(0.0, 1000.0)),
        support(keys::REAL_TIME.name()).map(|s| s.default_value(false)),
        support(keys::PRIORITIZE_ENCODING_SPEED_OVER_QUALITY.name())
            .map(|s| s.default_value(false)),
        support(keys::MAXIMIZE_POWER_EFFICIENCY.name()).map(|s| s.default_value(false)),
        support(keys::MAX_H264_SLICE_BYTES.name()).map(|s| s.range(0.0, 1.0e9)),
        support(keys::SLICE_COUNT.name()).map(|s| s.range(1.0, 1024.0).default_value(1)),
        support(keys::COLOR_PRIMARIES.name()),
        support(keys::TRANSFER_FUNCTION.name()),
        support(keys::YCBCR_MATRIX.name()),
        support(keys::PIXEL_ASPECT_RATIO.name()),
        support(keys::EMIT_RECONSTRUCTION.name()).map(|s| s.default_value(false)),
        support(keys::ANNEX_B_OUTPUT.name()).map(|s| s.default_value(false)),
        support(keys::SUPPORTED_PRESET_DICTIONARIES.name())
            .map(|s| s.default_value(crate::presets::preset_dictionaries())),
    ];
    entries.into_iter().flatten().collect()
}

/// `DataRateLimits` shape: pairs of positive (bytes, seconds). Whether the bytes can hold a
/// frame of the session's size is checked when the encoder is configured.
fn check_data_rate_limits(v: &framepress_core::Value) -> std::result::Result<(), String> {
    let Some(items) = v.as_array() else {
        return Err("expected an array [bytes, seconds, …]".into());
    };
    if items.len() % 2 != 0 {
        return Err(format!(
            "expected pairs [bytes, seconds, …], got {} numbers",
            items.len()
        ));
    }
    for x in items {
        match x.as_f64() {
            Some(n) if n > 0.0 && n.is_finite() => {}
            _ => return Err(format!("every entry must be a positive number, got {x}")),
        }
    }
    Ok(())
}

fn create(config: &EncoderConfig) -> Result<Box<dyn VideoEncoder>> {
    Ok(Box::new(H264Encoder::new(config)?))
}

/// Everything `create` checks about the properties, without allocating pictures.
fn check_properties(config: &EncoderConfig) -> Result<()> {
    crate::settings::Settings::from_config(config).map(drop)
}
