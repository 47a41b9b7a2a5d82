//! Writing working images into destination pixel buffers, and painting them black.
//!
//! A picture may be placed at an offset (letterbox bars); Y'CbCr offsets are even so each
//! chroma sample belongs wholly to the picture or wholly to the bar.

use framepress_core::{Error, ErrorKind, PixelBuffer, PlaneMut, Result};

use crate::image::{Plane16, YuvImage};
use crate::layout::{ChromaStorage, Layout};

pub(crate) fn plane_mut(buf: &mut PixelBuffer, i: usize) -> Result<PlaneMut<'_>> {
    buf.plane_mut(i).ok_or_else(|| {
        Error::new(
            ErrorKind::PixelTransferNotSupported,
            format!("destination buffer has no plane {i}"),
        )
    })
}

/// Narrows a row of samples into bytes: 8-bit, or 16-bit little-endian MSB-aligned.
fn put_row(out: &mut [u8], src: &[u16], depth: u32) {
    if depth > 8 {
        let shift = 16 - depth;
        for (o, &v) in out.chunks_exact_mut(2).zip(src) {
            o.copy_from_slice(&(v << shift).to_le_bytes());
        }
    } else {
        for (o, &v) in out.iter_mut().zip(src) {
            *o = v as u8;
        }
    }
}

/// Interleaves two rows of samples (Cb, Cr) into bytes.
fn put_pairs(out: &mut [u8], a: &[u16], b: &[u16], depth: u32) {
    if depth > 8 {
        let shift = 16 - depth;
        for ((o, &u), &v) in out.chunks_exact_mut(4).zip(a).zip(b) {
            let (u, v) = ((u << shift).to_le_bytes(), (v << shift).to_le_bytes());
            o.copy_from_slice(&[u[0], u[1], v[0], v[1]]);
        }
    } else {
        for ((o, &u), &v) in out.chunks_exact_mut(2).zip(a).zip(b) {
            o[0] = u as u8;
            o[1] = v as u8;
        }
    }
}

fn bytes(depth: u32) -> usize {
    if depth > 8 { 2 } else { 1 }
}

/// Copies `planes` (one, or two to interleave) into `dst` starting at sample (`x0`, `y0`).
fn write_plane(dst: &mut PlaneMut<'_>, planes: &[&Plane16], x0: usize, y0: usize, depth: u32) {
    let n = bytes(depth) * planes.len();
    let Some(first) = planes.first() else { return };
    let rows = first.height.min(dst.height.saturating_sub(y0));
    let cols = first.width.min(dst.width.saturating_sub(x0));
    for y in 0..rows {
        let out = &mut dst.row_mut(y0 + y)[x0 * n..(x0 + cols) * n];
        match planes {
            [a, b] => put_pairs(out, &a.row(y)[..cols], &b.row(y)[..cols], depth),
            _ => put_row(out, &first.row(y)[..cols], depth),
        }
    }
}

/// Writes `img` into a Y'CbCr destination at (`x0`, `y0`) (both even).
pub(crate) fn yuv(
    img: &YuvImage,
    dst: &mut PixelBuffer,
    chroma: ChromaStorage,
    x0: usize,
    y0: usize,
) -> Result<()> {
    let depth = img.coding.depth;
    write_plane(&mut plane_mut(dst, 0)?, &[&img.y], x0, y0, depth);
    let (cx, cy) = (x0 / 2, y0 / 2);
    match chroma {
        ChromaStorage::Interleaved => {
            write_plane(&mut plane_mut(dst, 1)?, &[&img.cb, &img.cr], cx, cy, depth)
        }
        ChromaStorage::Planar => {
            write_plane(&mut plane_mut(dst, 1)?, &[&img.cb], cx, cy, depth);
            write_plane(&mut plane_mut(dst, 2)?, &[&img.cr], cx, cy, depth);
        }
    }
    Ok(())
}

/// Writes one row of 0…`max` RGB into BGRA row `y` from column `x0`, opaque.
pub(crate) fn bgra_row(dst: &mut PlaneMut<'_>, x0: usize, y: usize, rgb: [&[i32]; 3], max: i32) {
    let row = dst.row_mut(y);
    let [r, g, b] = rgb;
    for (((px, r), g), b) in row[x0 * 4..].chunks_exact_mut(4).zip(r).zip(g).zip(b) {
        let to8 = |v: i32| {
            if max == 255 {
                v as u8
            } else {
                ((v * 255 + max / 2) / max) as u8
            }
        };
        px.copy_from_slice(&[to8(*b), to8(*g), to8(*r), 255]);
    }
}

/// Paints the whole destination black (opaque for BGRA).
pub(crate) fn fill_black(dst: &mut PixelBuffer, layout: Layout) -> Result<()> {
    match layout {
        Layout::Bgra => {
            let mut p = plane_mut(dst, 0)?;
            for y in 0..p.height {
                for px in p.row_mut(y).chunks_exact_mut(4) {
                    px.copy_from_slice(&[0, 0, 0, 255]);
                }
            }
        }
        Layout::Yuv420 { coding, chroma } => {
            let black = YuvImage::black(dst.width(), dst.height(), coding)?;
            yuv(&black, dst, chroma, 0, 0)?;
        }
    }
    Ok(())
}
