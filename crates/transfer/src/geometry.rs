//! Where the picture goes: the source rectangle, the destination rectangle, and the clean
//! aperture / pixel aspect ratio the destination should then carry, per [`ScalingMode`].
//!
//! * `Normal` stretches the full source over the full destination and reports the distortion
//!   through an adjusted pixel aspect ratio (and scaled clean aperture), as VideoToolbox does,
//!   so a player still shows the original shape.
//! * The other modes work on the *source clean aperture* (the full picture when there is
//!   none) and the *destination region* (the `DestinationCleanAperture` property, else the full
//!   destination). Letterbox and trim keep the display aspect ratio, computed with the pixel
//!   aspect ratios (source attachment, and `DestinationPixelAspectRatio` or else the source's).
//!
//! For chroma-subsampled destinations the picture's edges are snapped to even coordinates so no
//! chroma sample straddles picture and black bar.

use framepress_core::{CleanAperture, PixelAspectRatio};

use crate::modes::ScalingMode;
use crate::properties::PixelTransferProperties;

/// A rectangle in fractional source pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct RectF {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// A rectangle in whole destination pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Rect {
    pub x: usize,
    pub y: usize,
    pub w: usize,
    pub h: usize,
}

/// What the source offers for placement.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct SourceInfo {
    pub width: usize,
    pub height: usize,
    pub clean_aperture: Option<CleanAperture>,
    pub pixel_aspect_ratio: Option<PixelAspectRatio>,
}

/// The outcome of placement.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Placement {
    /// Part of the source that is shown.
    pub src: RectF,
    /// Where it lands in the destination.
    pub dst: Rect,
    /// Clean-aperture attachment for the destination (`None`: remove it).
    pub clean_aperture: Option<CleanAperture>,
    /// Pixel-aspect-ratio attachment for the destination (`None`: remove it).
    pub pixel_aspect_ratio: Option<PixelAspectRatio>,
}

impl Placement {
    /// Whether the destination is entirely covered by the picture.
    pub fn covers(&self, dst_w: usize, dst_h: usize) -> bool {
        self.dst
            == Rect {
                x: 0,
                y: 0,
                w: dst_w,
                h: dst_h,
            }
    }

    /// Whether the source is copied 1:1 with no crop, scaling or offset.
    pub fn is_identity(&self, src_w: usize, src_h: usize, dst_w: usize, dst_h: usize) -> bool {
        self.covers(dst_w, dst_h)
            && self.src
                == RectF {
                    x: 0.0,
                    y: 0.0,
                    w: src_w as f64,
                    h: src_h as f64,
                }
            && (src_w, src_h) == (dst_w, dst_h)
    }
}

fn full(w: usize, h: usize) -> Rect {
    Rect { x: 0, y: 0, w, h }
}

fn rect_of(ca: Option<CleanAperture>, w: usize, h: usize) -> Rect {
    match ca {
        Some(ca) => {
            let (x, y, w, h) = ca.rect_in(w, h);
            Rect { x, y, w, h }
        }
        None => full(w, h),
    }
}

fn to_f(r: Rect) -> RectF {
    RectF {
        x: r.x as f64,
        y: r.y as f64,
        w: r.w as f64,
        h: r.h as f64,
    }
}

/// Snaps a span `[pos, pos + len)` inside `[0, total)` to whole pixels (even ones when `even`),
/// never empty.
fn snap(pos: f64, len: f64, total: usize, even: bool) -> (usize, usize) {
    let q = if even { 2.0 } else { 1.0 };
    let lo = ((pos / q).round() * q).clamp(0.0, total as f64) as usize;
    let hi = (((pos + len) / q).round() * q).clamp(0.0, total as f64) as usize;
    let lo = lo.min(total.saturating_sub(1));
    let hi = if hi <= lo {
        (lo + q as usize).min(total)
    } else {
        hi
    };
    (lo, hi - lo)
}

/// [`snap`] applied to both axes of a whole-pixel rectangle.
fn snap_rect(r: Rect, dst_w: usize, dst_h: usize, even: bool) -> Rect {
    let (x, w) = snap(r.x as f64, r.w as f64, dst_w, even);
    let (y, h) = snap(r.y as f64, r.h as f64, dst_h, even);
    Rect { x, y, w, h }
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// `h:v` reduced to lowest terms, scaled down to fit `u32` if it must.
fn ratio(h: u64, v: u64) -> PixelAspectRatio {
    let g = gcd(h, v).max(1);
    let (mut h, mut v) = (h / g, v / g);
    while h > u64::from(u32::MAX) || v > u64::from(u32::MAX) {
        h = (h / 2).max(1);
        v = (v / 2).max(1);
    }
    PixelAspectRatio {
        horizontal_spacing: h as u32,
        vertical_spacing: v as u32,
    }
}

/// Places `src` into a `dst_w`×`dst_h` destination.
pub(crate) fn place(
    props: &PixelTransferProperties,
    src: &SourceInfo,
    dst_w: usize,
    dst_h: usize,
    subsampled: bool,
) -> Placement {
    let spar = src.pixel_aspect_ratio.unwrap_or(PixelAspectRatio::SQUARE);
    let (sph, spv) = (
        f64::from(spar.horizontal_spacing),
        f64::from(spar.vertical_spacing),
    );
    let dpar = props.destination_pixel_aspect_ratio.unwrap_or(spar);
    let (dph, dpv) = (
        f64::from(dpar.horizontal_spacing),
        f64::from(dpar.vertical_spacing),
    );
    let region = snap_rect(
        rect_of(props.destination_clean_aperture, dst_w, dst_h),
        dst_w,
        dst_h,
        subsampled,
    );
    let src_clean = to_f(rect_of(src.clean_aperture, src.width, src.height));
    let keep_par = |par: PixelAspectRatio| {
        (src.pixel_aspect_ratio.is_some() || par != PixelAspectRatio::SQUARE).then_some(par)
    };

    let (src_rect, dst) = match props.scaling_mode {
        ScalingMode::CropSourceToCleanAperture => (src_clean, region),
        ScalingMode::Letterbox => {
            // Destination pixels per destination pixel row that keep the display aspect.
            let aspect = src_clean.w * sph / (src_clean.h * spv) * dpv / dph;
            let (rw, rh) = (region.w as f64, region.h as f64);
            let (w, h) = if rw / rh > aspect {
                (rh * aspect, rh)
            } else {
                (rw, rw / aspect)
            };
            let (x, w) = snap(region.x as f64 + (rw - w) / 2.0, w, dst_w, subsampled);
            let (y, h) = snap(region.y as f64 + (rh - h) / 2.0, h, dst_h, subsampled);
            (src_clean, Rect { x, y, w, h })
        }
        ScalingMode::Trim => {
            let dst_aspect = region.w as f64 * dph / (region.h as f64 * dpv);
            let src_aspect = src_clean.w * sph / (src_clean.h * spv);
            let (cw, ch) = if src_aspect > dst_aspect {
                (dst_aspect * src_clean.h * spv / sph, src_clean.h)
            } else {
                (src_clean.w, src_clean.w * sph / (dst_aspect * spv))
            };
            let crop = RectF {
                x: src_clean.x + (src_clean.w - cw) / 2.0,
                y: src_clean.y + (src_clean.h - ch) / 2.0,
                w: cw,
                h: ch,
            };
            (crop, region)
        }
        // Normal, and any future mode, stretches.
        _ => (to_f(full(src.width, src.height)), full(dst_w, dst_h)),
    };

    let stretched = matches!(
        props.scaling_mode,
        ScalingMode::Normal | ScalingMode::CropSourceToCleanAperture
    );
    let pixel_aspect_ratio = match props.destination_pixel_aspect_ratio {
        Some(par) => Some(par),
        None if stretched => {
            // A destination pixel spans (sw/dw) source pixels across and (sh/dh) down.
            let h = u64::from(spar.horizontal_spacing)
                * (src_rect.w.round() as u64).max(1)
                * dst.h.max(1) as u64;
            let v = u64::from(spar.vertical_spacing)
                * (src_rect.h.round() as u64).max(1)
                * dst.w.max(1) as u64;
            keep_par(ratio(h, v))
        }
        None => keep_par(dpar),
    };

    let clean_aperture = match (
        props.destination_clean_aperture,
        props.scaling_mode,
        src.clean_aperture,
    ) {
        (Some(ca), _, _) => Some(ca),
        (None, ScalingMode::Normal, Some(ca)) => {
            let sx = dst_w as f64 / src.width as f64;
            let sy = dst_h as f64 / src.height as f64;
            Some(CleanAperture {
                width: ca.width * sx,
                height: ca.height * sy,
                horizontal_offset: ca.horizontal_offset * sx,
                vertical_offset: ca.vertical_offset * sy,
            })
        }
        _ => None,
    };

    Placement {
        src: src_rect,
        dst,
        clean_aperture,
        pixel_aspect_ratio,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(w: usize, h: usize) -> SourceInfo {
        SourceInfo {
            width: w,
            height: h,
            clean_aperture: None,
            pixel_aspect_ratio: None,
        }
    }

    fn props(mode: ScalingMode) -> PixelTransferProperties {
        PixelTransferProperties {
            scaling_mode: mode,
            ..Default::default()
        }
    }

    #[test]
    fn normal_stretches_and_adjusts_aspect() {
        let p = place(
            &props(ScalingMode::Normal),
            &src(1920, 1080),
            1280,
            1080,
            true,
        );
        assert_eq!(p.dst, full(1280, 1080));
        assert_eq!(
            p.pixel_aspect_ratio,
            Some(PixelAspectRatio {
                horizontal_spacing: 3,
                vertical_spacing: 2
            })
        );
        let p = place(
            &props(ScalingMode::Normal),
            &src(1920, 1080),
            1280,
            720,
            true,
        );
        assert_eq!(p.pixel_aspect_ratio, None);
        assert!(p.covers(1280, 720));
    }

    #[test]
    fn letterbox_centres_on_even_edges() {
        let p = place(
            &props(ScalingMode::Letterbox),
            &src(1920, 1080),
            640,
            640,
            true,
        );
        // 640 x 360 centred vertically: bars of 140 rows.
        assert_eq!(
            p.dst,
            Rect {
                x: 0,
                y: 140,
                w: 640,
                h: 360
            }
        );
        let p = place(&props(ScalingMode::Letterbox), &src(100, 100), 61, 31, true);
        assert_eq!(p.dst.y, 0);
        assert_eq!(p.dst.h, 31);
        assert_eq!(p.dst.x % 2, 0);
        assert_eq!(p.dst.w % 2, 0);
        assert_eq!(p.dst.x, 16);
        assert_eq!(p.dst.w, 30);
    }

    #[test]
    fn letterbox_honours_destination_aspect() {
        let mut pr = props(ScalingMode::Letterbox);
        // Anamorphic 720x480 with 32:27 pixels shows 16:9 content full height.
        pr.destination_pixel_aspect_ratio = Some(PixelAspectRatio {
            horizontal_spacing: 32,
            vertical_spacing: 27,
        });
        let p = place(&pr, &src(1920, 1080), 720, 480, true);
        assert_eq!(
            p.dst,
            Rect {
                x: 0,
                y: 0,
                w: 720,
                h: 480
            }
        );
        assert_eq!(p.pixel_aspect_ratio, pr.destination_pixel_aspect_ratio);
    }

    #[test]
    fn odd_destination_aperture_snaps_for_subsampled_formats() {
        let mut pr = props(ScalingMode::CropSourceToCleanAperture);
        pr.destination_clean_aperture = Some(CleanAperture {
            width: 9.0,
            height: 5.0,
            horizontal_offset: 0.0,
            vertical_offset: 0.0,
        });
        // 9x5 centred in 16x8 is x 4..13, y 2..7 (CoreVideo rounding); the edges move to the
        // nearest even coordinates, 4..14 and 2..8.
        let p = place(&pr, &src(32, 32), 16, 8, true);
        assert_eq!(
            p.dst,
            Rect {
                x: 4,
                y: 2,
                w: 10,
                h: 6
            }
        );
        let p = place(&pr, &src(32, 32), 16, 8, false);
        assert_eq!(
            p.dst,
            Rect {
                x: 4,
                y: 2,
                w: 9,
                h: 5
            }
        );
    }

    #[test]
    fn trim_crops_the_centre() {
        let p = place(
            &props(ScalingMode::Trim),
            &src(1920, 1080),
            1080,
            1080,
            true,
        );
        assert_eq!(p.dst, full(1080, 1080));
        assert_eq!(
            p.src,
            RectF {
                x: 420.0,
                y: 0.0,
                w: 1080.0,
                h: 1080.0
            }
        );
    }

    #[test]
    fn crop_to_clean_aperture() {
        let mut s = src(1920, 1088);
        s.clean_aperture = Some(CleanAperture {
            width: 1920.0,
            height: 1080.0,
            horizontal_offset: 0.0,
            vertical_offset: -4.0,
        });
        let p = place(
            &props(ScalingMode::CropSourceToCleanAperture),
            &s,
            1920,
            1080,
            true,
        );
        assert_eq!(
            p.src,
            RectF {
                x: 0.0,
                y: 0.0,
                w: 1920.0,
                h: 1080.0
            }
        );
        assert_eq!(p.clean_aperture, None);
        let p = place(&props(ScalingMode::Normal), &s, 960, 544, true);
        assert_eq!(
            p.clean_aperture,
            Some(CleanAperture {
                width: 960.0,
                height: 540.0,
                horizontal_offset: 0.0,
                vertical_offset: -2.0
            })
        );
    }
}
