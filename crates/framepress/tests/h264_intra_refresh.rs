//! Periodic intra refresh (`FramepressIntraRefreshPeriod`) through the public session API:
//! no key frame after the first, a recovery point where each sweep starts, and FFmpeg
//! decoding a stream cut at a sweep start exactly once the sweep is complete.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{
    check_decodes, encode, ffmpeg_decode, frames, panning_at, reconstruction_bytes, samples,
    session,
};

use framepress::{ErrorKind, SampleBuffer, Value};

/// A sweep takes the period: 10 frames over 176 pixels (11 macroblock columns).
const PERIOD: i64 = 10;
const SWEEP: usize = 10;

/// Whether the sample carries a recovery-point SEI (payload type 6).
fn has_recovery_point(s: &SampleBuffer) -> bool {
    framepress_bitstream::split_length_prefixed(s.data(), 4)
        .unwrap()
        .iter()
        .any(|nal| nal[0] & 0x1f == 6 && nal.get(1) == Some(&6))
}

fn sizes(out: &[SampleBuffer]) -> Vec<usize> {
    out.iter().map(SampleBuffer::total_sample_size).collect()
}

#[test]
fn a_stream_cut_at_a_sweep_start_decodes_exactly_once_the_sweep_is_complete() {
    // Content moving left 14 pixels a frame: motion reaches towards the unclean side.
    let input = panning_at(60, 14);
    let (s, rx) = session(&[
        ("FramepressIntraRefreshPeriod", Value::Int(PERIOD)),
        ("AverageBitRate", Value::Int(300_000)),
    ]);
    let out = samples(&encode(&s, &rx, &input, |_, _| {}));
    let keys: Vec<usize> = (0..out.len()).filter(|&i| out[i].is_sync()).collect();
    assert_eq!(keys, [0], "no periodic key frames");
    let starts: Vec<usize> = (0..out.len())
        .filter(|&i| out[i].attachments().partial_sync)
        .collect();
    let expected: Vec<usize> = (1..out.len()).step_by(SWEEP).collect();
    assert_eq!(starts, expected);
    for (i, sample) in out.iter().enumerate() {
        assert_eq!(has_recovery_point(sample), starts.contains(&i), "frame {i}");
    }
    // No frame after the first comes near the size of a key frame.
    let sz = sizes(&out[1..]);
    let mut sorted = sz.clone();
    sorted.sort_unstable();
    let median = sorted[sorted.len() / 2];
    let largest = *sorted.last().unwrap();
    eprintln!(
        "intra refresh: first frame {} bytes, later frames median {median}, largest {largest}",
        out[0].total_sample_size()
    );
    assert!(largest * 3 < out[0].total_sample_size(), "{sz:?}");

    check_decodes(&out, "intra refresh");
    // A receiver joining at the third sweep.
    let join = starts[2];
    let joined = &out[join..];
    let Some(raw) = ffmpeg_decode(joined, false) else {
        return;
    };
    let frame_bytes = reconstruction_bytes(&out[0]).len();
    let decoded: Vec<&[u8]> = raw.chunks(frame_bytes).collect();
    // From the recovery point (the last frame of the sweep) on, every frame is exact.
    let exact = &joined[SWEEP - 1..];
    assert!(decoded.len() >= exact.len(), "{} decoded", decoded.len());
    let tail = &decoded[decoded.len() - exact.len()..];
    for (d, s) in tail.iter().zip(exact) {
        assert!(
            *d == reconstruction_bytes(s).as_slice(),
            "frame {} after joining at {join} differs",
            s.presentation_time_stamp().value
        );
    }
}

#[test]
fn scene_cuts_and_temporal_layers_keep_the_sweep() {
    // The synthetic source cuts every 30 frames: under intra refresh they are P frames.
    let input = frames(70);
    let (s, rx) = session(&[
        ("FramepressIntraRefreshPeriod", Value::Int(PERIOD)),
        ("AverageBitRate", Value::Int(300_000)),
        ("BaseLayerFrameRateFraction", Value::Float(0.5)),
    ]);
    let out = samples(&encode(&s, &rx, &input, |_, _| {}));
    let keys: Vec<usize> = (0..out.len()).filter(|&i| out[i].is_sync()).collect();
    assert_eq!(keys, [0]);
    // The sweep advances on base-layer frames only (every other frame).
    let starts: Vec<usize> = (0..out.len())
        .filter(|&i| out[i].attachments().partial_sync)
        .collect();
    let expected: Vec<usize> = (2..out.len()).step_by(2 * SWEEP).collect();
    assert_eq!(starts, expected);
    check_decodes(&out, "intra refresh with layers");
}

#[test]
fn bad_periods_and_ltr_are_refused() {
    for props in [
        vec![("FramepressIntraRefreshPeriod", Value::Int(1))],
        vec![("FramepressIntraRefreshPeriod", Value::Int(-5))],
        vec![
            ("FramepressIntraRefreshPeriod", Value::Int(30)),
            ("EnableLTR", Value::Bool(true)),
        ],
    ] {
        let mut b = framepress::CompressionSession::builder(176, 144, framepress::CodecType::H264);
        for (k, v) in &props {
            b = b.property_by_name(k, v.clone());
        }
        // Refused when set, not only at prepare.
        let e = b.build_with_receiver::<u32>().map(drop).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Parameter, "{props:?}: {e}");
    }
}
