//! Feeding a 4:2:0 picture to `jpeg-encoder` row by row.
//!
//! `jpeg-encoder` takes full-resolution rows of every component and subsamples chroma itself,
//! taking the top-left sample of each 2×2 block (`ChromaSubsamplingMethod::Nearest`). We hand
//! it each chroma sample replicated over the 2×2 pixels it covers, so the block it picks is
//! exactly the source sample: the JPEG's chroma planes are our chroma planes, not a
//! resampled copy. Odd sizes work the same way: the encoder pads by repeating the last column
//! and row, which repeats the last chroma sample too.

use jpeg_encoder::{ImageBuffer, JpegColorType};

use crate::yuv::Yuv420;

/// A JFIF-colour 4:2:0 picture whose size fits the JPEG frame header.
pub(crate) struct JfifImage<'a> {
    yuv: Yuv420<'a>,
    width: u16,
    height: u16,
}

impl<'a> JfifImage<'a> {
    /// Wraps `yuv`; `None` when a dimension is 0 or above 65535.
    pub fn new(yuv: Yuv420<'a>) -> Option<JfifImage<'a>> {
        let width = u16::try_from(yuv.width()).ok().filter(|&w| w > 0)?;
        let height = u16::try_from(yuv.height()).ok().filter(|&h| h > 0)?;
        Some(JfifImage { yuv, width, height })
    }
}

impl ImageBuffer for JfifImage<'_> {
    fn get_jpeg_color_type(&self) -> JpegColorType {
        JpegColorType::Ycbcr
    }

    fn width(&self) -> u16 {
        self.width
    }

    fn height(&self) -> u16 {
        self.height
    }

    fn fill_buffers(&self, y: u16, buffers: &mut [Vec<u8>; 4]) {
        // The encoder only asks for rows below `height` (it clamps its padding rows).
        let y = usize::from(y).min(self.yuv.height() - 1);
        let [luma, cb, cr, _] = buffers;
        luma.extend_from_slice(self.yuv.luma_row(y));
        let chroma = self.yuv.chroma_row(y / 2);
        for x in 0..self.yuv.width() {
            let (b, r) = chroma.get(x / 2);
            cb.push(b);
            cr.push(r);
        }
    }
}
