//! Synthetic images and sample access shared by the integration tests.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use framepress_core::{PixelBuffer, PixelFormat};
use framepress_transfer::{PixelTransfer, PixelTransferProperties};

/// A tiny deterministic PRNG (xorshift64*), so test images need no dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn byte(&mut self) -> u8 {
        (self.next() >> 56) as u8
    }
}

/// Packed BGRA bytes for `w`×`h` with `f(x, y) -> (r, g, b)`.
pub fn bgra_bytes(w: usize, h: usize, mut f: impl FnMut(usize, usize) -> (u8, u8, u8)) -> Vec<u8> {
    let mut out = Vec::with_capacity(w * h * 4);
    for y in 0..h {
        for x in 0..w {
            let (r, g, b) = f(x, y);
            out.extend_from_slice(&[b, g, r, 255]);
        }
    }
    out
}

pub fn bgra(w: usize, h: usize, f: impl FnMut(usize, usize) -> (u8, u8, u8)) -> PixelBuffer {
    let bytes = bgra_bytes(w, h, f);
    PixelBuffer::from_planes(w, h, PixelFormat::Bgra, &[(&bytes, w * 4)]).unwrap()
}

pub fn random_bgra(w: usize, h: usize, seed: u64) -> PixelBuffer {
    let mut rng = Rng::new(seed);
    bgra(w, h, |_, _| (rng.byte(), rng.byte(), rng.byte()))
}

/// A smooth colour gradient (slopes small enough that 4:2:0 chroma loses little).
pub fn gradient_bgra(w: usize, h: usize) -> PixelBuffer {
    bgra(w, h, |x, y| {
        let r = 40 + (x * 170 / w.max(1)) as u8;
        let g = 200 - (y * 150 / h.max(1)) as u8;
        let b = 60 + ((x + y) * 120 / (w + h)) as u8;
        (r, g, b)
    })
}

/// A luma ramp with slowly varying tint: chroma changes by about one code per pixel, so 4:2:0
/// round trips are limited by quantisation, not by lost chroma detail.
pub fn smooth_bgra(w: usize, h: usize) -> PixelBuffer {
    bgra(w, h, |x, y| {
        let l = 20 + x * 100 / w + y * 40 / h;
        (
            (l + 40 - x * 20 / w) as u8,
            l as u8,
            (l + 15 + y * 20 / h) as u8,
        )
    })
}

/// Saturated primaries and secondaries, black and white, in 2×2 blocks.
pub const PRIMARIES: [(u8, u8, u8); 8] = [
    (0, 0, 0),
    (255, 255, 255),
    (255, 0, 0),
    (0, 255, 0),
    (0, 0, 255),
    (255, 255, 0),
    (0, 255, 255),
    (255, 0, 255),
];

pub fn primaries_bgra(w: usize, h: usize) -> PixelBuffer {
    bgra(w, h, |x, y| {
        PRIMARIES[(x / 2 + y / 2 * 3) % PRIMARIES.len()]
    })
}

/// Every sample of plane `i` as integers (8-bit, or 16-bit LE words shifted down by `shift`).
pub fn samples(buf: &PixelBuffer, i: usize) -> Vec<Vec<i32>> {
    let p = buf.plane(i).unwrap();
    let wide = matches!(
        buf.pixel_format(),
        PixelFormat::P010VideoRange | PixelFormat::P010FullRange
    );
    p.rows()
        .map(|row| {
            if wide {
                row.chunks_exact(2)
                    .map(|b| i32::from(u16::from_le_bytes([b[0], b[1]]) >> 6))
                    .collect()
            } else {
                row.iter().map(|&b| i32::from(b)).collect()
            }
        })
        .collect()
}

/// Largest absolute difference between two equally shaped sample grids.
pub fn max_diff(a: &[Vec<i32>], b: &[Vec<i32>]) -> i32 {
    assert_eq!(a.len(), b.len(), "row count");
    a.iter()
        .zip(b)
        .flat_map(|(ra, rb)| {
            assert_eq!(ra.len(), rb.len(), "row length");
            ra.iter().zip(rb).map(|(x, y)| (x - y).abs())
        })
        .max()
        .unwrap_or(0)
}

/// Largest difference over all planes.
pub fn max_buffer_diff(a: &PixelBuffer, b: &PixelBuffer) -> i32 {
    assert_eq!(a.pixel_format(), b.pixel_format());
    (0..a.plane_count())
        .map(|i| max_diff(&samples(a, i), &samples(b, i)))
        .max()
        .unwrap_or(0)
}

/// Converts with default properties.
pub fn convert(src: &PixelBuffer, w: usize, h: usize, format: PixelFormat) -> PixelBuffer {
    convert_with(src, w, h, format, PixelTransferProperties::default())
}

pub fn convert_with(
    src: &PixelBuffer,
    w: usize,
    h: usize,
    format: PixelFormat,
    props: PixelTransferProperties,
) -> PixelBuffer {
    let mut dst = PixelBuffer::new(w, h, format).unwrap();
    PixelTransfer::new(props).transfer(src, &mut dst).unwrap();
    dst
}

/// The 4:2:0 formats.
pub const YUV_FORMATS: [PixelFormat; 6] = [
    PixelFormat::Nv12VideoRange,
    PixelFormat::Nv12FullRange,
    PixelFormat::I420,
    PixelFormat::I420FullRange,
    PixelFormat::P010VideoRange,
    PixelFormat::P010FullRange,
];

/// (Y, Cb, Cr) of pixel (x, y) of a 4:2:0 buffer.
pub fn yuv_at(buf: &PixelBuffer, x: usize, y: usize) -> (i32, i32, i32) {
    let luma = samples(buf, 0)[y][x];
    match buf.pixel_format() {
        PixelFormat::I420 | PixelFormat::I420FullRange => (
            luma,
            samples(buf, 1)[y / 2][x / 2],
            samples(buf, 2)[y / 2][x / 2],
        ),
        _ => {
            let c = &samples(buf, 1)[y / 2];
            (luma, c[x / 2 * 2], c[x / 2 * 2 + 1])
        }
    }
}

/// (R, G, B, A) of pixel (x, y) of a BGRA buffer.
pub fn bgra_at(buf: &PixelBuffer, x: usize, y: usize) -> (u8, u8, u8, u8) {
    let row = buf.plane(0).unwrap().row(y);
    (row[x * 4 + 2], row[x * 4 + 1], row[x * 4], row[x * 4 + 3])
}

/// A planar I420 image as one packed byte string (FFmpeg's `yuv420p` layout).
pub fn i420_bytes(buf: &PixelBuffer) -> Vec<u8> {
    (0..3)
        .flat_map(|i| {
            buf.plane(i)
                .unwrap()
                .rows()
                .flat_map(|r| r.to_vec())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Default properties changed by `f`.
pub fn props(f: impl FnOnce(&mut PixelTransferProperties)) -> PixelTransferProperties {
    let mut p = PixelTransferProperties::default();
    f(&mut p);
    p
}
