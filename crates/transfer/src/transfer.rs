//! [`PixelTransfer`]: the `VTPixelTransferSession` equivalent that turns whatever a client
//! submits into the encoder's native format and size.
//!
//! Every transfer runs the same three steps, picking the cheapest form of each:
//!
//! 1. **read** the source — BGRA is read in place; Y'CbCr is unpacked to planar samples;
//! 2. **place** it — crop and scale per the [`ScalingMode`](crate::ScalingMode) (skipped when
//!    the geometry is the identity);
//! 3. **convert and write** — RGB→Y'CbCr, Y'CbCr→RGB, a range/depth remap, or a matrix change
//!    through 12-bit RGB; then the attachments are rewritten.
//!
//! A transfer that changes nothing at all is a plain plane copy, so it is lossless.

use framepress_core::{Error, ErrorKind, PixelBuffer, PixelBufferAttributes, Result, YCbCrMatrix};

use crate::attachments::{self, ColorTags};
use crate::coefficients::{Forward, Inverse};
use crate::geometry::{self, Placement, Rect, SourceInfo};
use crate::image::{RGB_MAX, RgbImage, YuvImage};
use crate::layout::Layout;
use crate::properties::PixelTransferProperties;
use crate::resample::Mapping;
use crate::rgb_to_yuv::{self, BgraRows, RgbRows};
use crate::store::plane_mut;
use crate::{load, remap, store, yuv_to_rgb};

/// The Y'CbCr matrix assumed for untagged pictures: BT.601 below 720 rows (SD), BT.709 from
/// 720 rows up — the same rule CoreVideo and FFmpeg apply, so untagged input converts the way
/// it would on a Mac.
pub fn default_ycbcr_matrix(height: usize) -> YCbCrMatrix {
    YCbCrMatrix::default_for_height(height)
}

/// The matrix `buf`'s Y'CbCr samples (or, for RGB, its intended Y'CbCr encoding) use: its
/// `CVImageBufferYCbCrMatrix` attachment, else [`default_ycbcr_matrix`].
pub fn source_ycbcr_matrix(buf: &PixelBuffer) -> YCbCrMatrix {
    buf.ycbcr_matrix()
        .unwrap_or_else(|| default_ycbcr_matrix(buf.height()))
}

/// Converts pixel buffers between formats, ranges, matrices and sizes.
///
/// Stateless apart from its properties, so one instance may be shared between threads.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PixelTransfer {
    props: PixelTransferProperties,
}

/// Where converted rows go.
struct Target<'a> {
    dst: &'a mut PixelBuffer,
    layout: Layout,
    matrix: YCbCrMatrix,
    at: Rect,
}

impl PixelTransfer {
    /// A transfer with these properties.
    pub fn new(props: PixelTransferProperties) -> PixelTransfer {
        PixelTransfer { props }
    }

    /// The properties.
    pub fn properties(&self) -> &PixelTransferProperties {
        &self.props
    }

    /// Whether `src` must be transferred to become a buffer described by `attrs`: false when
    /// its format is one of `attrs.pixel_formats`, the size matches, and the properties ask
    /// for no change of geometry or matrix. Row alignment and padding are not considered.
    pub fn needs_transfer(&self, src: &PixelBuffer, attrs: &PixelBufferAttributes) -> bool {
        let format = src.pixel_format();
        let Ok(layout) = Layout::of(format) else {
            return true;
        };
        if !attrs.pixel_formats.contains(&format) || self.check_color(src).is_err() {
            return true;
        }
        let placement = self.place(src, attrs.width, attrs.height, layout);
        !placement.is_identity(src.width(), src.height(), attrs.width, attrs.height)
            || (layout != Layout::Bgra && self.destination_matrix(src) != source_ycbcr_matrix(src))
    }

    /// Converts `src` into a new buffer laid out as `attrs` asks (first format of the list).
    pub fn transfer_to_new(
        &self,
        src: &PixelBuffer,
        attrs: &PixelBufferAttributes,
    ) -> Result<PixelBuffer> {
        let mut dst = PixelBuffer::with_attributes(attrs)?;
        self.transfer(src, &mut dst)?;
        Ok(dst)
    }

    /// Converts `src` into `dst`, whose format and size are the target
    /// (`VTPixelTransferSessionTransferImage`).
    ///
    /// Errors: `kVTPixelTransferNotSupportedErr` for a format this converter does not handle
    /// or a colour-primaries / transfer-function change (gamut conversion is not implemented);
    /// `kVTAllocationFailedErr` when working memory cannot be had.
    pub fn transfer(&self, src: &PixelBuffer, dst: &mut PixelBuffer) -> Result<()> {
        let src_layout = Layout::of(src.pixel_format())?;
        let dst_layout = Layout::of(dst.pixel_format())?;
        self.check_color(src)?;
        let src_matrix = source_ycbcr_matrix(src);
        let dst_matrix = self.destination_matrix(src);
        let (dw, dh) = (dst.width(), dst.height());
        let placement = self.place(src, dw, dh, dst_layout);
        let unscaled = placement.is_identity(src.width(), src.height(), dw, dh);

        let same_pixels = src.pixel_format() == dst.pixel_format()
            && (src_layout == Layout::Bgra || src_matrix == dst_matrix);
        if unscaled && same_pixels {
            copy_planes(src, dst)?;
        } else {
            if !placement.covers(dw, dh) {
                store::fill_black(dst, dst_layout)?;
            }
            let mapping = Mapping {
                src_x: placement.src.x,
                src_y: placement.src.y,
                src_w: placement.src.w,
                src_h: placement.src.h,
                dst_w: placement.dst.w,
                dst_h: placement.dst.h,
                mode: self.props.downsampling_mode,
            };
            let mut target = Target {
                dst,
                layout: dst_layout,
                matrix: dst_matrix,
                at: placement.dst,
            };
            match src_layout {
                Layout::Bgra => {
                    let view = BgraRows(plane(src, 0)?);
                    if unscaled {
                        from_rgb(&view, &mut target)?;
                    } else {
                        let rgb = mapping.scale_rgb(&rgb_to_yuv::bgra_to_rgb12(&view)?)?;
                        from_rgb(&rgb, &mut target)?;
                    }
                }
                Layout::Yuv420 { coding, chroma } => {
                    let img = load::yuv(src, coding, chroma)?;
                    let img = if unscaled {
                        img
                    } else {
                        mapping.scale_yuv(&img)?
                    };
                    from_yuv(img, src_matrix, &mut target)?;
                }
            }
        }

        let tags = ColorTags {
            primaries: self.props.destination_color_primaries,
            transfer: self.props.destination_transfer_function,
            matrix: (dst_layout != Layout::Bgra).then_some(dst_matrix),
        };
        attachments::apply(dst, src, &placement, tags);
        Ok(())
    }

    fn destination_matrix(&self, src: &PixelBuffer) -> YCbCrMatrix {
        self.props
            .destination_ycbcr_matrix
            .unwrap_or_else(|| source_ycbcr_matrix(src))
    }

    fn place(&self, src: &PixelBuffer, dw: usize, dh: usize, dst_layout: Layout) -> Placement {
        let info = SourceInfo {
            width: src.width(),
            height: src.height(),
            clean_aperture: src.clean_aperture(),
            pixel_aspect_ratio: src.pixel_aspect_ratio(),
        };
        geometry::place(&self.props, &info, dw, dh, dst_layout.is_subsampled())
    }

    /// Gamut and transfer-curve conversion are not implemented: asking for primaries or a
    /// transfer function different from the source's tagged ones is refused rather than
    /// producing mislabelled colours.
    fn check_color(&self, src: &PixelBuffer) -> Result<()> {
        let refuse = |what: &str, from: &str, to: &str| {
            Err(Error::new(
                ErrorKind::PixelTransferNotSupported,
                format!("converting {what} from {from} to {to} is not supported"),
            ))
        };
        if let Some(want) = self.props.destination_color_primaries
            && let Some(have) = src.color_primaries()
            && want != have
        {
            return refuse("colour primaries", have.as_str(), want.as_str());
        }
        if let Some(want) = self.props.destination_transfer_function
            && let Some(have) = src.transfer_function()
            && want != have
        {
            return refuse("transfer function", have.as_str(), want.as_str());
        }
        Ok(())
    }
}

fn plane(buf: &PixelBuffer, i: usize) -> Result<framepress_core::Plane<'_>> {
    buf.plane(i).ok_or_else(|| {
        Error::new(
            ErrorKind::PixelTransferNotSupported,
            format!("buffer has no plane {i}"),
        )
    })
}

/// Lossless copy between buffers of the same format and size (strides may differ).
fn copy_planes(src: &PixelBuffer, dst: &mut PixelBuffer) -> Result<()> {
    for i in 0..src.plane_count() {
        let from = plane(src, i)?;
        let mut to = plane_mut(dst, i)?;
        for y in 0..from.height.min(to.height) {
            to.row_mut(y).copy_from_slice(from.row(y));
        }
    }
    Ok(())
}

/// Writes RGB rows into the target.
fn from_rgb<S: RgbRows>(src: &S, t: &mut Target<'_>) -> Result<()> {
    match t.layout {
        Layout::Yuv420 { coding, chroma } => {
            let mut img = YuvImage::black(src.width(), src.height(), coding)?;
            rgb_to_yuv::convert(src, &Forward::new(t.matrix, coding), &mut img)?;
            store::yuv(&img, t.dst, chroma, t.at.x, t.at.y)
        }
        Layout::Bgra => {
            let mut p = plane_mut(t.dst, 0)?;
            let w = src.width();
            let mut tmp = vec![0u32; w];
            let mut scratch = [vec![0u16; w], vec![0u16; w], vec![0u16; w]];
            let mut rows = [vec![0i32; w], vec![0i32; w], vec![0i32; w]];
            for y in 0..src.height().min(p.height.saturating_sub(t.at.y)) {
                rgb_to_yuv::rows_8bit(src, y, &mut scratch, &mut tmp, &mut rows);
                let [r, g, b] = &rows;
                store::bgra_row(&mut p, t.at.x, t.at.y + y, [r, g, b], 255);
            }
            Ok(())
        }
    }
}

/// Writes a Y'CbCr working image (matrix `matrix`) into the target.
fn from_yuv(mut img: YuvImage, matrix: YCbCrMatrix, t: &mut Target<'_>) -> Result<()> {
    match t.layout {
        Layout::Bgra => {
            let mut p = plane_mut(t.dst, 0)?;
            let (x0, y0) = (t.at.x, t.at.y);
            let rows = p.height.saturating_sub(y0);
            yuv_to_rgb::convert(
                &img,
                &Inverse::new(matrix, img.coding, 255),
                |y, r, g, b| {
                    if y < rows {
                        store::bgra_row(&mut p, x0, y0 + y, [r, g, b], 255);
                    }
                },
            )
        }
        Layout::Yuv420 { coding, chroma } if matrix == t.matrix => {
            remap::remap(&mut img, coding);
            store::yuv(&img, t.dst, chroma, t.at.x, t.at.y)
        }
        Layout::Yuv420 { .. } => {
            // A matrix change goes through RGB; 12 bits keep it below output rounding.
            let mut rgb = RgbImage::black(img.width(), img.height())?;
            yuv_to_rgb::convert(
                &img,
                &Inverse::new(matrix, img.coding, RGB_MAX),
                |y, r, g, b| {
                    for (plane, src) in [(&mut rgb.r, r), (&mut rgb.g, g), (&mut rgb.b, b)] {
                        for (d, s) in plane.row_mut(y).iter_mut().zip(src) {
                            *d = *s as u16;
                        }
                    }
                },
            )?;
            from_rgb(&rgb, t)
        }
    }
}
