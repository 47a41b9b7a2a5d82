//! A read-only view of an 8-bit 4:2:0 pixel buffer (I420 or NV12), so the rest of the crate
//! reads samples the same way whatever the plane layout.

use framepress_core::{Error, ErrorKind, PixelBuffer, PixelFormat, Plane, Result};

/// One chroma row, planar or interleaved.
#[derive(Clone, Copy)]
pub(crate) enum ChromaRow<'a> {
    /// Separate Cb and Cr rows.
    Planar(&'a [u8], &'a [u8]),
    /// One row of Cb, Cr pairs.
    Interleaved(&'a [u8]),
}

impl ChromaRow<'_> {
    /// (Cb, Cr) of chroma column `cx`.
    #[inline]
    pub fn get(&self, cx: usize) -> (u8, u8) {
        match self {
            ChromaRow::Planar(cb, cr) => (cb[cx], cr[cx]),
            ChromaRow::Interleaved(cbcr) => (cbcr[2 * cx], cbcr[2 * cx + 1]),
        }
    }
}

#[derive(Clone, Copy)]
enum Chroma<'a> {
    Planar(Plane<'a>, Plane<'a>),
    Interleaved(Plane<'a>),
}

/// The planes of a 4:2:0 buffer with their geometry checked once, so row access below cannot
/// go out of bounds for rows and columns inside the picture.
#[derive(Clone, Copy)]
pub(crate) struct Yuv420<'a> {
    width: usize,
    height: usize,
    luma: Plane<'a>,
    chroma: Chroma<'a>,
}

impl<'a> Yuv420<'a> {
    /// A view of `buffer`, which must be 8-bit I420 or NV12 (either range).
    pub fn new(buffer: &'a PixelBuffer) -> Result<Yuv420<'a>> {
        let (width, height) = (buffer.width(), buffer.height());
        let plane = |i: usize, bytes_per_pixel: usize| -> Result<Plane<'a>> {
            let (w, h) = if i == 0 {
                (width, height)
            } else {
                (width.div_ceil(2), height.div_ceil(2))
            };
            buffer
                .plane(i)
                .filter(|p| p.width == w && p.height == h && p.bytes_per_pixel == bytes_per_pixel)
                .ok_or_else(|| {
                    Error::new(
                        ErrorKind::PixelTransferNotSupported,
                        format!(
                            "plane {i} of a {width}x{height} {} buffer has an unexpected shape",
                            buffer.pixel_format()
                        ),
                    )
                })
        };
        let chroma = match buffer.pixel_format() {
            PixelFormat::I420 | PixelFormat::I420FullRange => {
                Chroma::Planar(plane(1, 1)?, plane(2, 1)?)
            }
            PixelFormat::Nv12VideoRange | PixelFormat::Nv12FullRange => {
                Chroma::Interleaved(plane(1, 2)?)
            }
            other => {
                return Err(Error::new(
                    ErrorKind::PixelTransferNotSupported,
                    format!("the JPEG encoder reads 8-bit 4:2:0 (I420, NV12), not {other}"),
                ));
            }
        };
        Ok(Yuv420 {
            width,
            height,
            luma: plane(0, 1)?,
            chroma,
        })
    }

    /// Width in pixels.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Height in pixels.
    pub fn height(&self) -> usize {
        self.height
    }

    /// Luma row `y` (`width` samples).
    #[inline]
    pub fn luma_row(&self, y: usize) -> &'a [u8] {
        self.luma.row(y)
    }

    /// Chroma row `cy` (`width.div_ceil(2)` sample pairs).
    #[inline]
    pub fn chroma_row(&self, cy: usize) -> ChromaRow<'a> {
        match self.chroma {
            Chroma::Planar(cb, cr) => ChromaRow::Planar(cb.row(cy), cr.row(cy)),
            Chroma::Interleaved(cbcr) => ChromaRow::Interleaved(cbcr.row(cy)),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn planar_and_interleaved_read_alike() {
        let y: Vec<u8> = (0..15).collect();
        let cb = [10u8, 11, 12, 13, 14, 15];
        let cr = [20u8, 21, 22, 23, 24, 25];
        let cbcr: Vec<u8> = cb.iter().zip(&cr).flat_map(|(&b, &r)| [b, r]).collect();
        let i420 =
            PixelBuffer::from_planes(5, 3, PixelFormat::I420, &[(&y, 5), (&cb, 3), (&cr, 3)])
                .unwrap();
        let nv12 =
            PixelBuffer::from_planes(5, 3, PixelFormat::Nv12FullRange, &[(&y, 5), (&cbcr, 6)])
                .unwrap();
        let (a, b) = (Yuv420::new(&i420).unwrap(), Yuv420::new(&nv12).unwrap());
        for cy in 0..2 {
            for cx in 0..3 {
                assert_eq!(a.chroma_row(cy).get(cx), b.chroma_row(cy).get(cx));
            }
        }
        assert_eq!(a.chroma_row(1).get(2), (15, 25));
        assert_eq!(a.luma_row(2), b.luma_row(2));
    }

    #[test]
    fn other_formats_are_refused() {
        let bgra = PixelBuffer::new(4, 4, PixelFormat::Bgra).unwrap();
        assert_eq!(
            Yuv420::new(&bgra).err().map(|e| e.kind()),
            Some(ErrorKind::PixelTransferNotSupported)
        );
    }
}
