//! The two enumerated pixel-transfer settings: how the picture is fitted into the destination
//! (`kVTScalingMode_*`) and how it is filtered when it shrinks (`kVTDownsamplingMode_*`).

use framepress_core::Value;

/// How the source picture is mapped onto the destination (`kVTPixelTransferPropertyKey_ScalingMode`).
///
/// The strings are VideoToolbox's, so dictionaries written for VT work unchanged.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ScalingMode {
    /// `"Normal"`: stretch the whole source over the whole destination; the pixel aspect ratio
    /// and clean aperture attachments are adjusted so the picture still displays the same.
    #[default]
    Normal,
    /// `"CropSourceToCleanAperture"`: take only the source's clean aperture and scale it onto
    /// the destination clean aperture (or the whole destination); anything outside is black.
    CropSourceToCleanAperture,
    /// `"Letterbox"`: fit the source inside the destination keeping its display aspect ratio;
    /// the uncovered bands are black.
    Letterbox,
    /// `"Trim"`: fill the destination keeping the display aspect ratio, cropping the source's
    /// excess equally on both sides.
    Trim,
}

impl ScalingMode {
    /// Every mode.
    pub const ALL: &'static [ScalingMode] = &[
        ScalingMode::Normal,
        ScalingMode::CropSourceToCleanAperture,
        ScalingMode::Letterbox,
        ScalingMode::Trim,
    ];

    /// The VideoToolbox string (`kVTScalingMode_*`).
    pub const fn as_str(self) -> &'static str {
        match self {
            ScalingMode::Normal => "Normal",
            ScalingMode::CropSourceToCleanAperture => "CropSourceToCleanAperture",
            ScalingMode::Letterbox => "Letterbox",
            ScalingMode::Trim => "Trim",
        }
    }

    /// The mode for a VideoToolbox string; the `kVTScalingMode_` prefix is accepted.
    pub fn from_str_value(s: &str) -> Option<ScalingMode> {
        let s = s.strip_prefix("kVTScalingMode_").unwrap_or(s);
        ScalingMode::ALL.iter().copied().find(|m| m.as_str() == s)
    }
}

impl From<ScalingMode> for Value {
    fn from(m: ScalingMode) -> Value {
        Value::String(m.as_str().to_owned())
    }
}

/// How pixels are combined when the picture is scaled down
/// (`kVTPixelTransferPropertyKey_DownsamplingMode`).
///
/// Upscaling always interpolates bilinearly; this only chooses the shrinking filter.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum DownsamplingMode {
    /// `"Decimate"` (VT's default): sample the source bilinearly at each destination pixel's
    /// centre, dropping the pixels in between. Cheapest, but fine detail can alias.
    #[default]
    Decimate,
    /// `"Average"`: each destination pixel is the area-weighted mean of the source pixels it
    /// covers, which suppresses aliasing.
    Average,
}

impl DownsamplingMode {
    /// Every mode.
    pub const ALL: &'static [DownsamplingMode] =
        &[DownsamplingMode::Decimate, DownsamplingMode::Average];

    /// The VideoToolbox string (`kVTDownsamplingMode_*`).
    pub const fn as_str(self) -> &'static str {
        match self {
            DownsamplingMode::Decimate => "Decimate",
            DownsamplingMode::Average => "Average",
        }
    }

    /// The mode for a VideoToolbox string; the `kVTDownsamplingMode_` prefix is accepted.
    pub fn from_str_value(s: &str) -> Option<DownsamplingMode> {
        let s = s.strip_prefix("kVTDownsamplingMode_").unwrap_or(s);
        DownsamplingMode::ALL
            .iter()
            .copied()
            .find(|m| m.as_str() == s)
    }
}

impl From<DownsamplingMode> for Value {
    fn from(m: DownsamplingMode) -> Value {
        Value::String(m.as_str().to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_round_trip() {
        for &m in ScalingMode::ALL {
            assert_eq!(ScalingMode::from_str_value(m.as_str()), Some(m));
        }
        for &m in DownsamplingMode::ALL {
            assert_eq!(DownsamplingMode::from_str_value(m.as_str()), Some(m));
        }
        assert_eq!(
            ScalingMode::from_str_value("kVTScalingMode_Trim"),
            Some(ScalingMode::Trim)
        );
        assert_eq!(
            DownsamplingMode::from_str_value("kVTDownsamplingMode_Average"),
            Some(DownsamplingMode::Average)
        );
        assert_eq!(ScalingMode::from_str_value("letterbox"), None);
    }
}
