//! What the converter needs to know about a [`PixelFormat`]: RGB or Y'CbCr, and for Y'CbCr
//! the sample coding and how the chroma planes are stored.

use framepress_core::{Error, ErrorKind, PixelFormat, Result};

use crate::image::YuvCoding;

/// How the chroma of a 4:2:0 format is stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ChromaStorage {
    /// One plane of interleaved Cb, Cr (NV12, P010).
    Interleaved,
    /// Separate Cb and Cr planes (I420).
    Planar,
}

/// The converter's view of a pixel format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Layout {
    /// Packed 8-bit B, G, R, A.
    Bgra,
    /// Y'CbCr 4:2:0.
    Yuv420 {
        coding: YuvCoding,
        chroma: ChromaStorage,
    },
}

impl Layout {
    /// The layout of `format`; formats this converter cannot read or write are
    /// `kVTPixelTransferNotSupportedErr`.
    pub fn of(format: PixelFormat) -> Result<Layout> {
        let yuv = |depth, chroma| Layout::Yuv420 {
            coding: YuvCoding {
                depth,
                range: format.range(),
            },
            chroma,
        };
        Ok(match format {
            PixelFormat::Bgra => Layout::Bgra,
            PixelFormat::Nv12VideoRange | PixelFormat::Nv12FullRange => {
                yuv(8, ChromaStorage::Interleaved)
            }
            PixelFormat::P010VideoRange | PixelFormat::P010FullRange => {
                yuv(10, ChromaStorage::Interleaved)
            }
            PixelFormat::I420 | PixelFormat::I420FullRange => yuv(8, ChromaStorage::Planar),
            other => {
                return Err(Error::new(
                    ErrorKind::PixelTransferNotSupported,
                    format!("pixel transfer does not support {other}"),
                ));
            }
        })
    }

    /// Whether chroma is subsampled (so picture placement should stay on even coordinates).
    pub fn is_subsampled(self) -> bool {
        matches!(self, Layout::Yuv420 { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_core_format_has_a_layout() {
        for &f in PixelFormat::ALL {
            let layout = Layout::of(f);
            assert!(layout.is_ok(), "{f}");
            if let Ok(Layout::Yuv420 { coding, .. }) = layout {
                assert_eq!(coding.depth, f.bit_depth());
                assert_eq!(coding.range, f.range());
            }
        }
    }
}
