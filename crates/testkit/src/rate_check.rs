//! An independent checker of rate constraints on a finished stream, written apart from the
//! rate controller (`framepress-rate`) so that a bug there cannot hide itself: the windows
//! are checked with exact rational time, the buffer by replaying the arrival schedule.

/// One sample: decode timestamp `value / timescale` seconds and its size in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimedSize {
    /// Decode timestamp numerator.
    pub value: i64,
    /// Decode timestamp denominator (> 0).
    pub timescale: i32,
    /// Sample bytes.
    pub bytes: u64,
}

/// A window that held more than the limit: it starts at sample `start` and holds `bytes`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WindowViolation {
    /// Index of the window's first sample.
    pub start: usize,
    /// Bytes in the window.
    pub bytes: u64,
}

/// Every window of `seconds` (as `numerator / 1_000_000` exactly: pass seconds with at most
/// six decimals) whose samples — decode times in `[t, t + seconds)` — total more than
/// `limit_bytes`. Windows starting at each sample cover every window that could hold the
/// most bytes.
pub fn window_violations(
    samples: &[TimedSize],
    limit_bytes: u64,
    seconds: f64,
) -> Vec<WindowViolation> {
    let span_num = (seconds * 1_000_000.0).round() as i128;
    let span_den = 1_000_000i128;
    let mut out = Vec::new();
    for (i, a) in samples.iter().enumerate() {
        let mut sum = 0u64;
        for b in &samples[i..] {
            // b.t − a.t < span  ⇔  (vb·ta − va·tb) · den < num · ta · tb
            let (ta, tb) = (i128::from(a.timescale), i128::from(b.timescale));
            let diff = i128::from(b.value) * ta - i128::from(a.value) * tb;
            if diff * span_den >= span_num * ta * tb {
                break;
            }
            sum += b.bytes;
        }
        if sum > limit_bytes {
            out.push(WindowViolation {
                start: i,
                bytes: sum,
            });
        }
    }
    out
}

/// What replaying a stream through a coded-picture buffer found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BufferReport {
    /// Samples larger than the bits buffered at their decode time.
    pub underflows: Vec<usize>,
    /// Constant-rate only: samples after whose removal the buffer filled past its capacity
    /// before the next one was due (the channel would have had to pause).
    pub overflows: Vec<usize>,
    /// Lowest fullness seen just before a removal, in bits.
    pub lowest_bits: f64,
}

/// Replays `samples` through a buffer of `capacity_bits` that holds `initial_bits` when the
/// first sample is due and fills at `bit_rate`; `constant`: the channel never pauses (CBR).
pub fn replay_buffer(
    samples: &[TimedSize],
    bit_rate: f64,
    capacity_bits: f64,
    initial_bits: f64,
    constant: bool,
) -> BufferReport {
    let mut report = BufferReport {
        lowest_bits: f64::INFINITY,
        ..BufferReport::default()
    };
    let time = |s: &TimedSize| s.value as f64 / f64::from(s.timescale);
    let mut level = initial_bits;
    for (i, s) in samples.iter().enumerate() {
        if i > 0 {
            let arrived = bit_rate * (time(s) - time(&samples[i - 1]));
            level += arrived;
            if level > capacity_bits {
                if constant && level > capacity_bits + 1e-6 * capacity_bits.max(1.0) {
                    report.overflows.push(i - 1);
                }
                level = capacity_bits;
            }
        }
        report.lowest_bits = report.lowest_bits.min(level);
        let bits = s.bytes as f64 * 8.0;
        if bits > level + 1e-9 {
            report.underflows.push(i);
            level = 0.0;
        } else {
            level -= bits;
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(frame: i64, bytes: u64) -> TimedSize {
        TimedSize {
            value: frame,
            timescale: 30,
            bytes,
        }
    }

    #[test]
    fn a_window_is_half_open_and_exact() {
        // 31 frames of 100 bytes at 30 fps: any 1-second window holds exactly 30.
        let s: Vec<_> = (0..31).map(|i| at(i, 100)).collect();
        assert!(window_violations(&s, 3000, 1.0).is_empty());
        assert_eq!(window_violations(&s, 2999, 1.0).len(), 2);
        let mut t = s.clone();
        t[15].bytes = 101;
        assert_eq!(
            window_violations(&t, 3000, 1.0),
            vec![
                WindowViolation {
                    start: 0,
                    bytes: 3001
                },
                WindowViolation {
                    start: 1,
                    bytes: 3001
                },
            ]
        );
    }

    #[test]
    fn the_buffer_replay_finds_underflow_and_constant_rate_overflow() {
        // 300 bits/s, 30 bits per frame interval at 10 fps; capacity 100.
        let s: Vec<_> = (0..5)
            .map(|i| TimedSize {
                value: i,
                timescale: 10,
                bytes: 4,
            })
            .collect();
        let ok = replay_buffer(&s, 300.0, 100.0, 90.0, true);
        assert!(
            ok.underflows.is_empty() && ok.overflows.is_empty(),
            "{ok:?}"
        );
        let mut big = s.clone();
        big[2].bytes = 20;
        assert_eq!(
            replay_buffer(&big, 300.0, 100.0, 90.0, false)
                .underflows
                .first(),
            Some(&2)
        );
        let small: Vec<_> = s.iter().map(|x| TimedSize { bytes: 0, ..*x }).collect();
        assert_eq!(
            replay_buffer(&small, 300.0, 100.0, 90.0, true).overflows,
            vec![0, 1, 2, 3]
        );
        assert!(
            replay_buffer(&small, 300.0, 100.0, 90.0, false)
                .overflows
                .is_empty()
        );
    }
}
