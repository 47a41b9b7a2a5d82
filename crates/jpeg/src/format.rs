//! The stream's format description, built once per session so every sample shares the same
//! object (consumers detect configuration changes by identity, as with CoreMedia).

use framepress_core::color::attachment_keys;
use framepress_core::format_description::extension_keys;
use framepress_core::{CodecType, Dictionary, FormatDescription, YCbCrMatrix};

use crate::settings::Settings;

/// `kCMFormatDescriptionExtension_FormatName` of QuickTime's Photo-JPEG sample description.
pub const FORMAT_NAME: &str = "Photo - JPEG";

/// QuickTime sample-description depth of a colour image without alpha.
const DEPTH: i32 = 24;

/// The description of `width`×`height` JPEG frames configured by `settings`.
///
/// The colour keys describe the decoded output: primaries and transfer function as set (they
/// are properties of the R'G'B' the samples encode, which the matrix conversion preserves),
/// and always `ITU_R_601_4` full range for the matrix, because that is what JFIF decoders
/// apply.
pub(crate) fn format_description(
    width: i32,
    height: i32,
    settings: &Settings,
) -> FormatDescription {
    let mut ext = Dictionary::new()
        .with(extension_keys::FORMAT_NAME, FORMAT_NAME)
        .with(extension_keys::DEPTH, DEPTH)
        .with(extension_keys::FULL_RANGE_VIDEO, true)
        .with(attachment_keys::YCBCR_MATRIX, YCbCrMatrix::Itu601);
    if let Some(p) = settings.primaries {
        ext.insert(attachment_keys::COLOR_PRIMARIES, p);
    }
    if let Some(t) = settings.transfer {
        ext.insert(attachment_keys::TRANSFER_FUNCTION, t);
    }
    if let Some(par) = settings.pixel_aspect_ratio {
        ext.insert(attachment_keys::PIXEL_ASPECT_RATIO, par.to_dictionary());
    }
    if let Some(ca) = settings.clean_aperture {
        ext.insert(attachment_keys::CLEAN_APERTURE, ca.to_dictionary());
    }
    FormatDescription::new(CodecType::JPEG, width, height, ext)
}
