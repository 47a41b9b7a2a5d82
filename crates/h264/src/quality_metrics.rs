//! `CalculateMeanSquaredError`: the mean squared error of each plane of the reconstruction
//! against the source, attached to every sample as VideoToolbox's `QualityMetrics`.

use framepress_core::{Dictionary, Value};

use crate::picture::{Picture, Plane};

/// `kVTSampleAttachmentKey_QualityMetrics`.
pub const QUALITY_METRICS: &str = "QualityMetrics";
/// `kVTSampleAttachmentQualityMetricsKey_LumaMeanSquaredError`.
pub const LUMA_MSE: &str = "LumaMeanSquaredError";
/// `kVTSampleAttachmentQualityMetricsKey_ChromaBlueMeanSquaredError`.
pub const CHROMA_BLUE_MSE: &str = "ChromaBlueMeanSquaredError";
/// `kVTSampleAttachmentQualityMetricsKey_ChromaRedMeanSquaredError`.
pub const CHROMA_RED_MSE: &str = "ChromaRedMeanSquaredError";

/// MSE of the `width`×`height` top-left area of two planes.
fn plane_mse(a: &Plane, b: &Plane, width: usize, height: usize) -> f64 {
    if width == 0 || height == 0 {
        return 0.0;
    }
    let sum: u64 = (0..height)
        .map(|y| {
            a.row(y)[..width]
                .iter()
                .zip(&b.row(y)[..width])
                .map(|(&p, &q)| {
                    let d = i64::from(p) - i64::from(q);
                    (d * d) as u64
                })
                .sum::<u64>()
        })
        .sum();
    sum as f64 / (width * height) as f64
}

/// The `QualityMetrics` dictionary of a picture of visible size `width`×`height`.
pub fn quality_metrics(src: &Picture, recon: &Picture, width: usize, height: usize) -> Dictionary {
    let (cw, ch) = (width.div_ceil(2), height.div_ceil(2));
    Dictionary::new()
        .with(
            LUMA_MSE,
            Value::Float(plane_mse(&src.y, &recon.y, width, height)),
        )
        .with(
            CHROMA_BLUE_MSE,
            Value::Float(plane_mse(&src.cb, &recon.cb, cw, ch)),
        )
        .with(
            CHROMA_RED_MSE,
            Value::Float(plane_mse(&src.cr, &recon.cr, cw, ch)),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_planes_have_zero_error_and_a_known_offset_its_square() {
        let a = Picture::new(1, 1);
        let mut b = a.clone();
        assert_eq!(
            quality_metrics(&a, &b, 16, 16).get(LUMA_MSE),
            Some(&Value::Float(0.0))
        );
        for y in 0..16 {
            for v in b.y.row_mut(y) {
                *v = v.wrapping_add(3);
            }
        }
        let m = quality_metrics(&a, &b, 10, 6);
        assert_eq!(m.get(LUMA_MSE), Some(&Value::Float(9.0)));
        assert_eq!(m.get(CHROMA_RED_MSE), Some(&Value::Float(0.0)));
    }
}
