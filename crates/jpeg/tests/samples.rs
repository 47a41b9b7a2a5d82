//! What each output sample carries: timing, attachments, the shared format description, and
//! valid JPEG data for every size and native format.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use framepress_core::{
    CleanAperture, Dictionary, EncoderOutput, ErrorKind, PixelAspectRatio, PixelBuffer,
    PixelFormat, Time, Value,
};

#[test]
fn timing_attachments_and_one_shared_description() {
    let props = Dictionary::new()
        .with("ColorPrimaries", "ITU_R_709_2")
        .with("TransferFunction", "ITU_R_709_2")
        .with("YCbCrMatrix", "ITU_R_709_2")
        .with(
            "PixelAspectRatio",
            PixelAspectRatio {
                horizontal_spacing: 4,
                vertical_spacing: 3,
            }
            .to_dictionary(),
        )
        .with(
            "CleanAperture",
            CleanAperture {
                width: 60.0,
                height: 40.0,
                horizontal_offset: 0.0,
                vertical_offset: 0.0,
            }
            .to_dictionary(),
        );
    let mut enc = create(&config(64, 48, PixelFormat::I420, props));
    let before = enc.format_description();
    let mut samples = Vec::new();
    for id in 0..4 {
        let mut f = frame(id, synthetic(64, 48, 4, id));
        if id == 2 {
            f.duration = Time::INVALID;
        }
        let (pts, duration) = (f.pts, f.duration);
        let mut out = Vec::new();
        enc.encode(f, &mut out).unwrap();
        let [EncoderOutput::Sample { source_id, sample }] = &out[..] else {
            panic!("{out:?}")
        };
        assert_eq!(*source_id, id);
        assert_eq!(sample.presentation_time_stamp(), pts);
        assert_eq!(sample.decode_time_stamp(), pts);
        assert_eq!(sample.duration(), duration);
        assert!(sample.is_sync());
        let a = sample.sample_attachments_dictionary();
        assert_eq!(a.get("DependsOnOthers"), Some(&Value::Bool(false)));
        assert!(!a.contains_key("NotSync"));
        assert!(sample.format_description().same_object(&before));
        assert!(sample.reconstruction().is_none());
        samples.push(sample.clone());
    }
    let mut out = Vec::new();
    enc.flush(&mut out).unwrap();
    assert!(out.is_empty(), "nothing is held back");

    let fd = samples[0].format_description();
    assert_eq!(fd.codec_type(), framepress_core::CodecType::JPEG);
    assert_eq!(fd.dimensions(), (64, 48));
    let ext = |k: &str| fd.extension(k).cloned();
    assert_eq!(ext("FormatName"), Some(Value::from("Photo - JPEG")));
    assert_eq!(ext("FullRangeVideo"), Some(Value::Bool(true)));
    assert_eq!(
        ext("CVImageBufferColorPrimaries"),
        Some(Value::from("ITU_R_709_2"))
    );
    assert_eq!(
        ext("CVImageBufferTransferFunction"),
        Some(Value::from("ITU_R_709_2"))
    );
    // The samples were converted to JFIF's matrix, and the description says so.
    assert_eq!(
        ext("CVImageBufferYCbCrMatrix"),
        Some(Value::from("ITU_R_601_4"))
    );
    let par = ext("CVPixelAspectRatio").unwrap();
    assert_eq!(
        PixelAspectRatio::from_dictionary(par.as_dictionary().unwrap())
            .unwrap()
            .horizontal_spacing,
        4
    );
    let ca = ext("CVCleanAperture").unwrap();
    assert_eq!(
        CleanAperture::from_dictionary(ca.as_dictionary().unwrap())
            .unwrap()
            .width,
        60.0
    );

    // The pixel aspect ratio is in the JFIF header too: APP0 "JFIF\0", version, units 0, 4:3.
    let data = samples[0].data();
    assert_eq!(&data[..4], &[0xFF, 0xD8, 0xFF, 0xE0]);
    assert_eq!(&data[6..11], b"JFIF\0");
    assert_eq!(&data[13..18], &[0, 0, 4, 0, 3]);
    assert_eq!(&data[data.len() - 2..], &[0xFF, 0xD9]);
}

/// Baseline (SOF0), three components, luma sampled 2×2 and chroma 1×1: 4:2:0.
#[test]
fn bitstream_is_baseline_420() {
    let sample = encode_with(
        &synthetic(48, 32, 2, 1),
        Dictionary::new().with("Quality", 0.95),
    );
    let data = sample.data();
    let sof = data
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("SOF0 marker");
    assert!(
        !data.windows(2).any(|w| w == [0xFF, 0xC2]),
        "not progressive"
    );
    let h = &data[sof + 2..];
    assert_eq!(h[2], 8, "8-bit precision");
    assert_eq!(u16::from_be_bytes([h[3], h[4]]), 32);
    assert_eq!(u16::from_be_bytes([h[5], h[6]]), 48);
    assert_eq!(h[7], 3);
    assert_eq!([h[9], h[12], h[15]], [0x22, 0x11, 0x11]);
}

#[test]
fn odd_and_tiny_sizes() {
    for (w, h) in [(17, 9), (1, 1), (1, 17), (33, 2), (15, 15), (257, 3)] {
        let image = synthetic(w, h, 6, (w * h) as u64);
        let sample = encode_with(&image, Dictionary::new().with("Quality", 0.9));
        let d = decode_ycbcr(sample.data());
        assert_eq!((d.width, d.height), (w, h));
        let db = psnr(&luma(&image), &d.component(0));
        assert!(db > 30.0, "{w}x{h}: PSNR-Y {db:.1}");
        assert_eq!(
            sample.format_description().dimensions(),
            (w as i32, h as i32)
        );
    }
}

/// NV12 and I420 of the same picture produce the same bytes: the layouts are read alike.
#[test]
fn nv12_equals_i420() {
    let i420 = synthetic(34, 18, 8, 3);
    let a = encode_with(&i420, Dictionary::new());
    let b = encode_with(
        &to_nv12(&i420, PixelFormat::Nv12FullRange),
        Dictionary::new(),
    );
    assert_eq!(a.data(), b.data());
}

/// A frame of the wrong size fails alone: the next frame still encodes.
#[test]
fn wrong_frame_fails_without_panicking() {
    let mut enc = create(&config(
        32,
        32,
        PixelFormat::I420FullRange,
        Dictionary::new(),
    ));
    let mut out = Vec::new();
    enc.encode(frame(0, synthetic(16, 16, 0, 1)), &mut out)
        .unwrap();
    enc.encode(
        frame(1, PixelBuffer::new(32, 32, PixelFormat::Bgra).unwrap()),
        &mut out,
    )
    .unwrap();
    enc.encode(frame(2, synthetic(32, 32, 0, 1)), &mut out)
        .unwrap();
    assert_eq!(out.len(), 3);
    match &out[0] {
        EncoderOutput::Failed {
            source_id: 0,
            error,
        } => assert_eq!(error.kind(), ErrorKind::Parameter),
        other => panic!("{other:?}"),
    }
    match &out[1] {
        EncoderOutput::Failed {
            source_id: 1,
            error,
        } => {
            assert_eq!(error.kind(), ErrorKind::PixelTransferNotSupported)
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        &out[2],
        EncoderOutput::Sample { source_id: 2, .. }
    ));
}
