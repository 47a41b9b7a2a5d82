//! Colour description: primaries, transfer function, Y'CbCr matrix, pixel aspect ratio and
//! clean aperture, with their CoreVideo string values and ITU-T H.273 code points.
//!
//! The strings are what VideoToolbox stores in attachments and format-description extensions;
//! the code points are what H.264/HEVC VUI and the containers carry. Keeping both on one enum
//! means a colour key set by name ends up correctly in the bitstream.

use crate::value::{Dictionary, Value};

/// Attachment / extension key names (CoreVideo strings; several are measured, see the spec).
pub mod attachment_keys {
    /// `kCVImageBufferColorPrimariesKey`.
    pub const COLOR_PRIMARIES: &str = "CVImageBufferColorPrimaries";
    /// `kCVImageBufferTransferFunctionKey`.
    pub const TRANSFER_FUNCTION: &str = "CVImageBufferTransferFunction";
    /// `kCVImageBufferYCbCrMatrixKey`.
    pub const YCBCR_MATRIX: &str = "CVImageBufferYCbCrMatrix";
    /// `kCVImageBufferGammaLevelKey`.
    pub const GAMMA_LEVEL: &str = "CVImageBufferGammaLevel";
    /// `kCVImageBufferPixelAspectRatioKey`.
    pub const PIXEL_ASPECT_RATIO: &str = "CVPixelAspectRatio";
    /// `kCVImageBufferCleanApertureKey` (string unconfirmed).
    pub const CLEAN_APERTURE: &str = "CVCleanAperture";
    /// `kCVImageBufferFieldCountKey`.
    pub const FIELD_COUNT: &str = "CVFieldCount";
    /// `kCVImageBufferChromaLocationTopFieldKey`.
    pub const CHROMA_LOCATION_TOP_FIELD: &str = "CVImageBufferChromaLocationTopField";
    /// `kCVImageBufferICCProfileKey`.
    pub const ICC_PROFILE: &str = "CVImageBufferICCProfile";
    /// `kCMFormatDescriptionExtension_FullRangeVideo`.
    pub const FULL_RANGE_VIDEO: &str = "FullRangeVideo";
    /// Horizontal spacing inside a pixel-aspect-ratio dictionary.
    pub const HORIZONTAL_SPACING: &str = "HorizontalSpacing";
    /// Vertical spacing inside a pixel-aspect-ratio dictionary.
    pub const VERTICAL_SPACING: &str = "VerticalSpacing";
    /// Clean-aperture width.
    pub const CLEAN_APERTURE_WIDTH: &str = "Width";
    /// Clean-aperture height.
    pub const CLEAN_APERTURE_HEIGHT: &str = "Height";
    /// Clean-aperture horizontal offset of the centre.
    pub const CLEAN_APERTURE_HORIZONTAL_OFFSET: &str = "HorizontalOffset";
    /// Clean-aperture vertical offset of the centre.
    pub const CLEAN_APERTURE_VERTICAL_OFFSET: &str = "VerticalOffset";
}

macro_rules! color_enum {
    ($(#[$doc:meta])* $name:ident { $( $(#[$vdoc:meta])* $variant:ident = $s:literal, $code:literal; )* }) => {
        $(#[$doc])*
        #[non_exhaustive]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vdoc])* $variant, )*
        }

        impl $name {
            /// Every value.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )* ];

            /// The CoreVideo / VideoToolbox string (e.g. `"ITU_R_709_2"`).
            pub const fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $s, )* }
            }

            /// The value for a CoreVideo string.
            pub fn from_str_value(s: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.as_str() == s)
            }

            /// The ITU-T H.273 code point written into VUI and `colr` boxes.
            pub const fn code_point(self) -> u8 {
                match self { $( $name::$variant => $code, )* }
            }

            /// The value for an H.273 code point, where one maps.
            pub fn from_code_point(code: u8) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.code_point() == code)
            }
        }

        impl From<$name> for Value {
            fn from(v: $name) -> Value {
                Value::String(v.as_str().to_owned())
            }
        }
    };
}

color_enum! {
    /// Colour primaries (`kCVImageBufferColorPrimaries_*`).
    ColorPrimaries {
        /// BT.709.
        Itu709 = "ITU_R_709_2", 1;
        /// EBU 3213 (BT.470 B/G, PAL).
        Ebu3213 = "EBU_3213", 5;
        /// SMPTE C (SMPTE 170M, NTSC).
        SmpteC = "SMPTE_C", 6;
        /// BT.2020.
        Itu2020 = "ITU_R_2020", 9;
        /// DCI-P3.
        DciP3 = "DCI_P3", 11;
        /// Display P3 (P3 with D65 white).
        P3D65 = "P3_D65", 12;
        /// P22 phosphors (EBU 3213 code point family; mapped to 22 = EBU Tech 3213-E).
        P22 = "P22", 22;
    }
}

color_enum! {
    /// Transfer function (`kCVImageBufferTransferFunction_*`).
    TransferFunction {
        /// BT.709.
        Itu709 = "ITU_R_709_2", 1;
        /// SMPTE 240M.
        Smpte240M1995 = "SMPTE_240M_1995", 7;
        /// Pure gamma given by `GammaLevel` (coded as unspecified).
        UseGamma = "UseGamma", 2;
        /// Linear light.
        Linear = "Linear", 8;
        /// sRGB / IEC 61966-2-1.
        Srgb = "sRGB", 13;
        /// BT.2020 (same curve as 709 at 10 bits).
        Itu2020 = "ITU_R_2020", 14;
        /// SMPTE ST 2084 (PQ).
        SmpteSt2084Pq = "SMPTE_ST_2084_PQ", 16;
        /// SMPTE ST 428-1.
        SmpteSt4281 = "SMPTE_ST_428_1", 17;
        /// BT.2100 HLG (ARIB STD-B67).
        Itu2100Hlg = "ITU_R_2100_HLG", 18;
    }
}

color_enum! {
    /// Y'CbCr matrix (`kCVImageBufferYCbCrMatrix_*`).
    YCbCrMatrix {
        /// BT.709.
        Itu709 = "ITU_R_709_2", 1;
        /// BT.601 (BT.470 B/G and SMPTE 170M share it).
        Itu601 = "ITU_R_601_4", 6;
        /// SMPTE 240M.
        Smpte240M1995 = "SMPTE_240M_1995", 7;
        /// BT.2020 non-constant luminance.
        Itu2020 = "ITU_R_2020", 9;
    }
}

impl YCbCrMatrix {
    /// The matrix assumed for untagged pictures: BT.601 below 720 rows (SD), BT.709 from 720
    /// rows up — the rule CoreVideo and players apply. Every framepress component that must
    /// guess uses this one rule, so untagged input is interpreted the same way everywhere.
    pub fn default_for_height(height: usize) -> YCbCrMatrix {
        if height < 720 {
            YCbCrMatrix::Itu601
        } else {
            YCbCrMatrix::Itu709
        }
    }

    /// Luma weights (Kr, Kb) of the matrix; Kg = 1 − Kr − Kb.
    pub fn kr_kb(self) -> (f64, f64) {
        match self {
            YCbCrMatrix::Itu709 => (0.2126, 0.0722),
            YCbCrMatrix::Itu601 => (0.299, 0.114),
            YCbCrMatrix::Smpte240M1995 => (0.212, 0.087),
            YCbCrMatrix::Itu2020 => (0.2627, 0.0593),
        }
    }
}

/// Pixel aspect ratio (`{HorizontalSpacing, VerticalSpacing}`); 1:1 is square pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PixelAspectRatio {
    /// Relative width of a pixel.
    pub horizontal_spacing: u32,
    /// Relative height of a pixel.
    pub vertical_spacing: u32,
}

impl PixelAspectRatio {
    /// Square pixels.
    pub const SQUARE: PixelAspectRatio = PixelAspectRatio {
        horizontal_spacing: 1,
        vertical_spacing: 1,
    };

    /// The dictionary form VideoToolbox uses.
    pub fn to_dictionary(self) -> Dictionary {
        Dictionary::new()
            .with(attachment_keys::HORIZONTAL_SPACING, self.horizontal_spacing)
            .with(attachment_keys::VERTICAL_SPACING, self.vertical_spacing)
    }

    /// Parses the dictionary form; both spacings must be positive integers.
    pub fn from_dictionary(d: &Dictionary) -> Option<PixelAspectRatio> {
        let h = d.get(attachment_keys::HORIZONTAL_SPACING)?.as_i64()?;
        let v = d.get(attachment_keys::VERTICAL_SPACING)?.as_i64()?;
        if h <= 0 || v <= 0 || h > u32::MAX as i64 || v > u32::MAX as i64 {
            return None;
        }
        Some(PixelAspectRatio {
            horizontal_spacing: h as u32,
            vertical_spacing: v as u32,
        })
    }
}

/// Clean aperture: the picture area meant to be shown, as a size and the offset of its centre
/// from the centre of the full picture (CoreVideo's convention).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CleanAperture {
    /// Width of the clean area in pixels.
    pub width: f64,
    /// Height of the clean area in pixels.
    pub height: f64,
    /// Horizontal offset of the clean area's centre from the picture's centre.
    pub horizontal_offset: f64,
    /// Vertical offset of the clean area's centre from the picture's centre.
    pub vertical_offset: f64,
}

impl CleanAperture {
    /// The dictionary form VideoToolbox uses.
    pub fn to_dictionary(self) -> Dictionary {
        Dictionary::new()
            .with(attachment_keys::CLEAN_APERTURE_WIDTH, self.width)
            .with(attachment_keys::CLEAN_APERTURE_HEIGHT, self.height)
            .with(
                attachment_keys::CLEAN_APERTURE_HORIZONTAL_OFFSET,
                self.horizontal_offset,
            )
            .with(
                attachment_keys::CLEAN_APERTURE_VERTICAL_OFFSET,
                self.vertical_offset,
            )
    }

    /// Parses the dictionary form; sizes must be positive and finite, offsets finite
    /// (absent offsets are 0).
    pub fn from_dictionary(d: &Dictionary) -> Option<CleanAperture> {
        let num = |k: &str| d.get(k).and_then(Value::as_f64);
        let width = num(attachment_keys::CLEAN_APERTURE_WIDTH)?;
        let height = num(attachment_keys::CLEAN_APERTURE_HEIGHT)?;
        let horizontal_offset =
            num(attachment_keys::CLEAN_APERTURE_HORIZONTAL_OFFSET).unwrap_or(0.0);
        let vertical_offset = num(attachment_keys::CLEAN_APERTURE_VERTICAL_OFFSET).unwrap_or(0.0);
        let ok = width.is_finite()
            && height.is_finite()
            && width > 0.0
            && height > 0.0
            && horizontal_offset.is_finite()
            && vertical_offset.is_finite();
        ok.then_some(CleanAperture {
            width,
            height,
            horizontal_offset,
            vertical_offset,
        })
    }

    /// The clean rectangle as (left, top, width, height) in a `pic_w`×`pic_h` picture,
    /// rounded to whole pixels and clipped to the picture.
    pub fn rect_in(self, pic_w: usize, pic_h: usize) -> (usize, usize, usize, usize) {
        let w = self.width.round().clamp(1.0, pic_w as f64);
        let h = self.height.round().clamp(1.0, pic_h as f64);
        let left = ((pic_w as f64 - w) / 2.0 + self.horizontal_offset).round();
        let top = ((pic_h as f64 - h) / 2.0 + self.vertical_offset).round();
        let left = left.clamp(0.0, pic_w as f64 - w);
        let top = top.clamp(0.0, pic_h as f64 - h);
        (left as usize, top as usize, w as usize, h as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_code_points_round_trip() {
        for &p in ColorPrimaries::ALL {
            assert_eq!(ColorPrimaries::from_str_value(p.as_str()), Some(p));
            assert_eq!(ColorPrimaries::from_code_point(p.code_point()), Some(p));
        }
        for &t in TransferFunction::ALL {
            assert_eq!(TransferFunction::from_str_value(t.as_str()), Some(t));
        }
        for &m in YCbCrMatrix::ALL {
            assert_eq!(YCbCrMatrix::from_code_point(m.code_point()), Some(m));
        }
        assert_eq!(YCbCrMatrix::Itu601.as_str(), "ITU_R_601_4");
    }

    #[test]
    fn aspect_and_aperture_dictionaries() {
        let par = PixelAspectRatio {
            horizontal_spacing: 4,
            vertical_spacing: 3,
        };
        assert_eq!(
            PixelAspectRatio::from_dictionary(&par.to_dictionary()),
            Some(par)
        );
        assert_eq!(PixelAspectRatio::from_dictionary(&Dictionary::new()), None);
        let bad = Dictionary::new()
            .with("HorizontalSpacing", 0)
            .with("VerticalSpacing", 1);
        assert_eq!(PixelAspectRatio::from_dictionary(&bad), None);

        let ca = CleanAperture {
            width: 100.0,
            height: 50.0,
            horizontal_offset: 2.0,
            vertical_offset: 0.0,
        };
        assert_eq!(
            CleanAperture::from_dictionary(&ca.to_dictionary()),
            Some(ca)
        );
        assert_eq!(ca.rect_in(120, 60), (12, 5, 100, 50));
    }
}
