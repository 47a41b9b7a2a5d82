//! The rate controller: picks each frame's QP from the mode, then tightens it for the
//! constraints (VBV buffer, `DataRateLimits` windows, QP bounds), and learns from every
//! frame coded. Codec-agnostic: it sees complexity estimates and byte counts, never syntax.
//!
//! The bit-rate modes follow the one-pass ABR design x264 documents (`ratecontrol.c`'s
//! comments and the x264 rate-control notes, read for understanding): a frame's step size is
//! `blurred_complexity^(1 − qcompress) / rate_factor`, where the rate factor is re-derived
//! after every frame from the bits actually spent per unit of complexity, and an overflow
//! term pulls the running total back to the target. The hard ceilings are not trusted to
//! the model: the encoder re-codes a frame that exceeds [`FramePlan::max_bytes`] at the QP
//! [`RateController::retry_qp`] suggests.

use crate::config::{RateConfig, RateMode};
use crate::hrd::{Hrd, HrdParams};
use crate::predictor::SizePredictor;
use crate::qscale::{qp_of, qscale};
use crate::window::WindowTracker;

/// x264's qcompress: how much of a frame's complexity its QP follows (0 = constant bit
/// rate per frame, 1 = constant QP).
const QCOMPRESS: f64 = 0.6;
/// Largest QP change between consecutive inter frames the bit-rate modes make on their own
/// (constraints may force more): visible quality pumping otherwise.
const MAX_QP_STEP: f64 = 4.0;
/// The first key frame of a bit-rate mode is aimed at this many average frame budgets.
const FIRST_KEY_FRAME_SHARE: f64 = 6.0;
/// Seconds of target rate that one unit of the overflow correction corresponds to: being
/// this far over the target doubles the step size. x264 uses 2 s growing with √time, which
/// lets clips of a few seconds miss by 5 % or more; a fixed second keeps them within 3 %.
const OVERFLOW_SECONDS: f64 = 1.0;
/// Most average frame budgets a later key frame is planned to take.
const KEY_FRAME_BUDGET: f64 = 8.0;
/// QPs the first frame of a bit-rate mode may get from the size model's prior.
const FIRST_FRAME_QP_RANGE: (f64, f64) = (12.0, 44.0);
/// Low-latency mode: the buffer level (fraction of its capacity) the per-frame targets
/// steer to: where the buffer starts.
const LOW_LATENCY_LEVEL: f64 = crate::config::LOW_LATENCY_INITIAL_PERCENT / 100.0;
/// Low-latency mode: seconds over which a deviation from that level is made up — short, so
/// the rate recovers within a handful of frames after a scene cut or a key frame.
const LOW_LATENCY_RECOVERY_SECONDS: f64 = 0.25;
/// Low-latency mode: no inter frame is aimed below this share of its average budget.
const LOW_LATENCY_MIN_SHARE: f64 = 0.2;
/// QP offset of enhancement-layer frames when `BaseLayerBitRateFraction` is not set (and
/// the start value of the adaptive offset when it is): frames nothing references can be
/// coarser at little cost to the frames after them (x264's P→B ratio of 1.3 is ≈ 2.3 QP).
pub const ENHANCEMENT_QP_OFFSET: f64 = 2.0;
/// Range the adaptive enhancement offset moves in.
const ENHANCEMENT_OFFSET_RANGE: (f64, f64) = (-6.0, 12.0);
/// Per-frame decay of the layer statistics (frame and bit counts): about 2 s at 30 fps.
const LAYER_DECAY: f64 = 0.98;
/// Frame interval assumed when nothing says otherwise.
const FALLBACK_INTERVAL: f64 = 1.0 / 30.0;
/// Shortest horizon of the end-of-stream correction (with an expected duration): shorter
/// would swing the QP by the full step limit every frame for a few bits.
const MIN_CORRECTION_SECONDS: f64 = 0.25;

/// What the controller needs to know about the next frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FrameInfo {
    /// Decode time, seconds.
    pub time: f64,
    /// Duration in seconds (≤ 0 or NaN: unknown; the timestamps are used instead).
    pub duration: f64,
    /// A key frame.
    pub key: bool,
    /// The frame's cost estimate as it will be coded (intra estimate for key frames,
    /// best of inter and intra otherwise).
    pub complexity: f64,
    /// The inter estimate (the intra one for the first frame): what the complexity blur
    /// follows, so a key frame does not distort the inter frames' model.
    pub inter_complexity: f64,
    /// Temporal layer: 0 for the base layer and for every frame of a stream without
    /// layers; frames of higher layers are referenced by no base-layer frame.
    pub temporal_layer: u8,
}

/// The controller's decision for one frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FramePlan {
    /// QP to code the frame at.
    pub qp: u8,
    /// Bytes the frame should not exceed: the hard limit less room kept for the smallest
    /// frames still to come in the data-rate windows; re-code while above it.
    pub max_bytes: Option<u64>,
    /// The hard limit (VBV underflow, data-rate windows): a frame above it breaks a
    /// constraint. `None` when unconstrained.
    pub limit_bytes: Option<u64>,
    /// Highest QP a re-code may use (`MaxAllowedFrameQP` or the codec maximum).
    pub qp_ceiling: u8,
    /// Whether the frame may be dropped when it cannot meet `max_bytes` even at
    /// `qp_ceiling` (and as the smallest frame the codec can make).
    pub may_drop: bool,
}

/// Rate-control state for one stream.
#[derive(Clone, Debug)]
pub struct RateController {
    config: RateConfig,
    windows: WindowTracker,
    hrd: Option<Hrd>,
    /// Size models for key frames, base-layer inter frames, enhancement-layer frames.
    predictors: [SizePredictor; 3],
    reference_complexity: f64,
    min_inter_frame_bytes: f64,
    // One-pass ABR state.
    /// Σ bits × qscale / rceq (P-equivalent), decayed.
    cplxr_sum: f64,
    /// Σ frame durations matching `cplxr_sum`, decayed.
    duration_sum: f64,
    total_bits: f64,
    wanted_bits: f64,
    elapsed: f64,
    blur_sum: f64,
    blur_count: f64,
    /// rceq of the frame being planned.
    last_rceq: f64,
    last_inter_qscale: Option<f64>,
    last_time: Option<f64>,
    // Temporal layers.
    /// Decayed frame counts of the base and enhancement layers.
    layer_frames: [f64; 2],
    /// Decayed bit counts of the base and enhancement layers.
    layer_bits: [f64; 2],
    /// QP offset of enhancement frames against base frames (bit-rate modes), adapted
    /// towards `BaseLayerBitRateFraction` when it is set.
    enhancement_offset: f64,
}

impl RateController {
    /// A controller for `config`; `codec` gives the size model's starting point.
    pub fn new(config: RateConfig, codec: &crate::config::CodecRateInfo) -> RateController {
        let hrd = config.vbv.map(|v| {
            Hrd::new(HrdParams {
                bit_rate: v.max_bit_rate,
                capacity: v.capacity_bits(),
                initial_fullness: v.capacity_bits() * v.initial_delay_percent / 100.0,
                constant: matches!(config.mode, RateMode::ConstantBitRate { .. }),
            })
        });
        RateController {
            windows: WindowTracker::new(config.limits.clone()),
            hrd,
            predictors: [
                SizePredictor::new(codec.size_prior, codec.complexity_offset),
                SizePredictor::new(codec.size_prior, codec.complexity_offset),
                SizePredictor::new(codec.size_prior, codec.complexity_offset),
            ],
            reference_complexity: codec.reference_complexity.max(1.0),
            min_inter_frame_bytes: codec.min_inter_frame_bytes.max(0.0),
            config,
            cplxr_sum: 0.0,
            duration_sum: 0.0,
            total_bits: 0.0,
            wanted_bits: 0.0,
            elapsed: 0.0,
            blur_sum: 0.0,
            blur_count: 0.0,
            last_rceq: 1.0,
            last_inter_qscale: None,
            last_time: None,
            layer_frames: [0.0; 2],
            layer_bits: [0.0; 2],
            enhancement_offset: ENHANCEMENT_QP_OFFSET,
        }
    }

    /// The configuration in force.
    pub fn config(&self) -> &RateConfig {
        &self.config
    }

    /// Mid-stream reconfiguration: a new target takes effect with the next frame (the rate
    /// factor is derived from the target each frame, and the debt accumulated under the old
    /// target is forgiven); the buffer keeps its bits; the windows keep their history.
    pub fn reconfigure(&mut self, config: RateConfig) {
        if config.mode.bit_rate() != self.config.mode.bit_rate() {
            self.total_bits = self.wanted_bits;
        }
        self.windows.set_limits(config.limits.clone());
        let constant = matches!(config.mode, RateMode::ConstantBitRate { .. });
        self.hrd = match (self.hrd.take(), config.vbv) {
            (Some(mut h), Some(v)) => {
                h.reconfigure(v.max_bit_rate, v.capacity_bits(), constant);
                Some(h)
            }
            (None, Some(v)) => Some(Hrd::new(HrdParams {
                bit_rate: v.max_bit_rate,
                capacity: v.capacity_bits(),
                initial_fullness: v.capacity_bits() * v.initial_delay_percent / 100.0,
                constant,
            })),
            (_, None) => None,
        };
        self.config = config;
    }

    /// Seconds over which the average-rate modes pay back their error: a second, or the
    /// time left when the expected duration says less remains.
    fn correction_seconds(&self) -> f64 {
        let duration = self.config.expected_duration;
        if duration > 0.0 {
            (duration - self.elapsed).clamp(MIN_CORRECTION_SECONDS, OVERFLOW_SECONDS)
        } else {
            OVERFLOW_SECONDS
        }
    }

    /// The interval this frame accounts for.
    fn interval(&self, info: &FrameInfo) -> f64 {
        if info.duration > 0.0 && info.duration.is_finite() {
            return info.duration;
        }
        if let Some(last) = self.last_time {
            let d = info.time - last;
            if d > 0.0 && d.is_finite() {
                return d;
            }
        }
        if self.config.expected_frame_rate > 0.0 {
            return 1.0 / self.config.expected_frame_rate;
        }
        FALLBACK_INTERVAL
    }

    fn key_factor(&self) -> f64 {
        2f64.powf(f64::from(self.config.key_frame_qp_offset) / 6.0)
    }

    /// The step-size factor of enhancement-layer frames against base-layer inter frames.
    fn enhancement_factor(&self) -> f64 {
        2f64.powf(self.enhancement_offset / 6.0)
    }

    /// Which size model a frame uses.
    fn kind(info: &FrameInfo) -> usize {
        if info.key {
            0
        } else if info.temporal_layer == 0 {
            1
        } else {
            2
        }
    }

    /// The enhancement offset in force (for reports and tests).
    pub fn enhancement_qp_offset(&self) -> f64 {
        self.enhancement_offset
    }

    /// Low-latency mode: how many average frame budgets a frame of `layer` is aimed at, so
    /// the base layer gets `BaseLayerBitRateFraction` of the bits (or, unset, enhancement
    /// frames get the share of a frame [`ENHANCEMENT_QP_OFFSET`] coarser). 1 without layers.
    fn layer_weight(&self, layer: u8) -> f64 {
        let total = self.layer_frames[0] + self.layer_frames[1];
        if self.layer_frames[1] <= 0.0 || total <= 0.0 {
            return 1.0;
        }
        let base_share = self.layer_frames[0] / total;
        let ratio = 2f64.powf(-ENHANCEMENT_QP_OFFSET / 6.0);
        let wanted = self
            .config
            .base_layer_bit_rate_fraction
            .unwrap_or(base_share / (base_share + ratio * (1.0 - base_share)));
        if layer == 0 {
            wanted / base_share
        } else {
            (1.0 - wanted) / (1.0 - base_share)
        }
    }

    /// Decides the QP and ceiling of the next frame.
    pub fn plan(&mut self, info: &FrameInfo) -> FramePlan {
        let dur = self.interval(info);
        self.blur_sum = self.blur_sum * 0.5 + info.inter_complexity.max(0.0);
        self.blur_count = self.blur_count * 0.5 + 1.0;
        let blurred = (self.blur_sum / self.blur_count).max(1.0);
        self.last_rceq = blurred.powf(1.0 - QCOMPRESS);
        let kind = Self::kind(info);
        let key_factor = self.key_factor();
        let layer = usize::from(info.temporal_layer > 0);
        self.layer_frames = self.layer_frames.map(|c| c * LAYER_DECAY);
        self.layer_frames[layer] += 1.0;

        let mut q = match self.config.mode {
            RateMode::ConstantQp { qp } => {
                let qp = if info.key {
                    f64::from(qp.saturating_sub(self.config.key_frame_qp_offset))
                } else {
                    f64::from(qp)
                };
                qscale(qp)
            }
            RateMode::ConstantQuality { qp } => {
                let inter =
                    qscale(qp) * (blurred / self.reference_complexity).powf(1.0 - QCOMPRESS);
                if info.key {
                    self.last_inter_qscale.unwrap_or(inter) / key_factor
                } else {
                    inter
                }
            }
            RateMode::AverageBitRate { bit_rate }
            | RateMode::ConstantBitRate { bit_rate }
            | RateMode::VariableBitRate { bit_rate }
                if self.config.low_latency && self.hrd.is_some() =>
            {
                self.low_latency_qscale(info, dur, bit_rate)
            }
            RateMode::AverageBitRate { bit_rate }
            | RateMode::ConstantBitRate { bit_rate }
            | RateMode::VariableBitRate { bit_rate } => {
                let target = bit_rate * dur;
                let mut q = if info.key
                    && let Some(last) = self.last_inter_qscale
                {
                    // The inter frames' QP less the offset, but no coarser budget than
                    // KEY_FRAME_BUDGET frames: a key frame at a cut into a busier scene
                    // would otherwise take many frames' worth of bits.
                    let capped = self.predictors[kind]
                        .qscale_for(info.complexity, target * KEY_FRAME_BUDGET);
                    (last / key_factor).max(capped)
                } else if self.cplxr_sum > 0.0 && self.duration_sum > 0.0 {
                    let rate_factor = bit_rate * self.duration_sum / self.cplxr_sum;
                    let q = self.last_rceq / rate_factor;
                    if info.key { q / key_factor } else { q }
                } else {
                    // Nothing coded yet: the size model's prior, kept within a sane range
                    // so a poor prior cannot make the first frame absurd.
                    let share = if info.key { FIRST_KEY_FRAME_SHARE } else { 1.0 };
                    self.predictors[kind]
                        .qscale_for(info.complexity, target * share)
                        .clamp(
                            qscale(FIRST_FRAME_QP_RANGE.0),
                            qscale(FIRST_FRAME_QP_RANGE.1),
                        )
                };
                if self.elapsed > 0.0 {
                    let buffer = bit_rate * self.correction_seconds();
                    let overflow =
                        (1.0 + (self.total_bits - self.wanted_bits) / buffer).clamp(0.5, 2.0);
                    q *= overflow;
                }
                if !info.key
                    && let Some(last) = self.last_inter_qscale
                {
                    let step = 2f64.powf(MAX_QP_STEP / 6.0);
                    q = q.clamp(last / step, last * step);
                }
                if info.temporal_layer > 0 {
                    q *= self.enhancement_factor();
                }
                q
            }
        };

        let hard_bits = self.hard_ceiling_bits(info.time, None);
        let reserved_bits = self.hard_ceiling_bits(info.time, Some(dur));
        if let Some(soft) = self.soft_ceiling_bits(info, dur) {
            let predicted = self.predictors[kind].predict(info.complexity, q);
            if predicted > soft {
                q = self.predictors[kind].qscale_for(info.complexity, soft);
            }
        }
        let qp = qp_of(q)
            .round()
            .clamp(f64::from(self.config.min_qp), f64::from(self.config.max_qp))
            as u8;
        FramePlan {
            qp,
            max_bytes: reserved_bits.map(|b| (b / 8.0).floor().max(0.0) as u64),
            limit_bytes: hard_bits.map(|b| (b / 8.0).floor().max(0.0) as u64),
            qp_ceiling: self.config.max_qp,
            may_drop: self.config.max_qp_set,
        }
    }

    /// Low-latency rate control: the frame is aimed at a size derived from the buffer state
    /// alone — its share of the rate plus a correction that brings the buffer back to
    /// [`LOW_LATENCY_LEVEL`] within [`LOW_LATENCY_RECOVERY_SECONDS`] — and the size model
    /// gives the step size for it. The buffer runs at the target rate, so the average
    /// cannot drift above it, and no frame can take longer than the buffer to send.
    fn low_latency_qscale(&self, info: &FrameInfo, dur: f64, bit_rate: f64) -> f64 {
        let Some(h) = self.hrd.as_ref() else {
            return qscale(f64::from(self.config.max_qp));
        };
        let capacity = h.params().capacity;
        let full = h.fullness_at(info.time);
        let share = bit_rate * dur * self.layer_weight(info.temporal_layer);
        let frames_to_recover = (LOW_LATENCY_RECOVERY_SECONDS / dur).max(1.0);
        let steady = share + (full - LOW_LATENCY_LEVEL * capacity) / frames_to_recover;
        let target = if info.key {
            // A key frame may take several frames' budgets, but must leave a fifth of the
            // buffer for the frames right after it.
            let budget = if self.last_inter_qscale.is_some() {
                KEY_FRAME_BUDGET
            } else {
                FIRST_KEY_FRAME_SHARE
            };
            (share * budget).min(full - 0.2 * capacity).max(steady)
        } else {
            steady.max(share * LOW_LATENCY_MIN_SHARE)
        };
        let kind = Self::kind(info);
        let mut q = self.predictors[kind].qscale_for(info.complexity, target.max(1.0));
        match self.last_inter_qscale {
            // Quality rises by at most MAX_QP_STEP a frame (no pumping); it may fall at
            // once when the buffer needs it.
            Some(last) if !info.key => q = q.max(last / 2f64.powf(MAX_QP_STEP / 6.0)),
            Some(_) => {}
            None => {
                q = q.clamp(
                    qscale(FIRST_FRAME_QP_RANGE.0),
                    qscale(FIRST_FRAME_QP_RANGE.1),
                )
            }
        }
        q
    }

    /// The most bits the frame at `t` may take: the VBV fullness and every window; with
    /// `reserve_for` (the frame interval), keeping room in the windows for the smallest
    /// frames still to come.
    fn hard_ceiling_bits(&self, t: f64, reserve_for: Option<f64>) -> Option<f64> {
        let hrd = self.hrd.as_ref().map(|h| h.fullness_at(t));
        let window = match reserve_for {
            None => self.windows.allowance(t),
            Some(d) => self
                .windows
                .allowance_with_reserve(t, d, self.min_inter_frame_bytes),
        }
        .map(|b| b * 8.0);
        match (hrd, window) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Bits the frame should aim below so the frames after it keep room.
    fn soft_ceiling_bits(&self, info: &FrameInfo, dur: f64) -> Option<f64> {
        let hrd = self.hrd.as_ref().map(|h| {
            let p = h.params();
            let full = h.fullness_at(info.time);
            // Leave the buffer at least this full once the next frame's bits have arrived.
            let level = if info.key { 0.25 } else { 0.5 };
            let soft = full + p.bit_rate * dur - level * p.capacity;
            soft.max((p.bit_rate * dur * 0.25).min(full)).min(full)
        });
        let window = self.windows.soft_allowance(info.time, dur).map(|b| b * 8.0);
        match (hrd, window) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The QP to re-code a frame at after it came out at `bytes` against `plan`'s
    /// `max_bytes`, or `None` when it fits or `qp` is already the ceiling.
    pub fn retry_qp(plan: &FramePlan, qp: u8, bytes: u64) -> Option<u8> {
        let max = plan.max_bytes?;
        if bytes <= max || qp >= plan.qp_ceiling {
            return None;
        }
        // bits ∝ 1 / qscale: the step that should fit, with a margin, at least +1.
        let ratio = bytes as f64 / (max.max(1) as f64) * 1.1;
        let step = (6.0 * ratio.log2()).ceil().max(1.0);
        Some((f64::from(qp) + step).min(f64::from(plan.qp_ceiling)) as u8)
    }

    /// Filler bytes to append to a frame of `bytes` so a constant-bit-rate buffer does not
    /// overflow before the next frame (0 in the other modes).
    pub fn filler_bytes(&self, info: &FrameInfo, bytes: u64) -> u64 {
        let dur = self.interval(info);
        self.hrd.as_ref().map_or(0, |h| {
            (h.filler_needed(info.time, bytes as f64 * 8.0, dur) / 8.0).ceil() as u64
        })
    }

    /// Records a coded frame (`bytes` = the whole sample, filler included) coded at `qp`.
    pub fn commit(&mut self, info: &FrameInfo, qp: u8, bytes: u64) {
        let dur = self.interval(info);
        let bits = bytes as f64 * 8.0;
        let q = qscale(f64::from(qp));
        let kind = Self::kind(info);
        self.predictors[kind].update(info.complexity, q, bits);
        let p_equivalent = if info.key {
            q * self.key_factor()
        } else if info.temporal_layer > 0 {
            q / self.enhancement_factor()
        } else {
            q
        };
        self.record_layer_bits(info.temporal_layer, bits);
        let decay = match self.config.mode {
            // Constant bit rate follows recent content closely (x264's cbr_decay idea).
            RateMode::ConstantBitRate { .. } => (-dur / 2.0).exp(),
            _ => 1.0,
        };
        self.cplxr_sum = self.cplxr_sum * decay + bits * p_equivalent / self.last_rceq;
        self.duration_sum = self.duration_sum * decay + dur;
        self.total_bits += bits;
        self.wanted_bits += self.config.mode.bit_rate().unwrap_or(0.0) * dur;
        self.elapsed += dur;
        if !info.key && info.temporal_layer == 0 {
            self.last_inter_qscale = Some(q);
        } else if info.key && self.last_inter_qscale.is_none() {
            // The inter frames after the first key frame start from its QP plus the offset
            // (and move at most MAX_QP_STEP per frame), not from a model that has seen one
            // key frame only.
            self.last_inter_qscale = Some(p_equivalent);
        }
        if let Some(h) = &mut self.hrd {
            h.remove(info.time, bits);
        }
        self.windows.record(info.time, bytes);
        self.last_time = Some(info.time);
    }

    /// Keeps the layer bit counts and moves the enhancement offset towards
    /// `BaseLayerBitRateFraction`: a base layer short of its share makes enhancement frames
    /// coarser, a base layer over it makes them finer.
    fn record_layer_bits(&mut self, layer: u8, bits: f64) {
        let layer = usize::from(layer > 0);
        self.layer_bits = self.layer_bits.map(|b| b * LAYER_DECAY);
        self.layer_bits[layer] += bits;
        let total = self.layer_bits[0] + self.layer_bits[1];
        if let Some(wanted) = self.config.base_layer_bit_rate_fraction
            && self.layer_bits[1] > 0.0
            && total > 0.0
        {
            let share = self.layer_bits[0] / total;
            self.enhancement_offset = (self.enhancement_offset + (wanted - share))
                .clamp(ENHANCEMENT_OFFSET_RANGE.0, ENHANCEMENT_OFFSET_RANGE.1);
        }
    }

    /// Records that the frame was dropped: its time passes (the buffer keeps filling and
    /// the average target keeps accruing) but no bits were spent.
    pub fn drop_frame(&mut self, info: &FrameInfo) {
        let dur = self.interval(info);
        self.wanted_bits += self.config.mode.bit_rate().unwrap_or(0.0) * dur;
        self.elapsed += dur;
        self.last_time = Some(info.time);
    }
}

#[cfg(test)]
#[path = "controller_tests.rs"]
mod tests;
