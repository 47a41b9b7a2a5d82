//! Conversion between Y4M's frame layout (three planar 4:2:0 planes, back to back, no row
//! padding) and pixel-buffer layouts (padded rows; NV12/P010 interleave Cb and Cr).

use framepress_core::{PixelBuffer, PixelFormat};

/// Largest 10-bit sample value.
const MAX_10BIT: u16 = 1023;

/// Fills an I420 buffer from 8-bit planar data of the frame's size (a shorter slice is
/// reported by `copy_from_planes`, never a panic).
pub(crate) fn fill_i420(buf: &mut PixelBuffer, data: &[u8]) -> framepress_core::Result<()> {
    let (w, h) = (buf.width(), buf.height());
    let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
    let (y, rest) = data.split_at(data.len().min(w * h));
    let (u, v) = rest.split_at(rest.len().min(cw * ch));
    buf.copy_from_planes(&[(y, w), (u, cw), (v, cw)])
}

/// Fills a P010 buffer from 10-bit planar data (16-bit little-endian words holding the value
/// in the low bits). Samples above 1023 — invalid for 10-bit — are clamped rather than let
/// their high bits wrap into nonsense. Data beyond the slice (never the case for a full
/// frame) leaves the buffer's rows untouched.
pub(crate) fn fill_p010(buf: &mut PixelBuffer, data: &[u8]) {
    let (w, h) = (buf.width(), buf.height());
    let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
    let (y_plane, rest) = data.split_at(data.len().min(w * h * 2));
    let (u_plane, v_plane) = rest.split_at(rest.len().min(cw * ch * 2));
    let msb = |lo: u8, hi: u8| (u16::from_le_bytes([lo, hi]).min(MAX_10BIT) << 6).to_le_bytes();

    if let Some(mut luma) = buf.plane_mut(0) {
        for (row, src) in (0..luma.height).zip(y_plane.chunks_exact(w * 2)) {
            for (dst, s) in luma
                .row_mut(row)
                .chunks_exact_mut(2)
                .zip(src.chunks_exact(2))
            {
                dst.copy_from_slice(&msb(s[0], s[1]));
            }
        }
    }
    if let Some(mut cbcr) = buf.plane_mut(1) {
        let rows = u_plane
            .chunks_exact(cw * 2)
            .zip(v_plane.chunks_exact(cw * 2));
        for (row, (us, vs)) in (0..cbcr.height).zip(rows) {
            let pairs = us.chunks_exact(2).zip(vs.chunks_exact(2));
            for (dst, (u, v)) in cbcr.row_mut(row).chunks_exact_mut(4).zip(pairs) {
                dst[..2].copy_from_slice(&msb(u[0], u[1]));
                dst[2..].copy_from_slice(&msb(v[0], v[1]));
            }
        }
    }
}

/// Appends an 8-bit 4:2:0 buffer (I420 or NV12) to `out` as Y4M planar data; `None` for
/// other formats.
pub(crate) fn append_planar_420(buf: &PixelBuffer, out: &mut Vec<u8>) -> Option<()> {
    let luma = buf.plane(0)?;
    for row in luma.rows() {
        out.extend_from_slice(row);
    }
    match buf.pixel_format() {
        PixelFormat::I420 | PixelFormat::I420FullRange => {
            for plane in [buf.plane(1)?, buf.plane(2)?] {
                for row in plane.rows() {
                    out.extend_from_slice(row);
                }
            }
        }
        PixelFormat::Nv12VideoRange | PixelFormat::Nv12FullRange => {
            let cbcr = buf.plane(1)?;
            // De-interleave: all Cb rows, then all Cr rows.
            for offset in [0, 1] {
                for row in cbcr.rows() {
                    out.extend(row.iter().skip(offset).step_by(2));
                }
            }
        }
        _ => return None,
    }
    Some(())
}
