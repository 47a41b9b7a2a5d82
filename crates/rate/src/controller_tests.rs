//! The controller against a toy codec whose frame sizes follow a known law with noise, so the
//! rate logic is tested apart from any real encoder (the encoders' own tests check it with
//! real streams and an independent checker).

use super::*;
use crate::config::{CodecRateInfo, VbvConfig};
use crate::window::DataRateLimit;

fn codec() -> CodecRateInfo {
    CodecRateInfo {
        default_qp: 26,
        max_qp: 51,
        quality_to_qp: |q| 46.0 - 36.0 * q,
        min_key_frame_bytes: 100.0,
        key_frame_qp_offset: 3,
        min_inter_frame_bytes: 20.0,
        reference_complexity: 10_000.0,
        complexity_offset: 100.0,
        size_prior: 1.0,
    }
}

/// A deterministic pseudo-random sequence in [0, 1).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Bytes the toy codec spends: ∝ complexity / qscale^1.2 (real codecs are steeper than the
/// model's 1/qscale), ±20 % noise, key frames 4× as costly; at least 20 bytes.
fn toy_bytes(complexity: f64, qp: u8, rng: &mut Lcg) -> u64 {
    let bits = 3.0 * complexity / qscale(f64::from(qp)).powf(1.2) * (0.8 + 0.4 * rng.next());
    ((bits / 8.0) as u64).max(20)
}

struct Run {
    sizes: Vec<(f64, u64)>,
    qps: Vec<u8>,
    /// Temporal layer of each coded frame.
    layers: Vec<u8>,
    dropped: usize,
}

/// Runs `frames` frames at 30 fps through the controller with the encoder's re-code loop;
/// `complexity(i)` is the inter complexity of frame i; key frames every `gop`.
fn run(
    config: RateConfig,
    frames: usize,
    gop: usize,
    complexity: impl Fn(usize) -> f64,
    change: impl FnMut(usize, &mut RateController),
) -> Run {
    run_layered(config, frames, gop, 1, complexity, change)
}

/// [`run`] with two temporal layers: every `base_interval`-th frame (counted from each key
/// frame) is in the base layer, predicted from `base_interval` frames back (so costlier);
/// the others are enhancement frames.
fn run_layered(
    config: RateConfig,
    frames: usize,
    gop: usize,
    base_interval: usize,
    complexity: impl Fn(usize) -> f64,
    mut change: impl FnMut(usize, &mut RateController),
) -> Run {
    let mut rc = RateController::new(config, &codec());
    let mut rng = Lcg(7);
    let mut out = Run {
        sizes: Vec::new(),
        qps: Vec::new(),
        layers: Vec::new(),
        dropped: 0,
    };
    for i in 0..frames {
        change(i, &mut rc);
        let key = i % gop == 0;
        let layer = u8::from(!(i % gop).is_multiple_of(base_interval));
        let c = complexity(i);
        let c = if layer == 0 && !key && base_interval > 1 {
            1.5 * c
        } else {
            c
        };
        let info = FrameInfo {
            time: i as f64 / 30.0,
            duration: 1.0 / 30.0,
            key,
            complexity: if key { 4.0 * c } else { c },
            inter_complexity: c,
            temporal_layer: layer,
        };
        let plan = rc.plan(&info);
        let mut qp = plan.qp;
        let mut bytes = toy_bytes(info.complexity, qp, &mut rng);
        while let Some(next) = RateController::retry_qp(&plan, qp, bytes) {
            qp = next;
            bytes = toy_bytes(info.complexity, qp, &mut rng);
        }
        if plan.limit_bytes.is_some_and(|m| bytes > m) {
            assert!(plan.may_drop, "frame {i}: {bytes} bytes over {plan:?}");
            rc.drop_frame(&info);
            out.dropped += 1;
            continue;
        }
        bytes += rc.filler_bytes(&info, bytes);
        rc.commit(&info, qp, bytes);
        out.sizes.push((info.time, bytes));
        out.qps.push(qp);
        out.layers.push(layer);
    }
    out
}

fn abr(bit_rate: f64) -> RateConfig {
    RateConfig {
        mode: RateMode::AverageBitRate { bit_rate },
        key_frame_qp_offset: 3,
        ..RateConfig::constant_qp(26, 51)
    }
}

fn rate_of(sizes: &[(f64, u64)], seconds: f64) -> f64 {
    sizes.iter().map(|s| s.1 as f64 * 8.0).sum::<f64>() / seconds
}

#[test]
fn abr_lands_within_three_percent_at_three_targets() {
    for target in [2_000_000.0, 500_000.0, 200_000.0] {
        // Complexity varying by 4× over the clip (a slow pan into a busy scene).
        let r = run(
            abr(target),
            300,
            90,
            |i| 20_000.0 * (1.0 + 3.0 * (i as f64 / 300.0)),
            |_, _| {},
        );
        let got = rate_of(&r.sizes, 10.0);
        eprintln!("target {target}: {got} qps {:?}", r.qps);
        assert!((got / target - 1.0).abs() < 0.03, "target {target}: {got}");
    }
}

#[test]
fn an_expected_duration_makes_the_stream_end_on_target() {
    // Busy content whose last second is 3× simpler: the one-second correction cannot pay
    // back what that second leaves unspent, the time-left correction can.
    let complexity = |i: usize| if i < 270 { 60_000.0 } else { 20_000.0 };
    let error = |expected_duration: f64| {
        let config = RateConfig {
            expected_duration,
            ..abr(1_000_000.0)
        };
        let r = run(config, 300, 300, complexity, |_, _| {});
        rate_of(&r.sizes, 10.0) / 1_000_000.0 - 1.0
    };
    let (unknown, known) = (error(0.0), error(10.0));
    eprintln!("error without {unknown:+.4}, with ExpectedDuration {known:+.4}");
    assert!(known.abs() < 0.01, "{known}");
    assert!(known.abs() < unknown.abs() / 2.0, "{known} vs {unknown}");
}

#[test]
fn a_bitrate_change_takes_effect_within_a_second() {
    let r = run(
        abr(1_000_000.0),
        180,
        1000,
        |_| 30_000.0,
        |i, rc| {
            if i == 60 {
                let mut c = rc.config().clone();
                c.mode = RateMode::AverageBitRate {
                    bit_rate: 300_000.0,
                };
                rc.reconfigure(c);
            }
        },
    );
    // The 1-second window starting one second after the change (frames 90..120).
    let window: Vec<_> = r.sizes[90..120].to_vec();
    let got = rate_of(&window, 1.0);
    assert!((got / 300_000.0 - 1.0).abs() < 0.10, "{got}");
}

#[test]
fn cbr_never_underflows_or_overflows_and_is_constant() {
    let bit_rate = 400_000.0;
    let config = RateConfig {
        mode: RateMode::ConstantBitRate { bit_rate },
        vbv: Some(VbvConfig {
            max_bit_rate: bit_rate,
            buffer_seconds: 1.0,
            initial_delay_percent: 90.0,
        }),
        key_frame_qp_offset: 3,
        ..RateConfig::constant_qp(26, 51)
    };
    // Quiet content that would undershoot: filler keeps the rate up.
    let r = run(
        config,
        300,
        60,
        |i| if i < 150 { 2_000.0 } else { 60_000.0 },
        |_, _| {},
    );
    let (capacity, mut full) = (bit_rate, 0.9 * bit_rate);
    for (i, &(_, bytes)) in r.sizes.iter().enumerate() {
        let bits = bytes as f64 * 8.0;
        assert!(bits <= full + 1e-6, "underflow at frame {i}");
        full = full - bits + bit_rate / 30.0;
        assert!(
            full <= capacity + 8.0 * 8.0,
            "overflow at frame {i}: {full}"
        );
        full = full.min(capacity);
    }
    let got = rate_of(&r.sizes, 10.0);
    assert!((got / bit_rate - 1.0).abs() < 0.05, "{got}");
}

#[test]
fn windows_are_never_exceeded() {
    let limit = DataRateLimit {
        bytes: 40_000.0,
        seconds: 1.0,
    };
    let config = RateConfig {
        mode: RateMode::AverageBitRate {
            bit_rate: 300_000.0,
        },
        limits: vec![limit],
        key_frame_qp_offset: 3,
        ..RateConfig::constant_qp(26, 51)
    };
    // A scene with key frames every 15 frames: the windows are what binds.
    let r = run(config, 300, 15, |_| 60_000.0, |_, _| {});
    for (i, &(t, _)) in r.sizes.iter().enumerate() {
        let sum: u64 = r.sizes[i..]
            .iter()
            .take_while(|(u, _)| *u < t + limit.seconds - 1e-9)
            .map(|s| s.1)
            .sum();
        assert!(sum as f64 <= limit.bytes, "window at {t}: {sum}");
    }
    assert_eq!(r.dropped, 0);
}

#[test]
fn qp_bounds_hold_and_constant_qp_is_constant() {
    let config = RateConfig {
        min_qp: 30,
        max_qp: 34,
        max_qp_set: true,
        ..abr(50_000.0)
    };
    let r = run(config, 60, 30, |_| 50_000.0, |_, _| {});
    assert!(r.qps.iter().all(|q| (30..=34).contains(q)), "{:?}", r.qps);
    let mut c = RateConfig::constant_qp(30, 51);
    c.key_frame_qp_offset = 3;
    let r = run(c, 10, 5, |_| 50_000.0, |_, _| {});
    assert_eq!(r.qps, vec![27, 30, 30, 30, 30, 27, 30, 30, 30, 30]);
}

#[test]
fn constant_quality_follows_complexity() {
    let config = RateConfig {
        mode: RateMode::ConstantQuality { qp: 28.0 },
        key_frame_qp_offset: 3,
        ..RateConfig::constant_qp(26, 51)
    };
    let r = run(
        config,
        60,
        1000,
        |i| if i < 30 { 10_000.0 } else { 80_000.0 },
        |_, _| {},
    );
    // An average frame gets the factor's QP; a busier scene is quantised more coarsely.
    assert!((27..=29).contains(&r.qps[20]), "{:?}", r.qps);
    assert!(r.qps[50] > r.qps[20] + 2, "{:?}", r.qps);
}

fn low_latency(bit_rate: f64) -> RateConfig {
    RateConfig {
        vbv: Some(VbvConfig {
            max_bit_rate: bit_rate,
            buffer_seconds: crate::config::LOW_LATENCY_BUFFER_SECONDS,
            initial_delay_percent: crate::config::LOW_LATENCY_INITIAL_PERCENT,
        }),
        low_latency: true,
        ..abr(bit_rate)
    }
}

/// Replays the sizes through a VBR leaky bucket (`rate`, `capacity` bits, starting at
/// `initial`); returns the underflow count.
fn underflows(sizes: &[(f64, u64)], rate: f64, capacity: f64, initial: f64) -> usize {
    let (mut full, mut last, mut count) = (initial, None::<f64>, 0);
    for &(t, bytes) in sizes {
        if let Some(l) = last {
            full = (full + rate * (t - l)).min(capacity);
        }
        let bits = bytes as f64 * 8.0;
        if bits > full + 1e-6 {
            count += 1;
        }
        full -= bits;
        last = Some(t);
    }
    count
}

#[test]
fn low_latency_hits_the_target_and_recovers_after_a_cut() {
    for target in [200_000.0, 500_000.0, 2_000_000.0] {
        // A scene cut at frame 150 into content 4× as busy; key frame only at the start.
        let r = run(
            low_latency(target),
            300,
            100_000,
            |i| if i < 150 { 20_000.0 } else { 80_000.0 },
            |_, _| {},
        );
        let capacity = target * crate::config::LOW_LATENCY_BUFFER_SECONDS;
        assert_eq!(underflows(&r.sizes, target, capacity, 0.9 * capacity), 0);
        assert!(r.sizes.iter().all(|s| s.1 as f64 * 8.0 <= capacity));
        let got = rate_of(&r.sizes, 10.0);
        assert!((got / target - 1.0).abs() < 0.03, "target {target}: {got}");
        // Half a second after the cut, the rate is back on target.
        let after = rate_of(&r.sizes[165..195], 1.0);
        assert!(
            (after / target - 1.0).abs() < 0.10,
            "{target}: {after} after the cut"
        );
        eprintln!(
            "low latency {target}: {got:.0}, {after:.0} after the cut, {:?}",
            r.qps
        );
    }
}

/// The base layer's share of the bits of a run.
fn base_share(r: &Run) -> f64 {
    let bits = |l: u8| -> f64 {
        r.sizes
            .iter()
            .zip(&r.layers)
            .filter(|(_, x)| **x == l)
            .map(|(s, _)| s.1 as f64)
            .sum()
    };
    bits(0) / (bits(0) + bits(1))
}

#[test]
fn base_layer_bit_rate_fraction_is_met_with_abr_and_low_latency() {
    for (name, config) in [
        ("abr", abr(500_000.0)),
        ("low latency", low_latency(500_000.0)),
    ] {
        for (interval, fraction) in [(2, 0.6), (2, 0.75), (4, 0.5)] {
            let config = RateConfig {
                base_layer_bit_rate_fraction: Some(fraction),
                ..config.clone()
            };
            let r = run_layered(config, 600, 100_000, interval, |_| 20_000.0, |_, _| {});
            let got = rate_of(&r.sizes, 20.0);
            // The share after the first second (the offset adapts from its start value).
            let tail = Run {
                sizes: r.sizes[30..].to_vec(),
                qps: Vec::new(),
                layers: r.layers[30..].to_vec(),
                dropped: 0,
            };
            let share = base_share(&tail);
            eprintln!("{name} 1/{interval} {fraction}: base share {share:.3}, rate {got:.0}");
            assert!(
                (share - fraction).abs() < 0.03,
                "{name} {interval} {fraction}: {share}"
            );
            assert!((got / 500_000.0 - 1.0).abs() < 0.03, "{name}: rate {got}");
        }
    }
}

#[test]
fn enhancement_frames_are_coarser_by_default() {
    let r = run_layered(abr(500_000.0), 300, 100_000, 2, |_| 20_000.0, |_, _| {});
    let mean = |l: u8| {
        let q: Vec<f64> = r
            .qps
            .iter()
            .zip(&r.layers)
            .skip(30)
            .filter(|(_, x)| **x == l)
            .map(|(q, _)| f64::from(*q))
            .collect();
        q.iter().sum::<f64>() / q.len() as f64
    };
    let (base, enh) = (mean(0), mean(1));
    eprintln!("mean QP base {base:.2}, enhancement {enh:.2}");
    assert!(enh > base + 1.0 && enh < base + 3.5, "{base} {enh}");
}
