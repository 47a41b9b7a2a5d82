//! `CVPixelBuffer`: an image in one of the [`PixelFormat`]s, with padded rows and attachments.
//!
//! The pixel storage is shared (`Arc`) so that submitting a buffer to a session costs no copy;
//! writing through [`PixelBuffer::plane_mut`] copies first if the storage is shared
//! (copy-on-write), which turns VideoToolbox's rule "do not modify a buffer after submitting it"
//! from a hazard into a guarantee.

use std::sync::{Arc, Weak};

use crate::color::{
    CleanAperture, ColorPrimaries, PixelAspectRatio, TransferFunction, YCbCrMatrix, attachment_keys,
};
use crate::error::{Error, ErrorKind, Result};
use crate::pixel_format::PixelFormat;
use crate::pool::PoolShared;
use crate::value::{Dictionary, Value};

/// Largest width or height accepted for a pixel buffer (a sanity bound; H.264 level 6.2 tops
/// out at 8192×4320 and HEVC at 8192×4320 too, so 16384 leaves room for intermediate buffers).
pub const MAX_DIMENSION: usize = 16384;

/// CoreVideo pixel-buffer attribute key names.
pub mod attribute_keys {
    /// `kCVPixelBufferPixelFormatTypeKey`: a FourCC number or an array of them.
    pub const PIXEL_FORMAT_TYPE: &str = "PixelFormatType";
    /// `kCVPixelBufferWidthKey`.
    pub const WIDTH: &str = "Width";
    /// `kCVPixelBufferHeightKey`.
    pub const HEIGHT: &str = "Height";
    /// `kCVPixelBufferBytesPerRowAlignmentKey`.
    pub const BYTES_PER_ROW_ALIGNMENT: &str = "BytesPerRowAlignment";
    /// `kCVPixelBufferPlaneAlignmentKey`.
    pub const PLANE_ALIGNMENT: &str = "PlaneAlignment";
    /// `kCVPixelBufferExtendedPixelsLeftKey`.
    pub const EXTENDED_PIXELS_LEFT: &str = "ExtendedPixelsLeft";
    /// `kCVPixelBufferExtendedPixelsTopKey`.
    pub const EXTENDED_PIXELS_TOP: &str = "ExtendedPixelsTop";
    /// `kCVPixelBufferExtendedPixelsRightKey`.
    pub const EXTENDED_PIXELS_RIGHT: &str = "ExtendedPixelsRight";
    /// `kCVPixelBufferExtendedPixelsBottomKey`.
    pub const EXTENDED_PIXELS_BOTTOM: &str = "ExtendedPixelsBottom";
    /// Apple-platform compatibility keys: accepted so ported attribute dictionaries work,
    /// with no effect (there is no IOSurface, Metal or OpenGL interop in a portable encoder).
    pub const PLATFORM_COMPATIBILITY: &[&str] = &[
        "IOSurfaceProperties",
        "MetalCompatibility",
        "OpenGLCompatibility",
        "OpenGLESCompatibility",
        "CGImageCompatibility",
        "CGBitmapContextCompatibility",
    ];
}

/// Attributes describing buffers to create (`kCVPixelBuffer*Key` in typed form).
#[derive(Clone, Debug, PartialEq)]
pub struct PixelBufferAttributes {
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// Acceptable formats; the first is used to create buffers.
    pub pixel_formats: Vec<PixelFormat>,
    /// Row strides are multiples of this (a power of two, at least 1).
    pub bytes_per_row_alignment: usize,
    /// Plane starts are multiples of this (a power of two, at least 1).
    pub plane_alignment: usize,
    /// Extra pixels around the picture (left, top, right, bottom), for encoders that read
    /// past the edge.
    pub extended_pixels: [usize; 4],
    /// Attachments applied to every created buffer (colour keys etc.).
    pub attachments: Dictionary,
}

impl PixelBufferAttributes {
    /// Attributes for `width`×`height` buffers of `format` with 16-byte alignment.
    pub fn new(width: usize, height: usize, format: PixelFormat) -> PixelBufferAttributes {
        PixelBufferAttributes {
            width,
            height,
            pixel_formats: vec![format],
            bytes_per_row_alignment: 16,
            plane_alignment: 16,
            extended_pixels: [0; 4],
            attachments: Dictionary::new(),
        }
    }

    /// The format buffers are created in.
    pub fn pixel_format(&self) -> Option<PixelFormat> {
        self.pixel_formats.first().copied()
    }

    /// Parses a CoreVideo attribute dictionary. Missing width/height/format fall back to
    /// `defaults` (the session's size and the encoder's format); unknown keys and bad values
    /// are errors (`kCVReturnInvalidPixelBufferAttributes`), never silently dropped.
    pub fn from_dictionary(
        dict: &Dictionary,
        defaults: &PixelBufferAttributes,
    ) -> Result<PixelBufferAttributes> {
        use attribute_keys as k;
        let bad = |msg: String| Error::new(ErrorKind::CvInvalidPixelBufferAttributes, msg);
        let mut out = defaults.clone();
        for (key, value) in dict.iter() {
            let uint = || -> Result<usize> {
                value
                    .as_i64()
                    .filter(|v| *v >= 0 && (*v as usize) <= MAX_DIMENSION * 4)
                    .map(|v| v as usize)
                    .ok_or_else(|| {
                        bad(format!("{key} must be a non-negative integer, got {value}"))
                    })
            };
            match key {
                k::PIXEL_FORMAT_TYPE => {
                    let codes: Vec<&Value> = match value {
                        Value::Array(a) => a.iter().collect(),
                        v => vec![v],
                    };
                    if codes.is_empty() {
                        return Err(bad("PixelFormatType array is empty".into()));
                    }
                    let mut formats = Vec::new();
                    for c in codes {
                        let code = c
                            .as_i64()
                            .filter(|v| (0..=u32::MAX as i64).contains(v))
                            .ok_or_else(|| {
                                bad(format!("PixelFormatType must be a FourCC number, got {c}"))
                            })?;
                        let fourcc = crate::fourcc::FourCC(code as u32);
                        let f = PixelFormat::from_fourcc(fourcc).ok_or_else(|| {
                            Error::new(
                                ErrorKind::CvInvalidPixelFormat,
                                format!("pixel format {fourcc} is not supported"),
                            )
                        })?;
                        formats.push(f);
                    }
                    out.pixel_formats = formats;
                }
                k::WIDTH => out.width = uint()?,
                k::HEIGHT => out.height = uint()?,
                k::BYTES_PER_ROW_ALIGNMENT => out.bytes_per_row_alignment = uint()?.max(1),
                k::PLANE_ALIGNMENT => out.plane_alignment = uint()?.max(1),
                k::EXTENDED_PIXELS_LEFT => out.extended_pixels[0] = uint()?,
                k::EXTENDED_PIXELS_TOP => out.extended_pixels[1] = uint()?,
                k::EXTENDED_PIXELS_RIGHT => out.extended_pixels[2] = uint()?,
                k::EXTENDED_PIXELS_BOTTOM => out.extended_pixels[3] = uint()?,
                _ if k::PLATFORM_COMPATIBILITY.contains(&key) => {}
                _ if is_attachment_key(key) => {
                    out.attachments.insert(key, value.clone());
                }
                _ => return Err(bad(format!("unknown pixel-buffer attribute {key:?}"))),
            }
        }
        out.validate()?;
        Ok(out)
    }

    /// The dictionary form (what `VideoEncoderPixelBufferAttributes` reports).
    pub fn to_dictionary(&self) -> Dictionary {
        use attribute_keys as k;
        let formats: Vec<Value> = self
            .pixel_formats
            .iter()
            .map(|f| Value::Int(f.fourcc().0 as i64))
            .collect();
        let mut d = Dictionary::new()
            .with(k::WIDTH, self.width as i64)
            .with(k::HEIGHT, self.height as i64)
            .with(
                k::PIXEL_FORMAT_TYPE,
                if formats.len() == 1 {
                    formats[0].clone()
                } else {
                    Value::Array(formats)
                },
            )
            .with(
                k::BYTES_PER_ROW_ALIGNMENT,
                self.bytes_per_row_alignment as i64,
            )
            .with(k::PLANE_ALIGNMENT, self.plane_alignment as i64);
        let names = [
            k::EXTENDED_PIXELS_LEFT,
            k::EXTENDED_PIXELS_TOP,
            k::EXTENDED_PIXELS_RIGHT,
            k::EXTENDED_PIXELS_BOTTOM,
        ];
        for (name, v) in names.iter().zip(self.extended_pixels) {
            if v > 0 {
                d.insert(*name, v as i64);
            }
        }
        d.merge(&self.attachments);
        d
    }

    /// Checks sizes and alignments.
    pub fn validate(&self) -> Result<()> {
        if self.width == 0
            || self.height == 0
            || self.width > MAX_DIMENSION
            || self.height > MAX_DIMENSION
        {
            return Err(Error::new(
                ErrorKind::CvInvalidSize,
                format!(
                    "pixel buffer size {}x{} is outside 1..={MAX_DIMENSION}",
                    self.width, self.height
                ),
            ));
        }
        if self.pixel_formats.is_empty() {
            return Err(Error::new(
                ErrorKind::CvInvalidPixelFormat,
                "no pixel format given",
            ));
        }
        for (name, a) in [
            ("BytesPerRowAlignment", self.bytes_per_row_alignment),
            ("PlaneAlignment", self.plane_alignment),
        ] {
            if !a.is_power_of_two() || a > 4096 {
                return Err(Error::new(
                    ErrorKind::CvInvalidPixelBufferAttributes,
                    format!("{name} must be a power of two up to 4096, got {a}"),
                ));
            }
        }
        if self.extended_pixels.iter().any(|&e| e > 256) {
            return Err(Error::new(
                ErrorKind::CvInvalidPixelBufferAttributes,
                "extended pixels above 256 are not supported",
            ));
        }
        Ok(())
    }
}

/// Whether `key` is an image-buffer attachment key (these may appear in attribute dictionaries).
pub fn is_attachment_key(key: &str) -> bool {
    key.starts_with("CVImageBuffer")
        || key == attachment_keys::PIXEL_ASPECT_RATIO
        || key == attachment_keys::CLEAN_APERTURE
        || key == attachment_keys::FIELD_COUNT
        || key == "CVFieldDetail"
}

/// Where one plane lives inside the storage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PlaneLayout {
    /// Offset of the first visible pixel.
    offset: usize,
    stride: usize,
    width: usize,
    height: usize,
    bytes_per_pixel: usize,
}

/// Computes plane layouts and the total size for `attrs`.
pub(crate) fn layout_for(attrs: &PixelBufferAttributes) -> Result<(Vec<PlaneLayout>, usize)> {
    attrs.validate()?;
    let format = attrs
        .pixel_format()
        .ok_or_else(|| Error::new(ErrorKind::CvInvalidPixelFormat, "no pixel format given"))?;
    let [el, et, er, eb] = attrs.extended_pixels;
    let mut planes = Vec::new();
    let mut total = 0usize;
    for g in format.planes() {
        let width = g.width(attrs.width);
        let height = g.height(attrs.height);
        let (pl, pt) = (g.width(el), g.height(et));
        let (pr, pb) = (g.width(er), g.height(eb));
        let row = (pl + width + pr) * g.bytes_per_pixel;
        let stride = row.next_multiple_of(attrs.bytes_per_row_alignment);
        total = total.next_multiple_of(attrs.plane_alignment);
        let offset = total + pt * stride + pl * g.bytes_per_pixel;
        total += (pt + height + pb) * stride;
        planes.push(PlaneLayout {
            offset,
            stride,
            width,
            height,
            bytes_per_pixel: g.bytes_per_pixel,
        });
    }
    Ok((planes, total))
}

pub(crate) struct Storage {
    format: PixelFormat,
    width: usize,
    height: usize,
    planes: Vec<PlaneLayout>,
    data: Vec<u8>,
    origin: Option<Weak<PoolShared>>,
}

impl Clone for Storage {
    /// A copy made for copy-on-write does not belong to the pool.
    fn clone(&self) -> Storage {
        Storage {
            format: self.format,
            width: self.width,
            height: self.height,
            planes: self.planes.clone(),
            data: self.data.clone(),
            origin: None,
        }
    }
}

impl Drop for Storage {
    fn drop(&mut self) {
        if let Some(pool) = self.origin.take().and_then(|w| w.upgrade()) {
            pool.recycle(std::mem::take(&mut self.data));
        }
    }
}

/// A read-only view of one plane.
#[derive(Clone, Copy, Debug)]
pub struct Plane<'a> {
    data: &'a [u8],
    /// Bytes from one row to the next.
    pub stride: usize,
    /// Width in pixels (samples or sample pairs for interleaved chroma).
    pub width: usize,
    /// Height in rows.
    pub height: usize,
    /// Bytes per pixel in this plane.
    pub bytes_per_pixel: usize,
}

impl<'a> Plane<'a> {
    /// The visible bytes of row `y` (width × bytes per pixel).
    ///
    /// # Panics
    /// If `y >= height`, like slice indexing.
    pub fn row(&self, y: usize) -> &'a [u8] {
        let start = y * self.stride;
        &self.data[start..start + self.width * self.bytes_per_pixel]
    }

    /// Visible bytes per row.
    pub fn row_bytes(&self) -> usize {
        self.width * self.bytes_per_pixel
    }

    /// Iterates over the visible rows.
    pub fn rows(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        (0..self.height).map(move |y| self.row(y))
    }

    /// The plane's bytes from the first visible pixel, including row padding (the last row
    /// ends at its last visible byte).
    pub fn data(&self) -> &'a [u8] {
        self.data
    }
}

/// A writable view of one plane.
#[derive(Debug)]
pub struct PlaneMut<'a> {
    data: &'a mut [u8],
    /// Bytes from one row to the next.
    pub stride: usize,
    /// Width in pixels.
    pub width: usize,
    /// Height in rows.
    pub height: usize,
    /// Bytes per pixel in this plane.
    pub bytes_per_pixel: usize,
}

impl PlaneMut<'_> {
    /// The visible bytes of row `y`, writable.
    ///
    /// # Panics
    /// If `y >= height`, like slice indexing.
    pub fn row_mut(&mut self, y: usize) -> &mut [u8] {
        let start = y * self.stride;
        let len = self.width * self.bytes_per_pixel;
        &mut self.data[start..start + len]
    }

    /// Fills every visible byte with `value`.
    pub fn fill(&mut self, value: u8) {
        for y in 0..self.height {
            self.row_mut(y).fill(value);
        }
    }
}

/// A CoreVideo-style pixel buffer. Cloning is cheap and shares the pixels.
#[derive(Clone)]
pub struct PixelBuffer {
    storage: Arc<Storage>,
    attachments: Dictionary,
}

impl std::fmt::Debug for PixelBuffer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PixelBuffer")
            .field("width", &self.storage.width)
            .field("height", &self.storage.height)
            .field("format", &self.storage.format)
            .field("attachments", &self.attachments)
            .finish()
    }
}

impl PixelBuffer {
    /// A zero-filled buffer with 16-byte row alignment.
    pub fn new(width: usize, height: usize, format: PixelFormat) -> Result<PixelBuffer> {
        PixelBuffer::with_attributes(&PixelBufferAttributes::new(width, height, format))
    }

    /// A zero-filled buffer laid out as `attrs` asks, with its attachments applied.
    pub fn with_attributes(attrs: &PixelBufferAttributes) -> Result<PixelBuffer> {
        let (planes, size) = layout_for(attrs)?;
        let mut data = Vec::new();
        data.try_reserve_exact(size).map_err(|_| {
            Error::new(
                ErrorKind::CvAllocationFailed,
                format!("cannot allocate {size} bytes"),
            )
        })?;
        data.resize(size, 0);
        Ok(PixelBuffer::from_parts(attrs, planes, data, None))
    }

    pub(crate) fn from_parts(
        attrs: &PixelBufferAttributes,
        planes: Vec<PlaneLayout>,
        data: Vec<u8>,
        origin: Option<Weak<PoolShared>>,
    ) -> PixelBuffer {
        let format = attrs.pixel_format().unwrap_or(PixelFormat::Nv12VideoRange);
        PixelBuffer {
            storage: Arc::new(Storage {
                format,
                width: attrs.width,
                height: attrs.height,
                planes,
                data,
                origin,
            }),
            attachments: attrs.attachments.clone(),
        }
    }

    /// A buffer holding a copy of caller planes (`CVPixelBufferCreateWithPlanarBytes`).
    /// `planes[i]` is `(bytes, bytes_per_row)`; each must cover the plane's geometry.
    pub fn from_planes(
        width: usize,
        height: usize,
        format: PixelFormat,
        planes: &[(&[u8], usize)],
    ) -> Result<PixelBuffer> {
        let mut buf = PixelBuffer::new(width, height, format)?;
        buf.copy_from_planes(planes)?;
        Ok(buf)
    }

    /// Copies caller planes into this buffer; `planes[i]` is `(bytes, bytes_per_row)`.
    pub fn copy_from_planes(&mut self, planes: &[(&[u8], usize)]) -> Result<()> {
        let n = self.plane_count();
        if planes.len() != n {
            return Err(Error::parameter(format!(
                "{} needs {n} planes, got {}",
                self.pixel_format(),
                planes.len()
            )));
        }
        for (i, (src, src_stride)) in planes.iter().enumerate() {
            let Some(mut dst) = self.plane_mut(i) else {
                return Err(Error::parameter(format!("plane {i} does not exist")));
            };
            let row = dst.width * dst.bytes_per_pixel;
            if *src_stride < row {
                return Err(Error::parameter(format!(
                    "plane {i}: bytes per row {src_stride} is less than the row size {row}"
                )));
            }
            let need = src_stride * (dst.height - 1) + row;
            if src.len() < need {
                return Err(Error::parameter(format!(
                    "plane {i}: {} bytes given, {need} needed",
                    src.len()
                )));
            }
            for y in 0..dst.height {
                dst.row_mut(y)
                    .copy_from_slice(&src[y * src_stride..y * src_stride + row]);
            }
        }
        Ok(())
    }

    /// Width in pixels.
    pub fn width(&self) -> usize {
        self.storage.width
    }

    /// Height in pixels.
    pub fn height(&self) -> usize {
        self.storage.height
    }

    /// The pixel format.
    pub fn pixel_format(&self) -> PixelFormat {
        self.storage.format
    }

    /// Number of data planes (1 for packed formats).
    pub fn plane_count(&self) -> usize {
        self.storage.planes.len()
    }

    /// Whether the format is planar (CoreVideo's `IsPlanar`).
    pub fn is_planar(&self) -> bool {
        self.storage.format.is_planar()
    }

    /// Bytes per row of plane `i`.
    pub fn bytes_per_row(&self, i: usize) -> Option<usize> {
        self.storage.planes.get(i).map(|p| p.stride)
    }

    /// Total bytes of pixel storage (`CVPixelBufferGetDataSize`).
    pub fn data_size(&self) -> usize {
        self.storage.data.len()
    }

    /// A read-only view of plane `i`.
    pub fn plane(&self, i: usize) -> Option<Plane<'_>> {
        let p = self.storage.planes.get(i)?;
        let end = p.offset + p.stride * (p.height - 1) + p.width * p.bytes_per_pixel;
        Some(Plane {
            data: &self.storage.data[p.offset..end],
            stride: p.stride,
            width: p.width,
            height: p.height,
            bytes_per_pixel: p.bytes_per_pixel,
        })
    }

    /// A writable view of plane `i`; copies the pixels first if they are shared.
    pub fn plane_mut(&mut self, i: usize) -> Option<PlaneMut<'_>> {
        let storage = Arc::make_mut(&mut self.storage);
        let p = *storage.planes.get(i)?;
        let end = p.offset + p.stride * (p.height - 1) + p.width * p.bytes_per_pixel;
        Some(PlaneMut {
            data: &mut storage.data[p.offset..end],
            stride: p.stride,
            width: p.width,
            height: p.height,
            bytes_per_pixel: p.bytes_per_pixel,
        })
    }

    /// Whether two handles share the same pixels.
    pub fn shares_pixels_with(&self, other: &PixelBuffer) -> bool {
        Arc::ptr_eq(&self.storage, &other.storage)
    }

    /// All attachments.
    pub fn attachments(&self) -> &Dictionary {
        &self.attachments
    }

    /// All attachments, writable.
    pub fn attachments_mut(&mut self) -> &mut Dictionary {
        &mut self.attachments
    }

    /// One attachment.
    pub fn attachment(&self, key: &str) -> Option<&Value> {
        self.attachments.get(key)
    }

    /// Sets (or with `None` removes) one attachment.
    pub fn set_attachment(&mut self, key: &str, value: Option<Value>) {
        match value {
            Some(v) => {
                self.attachments.insert(key, v);
            }
            None => {
                self.attachments.remove(key);
            }
        }
    }

    /// Colour primaries attachment, if present and known.
    pub fn color_primaries(&self) -> Option<ColorPrimaries> {
        self.attachment(attachment_keys::COLOR_PRIMARIES)?
            .as_str()
            .and_then(ColorPrimaries::from_str_value)
    }

    /// Transfer-function attachment, if present and known.
    pub fn transfer_function(&self) -> Option<TransferFunction> {
        self.attachment(attachment_keys::TRANSFER_FUNCTION)?
            .as_str()
            .and_then(TransferFunction::from_str_value)
    }

    /// Y'CbCr matrix attachment, if present and known.
    pub fn ycbcr_matrix(&self) -> Option<YCbCrMatrix> {
        self.attachment(attachment_keys::YCBCR_MATRIX)?
            .as_str()
            .and_then(YCbCrMatrix::from_str_value)
    }

    /// Pixel-aspect-ratio attachment, if present and valid.
    pub fn pixel_aspect_ratio(&self) -> Option<PixelAspectRatio> {
        self.attachment(attachment_keys::PIXEL_ASPECT_RATIO)?
            .as_dictionary()
            .and_then(PixelAspectRatio::from_dictionary)
    }

    /// Clean-aperture attachment, if present and valid.
    pub fn clean_aperture(&self) -> Option<CleanAperture> {
        self.attachment(attachment_keys::CLEAN_APERTURE)?
            .as_dictionary()
            .and_then(CleanAperture::from_dictionary)
    }

    /// Sets the three colour attachments at once (`None` removes one).
    pub fn set_color(
        &mut self,
        primaries: Option<ColorPrimaries>,
        transfer: Option<TransferFunction>,
        matrix: Option<YCbCrMatrix>,
    ) {
        self.set_attachment(attachment_keys::COLOR_PRIMARIES, primaries.map(Value::from));
        self.set_attachment(
            attachment_keys::TRANSFER_FUNCTION,
            transfer.map(Value::from),
        );
        self.set_attachment(attachment_keys::YCBCR_MATRIX, matrix.map(Value::from));
    }

    /// Whether both buffers have the same size, format and visible pixels (padding ignored).
    pub fn same_pixels(&self, other: &PixelBuffer) -> bool {
        if self.width() != other.width()
            || self.height() != other.height()
            || self.pixel_format() != other.pixel_format()
        {
            return false;
        }
        (0..self.plane_count()).all(|i| match (self.plane(i), other.plane(i)) {
            (Some(a), Some(b)) => a.rows().zip(b.rows()).all(|(x, y)| x == y),
            _ => false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nv12_layout_with_padding() {
        let buf = PixelBuffer::new(18, 14, PixelFormat::Nv12VideoRange).unwrap();
        assert_eq!(buf.plane_count(), 2);
        assert_eq!(buf.bytes_per_row(0), Some(32));
        let c = buf.plane(1).unwrap();
        assert_eq!(
            (c.width, c.height, c.bytes_per_pixel, c.stride),
            (9, 7, 2, 32)
        );
        assert_eq!(c.row(6).len(), 18);
    }

    #[test]
    fn extended_pixels_offset_the_picture() {
        let mut a = PixelBufferAttributes::new(16, 16, PixelFormat::I420);
        a.extended_pixels = [16, 8, 16, 8];
        let mut buf = PixelBuffer::with_attributes(&a).unwrap();
        buf.plane_mut(0).unwrap().fill(7);
        let p = buf.plane(0).unwrap();
        assert_eq!(p.stride, 48);
        assert!(p.rows().all(|r| r.iter().all(|&v| v == 7)));
        // The padding stays untouched.
        assert_eq!(buf.storage.data[0], 0);
    }

    #[test]
    fn copy_on_write_protects_submitted_buffers() {
        let mut a = PixelBuffer::new(4, 4, PixelFormat::Bgra).unwrap();
        let b = a.clone();
        assert!(a.shares_pixels_with(&b));
        a.plane_mut(0).unwrap().fill(9);
        assert!(!a.shares_pixels_with(&b));
        assert_eq!(b.plane(0).unwrap().row(0)[0], 0);
        assert_eq!(a.plane(0).unwrap().row(3)[15], 9);
    }

    #[test]
    fn from_planes_validates_sizes() {
        let y = vec![1u8; 16];
        let c = vec![2u8; 4];
        let buf = PixelBuffer::from_planes(4, 4, PixelFormat::I420, &[(&y, 4), (&c, 2), (&c, 2)])
            .unwrap();
        assert_eq!(buf.plane(2).unwrap().row(1), &[2, 2]);
        let err =
            PixelBuffer::from_planes(4, 4, PixelFormat::I420, &[(&y, 4), (&c, 2)]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Parameter);
        let err =
            PixelBuffer::from_planes(4, 4, PixelFormat::I420, &[(&y[..10], 4), (&c, 2), (&c, 2)])
                .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Parameter);
        let err = PixelBuffer::from_planes(4, 4, PixelFormat::I420, &[(&y, 3), (&c, 2), (&c, 2)])
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Parameter);
    }

    #[test]
    fn invalid_sizes_are_errors() {
        assert_eq!(
            PixelBuffer::new(0, 4, PixelFormat::I420)
                .unwrap_err()
                .kind(),
            ErrorKind::CvInvalidSize
        );
        assert_eq!(
            PixelBuffer::new(MAX_DIMENSION + 1, 4, PixelFormat::I420)
                .unwrap_err()
                .kind(),
            ErrorKind::CvInvalidSize
        );
    }

    #[test]
    fn attribute_dictionary_parsing() {
        let defaults = PixelBufferAttributes::new(64, 32, PixelFormat::Nv12VideoRange);
        let d = Dictionary::new()
            .with(
                "PixelFormatType",
                Value::Array(vec![Value::Int(0x4247_5241)]),
            )
            .with("IOSurfaceProperties", Dictionary::new())
            .with("BytesPerRowAlignment", 64)
            .with("CVImageBufferYCbCrMatrix", "ITU_R_709_2");
        let a = PixelBufferAttributes::from_dictionary(&d, &defaults).unwrap();
        assert_eq!(a.pixel_formats, vec![PixelFormat::Bgra]);
        assert_eq!((a.width, a.height, a.bytes_per_row_alignment), (64, 32, 64));
        let buf = PixelBuffer::with_attributes(&a).unwrap();
        assert_eq!(buf.ycbcr_matrix(), Some(YCbCrMatrix::Itu709));
        assert_eq!(buf.bytes_per_row(0), Some(256));

        let unknown = Dictionary::new().with("Bogus", 1);
        let e = PixelBufferAttributes::from_dictionary(&unknown, &defaults).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::CvInvalidPixelBufferAttributes);
        let badfmt = Dictionary::new().with("PixelFormatType", 12345);
        let e = PixelBufferAttributes::from_dictionary(&badfmt, &defaults).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::CvInvalidPixelFormat);
        let align = Dictionary::new().with("PlaneAlignment", 3);
        assert!(PixelBufferAttributes::from_dictionary(&align, &defaults).is_err());
        // Round trip through the dictionary form.
        let back = PixelBufferAttributes::from_dictionary(&a.to_dictionary(), &defaults).unwrap();
        assert_eq!(back, a);
    }
}
