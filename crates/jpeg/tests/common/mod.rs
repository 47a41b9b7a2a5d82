//! Shared test support: synthetic frames, configs, driving the encoder, and an independent
//! decoder (`jpeg-decoder`, which shares no code with `jpeg-encoder` or `zune-jpeg`).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use framepress_core::{
    Dictionary, EncoderConfig, EncoderOutput, EncoderSpecification, FrameOptions, PixelBuffer,
    PixelFormat, SampleBuffer, SourceFrame, Time, VideoEncoder,
};

/// A config for `width`×`height` frames of `format` with these properties.
pub fn config(
    width: usize,
    height: usize,
    format: PixelFormat,
    properties: Dictionary,
) -> EncoderConfig {
    EncoderConfig {
        width,
        height,
        pixel_format: format,
        properties,
        specification: EncoderSpecification::default(),
    }
}

/// Creates the encoder the way the session does: through the descriptor.
pub fn create(config: &EncoderConfig) -> Box<dyn VideoEncoder> {
    (framepress_jpeg::descriptor().create)(config).unwrap()
}

/// Frame `id` at 30 fps.
pub fn frame(id: u64, image: PixelBuffer) -> SourceFrame {
    SourceFrame {
        id,
        image,
        pts: Time::new(id as i64, 30),
        duration: Time::new(1, 30),
        options: FrameOptions::default(),
    }
}

/// Encodes one frame and returns its sample, checking it came out at once and alone.
pub fn encode_one(encoder: &mut dyn VideoEncoder, id: u64, image: PixelBuffer) -> SampleBuffer {
    let mut out = Vec::new();
    encoder.encode(frame(id, image), &mut out).unwrap();
    assert_eq!(out.len(), 1, "one output per frame, immediately");
    match out.pop().unwrap() {
        EncoderOutput::Sample { source_id, sample } => {
            assert_eq!(source_id, id);
            sample
        }
        other => panic!("expected a sample, got {other:?}"),
    }
}

/// Encodes `image` once with `properties`.
pub fn encode_with(image: &PixelBuffer, properties: Dictionary) -> SampleBuffer {
    let cfg = config(
        image.width(),
        image.height(),
        image.pixel_format(),
        properties,
    );
    let mut enc = create(&cfg);
    encode_one(enc.as_mut(), 0, image.clone())
}

/// A small deterministic generator (xorshift) for noise.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed | 1)
    }
    /// Uniform in −amplitude..=amplitude.
    pub fn noise(&mut self, amplitude: i32) -> i32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        if amplitude == 0 {
            0
        } else {
            (self.0 % (2 * amplitude as u64 + 1)) as i32 - amplitude
        }
    }
}

fn clamp8(v: i32) -> u8 {
    v.clamp(0, 255) as u8
}

/// Test content in full-range I420: diagonal gradients, a sharp-edged rectangle, thin
/// stripes, and uniform noise of ±`noise` on luma (±`noise`/2 on chroma).
///
/// Everything stays inside the RGB gamut (luma 40..=205 before noise, chroma within ±24 of
/// neutral), because `jpeg-decoder` can only output RGB: with no clipping, Y'CbCr derived
/// back from its RGB differs from the decoded Y'CbCr by rounding alone.
pub fn synthetic(width: usize, height: usize, noise: i32, seed: u64) -> PixelBuffer {
    let mut rng = Rng::new(seed);
    let (cw, ch) = (width.div_ceil(2), height.div_ceil(2));
    let mut y = vec![0u8; width * height];
    for j in 0..height {
        for i in 0..width {
            let mut v = 60 + (100 * i / width.max(1)) as i32 + (30 * j / height.max(1)) as i32;
            // Rectangle with hard edges in the middle third.
            if (width / 3..2 * width / 3).contains(&i) && (height / 3..2 * height / 3).contains(&j)
            {
                v = 265 - v;
            }
            // Thin vertical stripes in the bottom band.
            if j > 5 * height / 6 && (i / 2) % 2 == 0 {
                v -= 20;
            }
            y[j * width + i] = clamp8(v + rng.noise(noise));
        }
    }
    let mut cb = vec![0u8; cw * ch];
    let mut cr = vec![0u8; cw * ch];
    for j in 0..ch {
        for i in 0..cw {
            let inside = (cw / 3..2 * cw / 3).contains(&i) && (ch / 3..2 * ch / 3).contains(&j);
            let b = 112 + (28 * i / cw.max(1)) as i32 + if inside { -10 } else { 0 };
            let r = 144 - (28 * j / ch.max(1)) as i32 + if inside { 8 } else { 0 };
            cb[j * cw + i] = clamp8(b + rng.noise(noise / 4));
            cr[j * cw + i] = clamp8(r + rng.noise(noise / 4));
        }
    }
    PixelBuffer::from_planes(
        width,
        height,
        PixelFormat::I420FullRange,
        &[(&y, width), (&cb, cw), (&cr, cw)],
    )
    .unwrap()
}

/// The same picture as NV12 of the given format (full or video range bits unchanged).
pub fn to_nv12(i420: &PixelBuffer, format: PixelFormat) -> PixelBuffer {
    let (w, h) = (i420.width(), i420.height());
    let cw = w.div_ceil(2);
    let y: Vec<u8> = i420.plane(0).unwrap().rows().flatten().copied().collect();
    let cb: Vec<u8> = i420.plane(1).unwrap().rows().flatten().copied().collect();
    let cr: Vec<u8> = i420.plane(2).unwrap().rows().flatten().copied().collect();
    let cbcr: Vec<u8> = cb.iter().zip(&cr).flat_map(|(&b, &r)| [b, r]).collect();
    PixelBuffer::from_planes(w, h, format, &[(&y, w), (&cbcr, 2 * cw)]).unwrap()
}

/// A luma plane as a packed vector.
pub fn luma(buffer: &PixelBuffer) -> Vec<u8> {
    buffer.plane(0).unwrap().rows().flatten().copied().collect()
}

/// Plane `i` as a packed vector.
pub fn plane(buffer: &PixelBuffer, i: usize) -> Vec<u8> {
    buffer.plane(i).unwrap().rows().flatten().copied().collect()
}

/// A decoded image: size and interleaved 3-byte pixels.
pub struct Decoded {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

impl Decoded {
    /// Component `c` of every pixel.
    pub fn component(&self, c: usize) -> Vec<u8> {
        self.pixels.chunks_exact(3).map(|p| p[c]).collect()
    }
    /// Pixel (x, y).
    pub fn at(&self, x: usize, y: usize) -> [u8; 3] {
        let i = (y * self.width + x) * 3;
        [self.pixels[i], self.pixels[i + 1], self.pixels[i + 2]]
    }
}

/// The independent decoder's R'G'B' output (JFIF conversion). `jpeg-decoder` 0.3 cannot
/// return Y'CbCr (its `ColorTransform::None` path panics), so tests derive Y'CbCr from this
/// with [`jfif_ycbcr`].
pub fn decode_rgb(jpeg: &[u8]) -> Decoded {
    let mut d = jpeg_decoder::Decoder::new(jpeg);
    let pixels = d.decode().expect("independent decoder accepts the JPEG");
    let info = d.info().unwrap();
    assert_eq!(info.pixel_format, jpeg_decoder::PixelFormat::RGB24);
    Decoded {
        width: usize::from(info.width),
        height: usize::from(info.height),
        pixels,
    }
}

/// Full-size JFIF Y'CbCr of decoded RGB (the forward JFIF equations, rounded).
pub fn jfif_ycbcr(rgb: &Decoded) -> Decoded {
    let pixels = rgb
        .pixels
        .chunks_exact(3)
        .flat_map(|p| {
            let [r, g, b] = [p[0], p[1], p[2]].map(f64::from);
            let y = 0.299 * r + 0.587 * g + 0.114 * b;
            let cb = 128.0 + (b - y) / 1.772;
            let cr = 128.0 + (r - y) / 1.402;
            [y, cb, cr].map(|v| v.round().clamp(0.0, 255.0) as u8)
        })
        .collect();
    Decoded {
        width: rgb.width,
        height: rgb.height,
        pixels,
    }
}

/// The independent decoder's picture as full-size Y'CbCr (via RGB, see [`decode_rgb`]).
pub fn decode_ycbcr(jpeg: &[u8]) -> Decoded {
    jfif_ycbcr(&decode_rgb(jpeg))
}

/// Full-size chroma component `c` (1 = Cb, 2 = Cr) averaged over 2×2 blocks to 4:2:0.
pub fn average_420(d: &Decoded, c: usize) -> Vec<u8> {
    let (w, h) = (d.width, d.height);
    let mut out = Vec::new();
    for cy in 0..h.div_ceil(2) {
        for cx in 0..w.div_ceil(2) {
            let (mut sum, mut n) = (0u32, 0u32);
            for y in 2 * cy..(2 * cy + 2).min(h) {
                for x in 2 * cx..(2 * cx + 2).min(w) {
                    sum += u32::from(d.at(x, y)[c]);
                    n += 1;
                }
            }
            out.push(((sum + n / 2) / n) as u8);
        }
    }
    out
}

/// PSNR in dB of 8-bit `b` against reference `a` (infinite when identical).
pub fn psnr(a: &[u8], b: &[u8]) -> f64 {
    assert_eq!(a.len(), b.len());
    let se: f64 = a
        .iter()
        .zip(b)
        .map(|(&x, &y)| (f64::from(x) - f64::from(y)).powi(2))
        .sum();
    let mse = se / a.len() as f64;
    if mse == 0.0 {
        f64::INFINITY
    } else {
        10.0 * (255.0 * 255.0 / mse).log10()
    }
}

/// Largest absolute difference.
pub fn max_diff(a: &[u8], b: &[u8]) -> u8 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .map(|(&x, &y)| x.abs_diff(y))
        .max()
        .unwrap_or(0)
}
