//! Loading a source pixel buffer into the encoder's macroblock-aligned picture.

use framepress_core::{ColorRange, Error, ErrorKind, PixelBuffer, PixelFormat, Result};

use crate::picture::{Picture, Plane};

/// Maps samples between ranges (video ↔ full) for luma and chroma, or identity.
struct RangeMap {
    luma: [u8; 256],
    chroma: [u8; 256],
}

impl RangeMap {
    fn new(from: ColorRange, to: ColorRange) -> Option<RangeMap> {
        if from == to {
            return None;
        }
        let mut luma = [0u8; 256];
        let mut chroma = [0u8; 256];
        for v in 0..256usize {
            let (l, c) = match to {
                // full → video
                ColorRange::Video => (
                    16.0 + v as f64 * 219.0 / 255.0,
                    128.0 + (v as f64 - 128.0) * 224.0 / 255.0,
                ),
                // video → full
                ColorRange::Full => (
                    (v as f64 - 16.0) * 255.0 / 219.0,
                    128.0 + (v as f64 - 128.0) * 255.0 / 224.0,
                ),
            };
            luma[v] = l.round().clamp(0.0, 255.0) as u8;
            chroma[v] = c.round().clamp(0.0, 255.0) as u8;
        }
        Some(RangeMap { luma, chroma })
    }
}

fn fill_plane(
    dst: &mut Plane,
    rows: &mut dyn FnMut(usize, &mut [u8]),
    visible_w: usize,
    visible_h: usize,
) {
    for y in 0..visible_h {
        let row = dst.row_mut(y);
        rows(y, &mut row[..visible_w]);
        let last = row[visible_w - 1];
        row[visible_w..].fill(last);
    }
    for y in visible_h..dst.height {
        let prev = dst.row(visible_h - 1).to_vec();
        dst.row_mut(y).copy_from_slice(&prev);
    }
}

/// Copies `src` (visible `width`×`height`, one of the native formats) into `pic`, replicating
/// the last column/row into the macroblock padding and remapping the sample range to `range`.
pub fn load(src: &PixelBuffer, pic: &mut Picture, range: ColorRange) -> Result<()> {
    let (w, h) = (src.width(), src.height());
    if w > pic.y.width || h > pic.y.height {
        return Err(Error::new(
            ErrorKind::VideoEncoderMalfunction,
            "source larger than the coded picture",
        ));
    }
    let map = RangeMap::new(src.pixel_format().range(), range);
    let luma_lut = map.as_ref().map(|m| m.luma);
    let chroma_lut = map.as_ref().map(|m| m.chroma);
    let apply = |lut: &Option<[u8; 256]>, row: &mut [u8]| {
        if let Some(t) = lut {
            for v in row.iter_mut() {
                *v = t[*v as usize];
            }
        }
    };
    let plane = |i: usize| {
        src.plane(i).ok_or_else(|| {
            Error::new(
                ErrorKind::VideoEncoderMalfunction,
                format!("source plane {i} missing"),
            )
        })
    };
    let y = plane(0)?;
    fill_plane(
        &mut pic.y,
        &mut |r, out| {
            out.copy_from_slice(y.row(r));
            apply(&luma_lut, out);
        },
        w,
        h,
    );
    let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
    match src.pixel_format() {
        PixelFormat::I420 | PixelFormat::I420FullRange => {
            let (u, v) = (plane(1)?, plane(2)?);
            fill_plane(
                &mut pic.cb,
                &mut |r, out| {
                    out.copy_from_slice(u.row(r));
                    apply(&chroma_lut, out);
                },
                cw,
                ch,
            );
            fill_plane(
                &mut pic.cr,
                &mut |r, out| {
                    out.copy_from_slice(v.row(r));
                    apply(&chroma_lut, out);
                },
                cw,
                ch,
            );
        }
        PixelFormat::Nv12VideoRange | PixelFormat::Nv12FullRange => {
            let uv = plane(1)?;
            for (dst, off) in [(&mut pic.cb, 0usize), (&mut pic.cr, 1usize)] {
                fill_plane(
                    dst,
                    &mut |r, out| {
                        let row = uv.row(r);
                        for (x, o) in out.iter_mut().enumerate() {
                            *o = row[2 * x + off];
                        }
                        apply(&chroma_lut, out);
                    },
                    cw,
                    ch,
                );
            }
        }
        other => {
            return Err(Error::new(
                ErrorKind::PixelTransferNotSupported,
                format!("H.264 encoder cannot read {other}"),
            ));
        }
    }
    Ok(())
}

/// The visible part of `pic` as an I420 pixel buffer in `range` (the reconstruction users see).
pub fn to_pixel_buffer(
    pic: &Picture,
    width: usize,
    height: usize,
    range: ColorRange,
) -> Result<PixelBuffer> {
    let format = match range {
        ColorRange::Video => PixelFormat::I420,
        ColorRange::Full => PixelFormat::I420FullRange,
    };
    let mut out = PixelBuffer::new(width, height, format)?;
    for (i, plane) in [&pic.y, &pic.cb, &pic.cr].into_iter().enumerate() {
        let Some(mut dst) = out.plane_mut(i) else {
            continue;
        };
        for y in 0..dst.height {
            let w = dst.width;
            dst.row_mut(y).copy_from_slice(&plane.row(y)[..w]);
        }
    }
    Ok(out)
}
