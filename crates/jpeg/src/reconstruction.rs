//! The decoded picture of a sample, for `FramepressEmitReconstruction`.
//!
//! A JPEG encoder keeps no reference frames, so its "reconstruction" is simply what a decoder
//! makes of the sample. We run `zune-jpeg` (a decoder with no code in common with the
//! encoder) on the bytes we just wrote and return its Y'CbCr output as full-range I420:
//!
//! - luma is the decoder's output sample for sample;
//! - chroma comes out of the decoder already upsampled to full size (with libjpeg's "fancy"
//!   triangle filter; `zune-jpeg` 0.5 has no way to return the planes before upsampling), so
//!   it is brought back to 4:2:0 by averaging each 2×2 block. That equals the decoded chroma
//!   plane on flat areas and is a light [1 6 1]/8 blur of it across edges — what a viewer
//!   shows, not the coefficients' exact inverse.

use framepress_core::{Error, ErrorKind, PixelBuffer, PixelFormat, PlaneMut, Result};
use zune_core::bytestream::ZCursor;
use zune_core::colorspace::ColorSpace;
use zune_core::options::DecoderOptions;
use zune_jpeg::JpegDecoder;

/// Decodes `jpeg` into a full-range I420 buffer of its size.
///
/// Errors are `kVTVideoEncoderMalfunctionErr`: the input is meant to be this crate's own
/// output, so a failure to decode it means the encoder went wrong.
pub fn reconstruct(jpeg: &[u8]) -> Result<PixelBuffer> {
    let fail = |what: String| Error::new(ErrorKind::VideoEncoderMalfunction, what);
    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::YCbCr)
        .set_max_width(usize::from(u16::MAX))
        .set_max_height(usize::from(u16::MAX))
        .set_strict_mode(true);
    let mut decoder = JpegDecoder::new_with_options(ZCursor::new(jpeg), options);
    decoder
        .decode_headers()
        .map_err(|e| fail(format!("cannot read back the JPEG headers: {e:?}")))?;
    let info = decoder
        .info()
        .ok_or_else(|| fail("decoder reported no image info".into()))?;
    let (w, h) = (usize::from(info.width), usize::from(info.height));
    if decoder.output_colorspace() != Some(ColorSpace::YCbCr) {
        return Err(fail(format!(
            "decoder would output {:?}, not Y'CbCr",
            decoder.output_colorspace()
        )));
    }
    let mut ycbcr = vec![0u8; w * h * 3];
    decoder
        .decode_into(&mut ycbcr)
        .map_err(|e| fail(format!("cannot decode the JPEG just written: {e:?}")))?;
    i420_from_ycbcr444(&ycbcr, w, h)
}

/// Packs interleaved full-size Y'CbCr into I420, averaging chroma over each 2×2 block (over
/// the pixels that exist, at odd right and bottom edges).
fn i420_from_ycbcr444(ycbcr: &[u8], w: usize, h: usize) -> Result<PixelBuffer> {
    let mut out = PixelBuffer::new(w, h, PixelFormat::I420FullRange)?;
    {
        let mut luma = plane_mut(&mut out, 0)?;
        for y in 0..h {
            let src = &ycbcr[y * w * 3..(y + 1) * w * 3];
            for (d, px) in luma.row_mut(y).iter_mut().zip(src.chunks_exact(3)) {
                *d = px[0];
            }
        }
    }
    for (plane, component) in [(1, 1), (2, 2)] {
        let mut chroma = plane_mut(&mut out, plane)?;
        for cy in 0..h.div_ceil(2) {
            let rows = (2 * cy)..(2 * cy + 2).min(h);
            for (cx, d) in chroma.row_mut(cy).iter_mut().enumerate() {
                let cols = (2 * cx)..(2 * cx + 2).min(w);
                let (mut sum, mut n) = (0u32, 0u32);
                for y in rows.clone() {
                    for x in cols.clone() {
                        sum += u32::from(ycbcr[(y * w + x) * 3 + component]);
                        n += 1;
                    }
                }
                // n is 1, 2 or 4; round half up.
                *d = ((sum + n / 2) / n.max(1)) as u8;
            }
        }
    }
    Ok(out)
}

fn plane_mut(buffer: &mut PixelBuffer, i: usize) -> Result<PlaneMut<'_>> {
    buffer.plane_mut(i).ok_or_else(|| {
        Error::new(
            ErrorKind::VideoEncoderMalfunction,
            format!("I420 buffer lacks plane {i}"),
        )
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for bytes in [&b""[..], b"\xff\xd8\xff\xd9", b"not a jpeg at all"] {
            let e = reconstruct(bytes).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::VideoEncoderMalfunction);
        }
    }

    #[test]
    fn packs_odd_sizes() {
        // 3x3: chroma 2x2; the right column and bottom row average fewer pixels.
        let mut px = Vec::new();
        for i in 0..9u8 {
            px.extend_from_slice(&[i, 10 * i, 100]);
        }
        let b = i420_from_ycbcr444(&px, 3, 3).unwrap();
        assert_eq!(b.plane(0).unwrap().row(2), &[6, 7, 8]);
        let cb = b.plane(1).unwrap();
        assert_eq!(cb.row(0), &[20, 35]); // (0+10+30+40)/4, (20+50)/2
        assert_eq!(cb.row(1), &[65, 80]);
        assert_eq!(b.plane(2).unwrap().row(1), &[100, 100]);
    }
}
