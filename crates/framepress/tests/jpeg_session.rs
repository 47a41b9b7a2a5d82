//! The JPEG encoder through the public session API: the property set the foundation issue
//! requires, conversion of foreign sources, and FFmpeg decoding every output sample.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::mpsc::Receiver;

use framepress::media::property::keys::SESSION_PROPERTIES;
use framepress::{
    CodecType, ColorPrimaries, CompressionSession, Dictionary, FrameOptions, Output,
    PixelAspectRatio, PixelBuffer, PixelFormat, Time, Value, keys,
};

fn session() -> (CompressionSession<u32>, Receiver<Output<u32>>) {
    CompressionSession::builder(96, 64, CodecType::JPEG)
        .build_with_receiver::<u32>()
        .unwrap()
}

const REQUIRED_RW: &[&str] = &[
    "Quality",
    "RealTime",
    "ExpectedFrameRate",
    "AllowTemporalCompression",
    "ColorPrimaries",
    "TransferFunction",
    "YCbCrMatrix",
    "PixelAspectRatio",
    "CleanAperture",
    "PixelTransferProperties",
];
const REQUIRED_RO: &[&str] = &[
    "NumberOfPendingFrames",
    "PixelBufferPoolIsShared",
    "VideoEncoderPixelBufferAttributes",
    "EncoderID",
    "UsingHardwareAcceleratedVideoEncoder",
];

#[test]
fn jpeg_supports_the_required_keys_and_nothing_silently() {
    let (s, _rx) = session();
    let supported = s.copy_supported_property_dictionary().unwrap();
    for k in REQUIRED_RW {
        let d = supported
            .get(k)
            .and_then(Value::as_dictionary)
            .unwrap_or_else(|| panic!("{k} missing"));
        assert_eq!(
            d.get("ReadWriteStatus"),
            Some(&Value::from("ReadWrite")),
            "{k}"
        );
    }
    for k in REQUIRED_RO {
        let d = supported
            .get(k)
            .and_then(Value::as_dictionary)
            .unwrap_or_else(|| panic!("{k} missing"));
        assert_eq!(
            d.get("ReadWriteStatus"),
            Some(&Value::from("ReadOnly")),
            "{k}"
        );
        assert_eq!(
            s.set_property(k, Some(Value::Int(0))).unwrap_err().code(),
            -12901,
            "{k}"
        );
        assert!(s.copy_property(k).unwrap().is_some(), "{k} has no value");
    }
    for def in SESSION_PROPERTIES {
        if !supported.contains_key(def.name) {
            assert_eq!(
                s.set_property(def.name, Some(Value::Int(1)))
                    .unwrap_err()
                    .code(),
                -12900,
                "{}",
                def.name
            );
        }
    }
    assert_eq!(
        s.get(keys::USING_HARDWARE_ACCELERATED_VIDEO_ENCODER)
            .unwrap(),
        Some(false)
    );
    assert_eq!(
        s.get(keys::ENCODER_ID).unwrap().as_deref(),
        Some("com.framepress.jpeg")
    );
    assert_eq!(
        s.set(keys::ALLOW_TEMPORAL_COMPRESSION, true)
            .unwrap_err()
            .code(),
        -12902
    );
    s.set(keys::ALLOW_TEMPORAL_COMPRESSION, false).unwrap();
    assert_eq!(s.set(keys::QUALITY, 1.01).unwrap_err().code(), -12902);
}

fn gradient(w: usize, h: usize, format: PixelFormat) -> PixelBuffer {
    let mut b = PixelBuffer::new(w, h, format).unwrap();
    for i in 0..b.plane_count() {
        let mut p = b.plane_mut(i).unwrap();
        for y in 0..p.height {
            let row = p.row_mut(y);
            for (x, v) in row.iter_mut().enumerate() {
                *v = (40 + (x * 3 + y * 2 + i * 50) % 160) as u8;
            }
        }
    }
    b
}

#[test]
fn quality_changes_size_monotonically_mid_session() {
    let (s, rx) = session();
    let frame = gradient(96, 64, PixelFormat::I420);
    let mut sizes = Vec::new();
    for (i, q) in [0.1, 0.4, 0.7, 1.0].iter().enumerate() {
        s.set(keys::QUALITY, *q).unwrap();
        s.encode_frame(
            &frame,
            Time::new(i as i64, 30),
            Time::new(1, 30),
            &FrameOptions::default(),
            i as u32,
        )
        .unwrap();
        s.complete_frames(Time::INVALID).unwrap();
        sizes.push(rx.recv().unwrap().sample.unwrap().total_sample_size());
    }
    assert!(sizes.windows(2).all(|w| w[0] < w[1]), "{sizes:?}");
}

#[test]
fn format_description_carries_colour_and_aspect() {
    let (s, _rx) = session();
    s.set(keys::COLOR_PRIMARIES, ColorPrimaries::Itu709)
        .unwrap();
    s.set(
        keys::PIXEL_ASPECT_RATIO,
        PixelAspectRatio {
            horizontal_spacing: 4,
            vertical_spacing: 3,
        },
    )
    .unwrap();
    assert!(s.format_description().unwrap().is_none());
    s.prepare_to_encode_frames().unwrap();
    let fd = s.format_description().unwrap().unwrap();
    assert_eq!(fd.codec_type(), CodecType::JPEG);
    assert_eq!(fd.dimensions(), (96, 64));
    assert_eq!(
        fd.extension("CVImageBufferColorPrimaries"),
        Some(&Value::from("ITU_R_709_2"))
    );
    let par = fd
        .extension("CVPixelAspectRatio")
        .and_then(Value::as_dictionary)
        .unwrap();
    assert_eq!(
        PixelAspectRatio::from_dictionary(par)
            .unwrap()
            .horizontal_spacing,
        4
    );
    // Creation-time keys are frozen now.
    assert_eq!(
        s.set(keys::COLOR_PRIMARIES, ColorPrimaries::Itu2020)
            .unwrap_err()
            .code(),
        -12902
    );
}

#[test]
fn every_source_format_and_size_encodes_and_ffmpeg_decodes_it() {
    let (s, rx) = session();
    s.set(
        keys::PIXEL_TRANSFER_PROPERTIES,
        Dictionary::new().with("ScalingMode", "Letterbox"),
    )
    .unwrap();
    let sources = [
        gradient(96, 64, PixelFormat::I420),
        gradient(96, 64, PixelFormat::Nv12VideoRange),
        gradient(96, 64, PixelFormat::Nv12FullRange),
        gradient(96, 64, PixelFormat::Bgra),
        gradient(50, 30, PixelFormat::Bgra),
        gradient(200, 100, PixelFormat::I420FullRange),
        gradient(97, 65, PixelFormat::P010VideoRange),
    ];
    for (i, f) in sources.iter().enumerate() {
        s.encode_frame(
            f,
            Time::new(i as i64, 30),
            Time::INVALID,
            &FrameOptions::default(),
            i as u32,
        )
        .unwrap();
    }
    s.complete_frames(Time::INDEFINITE).unwrap();
    let mut stream = Vec::new();
    let mut n = 0;
    for o in rx.try_iter() {
        o.status.unwrap();
        let sample = o.sample.unwrap();
        assert!(sample.is_sync());
        assert_eq!(
            sample.presentation_time_stamp(),
            Time::new(o.source_refcon as i64, 30)
        );
        assert_eq!(o.source_refcon, n);
        stream.extend_from_slice(sample.data());
        n += 1;
    }
    assert_eq!(n as usize, sources.len());
    if let Some(ff) = framepress_testkit::ffmpeg() {
        let raw = framepress_testkit::run(
            &ff,
            &[
                "-xerror", "-f", "mjpeg", "-i", "-", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-",
            ],
            &stream,
        );
        assert_eq!(raw.len(), sources.len() * (96 * 64 * 3 / 2));
    }
}

#[test]
fn encoder_list_and_capabilities() {
    let list = framepress::copy_video_encoder_list(None).unwrap();
    assert!(
        list.iter()
            .any(|d| d.get("EncoderID") == Some(&Value::from("com.framepress.jpeg")))
    );
    let (id, props) =
        framepress::copy_supported_property_dictionary_for_encoder(640, 480, CodecType::JPEG, None)
            .unwrap();
    assert_eq!(id, "com.framepress.jpeg");
    assert!(props.contains_key("Quality"));
    assert!(!props.contains_key("MultiPassStorage"));
    assert!(!framepress::is_stereo_mv_hevc_encode_supported());
    let e =
        framepress::copy_supported_property_dictionary_for_encoder(640, 480, CodecType::HEVC, None)
            .unwrap_err();
    assert_eq!(e.code(), -12908);
}
