//! `DataRateLimits`: hard caps on the bytes in every sliding window of decode time.
//!
//! VideoToolbox defines each limit as a pair (bytes, seconds): the samples whose decode
//! timestamps fall in any interval of `seconds` total at most `bytes`. Before a frame at
//! decode time `t` is coded, the bytes it may take under one limit are that limit's bytes
//! minus what the earlier frames with decode times in `(t − seconds, t]` already used; the
//! smallest over all limits is the frame's hard ceiling.

use std::collections::VecDeque;

/// One `DataRateLimits` pair.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DataRateLimit {
    /// Bytes allowed in any window.
    pub bytes: f64,
    /// Window length in seconds.
    pub seconds: f64,
}

impl DataRateLimit {
    /// The limit as a rate in bits per second.
    pub fn bits_per_second(&self) -> f64 {
        self.bytes * 8.0 / self.seconds
    }
}

/// Frames within this distance of a window's edge count as inside it: timestamps arrive as
/// floating-point seconds, and counting a frame too many only makes the ceiling stricter.
const EDGE_EPSILON: f64 = 1e-7;

/// Remembers recent frame sizes and answers "how many bytes may the next frame take".
#[derive(Clone, Debug, Default)]
pub struct WindowTracker {
    limits: Vec<DataRateLimit>,
    /// (decode time in seconds, bytes), oldest first, pruned to the longest window.
    history: VecDeque<(f64, u64)>,
}

impl WindowTracker {
    /// A tracker for `limits` (empty: no limit).
    pub fn new(limits: Vec<DataRateLimit>) -> WindowTracker {
        WindowTracker {
            limits,
            history: VecDeque::new(),
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> &[DataRateLimit] {
        &self.limits
    }

    /// Replaces the limits (mid-stream reconfiguration); the history is kept, so windows
    /// that straddle the change are checked against the new limits at once.
    pub fn set_limits(&mut self, limits: Vec<DataRateLimit>) {
        self.limits = limits;
    }

    /// Bytes the frame at decode time `t` may take without breaking any limit (`None` when
    /// there are no limits). Never negative.
    pub fn allowance(&self, t: f64) -> Option<f64> {
        self.limits
            .iter()
            .map(|l| {
                let used: u64 = self
                    .history
                    .iter()
                    .filter(|(dt, _)| *dt > t - l.seconds - EDGE_EPSILON)
                    .map(|(_, b)| *b)
                    .sum();
                (l.bytes - used as f64).max(0.0)
            })
            .min_by(f64::total_cmp)
    }

    /// The allowance less room for the smallest possible frame (`min_frame` bytes) for each
    /// frame still to come in the tightest window, at one frame every `duration` seconds:
    /// what a frame may take so that the frames after it can always be coded.
    pub fn allowance_with_reserve(&self, t: f64, duration: f64, min_frame: f64) -> Option<f64> {
        self.limits
            .iter()
            .map(|l| {
                let used: u64 = self
                    .history
                    .iter()
                    .filter(|(dt, _)| *dt > t - l.seconds - EDGE_EPSILON)
                    .map(|(_, b)| *b)
                    .sum();
                let later = if duration > 0.0 {
                    ((l.seconds / duration).ceil() - 1.0).max(0.0)
                } else {
                    0.0
                };
                (l.bytes - used as f64 - later * min_frame).max(0.0)
            })
            .min_by(f64::total_cmp)
    }

    /// The share of the allowance a frame should aim for so that the frames after it in the
    /// same window still have room: half of what is left, but never less than the limit's
    /// fair share of one frame of `duration` seconds, and never more than the allowance.
    pub fn soft_allowance(&self, t: f64, duration: f64) -> Option<f64> {
        let hard = self.allowance(t)?;
        let fair = self
            .limits
            .iter()
            .map(|l| l.bytes * (duration / l.seconds).min(1.0))
            .min_by(f64::total_cmp)
            .unwrap_or(hard);
        Some((0.5 * hard + 0.5 * fair).min(hard))
    }

    /// Records a coded frame.
    pub fn record(&mut self, t: f64, bytes: u64) {
        self.history.push_back((t, bytes));
        let longest = self.limits.iter().map(|l| l.seconds).fold(0.0, f64::max);
        while let Some(&(old, _)) = self.history.front() {
            // Keep frames that a longer limit set later could still need (up to 60 s).
            if old < t - longest.max(60.0) - 1.0 {
                self.history.pop_front();
            } else {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_allowance_is_what_the_window_has_left() {
        let mut w = WindowTracker::new(vec![DataRateLimit {
            bytes: 1000.0,
            seconds: 1.0,
        }]);
        assert_eq!(w.allowance(0.0), Some(1000.0));
        w.record(0.0, 400);
        w.record(0.5, 500);
        assert_eq!(w.allowance(0.9), Some(100.0));
        // At t = 1.0 the frame at 0.0 has left the window (0.0, 1.0].
        assert_eq!(w.allowance(1.01), Some(500.0));
        w.record(1.01, 600);
        assert_eq!(w.allowance(1.2), Some(0.0));
    }

    #[test]
    fn the_tightest_limit_wins_and_no_limit_means_none() {
        let mut w = WindowTracker::new(vec![
            DataRateLimit {
                bytes: 1000.0,
                seconds: 1.0,
            },
            DataRateLimit {
                bytes: 300.0,
                seconds: 0.1,
            },
        ]);
        w.record(0.0, 250);
        assert_eq!(w.allowance(0.05), Some(50.0));
        assert_eq!(w.allowance(0.2), Some(300.0));
        assert_eq!(w.allowance(0.5), Some(300.0));
        assert_eq!(WindowTracker::default().allowance(1.0), None);
    }

    #[test]
    fn the_soft_allowance_leaves_room_but_never_exceeds_the_hard_one() {
        let w = WindowTracker::new(vec![DataRateLimit {
            bytes: 3000.0,
            seconds: 1.0,
        }]);
        let soft = w.soft_allowance(0.0, 1.0 / 30.0).unwrap_or(0.0);
        assert!(soft > 100.0 && soft < 3000.0);
    }
}
