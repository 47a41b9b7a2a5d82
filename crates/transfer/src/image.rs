//! Packed working images the conversion steps pass between each other.
//!
//! CoreVideo planes have padded rows, interleaved chroma and 8- or 16-bit samples; converting
//! every layout into every other directly would multiply code. Instead sources are read into
//! (or viewed as) one of two canonical forms — planar Y'CbCr 4:2:0 at the source's depth, or
//! planar 12-bit RGB — and destinations are written from them.

use framepress_core::{ColorRange, Error, ErrorKind, Result};

/// One plane of `u16` samples, rows packed without padding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Plane16 {
    pub width: usize,
    pub height: usize,
    pub data: Vec<u16>,
}

impl Plane16 {
    /// A `width`×`height` plane filled with `value`; allocation failure is an error, not an abort,
    /// because sizes come from client buffers.
    pub fn filled(width: usize, height: usize, value: u16) -> Result<Plane16> {
        Ok(Plane16 {
            width,
            height,
            data: alloc(width * height, value)?,
        })
    }

    /// Row `y`.
    pub fn row(&self, y: usize) -> &[u16] {
        &self.data[y * self.width..(y + 1) * self.width]
    }

    /// Row `y`, writable.
    pub fn row_mut(&mut self, y: usize) -> &mut [u16] {
        &mut self.data[y * self.width..(y + 1) * self.width]
    }
}

/// A vector of `len` copies of `value`, or `kVTAllocationFailedErr`.
pub(crate) fn alloc<T: Clone>(len: usize, value: T) -> Result<Vec<T>> {
    let mut v = Vec::new();
    v.try_reserve_exact(len).map_err(|_| {
        Error::new(
            ErrorKind::AllocationFailed,
            format!("cannot allocate {len} working samples"),
        )
    })?;
    v.resize(len, value);
    Ok(v)
}

/// Size of a 4:2:0 chroma plane for a `n`-sample luma dimension (rounding up, as CoreVideo does).
pub(crate) fn half(n: usize) -> usize {
    n.div_ceil(2)
}

/// How Y'CbCr samples are coded: bit depth and code range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct YuvCoding {
    pub depth: u32,
    pub range: ColorRange,
}

impl YuvCoding {
    /// Largest code value.
    pub fn max(self) -> i32 {
        (1 << self.depth) - 1
    }

    /// Code of black (zero luma) and the scale from 0…1 luma to codes.
    pub fn luma_offset_scale(self) -> (f64, f64) {
        match self.range {
            ColorRange::Video => (
                f64::from(16 << (self.depth - 8)),
                f64::from(219 << (self.depth - 8)),
            ),
            ColorRange::Full => (0.0, f64::from(self.max())),
        }
    }

    /// Code of zero chroma and the scale from −½…½ chroma to codes.
    pub fn chroma_offset_scale(self) -> (f64, f64) {
        let mid = f64::from(1 << (self.depth - 1));
        match self.range {
            ColorRange::Video => (mid, f64::from(224 << (self.depth - 8))),
            ColorRange::Full => (mid, f64::from(self.max())),
        }
    }

    /// The (Y, C) codes of black.
    pub fn black(self) -> (u16, u16) {
        let (y, _) = self.luma_offset_scale();
        (y as u16, 1 << (self.depth - 1))
    }
}

/// Planar Y'CbCr 4:2:0 with samples at `coding.depth` bits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct YuvImage {
    pub y: Plane16,
    pub cb: Plane16,
    pub cr: Plane16,
    pub coding: YuvCoding,
}

impl YuvImage {
    /// A black image.
    pub fn black(width: usize, height: usize, coding: YuvCoding) -> Result<YuvImage> {
        let (y, c) = coding.black();
        Ok(YuvImage {
            y: Plane16::filled(width, height, y)?,
            cb: Plane16::filled(half(width), half(height), c)?,
            cr: Plane16::filled(half(width), half(height), c)?,
            coding,
        })
    }

    /// Luma width.
    pub fn width(&self) -> usize {
        self.y.width
    }

    /// Luma height.
    pub fn height(&self) -> usize {
        self.y.height
    }
}

/// Largest value of a [`RgbImage`] sample. Twelve bits keep intermediate RGB (after scaling or
/// on the way between two Y'CbCr matrices) well below the rounding step of 10-bit output.
pub(crate) const RGB_MAX: i32 = 4095;

/// Planar RGB with samples 0…[`RGB_MAX`] (full range; alpha is not carried).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RgbImage {
    pub r: Plane16,
    pub g: Plane16,
    pub b: Plane16,
}

impl RgbImage {
    /// A black image.
    pub fn black(width: usize, height: usize) -> Result<RgbImage> {
        Ok(RgbImage {
            r: Plane16::filled(width, height, 0)?,
            g: Plane16::filled(width, height, 0)?,
            b: Plane16::filled(width, height, 0)?,
        })
    }

    /// Width in pixels.
    pub fn width(&self) -> usize {
        self.r.width
    }

    /// Height in pixels.
    pub fn height(&self) -> usize {
        self.r.height
    }
}
