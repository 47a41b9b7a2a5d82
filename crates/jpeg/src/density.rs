//! The JFIF density field: with unit 0 it carries a pixel aspect ratio, which is where a
//! still-image viewer (and FFmpeg's `sample_aspect_ratio`) looks for one.

use framepress_core::PixelAspectRatio;
use jpeg_encoder::{PixelDensity, PixelDensityUnit};

/// The density field for `par` (square pixels when `None`). Ratios whose reduced terms do
/// not fit 16 bits are scaled down to the nearest ratio that does.
pub(crate) fn jfif_density(par: Option<PixelAspectRatio>) -> PixelDensity {
    let Some(par) = par else {
        return PixelDensity::default();
    };
    let (h, v) = (
        u64::from(par.horizontal_spacing),
        u64::from(par.vertical_spacing),
    );
    let g = gcd(h, v).max(1);
    let (h, v) = (h / g, v / g);
    let largest = h.max(v);
    let (h, v) = if largest > u64::from(u16::MAX) {
        let scale =
            |x: u64| ((x as f64 * f64::from(u16::MAX) / largest as f64).round() as u64).max(1);
        (scale(h), scale(v))
    } else {
        (h, v)
    };
    let fit = |x: u64| u16::try_from(x.clamp(1, u64::from(u16::MAX))).unwrap_or(u16::MAX);
    PixelDensity {
        density: (fit(h), fit(v)),
        unit: PixelDensityUnit::PixelAspectRatio,
    }
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    fn par(h: u32, v: u32) -> Option<PixelAspectRatio> {
        Some(PixelAspectRatio {
            horizontal_spacing: h,
            vertical_spacing: v,
        })
    }

    #[test]
    fn reduces_and_fits() {
        assert_eq!(jfif_density(None), PixelDensity::default());
        assert_eq!(jfif_density(par(40, 30)).density, (4, 3));
        assert_eq!(jfif_density(par(1, 1)).density, (1, 1));
        assert_eq!(
            jfif_density(par(4_000_000, 2_000_001)).density,
            (65535, 32768)
        );
        assert_eq!(jfif_density(par(u32::MAX, 1)).density, (65535, 1));
    }
}
