use super::*;
use framepress_core::{ErrorKind, Value};

fn codec() -> CodecRateInfo {
    CodecRateInfo {
        default_qp: 26,
        max_qp: 51,
        quality_to_qp: |q| 46.0 - 36.0 * q,
        min_key_frame_bytes: 200.0,
        key_frame_qp_offset: 3,
        min_inter_frame_bytes: 20.0,
        reference_complexity: 1000.0,
        complexity_offset: 10.0,
        size_prior: 1.0,
    }
}

fn parse_with(pairs: &[(&str, Value)], low_latency: bool) -> Result<RateConfig> {
    let mut d = Dictionary::new();
    for (k, v) in pairs {
        d.insert(*k, v.clone());
    }
    RateConfig::from_properties(&d, &codec(), low_latency)
}

fn parse(pairs: &[(&str, Value)]) -> Result<RateConfig> {
    parse_with(pairs, false)
}

fn limits(v: &[f64]) -> Value {
    Value::Array(v.iter().map(|&x| Value::Float(x)).collect())
}

#[test]
fn nothing_set_is_the_default_constant_qp() {
    let c = parse(&[]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c.mode, RateMode::ConstantQp { qp: 26 });
    assert!(c.is_unconstrained_constant_qp());
    assert_eq!((c.min_qp, c.max_qp, c.max_qp_set), (0, 51, false));
}

#[test]
fn each_key_selects_its_mode() {
    let m = |pairs: &[(&str, Value)]| {
        parse(pairs)
            .map(|c| c.mode)
            .unwrap_or_else(|e| panic!("{e}"))
    };
    assert_eq!(
        m(&[("Quality", Value::Float(0.5))]),
        RateMode::ConstantQp { qp: 28 }
    );
    assert_eq!(
        m(&[("ConstantQualityFactor", Value::Float(0.5))]),
        RateMode::ConstantQuality { qp: 28.0 }
    );
    assert_eq!(
        m(&[("AverageBitRate", Value::Int(500_000))]),
        RateMode::AverageBitRate {
            bit_rate: 500_000.0
        }
    );
    assert_eq!(
        m(&[("ConstantBitRate", Value::Int(500_000))]),
        RateMode::ConstantBitRate {
            bit_rate: 500_000.0
        }
    );
    // DataRateLimits alone: an average target safely below the tightest cap.
    assert_eq!(
        m(&[("DataRateLimits", limits(&[100_000.0, 1.0, 30_000.0, 0.1]))]),
        RateMode::AverageBitRate {
            bit_rate: 800_000.0 * LIMIT_ONLY_TARGET_FRACTION
        }
    );
    // A bit-rate target wins over Quality, which apps often set alongside it.
    assert_eq!(
        m(&[
            ("AverageBitRate", Value::Int(1000)),
            ("Quality", Value::Float(0.9))
        ]),
        RateMode::AverageBitRate { bit_rate: 1000.0 }
    );
    // 0 means "encoder picks size": unset.
    assert_eq!(
        m(&[("AverageBitRate", Value::Int(0))]),
        RateMode::ConstantQp { qp: 26 }
    );
}

#[test]
fn vbv_defaults_follow_the_spec_and_cbr_always_has_a_buffer() {
    let c = parse(&[("ConstantBitRate", Value::Int(400_000))]).unwrap_or_else(|e| panic!("{e}"));
    let v = c.vbv.unwrap_or_else(|| panic!("CBR without a buffer"));
    assert_eq!(v.max_bit_rate, 400_000.0);
    assert_eq!(v.buffer_seconds, DEFAULT_VBV_BUFFER_SECONDS);
    assert_eq!(v.initial_delay_percent, DEFAULT_VBV_INITIAL_DELAY_PERCENT);
    let c = parse(&[
        ("VariableBitRate", Value::Int(400_000)),
        ("VBVMaxBitRate", Value::Int(600_000)),
        ("VBVBufferDuration", Value::Float(1.0)),
        ("VBVInitialDelayPercentage", Value::Float(50.0)),
    ])
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        c.vbv,
        Some(VbvConfig {
            max_bit_rate: 600_000.0,
            buffer_seconds: 1.0,
            initial_delay_percent: 50.0
        })
    );
    let c = parse(&[("VariableBitRate", Value::Int(400_000))]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c.vbv, None, "VBR without VBVMaxBitRate has no peak bound");
}

#[test]
fn forbidden_combinations_and_bad_values_are_parameter_errors() {
    let bad: Vec<Vec<(&str, Value)>> = vec![
        vec![
            ("ConstantBitRate", Value::Int(1000)),
            ("AverageBitRate", Value::Int(1000)),
        ],
        vec![
            ("ConstantBitRate", Value::Int(1000)),
            ("DataRateLimits", limits(&[1000.0, 1.0])),
        ],
        vec![
            ("VariableBitRate", Value::Int(1000)),
            ("AverageBitRate", Value::Int(1000)),
        ],
        vec![
            ("VariableBitRate", Value::Int(1000)),
            ("ConstantBitRate", Value::Int(1000)),
        ],
        vec![
            ("VariableBitRate", Value::Int(1000)),
            ("DataRateLimits", limits(&[1000.0, 1.0])),
        ],
        vec![("VBVMaxBitRate", Value::Int(1000))],
        vec![("VBVBufferDuration", Value::Float(1.0))],
        vec![
            ("AverageBitRate", Value::Int(1000)),
            ("VBVInitialDelayPercentage", Value::Float(50.0)),
        ],
        vec![
            ("VariableBitRate", Value::Int(2000)),
            ("VBVMaxBitRate", Value::Int(1000)),
        ],
        vec![
            ("ConstantBitRate", Value::Int(1000)),
            ("VBVBufferDuration", Value::Float(0.0)),
        ],
        vec![
            ("ConstantBitRate", Value::Int(1000)),
            ("VBVInitialDelayPercentage", Value::Float(101.0)),
        ],
        vec![("AverageBitRate", Value::Int(-5))],
        vec![
            ("AverageBitRate", Value::Int(1000)),
            ("FramepressConstantQP", Value::Int(20)),
        ],
        vec![
            ("AverageBitRate", Value::Int(1000)),
            ("ConstantQualityFactor", Value::Float(0.5)),
        ],
        vec![("ConstantQualityFactor", Value::Float(1.5))],
        vec![("DataRateLimits", limits(&[1000.0]))],
        vec![("DataRateLimits", limits(&[1000.0, 0.0]))],
        vec![("DataRateLimits", limits(&[-1000.0, 1.0]))],
        // Too small for the smallest key frame (200 bytes for this codec).
        vec![("DataRateLimits", limits(&[150.0, 1.0]))],
        vec![
            ("ConstantBitRate", Value::Int(1000)),
            ("VBVBufferDuration", Value::Float(0.1)),
        ],
        vec![
            ("MinAllowedFrameQP", Value::Int(40)),
            ("MaxAllowedFrameQP", Value::Int(30)),
        ],
        vec![("MaxAllowedFrameQP", Value::Int(52))],
    ];
    for pairs in bad {
        match parse(&pairs) {
            Err(e) => assert_eq!(e.kind(), ErrorKind::Parameter, "{pairs:?}: {e}"),
            Ok(c) => panic!("{pairs:?} accepted as {c:?}"),
        }
    }
}

#[test]
fn qp_bounds_are_read() {
    let c = parse(&[
        ("AverageBitRate", Value::Int(100_000)),
        ("MinAllowedFrameQP", Value::Int(20)),
        ("MaxAllowedFrameQP", Value::Int(40)),
    ])
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((c.min_qp, c.max_qp, c.max_qp_set), (20, 40, true));
}

#[test]
fn low_latency_keeps_a_short_buffer_at_the_target_rate() {
    let c = parse_with(&[("AverageBitRate", Value::Int(300_000))], true)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(c.low_latency);
    assert_eq!(
        c.mode,
        RateMode::AverageBitRate {
            bit_rate: 300_000.0
        }
    );
    let v = c.vbv.unwrap_or_else(|| panic!("no buffer"));
    assert_eq!(v.max_bit_rate, 300_000.0);
    assert_eq!(v.buffer_seconds, LOW_LATENCY_BUFFER_SECONDS);
    // Derived from the limits alone: the buffer runs at the derived target.
    let c = parse_with(&[("DataRateLimits", limits(&[10_000.0, 1.0]))], true)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c.vbv.map(|v| v.max_bit_rate), Some(64_000.0));
    // Quality modes keep no buffer.
    let c = parse_with(&[("Quality", Value::Float(0.5))], true).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c.vbv, None);
    assert!(!parse(&[("AverageBitRate", Value::Int(300_000))]).is_ok_and(|c| c.low_latency));
}

#[test]
fn low_latency_rejects_the_vbv_keys() {
    for pairs in [
        vec![("VariableBitRate", Value::Int(1000))],
        vec![
            ("VariableBitRate", Value::Int(1000)),
            ("VBVMaxBitRate", Value::Int(2000)),
        ],
        vec![
            ("ConstantBitRate", Value::Int(100_000)),
            ("VBVBufferDuration", Value::Float(1.0)),
        ],
        vec![
            ("ConstantBitRate", Value::Int(100_000)),
            ("VBVInitialDelayPercentage", Value::Float(50.0)),
        ],
    ] {
        assert!(parse(&pairs).is_ok(), "{pairs:?} without low latency");
        match parse_with(&pairs, true) {
            Err(e) => {
                assert_eq!(e.kind(), ErrorKind::Parameter);
                assert!(e.to_string().contains("EnableLowLatencyRateControl"), "{e}");
            }
            Ok(c) => panic!("{pairs:?} accepted as {c:?}"),
        }
    }
}

#[test]
fn base_layer_bit_rate_fraction_is_read_and_checked() {
    let key = keys::BASE_LAYER_BIT_RATE_FRACTION.name();
    assert_eq!(parse(&[]).unwrap().base_layer_bit_rate_fraction, None);
    let c = parse(&[(key, Value::from(0.6))]).unwrap();
    assert_eq!(c.base_layer_bit_rate_fraction, Some(0.6));
    for bad in [0.0, -0.1, 1.5, f64::NAN] {
        let e = parse(&[(key, Value::from(bad))]).unwrap_err();
        assert!(e.to_string().contains(key), "{bad}: {e}");
    }
}

#[test]
fn expected_duration_is_read_or_derived_from_the_frame_count() {
    let d = |pairs: &[(&str, Value)]| parse(pairs).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d(&[]).expected_duration, 0.0);
    assert_eq!(
        d(&[("ExpectedDuration", Value::Float(12.5))]).expected_duration,
        12.5
    );
    // SourceFrameCount counts only with a frame rate to turn it into time.
    assert_eq!(
        d(&[("SourceFrameCount", Value::Int(300))]).expected_duration,
        0.0
    );
    let both = [
        ("SourceFrameCount", Value::Int(300)),
        ("ExpectedFrameRate", Value::Int(25)),
    ];
    assert_eq!(d(&both).expected_duration, 12.0);
    // An explicit ExpectedDuration wins, 0 included ("unknown").
    let mut explicit = both.to_vec();
    explicit.push(("ExpectedDuration", Value::Int(0)));
    assert_eq!(d(&explicit).expected_duration, 0.0);
    let e = parse(&[("ExpectedDuration", Value::Float(-1.0))]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Parameter);
}
