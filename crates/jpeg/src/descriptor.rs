//! The registry entry: names, native formats, the properties this encoder honours, and the
//! constructor.

use framepress_core::property::keys;
use framepress_core::{
    CodecType, EncoderConfig, EncoderDescriptor, PixelFormat, PropertySupport, Result, Value,
    VideoEncoder,
};

use crate::encoder::JpegEncoder;
use crate::quality::DEFAULT_QUALITY;

/// Reverse-DNS identifier (the `EncoderID` specification key).
pub const ENCODER_ID: &str = "com.framepress.jpeg";
/// Encoder name reported in the encoder list.
pub const ENCODER_NAME: &str = "framepress JPEG";
/// Codec name reported in the encoder list.
pub const CODEC_NAME: &str = "JPEG";
/// Display name reported in the encoder list.
pub const DISPLAY_NAME: &str = "Photo - JPEG (framepress)";

/// Largest width or height: the smaller of JPEG's 16-bit frame-header fields (65535) and the
/// largest pixel buffer framepress allocates.
pub const MAX_DIMENSION: usize = if framepress_core::pixel_buffer::MAX_DIMENSION < 65535 {
    framepress_core::pixel_buffer::MAX_DIMENSION
} else {
    65535
};

/// The formats read without conversion: 8-bit 4:2:0 in either layout and either range. The
/// encoder feeds these planes to the JPEG 4:2:0 scan directly (video range and non-601
/// matrices are rescaled in place), so any other format would cost the session a conversion
/// to one of these anyway. Full-range I420 is first because it needs no work at all.
pub const NATIVE_PIXEL_FORMATS: &[PixelFormat] = &[
    PixelFormat::I420FullRange,
    PixelFormat::Nv12FullRange,
    PixelFormat::I420,
    PixelFormat::Nv12VideoRange,
];

/// The registry entry for this encoder.
pub fn descriptor() -> EncoderDescriptor {
    EncoderDescriptor {
        codec_type: CodecType::JPEG,
        encoder_id: ENCODER_ID,
        encoder_name: ENCODER_NAME,
        codec_name: CODEC_NAME,
        display_name: DISPLAY_NAME,
        supports_frame_reordering: false,
        supports_low_latency_rate_control: false,
        native_pixel_formats: NATIVE_PIXEL_FORMATS,
        supported_properties,
        check_properties,
        create,
    }
}

/// Exactly the keys this encoder honours (the same list for every frame size: JPEG has no
/// levels or size-dependent limits below [`MAX_DIMENSION`]).
pub fn supported_properties(width: usize, height: usize) -> Vec<PropertySupport> {
    let _ = (width, height);
    let q = |name: &str| PropertySupport::of(name);
    [
        q(keys::QUALITY.name()).map(|s| s.range(0.0, 1.0).default_value(DEFAULT_QUALITY)),
        q(keys::REAL_TIME.name()).map(|s| s.default_value(false)),
        q(keys::EXPECTED_FRAME_RATE.name()).map(|s| s.range(0.0, f64::MAX).default_value(0)),
        q(keys::ALLOW_TEMPORAL_COMPRESSION.name())
            .map(|s| s.default_value(false).validate_with(intra_only)),
        q(keys::COLOR_PRIMARIES.name()),
        q(keys::TRANSFER_FUNCTION.name()),
        q(keys::YCBCR_MATRIX.name()),
        q(keys::PIXEL_ASPECT_RATIO.name()).map(|s| s.validate_with(valid_pixel_aspect_ratio)),
        q(keys::CLEAN_APERTURE.name()).map(|s| s.validate_with(valid_clean_aperture)),
        q(keys::EMIT_RECONSTRUCTION.name()).map(|s| s.default_value(false)),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn create(config: &EncoderConfig) -> Result<Box<dyn VideoEncoder>> {
    Ok(Box::new(JpegEncoder::new(config)?))
}

/// Everything `create` checks about the properties.
fn check_properties(config: &EncoderConfig) -> Result<()> {
    crate::settings::Settings::from_config(config).map(drop)
}

/// Temporal compression can be turned off but not on: every JPEG frame stands alone.
fn intra_only(value: &Value) -> std::result::Result<(), String> {
    match value.as_bool() {
        Some(true) => Err("JPEG is intra-only; AllowTemporalCompression must be false".into()),
        _ => Ok(()),
    }
}

/// The dictionary must parse, or the value would be silently dropped later.
fn valid_pixel_aspect_ratio(value: &Value) -> std::result::Result<(), String> {
    use framepress_core::PropertyValue;
    framepress_core::PixelAspectRatio::from_value(value)
        .map(|_| ())
        .ok_or_else(|| {
            "expected {HorizontalSpacing, VerticalSpacing} with positive integers".into()
        })
}

/// The dictionary must parse, or the value would be silently dropped later.
fn valid_clean_aperture(value: &Value) -> std::result::Result<(), String> {
    use framepress_core::PropertyValue;
    framepress_core::CleanAperture::from_value(value)
        .map(|_| ())
        .ok_or_else(|| {
            "expected {Width, Height[, HorizontalOffset, VerticalOffset]} with positive sizes"
                .into()
        })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_key_exists_in_the_table() {
        assert_eq!(supported_properties(64, 64).len(), 10);
    }

    #[test]
    fn temporal_compression_only_false() {
        let list = supported_properties(16, 16);
        let s = list
            .iter()
            .find(|s| s.def.name == "AllowTemporalCompression")
            .unwrap();
        assert!(s.check_value(&Value::Bool(false)).is_ok());
        let err = s.check_value(&Value::Bool(true)).unwrap_err();
        assert!(err.detail().contains("JPEG is intra-only"), "{err}");
    }

    #[test]
    fn descriptor_lists_jpeg() {
        let d = descriptor();
        assert_eq!(d.codec_type, CodecType::JPEG);
        assert_eq!(d.encoder_id, "com.framepress.jpeg");
        assert!(!d.supports_frame_reordering);
        assert_eq!(MAX_DIMENSION, 16384);
    }
}
