//! Reading Y'CbCr pixel buffers into the packed working form.

use framepress_core::{Error, ErrorKind, PixelBuffer, Plane, Result};

use crate::image::{YuvCoding, YuvImage};
use crate::layout::ChromaStorage;

fn missing(i: usize) -> Error {
    Error::new(
        ErrorKind::PixelTransferNotSupported,
        format!("source buffer has no plane {i}"),
    )
}

fn plane(buf: &PixelBuffer, i: usize) -> Result<Plane<'_>> {
    buf.plane(i).ok_or_else(|| missing(i))
}

/// Widens a row of 8-bit samples, or 16-bit little-endian ones holding `depth` bits in the MSBs.
fn get_row(out: &mut [u16], row: &[u8], depth: u32) {
    if depth > 8 {
        let shift = 16 - depth;
        for (o, b) in out.iter_mut().zip(row.chunks_exact(2)) {
            *o = u16::from_le_bytes([b[0], b[1]]) >> shift;
        }
    } else {
        for (o, &b) in out.iter_mut().zip(row) {
            *o = u16::from(b);
        }
    }
}

/// Splits a row of interleaved pairs (Cb, Cr).
fn get_pairs(a: &mut [u16], b: &mut [u16], row: &[u8], depth: u32) {
    if depth > 8 {
        let shift = 16 - depth;
        for ((u, v), p) in a.iter_mut().zip(b.iter_mut()).zip(row.chunks_exact(4)) {
            *u = u16::from_le_bytes([p[0], p[1]]) >> shift;
            *v = u16::from_le_bytes([p[2], p[3]]) >> shift;
        }
    } else {
        for ((u, v), p) in a.iter_mut().zip(b.iter_mut()).zip(row.chunks_exact(2)) {
            *u = u16::from(p[0]);
            *v = u16::from(p[1]);
        }
    }
}

/// Reads a 4:2:0 buffer (NV12, I420 or P010) into a working image.
pub(crate) fn yuv(buf: &PixelBuffer, coding: YuvCoding, chroma: ChromaStorage) -> Result<YuvImage> {
    let mut img = YuvImage::black(buf.width(), buf.height(), coding)?;
    let depth = coding.depth;
    let luma = plane(buf, 0)?;
    for y in 0..img.y.height {
        get_row(img.y.row_mut(y), luma.row(y), depth);
    }
    match chroma {
        ChromaStorage::Interleaved => {
            let cbcr = plane(buf, 1)?;
            for y in 0..img.cb.height {
                get_pairs(img.cb.row_mut(y), img.cr.row_mut(y), cbcr.row(y), depth);
            }
        }
        ChromaStorage::Planar => {
            for (i, dst) in [(1, &mut img.cb), (2, &mut img.cr)] {
                let p = plane(buf, i)?;
                for y in 0..dst.height {
                    get_row(dst.row_mut(y), p.row(y), depth);
                }
            }
        }
    }
    Ok(img)
}
