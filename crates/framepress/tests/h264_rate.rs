//! Rate control through the public session API, checked by the independent checker in
//! `framepress-testkit` (window sums with exact time, a buffer replay) on the samples the
//! session delivers, and by FFmpeg decoding every stream bit-identically to the encoder's
//! reconstruction (re-coded, all-skip and padded frames included).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{
    FPS, H, W, check_decodes, encode, frames, low_latency_session, panning, samples, session, timed,
};

use framepress::{
    CodecType, CompressionSession, EncodeInfoFlags, ErrorKind, FrameOptions, SampleBuffer, Time,
    Value,
};
use framepress_testkit::rate_check::{replay_buffer, window_violations};

fn limits(v: &[f64]) -> Value {
    Value::Array(v.iter().map(|&x| Value::Float(x)).collect())
}

fn bit_rate(samples: &[SampleBuffer], seconds: f64) -> f64 {
    samples
        .iter()
        .map(|s| s.total_sample_size() as f64 * 8.0)
        .sum::<f64>()
        / seconds
}

#[test]
fn average_bit_rate_lands_within_three_percent_at_three_targets() {
    let input = frames(150); // 5 s
    for target in [100_000i64, 300_000, 1_000_000] {
        let (s, rx) = session(&[("AverageBitRate", Value::Int(target))]);
        let out = samples(&encode(&s, &rx, &input, |_, _| {}));
        let got = bit_rate(&out, 5.0);
        let error = got / target as f64 - 1.0;
        eprintln!(
            "AverageBitRate {target}: {got:.0} bit/s ({:+.2} %)",
            error * 100.0
        );
        assert!(error.abs() <= 0.03, "target {target}: {got:.0} bit/s");
        if target == 300_000 {
            check_decodes(&out, "ABR 300k");
        }
    }
}

#[test]
fn data_rate_limits_hold_in_every_window() {
    let input = frames(150);
    // One-second cap of 20 kB (160 kbit/s) and a 100 ms cap of 4 kB, under three modes:
    // limits alone, a Quality that wants far more, and an average target above the cap.
    let caps = limits(&[20_000.0, 1.0, 4_000.0, 0.1]);
    for (name, mode) in [
        ("limits alone", None),
        ("Quality 0.9", Some(("Quality", Value::Float(0.9)))),
        (
            "AverageBitRate 400k",
            Some(("AverageBitRate", Value::Int(400_000))),
        ),
    ] {
        let mut props = vec![("DataRateLimits", caps.clone())];
        props.extend(mode);
        let (s, rx) = session(&props);
        let outs = encode(&s, &rx, &input, |_, _| {});
        let out = samples(&outs);
        assert_eq!(out.len(), input.len(), "{name}: no frame may be dropped");
        let t = timed(&out);
        assert_eq!(
            window_violations(&t, 20_000, 1.0),
            vec![],
            "{name}: 1 s windows"
        );
        assert_eq!(
            window_violations(&t, 4_000, 0.1),
            vec![],
            "{name}: 100 ms windows"
        );
        let got = bit_rate(&out, 5.0);
        eprintln!("DataRateLimits, {name}: {got:.0} bit/s");
        // The cap binds: the stream uses a fair share of it.
        assert!(got > 160_000.0 * 0.5, "{name}: {got:.0} bit/s");
        check_decodes(&out, name);
    }
}

#[test]
fn constant_bit_rate_is_constant_without_underflow_or_overflow() {
    let input = frames(150);
    let rate = 200_000.0;
    let (s, rx) = session(&[
        ("ConstantBitRate", Value::Int(rate as i64)),
        ("VBVBufferDuration", Value::Float(1.0)),
    ]);
    let out = samples(&encode(&s, &rx, &input, |_, _| {}));
    let report = replay_buffer(&timed(&out), rate, rate, rate * 0.9, true);
    assert_eq!(report.underflows, Vec::<usize>::new());
    assert_eq!(report.overflows, Vec::<usize>::new());
    let got = bit_rate(&out, 5.0);
    eprintln!(
        "ConstantBitRate 200k: {got:.0} bit/s, lowest buffer {:.0} bits",
        report.lowest_bits
    );
    // Everything that entered the buffer left it except what it holds at the end.
    assert!((got / rate - 1.0).abs() < 0.1, "{got:.0}");
    check_decodes(&out, "CBR");
}

#[test]
fn constant_bit_rate_pads_simple_content_with_filler() {
    // A still picture costs almost nothing after the key frame: filler keeps the rate.
    let still: Vec<_> = std::iter::repeat_n(frames(1).remove(0), 90).collect();
    let rate = 150_000.0;
    let (s, rx) = session(&[("ConstantBitRate", Value::Int(rate as i64))]);
    let out = samples(&encode(&s, &rx, &still, |_, _| {}));
    let report = replay_buffer(&timed(&out), rate, rate * 2.5, rate * 2.5 * 0.9, true);
    assert_eq!(report.overflows, Vec::<usize>::new());
    assert_eq!(report.underflows, Vec::<usize>::new());
    let got = bit_rate(&out, 3.0);
    assert!(got > rate * 0.9, "{got:.0} bit/s: not padded");
    check_decodes(&out, "CBR still");
}

#[test]
fn variable_bit_rate_peaks_stay_inside_the_vbv() {
    let input = frames(150);
    let (s, rx) = session(&[
        ("VariableBitRate", Value::Int(250_000)),
        ("VBVMaxBitRate", Value::Int(375_000)),
        ("VBVBufferDuration", Value::Float(0.5)),
        ("VBVInitialDelayPercentage", Value::Float(80.0)),
    ]);
    let out = samples(&encode(&s, &rx, &input, |_, _| {}));
    let report = replay_buffer(&timed(&out), 375_000.0, 187_500.0, 150_000.0, false);
    assert_eq!(report.underflows, Vec::<usize>::new());
    let got = bit_rate(&out, 5.0);
    eprintln!("VariableBitRate 250k: {got:.0} bit/s");
    assert!((got / 250_000.0 - 1.0).abs() < 0.05, "{got:.0}");
}

#[test]
fn a_bit_rate_change_takes_effect_within_a_second() {
    let input = panning(150);
    let (s, rx) = session(&[("AverageBitRate", Value::Int(600_000))]);
    let out = samples(&encode(&s, &rx, &input, |i, s| {
        if i == 60 {
            s.set_property("AverageBitRate", Some(Value::Int(200_000)))
                .unwrap();
        }
    }));
    // The 1-second window starting one second after the change: frames 90..120.
    let got = bit_rate(&out[90..120], 1.0);
    eprintln!("600k → 200k at 2 s: {got:.0} bit/s in 3..4 s");
    assert!((got / 200_000.0 - 1.0).abs() <= 0.10, "{got:.0}");
    assert!(
        out[61..].iter().all(|s| !s.is_sync()),
        "no key frame needed for a rate change"
    );
}

#[test]
fn qp_bounds_hold_and_frames_that_cannot_fit_are_dropped_when_allowed() {
    let input = frames(60);
    let (s, rx) = session(&[
        ("AverageBitRate", Value::Int(2_000_000)),
        ("MinAllowedFrameQP", Value::Int(30)),
        ("MaxAllowedFrameQP", Value::Int(36)),
    ]);
    let out = samples(&encode(&s, &rx, &input, |_, _| {}));
    for smp in &out {
        let qp = smp.attachments().frame_qp.unwrap();
        assert!((30.0..=36.0).contains(&qp), "QP {qp}");
    }
    // A cap the content cannot meet at QP ≤ 30: frames are dropped, never over the cap.
    let (s, rx) = session(&[
        ("DataRateLimits", limits(&[6_000.0, 1.0])),
        ("MaxAllowedFrameQP", Value::Int(30)),
    ]);
    let outs = encode(&s, &rx, &input, |_, _| {});
    let dropped = outs
        .iter()
        .filter(|o| o.info_flags.contains(EncodeInfoFlags::FRAME_DROPPED))
        .count();
    assert!(dropped > 0, "nothing dropped");
    for o in &outs {
        assert_eq!(
            o.sample.is_none(),
            o.info_flags.contains(EncodeInfoFlags::FRAME_DROPPED)
        );
        assert!(o.status.is_ok());
    }
    let out = samples(&outs);
    assert_eq!(window_violations(&timed(&out), 6_000, 1.0), vec![]);
    check_decodes(&out, "drops");
}

#[test]
fn limits_too_small_for_any_frame_are_refused() {
    for props in [
        vec![("DataRateLimits", limits(&[50.0, 1.0]))],
        vec![
            ("ConstantBitRate", Value::Int(2_000)),
            ("VBVBufferDuration", Value::Float(0.1)),
        ],
        vec![
            ("ConstantBitRate", Value::Int(300_000)),
            ("AverageBitRate", Value::Int(300_000)),
        ],
    ] {
        // Refused when set: by the builder, and by set_property before the first frame,
        // which leaves the session as it was.
        let mut b = CompressionSession::builder(W as i32, H as i32, CodecType::H264);
        for (k, v) in &props {
            b = b.property_by_name(k, v.clone());
        }
        let e = b.build_with_receiver::<u32>().map(drop).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Parameter, "{props:?}: {e}");
        let (s, _rx) = session(&props[..props.len() - 1]);
        let (k, v) = props.last().unwrap();
        let before = s.copy_property(k).unwrap();
        let e = s.set_property(k, Some(v.clone())).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Parameter, "{props:?}: {e}");
        assert_eq!(s.copy_property(k).unwrap(), before, "{k} was stored");
        s.prepare_to_encode_frames().unwrap();
    }
    // Mid-stream, a bad change is refused and the old configuration stays.
    let (s, rx) = session(&[("AverageBitRate", Value::Int(300_000))]);
    let input = frames(4);
    let outs = encode(&s, &rx, &input, |i, s| {
        if i == 2 {
            let e = s
                .set_property("ConstantBitRate", Some(Value::Int(300_000)))
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Parameter);
        }
    });
    assert!(outs.iter().all(|o| o.sample.is_some()));
}

#[test]
fn mean_squared_error_is_attached_and_exact() {
    let input = frames(5);
    let (s, rx) = session(&[
        ("CalculateMeanSquaredError", Value::Bool(true)),
        ("FramepressConstantQP", Value::Int(30)),
    ]);
    // In input order (B-frame streams deliver in decoding order).
    let mut outs = encode(&s, &rx, &input, |_, _| {});
    outs.sort_by_key(|o| o.source_refcon);
    let out = samples(&outs);
    for (src, smp) in input.iter().zip(&out) {
        let m = smp.attachments().other.get("QualityMetrics").unwrap();
        let m = m.as_dictionary().unwrap();
        let r = smp.reconstruction().unwrap();
        for (p, key) in [
            "LumaMeanSquaredError",
            "ChromaBlueMeanSquaredError",
            "ChromaRedMeanSquaredError",
        ]
        .iter()
        .enumerate()
        {
            let a: Vec<u8> = src.plane(p).unwrap().rows().flatten().copied().collect();
            let b: Vec<u8> = r.plane(p).unwrap().rows().flatten().copied().collect();
            let mse = a
                .iter()
                .zip(&b)
                .map(|(&x, &y)| (f64::from(x) - f64::from(y)).powi(2))
                .sum::<f64>()
                / a.len() as f64;
            let got = m.get(key).and_then(Value::as_f64).unwrap();
            assert!((got - mse).abs() < 1e-9, "{key}: {got} vs {mse}");
        }
    }
}

#[test]
fn base_frame_qp_overrides_rate_control() {
    let input = frames(6);
    let (s, rx) = session(&[("AverageBitRate", Value::Int(50_000))]);
    for (i, f) in input.iter().enumerate() {
        let opts = FrameOptions::default().base_frame_qp(20 + i as i64);
        s.encode_frame(
            f,
            Time::new(i as i64, 30),
            Time::new(1, 30),
            &opts,
            i as u32,
        )
        .unwrap();
    }
    s.complete_frames(Time::INVALID).unwrap();
    let mut outs: Vec<_> = rx.try_iter().collect();
    outs.sort_by_key(|o| o.source_refcon);
    let qps: Vec<f64> = outs
        .into_iter()
        .map(|o| o.sample.unwrap().attachments().frame_qp.unwrap())
        .collect();
    assert_eq!(qps, vec![20.0, 21.0, 22.0, 23.0, 24.0, 25.0]);
}

#[test]
fn low_latency_rate_control_keeps_every_frame_inside_its_short_buffer() {
    // The synthetic source cuts to another scene every 30 frames. (At 1 Mbit/s it runs out
    // of detail: with CABAC most frames sit at QP 0 and the rate cannot be reached.)
    let input = frames(150);
    for target in [100_000.0, 300_000.0, 600_000.0] {
        let (s, rx) = low_latency_session(&[
            ("AverageBitRate", Value::Int(target as i64)),
            ("RealTime", Value::Bool(true)),
        ])
        .unwrap();
        for (i, f) in input.iter().enumerate() {
            let options = FrameOptions {
                force_key_frame: i == 100,
                ..FrameOptions::default()
            };
            s.encode_frame(
                f,
                Time::new(i as i64, FPS as i32),
                Time::new(1, FPS as i32),
                &options,
                i as u32,
            )
            .unwrap();
        }
        s.complete_frames(Time::INVALID).unwrap();
        let out = samples(&rx.try_iter().collect::<Vec<_>>());
        assert_eq!(out.len(), input.len());
        // Infinite GOP: key frames only at the start and where asked, none at the cuts.
        let keys: Vec<usize> = (0..out.len()).filter(|&i| out[i].is_sync()).collect();
        assert_eq!(keys, vec![0, 100], "{target}");
        let capacity = target * framepress_rate::LOW_LATENCY_BUFFER_SECONDS;
        let initial = capacity * framepress_rate::LOW_LATENCY_INITIAL_PERCENT / 100.0;
        let report = replay_buffer(&timed(&out), target, capacity, initial, false);
        assert_eq!(report.underflows, Vec::<usize>::new(), "{target}");
        let largest = out.iter().map(|s| s.total_sample_size()).max().unwrap();
        assert!(
            largest as f64 * 8.0 <= capacity,
            "{target}: {largest} bytes"
        );
        let got = bit_rate(&out, 5.0);
        // The worst one-second window (frames i..i+30) after the first second.
        let worst = (30..=120)
            .map(|i| bit_rate(&out[i..i + 30], 1.0) / target)
            .fold(0.0f64, f64::max);
        eprintln!(
            "low latency {target}: {got:.0} bit/s ({:+.2} %), largest frame {largest} B, \
             worst 1 s window {:.2}× target",
            (got / target - 1.0) * 100.0,
            worst
        );
        assert!((got / target - 1.0).abs() <= 0.03, "{target}: {got:.0}");
        // A leaky bucket bounds every window of T seconds by rate × T + capacity; the
        // forced key frame is what comes nearest.
        assert!(
            worst <= 1.0 + framepress_rate::LOW_LATENCY_BUFFER_SECONDS,
            "{target}: a window at {worst:.2}× the target"
        );
        if target == 300_000.0 {
            check_decodes(&out, "low latency 300k");
        }
    }
}

#[test]
fn low_latency_refuses_the_vbv_keys() {
    // Refused when set, before any frame.
    let e = low_latency_session(&[
        ("VariableBitRate", Value::Int(300_000)),
        ("VBVMaxBitRate", Value::Int(450_000)),
    ])
    .map(drop)
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Parameter, "{e}");
    // Without low latency the same properties are a valid VBR configuration.
    let (s, _rx) = session(&[
        ("VariableBitRate", Value::Int(300_000)),
        ("VBVMaxBitRate", Value::Int(450_000)),
    ]);
    s.prepare_to_encode_frames().unwrap();
}
