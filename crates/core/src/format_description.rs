//! `CMVideoFormatDescription`: what a decoder needs to know about a compressed stream.

use std::sync::Arc;

use crate::fourcc::{CodecType, FourCC};
use crate::value::{Dictionary, Value};

/// Extension key names used in format descriptions.
pub mod extension_keys {
    /// `kCMFormatDescriptionExtension_SampleDescriptionExtensionAtoms`: atom name → data.
    pub const SAMPLE_DESCRIPTION_EXTENSION_ATOMS: &str = "SampleDescriptionExtensionAtoms";
    /// `kCMFormatDescriptionExtension_FormatName`.
    pub const FORMAT_NAME: &str = "FormatName";
    /// `kCMFormatDescriptionExtension_Depth`.
    pub const DEPTH: &str = "Depth";
    /// `kCMFormatDescriptionExtension_FullRangeVideo`.
    pub const FULL_RANGE_VIDEO: &str = "FullRangeVideo";
    /// `kCMFormatDescriptionExtension_BitsPerComponent`.
    pub const BITS_PER_COMPONENT: &str = "BitsPerComponent";
}

/// The media type of video format descriptions (`'vide'`).
pub const MEDIA_TYPE_VIDEO: FourCC = FourCC::from_bytes(*b"vide");

#[derive(Debug, PartialEq)]
struct Inner {
    codec_type: CodecType,
    width: i32,
    height: i32,
    extensions: Dictionary,
    parameter_sets: Vec<Vec<u8>>,
    nal_unit_header_length: u8,
}

/// An immutable, cheaply cloned video format description.
///
/// Sessions reuse one description for consecutive frames and make a new one only when the
/// stream's configuration changes, so consumers can compare with `==` (or
/// [`same_object`](Self::same_object)) to detect a change, as with `CMFormatDescriptionEqual`.
#[derive(Clone, Debug, PartialEq)]
pub struct FormatDescription(Arc<Inner>);

impl FormatDescription {
    /// A description of `codec_type` frames of `width`×`height` with these extensions.
    pub fn new(
        codec_type: CodecType,
        width: i32,
        height: i32,
        extensions: Dictionary,
    ) -> FormatDescription {
        FormatDescription::with_parameter_sets(codec_type, width, height, extensions, Vec::new(), 0)
    }

    /// A description that also carries parameter sets (SPS/PPS, or VPS/SPS/PPS), in order,
    /// without start codes, and the NAL length-prefix size samples use.
    pub fn with_parameter_sets(
        codec_type: CodecType,
        width: i32,
        height: i32,
        extensions: Dictionary,
        parameter_sets: Vec<Vec<u8>>,
        nal_unit_header_length: u8,
    ) -> FormatDescription {
        FormatDescription(Arc::new(Inner {
            codec_type,
            width,
            height,
            extensions,
            parameter_sets,
            nal_unit_header_length,
        }))
    }

    /// Always `'vide'`.
    pub fn media_type(&self) -> FourCC {
        MEDIA_TYPE_VIDEO
    }

    /// The codec (`CMFormatDescriptionGetMediaSubType`).
    pub fn codec_type(&self) -> CodecType {
        self.0.codec_type
    }

    /// Encoded dimensions (`CMVideoFormatDescriptionGetDimensions`).
    pub fn dimensions(&self) -> (i32, i32) {
        (self.0.width, self.0.height)
    }

    /// The extensions dictionary.
    pub fn extensions(&self) -> &Dictionary {
        &self.0.extensions
    }

    /// One extension.
    pub fn extension(&self, key: &str) -> Option<&Value> {
        self.0.extensions.get(key)
    }

    /// A sample-description extension atom such as `"avcC"`, `"hvcC"`, `"colr"`.
    pub fn sample_description_atom(&self, name: &str) -> Option<&[u8]> {
        self.extension(extension_keys::SAMPLE_DESCRIPTION_EXTENSION_ATOMS)?
            .as_dictionary()?
            .get(name)?
            .as_data()
    }

    /// Number of parameter sets carried.
    pub fn parameter_set_count(&self) -> usize {
        self.0.parameter_sets.len()
    }

    /// Parameter set `index` without start code or length prefix
    /// (`CMVideoFormatDescriptionGet{H264,HEVC}ParameterSetAtIndex`).
    pub fn parameter_set_at_index(&self, index: usize) -> Option<&[u8]> {
        self.0.parameter_sets.get(index).map(Vec::as_slice)
    }

    /// Size in bytes of the NAL-unit length prefix in samples (0 for codecs without NAL units).
    pub fn nal_unit_header_length(&self) -> u8 {
        self.0.nal_unit_header_length
    }

    /// Whether both handles are the same object (cheaper than `==`).
    pub fn same_object(&self, other: &FormatDescription) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atoms_and_parameter_sets() {
        let atoms = Dictionary::new().with("avcC", vec![1u8, 2, 3]);
        let ext = Dictionary::new().with(extension_keys::SAMPLE_DESCRIPTION_EXTENSION_ATOMS, atoms);
        let fd = FormatDescription::with_parameter_sets(
            CodecType::H264,
            16,
            16,
            ext,
            vec![vec![0x67], vec![0x68]],
            4,
        );
        assert_eq!(fd.sample_description_atom("avcC"), Some(&[1u8, 2, 3][..]));
        assert_eq!(fd.sample_description_atom("hvcC"), None);
        assert_eq!(fd.parameter_set_count(), 2);
        assert_eq!(fd.parameter_set_at_index(1), Some(&[0x68u8][..]));
        assert_eq!(fd.parameter_set_at_index(2), None);
        assert_eq!(fd.nal_unit_header_length(), 4);
        assert_eq!(fd.clone(), fd);
        assert!(fd.same_object(&fd.clone()));
    }
}
