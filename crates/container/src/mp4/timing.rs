//! Sample times in track ticks.
//!
//! The session stamps samples with [`Time`]s (value / timescale). An MP4 track has one
//! timescale, so the writers take the samples' own when they all agree — exact, and what a
//! reader expects (25 fps in 1/25 s ticks) — and fall back to 90 kHz, the MPEG clock, when
//! the samples mix timescales or carry none.

use framepress_core::{RoundingMethod, Time};

/// Track timescale when the samples carry none or mix several.
pub const DEFAULT_TIMESCALE: i32 = 90_000;

/// Duration given to a sample whose duration cannot be known (a lone sample without one),
/// in [`DEFAULT_TIMESCALE`] ticks: 1/30 s.
pub const DEFAULT_TICKS_AT_90K: i64 = 3_000;

/// The one timescale every numeric time in `times` uses, or `None` when they mix timescales
/// or none is numeric.
pub fn common_timescale(times: impl IntoIterator<Item = Time>) -> Option<i32> {
    let mut found = None;
    for t in times
        .into_iter()
        .filter(|t| t.is_numeric() && t.timescale > 0)
    {
        match found {
            None => found = Some(t.timescale),
            Some(ts) if ts != t.timescale => return None,
            Some(_) => {}
        }
    }
    found
}

/// `t` in ticks of `timescale`, rounded to nearest; `None` for a missing or infinite time.
pub fn ticks(t: Time, timescale: i32) -> Option<i64> {
    if !t.is_numeric() {
        return None;
    }
    let c = t.convert_scale(timescale, RoundingMethod::RoundHalfAwayFromZero);
    c.is_numeric().then_some(c.value)
}

/// A fallback duration in ticks of `timescale` (1/30 s).
pub fn default_duration(timescale: i32) -> i64 {
    (DEFAULT_TICKS_AT_90K * i64::from(timescale) / i64::from(DEFAULT_TIMESCALE)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_timescale_or_none() {
        let t = |v, ts| Time::new(v, ts);
        assert_eq!(
            common_timescale([t(0, 25), t(1, 25), Time::INVALID]),
            Some(25)
        );
        assert_eq!(common_timescale([t(0, 25), t(1, 30)]), None);
        assert_eq!(common_timescale([Time::INVALID]), None);
        assert_eq!(ticks(t(1, 30), 90_000), Some(3000));
        assert_eq!(ticks(Time::INVALID, 90_000), None);
        assert_eq!(default_duration(30), 1);
        assert_eq!(default_duration(90_000), 3000);
    }
}
