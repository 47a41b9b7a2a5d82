//! What the caller asked for: the rate-control mode and the constraints on it, read from the
//! session's validated property dictionary and checked for the combinations VideoToolbox
//! forbids (`compression-properties` §18: the rate families are mutually exclusive).

use framepress_core::property::{PropertyValue, keys};
use framepress_core::{Dictionary, Error, Result};

use crate::window::DataRateLimit;

/// How frame QPs are chosen.
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum RateMode {
    /// One QP for every inter frame (key frames `key_frame_qp_offset` finer):
    /// `FramepressConstantQP`, or `Quality` through the codec's documented mapping.
    ConstantQp {
        /// Inter-frame QP.
        qp: u8,
    },
    /// `ConstantQualityFactor`: consistent perceived quality (x264's CRF idea) — the QP
    /// follows each frame's complexity, so busy frames, whose errors are less visible, are
    /// quantised more coarsely than static ones.
    ConstantQuality {
        /// The QP an average-complexity inter frame gets.
        qp: f64,
    },
    /// `AverageBitRate` (or a target derived from `DataRateLimits` alone): one-pass
    /// average bit rate, a soft long-term target.
    AverageBitRate {
        /// Bits per second.
        bit_rate: f64,
    },
    /// `ConstantBitRate`: the HRD buffer is fed at this rate without pause; small frames
    /// are padded with filler data so the stream's rate is constant.
    ConstantBitRate {
        /// Bits per second.
        bit_rate: f64,
    },
    /// `VariableBitRate`: an average target whose peaks are bounded by the VBV
    /// (`VBVMaxBitRate`, `VBVBufferDuration`).
    VariableBitRate {
        /// Bits per second.
        bit_rate: f64,
    },
}

impl RateMode {
    /// The target rate of the bit-rate modes.
    pub fn bit_rate(&self) -> Option<f64> {
        match *self {
            RateMode::AverageBitRate { bit_rate }
            | RateMode::ConstantBitRate { bit_rate }
            | RateMode::VariableBitRate { bit_rate } => Some(bit_rate),
            _ => None,
        }
    }
}

/// The VBV / HRD buffer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VbvConfig {
    /// Rate bits enter the buffer, bits per second.
    pub max_bit_rate: f64,
    /// Capacity in seconds at `max_bit_rate`.
    pub buffer_seconds: f64,
    /// Fullness when the first frame is due, as a percentage of the capacity.
    pub initial_delay_percent: f64,
}

impl VbvConfig {
    /// Capacity in bits.
    pub fn capacity_bits(&self) -> f64 {
        self.max_bit_rate * self.buffer_seconds
    }
}

/// `VBVBufferDuration` when unset (the spec's default).
pub const DEFAULT_VBV_BUFFER_SECONDS: f64 = 2.5;
/// `VBVInitialDelayPercentage` when unset (the spec's default).
pub const DEFAULT_VBV_INITIAL_DELAY_PERCENT: f64 = 90.0;
/// Capacity of the buffer low-latency rate control keeps, seconds at the target rate: the
/// longest a frame may take to send on a link of exactly that rate (WebRTC's pacer allows
/// a similar few hundred milliseconds before it drops frames).
pub const LOW_LATENCY_BUFFER_SECONDS: f64 = 0.5;
/// Fullness of the low-latency buffer at the first frame, percent: also the level its
/// per-frame targets steer back to, so the credit a stream starts with is not spent as a
/// lasting overshoot of the average, and room stays for a forced key frame or a scene cut.
pub const LOW_LATENCY_INITIAL_PERCENT: f64 = 60.0;

/// With only `DataRateLimits`, the average target is this fraction of the tightest limit:
/// VideoToolbox "derives an average target safely below the cap".
pub const LIMIT_ONLY_TARGET_FRACTION: f64 = 0.8;

/// What the codec tells the rate controller about itself.
#[derive(Clone, Copy, Debug)]
pub struct CodecRateInfo {
    /// QP when nothing is set.
    pub default_qp: u8,
    /// Highest QP of the codec (51 for 8-bit H.264 / HEVC).
    pub max_qp: u8,
    /// `Quality` 0.0–1.0 → QP (the codec's documented mapping).
    pub quality_to_qp: fn(f64) -> f64,
    /// Bytes of the smallest key frame the codec can code at this size: limits that cannot
    /// hold one are rejected when set.
    pub min_key_frame_bytes: f64,
    /// Key frames are coded this many QP finer than the inter frames around them.
    pub key_frame_qp_offset: u8,
    /// Bytes of the smallest inter frame (every block skipped): room the windows keep for
    /// each frame still to come in them, so a later frame can always be coded.
    pub min_inter_frame_bytes: f64,
    /// Complexity (in the codec's estimate units) of an average inter frame at this size:
    /// `ConstantQualityFactor` gives such a frame exactly its QP.
    pub reference_complexity: f64,
    /// Complexity added to every frame by the size model (headers and skip runs cost bits
    /// even when the residual is nil).
    pub complexity_offset: f64,
    /// Starting coefficient of the size model (bits × qscale per unit of complexity), used
    /// until the first frames are coded.
    pub size_prior: f64,
}

/// The complete rate-control configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct RateConfig {
    /// The mode.
    pub mode: RateMode,
    /// `DataRateLimits` pairs (hard caps on sliding windows of decode time).
    pub limits: Vec<DataRateLimit>,
    /// The VBV buffer (CBR always has one; VBR when `VBVMaxBitRate` is set).
    pub vbv: Option<VbvConfig>,
    /// `MinAllowedFrameQP`.
    pub min_qp: u8,
    /// `MaxAllowedFrameQP` (or the codec's maximum).
    pub max_qp: u8,
    /// Whether `MaxAllowedFrameQP` was set: then frames that cannot meet the limits at that
    /// QP may be dropped (Apple: "the encoder may drop frames to hold both bitrate and QP
    /// goals").
    pub max_qp_set: bool,
    /// Key-frame QP offset.
    pub key_frame_qp_offset: u8,
    /// `ExpectedFrameRate` (0 = unknown): the frame interval assumed when a frame carries no
    /// duration.
    pub expected_frame_rate: f64,
    /// The session's expected length in seconds (0 = unknown): `ExpectedDuration`, or
    /// `SourceFrameCount` / `ExpectedFrameRate` when only those are set. The average-rate
    /// modes pay their error back over the time left once less than a second remains, so
    /// the stream ends on target instead of carrying the last second's error.
    pub expected_duration: f64,
    /// Low-latency rate control (`EnableLowLatencyRateControl` in the encoder
    /// specification): the bit-rate modes aim every frame at a size derived from a short
    /// buffer ([`LOW_LATENCY_BUFFER_SECONDS`] at the target rate), so no frame takes longer
    /// than that to send and the rate recovers within a few frames of a scene cut.
    pub low_latency: bool,
    /// `BaseLayerBitRateFraction`: the share of the bits the base temporal layer should get
    /// when the stream has temporal layers (`None`: the encoder picks; ignored without
    /// layers). Honoured in the bit-rate modes.
    pub base_layer_bit_rate_fraction: Option<f64>,
}

impl RateConfig {
    /// Constant QP with no constraints.
    pub fn constant_qp(qp: u8, max_qp: u8) -> RateConfig {
        RateConfig {
            mode: RateMode::ConstantQp { qp },
            limits: Vec::new(),
            vbv: None,
            min_qp: 0,
            max_qp,
            max_qp_set: false,
            key_frame_qp_offset: 0,
            expected_frame_rate: 0.0,
            expected_duration: 0.0,
            low_latency: false,
            base_layer_bit_rate_fraction: None,
        }
    }

    /// Whether frames are only ever coded at the configured QP (no model needed).
    pub fn is_unconstrained_constant_qp(&self) -> bool {
        matches!(self.mode, RateMode::ConstantQp { .. })
            && self.limits.is_empty()
            && self.vbv.is_none()
    }

    /// Reads the configuration from a property dictionary (VT names), rejecting invalid
    /// values and forbidden combinations with `kVTParameterErr`. `low_latency` is the
    /// encoder specification's `EnableLowLatencyRateControl`: it rejects the VBR/VBV keys
    /// (§18) and gives the bit-rate modes a [`LOW_LATENCY_BUFFER_SECONDS`] buffer.
    pub fn from_properties(
        props: &Dictionary,
        codec: &CodecRateInfo,
        low_latency: bool,
    ) -> Result<RateConfig> {
        let abr = positive_rate(props, keys::AVERAGE_BIT_RATE.name())?;
        let cbr = positive_rate(props, keys::CONSTANT_BIT_RATE.name())?;
        let vbr = positive_rate(props, keys::VARIABLE_BIT_RATE.name())?;
        let vbv_max = positive_rate(props, keys::VBV_MAX_BIT_RATE.name())?;
        let vbv_seconds: Option<f64> = get(props, keys::VBV_BUFFER_DURATION.name())?;
        let vbv_delay: Option<f64> = get(props, keys::VBV_INITIAL_DELAY_PERCENTAGE.name())?;
        let limits = parse_limits(props, codec)?;
        let constant_qp: Option<i64> = get(props, keys::CONSTANT_QP.name())?;
        let quality: Option<f64> = get(props, keys::QUALITY.name())?;
        let cqf: Option<f64> = get(props, keys::CONSTANT_QUALITY_FACTOR.name())?;

        let exclusive = |a: &str, b: &str| {
            Err(Error::parameter(format!(
                "{a} and {b} cannot be combined (they are different rate-control modes)"
            )))
        };
        if cbr.is_some() {
            if abr.is_some() {
                return exclusive("ConstantBitRate", "AverageBitRate");
            }
            if !limits.is_empty() {
                return exclusive("ConstantBitRate", "DataRateLimits");
            }
        }
        if vbr.is_some() || vbv_max.is_some() {
            let which = if vbr.is_some() {
                "VariableBitRate"
            } else {
                "VBVMaxBitRate"
            };
            for (set, other) in [
                (abr.is_some(), "AverageBitRate"),
                (cbr.is_some(), "ConstantBitRate"),
                (!limits.is_empty(), "DataRateLimits"),
            ] {
                if set {
                    return exclusive(which, other);
                }
            }
        }
        if (vbv_seconds.is_some() || vbv_delay.is_some()) && cbr.is_none() && vbr.is_none() {
            return Err(Error::parameter(
                "VBVBufferDuration and VBVInitialDelayPercentage need ConstantBitRate or \
                 VariableBitRate",
            ));
        }
        if low_latency {
            for (set, key) in [
                (vbr.is_some(), keys::VARIABLE_BIT_RATE.name()),
                (vbv_max.is_some(), keys::VBV_MAX_BIT_RATE.name()),
                (vbv_seconds.is_some(), keys::VBV_BUFFER_DURATION.name()),
                (
                    vbv_delay.is_some(),
                    keys::VBV_INITIAL_DELAY_PERCENTAGE.name(),
                ),
            ] {
                if set {
                    return Err(Error::parameter(format!(
                        "{key} cannot be combined with EnableLowLatencyRateControl (low-latency \
                         rate control keeps its own buffer; use AverageBitRate)"
                    )));
                }
            }
        }
        if vbv_max.is_some() && vbr.is_none() {
            return Err(Error::parameter("VBVMaxBitRate needs VariableBitRate"));
        }
        let rate_mode = abr.is_some() || cbr.is_some() || vbr.is_some();
        if constant_qp.is_some() && rate_mode {
            return exclusive(
                keys::CONSTANT_QP.name(),
                "a bit-rate target (AverageBitRate, ConstantBitRate or VariableBitRate)",
            );
        }
        if cqf.is_some() && rate_mode {
            return exclusive(
                "ConstantQualityFactor",
                "a bit-rate target (AverageBitRate, ConstantBitRate or VariableBitRate)",
            );
        }
        if cqf.is_some() && constant_qp.is_some() {
            return exclusive("ConstantQualityFactor", keys::CONSTANT_QP.name());
        }
        for (k, v) in [
            (keys::QUALITY.name(), quality),
            (keys::CONSTANT_QUALITY_FACTOR.name(), cqf),
        ] {
            if let Some(v) = v
                && !(0.0..=1.0).contains(&v)
            {
                return Err(Error::parameter(format!("{k} must be in 0.0…1.0, got {v}")));
            }
        }

        if let Some(s) = vbv_seconds
            && !(s > 0.0 && s.is_finite())
        {
            return Err(Error::parameter(format!(
                "VBVBufferDuration must be a positive number of seconds, got {s}"
            )));
        }
        if let Some(p) = vbv_delay
            && !(0.0..=100.0).contains(&p)
        {
            return Err(Error::parameter(format!(
                "VBVInitialDelayPercentage must be in 0…100, got {p}"
            )));
        }
        let vbv_of = |rate: f64| VbvConfig {
            max_bit_rate: rate,
            buffer_seconds: vbv_seconds.unwrap_or(DEFAULT_VBV_BUFFER_SECONDS),
            initial_delay_percent: vbv_delay.unwrap_or(DEFAULT_VBV_INITIAL_DELAY_PERCENT),
        };
        let (mode, mut vbv) = if let Some(rate) = cbr {
            (
                RateMode::ConstantBitRate { bit_rate: rate },
                Some(vbv_of(rate)),
            )
        } else if let Some(rate) = vbr {
            if let Some(max) = vbv_max
                && max < rate
            {
                return Err(Error::parameter(format!(
                    "VBVMaxBitRate ({max}) is below VariableBitRate ({rate})"
                )));
            }
            (
                RateMode::VariableBitRate { bit_rate: rate },
                vbv_max.map(vbv_of),
            )
        } else if let Some(rate) = abr {
            (RateMode::AverageBitRate { bit_rate: rate }, None)
        } else if let Some(q) = cqf {
            (
                RateMode::ConstantQuality {
                    qp: (codec.quality_to_qp)(q),
                },
                None,
            )
        } else if let Some(q) = constant_qp {
            if !(0..=i64::from(codec.max_qp)).contains(&q) {
                return Err(Error::parameter(format!(
                    "{} must be in 0…{}, got {q}",
                    keys::CONSTANT_QP.name(),
                    codec.max_qp
                )));
            }
            (RateMode::ConstantQp { qp: q as u8 }, None)
        } else if let Some(q) = quality {
            (
                RateMode::ConstantQp {
                    qp: (codec.quality_to_qp)(q)
                        .round()
                        .clamp(0.0, f64::from(codec.max_qp)) as u8,
                },
                None,
            )
        } else if let Some(tightest) = limits
            .iter()
            .map(DataRateLimit::bits_per_second)
            .min_by(f64::total_cmp)
        {
            (
                RateMode::AverageBitRate {
                    bit_rate: tightest * LIMIT_ONLY_TARGET_FRACTION,
                },
                None,
            )
        } else {
            (
                RateMode::ConstantQp {
                    qp: codec.default_qp,
                },
                None,
            )
        };
        if low_latency && let Some(rate) = mode.bit_rate() {
            vbv = Some(VbvConfig {
                max_bit_rate: rate,
                buffer_seconds: LOW_LATENCY_BUFFER_SECONDS,
                initial_delay_percent: LOW_LATENCY_INITIAL_PERCENT,
            });
        }
        if let Some(v) = vbv
            && v.capacity_bits() < codec.min_key_frame_bytes * 8.0
        {
            return Err(Error::parameter(format!(
                "the VBV buffer ({:.0} bytes) cannot hold even the smallest key frame at this \
                 size (about {:.0} bytes)",
                v.capacity_bits() / 8.0,
                codec.min_key_frame_bytes
            )));
        }

        let qp_key = |k: &str| -> Result<Option<u8>> {
            match get::<i64>(props, k)? {
                None => Ok(None),
                Some(q) if (0..=i64::from(codec.max_qp)).contains(&q) => Ok(Some(q as u8)),
                Some(q) => Err(Error::parameter(format!(
                    "{k} must be in 0…{}, got {q}",
                    codec.max_qp
                ))),
            }
        };
        let min_qp = qp_key(keys::MIN_ALLOWED_FRAME_QP.name())?;
        let max_qp = qp_key(keys::MAX_ALLOWED_FRAME_QP.name())?;
        if let (Some(lo), Some(hi)) = (min_qp, max_qp)
            && lo > hi
        {
            return Err(Error::parameter(format!(
                "MinAllowedFrameQP ({lo}) is above MaxAllowedFrameQP ({hi})"
            )));
        }
        let expected_frame_rate =
            get::<f64>(props, keys::EXPECTED_FRAME_RATE.name())?.unwrap_or(0.0);
        Ok(RateConfig {
            mode,
            limits,
            vbv,
            min_qp: min_qp.unwrap_or(0),
            max_qp: max_qp.unwrap_or(codec.max_qp),
            max_qp_set: max_qp.is_some(),
            key_frame_qp_offset: codec.key_frame_qp_offset,
            expected_frame_rate,
            expected_duration: expected_duration(props, expected_frame_rate)?,
            low_latency,
            base_layer_bit_rate_fraction: fraction(
                props,
                keys::BASE_LAYER_BIT_RATE_FRACTION.name(),
            )?,
        })
    }
}

/// `ExpectedDuration`, else `SourceFrameCount` frames at `ExpectedFrameRate`, else 0.
fn expected_duration(props: &Dictionary, frame_rate: f64) -> Result<f64> {
    let name = keys::EXPECTED_DURATION.name();
    match get::<f64>(props, name)? {
        Some(d) if d.is_finite() && d >= 0.0 => return Ok(d),
        Some(d) => return Err(Error::parameter(format!("{name} must be ≥ 0 s, got {d}"))),
        None => {}
    }
    let frames = get::<f64>(props, keys::SOURCE_FRAME_COUNT.name())?.unwrap_or(0.0);
    Ok(if frames > 0.0 && frame_rate > 0.0 {
        frames / frame_rate
    } else {
        0.0
    })
}

/// A fraction key: absent, or a number in (0, 1].
fn fraction(props: &Dictionary, name: &str) -> Result<Option<f64>> {
    match get::<f64>(props, name)? {
        None => Ok(None),
        Some(f) if f > 0.0 && f <= 1.0 => Ok(Some(f)),
        Some(f) => Err(Error::parameter(format!(
            "{name} must be in (0, 1], got {f}"
        ))),
    }
}

fn get<T: PropertyValue>(props: &Dictionary, name: &str) -> Result<Option<T>> {
    match props.get(name) {
        None => Ok(None),
        Some(v) => T::from_value(v)
            .map(Some)
            .ok_or_else(|| Error::parameter(format!("{name}: unsupported value {v}"))),
    }
}

/// A bit rate key: absent or 0 mean unset ("0 = encoder picks size"); negative is an error.
fn positive_rate(props: &Dictionary, name: &str) -> Result<Option<f64>> {
    match get::<f64>(props, name)? {
        None => Ok(None),
        Some(0.0) => Ok(None),
        Some(r) if r > 0.0 && r.is_finite() => Ok(Some(r)),
        Some(r) => Err(Error::parameter(format!(
            "{name} must be a positive number of bits per second, got {r}"
        ))),
    }
}

/// `DataRateLimits`: an even number of positive numbers, `[bytes, seconds, …]`.
fn parse_limits(props: &Dictionary, codec: &CodecRateInfo) -> Result<Vec<DataRateLimit>> {
    let name = keys::DATA_RATE_LIMITS.name();
    let Some(values) = get::<Vec<f64>>(props, name)? else {
        return Ok(Vec::new());
    };
    if values.len() % 2 != 0 {
        return Err(Error::parameter(format!(
            "{name} needs pairs [bytes, seconds, …], got {} numbers",
            values.len()
        )));
    }
    if values.len() > 16 {
        return Err(Error::parameter(format!(
            "{name}: at most 8 pairs, got {}",
            values.len() / 2
        )));
    }
    values
        .chunks_exact(2)
        .map(|pair| {
            let (bytes, seconds) = (pair[0], pair[1]);
            if !(bytes > 0.0 && bytes.is_finite() && seconds > 0.0 && seconds.is_finite()) {
                return Err(Error::parameter(format!(
                    "{name}: bytes and seconds must be positive, got [{bytes}, {seconds}]"
                )));
            }
            if bytes < codec.min_key_frame_bytes {
                return Err(Error::parameter(format!(
                    "{name}: {bytes} bytes per {seconds} s cannot hold even the smallest key \
                     frame at this size (about {:.0} bytes)",
                    codec.min_key_frame_bytes
                )));
            }
            Ok(DataRateLimit { bytes, seconds })
        })
        .collect()
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
