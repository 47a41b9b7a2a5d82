//! Half-open time intervals with CoreMedia `CMTimeRange` semantics.
//!
//! A range is a start [`Time`] plus a non-negative duration rather than two
//! endpoints, so that an unbounded (`+∞`) or unknown (indefinite) duration
//! can be expressed and so that moving a range never changes its length.
//! Ranges are half-open, `[start, start + duration)`, which lets adjacent
//! frame ranges tile a timeline without overlapping.

use std::cmp::Ordering;
use std::fmt;

use crate::time::Time;

/// A half-open interval `[start, start + duration)` (`CMTimeRange`).
///
/// Fields are public for CoreMedia parity, so an invalid combination can be
/// built directly; check [`TimeRange::is_valid`] before trusting one. All
/// operations return [`TimeRange::INVALID`] (or an invalid [`Time`]) rather
/// than panicking when given invalid ranges. Equality and hashing use
/// [`Time`]'s value semantics. `Default` is [`TimeRange::INVALID`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct TimeRange {
    /// First instant inside the range.
    pub start: Time,
    /// Length of the range; must be a non-negative duration (epoch 0),
    /// `+∞` or indefinite for the range to be valid.
    pub duration: Time,
}

impl TimeRange {
    /// The invalid range: "no range", e.g. nothing selected.
    pub const INVALID: Self = Self {
        start: Time::INVALID,
        duration: Time::INVALID,
    };

    /// The empty range at time zero.
    pub const ZERO: Self = Self {
        start: Time::ZERO,
        duration: Time::ZERO,
    };

    /// A range from `start` lasting `duration` (`CMTimeRangeMake`).
    ///
    /// A duration with a non-zero epoch is a point on a timeline, not a
    /// length, so it yields [`TimeRange::INVALID`]. Other invalid inputs
    /// (e.g. a negative duration) are stored as given, like CoreMedia does,
    /// and reported by [`TimeRange::is_valid`].
    pub const fn new(start: Time, duration: Time) -> Self {
        if duration.epoch != 0 {
            return Self::INVALID;
        }
        Self { start, duration }
    }

    /// The range `[start, end)` (`CMTimeRangeFromTimeToTime`).
    ///
    /// Returns [`TimeRange::INVALID`] unless the result is a valid range, so
    /// `end < start` or endpoints in incompatible epochs are caught here
    /// instead of producing a range with a negative or epoch-bearing
    /// duration.
    pub fn from_time_to_time(start: Time, end: Time) -> Self {
        let range = Self::new(start, end - start);
        if range.is_valid() {
            range
        } else {
            Self::INVALID
        }
    }

    /// Whether the range is meaningful: a valid start and a valid duration
    /// in epoch 0 that is either a non-negative number, `+∞` or indefinite.
    pub fn is_valid(&self) -> bool {
        let start_ok =
            self.start.is_valid() && !(self.start.is_numeric() && self.start.timescale <= 0);
        let d = &self.duration;
        let duration_ok = if d.is_numeric() {
            d.timescale > 0 && d.value >= 0
        } else {
            d.is_positive_infinity() || d.is_indefinite()
        };
        start_ok && d.is_valid() && d.epoch == 0 && duration_ok
    }

    /// Whether the range is not valid.
    pub fn is_invalid(&self) -> bool {
        !self.is_valid()
    }

    /// Whether the range is valid but its start or duration is unknown, so
    /// its extent cannot be relied on.
    pub fn is_indefinite(&self) -> bool {
        self.is_valid() && (self.start.is_indefinite() || self.duration.is_indefinite())
    }

    /// Whether the range is valid and has zero duration, so it contains no
    /// time at all.
    pub fn is_empty(&self) -> bool {
        self.is_valid() && self.duration.compare(&Time::ZERO) == Ordering::Equal
    }

    /// The first instant after the range, `start + duration`
    /// (`CMTimeRangeGetEnd`); [`Time::INVALID`] for an invalid range.
    pub fn end(&self) -> Time {
        if self.is_invalid() {
            return Time::INVALID;
        }
        self.start + self.duration
    }

    /// Whether `time` lies in `[start, end)`: the start is inside, the end
    /// is not, so adjacent ranges never both claim an instant. False for an
    /// invalid range or time.
    pub fn contains_time(&self, time: Time) -> bool {
        self.is_valid()
            && time.is_valid()
            && self.start.compare(&time) != Ordering::Greater
            && time.compare(&self.end()) == Ordering::Less
    }

    /// Whether `other` lies entirely within `self`
    /// (`CMTimeRangeContainsTimeRange`): `self.start <= other.start` and
    /// `other.end <= self.end`. Following CoreMedia, an empty `other` is
    /// contained if its position satisfies these bounds (including at
    /// `self`'s end). False if either range is invalid.
    pub fn contains_range(&self, other: &Self) -> bool {
        self.is_valid()
            && other.is_valid()
            && self.start.compare(&other.start) != Ordering::Greater
            && other.end().compare(&self.end()) != Ordering::Greater
    }

    /// The smallest range covering both (`CMTimeRangeGetUnion`): from the
    /// earlier start to the later end. A gap between disjoint ranges is
    /// included (a union of two pieces is not representable), and, as in
    /// CoreMedia, empty ranges still contribute their position.
    /// [`TimeRange::INVALID`] if either range is invalid or their endpoints
    /// are in incompatible epochs.
    pub fn union(&self, other: &Self) -> Self {
        if self.is_invalid() || other.is_invalid() {
            return Self::INVALID;
        }
        Self::from_time_to_time(self.start.min(other.start), self.end().max(other.end()))
    }

    /// The overlap of two ranges (`CMTimeRangeGetIntersection`).
    ///
    /// When they do not overlap (including when they merely touch, since
    /// ranges are half-open), the result is an *empty* range positioned at
    /// the later of the two starts: it is still a valid range, so callers
    /// can test [`TimeRange::is_empty`] without special-casing invalidity,
    /// and its position says where the second range began.
    /// [`TimeRange::INVALID`] if either range is invalid.
    pub fn intersection(&self, other: &Self) -> Self {
        if self.is_invalid() || other.is_invalid() {
            return Self::INVALID;
        }
        let start = self.start.max(other.start);
        let end = self.end().min(other.end());
        if end.compare(&start) != Ordering::Greater {
            return Self::new(start, Time::ZERO);
        }
        Self::from_time_to_time(start, end)
    }

    /// The time nearest to `time` within the range (`CMTimeClampToRange`):
    /// earlier times give `start`, later times give `end`. As in CoreMedia
    /// the end itself is returned for late times even though the range is
    /// half-open, because it is the nearest representable bound.
    /// [`Time::INVALID`] if the range is invalid or empty, or `time` is
    /// invalid, since there is then no sensible nearest time.
    pub fn clamp_time(&self, time: Time) -> Time {
        if self.is_invalid() || self.is_empty() || time.is_invalid() {
            return Time::INVALID;
        }
        if time.compare(&self.start) == Ordering::Less {
            return self.start;
        }
        let end = self.end();
        if time.compare(&end) == Ordering::Greater {
            return end;
        }
        time
    }

    /// Maps `time` linearly from `from` onto `to`
    /// (`CMTimeMapTimeFromRangeToRange`):
    /// `(time − from.start) × (to.duration / from.duration) + to.start`,
    /// e.g. to translate a source timestamp through an edit or speed change.
    ///
    /// The ratio is applied exactly (wide integers) and rounded once; the
    /// result uses a timescale fine enough for both the offset and
    /// `to.duration` (their LCM, capped at the maximum) and lands in
    /// `to.start`'s epoch. Times outside `from` are extrapolated, not
    /// clamped. [`Time::INVALID`] if either range is invalid, `from` is
    /// empty, either range has a non-numeric start or duration, or a
    /// numeric `time` is not in `from.start`'s epoch. Infinite `time`s stay
    /// infinite (INVALID if `to` is empty).
    pub fn map_time_to_range(time: Time, from: &Self, to: &Self) -> Time {
        if !Self::mappable(from, to) {
            return Time::INVALID;
        }
        if time.is_numeric() && time.epoch != from.start.epoch {
            return Time::INVALID;
        }
        let offset = time - from.start;
        offset.multiply_by_time_ratio(to.duration, from.duration) + to.start
    }

    /// Scales a duration by `to.duration / from.duration`
    /// (`CMTimeMapDurationFromRangeToRange`), e.g. the length of a frame
    /// after a speed change. Same conditions as
    /// [`TimeRange::map_time_to_range`]; additionally a numeric `duration`
    /// must be in epoch 0, since otherwise it is a point, not a length.
    pub fn map_duration_to_range(duration: Time, from: &Self, to: &Self) -> Time {
        if !Self::mappable(from, to) || (duration.is_numeric() && duration.epoch != 0) {
            return Time::INVALID;
        }
        duration.multiply_by_time_ratio(to.duration, from.duration)
    }

    /// Preconditions shared by the mapping functions.
    fn mappable(from: &Self, to: &Self) -> bool {
        from.is_valid()
            && to.is_valid()
            && from.start.is_numeric()
            && from.duration.is_numeric()
            && to.start.is_numeric()
            && to.duration.is_numeric()
            && !from.is_empty()
    }
}

impl fmt::Display for TimeRange {
    /// `[start, end) duration D` using [`Time`]'s display, or `INVALID`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_invalid() {
            return f.write_str("INVALID");
        }
        write!(
            f,
            "[{}, {}) duration {}",
            self.start,
            self.end(),
            self.duration
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{MAX_TIMESCALE, TimeFlags};
    use std::collections::HashSet;

    fn t(value: i64, timescale: i32) -> Time {
        Time::new(value, timescale)
    }

    fn range(start: i64, duration: i64, timescale: i32) -> TimeRange {
        TimeRange::new(t(start, timescale), t(duration, timescale))
    }

    /// Compares representation, not only value.
    fn same(actual: Time, expected: Time) {
        assert_eq!(
            (actual.value, actual.timescale, actual.flags, actual.epoch),
            (
                expected.value,
                expected.timescale,
                expected.flags,
                expected.epoch
            ),
            "got {actual:?}"
        );
    }

    #[test]
    fn constants_and_default() {
        assert!(TimeRange::INVALID.is_invalid());
        assert!(TimeRange::default().is_invalid());
        assert_eq!(TimeRange::default(), TimeRange::INVALID);
        assert!(TimeRange::ZERO.is_valid());
        assert!(TimeRange::ZERO.is_empty());
        same(TimeRange::ZERO.end(), Time::ZERO);
    }

    #[test]
    fn new_rejects_epoch_durations() {
        let r = TimeRange::new(t(0, 1), Time::with_epoch(5, 1, 2));
        assert_eq!(r.start.flags, TimeFlags::EMPTY);
        assert!(r.is_invalid());
        // A start in a non-zero epoch is fine.
        let r = TimeRange::new(Time::with_epoch(3, 1, 2), t(5, 1));
        assert!(r.is_valid());
        same(r.end(), Time::with_epoch(8, 1, 2));
    }

    #[test]
    fn validity_rules() {
        assert!(range(0, 0, 1).is_valid());
        assert!(range(-5, 3, 1).is_valid());
        assert!(range(0, -1, 1).is_invalid());
        assert!(TimeRange::new(Time::INVALID, t(1, 1)).is_invalid());
        assert!(TimeRange::new(t(0, 1), Time::INVALID).is_invalid());
        assert!(TimeRange::new(t(0, 1), Time::POSITIVE_INFINITY).is_valid());
        assert!(TimeRange::new(t(0, 1), Time::NEGATIVE_INFINITY).is_invalid());
        let indefinite = TimeRange::new(t(0, 1), Time::INDEFINITE);
        assert!(indefinite.is_valid() && indefinite.is_indefinite());
        assert!(TimeRange::new(Time::INDEFINITE, t(1, 1)).is_indefinite());
        assert!(!range(0, 1, 1).is_indefinite());
        // Directly built epoch-bearing duration bypassing `new`.
        let raw = TimeRange {
            start: t(0, 1),
            duration: Time::with_epoch(1, 1, 1),
        };
        assert!(raw.is_invalid());
        // Malformed numeric start.
        let malformed = TimeRange {
            start: Time {
                value: 1,
                timescale: 0,
                flags: TimeFlags::VALID,
                epoch: 0,
            },
            duration: t(1, 1),
        };
        assert!(malformed.is_invalid());
        assert!(range(3, 0, 7).is_empty());
        assert!(!range(3, 1, 7).is_empty());
        assert!(!range(0, -1, 1).is_empty());
    }

    #[test]
    fn from_time_to_time_cases() {
        let r = TimeRange::from_time_to_time(t(1, 2), t(3, 4));
        same(r.start, t(1, 2));
        same(r.duration, t(1, 4));
        // Same epoch endpoints give an epoch-0 duration.
        let r = TimeRange::from_time_to_time(Time::with_epoch(1, 1, 5), Time::with_epoch(4, 1, 5));
        assert!(r.is_valid());
        same(r.duration, t(3, 1));
        // Reversed or cross-epoch endpoints are invalid.
        assert_eq!(
            TimeRange::from_time_to_time(t(2, 1), t(1, 1)),
            TimeRange::INVALID
        );
        assert!(TimeRange::from_time_to_time(t(0, 1), Time::with_epoch(1, 1, 1)).is_invalid());
        assert!(
            TimeRange::from_time_to_time(Time::with_epoch(0, 1, 1), Time::with_epoch(1, 1, 2))
                .is_invalid()
        );
        let open = TimeRange::from_time_to_time(t(0, 1), Time::POSITIVE_INFINITY);
        assert!(open.is_valid() && open.duration.is_positive_infinity());
    }

    #[test]
    fn half_open_containment() {
        let r = range(10, 5, 1);
        assert!(r.contains_time(t(10, 1)));
        assert!(r.contains_time(t(29, 2)));
        assert!(!r.contains_time(t(15, 1)));
        assert!(!r.contains_time(t(9, 1)));
        assert!(!r.contains_time(Time::INVALID));
        assert!(!r.contains_time(Time::POSITIVE_INFINITY));
        assert!(!range(10, 0, 1).contains_time(t(10, 1)));
        assert!(!TimeRange::INVALID.contains_time(t(0, 1)));
        // Adjacent ranges never both contain the boundary.
        let next = range(15, 5, 1);
        assert!(next.contains_time(t(15, 1)) && !r.contains_time(t(15, 1)));
        // Unbounded range.
        let open = TimeRange::new(t(0, 1), Time::POSITIVE_INFINITY);
        assert!(open.contains_time(t(i64::MAX, 1)));
        assert!(!open.contains_time(Time::POSITIVE_INFINITY));
        // Different epoch: later epoch is after the whole epoch-0 range.
        assert!(!r.contains_time(Time::with_epoch(12, 1, 1)));
    }

    #[test]
    fn range_containment() {
        let outer = range(0, 10, 1);
        assert!(outer.contains_range(&range(0, 10, 1)));
        assert!(outer.contains_range(&range(2, 3, 1)));
        assert!(outer.contains_range(&range(10, 0, 1)));
        assert!(!outer.contains_range(&range(5, 6, 1)));
        assert!(!outer.contains_range(&range(-1, 2, 1)));
        assert!(!outer.contains_range(&TimeRange::INVALID));
        assert!(!range(2, 3, 1).contains_range(&outer));
        let open = TimeRange::new(t(0, 1), Time::POSITIVE_INFINITY);
        assert!(open.contains_range(&outer));
        assert!(!outer.contains_range(&open));
    }

    #[test]
    fn union_and_intersection() {
        let a = range(0, 10, 1);
        let b = range(5, 10, 1);
        let u = a.union(&b);
        assert_eq!(u, range(0, 15, 1));
        let i = a.intersection(&b);
        assert_eq!(i, range(5, 5, 1));
        assert_eq!(b.intersection(&a), i);
        assert_eq!(b.union(&a), u);

        // Disjoint: union spans the gap; intersection is empty at later start.
        let c = range(20, 5, 1);
        assert_eq!(a.union(&c), range(0, 25, 1));
        let none = a.intersection(&c);
        assert!(none.is_valid() && none.is_empty());
        same(none.start, t(20, 1));
        // Touching ranges do not overlap (half-open).
        let touching = a.intersection(&range(10, 5, 1));
        assert!(touching.is_empty());
        same(touching.start, t(10, 1));

        // Containment.
        assert_eq!(a.intersection(&range(2, 3, 1)), range(2, 3, 1));
        assert_eq!(a.union(&range(2, 3, 1)), a);

        // Mixed timescales stay exact.
        let x = TimeRange::new(t(1, 3), t(1, 2));
        let y = TimeRange::new(t(1, 2), t(1, 2));
        let xy = x.intersection(&y);
        assert_eq!(xy.start, t(1, 2));
        assert_eq!(xy.duration, t(1, 3));
        assert_eq!(x.union(&y).duration, t(2, 3));

        // Unbounded.
        let open = TimeRange::new(t(3, 1), Time::POSITIVE_INFINITY);
        assert_eq!(a.intersection(&open), range(3, 7, 1));
        let all = a.union(&open);
        assert_eq!(all.start, t(0, 1));
        assert!(all.duration.is_positive_infinity());

        // Invalid operands.
        assert_eq!(a.union(&TimeRange::INVALID), TimeRange::INVALID);
        assert_eq!(TimeRange::INVALID.intersection(&a), TimeRange::INVALID);
        // Incompatible epochs cannot be spanned.
        let other_epoch = TimeRange::new(Time::with_epoch(0, 1, 1), t(1, 1));
        let spanned = TimeRange::new(Time::with_epoch(0, 1, 2), t(1, 1));
        assert_eq!(other_epoch.union(&spanned), TimeRange::INVALID);
        let disjoint = other_epoch.intersection(&spanned);
        assert!(disjoint.is_empty());
        assert_eq!(disjoint.start, Time::with_epoch(0, 1, 2));
    }

    #[test]
    fn clamping() {
        let r = range(10, 5, 1);
        same(r.clamp_time(t(3, 1)), t(10, 1));
        same(r.clamp_time(t(12, 1)), t(12, 1));
        same(r.clamp_time(t(15, 1)), t(15, 1));
        same(r.clamp_time(t(99, 1)), t(15, 1));
        same(r.clamp_time(Time::NEGATIVE_INFINITY), t(10, 1));
        same(r.clamp_time(Time::POSITIVE_INFINITY), t(15, 1));
        same(r.clamp_time(Time::INVALID), Time::INVALID);
        same(range(10, 0, 1).clamp_time(t(1, 1)), Time::INVALID);
        same(TimeRange::INVALID.clamp_time(t(1, 1)), Time::INVALID);
    }

    #[test]
    fn map_time_between_ranges() {
        // [10, 20) → [100, 120): double speed.
        let from = range(10, 10, 1);
        let to = range(100, 20, 1);
        same(
            TimeRange::map_time_to_range(t(10, 1), &from, &to),
            t(100, 1),
        );
        same(
            TimeRange::map_time_to_range(t(15, 1), &from, &to),
            t(110, 1),
        );
        // Extrapolates beyond the range.
        same(
            TimeRange::map_time_to_range(t(25, 1), &from, &to),
            t(130, 1),
        );
        same(TimeRange::map_time_to_range(t(5, 1), &from, &to), t(90, 1));
        // Rounded when the exact answer needs a finer timescale.
        let third = TimeRange::map_time_to_range(t(1, 1), &range(0, 3, 1), &range(0, 1, 1));
        assert_eq!((third.value, third.timescale), (0, 1));
        assert!(third.has_been_rounded());
        // Mixed timescales: 1/30 in [0, 1) → [0, 2) at /600 → 40/600.
        let m = TimeRange::map_time_to_range(
            t(1, 30),
            &range(0, 1, 1),
            &TimeRange::new(t(0, 600), t(1200, 600)),
        );
        same(m, t(40, 600));
        // Result lands in to.start's epoch.
        let epoch_to = TimeRange::new(Time::with_epoch(100, 1, 4), t(20, 1));
        same(
            TimeRange::map_time_to_range(t(15, 1), &from, &epoch_to),
            Time::with_epoch(110, 1, 4),
        );
        // Ratio parts beyond i32 stay exact.
        let big_from = TimeRange::new(t(0, 1), t(i64::MAX, MAX_TIMESCALE));
        let big_to = TimeRange::new(t(0, 1), t(i64::MAX, MAX_TIMESCALE));
        let mapped = TimeRange::map_time_to_range(t(7, 1), &big_from, &big_to);
        assert_eq!(mapped, t(7, 1));
        assert!(!mapped.has_been_rounded());
    }

    #[test]
    fn map_time_rejections() {
        let from = range(10, 10, 1);
        let to = range(100, 20, 1);
        // Empty source range: the ratio is undefined.
        same(
            TimeRange::map_time_to_range(t(10, 1), &range(10, 0, 1), &to),
            Time::INVALID,
        );
        // Epoch mismatch between the time and the source range.
        same(
            TimeRange::map_time_to_range(Time::with_epoch(15, 1, 1), &from, &to),
            Time::INVALID,
        );
        let epoch_from = TimeRange::new(Time::with_epoch(10, 1, 1), t(10, 1));
        same(
            TimeRange::map_time_to_range(t(15, 1), &epoch_from, &to),
            Time::INVALID,
        );
        same(
            TimeRange::map_time_to_range(Time::with_epoch(15, 1, 1), &epoch_from, &to),
            t(110, 1),
        );
        same(
            TimeRange::map_time_to_range(t(1, 1), &TimeRange::INVALID, &to),
            Time::INVALID,
        );
        same(
            TimeRange::map_time_to_range(t(1, 1), &from, &TimeRange::INVALID),
            Time::INVALID,
        );
        let open = TimeRange::new(t(0, 1), Time::POSITIVE_INFINITY);
        same(
            TimeRange::map_time_to_range(t(1, 1), &open, &to),
            Time::INVALID,
        );
        same(
            TimeRange::map_time_to_range(Time::INVALID, &from, &to),
            Time::INVALID,
        );
        same(
            TimeRange::map_time_to_range(Time::INDEFINITE, &from, &to),
            Time::INDEFINITE,
        );
        same(
            TimeRange::map_time_to_range(Time::POSITIVE_INFINITY, &from, &to),
            Time::POSITIVE_INFINITY,
        );
        same(
            TimeRange::map_time_to_range(Time::POSITIVE_INFINITY, &from, &range(0, 0, 1)),
            Time::INVALID,
        );
        // An empty destination maps every finite time to its start.
        same(
            TimeRange::map_time_to_range(t(17, 1), &from, &range(4, 0, 1)),
            t(4, 1),
        );
    }

    #[test]
    fn map_duration_between_ranges() {
        let from = range(0, 10, 1);
        let to = range(50, 5, 1);
        same(
            TimeRange::map_duration_to_range(t(4, 1), &from, &to),
            t(2, 1),
        );
        same(
            TimeRange::map_duration_to_range(t(1, 30), &from, &to),
            t(1, 60).convert_scale(30, Default::default()),
        );
        same(
            TimeRange::map_duration_to_range(Time::with_epoch(4, 1, 1), &from, &to),
            Time::INVALID,
        );
        same(
            TimeRange::map_duration_to_range(t(4, 1), &range(0, 0, 1), &to),
            Time::INVALID,
        );
        same(
            TimeRange::map_duration_to_range(Time::POSITIVE_INFINITY, &from, &to),
            Time::POSITIVE_INFINITY,
        );
    }

    #[test]
    fn end_of_ranges() {
        same(range(1, 2, 3).end(), t(3, 3));
        same(TimeRange::new(t(1, 2), t(1, 3)).end(), t(5, 6));
        assert!(
            TimeRange::new(t(0, 1), Time::POSITIVE_INFINITY)
                .end()
                .is_positive_infinity()
        );
        assert!(
            TimeRange::new(t(0, 1), Time::INDEFINITE)
                .end()
                .is_indefinite()
        );
        same(range(0, -1, 1).end(), Time::INVALID);
    }

    #[test]
    fn eq_and_hash_use_time_values() {
        let mut set = HashSet::new();
        set.insert(range(1, 2, 4));
        assert!(set.contains(&TimeRange::new(t(1, 4), t(1, 2))));
        assert!(!set.contains(&range(1, 3, 4)));
    }

    #[test]
    fn display() {
        assert_eq!(
            range(0, 1, 1).to_string(),
            "[0/1 (0.000s), 1/1 (1.000s)) duration 1/1 (1.000s)"
        );
        assert_eq!(TimeRange::INVALID.to_string(), "INVALID");
        assert_eq!(
            TimeRange::new(t(0, 1), Time::POSITIVE_INFINITY).to_string(),
            "[0/1 (0.000s), +INFINITY) duration +INFINITY"
        );
    }
}
