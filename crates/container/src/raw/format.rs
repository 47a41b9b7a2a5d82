//! The raw layouts framepress reads, named as FFmpeg names them (`-pix_fmt`).

use std::fmt;
use std::str::FromStr;

use framepress_core::PixelFormat;

use super::error::RawVideoError;

/// A raw frame layout.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RawFormat {
    /// `yuv420p`: planar 8-bit 4:2:0, Y then Cb then Cr, video range.
    Yuv420p,
    /// `yuvj420p`: as `yuv420p`, full range.
    Yuvj420p,
    /// `nv12`: 8-bit Y plane, then interleaved CbCr, video range.
    Nv12,
    /// `bgra`: 8-bit B, G, R, A per pixel.
    Bgra,
    /// `yuv420p10le`: planar 10-bit 4:2:0, little-endian 16-bit words with the value in the
    /// low bits.
    Yuv420p10le,
    /// `p010le`: 10-bit Y plane then interleaved CbCr, little-endian 16-bit words with the
    /// value in the high bits.
    P010le,
}

impl RawFormat {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [RawFormat; 6] = [
        RawFormat::Yuv420p,
        RawFormat::Yuvj420p,
        RawFormat::Nv12,
        RawFormat::Bgra,
        RawFormat::Yuv420p10le,
        RawFormat::P010le,
    ];

    /// FFmpeg's name of the format.
    pub fn name(self) -> &'static str {
        match self {
            RawFormat::Yuv420p => "yuv420p",
            RawFormat::Yuvj420p => "yuvj420p",
            RawFormat::Nv12 => "nv12",
            RawFormat::Bgra => "bgra",
            RawFormat::Yuv420p10le => "yuv420p10le",
            RawFormat::P010le => "p010le",
        }
    }

    /// The pixel format frames are delivered in.
    pub fn pixel_format(self) -> PixelFormat {
        match self {
            RawFormat::Yuv420p => PixelFormat::I420,
            RawFormat::Yuvj420p => PixelFormat::I420FullRange,
            RawFormat::Nv12 => PixelFormat::Nv12VideoRange,
            RawFormat::Bgra => PixelFormat::Bgra,
            RawFormat::Yuv420p10le | RawFormat::P010le => PixelFormat::P010VideoRange,
        }
    }

    /// Significant bits per sample.
    pub fn bit_depth(self) -> u32 {
        self.pixel_format().bit_depth()
    }

    /// `(bytes per row, rows)` of each plane of a `width × height` frame, in stream order.
    pub fn planes(self, width: usize, height: usize) -> Vec<(usize, usize)> {
        let (cw, ch) = (width.div_ceil(2), height.div_ceil(2));
        match self {
            RawFormat::Yuv420p | RawFormat::Yuvj420p => {
                vec![(width, height), (cw, ch), (cw, ch)]
            }
            RawFormat::Nv12 => vec![(width, height), (2 * cw, ch)],
            RawFormat::Bgra => vec![(4 * width, height)],
            RawFormat::Yuv420p10le => vec![(2 * width, height), (2 * cw, ch), (2 * cw, ch)],
            RawFormat::P010le => vec![(2 * width, height), (4 * cw, ch)],
        }
    }

    /// Bytes of one `width × height` frame.
    pub fn frame_size(self, width: usize, height: usize) -> usize {
        self.planes(width, height).iter().map(|(w, h)| w * h).sum()
    }
}

impl fmt::Display for RawFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for RawFormat {
    type Err = RawVideoError;

    /// Parses FFmpeg's name (`yuv420p`, `nv12`, …; also `i420` and `p010`).
    fn from_str(s: &str) -> Result<RawFormat, RawVideoError> {
        let lower = s.to_ascii_lowercase();
        let alias = match lower.as_str() {
            "i420" => "yuv420p",
            "p010" => "p010le",
            other => other,
        };
        RawFormat::ALL
            .into_iter()
            .find(|f| f.name() == alias)
            .ok_or_else(|| RawVideoError::UnknownFormat(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_sizes_match_ffmpeg() {
        for f in RawFormat::ALL {
            assert_eq!(f.name().parse::<RawFormat>().unwrap(), f);
        }
        assert_eq!("I420".parse::<RawFormat>().unwrap(), RawFormat::Yuv420p);
        assert!("rgb24".parse::<RawFormat>().is_err());
        // FFmpeg's rawvideo frame sizes (av_image_get_buffer_size with alignment 1).
        assert_eq!(RawFormat::Yuv420p.frame_size(176, 144), 38016);
        assert_eq!(RawFormat::Yuv420p.frame_size(5, 3), 15 + 2 * 6);
        assert_eq!(RawFormat::Nv12.frame_size(5, 3), 15 + 12);
        assert_eq!(RawFormat::Bgra.frame_size(5, 3), 60);
        assert_eq!(RawFormat::Yuv420p10le.frame_size(4, 2), 2 * (8 + 4));
        assert_eq!(RawFormat::P010le.frame_size(4, 2), 2 * (8 + 4));
    }
}
