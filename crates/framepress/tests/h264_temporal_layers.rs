//! Temporal scalability (`BaseLayerFrameRateFraction`, `BaseLayerBitRateFraction`) through
//! the public session API: the layer pattern and its attachments, the base layer decoding
//! bit-exactly on its own once every enhancement frame is dropped, and the bit share.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{
    check_decodes, encode, frames, low_latency_session, panning, samples, session, timed,
};

use framepress::{ErrorKind, SampleBuffer, Value};
use framepress_testkit::rate_check::replay_buffer;

/// The `FramepressTemporalLayer` attachment of each sample.
fn layers(samples: &[SampleBuffer]) -> Vec<i64> {
    samples
        .iter()
        .map(|s| {
            s.attachments()
                .to_dictionary()
                .get("FramepressTemporalLayer")
                .and_then(Value::as_i64)
                .expect("a layer on every sample")
        })
        .collect()
}

/// The base layer's share of the bytes.
fn base_share(samples: &[SampleBuffer]) -> f64 {
    let layer = layers(samples);
    let bytes = |l: i64| -> f64 {
        samples
            .iter()
            .zip(&layer)
            .filter(|(_, x)| **x == l)
            .map(|(s, _)| s.total_sample_size() as f64)
            .sum()
    };
    bytes(0) / (bytes(0) + bytes(1))
}

#[test]
fn the_base_layer_decodes_exactly_with_every_enhancement_frame_dropped() {
    // Scene cuts every 30 frames restart the pattern at each key frame.
    let input = frames(90);
    for (fraction, interval) in [(0.5, 2usize), (0.25, 4), (0.3, 3)] {
        let (s, rx) = session(&[
            ("BaseLayerFrameRateFraction", Value::Float(fraction)),
            ("FramepressConstantQP", Value::Int(30)),
        ]);
        let out = samples(&encode(&s, &rx, &input, |_, _| {}));
        let layer = layers(&out);
        let mut since_key = 0usize;
        for (i, sample) in out.iter().enumerate() {
            let a = sample.attachments();
            if sample.is_sync() {
                since_key = 0;
            }
            let expected = i64::from(!since_key.is_multiple_of(interval));
            assert_eq!(layer[i], expected, "1/{interval}: frame {i}");
            // Enhancement frames are droppable: nothing depends on them.
            assert_eq!(a.is_depended_on_by_others, Some(expected == 0), "frame {i}");
            since_key += 1;
        }
        let enhancement = layer.iter().filter(|l| **l == 1).count();
        assert!(
            enhancement >= 90 / interval * (interval - 1) - 3,
            "{layer:?}"
        );
        check_decodes(&out, &format!("1/{interval}, all layers"));
        let base: Vec<SampleBuffer> = out
            .iter()
            .zip(&layer)
            .filter(|(_, l)| **l == 0)
            .map(|(s, _)| s.clone())
            .collect();
        check_decodes(&base, &format!("1/{interval}, base layer only"));
    }
}

#[test]
fn base_layer_frame_rate_needs_the_expected_frame_rate() {
    let (s, rx) = session(&[
        ("BaseLayerFrameRate", Value::Float(15.0)),
        ("ExpectedFrameRate", Value::Float(30.0)),
    ]);
    let out = samples(&encode(&s, &rx, &frames(6), |_, _| {}));
    assert_eq!(layers(&out), [0, 1, 0, 1, 0, 1]);

    let e = framepress::CompressionSession::builder(176, 144, framepress::CodecType::H264)
        .property_by_name("BaseLayerFrameRate", Value::Float(15.0))
        .build_with_receiver::<u32>()
        .map(drop)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Parameter, "{e}");
    assert!(e.to_string().contains("ExpectedFrameRate"), "{e}");
}

#[test]
fn out_of_range_layer_fractions_are_refused() {
    for (key, v) in [
        ("BaseLayerFrameRateFraction", 0.0),
        ("BaseLayerFrameRateFraction", 1.5),
        ("BaseLayerFrameRateFraction", 0.01),
        ("BaseLayerBitRateFraction", 0.0),
        ("BaseLayerBitRateFraction", 2.0),
    ] {
        // Refused when set, not only at prepare.
        let e = framepress::CompressionSession::builder(176, 144, framepress::CodecType::H264)
            .property_by_name(key, Value::Float(v))
            .build_with_receiver::<u32>()
            .map(drop)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Parameter, "{key} {v}: {e}");
    }
    // A fraction of 1 means every frame is in the base layer: no layers, no attachment.
    let (s, rx) = session(&[("BaseLayerFrameRateFraction", Value::Float(1.0))]);
    let out = samples(&encode(&s, &rx, &frames(3), |_, _| {}));
    assert!(out.iter().all(|s| s.attachments().temporal_layer.is_none()));
}

#[test]
fn base_layer_bit_rate_fraction_sets_the_base_layers_share() {
    let input = panning(150);
    for fraction in [0.55, 0.7] {
        let (s, rx) = session(&[
            ("AverageBitRate", Value::Int(300_000)),
            ("BaseLayerFrameRateFraction", Value::Float(0.5)),
            ("BaseLayerBitRateFraction", Value::Float(fraction)),
        ]);
        let out = samples(&encode(&s, &rx, &input, |_, _| {}));
        // After the first second, while the encoder learns the content.
        let share = base_share(&out[30..]);
        let rate = out
            .iter()
            .map(|s| s.total_sample_size() as f64 * 8.0)
            .sum::<f64>()
            / 5.0;
        eprintln!("BaseLayerBitRateFraction {fraction}: base share {share:.3}, {rate:.0} bit/s");
        assert!((share - fraction).abs() <= 0.04, "{fraction}: {share}");
        assert!((rate / 300_000.0 - 1.0).abs() <= 0.03, "{fraction}: {rate}");
        if fraction == 0.7 {
            check_decodes(&out, "ABR with layers");
        }
    }
}

#[test]
fn low_latency_with_layers_keeps_its_buffer_and_share() {
    let input = frames(150);
    let (s, rx) = low_latency_session(&[
        ("AverageBitRate", Value::Int(300_000)),
        ("BaseLayerFrameRateFraction", Value::Float(0.5)),
        ("BaseLayerBitRateFraction", Value::Float(0.65)),
    ])
    .unwrap();
    let out = samples(&encode(&s, &rx, &input, |_, _| {}));
    let capacity = 300_000.0 * 0.5;
    let replay = replay_buffer(&timed(&out), 300_000.0, capacity, 0.6 * capacity, false);
    let share = base_share(&out[30..]);
    eprintln!("low latency with layers: base share {share:.3}, {replay:?}");
    assert!(replay.underflows.is_empty(), "{:?}", replay.underflows);
    assert!((share - 0.65).abs() <= 0.05, "{share}");
    check_decodes(&out, "low latency with layers");
}
