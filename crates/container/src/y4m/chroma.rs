//! The Y4M chroma formats (`C` parameter) this crate reads, and what each becomes in memory.

use std::fmt;

use framepress_core::{ColorRange, PixelFormat};

/// CoreVideo chroma-location values (`kCVImageBufferChromaLocation_*`), set on frames read from
/// Y4M streams whose chroma format names the siting, so colour conversion downstream can use it.
pub mod chroma_location {
    /// Co-sited horizontally with the left luma sample, vertically between rows (MPEG-2).
    pub const LEFT: &str = "Left";
    /// Centred between the four luma samples (JPEG / MPEG-1).
    pub const CENTER: &str = "Center";
    /// PAL DV 4:2:0: Cr co-sited with the top-left sample, Cb one row below.
    pub const DV_420: &str = "DV 4:2:0";
}

/// A supported Y4M chroma format. All are 4:2:0; they differ in siting and bit depth.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Y4mChroma {
    /// `420jpeg`: 8-bit, chroma centred (the default when `C` is absent).
    Yuv420Jpeg,
    /// `420paldv`: 8-bit, PAL DV siting.
    Yuv420Paldv,
    /// `420mpeg2`: 8-bit, chroma left-sited.
    Yuv420Mpeg2,
    /// `420`: 8-bit, siting unspecified.
    Yuv420,
    /// `420p10`: 10-bit samples stored as 16-bit little-endian words.
    Yuv420P10,
}

impl Y4mChroma {
    /// Every supported format.
    pub const ALL: &'static [Y4mChroma] = &[
        Y4mChroma::Yuv420Jpeg,
        Y4mChroma::Yuv420Paldv,
        Y4mChroma::Yuv420Mpeg2,
        Y4mChroma::Yuv420,
        Y4mChroma::Yuv420P10,
    ];

    /// The `C` parameter value, e.g. `"420jpeg"`.
    pub const fn name(self) -> &'static str {
        match self {
            Y4mChroma::Yuv420Jpeg => "420jpeg",
            Y4mChroma::Yuv420Paldv => "420paldv",
            Y4mChroma::Yuv420Mpeg2 => "420mpeg2",
            Y4mChroma::Yuv420 => "420",
            Y4mChroma::Yuv420P10 => "420p10",
        }
    }

    /// The format for a `C` parameter value, if supported.
    pub fn from_name(name: &str) -> Option<Y4mChroma> {
        Y4mChroma::ALL.iter().copied().find(|c| c.name() == name)
    }

    /// Significant bits per sample.
    pub const fn bit_depth(self) -> u32 {
        match self {
            Y4mChroma::Yuv420P10 => 10,
            _ => 8,
        }
    }

    /// Bytes each sample occupies in the file (1, or 2 for depths above 8).
    pub const fn bytes_per_sample(self) -> usize {
        if self.bit_depth() > 8 { 2 } else { 1 }
    }

    /// The pixel format frames are delivered in: I420 for 8-bit, P010 for 10-bit (the layout
    /// the 10-bit encoders read natively), in the given range.
    pub const fn pixel_format(self, range: ColorRange) -> PixelFormat {
        match (self.bit_depth() > 8, range) {
            (false, ColorRange::Video) => PixelFormat::I420,
            (false, ColorRange::Full) => PixelFormat::I420FullRange,
            (true, ColorRange::Video) => PixelFormat::P010VideoRange,
            (true, ColorRange::Full) => PixelFormat::P010FullRange,
        }
    }

    /// The CoreVideo chroma-location value for this format's siting, when it names one.
    pub const fn chroma_location(self) -> Option<&'static str> {
        match self {
            Y4mChroma::Yuv420Jpeg => Some(chroma_location::CENTER),
            Y4mChroma::Yuv420Paldv => Some(chroma_location::DV_420),
            Y4mChroma::Yuv420Mpeg2 => Some(chroma_location::LEFT),
            Y4mChroma::Yuv420 | Y4mChroma::Yuv420P10 => None,
        }
    }

    /// Bytes of one frame's pixel data for a `width`×`height` picture (chroma planes round
    /// up for odd sizes, as FFmpeg does), or `None` on overflow.
    pub fn frame_size(self, width: usize, height: usize) -> Option<usize> {
        let chroma = width.div_ceil(2).checked_mul(height.div_ceil(2))?;
        let samples = width
            .checked_mul(height)?
            .checked_add(chroma.checked_mul(2)?)?;
        samples.checked_mul(self.bytes_per_sample())
    }
}

impl fmt::Display for Y4mChroma {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
