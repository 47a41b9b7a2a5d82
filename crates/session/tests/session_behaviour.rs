//! Ordering, counts, flushing, back-pressure, handlers, the pull adapter, invalidation and
//! callback panics — against the mock encoder, so only the session is under test.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{dur, frame, mock_encoder::MOCK, pts, registry};
use framepress_core::{Dictionary, ErrorKind, FrameOptions, PixelBuffer, PixelFormat, Time, keys};
use framepress_session::{CompressionSession, EncodeInfoFlags, Output};

/// (refcon, pts of the sample, flags, status ok) per delivered output.
type Seen = Arc<Mutex<Vec<(u64, Option<i64>, EncodeInfoFlags, bool)>>>;

fn collecting(delay: i64) -> (CompressionSession<u64>, Seen) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let s2 = seen.clone();
    let session = CompressionSession::builder(32, 16, MOCK)
        .registry(registry())
        .property(keys::SUGGESTED_LOOK_AHEAD_FRAME_COUNT, delay)
        .on_output(move |o: Output<u64>| {
            let p = o.sample.as_ref().map(|s| s.presentation_time_stamp().value);
            s2.lock()
                .unwrap()
                .push((o.source_refcon, p, o.info_flags, o.status.is_ok()));
        })
        .build()
        .unwrap();
    (session, seen)
}

#[test]
fn one_callback_per_frame_in_order_with_refcons() {
    let (s, seen) = collecting(3);
    for i in 0..20u64 {
        let flags = s
            .encode_frame(
                &frame(32, 16, i as u8),
                pts(i as i64),
                dur(),
                &FrameOptions::default(),
                i * 10,
            )
            .unwrap();
        assert!(flags.contains(EncodeInfoFlags::ASYNCHRONOUS));
    }
    s.complete_frames(Time::INVALID).unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 20);
    for (i, (refcon, p, flags, ok)) in seen.iter().enumerate() {
        assert_eq!(*refcon, i as u64 * 10);
        assert_eq!(*p, Some(i as i64));
        assert!(flags.contains(EncodeInfoFlags::ASYNCHRONOUS));
        assert!(ok);
    }
    assert_eq!(s.get(keys::NUMBER_OF_PENDING_FRAMES).unwrap(), Some(0));
}

#[test]
fn complete_frames_until_a_time_emits_at_least_those_frames() {
    let (s, seen) = collecting(5);
    for i in 0..10 {
        s.encode_frame(
            &frame(32, 16, 1),
            pts(i),
            dur(),
            &FrameOptions::default(),
            i as u64,
        )
        .unwrap();
    }
    s.complete_frames(pts(6)).unwrap();
    let n = seen.lock().unwrap().len();
    assert!(n >= 7, "frames up to pts 6 must be out, got {n}");
    // The session stays usable after a complete.
    s.encode_frame(
        &frame(32, 16, 1),
        pts(10),
        dur(),
        &FrameOptions::default(),
        10,
    )
    .unwrap();
    s.complete_frames(Time::INDEFINITE).unwrap();
    assert_eq!(seen.lock().unwrap().len(), 11);
    s.complete_frames(Time::POSITIVE_INFINITY).unwrap();
}

#[test]
fn drops_and_failures_still_get_their_callback() {
    let (s, seen) = collecting(0);
    s.set(keys::QUALITY, 0.05).unwrap();
    for i in 0..6 {
        s.encode_frame(
            &frame(32, 16, 1),
            pts(i),
            dur(),
            &FrameOptions::default(),
            i as u64,
        )
        .unwrap();
    }
    s.encode_frame(
        &frame(32, 16, 1),
        Time::new(666, 30),
        dur(),
        &FrameOptions::default(),
        666,
    )
    .unwrap();
    s.complete_frames(Time::INVALID).unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 7);
    let dropped: Vec<u64> = seen
        .iter()
        .filter(|e| e.2.contains(EncodeInfoFlags::FRAME_DROPPED))
        .map(|e| e.0)
        .collect();
    assert_eq!(dropped, vec![2, 5]);
    assert!(
        seen.iter()
            .filter(|e| e.2.contains(EncodeInfoFlags::FRAME_DROPPED))
            .all(|e| e.1.is_none() && e.3)
    );
    let failed = seen.last().unwrap();
    assert_eq!((failed.0, failed.3, failed.1), (666, false, None));
}

#[test]
fn max_frame_delay_count_bounds_latency() {
    let (s, seen) = collecting(4);
    s.set(keys::MAX_FRAME_DELAY_COUNT, 1).unwrap();
    for i in 0..8 {
        s.encode_frame(
            &frame(32, 16, 1),
            pts(i),
            dur(),
            &FrameOptions::default(),
            i as u64,
        )
        .unwrap();
        // Frame i-1 must be out when the call for frame i returns.
        assert!(
            seen.lock().unwrap().len() as i64 >= i,
            "frame {} not out",
            i - 1
        );
    }
    s.complete_frames(Time::INVALID).unwrap();
    assert_eq!(seen.lock().unwrap().len(), 8);
}

#[test]
fn zero_frame_delay_is_synchronous_delivery() {
    let (s, seen) = collecting(2);
    s.set(keys::MAX_FRAME_DELAY_COUNT, 0).unwrap();
    for i in 0..5 {
        s.encode_frame(
            &frame(32, 16, 1),
            pts(i),
            dur(),
            &FrameOptions::default(),
            i as u64,
        )
        .unwrap();
        assert_eq!(seen.lock().unwrap().len() as i64, i + 1);
    }
}

#[test]
fn pull_adapter_delivers_in_order_and_ends_on_drop() {
    let (s, rx) = CompressionSession::builder(32, 16, MOCK)
        .registry(registry())
        .build_with_receiver::<u32>()
        .unwrap();
    for i in 0..5 {
        s.encode_frame(
            &frame(32, 16, 1),
            pts(i),
            dur(),
            &FrameOptions::default(),
            i as u32,
        )
        .unwrap();
    }
    s.complete_frames(Time::INVALID).unwrap();
    drop(s);
    let got: Vec<u32> = rx.iter().map(|o| o.source_refcon).collect();
    assert_eq!(got, vec![0, 1, 2, 3, 4]);
}

#[test]
fn per_frame_handlers_and_mode_mixing() {
    let s = CompressionSession::builder(32, 16, MOCK)
        .registry(registry())
        .build()
        .unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    for i in 0..4 {
        let seen = seen.clone();
        s.encode_frame_with_output_handler(
            &frame(32, 16, 1),
            pts(i),
            dur(),
            &FrameOptions::default(),
            move |o| {
                seen.lock()
                    .unwrap()
                    .push((i, o.sample.unwrap().presentation_time_stamp().value));
            },
        )
        .unwrap();
    }
    s.complete_frames(Time::INVALID).unwrap();
    assert_eq!(*seen.lock().unwrap(), vec![(0, 0), (1, 1), (2, 2), (3, 3)]);
    // Callback variant on a handler session.
    let e = s
        .encode_frame(
            &frame(32, 16, 1),
            pts(9),
            dur(),
            &FrameOptions::default(),
            (),
        )
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Parameter);
    // Handler variant on a callback session.
    let (cb, _) = collecting(0);
    let e = cb.encode_frame_with_output_handler(
        &frame(32, 16, 1),
        pts(0),
        dur(),
        &FrameOptions::default(),
        |_| {},
    );
    assert_eq!(e.unwrap_err().kind(), ErrorKind::Parameter);
}

#[test]
fn timestamps_must_increase_and_be_numeric() {
    let (s, _) = collecting(0);
    s.encode_frame(
        &frame(32, 16, 1),
        pts(5),
        dur(),
        &FrameOptions::default(),
        0,
    )
    .unwrap();
    for bad in [
        pts(5),
        pts(4),
        Time::INVALID,
        Time::INDEFINITE,
        Time::POSITIVE_INFINITY,
    ] {
        let e = s
            .encode_frame(&frame(32, 16, 1), bad, dur(), &FrameOptions::default(), 0)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Parameter, "{bad}");
    }
    let e = s.encode_frame(
        &frame(32, 16, 1),
        pts(6),
        Time::new(-1, 30),
        &FrameOptions::default(),
        0,
    );
    assert_eq!(e.unwrap_err().kind(), ErrorKind::Parameter);
    s.encode_frame(
        &frame(32, 16, 1),
        pts(6),
        Time::INVALID,
        &FrameOptions::default(),
        0,
    )
    .unwrap();
}

#[test]
fn invalidate_discards_pending_and_stops_callbacks() {
    let (s, seen) = collecting(8);
    for i in 0..5 {
        s.encode_frame(
            &frame(32, 16, 1),
            pts(i),
            dur(),
            &FrameOptions::default(),
            i as u64,
        )
        .unwrap();
    }
    s.invalidate();
    let n = seen.lock().unwrap().len();
    std::thread::sleep(Duration::from_millis(20));
    assert_eq!(seen.lock().unwrap().len(), n);
    assert_eq!(n, 0, "held frames are discarded, not delivered");
    s.invalidate(); // idempotent
    let e = s
        .encode_frame(
            &frame(32, 16, 1),
            pts(9),
            dur(),
            &FrameOptions::default(),
            0,
        )
        .unwrap_err();
    assert_eq!(e.code(), -12903);
}

#[test]
fn panicking_callback_fails_the_session_loudly() {
    let count = Arc::new(AtomicUsize::new(0));
    let c2 = count.clone();
    let s = CompressionSession::builder(32, 16, MOCK)
        .registry(registry())
        .on_output(move |_o: Output<()>| {
            if c2.fetch_add(1, Ordering::SeqCst) == 1 {
                panic!("user bug");
            }
        })
        .build()
        .unwrap();
    s.encode_frame(
        &frame(32, 16, 1),
        pts(0),
        dur(),
        &FrameOptions::default(),
        (),
    )
    .unwrap();
    s.encode_frame(
        &frame(32, 16, 1),
        pts(1),
        dur(),
        &FrameOptions::default(),
        (),
    )
    .unwrap();
    let e = s.complete_frames(Time::INVALID).unwrap_err();
    assert_eq!(e.code(), -17691);
    assert!(e.detail().contains("user bug"), "{e}");
    let e = s
        .encode_frame(
            &frame(32, 16, 1),
            pts(2),
            dur(),
            &FrameOptions::default(),
            (),
        )
        .unwrap_err();
    assert_eq!(e.code(), -17691);
    s.invalidate();
}

#[test]
fn panicking_encoder_reports_frame_error_not_crash() {
    let (s, seen) = collecting(0);
    s.encode_frame(
        &frame(32, 16, 1),
        Time::new(999, 30),
        dur(),
        &FrameOptions::default(),
        7,
    )
    .unwrap();
    s.complete_frames(Time::INVALID).unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1);
    assert!(!seen[0].3);
}

#[test]
fn source_frames_are_converted_and_scaled() {
    let (s, rx) = CompressionSession::builder(32, 16, MOCK)
        .registry(registry())
        .build_with_receiver::<()>()
        .unwrap();
    let mut bgra = PixelBuffer::new(64, 40, PixelFormat::Bgra).unwrap();
    bgra.plane_mut(0).unwrap().fill(255);
    s.encode_frame(&bgra, pts(0), dur(), &FrameOptions::default(), ())
        .unwrap();
    s.complete_frames(Time::INVALID).unwrap();
    let o = rx.recv().unwrap();
    o.status.unwrap();
    let data = o.sample.unwrap().data().clone();
    // Mock payload: 8-byte id then the first luma row (32 px) — white BGRA → video-range 235.
    assert_eq!(data.len(), 8 + 32);
    assert!(data[8..].iter().all(|&y| y == 235), "{:?}", &data[8..]);
}

#[test]
fn frame_properties_dictionary_is_validated() {
    let (s, seen) = collecting(0);
    let bad = Dictionary::new().with("ForceKeyFrme", true);
    let e = s
        .encode_frame_with_properties(&frame(32, 16, 1), pts(0), dur(), Some(&bad), 0)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Parameter);
    let good = Dictionary::new().with("ForceKeyFrame", true);
    s.encode_frame_with_properties(&frame(32, 16, 1), pts(0), dur(), Some(&good), 0)
        .unwrap();
    s.complete_frames(Time::INVALID).unwrap();
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[test]
fn many_threads_submitting_keep_order_per_pts() {
    let (s, seen) = collecting(2);
    let s = Arc::new(s);
    let next = Arc::new(Mutex::new(0i64));
    let mut handles = Vec::new();
    for _ in 0..4 {
        let s = s.clone();
        let next = next.clone();
        handles.push(std::thread::spawn(move || {
            for _ in 0..10 {
                let mut n = next.lock().unwrap();
                s.encode_frame(
                    &frame(32, 16, 1),
                    pts(*n),
                    dur(),
                    &FrameOptions::default(),
                    *n as u64,
                )
                .unwrap();
                *n += 1;
            }
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
    s.complete_frames(Time::INVALID).unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 40);
    assert!(seen.windows(2).all(|w| w[0].0 < w[1].0));
}

#[test]
fn invalidate_from_inside_the_callback_does_not_deadlock() {
    use std::sync::{OnceLock, Weak};
    let slot: Arc<OnceLock<Weak<CompressionSession<u64>>>> = Arc::new(OnceLock::new());
    let seen = Arc::new(AtomicUsize::new(0));
    let (slot2, seen2) = (slot.clone(), seen.clone());
    let s = Arc::new(
        CompressionSession::builder(32, 16, MOCK)
            .registry(registry())
            .on_output(move |o: Output<u64>| {
                seen2.fetch_add(1, Ordering::SeqCst);
                if o.source_refcon == 2
                    && let Some(s) = slot2.get().and_then(Weak::upgrade)
                {
                    // Calls that would wait on the worker fail instead of deadlocking.
                    assert!(s.complete_frames(Time::INVALID).is_err());
                    s.invalidate();
                }
            })
            .build()
            .unwrap(),
    );
    slot.set(Arc::downgrade(&s)).unwrap();
    for i in 0..6 {
        // Frames after the invalidation are refused with -12903 (or accepted just before it).
        let _ = s.encode_frame(
            &frame(32, 16, 1),
            pts(i),
            dur(),
            &FrameOptions::default(),
            i as u64,
        );
    }
    std::thread::sleep(Duration::from_millis(50));
    assert_eq!(seen.load(Ordering::SeqCst), 3);
    assert!(s.is_invalidated());
    assert_eq!(
        s.encode_frame(
            &frame(32, 16, 1),
            pts(9),
            dur(),
            &FrameOptions::default(),
            9
        )
        .unwrap_err()
        .code(),
        -12903
    );
}
