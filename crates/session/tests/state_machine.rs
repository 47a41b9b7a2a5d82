//! Every public call in every session state returns the documented result, never panics.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};

use common::{dur, frame, mock_encoder::MOCK, pts, registry};
use framepress_core::{Dictionary, ErrorKind, FrameOptions, Tag, TaggedBuffer, Time, Value, keys};
use framepress_session::{CompressionSession, Output, SessionState};

#[derive(Clone, Copy, Debug, PartialEq)]
enum St {
    Created,
    Prepared,
    Encoding,
    Invalidated,
    Failed,
}

fn session_in(state: St) -> CompressionSession<()> {
    let s = CompressionSession::builder(32, 16, MOCK)
        .registry(registry())
        .on_output(|o: Output<()>| {
            if o.sample
                .as_ref()
                .is_some_and(|s| s.presentation_time_stamp().value == 77)
            {
                panic!("fail the session");
            }
        })
        .build()
        .unwrap();
    match state {
        St::Created => {}
        St::Prepared => s.prepare_to_encode_frames().unwrap(),
        St::Encoding => {
            s.encode_frame(
                &frame(32, 16, 1),
                pts(0),
                dur(),
                &FrameOptions::default(),
                (),
            )
            .unwrap();
        }
        St::Invalidated => s.invalidate(),
        St::Failed => {
            s.encode_frame(
                &frame(32, 16, 1),
                pts(77),
                dur(),
                &FrameOptions::default(),
                (),
            )
            .unwrap();
            assert!(s.complete_frames(Time::INVALID).is_err());
        }
    }
    s
}

/// The expected error code of a call in a state, or 0 for success.
fn expect(state: St, ok_code: i32) -> i32 {
    match state {
        St::Invalidated => -12903,
        St::Failed => -17691,
        _ => ok_code,
    }
}

fn code<T>(r: framepress_core::Result<T>) -> i32 {
    r.map(|_| 0).unwrap_or_else(|e| e.code())
}

#[test]
fn every_call_in_every_state() {
    for st in [
        St::Created,
        St::Prepared,
        St::Encoding,
        St::Invalidated,
        St::Failed,
    ] {
        let result = catch_unwind(AssertUnwindSafe(|| {
            let started = matches!(st, St::Prepared | St::Encoding);
            // Read/write of a mid-session key works before and after starting.
            let s = session_in(st);
            assert_eq!(
                code(s.set(keys::QUALITY, 0.3)),
                expect(st, 0),
                "{st:?} set Quality"
            );
            // A creation-time key is frozen once started.
            let s = session_in(st);
            assert_eq!(
                code(s.set(keys::REAL_TIME, true)),
                expect(st, if started { -12902 } else { 0 }),
                "{st:?} set RealTime"
            );
            let s = session_in(st);
            assert_eq!(
                code(s.copy_property("Quality")),
                expect(st, 0),
                "{st:?} copy"
            );
            assert_eq!(
                code(s.set_property("Bogus", Some(Value::Int(1)))),
                expect(st, -12900)
            );
            assert_eq!(
                code(s.set_properties(&Dictionary::new().with("Quality", 0.4))),
                expect(st, 0)
            );
            assert_eq!(code(s.copy_supported_property_dictionary()), expect(st, 0));
            assert_eq!(code(s.copy_serializable_properties()), expect(st, 0));
            assert_eq!(code(s.pixel_buffer_pool()), expect(st, 0));
            assert_eq!(code(s.format_description()), expect(st, 0));
            assert_eq!(code(s.prepare_to_encode_frames()), expect(st, 0));
            assert_eq!(
                code(s.encode_frame(
                    &frame(32, 16, 1),
                    pts(10),
                    dur(),
                    &FrameOptions::default(),
                    ()
                )),
                expect(st, 0),
                "{st:?} encode"
            );
            assert_eq!(
                code(s.encode_frame_with_output_handler(
                    &frame(32, 16, 1),
                    pts(11),
                    dur(),
                    &FrameOptions::default(),
                    |_| {}
                )),
                expect(st, -12902),
                "{st:?} handler on callback session"
            );
            let tagged = vec![TaggedBuffer {
                tags: vec![Tag::video_layer_id(0)],
                buffer: frame(32, 16, 1),
            }];
            assert_eq!(
                code(s.encode_multi_image_frame(
                    &tagged,
                    pts(12),
                    dur(),
                    &FrameOptions::default(),
                    ()
                )),
                expect(st, -12900),
                "{st:?} multi-image"
            );
            assert_eq!(
                code(s.complete_frames(Time::INVALID)),
                expect(st, 0),
                "{st:?} complete"
            );
            assert_eq!(code(s.complete_frames(pts(3))), expect(st, 0));
            s.invalidate();
            assert_eq!(s.state(), SessionState::Invalidated);
            s.invalidate();
            assert_eq!(code(s.copy_property("Quality")), -12903);
        }));
        assert!(result.is_ok(), "a call panicked in state {st:?}");
    }
}

#[test]
fn format_description_appears_on_prepare() {
    let s = session_in(St::Created);
    assert!(s.format_description().unwrap().is_none());
    s.prepare_to_encode_frames().unwrap();
    let fd = s.format_description().unwrap().unwrap();
    assert_eq!(fd.dimensions(), (32, 16));
    assert_eq!(s.state(), SessionState::Active);
}

#[test]
fn creation_errors() {
    let e = CompressionSession::builder(0, 16, MOCK)
        .registry(registry())
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Parameter);
    let e = CompressionSession::builder(32, -1, MOCK)
        .registry(registry())
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Parameter);
    let e = CompressionSession::builder(32, 16, framepress_core::CodecType::HEVC)
        .registry(registry())
        .build()
        .unwrap_err();
    assert_eq!(e.code(), -12908);
    let e = CompressionSession::builder(32, 16, MOCK)
        .registry(registry())
        .encoder_id("nope")
        .build()
        .unwrap_err();
    assert_eq!(e.code(), -12908);
    let spec = Dictionary::new().with("RequireHardwareAcceleratedVideoEncoder", true);
    let e = CompressionSession::builder(32, 16, MOCK)
        .registry(registry())
        .encoder_specification(spec)
        .build()
        .unwrap_err();
    assert_eq!(e.code(), -12908);
    let spec = Dictionary::new().with("EnableLowLatencyRateControl", true);
    let e = CompressionSession::builder(32, 16, MOCK)
        .registry(registry())
        .encoder_specification(spec)
        .build()
        .unwrap_err();
    assert_eq!(e.code(), -12908);
    let spec = Dictionary::new().with("Typo", true);
    let e = CompressionSession::builder(32, 16, MOCK)
        .registry(registry())
        .encoder_specification(spec)
        .build()
        .unwrap_err();
    assert_eq!(e.code(), -12902);
    let attrs = Dictionary::new().with("PixelFormatType", 7);
    let e = CompressionSession::builder(32, 16, MOCK)
        .registry(registry())
        .source_image_buffer_attributes(attrs)
        .build()
        .unwrap_err();
    assert_eq!(e.code(), -6680);
    let e = CompressionSession::builder(32, 16, MOCK)
        .registry(registry())
        .property(keys::QUALITY, 2.0)
        .build()
        .unwrap_err();
    assert_eq!(e.code(), -12902);
    let e = CompressionSession::builder(32, 16, MOCK)
        .registry(registry())
        .property(keys::AVERAGE_BIT_RATE, 5u64)
        .build()
        .unwrap_err();
    assert_eq!(e.code(), -12900);
    let s = CompressionSession::builder(32, 16, MOCK)
        .registry(registry())
        .encoder_specification(
            Dictionary::new()
                .with("PreferredEncoderGPURegistryID", 5)
                .with("EnableHardwareAcceleratedVideoEncoder", true),
        )
        .build()
        .unwrap();
    assert_eq!(
        s.get(keys::ENCODER_ID).unwrap().as_deref(),
        Some("com.framepress.test.mock")
    );
    assert_eq!(
        s.get(keys::USING_HARDWARE_ACCELERATED_VIDEO_ENCODER)
            .unwrap(),
        Some(false)
    );
}

#[test]
fn type_id_is_stable() {
    assert_eq!(
        CompressionSession::<()>::type_id(),
        framepress_session::COMPRESSION_SESSION_TYPE_ID
    );
}
