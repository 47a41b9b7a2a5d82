//! The descriptor, the property support list, creation checks, and mid-session changes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use framepress_core::{CodecType, Dictionary, ErrorKind, PixelFormat, Value};
use framepress_jpeg::{JpegEncoder, JpegStats, NATIVE_PIXEL_FORMATS, descriptor};

#[test]
fn descriptor_names_and_formats() {
    let d = descriptor();
    assert_eq!(d.codec_type, CodecType::JPEG);
    assert_eq!(d.codec_type.fourcc().to_bytes(), *b"jpeg");
    assert_eq!(d.encoder_id, "com.framepress.jpeg");
    assert!(!d.supports_frame_reordering && !d.supports_low_latency_rate_control);
    for f in [
        PixelFormat::I420,
        PixelFormat::I420FullRange,
        PixelFormat::Nv12VideoRange,
        PixelFormat::Nv12FullRange,
    ] {
        assert!(d.native_pixel_formats.contains(&f), "{f}");
    }
    assert_eq!(d.native_pixel_formats, NATIVE_PIXEL_FORMATS);
    let list = d.to_dictionary();
    assert_eq!(
        list.get("EncoderID"),
        Some(&Value::from("com.framepress.jpeg"))
    );
}

#[test]
fn supported_keys_are_exactly_the_honoured_ones() {
    let mut names: Vec<&str> = (descriptor().supported_properties)(640, 480)
        .iter()
        .map(|s| s.def.name)
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "AllowTemporalCompression",
            "CleanAperture",
            "ColorPrimaries",
            "ExpectedFrameRate",
            "FramepressEmitReconstruction",
            "PixelAspectRatio",
            "Quality",
            "RealTime",
            "TransferFunction",
            "YCbCrMatrix",
        ]
    );
    let list = (descriptor().supported_properties)(640, 480);
    let quality = list.iter().find(|s| s.def.name == "Quality").unwrap();
    assert_eq!((quality.min, quality.max), (Some(0.0), Some(1.0)));
    assert_eq!(quality.default, Some(Value::Float(0.75)));
    assert!(quality.check_value(&Value::Float(1.01)).is_err());
    let rate = list
        .iter()
        .find(|s| s.def.name == "ExpectedFrameRate")
        .unwrap();
    assert!(rate.check_value(&Value::Float(-1.0)).is_err());
    assert!(rate.check_value(&Value::Float(29.97)).is_ok());
}

#[test]
fn temporal_compression_true_is_rejected() {
    let list = (descriptor().supported_properties)(64, 64);
    let s = list
        .iter()
        .find(|s| s.def.name == "AllowTemporalCompression")
        .unwrap();
    assert!(s.check_value(&Value::Bool(false)).is_ok());
    let e = s.check_value(&Value::Bool(true)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Parameter);
    assert!(e.detail().contains("JPEG is intra-only"), "{e}");

    // Creating with it set is refused the same way, and false is fine.
    let bad = config(
        64,
        64,
        PixelFormat::I420,
        Dictionary::new().with("AllowTemporalCompression", true),
    );
    let e = (descriptor().create)(&bad).err().unwrap();
    assert_eq!(e.kind(), ErrorKind::Parameter);
    assert!(e.detail().contains("JPEG is intra-only"), "{e}");
    let ok = config(
        64,
        64,
        PixelFormat::I420,
        Dictionary::new().with("AllowTemporalCompression", false),
    );
    assert!((descriptor().create)(&ok).is_ok());
}

#[test]
fn creation_checks_size_and_format() {
    for (w, h) in [(0, 16), (16, 0), (16385, 16), (16, 70000)] {
        let e = (descriptor().create)(&config(w, h, PixelFormat::I420, Dictionary::new()))
            .err()
            .unwrap();
        assert_eq!(e.kind(), ErrorKind::Parameter, "{w}x{h}");
    }
    for f in [PixelFormat::Bgra, PixelFormat::P010VideoRange] {
        let e = (descriptor().create)(&config(16, 16, f, Dictionary::new()))
            .err()
            .unwrap();
        assert_eq!(e.kind(), ErrorKind::CouldNotCreateInstance, "{f}");
    }
    let e = (descriptor().create)(&config(
        16,
        16,
        PixelFormat::I420,
        Dictionary::new().with("Quality", 2.0),
    ))
    .err()
    .unwrap();
    assert_eq!(e.kind(), ErrorKind::Parameter);
}

#[test]
fn real_time_and_frame_rate_are_accepted() {
    let props = Dictionary::new()
        .with("RealTime", true)
        .with("ExpectedFrameRate", 25.0);
    let cfg = config(32, 32, PixelFormat::I420FullRange, props);
    let mut enc = JpegEncoder::new(&cfg).unwrap();
    assert_eq!(enc.stats().expected_frame_rate, 25.0);
    let sample = encode_one(&mut enc, 0, synthetic(32, 32, 4, 1));
    let stats: JpegStats = enc.stats();
    assert_eq!(
        (stats.frames_encoded, stats.bytes_emitted),
        (1, sample.total_sample_size() as u64)
    );
    let bps = stats.average_bit_rate().unwrap();
    assert!((bps - sample.total_sample_size() as f64 * 8.0 * 25.0).abs() < 1e-6);
}

#[test]
fn quality_changes_mid_session() {
    let image = synthetic(96, 64, 6, 9);
    let mut enc = create(&config(
        96,
        64,
        PixelFormat::I420FullRange,
        Dictionary::new().with("Quality", 0.2),
    ));
    let low = encode_one(enc.as_mut(), 0, image.clone());
    enc.update_property("Quality", Some(&Value::Float(0.95)))
        .unwrap();
    let high = encode_one(enc.as_mut(), 1, image.clone());
    assert!(high.total_sample_size() > low.total_sample_size() * 2);
    // Back to the default (0.75): in between.
    enc.update_property("Quality", None).unwrap();
    let default = encode_one(enc.as_mut(), 2, image.clone());
    assert!(default.total_sample_size() > low.total_sample_size());
    assert!(default.total_sample_size() < high.total_sample_size());
    // The description does not change with quality.
    assert!(
        low.format_description()
            .same_object(high.format_description())
    );

    // Out of range or wrongly typed values are refused and change nothing.
    let e = enc
        .update_property("Quality", Some(&Value::Float(1.5)))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Parameter);
    let e = enc
        .update_property("Quality", Some(&Value::from("best")))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Parameter);
    assert_eq!(encode_one(enc.as_mut(), 3, image).data(), default.data());

    // ExpectedFrameRate may change too (the table marks it mid-session); it is only recorded.
    enc.update_property("ExpectedFrameRate", Some(&Value::Float(50.0)))
        .unwrap();

    // Everything else is fixed for the session.
    for (key, value) in [
        ("YCbCrMatrix", Value::from("ITU_R_709_2")),
        ("RealTime", Value::Bool(true)),
        ("FramepressEmitReconstruction", Value::Bool(true)),
        ("AverageBitRate", Value::Int(1_000_000)),
    ] {
        let e = enc.update_property(key, Some(&value)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Parameter, "{key}");
    }
}
