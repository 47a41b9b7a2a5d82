//! Configuration validation.

#![allow(clippy::unwrap_used)]

use framepress_core::pixel_buffer::MAX_DIMENSION;
use framepress_synth::{SynthConfig, SynthError, SyntheticSource};

#[test]
fn default_is_640x360_30fps_60_frames() {
    let c = SynthConfig::default();
    assert_eq!(
        (c.width, c.height, c.frame_rate, c.frame_count, c.seed),
        (640, 360, (30, 1), Some(60), 0)
    );
    assert!(c.validate().is_ok());
}

#[test]
fn odd_sizes_are_rejected() {
    for (w, h) in [(5, 4), (4, 3), (175, 144), (1919, 1081)] {
        let err = SyntheticSource::new(SynthConfig::new(w, h)).unwrap_err();
        assert!(
            matches!(err, SynthError::OddSize { width, height } if (width, height) == (w, h)),
            "{err}"
        );
        assert!(err.to_string().contains("even"), "{err}");
    }
}

#[test]
fn out_of_range_sizes_are_rejected() {
    for (w, h) in [
        (0, 4),
        (4, 0),
        (1, 1),
        (MAX_DIMENSION + 2, 2),
        (2, MAX_DIMENSION * 2),
    ] {
        let err = SyntheticSource::new(SynthConfig::new(w, h)).unwrap_err();
        assert!(
            matches!(
                err,
                SynthError::SizeOutOfRange {
                    max: MAX_DIMENSION,
                    ..
                }
            ),
            "{w}x{h}: {err}"
        );
        assert!(err.to_string().contains(&format!("{w}x{h}")), "{err}");
    }
    assert!(SynthConfig::new(2, 2).validate().is_ok());
}

#[test]
fn bad_frame_rates_are_rejected() {
    for (num, den) in [(0, 1), (30, 0), (0, 0), (u32::MAX, 1), (1 << 31, 1)] {
        let err =
            SyntheticSource::new(SynthConfig::new(64, 48).with_frame_rate(num, den)).unwrap_err();
        assert!(
            matches!(err, SynthError::InvalidFrameRate { .. }),
            "{num}/{den}: {err}"
        );
        assert!(err.to_string().contains(&format!("{num}/{den}")), "{err}");
    }
    assert!(
        SynthConfig::new(64, 48)
            .with_frame_rate(i32::MAX as u32, 1)
            .validate()
            .is_ok()
    );
}

#[test]
fn builder_sets_fields() {
    let c = SynthConfig::new(176, 144)
        .with_frame_rate(25, 1)
        .with_frame_count(None)
        .with_seed(9);
    assert_eq!(
        c,
        SynthConfig {
            width: 176,
            height: 144,
            frame_rate: (25, 1),
            frame_count: None,
            seed: 9
        }
    );
    assert_eq!(SyntheticSource::new(c.clone()).unwrap().config(), &c);
}

#[test]
fn errors_convert_to_framepress_errors() {
    use framepress_core::ErrorKind;
    let e: framepress_core::Error = SynthConfig::new(5, 4).validate().unwrap_err().into();
    assert_eq!(e.kind(), ErrorKind::CvInvalidSize);
    assert!(e.detail().contains("5x4"), "{e}");
    let e: framepress_core::Error = SynthConfig::new(4, 4)
        .with_frame_rate(0, 1)
        .validate()
        .unwrap_err()
        .into();
    assert_eq!(e.kind(), ErrorKind::Parameter);
}
