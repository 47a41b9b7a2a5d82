//! Long-term reference frames (`EnableLTR`) through the public session API: tokens on the
//! long-term frames, acknowledgements, and a refresh after a simulated loss that FFmpeg
//! decodes bit-exactly from the damaged stream.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::mpsc::Receiver;

use common::{FPS, check_decodes, ffmpeg_decode, panning, reconstruction_bytes, session};

use framepress::{
    CompressionSession, FrameOptions, Output, PixelBuffer, SampleBuffer, Time, Value,
};

/// Encodes frame `i` with `options` and returns its sample (MaxFrameDelayCount 0: it is
/// out before `encode_frame` returns).
fn encode_one(
    s: &CompressionSession<u32>,
    rx: &Receiver<Output<u32>>,
    frame: &PixelBuffer,
    i: usize,
    options: &FrameOptions,
) -> SampleBuffer {
    s.encode_frame(
        frame,
        Time::new(i as i64, FPS as i32),
        Time::new(1, FPS as i32),
        options,
        i as u32,
    )
    .unwrap();
    let out = rx
        .try_recv()
        .expect("the sample before encode_frame returns");
    assert_eq!(out.source_refcon, i as u32);
    out.sample.expect("a sample")
}

fn ltr_session(extra: &[(&str, Value)]) -> (CompressionSession<u32>, Receiver<Output<u32>>) {
    let mut props = vec![
        ("EnableLTR", Value::Bool(true)),
        ("MaxFrameDelayCount", Value::Int(0)),
        ("AverageBitRate", Value::Int(300_000)),
    ];
    props.extend(extra.iter().cloned());
    session(&props)
}

#[test]
fn a_refresh_after_a_loss_decodes_exactly_from_the_acknowledged_ltr() {
    let input = panning(120);
    let (s, rx) = ltr_session(&[]);
    let mut out = Vec::new();
    let mut tokens = Vec::new();
    // The receiver acknowledges each long-term frame 5 frames after it was sent; frames
    // 70..=74 are lost; the receiver asks for a refresh with frame 75.
    let lost = 70..=74;
    for (i, f) in input.iter().enumerate() {
        let ack: Vec<i64> = tokens
            .iter()
            .filter(|(at, _)| at + 5 == i)
            .map(|(_, t)| *t)
            .collect();
        let options = FrameOptions::default()
            .acknowledged_ltr_tokens(ack)
            .force_ltr_refresh(i == 75);
        let sample = encode_one(&s, &rx, f, i, &options);
        if let Some(t) = sample.attachments().ltr_token {
            let d = sample.attachments().to_dictionary();
            assert_eq!(
                d.get("RequireLTRAcknowledgementToken")
                    .and_then(Value::as_i64),
                Some(t)
            );
            tokens.push((i, t));
        }
        out.push(sample);
    }
    // One long-term frame a second (the IDR frame first), unique tokens.
    let at: Vec<usize> = tokens.iter().map(|t| t.0).collect();
    assert_eq!(at, [0, 30, 60, 90], "{tokens:?}");
    let mut unique: Vec<i64> = tokens.iter().map(|t| t.1).collect();
    unique.dedup();
    assert_eq!(unique.len(), 4);
    // The refresh is a P frame, not a key frame; only frame 0 is a key frame.
    let keys: Vec<usize> = (0..out.len()).filter(|&i| out[i].is_sync()).collect();
    assert_eq!(keys, [0]);
    let refresh = out[75].total_sample_size();
    let p_mean = out[76..90]
        .iter()
        .map(|s| s.total_sample_size())
        .sum::<usize>()
        / 14;
    eprintln!(
        "refresh frame {refresh} bytes, IDR frame {} bytes, P frames after it {p_mean} bytes",
        out[0].total_sample_size()
    );
    assert!(refresh < out[0].total_sample_size());

    check_decodes(&out, "LTR, no loss");
    // The receiver's stream: everything but the lost frames.
    let received: Vec<SampleBuffer> = out
        .iter()
        .enumerate()
        .filter(|(i, _)| !lost.contains(i))
        .map(|(_, s)| s.clone())
        .collect();
    let Some(raw) = ffmpeg_decode(&received, false) else {
        return;
    };
    let frame_bytes = reconstruction_bytes(&out[0]).len();
    assert_eq!(raw.len() % frame_bytes, 0);
    let decoded: Vec<&[u8]> = raw.chunks(frame_bytes).collect();
    assert_eq!(
        decoded.len(),
        received.len(),
        "one picture per received frame"
    );
    // Every received frame decodes to the encoder's reconstruction: the ones before the
    // loss trivially, the refresh and all after it because nothing they use was lost.
    for (k, s) in received.iter().enumerate() {
        let i = s.presentation_time_stamp().value;
        assert!(
            decoded[k] == reconstruction_bytes(s).as_slice(),
            "frame {i} differs from the reconstruction"
        );
    }
}

#[test]
fn a_refresh_before_any_acknowledgement_is_a_key_frame() {
    let input = panning(20);
    let (s, rx) = ltr_session(&[]);
    let out: Vec<SampleBuffer> = input
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let options = FrameOptions::default().force_ltr_refresh(i == 10);
            encode_one(&s, &rx, f, i, &options)
        })
        .collect();
    let keys: Vec<usize> = (0..out.len()).filter(|&i| out[i].is_sync()).collect();
    assert_eq!(keys, [0, 10]);
    // The new IDR frame is a long-term frame with a new token.
    assert!(out[10].attachments().ltr_token > out[0].attachments().ltr_token);
    check_decodes(&out, "refresh without acknowledgement");
}

#[test]
fn without_enable_ltr_there_are_no_tokens_and_refresh_is_ignored() {
    let input = panning(10);
    let (s, rx) = session(&[("MaxFrameDelayCount", Value::Int(0))]);
    for (i, f) in input.iter().enumerate() {
        let options = FrameOptions::default().force_ltr_refresh(i == 5);
        let sample = encode_one(&s, &rx, f, i, &options);
        assert_eq!(sample.attachments().ltr_token, None);
        assert_eq!(sample.is_sync(), i == 0);
    }
}

#[test]
fn ltr_works_with_temporal_layers_and_low_latency() {
    let input = panning(90);
    let (s, rx) = common::low_latency_session(&[
        ("EnableLTR", Value::Bool(true)),
        ("MaxFrameDelayCount", Value::Int(0)),
        ("AverageBitRate", Value::Int(300_000)),
        ("BaseLayerFrameRateFraction", Value::Float(0.5)),
    ])
    .unwrap();
    let mut out = Vec::new();
    let mut first_token = None;
    for (i, f) in input.iter().enumerate() {
        let mut options = FrameOptions::default().force_ltr_refresh(i == 51);
        if i == 40 {
            options = options.acknowledged_ltr_tokens(first_token);
        }
        let sample = encode_one(&s, &rx, f, i, &options);
        if let Some(t) = sample.attachments().ltr_token {
            // Long-term frames are base-layer frames.
            assert_eq!(sample.attachments().temporal_layer, Some(0), "frame {i}");
            first_token = first_token.or(Some(t));
        }
        out.push(sample);
    }
    // Frame 51 would be an enhancement frame; as a refresh it is a base-layer P frame.
    assert_eq!(out[51].attachments().temporal_layer, Some(0));
    assert!(!out[51].is_sync());
    check_decodes(&out, "LTR with layers");
}
