//! The encoder's configuration, read once from `EncoderConfig::properties` by VT name.
//!
//! The session has already validated these values against [`supported_properties`], but
//! `create` can also be called directly, so each value is checked again here: a bad value is
//! a `kVTParameterErr`, never a panic or a silently ignored key.

use framepress_core::property::keys;
use framepress_core::{
    CleanAperture, ColorPrimaries, EncoderConfig, Error, PixelAspectRatio, PropertyValue, Result,
    TransferFunction, Value, YCbCrMatrix,
};

use crate::descriptor::supported_properties;
use crate::quality::DEFAULT_QUALITY;

/// Everything the encoder needs from the property dictionary.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Settings {
    /// `Quality`, 0.0–1.0.
    pub quality: f64,
    /// `RealTime` (recorded; changes nothing for an intra-only, zero-delay encoder).
    pub real_time: bool,
    /// `ExpectedFrameRate` (recorded in stats only).
    pub expected_frame_rate: f64,
    /// `FramepressEmitReconstruction`.
    pub emit_reconstruction: bool,
    /// `ColorPrimaries` of the output.
    pub primaries: Option<ColorPrimaries>,
    /// `TransferFunction` of the output.
    pub transfer: Option<TransferFunction>,
    /// `YCbCrMatrix`: the matrix of source frames that carry no matrix attachment.
    pub matrix: Option<YCbCrMatrix>,
    /// `PixelAspectRatio` of the output.
    pub pixel_aspect_ratio: Option<PixelAspectRatio>,
    /// `CleanAperture` of the output.
    pub clean_aperture: Option<CleanAperture>,
}

impl Settings {
    /// Reads and checks the properties this encoder honours; other keys in the dictionary
    /// belong to the session and are left alone.
    pub fn from_config(config: &EncoderConfig) -> Result<Settings> {
        for support in supported_properties(config.width, config.height) {
            if let Some(value) = config.property(support.def.name) {
                support.check_value(value)?;
            }
        }
        Ok(Settings {
            quality: read(config, keys::QUALITY.name())?.unwrap_or(DEFAULT_QUALITY),
            real_time: read(config, keys::REAL_TIME.name())?.unwrap_or(false),
            expected_frame_rate: read(config, keys::EXPECTED_FRAME_RATE.name())?.unwrap_or(0.0),
            emit_reconstruction: read(config, keys::EMIT_RECONSTRUCTION.name())?.unwrap_or(false),
            primaries: read(config, keys::COLOR_PRIMARIES.name())?,
            transfer: read(config, keys::TRANSFER_FUNCTION.name())?,
            matrix: read(config, keys::YCBCR_MATRIX.name())?,
            pixel_aspect_ratio: read(config, keys::PIXEL_ASPECT_RATIO.name())?,
            clean_aperture: read(config, keys::CLEAN_APERTURE.name())?,
        })
    }
}

/// One property as its Rust type; present but unreadable is an error.
fn read<T: PropertyValue>(config: &EncoderConfig, name: &str) -> Result<Option<T>> {
    config.property(name).map(|v| typed(name, v)).transpose()
}

/// A value as its Rust type, or a parameter error naming the key.
pub(crate) fn typed<T: PropertyValue>(name: &str, value: &Value) -> Result<T> {
    T::from_value(value)
        .ok_or_else(|| Error::parameter(format!("{name}: unsupported value {value}")))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use framepress_core::{Dictionary, EncoderSpecification, ErrorKind, PixelFormat};

    fn config(properties: Dictionary) -> EncoderConfig {
        EncoderConfig {
            width: 32,
            height: 16,
            pixel_format: PixelFormat::I420FullRange,
            properties,
            specification: EncoderSpecification::default(),
        }
    }

    #[test]
    fn defaults_when_nothing_is_set() {
        let s = Settings::from_config(&config(Dictionary::new())).unwrap();
        assert_eq!(s.quality, DEFAULT_QUALITY);
        assert!(!s.emit_reconstruction && !s.real_time);
        assert_eq!(s.matrix, None);
    }

    #[test]
    fn reads_values_and_ignores_session_keys() {
        let d = Dictionary::new()
            .with("Quality", 0.3)
            .with("YCbCrMatrix", "ITU_R_709_2")
            .with(
                "PixelAspectRatio",
                PixelAspectRatio {
                    horizontal_spacing: 4,
                    vertical_spacing: 3,
                }
                .to_dictionary(),
            )
            .with("MaxKeyFrameInterval", 10);
        let s = Settings::from_config(&config(d)).unwrap();
        assert_eq!(s.quality, 0.3);
        assert_eq!(s.matrix, Some(YCbCrMatrix::Itu709));
        assert_eq!(s.pixel_aspect_ratio.map(|p| p.horizontal_spacing), Some(4));
    }

    #[test]
    fn rejects_bad_values() {
        for d in [
            Dictionary::new().with("Quality", 1.5),
            Dictionary::new().with("Quality", "high"),
            Dictionary::new().with("AllowTemporalCompression", true),
            Dictionary::new().with("ColorPrimaries", "Bogus"),
            Dictionary::new().with("CleanAperture", Dictionary::new().with("Width", 0)),
        ] {
            let e = Settings::from_config(&config(d.clone())).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Parameter, "{d}");
        }
    }
}
