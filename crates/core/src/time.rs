//! Rational media time with CoreMedia `CMTime` semantics.
//!
//! Media timestamps must survive arbitrary arithmetic without drifting, so a
//! [`Time`] is a rational number `value / timescale` seconds rather than a
//! float. Like `CMTime` it can also hold non-numeric values (invalid,
//! indefinite, ±infinity) so that "no timestamp" and "unbounded" can flow
//! through the same arithmetic as ordinary times instead of needing
//! `Option` plumbing everywhere, and an `epoch` that separates otherwise equal
//! timestamps (for example successive iterations of a loop).
//!
//! All arithmetic is total: it never panics and never silently wraps. Exact
//! intermediates are computed with 128-bit (and, where needed, 256-bit)
//! integers; when a result cannot be represented it is rounded (and flagged
//! with [`TimeFlags::HAS_BEEN_ROUNDED`]) or saturates to an infinity, exactly
//! as CoreMedia documents.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::{Add, BitAnd, BitAndAssign, BitOr, BitOrAssign, Sub};

/// Largest timescale a [`Time`] may use (`kCMTimeMaxTimescale`).
///
/// Arithmetic whose natural timescale (the LCM of the operands') would exceed
/// this falls back to it and rounds, because the field is an `i32`.
pub const MAX_TIMESCALE: i32 = 0x7fff_ffff;

/// Flag bits stored in [`Time::flags`] (`CMTimeFlags`).
///
/// A hand-written bit set rather than an enum because CoreMedia stores these
/// as a raw `u32` that may combine several bits (and, when read from
/// serialized data, bits this crate does not know about, which are kept so a
/// round trip is lossless).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct TimeFlags(u32);

impl TimeFlags {
    /// No bits set; a time with these flags is invalid.
    pub const EMPTY: Self = Self(0);
    /// The time holds meaningful data; without it every other field is
    /// ignored.
    pub const VALID: Self = Self(1);
    /// The value was rounded at some point, so it is only an approximation
    /// of the exact result; lets callers detect accumulated imprecision.
    pub const HAS_BEEN_ROUNDED: Self = Self(2);
    /// The time is +∞ (value and timescale are ignored).
    pub const POSITIVE_INFINITY: Self = Self(4);
    /// The time is −∞ (value and timescale are ignored).
    pub const NEGATIVE_INFINITY: Self = Self(8);
    /// The time is unknown (e.g. the duration of a live stream).
    pub const INDEFINITE: Self = Self(16);
    /// Every bit that makes a valid time non-numeric; used by
    /// [`Time::is_numeric`].
    pub const IMPLIED_VALUE_MASK: Self = Self(0x1C);

    /// The empty set, for building flags incrementally.
    pub const fn empty() -> Self {
        Self::EMPTY
    }

    /// The raw `u32`, as CoreMedia stores and serializes it.
    pub const fn bits(self) -> u32 {
        self.0
    }

    /// Wraps raw bits. Unknown bits are retained (not rejected) so that flags
    /// read from serialized data round-trip unchanged.
    pub const fn from_bits(bits: u32) -> Self {
        Self(bits)
    }

    /// Whether every bit of `other` is set in `self`.
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether any bit of `other` is set in `self`.
    pub const fn intersects(self, other: Self) -> bool {
        self.0 & other.0 != 0
    }

    /// Whether no bit is set.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Bits set in either; the `const` counterpart of `|`.
    pub const fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// Bits of `self` that are not in `other`, for clearing flags.
    pub const fn difference(self, other: Self) -> Self {
        Self(self.0 & !other.0)
    }
}

impl BitOr for TimeFlags {
    type Output = Self;
    fn bitor(self, rhs: Self) -> Self {
        self.union(rhs)
    }
}

impl BitOrAssign for TimeFlags {
    fn bitor_assign(&mut self, rhs: Self) {
        *self = self.union(rhs);
    }
}

impl BitAnd for TimeFlags {
    type Output = Self;
    fn bitand(self, rhs: Self) -> Self {
        Self(self.0 & rhs.0)
    }
}

impl BitAndAssign for TimeFlags {
    fn bitand_assign(&mut self, rhs: Self) {
        self.0 &= rhs.0;
    }
}

/// How to round when a time cannot be represented exactly in a timescale
/// (`CMTimeRoundingMethod`).
///
/// The discriminants match CoreMedia's so the raw value can be exchanged with
/// other implementations.
#[non_exhaustive]
#[repr(u32)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum RoundingMethod {
    /// Round to the nearest value; halves go away from zero. The default,
    /// because it minimises error and is symmetric for negative times.
    #[default]
    RoundHalfAwayFromZero = 1,
    /// Truncate toward zero.
    RoundTowardZero = 2,
    /// Round any fraction away from zero.
    RoundAwayFromZero = 3,
    /// QuickTime's legacy behaviour: toward zero when converting to a
    /// smaller timescale (less precision), away from zero when converting to
    /// a larger one. A non-zero negative time is never rounded to 0; it
    /// becomes −1 in the new timescale instead, so "before zero" stays before
    /// zero.
    QuickTime = 4,
    /// Round toward +∞ (ceiling).
    RoundTowardPositiveInfinity = 5,
    /// Round toward −∞ (floor).
    RoundTowardNegativeInfinity = 6,
}

impl RoundingMethod {
    /// The default method, usable in `const` contexts where
    /// [`Default::default`] is not.
    pub const DEFAULT: Self = Self::RoundHalfAwayFromZero;

    /// The CoreMedia numeric value of this method.
    pub const fn raw(self) -> u32 {
        self as u32
    }

    /// Parses a CoreMedia numeric value; `None` for unknown values so that
    /// callers decide how to treat them (CoreMedia maps 0 to the default).
    pub const fn from_raw(raw: u32) -> Option<Self> {
        match raw {
            1 => Some(Self::RoundHalfAwayFromZero),
            2 => Some(Self::RoundTowardZero),
            3 => Some(Self::RoundAwayFromZero),
            4 => Some(Self::QuickTime),
            5 => Some(Self::RoundTowardPositiveInfinity),
            6 => Some(Self::RoundTowardNegativeInfinity),
            _ => None,
        }
    }
}

/// A rational media time (`CMTime`): `value / timescale` seconds, plus flags
/// for non-numeric values and an epoch.
///
/// Fields are public for CoreMedia parity (and cheap serialization), so any
/// bit pattern can be constructed. Interpretation follows CoreMedia: without
/// [`TimeFlags::VALID`] the time is invalid; otherwise the +∞, −∞ and
/// indefinite bits are checked in that order; otherwise it is numeric. A
/// numeric time whose `timescale` is not positive is malformed and is treated
/// as invalid by comparison, hashing and arithmetic (never divided by).
///
/// Equality, ordering and hashing are *value* based (see [`Time::compare`]):
/// `1/2 == 2/4`, and the [`TimeFlags::HAS_BEEN_ROUNDED`] bit is ignored.
/// `Default` is [`Time::INVALID`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Time {
    /// Numerator: the time is `value / timescale` seconds.
    pub value: i64,
    /// Denominator: units per second. Must be positive for a numeric time.
    pub timescale: i32,
    /// Validity, rounding and non-numeric markers.
    pub flags: TimeFlags,
    /// Distinguishes equal timestamps on different passes of a loop or
    /// items of a sequence; a larger epoch is always later.
    pub epoch: i64,
}

/// Interpretation of a time's bits; variant order is the total order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Class {
    NegativeInfinity,
    Numeric,
    Indefinite,
    PositiveInfinity,
    Invalid,
}

impl Time {
    /// The invalid time (all zero): "no time", e.g. a missing timestamp.
    pub const INVALID: Self = Self {
        value: 0,
        timescale: 0,
        flags: TimeFlags::EMPTY,
        epoch: 0,
    };
    /// A valid but unknown time, e.g. the duration of a live stream.
    pub const INDEFINITE: Self = Self {
        value: 0,
        timescale: 0,
        flags: TimeFlags::VALID.union(TimeFlags::INDEFINITE),
        epoch: 0,
    };
    /// Later than every numeric time; the end of an unbounded range.
    pub const POSITIVE_INFINITY: Self = Self {
        value: 0,
        timescale: 0,
        flags: TimeFlags::VALID.union(TimeFlags::POSITIVE_INFINITY),
        epoch: 0,
    };
    /// Earlier than every numeric time.
    pub const NEGATIVE_INFINITY: Self = Self {
        value: 0,
        timescale: 0,
        flags: TimeFlags::VALID.union(TimeFlags::NEGATIVE_INFINITY),
        epoch: 0,
    };
    /// Zero seconds (`0/1`), the identity for addition.
    pub const ZERO: Self = Self {
        value: 0,
        timescale: 1,
        flags: TimeFlags::VALID,
        epoch: 0,
    };

    /// A valid time of `value / timescale` seconds in epoch 0
    /// (`CMTimeMake`). A non-positive `timescale` cannot describe a time, so
    /// it yields [`Time::INVALID`] instead of a malformed value.
    pub const fn new(value: i64, timescale: i32) -> Self {
        Self::with_epoch(value, timescale, 0)
    }

    /// Like [`Time::new`] but in the given epoch (`CMTimeMakeWithEpoch`).
    pub const fn with_epoch(value: i64, timescale: i32, epoch: i64) -> Self {
        if timescale <= 0 {
            return Self::INVALID;
        }
        Self {
            value,
            timescale,
            flags: TimeFlags::VALID,
            epoch,
        }
    }

    /// The time closest to `seconds` in `preferred_timescale`
    /// (`CMTimeMakeWithSeconds`).
    ///
    /// NaN or a non-positive timescale gives [`Time::INVALID`]; ±∞ gives the
    /// matching infinity. If the value would overflow `i64` the timescale is
    /// halved until it fits (or, past 1, the result saturates to ±∞).
    /// [`TimeFlags::HAS_BEEN_ROUNDED`] is set when the result, converted
    /// back, is not exactly `seconds`, so lossy conversions stay detectable.
    pub fn from_seconds(seconds: f64, preferred_timescale: i32) -> Self {
        if preferred_timescale <= 0 || seconds.is_nan() {
            return Self::INVALID;
        }
        if seconds.is_infinite() {
            return Self::infinity(seconds < 0.0);
        }
        let mut timescale = preferred_timescale;
        loop {
            let scaled = (seconds * f64::from(timescale)).round();
            if let Some(value) = f64_to_i64(scaled) {
                let mut time = Self::new(value, timescale);
                let back = value as f64 / f64::from(timescale);
                if back != seconds {
                    time.flags |= TimeFlags::HAS_BEEN_ROUNDED;
                }
                return time;
            }
            if timescale <= 1 {
                return Self::infinity(seconds < 0.0);
            }
            timescale /= 2;
        }
    }

    /// Whether the time carries meaningful data (the VALID bit).
    pub const fn is_valid(&self) -> bool {
        self.flags.contains(TimeFlags::VALID)
    }

    /// Whether the time is invalid ("no time").
    pub const fn is_invalid(&self) -> bool {
        !self.is_valid()
    }

    /// Whether the time is valid and +∞.
    pub const fn is_positive_infinity(&self) -> bool {
        self.is_valid() && self.flags.contains(TimeFlags::POSITIVE_INFINITY)
    }

    /// Whether the time is valid and −∞.
    pub const fn is_negative_infinity(&self) -> bool {
        self.is_valid() && self.flags.contains(TimeFlags::NEGATIVE_INFINITY)
    }

    /// Whether the time is valid and indefinite (unknown).
    pub const fn is_indefinite(&self) -> bool {
        self.is_valid() && self.flags.contains(TimeFlags::INDEFINITE)
    }

    /// Whether `value / timescale` is meaningful: valid and none of the
    /// infinity/indefinite bits set.
    pub const fn is_numeric(&self) -> bool {
        self.flags.bits() & (TimeFlags::VALID.bits() | TimeFlags::IMPLIED_VALUE_MASK.bits())
            == TimeFlags::VALID.bits()
    }

    /// Whether a numeric time is only an approximation because some step
    /// that produced it had to round.
    pub const fn has_been_rounded(&self) -> bool {
        self.is_numeric() && self.flags.contains(TimeFlags::HAS_BEEN_ROUNDED)
    }

    /// The time in seconds as a float (`CMTimeGetSeconds`), for display and
    /// heuristics, never for exact arithmetic. Invalid and indefinite times
    /// are NaN so they poison float computations instead of passing as 0.
    pub fn seconds(&self) -> f64 {
        match self.class() {
            Class::Invalid | Class::Indefinite => f64::NAN,
            Class::PositiveInfinity => f64::INFINITY,
            Class::NegativeInfinity => f64::NEG_INFINITY,
            Class::Numeric => self.value as f64 / f64::from(self.timescale),
        }
    }

    /// The same instant expressed in `new_timescale` (`CMTimeConvertScale`).
    ///
    /// The exact product is computed with wide integers and rounded once with
    /// `method`; [`TimeFlags::HAS_BEEN_ROUNDED`] is set if that changed the
    /// value (and kept if the input already had it). Non-numeric times are
    /// returned unchanged since they have no timescale. A non-positive
    /// `new_timescale` gives [`Time::INVALID`] (checked first, whatever the
    /// input). A value that overflows `i64` saturates to ±∞: the caller asked
    /// for this exact timescale, so it is not halved.
    pub fn convert_scale(self, new_timescale: i32, method: RoundingMethod) -> Self {
        if new_timescale <= 0 {
            return Self::INVALID;
        }
        match self.class() {
            Class::Numeric => {}
            Class::Invalid => return Self::INVALID,
            _ => return self,
        }
        if new_timescale == self.timescale {
            return self;
        }
        let exact = Exact::from_time(&self);
        exact.to_time(
            new_timescale,
            method,
            new_timescale < self.timescale,
            self.epoch,
            self.flags.contains(TimeFlags::HAS_BEEN_ROUNDED),
            false,
        )
    }

    /// `self + other` with CoreMedia's rules (`CMTimeAdd`).
    ///
    /// Invalid operands give [`Time::INVALID`]; an infinity dominates
    /// (opposite infinities give INVALID); otherwise an indefinite operand
    /// gives [`Time::INDEFINITE`]. Numeric operands in different non-zero
    /// epochs cannot be combined (INVALID); two times in the same non-zero
    /// epoch yield epoch 0, and epoch 0 combined with epoch `e` keeps `e`.
    /// The result uses the common timescale (LCM, capped at
    /// [`MAX_TIMESCALE`] with default rounding); on overflow the timescale is
    /// halved until the value fits, saturating to ±∞ past timescale 1.
    #[allow(
        clippy::should_implement_trait,
        reason = "CoreMedia-style name kept for discoverability; `Add` is implemented too"
    )]
    pub fn add(self, other: Self) -> Self {
        self.sum(other, false)
    }

    /// `self - other` with the same rules as [`Time::add`]
    /// (`CMTimeSubtract`); the subtrahend's infinity sign is flipped, so
    /// `+∞ − −∞ = +∞` while `+∞ − +∞` is INVALID.
    pub fn subtract(self, other: Self) -> Self {
        self.sum(other, true)
    }

    /// `self × factor` in the same timescale (`CMTimeMultiply`).
    ///
    /// Infinities take the sign of the product; `±∞ × 0` has no meaningful
    /// answer and gives [`Time::INVALID`]. On overflow the timescale is
    /// halved (default rounding) until the value fits, then ±∞.
    pub fn multiply(self, factor: i32) -> Self {
        match self.class() {
            Class::Invalid => Self::INVALID,
            Class::Indefinite => Self::INDEFINITE,
            Class::PositiveInfinity | Class::NegativeInfinity => {
                self.scaled_infinity(i64::from(factor).signum())
            }
            Class::Numeric => {
                let product = i128::from(self.value) * i128::from(factor);
                Exact::from_ratio(product, u128::from(self.timescale.unsigned_abs())).to_time(
                    self.timescale,
                    RoundingMethod::DEFAULT,
                    false,
                    self.epoch,
                    self.flags.contains(TimeFlags::HAS_BEEN_ROUNDED),
                    true,
                )
            }
        }
    }

    /// `self × multiplier` for a float multiplier (`CMTimeMultiplyByFloat64`),
    /// e.g. playback-rate scaling.
    ///
    /// To keep precision the timescale is first doubled until it is at least
    /// 65536 (staying within [`MAX_TIMESCALE`]), then the product is rounded
    /// half away from zero. A NaN multiplier gives [`Time::INVALID`], as do
    /// `±∞ × 0` and `0 × ±∞`. Overflow halves the timescale, then ±∞.
    /// [`TimeFlags::HAS_BEEN_ROUNDED`] is set when the float product is
    /// detectably inexact.
    pub fn multiply_by_f64(self, multiplier: f64) -> Self {
        if multiplier.is_nan() {
            return Self::INVALID;
        }
        let multiplier_sign: i64 = if multiplier > 0.0 {
            1
        } else if multiplier < 0.0 {
            -1
        } else {
            0
        };
        match self.class() {
            Class::Invalid => return Self::INVALID,
            Class::Indefinite => return Self::INDEFINITE,
            Class::PositiveInfinity | Class::NegativeInfinity => {
                return self.scaled_infinity(multiplier_sign);
            }
            Class::Numeric => {}
        }
        if multiplier.is_infinite() {
            return match self.value.signum() * multiplier_sign {
                0 => Self::INVALID,
                sign => Self::infinity(sign < 0),
            };
        }
        let mut timescale = self.timescale;
        // Doubling below 65536 can never exceed MAX_TIMESCALE.
        while timescale < 65536 {
            timescale *= 2;
        }
        let factor = i128::from(timescale / self.timescale);
        let prior = self.flags.contains(TimeFlags::HAS_BEEN_ROUNDED);
        // Exact: the new timescale is the old one times a power of two.
        let scaled = i128::from(self.value) * factor;
        let scaled_f = scaled as f64;
        let mut inexact = scaled_f as i128 != scaled;
        let product = scaled_f * multiplier;
        // Fused multiply-add yields the exact rounding error of the product.
        inexact |= scaled_f.mul_add(multiplier, -product) != 0.0;
        let mut candidate = product;
        loop {
            let rounded = candidate.round();
            if let Some(value) = f64_to_i64(rounded) {
                let mut time = Self::with_epoch(value, timescale, self.epoch);
                if prior || inexact || rounded != candidate {
                    time.flags |= TimeFlags::HAS_BEEN_ROUNDED;
                }
                return time;
            }
            if timescale <= 1 {
                return Self::infinity(product < 0.0);
            }
            timescale /= 2;
            // Halving is exact in binary floating point.
            candidate /= 2.0;
        }
    }

    /// `self × multiplier / divisor` computed exactly and rounded once
    /// (`CMTimeMultiplyByRatio`), e.g. to rescale by a frame-rate ratio
    /// without float error.
    ///
    /// A zero divisor gives [`Time::INVALID`]; infinities take the sign of
    /// the ratio (`±∞ × 0/d` is INVALID). Overflow halves the timescale
    /// (default rounding), then ±∞.
    pub fn multiply_by_ratio(self, multiplier: i32, divisor: i32) -> Self {
        if divisor == 0 {
            return Self::INVALID;
        }
        match self.class() {
            Class::Invalid => Self::INVALID,
            Class::Indefinite => Self::INDEFINITE,
            Class::PositiveInfinity | Class::NegativeInfinity => {
                self.scaled_infinity(i64::from(multiplier).signum() * i64::from(divisor).signum())
            }
            Class::Numeric => {
                let numerator = i128::from(self.value) * i128::from(multiplier);
                let denominator =
                    u128::from(self.timescale.unsigned_abs()) * u128::from(divisor.unsigned_abs());
                let mut exact = Exact::from_ratio(numerator, denominator);
                if divisor < 0 && numerator != 0 {
                    exact.negative = !exact.negative;
                }
                exact.to_time(
                    self.timescale,
                    RoundingMethod::DEFAULT,
                    false,
                    self.epoch,
                    self.flags.contains(TimeFlags::HAS_BEEN_ROUNDED),
                    true,
                )
            }
        }
    }

    /// The absolute value (`CMTimeAbsoluteValue`): −∞ becomes +∞, other
    /// non-numeric times are unchanged. `|i64::MIN|` does not fit, so like
    /// any overflow it halves the timescale (then saturates to +∞).
    pub fn abs(self) -> Self {
        match self.class() {
            Class::Invalid => Self::INVALID,
            Class::NegativeInfinity | Class::PositiveInfinity => Self::POSITIVE_INFINITY,
            Class::Indefinite => Self::INDEFINITE,
            Class::Numeric if self.value >= 0 => self,
            Class::Numeric => Exact::from_ratio(
                -i128::from(self.value),
                u128::from(self.timescale.unsigned_abs()),
            )
            .to_time(
                self.timescale,
                RoundingMethod::DEFAULT,
                false,
                self.epoch,
                self.flags.contains(TimeFlags::HAS_BEEN_ROUNDED),
                true,
            ),
        }
    }

    /// The earlier of two times (`CMTimeMinimum`), or [`Time::INVALID`] if
    /// either is invalid. Unlike [`Ord::min`] (which would pick the valid
    /// one, invalid being the greatest), an invalid input is never hidden.
    /// Returns `self` when they compare equal.
    pub fn min(self, other: Self) -> Self {
        if self.class() == Class::Invalid || other.class() == Class::Invalid {
            return Self::INVALID;
        }
        if other.compare(&self) == Ordering::Less {
            other
        } else {
            self
        }
    }

    /// The later of two times (`CMTimeMaximum`), or [`Time::INVALID`] if
    /// either is invalid. Returns `self` when they compare equal.
    pub fn max(self, other: Self) -> Self {
        if self.class() == Class::Invalid || other.class() == Class::Invalid {
            return Self::INVALID;
        }
        if other.compare(&self) == Ordering::Greater {
            other
        } else {
            self
        }
    }

    /// Total order (`CMTimeCompare`) used by `Ord`, `Eq` and `Hash`:
    /// −∞ < every numeric time < indefinite < +∞ < invalid, with all
    /// invalid times equal. Numeric times in different epochs order by
    /// epoch; within an epoch they compare as exact rationals, so `1/2` and
    /// `2/4` are equal. The rounding flag is ignored.
    pub fn compare(&self, other: &Self) -> Ordering {
        let (a, b) = (self.class(), other.class());
        if a != b || a != Class::Numeric {
            return a.cmp(&b);
        }
        self.epoch.cmp(&other.epoch).then_with(|| {
            let lhs = i128::from(self.value) * i128::from(other.timescale);
            let rhs = i128::from(other.value) * i128::from(self.timescale);
            lhs.cmp(&rhs)
        })
    }

    /// How the bits are interpreted; see the type documentation.
    const fn class(&self) -> Class {
        if !self.is_valid() {
            Class::Invalid
        } else if self.flags.contains(TimeFlags::POSITIVE_INFINITY) {
            Class::PositiveInfinity
        } else if self.flags.contains(TimeFlags::NEGATIVE_INFINITY) {
            Class::NegativeInfinity
        } else if self.flags.contains(TimeFlags::INDEFINITE) {
            Class::Indefinite
        } else if self.timescale <= 0 {
            Class::Invalid
        } else {
            Class::Numeric
        }
    }

    /// `+∞` or `−∞`.
    const fn infinity(negative: bool) -> Self {
        if negative {
            Self::NEGATIVE_INFINITY
        } else {
            Self::POSITIVE_INFINITY
        }
    }

    /// An infinite `self` multiplied by something of sign `sign`
    /// (−1, 0, 1); `∞ × 0` is INVALID.
    fn scaled_infinity(self, sign: i64) -> Self {
        let negative = self.class() == Class::NegativeInfinity;
        match sign {
            0 => Self::INVALID,
            s => Self::infinity(negative != (s < 0)),
        }
    }

    /// Shared implementation of add (`negate_other == false`) and subtract.
    fn sum(self, other: Self, negate_other: bool) -> Self {
        let a = self.class();
        let mut b = other.class();
        if a == Class::Invalid || b == Class::Invalid {
            return Self::INVALID;
        }
        if negate_other {
            b = match b {
                Class::PositiveInfinity => Class::NegativeInfinity,
                Class::NegativeInfinity => Class::PositiveInfinity,
                other_class => other_class,
            };
        }
        match (a, b) {
            (Class::PositiveInfinity, Class::NegativeInfinity)
            | (Class::NegativeInfinity, Class::PositiveInfinity) => return Self::INVALID,
            (Class::PositiveInfinity, _) | (_, Class::PositiveInfinity) => {
                return Self::POSITIVE_INFINITY;
            }
            (Class::NegativeInfinity, _) | (_, Class::NegativeInfinity) => {
                return Self::NEGATIVE_INFINITY;
            }
            (Class::Indefinite, _) | (_, Class::Indefinite) => return Self::INDEFINITE,
            _ => {}
        }
        let epoch = match (self.epoch, other.epoch) {
            (0, e) | (e, 0) => e,
            (e1, e2) if e1 == e2 => 0,
            _ => return Self::INVALID,
        };
        let (ta, tb) = (i128::from(self.timescale), i128::from(other.timescale));
        let (va, mut vb) = (i128::from(self.value), i128::from(other.value));
        if negate_other {
            vb = -vb;
        }
        // Exact sum as a rational: (va·tb + vb·ta) / (ta·tb). Magnitudes stay
        // below 2^95 and 2^62 respectively.
        let (numerator, denominator, target) = if ta == tb {
            (va + vb, ta, self.timescale)
        } else {
            let (ua, ub) = (ta.unsigned_abs(), tb.unsigned_abs());
            let target = i32::try_from(ua / gcd_u128(ua, ub) * ub).unwrap_or(MAX_TIMESCALE);
            (va * tb + vb * ta, ta * tb, target)
        };
        let rounded = self.flags.contains(TimeFlags::HAS_BEEN_ROUNDED)
            || other.flags.contains(TimeFlags::HAS_BEEN_ROUNDED);
        Exact::from_ratio(numerator, denominator.unsigned_abs()).to_time(
            target,
            RoundingMethod::DEFAULT,
            false,
            epoch,
            rounded,
            true,
        )
    }

    /// `self × numerator / denominator` where the ratio is itself given as
    /// two times (e.g. two range durations), computed exactly and rounded
    /// once. Used by range mapping, where the ratio's parts may not fit the
    /// `i32`s of [`Time::multiply_by_ratio`].
    ///
    /// Both ratio times must be numeric with a non-zero denominator,
    /// otherwise INVALID. The result keeps `self`'s epoch and uses the LCM of
    /// `self`'s and `numerator`'s timescales (capped at [`MAX_TIMESCALE`]),
    /// halving on overflow.
    pub(crate) fn multiply_by_time_ratio(self, numerator: Self, denominator: Self) -> Self {
        if numerator.class() != Class::Numeric
            || denominator.class() != Class::Numeric
            || denominator.value == 0
        {
            return Self::INVALID;
        }
        let ratio_sign = numerator.value.signum() * denominator.value.signum();
        match self.class() {
            Class::Invalid => return Self::INVALID,
            Class::Indefinite => return Self::INDEFINITE,
            Class::PositiveInfinity | Class::NegativeInfinity => {
                return self.scaled_infinity(ratio_sign);
            }
            Class::Numeric => {}
        }
        // (a/A) · (b/B) / (c/C) = a·b·C / (A·B·c): at most 157 bits over 125.
        let magnitude =
            u128::from(self.value.unsigned_abs()) * u128::from(numerator.value.unsigned_abs());
        let num = U256::from_u128(magnitude)
            .checked_mul_u64(u64::from(denominator.timescale.unsigned_abs()));
        let den = u128::from(self.timescale.unsigned_abs())
            * u128::from(numerator.timescale.unsigned_abs())
            * u128::from(denominator.value.unsigned_abs());
        let Some(num) = num else {
            return Self::INVALID;
        };
        let exact = Exact {
            negative: magnitude != 0 && (self.value.signum() * ratio_sign) < 0,
            num,
            den,
        };
        let (ta, tb) = (
            u128::from(self.timescale.unsigned_abs()),
            u128::from(numerator.timescale.unsigned_abs()),
        );
        let target = i32::try_from(ta / gcd_u128(ta, tb) * tb).unwrap_or(MAX_TIMESCALE);
        let rounded = [self, numerator, denominator]
            .iter()
            .any(|t| t.flags.contains(TimeFlags::HAS_BEEN_ROUNDED));
        exact.to_time(
            target,
            RoundingMethod::DEFAULT,
            false,
            self.epoch,
            rounded,
            true,
        )
    }

    /// The numeric value as a fraction in lowest terms, for hashing.
    fn reduced(&self) -> (i128, u64) {
        let timescale = u64::from(self.timescale.unsigned_abs());
        let divisor = gcd_u64(self.value.unsigned_abs(), timescale);
        if divisor == 0 {
            return (0, 1);
        }
        (
            i128::from(self.value) / i128::from(divisor),
            timescale / divisor,
        )
    }
}

impl PartialEq for Time {
    fn eq(&self, other: &Self) -> bool {
        self.compare(other) == Ordering::Equal
    }
}

impl Eq for Time {}

impl PartialOrd for Time {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Time {
    fn cmp(&self, other: &Self) -> Ordering {
        self.compare(other)
    }
}

impl Hash for Time {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let class = self.class();
        class.hash(state);
        if class == Class::Numeric {
            self.epoch.hash(state);
            self.reduced().hash(state);
        }
    }
}

impl Add for Time {
    type Output = Self;
    /// Same as [`Time::add`].
    fn add(self, rhs: Self) -> Self {
        self.sum(rhs, false)
    }
}

impl Sub for Time {
    type Output = Self;
    /// Same as [`Time::subtract`].
    fn sub(self, rhs: Self) -> Self {
        self.sum(rhs, true)
    }
}

impl fmt::Display for Time {
    /// `1/30 (0.033s)`, with `, epoch N` inside the parentheses when the
    /// epoch is non-zero; non-numeric times print as `INVALID`,
    /// `INDEFINITE`, `+INFINITY` or `-INFINITY`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.class() {
            Class::Invalid => f.write_str("INVALID"),
            Class::Indefinite => f.write_str("INDEFINITE"),
            Class::PositiveInfinity => f.write_str("+INFINITY"),
            Class::NegativeInfinity => f.write_str("-INFINITY"),
            Class::Numeric if self.epoch == 0 => {
                write!(
                    f,
                    "{}/{} ({:.3}s)",
                    self.value,
                    self.timescale,
                    self.seconds()
                )
            }
            Class::Numeric => write!(
                f,
                "{}/{} ({:.3}s, epoch {})",
                self.value,
                self.timescale,
                self.seconds(),
                self.epoch
            ),
        }
    }
}

/// `f64` → `i64` when the (already integral) float is in range.
fn f64_to_i64(x: f64) -> Option<i64> {
    // 2^63 is exactly representable; i64 covers [-2^63, 2^63).
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if (-LIMIT..LIMIT).contains(&x) {
        Some(x as i64)
    } else {
        None
    }
}

const fn gcd_u64(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        let r = a % b;
        a = b;
        b = r;
    }
    a
}

const fn gcd_u128(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        let r = a % b;
        a = b;
        b = r;
    }
    a
}

/// Minimal unsigned 256-bit integer (little-endian 64-bit limbs), enough for
/// exact products of up to four 64-bit factors divided by a 128-bit one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct U256([u64; 4]);

impl U256 {
    const fn from_u128(v: u128) -> Self {
        Self([v as u64, (v >> 64) as u64, 0, 0])
    }

    const fn to_u128(self) -> Option<u128> {
        if self.0[2] == 0 && self.0[3] == 0 {
            Some((self.0[1] as u128) << 64 | self.0[0] as u128)
        } else {
            None
        }
    }

    fn checked_mul_u64(self, m: u64) -> Option<Self> {
        let mut out = [0u64; 4];
        let mut carry: u128 = 0;
        for (limb, &digit) in out.iter_mut().zip(self.0.iter()) {
            let product = u128::from(digit) * u128::from(m) + carry;
            *limb = product as u64;
            carry = product >> 64;
        }
        if carry == 0 { Some(Self(out)) } else { None }
    }

    /// Quotient and remainder; `d` must be non-zero.
    fn div_rem(self, d: u128) -> (Self, u128) {
        if let Some(n) = self.to_u128() {
            return (Self::from_u128(n / d), n % d);
        }
        let mut quotient = [0u64; 4];
        let mut remainder: u128 = 0;
        for bit in (0..256).rev() {
            let carry = remainder >> 127;
            remainder = (remainder << 1) | u128::from((self.0[bit / 64] >> (bit % 64)) & 1);
            // The true partial remainder is carry·2^128 + remainder < 2d, so
            // one wrapping subtraction brings it back below d.
            if carry == 1 || remainder >= d {
                remainder = remainder.wrapping_sub(d);
                quotient[bit / 64] |= 1 << (bit % 64);
            }
        }
        (Self(quotient), remainder)
    }
}

/// An exact rational number of seconds, `±num / den` with `den > 0`.
#[derive(Clone, Copy, Debug)]
struct Exact {
    negative: bool,
    num: U256,
    den: u128,
}

impl Exact {
    fn from_ratio(numerator: i128, den: u128) -> Self {
        Self {
            negative: numerator < 0,
            num: U256::from_u128(numerator.unsigned_abs()),
            den,
        }
    }

    fn from_time(time: &Time) -> Self {
        Self::from_ratio(
            i128::from(time.value),
            u128::from(time.timescale.unsigned_abs()),
        )
    }

    /// `round(self × timescale)` and whether rounding changed it; `None` on
    /// `i64` overflow.
    fn round_at(
        &self,
        timescale: i32,
        method: RoundingMethod,
        to_smaller: bool,
    ) -> Option<(i64, bool)> {
        if self.den == 0 {
            return None;
        }
        let scaled = self
            .num
            .checked_mul_u64(u64::from(timescale.unsigned_abs()))?;
        let (quotient, remainder) = scaled.div_rem(self.den);
        let quotient = quotient.to_u128()?;
        let inexact = remainder != 0;
        let away = inexact
            && match method {
                RoundingMethod::RoundHalfAwayFromZero => remainder >= self.den - remainder,
                RoundingMethod::RoundTowardZero => false,
                RoundingMethod::RoundAwayFromZero => true,
                RoundingMethod::QuickTime => !to_smaller,
                RoundingMethod::RoundTowardPositiveInfinity => !self.negative,
                RoundingMethod::RoundTowardNegativeInfinity => self.negative,
            };
        let mut magnitude = quotient.checked_add(u128::from(away))?;
        if method == RoundingMethod::QuickTime && self.negative && inexact && magnitude == 0 {
            magnitude = 1;
        }
        let magnitude = i128::try_from(magnitude).ok()?;
        let signed = if self.negative { -magnitude } else { magnitude };
        let value = i64::try_from(signed).ok()?;
        Some((value, inexact))
    }

    /// Rounds into `timescale`; on overflow either saturates to ±∞ or, if
    /// `allow_halving`, retries at half the timescale with default rounding.
    fn to_time(
        self,
        timescale: i32,
        method: RoundingMethod,
        to_smaller: bool,
        epoch: i64,
        already_rounded: bool,
        allow_halving: bool,
    ) -> Time {
        let mut timescale = timescale;
        let mut method = method;
        loop {
            if let Some((value, inexact)) = self.round_at(timescale, method, to_smaller) {
                let mut time = Time::with_epoch(value, timescale, epoch);
                if inexact || already_rounded {
                    time.flags |= TimeFlags::HAS_BEEN_ROUNDED;
                }
                return time;
            }
            if !allow_halving || timescale <= 1 {
                return Time::infinity(self.negative);
            }
            timescale /= 2;
            method = RoundingMethod::DEFAULT;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    const ROUNDED: TimeFlags = TimeFlags::VALID.union(TimeFlags::HAS_BEEN_ROUNDED);

    /// Checks the exact representation, not just value equality.
    fn same(actual: Time, value: i64, timescale: i32, flags: TimeFlags, epoch: i64) {
        assert_eq!(
            (actual.value, actual.timescale, actual.flags, actual.epoch),
            (value, timescale, flags, epoch),
            "got {actual:?}"
        );
    }

    fn is_exactly(actual: Time, expected: Time) {
        same(
            actual,
            expected.value,
            expected.timescale,
            expected.flags,
            expected.epoch,
        );
    }

    #[test]
    fn flags_basics() {
        let f = TimeFlags::VALID | TimeFlags::INDEFINITE;
        assert_eq!(f.bits(), 17);
        assert!(f.contains(TimeFlags::VALID));
        assert!(!f.contains(TimeFlags::VALID | TimeFlags::HAS_BEEN_ROUNDED));
        assert!(f.intersects(TimeFlags::IMPLIED_VALUE_MASK));
        assert_eq!(TimeFlags::from_bits(0x1C), TimeFlags::IMPLIED_VALUE_MASK);
        assert_eq!(TimeFlags::from_bits(0x100).bits(), 0x100);
        assert_eq!(f.difference(TimeFlags::VALID), TimeFlags::INDEFINITE);
        assert!(TimeFlags::default().is_empty());
        let mut g = TimeFlags::empty();
        g |= TimeFlags::VALID;
        g &= TimeFlags::VALID | TimeFlags::HAS_BEEN_ROUNDED;
        assert_eq!(g, TimeFlags::VALID);
        assert_eq!(
            (TimeFlags::VALID | TimeFlags::POSITIVE_INFINITY).bits(),
            0x05
        );
    }

    #[test]
    fn constants_match_coremedia_bits() {
        is_exactly(Time::default(), Time::INVALID);
        same(Time::INVALID, 0, 0, TimeFlags::EMPTY, 0);
        assert_eq!(Time::INDEFINITE.flags.bits(), 0x11);
        assert_eq!(Time::POSITIVE_INFINITY.flags.bits(), 0x05);
        assert_eq!(Time::NEGATIVE_INFINITY.flags.bits(), 0x09);
        same(Time::ZERO, 0, 1, TimeFlags::VALID, 0);
        assert_eq!(MAX_TIMESCALE, i32::MAX);
    }

    #[test]
    fn rounding_method_raw_values() {
        assert_eq!(
            RoundingMethod::default(),
            RoundingMethod::RoundHalfAwayFromZero
        );
        assert_eq!(RoundingMethod::QuickTime.raw(), 4);
        for raw in 1..=6 {
            assert_eq!(
                RoundingMethod::from_raw(raw).map(RoundingMethod::raw),
                Some(raw)
            );
        }
        assert_eq!(RoundingMethod::from_raw(0), None);
        assert_eq!(RoundingMethod::from_raw(7), None);
    }

    #[test]
    fn constructors() {
        same(Time::new(3, 30), 3, 30, TimeFlags::VALID, 0);
        same(Time::with_epoch(3, 30, 7), 3, 30, TimeFlags::VALID, 7);
        is_exactly(Time::new(1, 0), Time::INVALID);
        is_exactly(Time::new(1, -5), Time::INVALID);
        is_exactly(Time::with_epoch(1, 0, 3), Time::INVALID);
    }

    #[test]
    fn predicates() {
        let t = Time::new(1, 2);
        assert!(t.is_valid() && t.is_numeric() && !t.is_invalid());
        assert!(!t.has_been_rounded());
        assert!(Time::INVALID.is_invalid() && !Time::INVALID.is_numeric());
        assert!(Time::INDEFINITE.is_indefinite() && !Time::INDEFINITE.is_numeric());
        assert!(Time::POSITIVE_INFINITY.is_positive_infinity());
        assert!(!Time::POSITIVE_INFINITY.is_negative_infinity());
        assert!(Time::NEGATIVE_INFINITY.is_negative_infinity());
        // Bits without VALID mean nothing.
        let bogus = Time {
            flags: TimeFlags::POSITIVE_INFINITY | TimeFlags::INDEFINITE,
            ..Time::INVALID
        };
        assert!(!bogus.is_positive_infinity() && !bogus.is_indefinite());
        // The rounding flag only counts on numeric times.
        let rounded_inf = Time {
            flags: Time::POSITIVE_INFINITY.flags | TimeFlags::HAS_BEEN_ROUNDED,
            ..Time::POSITIVE_INFINITY
        };
        assert!(!rounded_inf.has_been_rounded());
        assert!(
            Time {
                flags: ROUNDED,
                ..t
            }
            .has_been_rounded()
        );
    }

    #[test]
    fn seconds_of_each_class() {
        assert_eq!(Time::new(1, 4).seconds(), 0.25);
        assert_eq!(Time::new(-3, 2).seconds(), -1.5);
        assert!(Time::INVALID.seconds().is_nan());
        assert!(Time::INDEFINITE.seconds().is_nan());
        assert_eq!(Time::POSITIVE_INFINITY.seconds(), f64::INFINITY);
        assert_eq!(Time::NEGATIVE_INFINITY.seconds(), f64::NEG_INFINITY);
        // Malformed: valid flag but zero timescale must not divide by zero.
        let malformed = Time {
            value: 5,
            timescale: 0,
            flags: TimeFlags::VALID,
            epoch: 0,
        };
        assert!(malformed.seconds().is_nan());
    }

    #[test]
    fn from_seconds_exact_and_rounded() {
        same(Time::from_seconds(1.5, 600), 900, 600, TimeFlags::VALID, 0);
        same(Time::from_seconds(0.1, 10), 1, 10, TimeFlags::VALID, 0);
        same(Time::from_seconds(-0.25, 4), -1, 4, TimeFlags::VALID, 0);
        // 10/30 converts back to exactly the float nearest 1/3: not flagged.
        same(
            Time::from_seconds(1.0 / 3.0, 30),
            10,
            30,
            TimeFlags::VALID,
            0,
        );
        // 0.3 s at 7 → 2/7, which is not 0.3.
        same(Time::from_seconds(0.3, 7), 2, 7, ROUNDED, 0);
        // Half away from zero.
        same(Time::from_seconds(0.05, 10), 1, 10, ROUNDED, 0);
        same(Time::from_seconds(-0.05, 10), -1, 10, ROUNDED, 0);
        same(Time::from_seconds(0.04, 10), 0, 10, ROUNDED, 0);
    }

    #[test]
    fn from_seconds_special_inputs() {
        is_exactly(Time::from_seconds(f64::NAN, 600), Time::INVALID);
        is_exactly(Time::from_seconds(1.0, 0), Time::INVALID);
        is_exactly(Time::from_seconds(1.0, -1), Time::INVALID);
        is_exactly(
            Time::from_seconds(f64::INFINITY, 600),
            Time::POSITIVE_INFINITY,
        );
        is_exactly(
            Time::from_seconds(f64::NEG_INFINITY, 600),
            Time::NEGATIVE_INFINITY,
        );
    }

    #[test]
    fn from_seconds_halves_timescale_on_overflow() {
        // 1e18 s: 600 → 300 → 150 → 75 → 37 → 18 → 9; 9e18 < 2^63 fits.
        same(
            Time::from_seconds(1e18, 600),
            9_000_000_000_000_000_000,
            9,
            TimeFlags::VALID,
            0,
        );
        let negative = Time::from_seconds(-1e18, 600);
        assert_eq!(
            (negative.value, negative.timescale),
            (-9_000_000_000_000_000_000, 9)
        );
        // Even at timescale 1 it does not fit.
        is_exactly(Time::from_seconds(1e19, 600), Time::POSITIVE_INFINITY);
        is_exactly(Time::from_seconds(-1e19, 1), Time::NEGATIVE_INFINITY);
    }

    #[test]
    fn convert_scale_exact_and_rounded() {
        same(
            Time::new(1, 30).convert_scale(600, RoundingMethod::default()),
            20,
            600,
            TimeFlags::VALID,
            0,
        );
        same(
            Time::with_epoch(1, 3, 4).convert_scale(10, RoundingMethod::default()),
            3,
            10,
            ROUNDED,
            4,
        );
        // Same timescale is a no-op, keeping flags.
        same(
            Time::new(7, 9).convert_scale(9, RoundingMethod::RoundTowardZero),
            7,
            9,
            TimeFlags::VALID,
            0,
        );
        // An already rounded input stays flagged even when exact now.
        let pre = Time {
            flags: ROUNDED,
            ..Time::new(1, 2)
        };
        same(
            pre.convert_scale(4, RoundingMethod::default()),
            2,
            4,
            ROUNDED,
            0,
        );
    }

    #[test]
    fn convert_scale_each_method() {
        use RoundingMethod::*;
        // (value at /10, method) → value at /1
        let cases: [(i64, RoundingMethod, i64); 20] = [
            (15, RoundHalfAwayFromZero, 2),
            (-15, RoundHalfAwayFromZero, -2),
            (14, RoundHalfAwayFromZero, 1),
            (-14, RoundHalfAwayFromZero, -1),
            (19, RoundTowardZero, 1),
            (-19, RoundTowardZero, -1),
            (11, RoundAwayFromZero, 2),
            (-11, RoundAwayFromZero, -2),
            (11, RoundTowardPositiveInfinity, 2),
            (-11, RoundTowardPositiveInfinity, -1),
            (11, RoundTowardNegativeInfinity, 1),
            (-11, RoundTowardNegativeInfinity, -2),
            (19, QuickTime, 1),
            (-19, QuickTime, -1),
            // QuickTime never turns a non-zero negative into 0.
            (-1, QuickTime, -1),
            (-9, QuickTime, -1),
            (1, QuickTime, 0),
            (0, QuickTime, 0),
            // Other methods do produce 0.
            (-1, RoundTowardZero, 0),
            (-4, RoundHalfAwayFromZero, 0),
        ];
        for (value, method, expected) in cases {
            let got = Time::new(value, 10).convert_scale(1, method);
            assert_eq!(
                (got.value, got.timescale),
                (expected, 1),
                "{value}/10 with {method:?}"
            );
            let exact = value % 10 == 0;
            assert_eq!(got.has_been_rounded(), !exact, "{value}/10 with {method:?}");
        }
    }

    #[test]
    fn quicktime_rounds_away_when_growing_timescale() {
        // 1/3 → /10: growing precision rounds away from zero.
        let up = Time::new(1, 3).convert_scale(10, RoundingMethod::QuickTime);
        same(up, 4, 10, ROUNDED, 0);
        let down = Time::new(-1, 3).convert_scale(10, RoundingMethod::QuickTime);
        same(down, -4, 10, ROUNDED, 0);
        // 7/30 → /20 is a smaller timescale: toward zero (4.67 → 4).
        let smaller = Time::new(7, 30).convert_scale(20, RoundingMethod::QuickTime);
        same(smaller, 4, 20, ROUNDED, 0);
        // Negative tiny value to a smaller timescale: −1, not 0.
        let tiny = Time::new(-1, 1_000_000).convert_scale(600, RoundingMethod::QuickTime);
        same(tiny, -1, 600, ROUNDED, 0);
    }

    #[test]
    fn convert_scale_non_numeric_and_bad_scale() {
        for t in [
            Time::INDEFINITE,
            Time::POSITIVE_INFINITY,
            Time::NEGATIVE_INFINITY,
        ] {
            is_exactly(t.convert_scale(600, RoundingMethod::default()), t);
        }
        is_exactly(
            Time::INVALID.convert_scale(600, RoundingMethod::default()),
            Time::INVALID,
        );
        is_exactly(
            Time::new(1, 2).convert_scale(0, RoundingMethod::default()),
            Time::INVALID,
        );
        is_exactly(
            Time::POSITIVE_INFINITY.convert_scale(-1, RoundingMethod::default()),
            Time::INVALID,
        );
    }

    #[test]
    fn convert_scale_overflow_saturates() {
        is_exactly(
            Time::new(i64::MAX, 1).convert_scale(2, RoundingMethod::default()),
            Time::POSITIVE_INFINITY,
        );
        is_exactly(
            Time::new(i64::MIN, 1).convert_scale(2, RoundingMethod::default()),
            Time::NEGATIVE_INFINITY,
        );
        // Shrinking the timescale cannot overflow.
        same(
            Time::new(i64::MIN, 2).convert_scale(1, RoundingMethod::default()),
            i64::MIN / 2,
            1,
            TimeFlags::VALID,
            0,
        );
        // Largest exact negative result fits.
        same(
            Time::new(i64::MIN / 2, 1).convert_scale(2, RoundingMethod::default()),
            i64::MIN,
            2,
            TimeFlags::VALID,
            0,
        );
    }

    #[test]
    fn add_same_and_lcm_timescale() {
        same(
            Time::new(1, 30) + Time::new(2, 30),
            3,
            30,
            TimeFlags::VALID,
            0,
        );
        same(
            Time::new(1, 6).add(Time::new(1, 4)),
            5,
            12,
            TimeFlags::VALID,
            0,
        );
        same(
            Time::new(1, 6).subtract(Time::new(1, 4)),
            -1,
            12,
            TimeFlags::VALID,
            0,
        );
        same(Time::new(1, 2) - Time::new(1, 2), 0, 2, TimeFlags::VALID, 0);
    }

    #[test]
    fn add_lcm_beyond_max_timescale_rounds() {
        // LCM(2^31−1, 2^31−2) is huge: use MAX_TIMESCALE and round.
        let sum = Time::new(1, MAX_TIMESCALE) + Time::new(1, MAX_TIMESCALE - 1);
        same(sum, 2, MAX_TIMESCALE, ROUNDED, 0);
        // Exact when the value happens to be representable: 1/M + 0/(M−1).
        let exact = Time::new(1, MAX_TIMESCALE) + Time::new(0, MAX_TIMESCALE - 1);
        same(exact, 1, MAX_TIMESCALE, TimeFlags::VALID, 0);
        // 1/(M−1) − 1/(M−1)·… rounds half away from zero on the negative side.
        let diff = Time::new(0, MAX_TIMESCALE) - Time::new(1, MAX_TIMESCALE - 1);
        same(diff, -1, MAX_TIMESCALE, ROUNDED, 0);
    }

    #[test]
    fn add_overflow_halves_then_saturates() {
        // Exact after one halving.
        same(
            Time::new(i64::MAX, 2) + Time::new(i64::MAX, 2),
            i64::MAX,
            1,
            TimeFlags::VALID,
            0,
        );
        // Inexact after halving: (2^63 + 1) / 2 rounds half away.
        same(
            Time::new(i64::MAX, 4) + Time::new(2, 4),
            4_611_686_018_427_387_905,
            2,
            ROUNDED,
            0,
        );
        is_exactly(
            Time::new(i64::MAX, 1) + Time::new(1, 1),
            Time::POSITIVE_INFINITY,
        );
        is_exactly(
            Time::new(i64::MIN, 1) - Time::new(1, 1),
            Time::NEGATIVE_INFINITY,
        );
        is_exactly(
            Time::new(i64::MIN, 1) + Time::new(i64::MIN, 1),
            Time::NEGATIVE_INFINITY,
        );
        // Right at the edge: no overflow.
        same(
            Time::new(i64::MIN, 1) + Time::ZERO,
            i64::MIN,
            1,
            TimeFlags::VALID,
            0,
        );
    }

    #[test]
    fn add_propagates_rounded_flag() {
        let rounded = Time {
            flags: ROUNDED,
            ..Time::new(1, 10)
        };
        same(rounded + Time::new(1, 10), 2, 10, ROUNDED, 0);
        same(Time::new(1, 10) - rounded, 0, 10, ROUNDED, 0);
    }

    #[test]
    fn add_invalid_dominates() {
        let operands = [
            Time::new(1, 1),
            Time::INDEFINITE,
            Time::POSITIVE_INFINITY,
            Time::NEGATIVE_INFINITY,
            Time::INVALID,
        ];
        for t in operands {
            is_exactly(t + Time::INVALID, Time::INVALID);
            is_exactly(Time::INVALID - t, Time::INVALID);
        }
    }

    #[test]
    fn add_and_subtract_infinity_table() {
        let p = Time::POSITIVE_INFINITY;
        let n = Time::NEGATIVE_INFINITY;
        let i = Time::INDEFINITE;
        let x = Time::new(5, 1);
        let cases = [
            (p + p, p),
            (n + n, n),
            (p + n, Time::INVALID),
            (n + p, Time::INVALID),
            (p - p, Time::INVALID),
            (n - n, Time::INVALID),
            (p - n, p),
            (n - p, n),
            (p + x, p),
            (x + p, p),
            (n + x, n),
            (x + n, n),
            (p - x, p),
            (x - p, n),
            (n - x, n),
            (x - n, p),
            // Infinity beats indefinite.
            (p + i, p),
            (i + n, n),
            (i - p, n),
            (i - n, p),
            // Indefinite beats numeric.
            (i + x, i),
            (x - i, i),
            (i - i, i),
        ];
        for (index, (got, expected)) in cases.into_iter().enumerate() {
            assert_eq!(
                (got.flags, got.value, got.timescale),
                (expected.flags, expected.value, expected.timescale),
                "case {index}"
            );
        }
    }

    #[test]
    fn add_epoch_rules() {
        // Different non-zero epochs cannot be combined.
        is_exactly(
            Time::with_epoch(1, 1, 1) + Time::with_epoch(1, 1, 2),
            Time::INVALID,
        );
        is_exactly(
            Time::with_epoch(1, 1, 1) - Time::with_epoch(1, 1, 2),
            Time::INVALID,
        );
        // Same non-zero epoch: a duration in epoch 0.
        same(
            Time::with_epoch(5, 1, 3) - Time::with_epoch(2, 1, 3),
            3,
            1,
            TimeFlags::VALID,
            0,
        );
        same(
            Time::with_epoch(5, 1, 3) + Time::with_epoch(2, 1, 3),
            7,
            1,
            TimeFlags::VALID,
            0,
        );
        // Epoch 0 combined with epoch e keeps e, from either side.
        same(
            Time::with_epoch(5, 1, 3) + Time::new(2, 1),
            7,
            1,
            TimeFlags::VALID,
            3,
        );
        same(
            Time::new(2, 1) + Time::with_epoch(5, 1, 3),
            7,
            1,
            TimeFlags::VALID,
            3,
        );
        same(
            Time::with_epoch(5, 1, -4) - Time::new(2, 1),
            3,
            1,
            TimeFlags::VALID,
            -4,
        );
        // Epochs do not matter for non-numeric operands.
        is_exactly(
            Time::with_epoch(1, 1, 1) + Time::POSITIVE_INFINITY,
            Time::POSITIVE_INFINITY,
        );
    }

    #[test]
    fn malformed_numeric_is_treated_as_invalid() {
        let malformed = Time {
            value: 1,
            timescale: 0,
            flags: TimeFlags::VALID,
            epoch: 0,
        };
        is_exactly(malformed + Time::new(1, 1), Time::INVALID);
        is_exactly(malformed.multiply(2), Time::INVALID);
        assert_eq!(malformed, Time::INVALID);
        assert_eq!(malformed.to_string(), "INVALID");
    }

    #[test]
    fn multiply_by_int() {
        same(
            Time::with_epoch(3, 10, 2).multiply(4),
            12,
            10,
            TimeFlags::VALID,
            2,
        );
        same(Time::new(3, 10).multiply(-1), -3, 10, TimeFlags::VALID, 0);
        same(Time::new(3, 10).multiply(0), 0, 10, TimeFlags::VALID, 0);
        // Overflow halves: 2^62·4 = 2^64 at /4 → 2^63 at /2 → 2^62 at /1.
        same(
            Time::new(1 << 62, 4).multiply(4),
            1 << 62,
            1,
            TimeFlags::VALID,
            0,
        );
        same(
            Time::new(1 << 62, 3).multiply(3),
            1 << 62,
            1,
            TimeFlags::VALID,
            0,
        );
        is_exactly(Time::new(i64::MAX, 1).multiply(2), Time::POSITIVE_INFINITY);
        is_exactly(Time::new(i64::MAX, 1).multiply(-2), Time::NEGATIVE_INFINITY);
        is_exactly(
            Time::POSITIVE_INFINITY.multiply(-3),
            Time::NEGATIVE_INFINITY,
        );
        is_exactly(
            Time::NEGATIVE_INFINITY.multiply(-3),
            Time::POSITIVE_INFINITY,
        );
        is_exactly(Time::NEGATIVE_INFINITY.multiply(2), Time::NEGATIVE_INFINITY);
        is_exactly(Time::POSITIVE_INFINITY.multiply(0), Time::INVALID);
        is_exactly(Time::INDEFINITE.multiply(5), Time::INDEFINITE);
        is_exactly(Time::INVALID.multiply(5), Time::INVALID);
    }

    #[test]
    fn multiply_by_f64_boosts_timescale() {
        // 30 doubles to 30·4096 = 122880 (first ≥ 65536).
        same(
            Time::new(1, 30).multiply_by_f64(1.5),
            6144,
            122_880,
            TimeFlags::VALID,
            0,
        );
        // 1/3 of a sample is not representable.
        let third = Time::new(1, 65536).multiply_by_f64(1.0 / 3.0);
        assert_eq!(third.timescale, 65536);
        assert!(third.has_been_rounded());
        // Already large timescale: unchanged; near MAX no doubling.
        assert_eq!(Time::new(1, 90000).multiply_by_f64(2.0).timescale, 90000);
        let near_max = Time::new(1, MAX_TIMESCALE - 1).multiply_by_f64(2.0);
        same(near_max, 2, MAX_TIMESCALE - 1, TimeFlags::VALID, 0);
        same(
            Time::new(2, 1).multiply_by_f64(-0.5),
            -65536,
            65536,
            TimeFlags::VALID,
            0,
        );
    }

    #[test]
    fn multiply_by_f64_special_cases() {
        is_exactly(Time::new(1, 1).multiply_by_f64(f64::NAN), Time::INVALID);
        is_exactly(
            Time::new(1, 1).multiply_by_f64(f64::INFINITY),
            Time::POSITIVE_INFINITY,
        );
        is_exactly(
            Time::new(-1, 1).multiply_by_f64(f64::INFINITY),
            Time::NEGATIVE_INFINITY,
        );
        is_exactly(
            Time::new(0, 1).multiply_by_f64(f64::INFINITY),
            Time::INVALID,
        );
        is_exactly(
            Time::POSITIVE_INFINITY.multiply_by_f64(-0.5),
            Time::NEGATIVE_INFINITY,
        );
        is_exactly(Time::POSITIVE_INFINITY.multiply_by_f64(0.0), Time::INVALID);
        is_exactly(Time::INDEFINITE.multiply_by_f64(2.0), Time::INDEFINITE);
        is_exactly(Time::INVALID.multiply_by_f64(2.0), Time::INVALID);
        // Overflow: halve down to 1 and then saturate.
        is_exactly(
            Time::new(i64::MAX, 1).multiply_by_f64(4.0),
            Time::POSITIVE_INFINITY,
        );
        is_exactly(
            Time::new(i64::MAX, 1).multiply_by_f64(-4.0),
            Time::NEGATIVE_INFINITY,
        );
        let big = Time::new(1 << 50, 1).multiply_by_f64(2.0);
        // 2^50·2·T overflows until T = 2^11 gives 2^62.
        same(big, 1 << 62, 2048, TimeFlags::VALID, 0);
    }

    #[test]
    fn multiply_by_ratio_cases() {
        same(
            Time::new(10, 30).multiply_by_ratio(1, 2),
            5,
            30,
            TimeFlags::VALID,
            0,
        );
        same(Time::new(10, 30).multiply_by_ratio(1, 3), 3, 30, ROUNDED, 0);
        same(
            Time::new(10, 30).multiply_by_ratio(1, -4),
            -3,
            30,
            ROUNDED,
            0,
        );
        same(
            Time::new(-10, 30).multiply_by_ratio(-1, 4),
            3,
            30,
            ROUNDED,
            0,
        );
        same(
            Time::new(10, 30).multiply_by_ratio(0, -4),
            0,
            30,
            TimeFlags::VALID,
            0,
        );
        // Exact wide intermediate: MAX·MAX/MAX.
        same(
            Time::new(i64::MAX, 1).multiply_by_ratio(i32::MAX, i32::MAX),
            i64::MAX,
            1,
            TimeFlags::VALID,
            0,
        );
        same(
            Time::new(i64::MAX, 2).multiply_by_ratio(2, 1),
            i64::MAX,
            1,
            TimeFlags::VALID,
            0,
        );
        is_exactly(
            Time::new(i64::MAX, 1).multiply_by_ratio(3, 2),
            Time::POSITIVE_INFINITY,
        );
        is_exactly(Time::new(1, 1).multiply_by_ratio(1, 0), Time::INVALID);
        is_exactly(
            Time::POSITIVE_INFINITY.multiply_by_ratio(1, 0),
            Time::INVALID,
        );
        is_exactly(
            Time::POSITIVE_INFINITY.multiply_by_ratio(-1, 2),
            Time::NEGATIVE_INFINITY,
        );
        is_exactly(
            Time::NEGATIVE_INFINITY.multiply_by_ratio(-1, -2),
            Time::NEGATIVE_INFINITY,
        );
        is_exactly(
            Time::NEGATIVE_INFINITY.multiply_by_ratio(0, 2),
            Time::INVALID,
        );
        is_exactly(Time::INDEFINITE.multiply_by_ratio(1, 2), Time::INDEFINITE);
    }

    #[test]
    fn abs_min_max() {
        same(Time::with_epoch(-3, 4, 2).abs(), 3, 4, TimeFlags::VALID, 2);
        same(Time::new(3, 4).abs(), 3, 4, TimeFlags::VALID, 0);
        // |i64::MIN| does not fit: halve the timescale.
        same(
            Time::new(i64::MIN, 2).abs(),
            1 << 62,
            1,
            TimeFlags::VALID,
            0,
        );
        is_exactly(Time::new(i64::MIN, 1).abs(), Time::POSITIVE_INFINITY);
        is_exactly(Time::NEGATIVE_INFINITY.abs(), Time::POSITIVE_INFINITY);
        is_exactly(Time::INDEFINITE.abs(), Time::INDEFINITE);
        is_exactly(Time::INVALID.abs(), Time::INVALID);

        let a = Time::new(1, 3);
        let b = Time::new(1, 2);
        is_exactly(a.min(b), a);
        is_exactly(b.min(a), a);
        is_exactly(a.max(b), b);
        is_exactly(Time::NEGATIVE_INFINITY.max(a), a);
        is_exactly(
            Time::POSITIVE_INFINITY.min(Time::INDEFINITE),
            Time::INDEFINITE,
        );
        is_exactly(a.min(Time::INVALID), Time::INVALID);
        is_exactly(Time::INVALID.max(a), Time::INVALID);
        // Ties return self.
        let c = Time::new(2, 4);
        same(Time::new(1, 2).min(c), 1, 2, TimeFlags::VALID, 0);
        same(c.max(Time::new(1, 2)), 2, 4, TimeFlags::VALID, 0);
    }

    #[test]
    fn total_order_of_mixed_times() {
        let mut times = vec![
            Time::INVALID,
            Time::POSITIVE_INFINITY,
            Time::new(1, 2),
            Time::with_epoch(-100, 1, 1),
            Time::INDEFINITE,
            Time::new(-1, 1),
            Time::NEGATIVE_INFINITY,
            Time::new(1, 3),
            Time::new(i64::MAX, 1),
            Time::with_epoch(0, 1, -1),
        ];
        times.sort();
        let expected = [
            Time::NEGATIVE_INFINITY,
            Time::with_epoch(0, 1, -1),
            Time::new(-1, 1),
            Time::new(1, 3),
            Time::new(1, 2),
            Time::new(i64::MAX, 1),
            Time::with_epoch(-100, 1, 1),
            Time::INDEFINITE,
            Time::POSITIVE_INFINITY,
            Time::INVALID,
        ];
        for (got, want) in times.iter().zip(expected.iter()) {
            is_exactly(*got, *want);
        }
    }

    #[test]
    fn compare_is_exact() {
        // Floats would call these equal; exact rationals do not.
        let a = Time::new(i64::MAX, MAX_TIMESCALE);
        let b = Time::new(i64::MAX - 1, MAX_TIMESCALE);
        assert!(b < a);
        assert!(Time::new(1, 3) < Time::new(333_333_334, 1_000_000_000));
        assert!(Time::new(-1, 3) > Time::new(-333_333_334, 1_000_000_000));
        assert_eq!(Time::new(1, 2), Time::new(2, 4));
        assert_eq!(Time::new(0, 7), Time::ZERO);
        assert_ne!(Time::with_epoch(1, 2, 1), Time::new(1, 2));
        // All invalid times are equal regardless of their junk fields.
        let junk = Time {
            value: 9,
            timescale: 3,
            flags: TimeFlags::HAS_BEEN_ROUNDED,
            epoch: 4,
        };
        assert_eq!(junk, Time::INVALID);
        // Rounding flag does not affect equality.
        assert_eq!(
            Time {
                flags: ROUNDED,
                ..Time::new(1, 2)
            },
            Time::new(1, 2)
        );
        // Infinities ignore epochs and values.
        let odd_inf = Time {
            value: 5,
            timescale: 2,
            epoch: 8,
            ..Time::POSITIVE_INFINITY
        };
        assert_eq!(odd_inf, Time::POSITIVE_INFINITY);
    }

    #[test]
    fn hash_agrees_with_eq() {
        let mut set = HashSet::new();
        set.insert(Time::new(1, 2));
        assert!(set.contains(&Time::new(2, 4)));
        assert!(set.contains(&Time::new(500, 1000)));
        assert!(!set.insert(Time::new(3, 6)));
        assert!(!set.contains(&Time::with_epoch(1, 2, 1)));
        assert!(!set.contains(&Time::new(-1, 2)));
        set.insert(Time::new(0, 5));
        assert!(set.contains(&Time::ZERO));
        set.insert(Time::INVALID);
        assert!(set.contains(&Time {
            value: 3,
            ..Time::INVALID
        }));
        set.insert(Time::new(i64::MIN, 2));
        assert!(set.contains(&Time::new(i64::MIN / 2, 1)));
        assert!(!set.contains(&Time::INDEFINITE));
        assert_eq!(set.len(), 4);
    }

    #[test]
    fn display_forms() {
        assert_eq!(Time::new(1, 30).to_string(), "1/30 (0.033s)");
        assert_eq!(
            Time::with_epoch(-3, 2, 5).to_string(),
            "-3/2 (-1.500s, epoch 5)"
        );
        assert_eq!(Time::INVALID.to_string(), "INVALID");
        assert_eq!(Time::INDEFINITE.to_string(), "INDEFINITE");
        assert_eq!(Time::POSITIVE_INFINITY.to_string(), "+INFINITY");
        assert_eq!(Time::NEGATIVE_INFINITY.to_string(), "-INFINITY");
    }

    #[test]
    fn time_ratio_scaling() {
        // 1/30 × (3/1) / (2/1) = 1/20 → at LCM(30, 1) = 30: 1.5 → 2, rounded.
        let r = Time::new(1, 30).multiply_by_time_ratio(Time::new(3, 1), Time::new(2, 1));
        same(r, 2, 30, ROUNDED, 0);
        // Huge parts that overflow 128 bits in the numerator stay exact.
        let big = Time::new(i64::MAX, 1)
            .multiply_by_time_ratio(Time::new(i64::MAX, 3), Time::new(i64::MAX, 3));
        // 3·MAX overflows at timescale 3, so it halves to 1.
        same(big, i64::MAX, 1, TimeFlags::VALID, 0);
        let neg = Time::new(6, 1).multiply_by_time_ratio(Time::new(-1, 1), Time::new(3, 1));
        same(neg, -2, 1, TimeFlags::VALID, 0);
        is_exactly(
            Time::new(1, 1).multiply_by_time_ratio(Time::new(1, 1), Time::new(0, 1)),
            Time::INVALID,
        );
        is_exactly(
            Time::POSITIVE_INFINITY.multiply_by_time_ratio(Time::new(-1, 1), Time::new(3, 1)),
            Time::NEGATIVE_INFINITY,
        );
    }

    #[test]
    fn u256_division_matches_u128_reference() {
        let n = U256::from_u128(u128::MAX).checked_mul_u64(u64::MAX);
        let Some(n) = n else {
            panic!("product of u128::MAX and u64::MAX fits in 256 bits");
        };
        let (q, r) = n.div_rem(u128::from(u64::MAX));
        assert_eq!(q.to_u128(), Some(u128::MAX));
        assert_eq!(r, 0);
        let (q, r) = n.div_rem(u128::MAX);
        assert_eq!(q.to_u128(), Some(u128::from(u64::MAX)));
        assert_eq!(r, 0);
        let (q, r) = n.div_rem(u128::MAX - 1);
        // (2^128−1)(2^64−1) = q(2^128−2) + r
        assert_eq!(q.to_u128(), Some(u128::from(u64::MAX)));
        assert_eq!(r, u128::from(u64::MAX));
        assert_eq!(
            U256::from_u128(u128::MAX)
                .checked_mul_u64(2)
                .map(|x| x.0[2]),
            Some(1)
        );
        assert_eq!(U256([0, 0, 0, 1 << 63]).checked_mul_u64(2), None);
    }
}
