//! The H.264 encoder as a framepress [`VideoEncoder`]: GOP decisions, parameter sets, sample
//! packaging; pictures are coded by [`crate::frame`].

use std::collections::VecDeque;

use framepress_core::format_description::extension_keys;
use framepress_core::property::keys;
use framepress_core::{
    CodecType, ColorRange, Dictionary, EncoderConfig, EncoderOutput, Error, FormatDescription,
    FrameType, Result, SampleAttachments, SampleBuffer, SampleTiming, SourceFrame, Time, Value,
    VideoEncoder, color::attachment_keys,
};

use crate::dpb::Dpb;
use crate::frame::{FrameParams, RefFrame, encode_picture};
use crate::intra_refresh::IntraRefresh;
use crate::lookahead::mb_tree::{self, Layout};
use crate::lookahead::{BFrameAdaptive, LowresFrame, MotionCache, planner};
use crate::ltr::{LtrDecision, LtrState};
use crate::nal::{NalType, nal_unit};
use crate::params::avcc::avcc;
use crate::params::pps::Pps;
use crate::params::sei::recovery_point_rbsp;
use crate::params::sei::user_data_unregistered_rbsp;
use crate::params::sps::{LOG2_MAX_FRAME_NUM, Sps};
use crate::params::vui::Vui;
use crate::picture::Picture;
use crate::quality_metrics::{QUALITY_METRICS, quality_metrics};
use crate::quant::ScalingTables;
use crate::rate::{codec_rate_info, filler_nal};
use crate::scene_cut::{Estimate, SceneCutDetector, is_cut};
use crate::settings::{Settings, number};
use crate::source;
use crate::speed::SpeedLevel;
use framepress_rate::{FrameInfo, RateConfig, RateController};

/// How many QP steps coarser B pictures are than P pictures in constant-QP mode. Nothing
/// predicts from them, so their quality matters only for themselves. x264's pbratio 1.3
/// gives 2.3, but its MB-tree also makes the referenced macroblocks finer; without MB-tree,
/// measured BD-rate of 3 B-frames against none: +2 gives −8.9 % (carphone) and −9.5 %
/// (bikes), +4 gives −14.7 % and −13.0 %, +5 −15.7 % on carphone.
const B_QP_OFFSET: u8 = 4;
/// [`B_QP_OFFSET`] when the macroblock tree is on: it makes the blocks B-frames copy
/// finer, as the larger offset did for whole pictures. Measured (quality mode, SSIM
/// BD-rate against x264 --crf --tune ssim): carphone +1.4 % with 4, −2.7 % with 2; bikes
/// +10.2 % and +9.3 %.
const B_QP_OFFSET_WITH_TREE: u8 = 2;
/// The PPS of pictures that use weighted prediction.
const WEIGHTED_PPS_ID: u32 = 1;

/// The framepress H.264 encoder.
pub struct H264Encoder {
    settings: Settings,
    /// The quantisation factors of the stream's scaling matrices.
    scaling: Box<ScalingTables>,
    sps_nal: Vec<u8>,
    /// PPS 0, and PPS 1 (weighted prediction) when enabled.
    pps_nals: Vec<Vec<u8>>,
    format_description: FormatDescription,
    source: Picture,
    /// The reference pictures, as the decoder holds them.
    dpb: Dpb,
    /// Long-term reference frames (`EnableLTR`).
    ltr: LtrState,
    /// Periodic intra refresh (`FramepressIntraRefreshPeriod`).
    intra_refresh: Option<IntraRefresh>,
    /// The recovery-point SEI of the frame being coded (the start of a refresh sweep).
    recovery_sei: Option<Vec<u8>>,
    frame_num: u32,
    idr_count: u32,
    frames_since_key: u32,
    /// Frames coded since the last base-layer frame (temporal scalability).
    frames_since_base: u32,
    /// Pictures coded since the last IDR picture: the POC (type 0) counts two per picture.
    pictures_since_idr: u32,
    last_key_pts: Option<Time>,
    wrote_sei: bool,
    scene_cut: SceneCutDetector,
    /// Rate control (also in constant-QP mode: it keeps the bookkeeping that limits need).
    rate: RateController,
    /// The properties the encoder was configured with, updated by `update_property`, so a
    /// change to one rate key is re-validated together with the others.
    properties: Dictionary,
    /// A key frame was due but the frame was dropped: the next one is a key frame.
    key_pending: bool,
    /// B-frames and lookahead: source frames waiting to be coded, in presentation order
    /// (B-frames wait for the reference frame after them, every frame for the lookahead).
    pending: VecDeque<Pending>,
    /// The lookahead's motion searches, and the last reference frame in presentation order
    /// that B-frame runs are planned from and the macroblock tree starts at (a key frame
    /// or the P-frame ending the last run).
    motion: MotionCache,
    anchor_lowres: Option<LowresFrame>,
    /// The presentation time of the last frame that was decided to be a key frame on
    /// arrival (frames waiting in `pending` may include it).
    last_key_arrival: Option<Time>,
    /// Serial number of the next frame's half-resolution copy.
    lowres_serial: u64,
    /// Pictures of finished frames, reused for later ones.
    spare_pictures: Vec<Picture>,
    /// B-frames: pictures since the current GOP's IDR picture in presentation order (the
    /// next frame's POC is twice this).
    display_since_idr: u32,
    /// B-frames: presentation times not yet used as decode times, in presentation order;
    /// after the first frames, each coded frame takes the front one as its decode time.
    dts_queue: VecDeque<Time>,
    /// How many of the first frames got a decode time before the first presentation
    /// (up to the reorder depth).
    dts_lead: u32,
}

/// A source frame waiting to be coded (B-frames reorder them).
struct Pending {
    frame: SourceFrame,
    picture: Picture,
    estimate: Option<Estimate>,
    /// Starts a key frame (decided in presentation order, as it arrived).
    key: bool,
    /// Pictures since its GOP's IDR picture, in presentation order.
    display: u32,
    /// Its half-resolution copy, when B-frames are placed adaptively or the macroblock
    /// tree is on.
    lowres: Option<LowresFrame>,
    /// Its macroblock-tree QP offsets when they were set before its turn (a pyramid's
    /// reference B-frame gets them with its run's anchor).
    tree_offsets: Option<Vec<f64>>,
}

/// How a frame is coded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// Without B-frames: the GOP decisions are made as the frame is coded.
    Auto,
    /// An IDR picture (B-frame streams decide key frames on arrival).
    Key,
    /// A P picture in a B-frame stream: the one B-frames before it predict from, or one
    /// of the frames that waited for an anchor that was dropped.
    Anchor,
    /// A B picture (non-reference).
    B,
    /// The reference B picture of a B-pyramid: the B pictures around it predict from it.
    RefB,
}

impl H264Encoder {
    /// Creates an encoder; fails on sizes or settings no Baseline stream can carry.
    pub fn new(config: &EncoderConfig) -> Result<H264Encoder> {
        let settings = Settings::from_config(config)?;
        let (mb_w, mb_h) = (settings.mb_width(), settings.mb_height());
        let vui = Vui {
            sample_aspect_ratio: settings
                .pixel_aspect_ratio
                .filter(|p| *p != framepress_core::PixelAspectRatio::SQUARE)
                .map(|p| {
                    (
                        p.horizontal_spacing.min(65535) as u16,
                        p.vertical_spacing.min(65535) as u16,
                    )
                }),
            full_range: settings.range == ColorRange::Full,
            colour: colour_code_points(&settings),
            timing: (settings.expected_frame_rate > 0.0).then(|| {
                // Two ticks per frame (§E.2.1): time_scale = 2 × fps × 1000, num_units = 1000.
                (
                    1000,
                    (settings.expected_frame_rate * 2000.0)
                        .round()
                        .clamp(1.0, u32::MAX as f64) as u32,
                )
            }),
            max_dec_frame_buffering: settings.max_num_ref_frames(),
            // Each B-frame follows the reference frame after it in decoding order (and the
            // pyramid's reference B-frame).
            max_num_reorder_frames: settings.reorder_depth(),
        };
        let sps = Sps {
            profile_idc: settings.profile.profile_idc(),
            constraint_flags: settings.profile.constraint_flags(),
            level_idc: settings.level_idc,
            id: 0,
            max_num_ref_frames: settings.max_num_ref_frames(),
            explicit_poc: settings.base_layer_interval > 1 || settings.b_frames > 0,
            mb_width: mb_w as u32,
            mb_height: mb_h as u32,
            crop: (
                0,
                (mb_w * 16 - settings.width) as u32,
                0,
                (mb_h * 16 - settings.height) as u32,
            ),
            vui: Some(vui),
            scaling: settings.scaling_lists.clone(),
        };
        let pps = Pps {
            id: 0,
            sps_id: 0,
            num_ref_idx_l0_default_active: 1,
            pic_init_qp: 26,
            chroma_qp_index_offset: 0,
            constrained_intra_pred: false,
            cabac: settings.cabac,
            transform_8x8_mode: settings.transform_8x8,
            weighted_pred: false,
        };
        let sps_nal = nal_unit(3, NalType::Sps, &sps.to_rbsp());
        // With weighted prediction a second PPS (id 1) sets weighted_pred_flag and
        // weighted_bipred_idc 2; only pictures that use weights refer to it, so the others
        // carry no pred_weight_table() (measured: the empty table alone cost carphone
        // 0.3 % BD-rate).
        let mut pps_nals = vec![nal_unit(3, NalType::Pps, &pps.to_rbsp())];
        if settings.weighted_prediction {
            let weighted = Pps {
                id: WEIGHTED_PPS_ID,
                weighted_pred: true,
                ..pps
            };
            pps_nals.push(nal_unit(3, NalType::Pps, &weighted.to_rbsp()));
        }
        let format_description = format_description(&settings, &sps_nal, &pps_nals);
        let settings_max_refs = settings.max_num_ref_frames();
        let intra_refresh = (settings.intra_refresh_period > 0)
            .then(|| IntraRefresh::new(settings.intra_refresh_period, mb_w));
        let rate = RateController::new(
            settings.rate.clone(),
            &codec_rate_info(mb_w * mb_h, settings.key_frame_qp_offset),
        );
        Ok(H264Encoder {
            rate,
            properties: config.properties.clone(),
            key_pending: false,
            pending: VecDeque::new(),
            motion: MotionCache::new(),
            anchor_lowres: None,
            last_key_arrival: None,
            lowres_serial: 0,
            spare_pictures: Vec::new(),
            display_since_idr: 0,
            dts_queue: VecDeque::new(),
            dts_lead: 0,
            source: Picture::new(mb_w, mb_h),
            scaling: Box::new(ScalingTables::new(&settings.scaling_lists)),
            settings,
            sps_nal,
            pps_nals,
            format_description,
            dpb: Dpb::new(settings_max_refs as usize),
            ltr: LtrState::new(),
            intra_refresh,
            recovery_sei: None,
            frame_num: 0,
            idr_count: 0,
            frames_since_key: 0,
            frames_since_base: 0,
            pictures_since_idr: 0,
            last_key_pts: None,
            wrote_sei: false,
            scene_cut: SceneCutDetector::new(),
        })
    }

    /// The picture's complexity estimate (against the previous picture), when scene-cut
    /// detection or rate control needs it; `None` in unconstrained constant-QP mode without
    /// scene cuts, which then skips the analysis.
    fn analyse(&mut self) -> Option<Estimate> {
        if self.settings.scene_cut_threshold > 0
            || !self.rate.config().is_unconstrained_constant_qp()
        {
            let y = &self.source.y;
            Some(self.scene_cut.analyse(y.width, y.height, |r| y.row(r)))
        } else {
            self.scene_cut.reset();
            None
        }
    }

    /// Whether `frame` (already loaded into `self.source`, with `estimate` from
    /// [`Self::analyse`]) starts a key frame: the first frame, a forced one, the interval
    /// limits, or a scene cut. `since_key` counts the frames from the last key frame to
    /// this one, `last_key` is that key frame's presentation time (both as decided on
    /// arrival when frames wait in `pending`).
    fn wants_key_frame(
        &self,
        frame: &SourceFrame,
        estimate: Option<Estimate>,
        since_key: u32,
        last_key: Option<Time>,
    ) -> bool {
        let first = if self.queues_frames() {
            self.last_key_arrival.is_none()
        } else {
            self.dpb.is_empty()
        };
        if first || frame.options.force_key_frame || self.key_pending {
            return true;
        }
        if since_key >= self.settings.max_key_frame_interval {
            return true;
        }
        let d = self.settings.max_key_frame_interval_duration;
        if let Some(last) = last_key
            && d > 0.0
        {
            let elapsed = (frame.pts - last).seconds();
            if elapsed.is_finite() && elapsed >= d {
                return true;
            }
        }
        estimate.is_some_and(|e| {
            is_cut(
                e,
                self.settings.scene_cut_threshold,
                since_key,
                self.settings.max_key_frame_interval,
            )
        })
    }

    /// The decode time of the next frame in decoding order (B-frame streams): the
    /// presentation time of the frame `d` places before it in presentation order, `d` the
    /// reorder depth (1, or 2 with B-pyramid), so DTS ≤ PTS for every frame and DTS
    /// increases; the first `d` frames' are `d`, …, 1 frame durations before the first
    /// presentation.
    fn next_dts(&mut self, duration: Time) -> Time {
        let depth = self.settings.reorder_depth().max(1);
        if self.dts_lead < depth {
            let Some(&first) = self.dts_queue.front() else {
                return Time::INVALID;
            };
            let ahead = depth - self.dts_lead;
            self.dts_lead += 1;
            if !(first.is_numeric() && duration.is_numeric()) {
                return first;
            }
            return (0..ahead).fold(first, |t, _| t - duration);
        }
        self.dts_queue.pop_front().unwrap_or(Time::INVALID)
    }

    /// Codes every frame waiting for reordering, run by run ([`Self::code_run`]).
    fn flush_pending(&mut self, out: &mut Vec<EncoderOutput>) -> Result<()> {
        while !self.pending.is_empty() {
            self.code_run(out)?;
        }
        Ok(())
    }

    /// Whether frames wait in `pending` before they are coded (B-frames or a lookahead);
    /// otherwise each frame is coded as it arrives.
    fn queues_frames(&self) -> bool {
        self.settings.b_frames > 0 || self.settings.lookahead > 0
    }

    /// How many frames wait in `pending` between calls.
    fn held_frames(&self) -> usize {
        self.settings.b_frames.max(self.settings.lookahead) as usize
    }

    /// Codes the next run of waiting frames: a key frame at the front alone; otherwise the
    /// frame [`Self::plan_run`] picks (never past the next key frame) becomes the P
    /// picture the frames before it, coded after it as B pictures, predict from; the
    /// frames after it wait for the next run. When that anchor is dropped (a
    /// `DataRateLimits` window it cannot fit), the run's frames have nothing to predict
    /// from backwards: they are coded as P pictures in presentation order instead, each
    /// one again free to be dropped.
    fn code_run(&mut self, out: &mut Vec<EncoderOutput>) -> Result<()> {
        if self.pending.front().is_some_and(|p| p.key) {
            self.set_tree_offsets(0);
            if let Some(mut key) = self.pending.pop_front() {
                let lowres = key.lowres.take();
                self.code_pending(key, Role::Key, out)?;
                self.set_anchor_lowres(lowres);
            }
            return Ok(());
        }
        let limit = self
            .pending
            .iter()
            .position(|p| p.key)
            .unwrap_or(self.pending.len());
        let mut run = self.plan_run(limit);
        self.set_tree_offsets(run);
        let Some(mut anchor) = self.pending.remove(run) else {
            return Ok(());
        };
        let lowres = anchor.lowres.take();
        let anchored = self.code_pending(anchor, Role::Anchor, out)?;
        self.set_anchor_lowres(lowres);
        if anchored && self.settings.b_pyramid && run >= 2 {
            // B-pyramid: the middle B-frame next, as a reference for the others.
            if let Some(p) = self.pending.remove((run - 1) / 2) {
                self.code_pending(p, Role::RefB, out)?;
                run -= 1;
            }
        }
        let role = if anchored { Role::B } else { Role::Anchor };
        for _ in 0..run {
            if let Some(b) = self.pending.pop_front() {
                self.code_pending(b, role, out)?;
            }
        }
        Ok(())
    }

    /// How many of the first `limit` waiting frames (at least one) are B-frames before the
    /// next P picture: up to `FramepressBFrameCount`, all but the last of them, or as
    /// `FramepressBFrameAdaptive` plans.
    fn plan_run(&mut self, limit: usize) -> usize {
        let b = self.settings.b_frames as usize;
        let window_len = limit.min(b + 1);
        let longest = window_len.saturating_sub(1);
        if self.settings.b_adaptive == BFrameAdaptive::Off {
            return longest;
        }
        let Some(prev) = &self.anchor_lowres else {
            return longest;
        };
        let window: Option<Vec<&LowresFrame>> = self
            .pending
            .iter()
            .take(window_len)
            .map(|p| p.lowres.as_ref())
            .collect();
        match window {
            Some(window) => {
                planner::plan(&mut self.motion, self.settings.b_adaptive, prev, &window, b)
            }
            None => longest,
        }
    }

    /// Macroblock tree: sets the QP offsets of the frame at `run` in `pending`, about to
    /// be coded as a key frame (when it is one) or as the anchor of the `run` frames before
    /// it, and of that run's reference B-frame, from every waiting frame.
    fn set_tree_offsets(&mut self, run: usize) {
        if !self.settings.mb_tree {
            return;
        }
        let layout = Layout {
            b_frames: self.settings.b_frames as usize,
            pyramid: self.settings.b_pyramid,
        };
        let lowres: Option<Vec<&LowresFrame>> =
            self.pending.iter().map(|p| p.lowres.as_ref()).collect();
        let Some(lowres) = lowres else { return };
        let Some(&anchor) = lowres.get(run) else {
            return;
        };
        let key = self.pending[run].key;
        let future: Vec<(&LowresFrame, bool)> = lowres[run + 1..]
            .iter()
            .zip(self.pending.iter().skip(run + 1))
            .map(|(&l, p)| (l, p.key))
            .collect();
        let (tree, at, ref_b) = mb_tree::build(
            self.anchor_lowres.as_ref(),
            &lowres[..run],
            anchor,
            key,
            &future,
            layout,
        );
        let received = mb_tree::propagate(&mut self.motion, &tree);
        let offsets =
            |i: usize| mb_tree::qp_offsets(tree[i].frame, &received[i], mb_tree::STRENGTH);
        let anchor_offsets = offsets(at);
        let ref_b_offsets = ref_b.map(offsets);
        drop(lowres);
        self.pending[run].tree_offsets = Some(anchor_offsets);
        if let Some(o) = ref_b_offsets
            && run >= 2
        {
            self.pending[(run - 1) / 2].tree_offsets = Some(o);
        }
    }

    /// Makes `lowres` the reference frame the next run is planned from.
    fn set_anchor_lowres(&mut self, lowres: Option<LowresFrame>) {
        if let Some(l) = lowres {
            self.motion.forget_before(l.serial);
            self.anchor_lowres = Some(l);
        }
    }

    /// Codes a waiting frame; returns whether it was coded (not dropped or failed).
    fn code_pending(
        &mut self,
        p: Pending,
        role: Role,
        out: &mut Vec<EncoderOutput>,
    ) -> Result<bool> {
        let old = std::mem::replace(&mut self.source, p.picture);
        self.spare_pictures.push(old);
        // POC type 0 (explicit) only in B-frame streams; a lookahead alone keeps type 2.
        let poc = (self.settings.b_frames > 0).then_some(2 * p.display);
        self.code_frame(p.frame, p.estimate, role, poc, p.tree_offsets, out)
    }

    /// Codes `frame`, loaded into `self.source`, as `role` (`poc`: its PicOrderCnt in
    /// B-frame streams); returns whether it was coded (not dropped or failed).
    fn code_frame(
        &mut self,
        frame: SourceFrame,
        estimate: Option<Estimate>,
        role: Role,
        poc: Option<u32>,
        tree_offsets: Option<Vec<f64>>,
        out: &mut Vec<EncoderOutput>,
    ) -> Result<bool> {
        let ltr = if self.settings.ltr {
            self.ltr.decide(
                &mut self.dpb,
                &frame.options.acknowledged_ltr_tokens,
                frame.options.force_ltr_refresh,
            )
        } else {
            LtrDecision::default()
        };
        let idr = match role {
            Role::Auto => {
                ltr.needs_key_frame
                    || self.wants_key_frame(
                        &frame,
                        estimate,
                        self.frames_since_key,
                        self.last_key_pts,
                    )
            }
            Role::Key => true,
            Role::Anchor | Role::B | Role::RefB => false,
        };
        let bipred = matches!(role, Role::B | Role::RefB);
        let refresh_from = ltr.refresh_from.filter(|_| !idr);
        // Temporal scalability: a base-layer (reference) frame every base_layer_interval
        // frames from the key frame, non-reference enhancement frames between. A refresh is
        // always a reference frame.
        // B pictures are non-reference pictures too, and rate control treats them as an
        // enhancement layer (their own size model, coarser QP).
        let temporal_layer = u8::from(
            bipred
                || (!idr
                    && refresh_from.is_none()
                    && self.frames_since_base + 1 < self.settings.base_layer_interval),
        );
        let reference = temporal_layer == 0 || role == Role::RefB;
        let frame_num = if idr { 0 } else { self.frame_num };
        // The long-term slot this frame goes into, and the long-term picture it is
        // predicted from (a refresh; or, right after a long-term IDR picture, the only one).
        let long_term_slot = (self.settings.ltr
            && reference
            && refresh_from.is_none()
            && self.ltr.is_due(frame.pts, idr))
        .then(|| {
            if idr {
                0
            } else {
                self.dpb.slot_for_new_long_term()
            }
        });
        let long_term_ref = if idr {
            None
        } else {
            refresh_from.or_else(|| {
                self.dpb
                    .short_refs(1)
                    .is_empty()
                    .then(|| self.dpb.newest_long_term(false))
                    .flatten()
            })
        };
        let marking = match long_term_slot {
            Some(slot) if !idr => self.dpb.long_term_marking(slot, frame_num),
            _ => Vec::new(),
        };
        let seconds = |t: Time| {
            if t.is_numeric() {
                t.seconds()
            } else {
                f64::NAN
            }
        };
        // Decode time: the presentation time without reordering.
        let dts = if self.settings.b_frames > 0 {
            self.next_dts(frame.duration)
        } else {
            frame.pts
        };
        let info = FrameInfo {
            time: seconds(dts),
            duration: seconds(frame.duration),
            key: idr,
            complexity: estimate.map_or(0.0, |e| (if idr { e.intra } else { e.best }) as f64),
            inter_complexity: estimate.map_or(0.0, |e| e.best as f64),
            temporal_layer,
        };
        // BaseFrameQP disables rate control for the frame (the caller runs its own); its
        // bits still enter the bookkeeping.
        let (qp, plan) = match frame.options.base_frame_qp {
            Some(q) if (0..=51).contains(&q) => (q as u8, None),
            Some(q) => {
                let error = Error::parameter(format!("BaseFrameQP {q} is outside 0..=51"));
                out.push(EncoderOutput::Failed {
                    source_id: frame.id,
                    error,
                });
                return Ok(false);
            }
            None => {
                let mut plan = self.rate.plan(&info);
                if bipred
                    && let framepress_rate::RateMode::ConstantQp { .. } = self.settings.rate.mode
                {
                    // A pyramid's reference B-frame halfway between P and B (as x264): the
                    // B-frames around it predict from it.
                    // With the macroblock tree the references' blocks that B-frames copy
                    // are already finer.
                    let b_offset = if self.settings.mb_tree {
                        B_QP_OFFSET_WITH_TREE
                    } else {
                        B_QP_OFFSET
                    };
                    let offset = if reference { b_offset / 2 } else { b_offset };
                    plan.qp = (plan.qp + offset).min(self.settings.rate.max_qp.min(51));
                }
                (plan.qp, Some(plan))
            }
        };
        let mut params = FrameParams {
            idr,
            intra: false,
            reference,
            frame_num,
            long_term_idr: idr && long_term_slot.is_some(),
            marking,
            long_term_ref: long_term_ref.map(|slot| slot as u32),
            idr_pic_id: self.idr_count % 65536,
            poc_lsb: match poc {
                Some(poc) => Some(poc % (1 << crate::params::sps::LOG2_MAX_POC_LSB)),
                None => (self.settings.base_layer_interval > 1).then(|| {
                    let pictures = if idr { 0 } else { self.pictures_since_idr };
                    (2 * pictures) % (1 << crate::params::sps::LOG2_MAX_POC_LSB)
                }),
            },
            qp,
            qp_offsets: crate::adaptive_quant::macroblock_offsets(
                crate::adaptive_quant::energy_offsets(
                    &self.source,
                    self.settings.aq_mode,
                    self.settings.aq_strength,
                ),
                tree_offsets.as_deref(),
            ),
            slice_count: self.settings.slice_count,
            max_slice_bytes: self.settings.max_slice_bytes,
            num_ref_active: 0,
            skip_all: false,
            refresh: None,
            cabac: self.settings.cabac,
            bipred,
            num_ref_active_l1: 0,
            ref_pic_ids: Default::default(),
            transform_8x8: self.settings.transform_8x8,
            weights: None,
            implicit_poc: None,
            pps_id: 0,
            short_term_order: Vec::new(),
            temporal_direct: self.settings.temporal_direct,
            poc: poc.unwrap_or(0) as i32,
            tools: self.settings.speed.row().tools,
        };
        // Intra refresh: every reference frame but an IDR one carries the next band; the
        // first band of a sweep comes with the recovery-point SEI.
        let sweep = self.intra_refresh.as_ref().filter(|_| reference && !idr);
        params.refresh = sweep.map(IntraRefresh::zone);
        self.recovery_sei = sweep.filter(|r| r.starts_sweep()).map(|r| {
            nal_unit(
                0,
                NalType::Sei,
                &recovery_point_rbsp(r.recovery_frame_cnt()),
            )
        });
        let starts_sweep = self.recovery_sei.is_some();
        // One reference with intra refresh: what the clean part predicts from must be
        // the (clean) previous picture, and after a sweep nothing may reach further back.
        let max_refs = if self.intra_refresh.is_some() {
            1
        } else {
            self.settings.reference_count as usize
        };
        let mut refs_l1: Vec<&RefFrame> = Vec::new();
        let refs: Vec<&RefFrame> = if idr {
            Vec::new()
        } else if bipred {
            let (l0, l1) =
                self.dpb
                    .b_lists(poc.unwrap_or(0), max_refs, self.settings.b_pyramid_strict);
            refs_l1 = l1;
            l0
        } else if let Some(slot) = long_term_ref {
            self.dpb
                .long_term(slot)
                .map(|l| &l.frame)
                .into_iter()
                .collect()
        } else if let Some((refs, order)) = self
            .dpb
            .p_list_anchors_first(max_refs, self.settings.b_pyramid_strict)
        {
            // After a B-pyramid: the P and I pictures first, as ref_pic_list_modification()
            // tells the decoder.
            params.short_term_order = order;
            refs
        } else {
            self.dpb.short_refs(max_refs)
        };
        params.num_ref_active = refs.len() as u32;
        if self.settings.implicit_b_weights && bipred {
            params.implicit_poc = poc.map(|p| p as i32);
            params.pps_id = WEIGHTED_PPS_ID;
        }
        if self.settings.weighted_prediction && !idr && !bipred {
            // References the picture matches better with a gain and offset (fades) get
            // weights; the picture then refers to the weighted PPS and sends the table.
            let (w, h) = (self.settings.width, self.settings.height);
            let pictures: Vec<&Picture> = refs.iter().map(|r| &r.picture).collect();
            let table = crate::weighted::WeightTable {
                refs: crate::weighted::estimate(&self.source, &pictures, w, h),
            };
            if table
                .refs
                .iter()
                .any(crate::weighted::RefWeights::is_weighted)
            {
                params.weights = Some(table);
                params.pps_id = WEIGHTED_PPS_ID;
            }
        }
        if bipred {
            params.num_ref_active_l1 = refs_l1.len() as u32;
            // Deblocking tells pictures apart by their POC (distinct within a GOP's
            // references: they span far fewer than 256 frames).
            let id = |r: &RefFrame| (r.poc / 2) as u8;
            for (i, r) in refs.iter().enumerate() {
                params.ref_pic_ids.l0[i] = id(r);
            }
            for (i, r) in refs_l1.iter().enumerate() {
                params.ref_pic_ids.l1[i] = id(r);
            }
            if refs.is_empty() || refs_l1.is_empty() {
                // Never: a B-frame always has an anchor on each side.
                return Err(Error::new(
                    framepress_core::ErrorKind::VideoEncoderMalfunction,
                    "a B-frame without references on both sides".to_string(),
                ));
            }
        }
        let coded = self.code_within_plan(&refs, &refs_l1, &mut params, plan);
        // What the picture's reference indices meant, for temporal direct in B-frames that
        // take it as their co-located picture.
        let pocs =
            |list: &[&RefFrame], n: u32| list.iter().take(n as usize).map(|r| r.poc).collect();
        let list_pocs = [
            pocs(&refs, params.num_ref_active),
            pocs(&refs_l1, params.num_ref_active_l1),
        ];
        drop(refs);
        drop(refs_l1);
        let Some((coded, mut data)) = coded else {
            self.rate.drop_frame(&info);
            // A dropped key frame passes its role on: to the next waiting frame (decided
            // as a non-key frame on arrival), or to the next frame to arrive.
            match self.pending.front_mut() {
                Some(next) if idr && role == Role::Key => next.key = true,
                _ => self.key_pending = idr,
            }
            if refresh_from.is_some() {
                self.ltr.refresh_dropped();
            }
            out.push(EncoderOutput::Dropped {
                source_id: frame.id,
            });
            return Ok(false);
        };
        let filler = self.rate.filler_bytes(&info, data.len() as u64);
        if filler > 0 {
            data = self.package(&coded.nals, idr, Some(filler_nal(filler)));
        }
        self.rate.commit(&info, params.qp, data.len() as u64);
        self.wrote_sei = true;
        self.key_pending = false;
        let qp = params.qp;
        if idr {
            self.dpb.clear();
            self.frame_num = 0;
            self.ltr.key_frame_coded();
        }
        self.recovery_sei = None;
        if let Some(r) = self.intra_refresh.as_mut() {
            if idr {
                r.restart();
            } else if reference {
                r.advance(!params.skip_all);
            }
        }
        let mut recon = coded.recon;
        let metrics = self.settings.calculate_mse.then(|| {
            quality_metrics(
                &self.source,
                &recon,
                self.settings.width,
                self.settings.height,
            )
        });
        recon.extend_borders();
        let recon_buffer = if self.settings.emit_reconstruction {
            Some(source::to_pixel_buffer(
                &recon,
                self.settings.width,
                self.settings.height,
                self.settings.range,
            )?)
        } else {
            None
        };
        let ltr_token = if self.settings.ltr {
            self.ltr
                .coded(frame.pts, long_term_slot.is_some(), refresh_from.is_some())
        } else {
            None
        };
        if refresh_from.is_some() {
            // The receiver may have lost or broken any short-term picture before this one.
            self.dpb.forget_short_term_for_prediction();
        }
        if reference {
            match (long_term_slot, ltr_token) {
                (Some(slot), Some(token)) => self.dpb.store_long_term(
                    recon,
                    coded.mbs,
                    list_pocs,
                    slot,
                    token,
                    &params.marking,
                ),
                _ => {
                    self.dpb.store_short_term(
                        recon,
                        coded.mbs,
                        list_pocs,
                        frame_num,
                        poc.unwrap_or(0),
                    );
                    if bipred {
                        self.dpb.mark_newest_as_b_ref();
                    }
                }
            }
        }
        if idr {
            self.idr_count = self.idr_count.wrapping_add(1);
            self.frames_since_key = 1;
            self.pictures_since_idr = 1;
            self.last_key_pts = Some(frame.pts);
        } else {
            self.frames_since_key = self.frames_since_key.saturating_add(1);
            self.pictures_since_idr = self.pictures_since_idr.wrapping_add(1);
        }
        if reference {
            // frame_num counts reference pictures (§7.4.3): a non-reference picture has the
            // frame_num the next reference picture will have, so dropping it leaves no gap.
            self.frame_num = (self.frame_num + 1) % (1 << LOG2_MAX_FRAME_NUM);
            self.frames_since_base = 0;
        } else {
            self.frames_since_base += 1;
        }
        let mut attachments = if idr {
            SampleAttachments::key_frame()
        } else {
            SampleAttachments {
                not_sync: true,
                depends_on_others: Some(true),
                is_depended_on_by_others: Some(reference),
                ..SampleAttachments::default()
            }
        };
        if self.settings.base_layer_interval > 1 {
            attachments.temporal_layer = Some(temporal_layer);
        }
        attachments.ltr_token = ltr_token;
        // Decoding may start at the first frame of a refresh sweep: a partial sync sample.
        attachments.partial_sync = starts_sweep && !params.skip_all;
        // Every macroblock is coded at the picture's QP (no adaptive quantisation yet), so
        // the mean is the slice QP.
        attachments.frame_type = Some(if idr {
            FrameType::I
        } else if bipred {
            FrameType::B
        } else {
            FrameType::P
        });
        attachments.frame_qp = Some(f64::from(qp));
        if let Some(m) = metrics {
            attachments.other.insert(QUALITY_METRICS, m);
        }
        let timing = SampleTiming {
            duration: frame.duration,
            presentation_time_stamp: frame.pts,
            decode_time_stamp: dts,
        };
        let sample = SampleBuffer::new(data, self.format_description.clone(), timing, attachments)
            .with_reconstruction(recon_buffer);
        out.push(EncoderOutput::Sample {
            source_id: frame.id,
            sample,
        });
        Ok(true)
    }

    /// The sample: parameter sets before an IDR (Annex-B output), the SEI in the first
    /// sample, the picture's NAL units, and an optional filler NAL unit.
    fn package(&self, nals: &[Vec<u8>], idr: bool, filler: Option<Vec<u8>>) -> Vec<u8> {
        let mut all: Vec<&[u8]> = Vec::with_capacity(nals.len() + 4);
        if self.settings.annex_b && idr {
            all.push(&self.sps_nal);
            all.extend(self.pps_nals.iter().map(Vec::as_slice));
        }
        let sei = (!self.wrote_sei).then(|| {
            let mut text = format!(
                "framepress {} H.264 - rc={} keyint={} key_qp_offset={} scenecut={} ref={}",
                env!("CARGO_PKG_VERSION"),
                rate_summary(&self.settings.rate),
                self.settings.max_key_frame_interval,
                self.settings.key_frame_qp_offset,
                self.settings.scene_cut_threshold,
                self.settings.reference_count
            );
            if self.settings.base_layer_interval > 1 {
                text.push_str(&format!(
                    " base_layer=1/{}",
                    self.settings.base_layer_interval
                ));
            }
            nal_unit(0, NalType::Sei, &user_data_unregistered_rbsp(&text))
        });
        if let Some(sei) = &sei {
            all.push(sei);
        }
        if let Some(sei) = &self.recovery_sei {
            all.push(sei);
        }
        all.extend(nals.iter().map(Vec::as_slice));
        if let Some(f) = &filler {
            all.push(f);
        }
        let mut out = Vec::with_capacity(all.iter().map(|n| n.len() + 4).sum());
        for n in all {
            if self.settings.annex_b {
                out.extend_from_slice(&[0, 0, 0, 1]);
            } else {
                out.extend_from_slice(&(n.len() as u32).to_be_bytes());
            }
            out.extend_from_slice(n);
        }
        out
    }

    /// Codes the loaded picture at the planned QP, re-coding it coarser while it exceeds the
    /// plan's ceiling, then as an all-skip picture; returns `None` when the frame is to be
    /// dropped.
    fn code_within_plan(
        &self,
        refs: &[&RefFrame],
        refs_l1: &[&RefFrame],
        params: &mut FrameParams,
        plan: Option<framepress_rate::FramePlan>,
    ) -> Option<(crate::frame::CodedFrame, Vec<u8>)> {
        loop {
            let coded = encode_picture(&self.source, refs, refs_l1, params, &self.scaling);
            let data = self.package(&coded.nals, params.idr, None);
            let Some(plan) = plan else {
                return Some((coded, data));
            };
            let bytes = data.len() as u64;
            if plan.max_bytes.is_none_or(|m| bytes <= m) {
                return Some((coded, data));
            }
            if !params.skip_all
                && let Some(next) = RateController::retry_qp(&plan, params.qp, bytes)
            {
                params.qp = next;
                continue;
            }
            // At the QP ceiling: over the room kept for later frames but within the limit
            // is still legal.
            if plan.limit_bytes.is_none_or(|m| bytes <= m) {
                return Some((coded, data));
            }
            if !params.idr && !params.skip_all {
                params.skip_all = true;
                continue;
            }
            if plan.may_drop {
                return None;
            }
            // Nothing smaller can be coded and dropping is not allowed: the frame goes out
            // over its ceiling (only possible with limits below what the content needs at
            // the highest QP; limits too small for any frame are refused when set).
            return Some((coded, data));
        }
    }
}

/// The rate mode in the stream's SEI.
fn rate_summary(rate: &RateConfig) -> String {
    use framepress_rate::RateMode;
    let mut s = match rate.mode {
        RateMode::ConstantQp { qp } => format!("cqp qp={qp}"),
        RateMode::ConstantQuality { qp } => format!("cqf qp={qp:.1}"),
        RateMode::AverageBitRate { bit_rate } => format!("abr bitrate={bit_rate:.0}"),
        RateMode::ConstantBitRate { bit_rate } => format!("cbr bitrate={bit_rate:.0}"),
        RateMode::VariableBitRate { bit_rate } => format!("vbr bitrate={bit_rate:.0}"),
        _ => "other".to_string(),
    };
    if let Some(v) = rate.vbv {
        s.push_str(&format!(
            " vbv_maxrate={:.0} vbv_buffer={}s vbv_init={}%",
            v.max_bit_rate, v.buffer_seconds, v.initial_delay_percent
        ));
    }
    for l in &rate.limits {
        s.push_str(&format!(" limit={:.0}B/{}s", l.bytes, l.seconds));
    }
    if rate.min_qp > 0 || rate.max_qp < 51 {
        s.push_str(&format!(" qp={}..{}", rate.min_qp, rate.max_qp));
    }
    s
}

fn colour_code_points(s: &Settings) -> Option<(u8, u8, u8)> {
    if s.primaries.is_none() && s.transfer.is_none() && s.matrix.is_none() {
        return None;
    }
    Some((
        s.primaries.map_or(2, |p| p.code_point()),
        s.transfer.map_or(2, |t| t.code_point()),
        s.matrix.map_or(2, |m| m.code_point()),
    ))
}

fn format_description(s: &Settings, sps: &[u8], ppss: &[Vec<u8>]) -> FormatDescription {
    let refs: Vec<&[u8]> = ppss.iter().map(Vec::as_slice).collect();
    let atoms = Dictionary::new().with("avcC", Value::Data(avcc(sps, &refs)));
    let mut ext = Dictionary::new()
        .with(extension_keys::SAMPLE_DESCRIPTION_EXTENSION_ATOMS, atoms)
        .with(extension_keys::FORMAT_NAME, "H.264")
        .with(extension_keys::DEPTH, 24)
        .with(
            extension_keys::FULL_RANGE_VIDEO,
            s.range == ColorRange::Full,
        );
    if let Some(p) = s.primaries {
        ext.insert(attachment_keys::COLOR_PRIMARIES, p);
    }
    if let Some(t) = s.transfer {
        ext.insert(attachment_keys::TRANSFER_FUNCTION, t);
    }
    if let Some(m) = s.matrix {
        ext.insert(attachment_keys::YCBCR_MATRIX, m);
    }
    if let Some(par) = s.pixel_aspect_ratio {
        ext.insert(attachment_keys::PIXEL_ASPECT_RATIO, par.to_dictionary());
    }
    FormatDescription::with_parameter_sets(
        CodecType::H264,
        s.width as i32,
        s.height as i32,
        ext,
        std::iter::once(sps.to_vec())
            .chain(ppss.iter().cloned())
            .collect(),
        // 0 tells writers the samples are Annex-B already (FramepressAnnexBOutput).
        if s.annex_b { 0 } else { 4 },
    )
}

impl VideoEncoder for H264Encoder {
    fn format_description(&self) -> FormatDescription {
        self.format_description.clone()
    }

    fn encode(&mut self, frame: SourceFrame, out: &mut Vec<EncoderOutput>) -> Result<()> {
        if let Err(e) = source::load(&frame.image, &mut self.source, self.settings.range) {
            out.push(EncoderOutput::Failed {
                source_id: frame.id,
                error: e,
            });
            return Ok(());
        }
        let estimate = self.analyse();
        if !self.queues_frames() {
            return self
                .code_frame(frame, estimate, Role::Auto, None, None, out)
                .map(drop);
        }
        // Key frames are decided on arrival, in presentation order: the frames waiting
        // before this one come first.
        let since_key = self.display_since_idr.saturating_add(1);
        let key = self.wants_key_frame(&frame, estimate, since_key, self.last_key_arrival);
        if key {
            self.last_key_arrival = Some(frame.pts);
            self.key_pending = false;
        }
        self.display_since_idr = if key { 0 } else { self.display_since_idr + 1 };
        self.dts_queue.push_back(frame.pts);
        let (w, h) = (self.settings.mb_width(), self.settings.mb_height());
        let spare = self
            .spare_pictures
            .pop()
            .unwrap_or_else(|| Picture::new(w, h));
        let lowres = (self.settings.b_adaptive != BFrameAdaptive::Off || self.settings.mb_tree)
            .then(|| {
                self.lowres_serial += 1;
                let y = &self.source.y;
                LowresFrame::new(self.lowres_serial, y.width, y.height, |r| y.row(r))
            });
        let picture = std::mem::replace(&mut self.source, spare);
        self.pending.push_back(Pending {
            frame,
            picture,
            estimate,
            key,
            display: self.display_since_idr,
            lowres,
            tree_offsets: None,
        });
        while self.pending.len() > self.held_frames() {
            self.code_run(out)?;
        }
        Ok(())
    }

    fn flush(&mut self, out: &mut Vec<EncoderOutput>) -> Result<()> {
        self.flush_pending(out)
    }
    fn update_property(&mut self, name: &str, value: Option<&Value>) -> Result<()> {
        if RATE_KEYS.contains(&name) {
            // Re-read the whole rate configuration with the change, so combinations are
            // checked exactly as at creation; nothing changes when it is refused.
            let mut props = self.properties.clone();
            match value {
                Some(v) => {
                    props.insert(name, v.clone());
                }
                None => {
                    props.remove(name);
                }
            }
            let offset = if name == keys::KEY_FRAME_QP_OFFSET.name() {
                number(name, value)?.map_or(crate::settings::DEFAULT_KEY_FRAME_QP_OFFSET, |o| {
                    o.clamp(0.0, 51.0) as u8
                })
            } else {
                self.settings.key_frame_qp_offset
            };
            let mb_count = self.settings.mb_width() * self.settings.mb_height();
            let rate = RateConfig::from_properties(
                &props,
                &codec_rate_info(mb_count, offset),
                self.settings.low_latency,
            )?;
            self.settings.key_frame_qp_offset = offset;
            if let framepress_rate::RateMode::ConstantQp { qp } = rate.mode {
                self.settings.qp = qp;
            }
            self.rate.reconfigure(rate.clone());
            self.settings.rate = rate;
            if name == keys::EXPECTED_FRAME_RATE.name() {
                self.settings.expected_frame_rate = number(name, value)?.unwrap_or(0.0);
            }
            self.properties = props;
            return Ok(());
        }
        match name {
            n if n == keys::PRIORITIZE_ENCODING_SPEED_OVER_QUALITY.name() => {
                // Mid-stream only the analysis tools follow: the reference and B-frame
                // counts are in the stream's parameter sets.
                self.settings.steering.prioritize_speed = match value {
                    None => false,
                    Some(v) => v.as_bool().ok_or_else(|| {
                        Error::parameter(format!("{n}: expected a boolean, got {v:?}"))
                    })?,
                };
                if !self.settings.speed_explicit {
                    self.settings.speed = self.settings.steering.level(SpeedLevel::default());
                }
            }
            n if n == keys::MAX_KEY_FRAME_INTERVAL.name() => {
                let v = number(n, value)?.unwrap_or(0.0);
                self.settings.max_key_frame_interval = if v > 0.0 {
                    v.min(f64::from(u32::MAX)) as u32
                } else if self.settings.no_periodic_key_frames() {
                    u32::MAX
                } else {
                    crate::settings::DEFAULT_KEY_FRAME_INTERVAL
                };
            }
            n if n == keys::SCENE_CUT_THRESHOLD.name() => {
                let default = if self.settings.no_periodic_key_frames() {
                    0
                } else {
                    crate::scene_cut::DEFAULT_THRESHOLD
                };
                self.settings.scene_cut_threshold =
                    number(n, value)?.map_or(default, |t| t.clamp(0.0, 100.0) as u8);
            }
            n if n == keys::MAX_KEY_FRAME_INTERVAL_DURATION.name() => {
                self.settings.max_key_frame_interval_duration = number(n, value)?.unwrap_or(0.0);
            }
            n if n == keys::MAX_H264_SLICE_BYTES.name() => {
                self.settings.max_slice_bytes = number(n, value)?.unwrap_or(0.0) as u32;
            }
            n if n == keys::CALCULATE_MEAN_SQUARED_ERROR.name() => {
                self.settings.calculate_mse = value.and_then(Value::as_bool).unwrap_or(false);
            }
            _ => {
                return Err(Error::parameter(format!(
                    "{name} cannot be changed after encoding started"
                )));
            }
        }
        self.properties = {
            let mut p = self.properties.clone();
            match value {
                Some(v) => {
                    p.insert(name, v.clone());
                }
                None => {
                    p.remove(name);
                }
            }
            p
        };
        Ok(())
    }
}

/// The keys that feed the rate configuration (changed mid-stream through
/// `RateConfig::from_properties`).
const RATE_KEYS: &[&str] = &[
    keys::QUALITY.name(),
    keys::CONSTANT_QP.name(),
    keys::CONSTANT_QUALITY_FACTOR.name(),
    keys::AVERAGE_BIT_RATE.name(),
    keys::CONSTANT_BIT_RATE.name(),
    keys::VARIABLE_BIT_RATE.name(),
    keys::VBV_MAX_BIT_RATE.name(),
    keys::VBV_BUFFER_DURATION.name(),
    keys::VBV_INITIAL_DELAY_PERCENTAGE.name(),
    keys::DATA_RATE_LIMITS.name(),
    keys::MIN_ALLOWED_FRAME_QP.name(),
    keys::MAX_ALLOWED_FRAME_QP.name(),
    keys::KEY_FRAME_QP_OFFSET.name(),
    keys::EXPECTED_FRAME_RATE.name(),
    keys::EXPECTED_DURATION.name(),
    keys::SOURCE_FRAME_COUNT.name(),
    keys::BASE_LAYER_BIT_RATE_FRACTION.name(),
];
