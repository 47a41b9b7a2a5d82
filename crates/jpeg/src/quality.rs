//! How VideoToolbox's `Quality` (0.0–1.0) maps onto the IJG quality factor (1–100) that
//! scales the standard quantisation tables.

/// The `Quality` used when the property is not set: 0.75, i.e. IJG quality 75, the default
/// of libjpeg's `cjpeg` and the usual "good photo" setting — visually clean at about a
/// fifth of the size of quality 100.
pub const DEFAULT_QUALITY: f64 = 0.75;

/// The IJG quality factor for a `Quality` value: `round(100 × quality)`, clamped to 1..=100.
///
/// The mapping is linear so that the familiar IJG numbers read straight through
/// (0.5 → 50, the unscaled Annex K tables; 0.75 → 75; 1.0 → 100, all-ones tables). Quality
/// 0.0 becomes 1 because the IJG scale has no 0. Non-finite values (which the property layer
/// rejects anyway) fall back to the default instead of panicking.
pub fn quality_factor(quality: f64) -> u8 {
    let q = if quality.is_finite() {
        quality
    } else {
        DEFAULT_QUALITY
    };
    // Clamped to 1..=100 before the cast, so the cast is exact.
    (q * 100.0).round().clamp(1.0, 100.0) as u8
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn mapping_end_points_and_default() {
        assert_eq!(quality_factor(0.0), 1);
        assert_eq!(quality_factor(0.004), 1);
        assert_eq!(quality_factor(0.5), 50);
        assert_eq!(quality_factor(DEFAULT_QUALITY), 75);
        assert_eq!(quality_factor(1.0), 100);
        assert_eq!(quality_factor(7.0), 100);
        assert_eq!(quality_factor(-1.0), 1);
        assert_eq!(quality_factor(f64::NAN), 75);
    }

    #[test]
    fn mapping_is_monotonic() {
        let mut last = 0;
        for i in 0..=1000 {
            let q = quality_factor(f64::from(i) / 1000.0);
            assert!(q >= last);
            last = q;
        }
    }
}
