//! `kVTPixelTransferPropertyKey_*` settings in typed form, parsed from and written back to the
//! CF-like [`Dictionary`] the rest of framepress exchanges.

use framepress_core::{
    CleanAperture, ColorPrimaries, Dictionary, Error, PixelAspectRatio, Result, TransferFunction,
    Value, YCbCrMatrix,
};

use crate::modes::{DownsamplingMode, ScalingMode};

/// Property key names (the strings VideoToolbox's `kVTPixelTransferPropertyKey_*` constants hold).
///
/// Parsing also accepts each name with the `kVTPixelTransferPropertyKey_` prefix, because ported
/// code and command lines often spell the constant's identifier instead of its value.
pub mod keys {
    /// `kVTPixelTransferPropertyKey_ScalingMode`: a [`ScalingMode`](crate::ScalingMode) string.
    pub const SCALING_MODE: &str = "ScalingMode";
    /// `kVTPixelTransferPropertyKey_DestinationCleanAperture`: a clean-aperture dictionary.
    pub const DESTINATION_CLEAN_APERTURE: &str = "DestinationCleanAperture";
    /// `kVTPixelTransferPropertyKey_DestinationPixelAspectRatio`: a pixel-aspect dictionary.
    pub const DESTINATION_PIXEL_ASPECT_RATIO: &str = "DestinationPixelAspectRatio";
    /// `kVTPixelTransferPropertyKey_DownsamplingMode`: a [`DownsamplingMode`](crate::DownsamplingMode) string.
    pub const DOWNSAMPLING_MODE: &str = "DownsamplingMode";
    /// `kVTPixelTransferPropertyKey_DestinationColorPrimaries`: a colour-primaries string.
    pub const DESTINATION_COLOR_PRIMARIES: &str = "DestinationColorPrimaries";
    /// `kVTPixelTransferPropertyKey_DestinationTransferFunction`: a transfer-function string.
    pub const DESTINATION_TRANSFER_FUNCTION: &str = "DestinationTransferFunction";
    /// `kVTPixelTransferPropertyKey_DestinationYCbCrMatrix`: a Y'CbCr-matrix string.
    pub const DESTINATION_YCBCR_MATRIX: &str = "DestinationYCbCrMatrix";
    /// `kVTPixelTransferPropertyKey_RealTime`: a boolean.
    pub const REAL_TIME: &str = "RealTime";
    /// The prefix of the constants' identifiers, accepted in front of every key.
    pub const PREFIX: &str = "kVTPixelTransferPropertyKey_";
    /// Every key, unprefixed.
    pub const ALL: &[&str] = &[
        SCALING_MODE,
        DESTINATION_CLEAN_APERTURE,
        DESTINATION_PIXEL_ASPECT_RATIO,
        DOWNSAMPLING_MODE,
        DESTINATION_COLOR_PRIMARIES,
        DESTINATION_TRANSFER_FUNCTION,
        DESTINATION_YCBCR_MATRIX,
        REAL_TIME,
    ];
}

/// The settings of a pixel transfer. `Default` is VideoToolbox's: stretch, decimate, keep the
/// source's colour description.
///
/// `destination_*` colour fields left `None` mean "same as the source".
#[non_exhaustive]
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PixelTransferProperties {
    /// How the source is fitted into the destination.
    pub scaling_mode: ScalingMode,
    /// Where the picture goes in the destination (and what its clean-aperture attachment says).
    pub destination_clean_aperture: Option<CleanAperture>,
    /// The destination's pixel aspect ratio (used by letterbox/trim and written as attachment).
    pub destination_pixel_aspect_ratio: Option<PixelAspectRatio>,
    /// Filter used when shrinking.
    pub downsampling_mode: DownsamplingMode,
    /// Colour primaries to tag the destination with; must match the source's when it has some,
    /// since gamut conversion is not implemented.
    pub destination_color_primaries: Option<ColorPrimaries>,
    /// Transfer function to tag the destination with; same rule as the primaries.
    pub destination_transfer_function: Option<TransferFunction>,
    /// Y'CbCr matrix of a Y'CbCr destination (converted, not just tagged).
    pub destination_ycbcr_matrix: Option<YCbCrMatrix>,
    /// VideoToolbox's hint that speed matters more than quality. Accepted and reported; it has
    /// no effect because every path here is already the real-time one.
    pub real_time: bool,
}

impl PixelTransferProperties {
    /// Parses a property dictionary. Unknown keys and ill-typed or unknown values are
    /// `kVTParameterErr` errors naming the key, never silently ignored: a typo in a ported
    /// dictionary should be loud.
    pub fn from_dictionary(dict: &Dictionary) -> Result<PixelTransferProperties> {
        let mut props = PixelTransferProperties::default();
        for (key, value) in dict.iter() {
            props.set(key, value)?;
        }
        Ok(props)
    }

    /// Sets one property (`VTSessionSetProperty` on a pixel-transfer session).
    pub fn set(&mut self, key: &str, value: &Value) -> Result<()> {
        use keys as k;
        let name = key.strip_prefix(k::PREFIX).unwrap_or(key);
        let bad = |what: &str| {
            Error::parameter(format!(
                "pixel-transfer property {key}: expected {what}, got {value}"
            ))
        };
        let string = || value.as_str().ok_or_else(|| bad("a string"));
        match name {
            k::SCALING_MODE => {
                self.scaling_mode = ScalingMode::from_str_value(string()?)
                    .ok_or_else(|| bad("Normal, CropSourceToCleanAperture, Letterbox or Trim"))?;
            }
            k::DOWNSAMPLING_MODE => {
                self.downsampling_mode = DownsamplingMode::from_str_value(string()?)
                    .ok_or_else(|| bad("Decimate or Average"))?;
            }
            k::DESTINATION_CLEAN_APERTURE => {
                let d = value
                    .as_dictionary()
                    .ok_or_else(|| bad("a clean-aperture dictionary"))?;
                self.destination_clean_aperture =
                    Some(CleanAperture::from_dictionary(d).ok_or_else(|| {
                        bad("positive finite Width and Height and finite offsets")
                    })?);
            }
            k::DESTINATION_PIXEL_ASPECT_RATIO => {
                let d = value
                    .as_dictionary()
                    .ok_or_else(|| bad("a pixel-aspect-ratio dictionary"))?;
                self.destination_pixel_aspect_ratio =
                    Some(PixelAspectRatio::from_dictionary(d).ok_or_else(|| {
                        bad("positive integer HorizontalSpacing and VerticalSpacing")
                    })?);
            }
            k::DESTINATION_COLOR_PRIMARIES => {
                self.destination_color_primaries = Some(
                    ColorPrimaries::from_str_value(string()?)
                        .ok_or_else(|| bad("a known colour-primaries string"))?,
                );
            }
            k::DESTINATION_TRANSFER_FUNCTION => {
                self.destination_transfer_function = Some(
                    TransferFunction::from_str_value(string()?)
                        .ok_or_else(|| bad("a known transfer-function string"))?,
                );
            }
            k::DESTINATION_YCBCR_MATRIX => {
                self.destination_ycbcr_matrix = Some(
                    YCbCrMatrix::from_str_value(string()?)
                        .ok_or_else(|| bad("a known Y'CbCr-matrix string"))?,
                );
            }
            k::REAL_TIME => self.real_time = value.as_bool().ok_or_else(|| bad("a boolean"))?,
            _ => {
                return Err(Error::parameter(format!(
                    "unknown pixel-transfer property {key}"
                )));
            }
        }
        Ok(())
    }

    /// The dictionary form (unprefixed keys), which [`from_dictionary`](Self::from_dictionary)
    /// reads back to an equal value. Unset optional properties are omitted.
    pub fn to_dictionary(&self) -> Dictionary {
        use keys as k;
        let mut d = Dictionary::new()
            .with(k::SCALING_MODE, self.scaling_mode)
            .with(k::DOWNSAMPLING_MODE, self.downsampling_mode)
            .with(k::REAL_TIME, self.real_time);
        if let Some(ca) = self.destination_clean_aperture {
            d.insert(k::DESTINATION_CLEAN_APERTURE, ca.to_dictionary());
        }
        if let Some(par) = self.destination_pixel_aspect_ratio {
            d.insert(k::DESTINATION_PIXEL_ASPECT_RATIO, par.to_dictionary());
        }
        if let Some(p) = self.destination_color_primaries {
            d.insert(k::DESTINATION_COLOR_PRIMARIES, p);
        }
        if let Some(t) = self.destination_transfer_function {
            d.insert(k::DESTINATION_TRANSFER_FUNCTION, t);
        }
        if let Some(m) = self.destination_ycbcr_matrix {
            d.insert(k::DESTINATION_YCBCR_MATRIX, m);
        }
        d
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use framepress_core::ErrorKind;

    use super::*;

    fn full() -> PixelTransferProperties {
        PixelTransferProperties {
            scaling_mode: ScalingMode::Letterbox,
            destination_clean_aperture: Some(CleanAperture {
                width: 100.0,
                height: 50.0,
                horizontal_offset: 1.0,
                vertical_offset: -2.0,
            }),
            destination_pixel_aspect_ratio: Some(PixelAspectRatio {
                horizontal_spacing: 4,
                vertical_spacing: 3,
            }),
            downsampling_mode: DownsamplingMode::Average,
            destination_color_primaries: Some(ColorPrimaries::Itu709),
            destination_transfer_function: Some(TransferFunction::Itu709),
            destination_ycbcr_matrix: Some(YCbCrMatrix::Itu601),
            real_time: true,
        }
    }

    #[test]
    fn dictionary_round_trip() {
        let p = full();
        assert_eq!(
            PixelTransferProperties::from_dictionary(&p.to_dictionary()).unwrap(),
            p
        );
        let d = PixelTransferProperties::default();
        assert_eq!(
            PixelTransferProperties::from_dictionary(&d.to_dictionary()).unwrap(),
            d
        );
        assert_eq!(
            PixelTransferProperties::from_dictionary(&Dictionary::new()).unwrap(),
            d
        );
    }

    #[test]
    fn prefixed_keys_and_values_are_accepted() {
        let d = Dictionary::new()
            .with(
                "kVTPixelTransferPropertyKey_ScalingMode",
                "kVTScalingMode_Trim",
            )
            .with(
                "kVTPixelTransferPropertyKey_DestinationYCbCrMatrix",
                "ITU_R_709_2",
            )
            .with("RealTime", true);
        let p = PixelTransferProperties::from_dictionary(&d).unwrap();
        assert_eq!(p.scaling_mode, ScalingMode::Trim);
        assert_eq!(p.destination_ycbcr_matrix, Some(YCbCrMatrix::Itu709));
        assert!(p.real_time);
    }

    #[test]
    fn errors_name_the_key() {
        let cases: Vec<(&str, Value)> = vec![
            ("Bogus", Value::Bool(true)),
            ("ScalingMode", Value::from("Stretch")),
            ("ScalingMode", Value::from(1)),
            ("DownsamplingMode", Value::from("Bicubic")),
            ("DestinationCleanAperture", Value::from("wide")),
            (
                "DestinationCleanAperture",
                Dictionary::new().with("Width", 0).with("Height", 10).into(),
            ),
            (
                "DestinationPixelAspectRatio",
                Dictionary::new().with("HorizontalSpacing", 1).into(),
            ),
            ("DestinationColorPrimaries", Value::from("Rec709")),
            ("DestinationTransferFunction", Value::from(7)),
            ("DestinationYCbCrMatrix", Value::from("BT709")),
            ("RealTime", Value::from(1)),
            ("kVTPixelTransferPropertyKey_RealTime", Value::from("yes")),
        ];
        for (key, value) in cases {
            let e = PixelTransferProperties::from_dictionary(
                &Dictionary::new().with(key, value.clone()),
            )
            .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Parameter, "{key} = {value}");
            assert!(e.detail().contains(key), "{key}: {}", e.detail());
        }
    }
}
