//! Pixel formats (`kCVPixelFormatType_*`) and their plane geometry.

use std::fmt;

use crate::fourcc::FourCC;

/// Whether sample values use the full code range or the "video" (studio) range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ColorRange {
    /// Y 16–235, C 16–240 (8-bit), scaled for higher depths.
    Video,
    /// Y and C use 0 … 2ⁿ−1.
    Full,
}

/// A CoreVideo pixel format. Declared formats beyond what the encoders read natively are
/// converted by the pixel-transfer step before encoding.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PixelFormat {
    /// `'420v'`: NV12, Y plane + interleaved CbCr at half size, video range.
    Nv12VideoRange,
    /// `'420f'`: NV12, full range.
    Nv12FullRange,
    /// `'y420'`: I420, three planes Y, Cb, Cr, video range.
    I420,
    /// `'f420'`: I420, full range.
    I420FullRange,
    /// `'x420'`: P010, NV12 layout with 16-bit little-endian samples carrying 10 bits in the MSBs,
    /// video range.
    P010VideoRange,
    /// `'xf20'`: P010, full range.
    P010FullRange,
    /// `'BGRA'`: packed 8-bit B, G, R, A.
    Bgra,
}

/// Geometry of one plane relative to the picture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlaneGeometry {
    /// Horizontal subsampling shift (1 = half width, rounded up).
    pub shift_x: u32,
    /// Vertical subsampling shift.
    pub shift_y: u32,
    /// Bytes per pixel of this plane (2 for interleaved CbCr 8-bit, 4 for BGRA, …).
    pub bytes_per_pixel: usize,
}

impl PlaneGeometry {
    /// Plane width in pixels for a picture `width` wide (rounding up for odd sizes).
    pub fn width(&self, width: usize) -> usize {
        (width + (1 << self.shift_x) - 1) >> self.shift_x
    }

    /// Plane height in rows for a picture `height` high.
    pub fn height(&self, height: usize) -> usize {
        (height + (1 << self.shift_y) - 1) >> self.shift_y
    }

    /// Minimum bytes per row for a picture `width` wide.
    pub fn min_bytes_per_row(&self, width: usize) -> usize {
        self.width(width) * self.bytes_per_pixel
    }
}

const LUMA8: PlaneGeometry = PlaneGeometry {
    shift_x: 0,
    shift_y: 0,
    bytes_per_pixel: 1,
};
const LUMA16: PlaneGeometry = PlaneGeometry {
    shift_x: 0,
    shift_y: 0,
    bytes_per_pixel: 2,
};
const CHROMA420_8: PlaneGeometry = PlaneGeometry {
    shift_x: 1,
    shift_y: 1,
    bytes_per_pixel: 1,
};
const CBCR420_8: PlaneGeometry = PlaneGeometry {
    shift_x: 1,
    shift_y: 1,
    bytes_per_pixel: 2,
};
const CBCR420_16: PlaneGeometry = PlaneGeometry {
    shift_x: 1,
    shift_y: 1,
    bytes_per_pixel: 4,
};
const PACKED32: PlaneGeometry = PlaneGeometry {
    shift_x: 0,
    shift_y: 0,
    bytes_per_pixel: 4,
};

impl PixelFormat {
    /// Every declared format.
    pub const ALL: &'static [PixelFormat] = &[
        PixelFormat::Nv12VideoRange,
        PixelFormat::Nv12FullRange,
        PixelFormat::I420,
        PixelFormat::I420FullRange,
        PixelFormat::P010VideoRange,
        PixelFormat::P010FullRange,
        PixelFormat::Bgra,
    ];

    /// The `kCVPixelFormatType_*` FourCC.
    pub const fn fourcc(self) -> FourCC {
        FourCC::from_bytes(match self {
            PixelFormat::Nv12VideoRange => *b"420v",
            PixelFormat::Nv12FullRange => *b"420f",
            PixelFormat::I420 => *b"y420",
            PixelFormat::I420FullRange => *b"f420",
            PixelFormat::P010VideoRange => *b"x420",
            PixelFormat::P010FullRange => *b"xf20",
            PixelFormat::Bgra => *b"BGRA",
        })
    }

    /// The format with this FourCC, if declared.
    pub fn from_fourcc(code: FourCC) -> Option<PixelFormat> {
        PixelFormat::ALL
            .iter()
            .copied()
            .find(|f| f.fourcc() == code)
    }

    /// The geometry of each plane; one entry for packed formats.
    pub fn planes(self) -> &'static [PlaneGeometry] {
        match self {
            PixelFormat::Nv12VideoRange | PixelFormat::Nv12FullRange => &[LUMA8, CBCR420_8],
            PixelFormat::I420 | PixelFormat::I420FullRange => &[LUMA8, CHROMA420_8, CHROMA420_8],
            PixelFormat::P010VideoRange | PixelFormat::P010FullRange => &[LUMA16, CBCR420_16],
            PixelFormat::Bgra => &[PACKED32],
        }
    }

    /// Whether the format has separate planes (CoreVideo reports 0 planes for packed formats).
    pub fn is_planar(self) -> bool {
        self.planes().len() > 1
    }

    /// Whether this is a Y'CbCr format (as opposed to RGB).
    pub fn is_ycbcr(self) -> bool {
        !matches!(self, PixelFormat::Bgra)
    }

    /// Code range of the samples; RGB formats are full range.
    pub fn range(self) -> ColorRange {
        match self {
            PixelFormat::Nv12VideoRange | PixelFormat::I420 | PixelFormat::P010VideoRange => {
                ColorRange::Video
            }
            _ => ColorRange::Full,
        }
    }

    /// Significant bits per sample.
    pub fn bit_depth(self) -> u32 {
        match self {
            PixelFormat::P010VideoRange | PixelFormat::P010FullRange => 10,
            _ => 8,
        }
    }

    /// Whether width and height must be even for this format to describe whole chroma samples.
    /// (Odd sizes are still accepted; chroma planes round up, as CoreVideo does.)
    pub fn is_chroma_subsampled(self) -> bool {
        self.planes().iter().any(|p| p.shift_x > 0 || p.shift_y > 0)
    }
}

impl fmt::Display for PixelFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            PixelFormat::Nv12VideoRange => "NV12 video range",
            PixelFormat::Nv12FullRange => "NV12 full range",
            PixelFormat::I420 => "I420 video range",
            PixelFormat::I420FullRange => "I420 full range",
            PixelFormat::P010VideoRange => "P010 video range",
            PixelFormat::P010FullRange => "P010 full range",
            PixelFormat::Bgra => "BGRA",
        };
        write!(f, "{name} {}", self.fourcc())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fourcc_round_trip() {
        for &f in PixelFormat::ALL {
            assert_eq!(PixelFormat::from_fourcc(f.fourcc()), Some(f));
        }
        assert_eq!(PixelFormat::Nv12VideoRange.fourcc().0, 0x3432_3076);
        assert_eq!(PixelFormat::Bgra.fourcc().0, 0x4247_5241);
    }

    #[test]
    fn odd_sizes_round_chroma_up() {
        let cbcr = PixelFormat::Nv12VideoRange.planes()[1];
        assert_eq!(cbcr.width(5), 3);
        assert_eq!(cbcr.height(3), 2);
        assert_eq!(cbcr.min_bytes_per_row(5), 6);
        assert_eq!(
            PixelFormat::P010VideoRange.planes()[1].min_bytes_per_row(5),
            12
        );
    }
}
