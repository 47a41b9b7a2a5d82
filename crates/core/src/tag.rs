//! `CMTag` and tagged buffers: how multi-image (stereo MV-HEVC) frames are described.

use crate::fourcc::FourCC;
use crate::pixel_buffer::PixelBuffer;

/// Tag categories (`kCMTagCategory_*`).
pub mod tag_categories {
    use crate::fourcc::FourCC;
    /// `kCMTagCategory_VideoLayerID` (`'vlay'`): the MV-HEVC layer of a buffer.
    pub const VIDEO_LAYER_ID: FourCC = FourCC::from_bytes(*b"vlay");
    /// `kCMTagCategory_StereoView` (`'eyes'`): left/right eye flags.
    pub const STEREO_VIEW: FourCC = FourCC::from_bytes(*b"eyes");
    /// `kCMTagCategory_MediaType` (`'mdia'`).
    pub const MEDIA_TYPE: FourCC = FourCC::from_bytes(*b"mdia");
    /// `kCMTagCategory_PixelFormat` (`'pixf'`).
    pub const PIXEL_FORMAT: FourCC = FourCC::from_bytes(*b"pixf");
}

/// Stereo view flags (`CMStereoViewComponents`).
pub mod stereo_view {
    /// Left eye.
    pub const LEFT_EYE: u64 = 1 << 0;
    /// Right eye.
    pub const RIGHT_EYE: u64 = 1 << 1;
}

/// The value of a tag (`CMTagDataType` + payload).
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TagValue {
    /// `kCMTagDataType_SInt64`.
    SInt64(i64),
    /// `kCMTagDataType_Float64`.
    Float64(f64),
    /// `kCMTagDataType_OSType`.
    OsType(FourCC),
    /// `kCMTagDataType_Flags`.
    Flags(u64),
}

/// A `CMTag`: a category and a value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tag {
    /// The category FourCC.
    pub category: FourCC,
    /// The value.
    pub value: TagValue,
}

impl Tag {
    /// A `VideoLayerID` tag.
    pub fn video_layer_id(id: i64) -> Tag {
        Tag {
            category: tag_categories::VIDEO_LAYER_ID,
            value: TagValue::SInt64(id),
        }
    }

    /// A `StereoView` tag with [`stereo_view`] flags.
    pub fn stereo_view(flags: u64) -> Tag {
        Tag {
            category: tag_categories::STEREO_VIEW,
            value: TagValue::Flags(flags),
        }
    }
}

/// One image of a multi-image frame with its tags (`CMTaggedBuffer`).
#[derive(Clone, Debug)]
pub struct TaggedBuffer {
    /// The tags (at least a `VideoLayerID` for MV-HEVC).
    pub tags: Vec<Tag>,
    /// The image.
    pub buffer: PixelBuffer,
}

impl TaggedBuffer {
    /// The `VideoLayerID` tag's value, if present.
    pub fn video_layer_id(&self) -> Option<i64> {
        self.tags.iter().find_map(|t| match (t.category, t.value) {
            (c, TagValue::SInt64(v)) if c == tag_categories::VIDEO_LAYER_ID => Some(v),
            _ => None,
        })
    }
}
