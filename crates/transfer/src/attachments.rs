//! The destination's attachments after a transfer.
//!
//! Everything the source carries is propagated (as CoreVideo's attachment propagation does),
//! then the keys the transfer changed are rewritten: the Y'CbCr matrix becomes the one the
//! pixels were actually converted to (and is dropped for RGB, which has none), the colour tags
//! take the requested destination values, and clean aperture / pixel aspect ratio describe the
//! new geometry. A stale colour attachment would make the encoder signal the wrong colours.

use framepress_core::color::attachment_keys as keys;
use framepress_core::{ColorPrimaries, PixelBuffer, TransferFunction, Value, YCbCrMatrix};

use crate::geometry::Placement;

/// The colour description of the destination.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ColorTags {
    pub primaries: Option<ColorPrimaries>,
    pub transfer: Option<TransferFunction>,
    /// `None` for RGB destinations.
    pub matrix: Option<YCbCrMatrix>,
}

/// Rewrites `dst`'s attachments from `src`'s, the placement and the colour tags.
pub(crate) fn apply(
    dst: &mut PixelBuffer,
    src: &PixelBuffer,
    placement: &Placement,
    tags: ColorTags,
) {
    dst.attachments_mut().merge(src.attachments());
    if let Some(p) = tags.primaries {
        dst.set_attachment(keys::COLOR_PRIMARIES, Some(p.into()));
    }
    if let Some(t) = tags.transfer {
        dst.set_attachment(keys::TRANSFER_FUNCTION, Some(t.into()));
    }
    dst.set_attachment(keys::YCBCR_MATRIX, tags.matrix.map(Value::from));
    dst.set_attachment(
        keys::CLEAN_APERTURE,
        placement
            .clean_aperture
            .map(|ca| Value::from(ca.to_dictionary())),
    );
    dst.set_attachment(
        keys::PIXEL_ASPECT_RATIO,
        placement
            .pixel_aspect_ratio
            .map(|par| Value::from(par.to_dictionary())),
    );
}
