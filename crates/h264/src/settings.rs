//! The encoder's configuration, read from the session's validated property dictionary.

use framepress_core::property::{PropertyValue, keys};
use framepress_core::{
    ColorPrimaries, ColorRange, EncoderConfig, Error, ErrorKind, PixelAspectRatio, Result,
    TransferFunction, Value, YCbCrMatrix,
};

use framepress_rate::RateConfig;

use crate::adaptive_quant::AqMode;
use crate::descriptor::supported_properties;
use crate::lookahead::BFrameAdaptive;
use crate::params::level::{LevelLimits, StreamDemands, lowest_level};
use crate::quant::ScalingLists;
use crate::speed::{SpeedLevel, SpeedSteering};

/// Key-frame interval when neither `MaxKeyFrameInterval` nor a duration limit is set
/// ("encoder decides"): x264's default, about 8–10 s at common rates.
pub const DEFAULT_KEY_FRAME_INTERVAL: u32 = 250;

/// QP when neither `FramepressConstantQP` nor `Quality` is set.
pub const DEFAULT_QP: u8 = 26;

/// `FramepressKeyFrameQPOffset` when unset: key frames 3 QP steps finer (x264's ipratio 1.4).
/// Measured on bikes: worth 0.5 % BD-rate with one key frame, more with scene cuts.
pub const DEFAULT_KEY_FRAME_QP_OFFSET: u8 = 3;

/// Most frames per base-layer frame temporal scalability makes (a base layer at 1/16 of the
/// frame rate is already below any use a receiver has for it).
pub const MAX_BASE_LAYER_INTERVAL: u32 = 16;

/// `ProfileLevel` when unset: High with the lowest level that fits, coded with CABAC. The
/// best compression is the default; real-time peers that need Constrained Baseline ask for
/// it (the conferencing use case takes the profile from the SDP).
pub const DEFAULT_PROFILE_LEVEL: &str = "H264_High_AutoLevel";

/// The profile signalled in the SPS.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Profile {
    /// Baseline (profile_idc 66).
    Baseline,
    /// Constrained Baseline (66 with constraint_set1_flag): what WebRTC peers expect.
    ConstrainedBaseline,
    /// Main (profile_idc 77): CABAC allowed.
    Main,
    /// High (profile_idc 100).
    High,
    /// Constrained High (100 with constraint_set4 and set5): High without B slices.
    ConstrainedHigh,
}

impl Profile {
    /// The profile a `ProfileLevel` value names (`None` for another codec's).
    pub fn from_profile_level(name: &str) -> Option<Profile> {
        let family = name.strip_prefix("H264_")?.split('_').next()?;
        Some(match family {
            "ConstrainedBaseline" => Profile::ConstrainedBaseline,
            "Baseline" => Profile::Baseline,
            "Main" => Profile::Main,
            "High" => Profile::High,
            "ConstrainedHigh" => Profile::ConstrainedHigh,
            _ => return None,
        })
    }

    /// `profile_idc`.
    pub fn profile_idc(self) -> u8 {
        match self {
            Profile::Baseline | Profile::ConstrainedBaseline => 66,
            Profile::Main => 77,
            Profile::High | Profile::ConstrainedHigh => 100,
        }
    }

    /// constraint_set0..5 flags as the SPS's 8-bit field (bit 7 = set0).
    pub fn constraint_flags(self) -> u8 {
        match self {
            // set0: Baseline-conformant; set1 as well for Constrained Baseline.
            Profile::Baseline => 0b1000_0000,
            Profile::ConstrainedBaseline => 0b1100_0000,
            // set1: Main-conformant (redundant for profile_idc 77, as other encoders set it).
            Profile::Main => 0b0100_0000,
            Profile::High => 0,
            // set4 (frame pictures only) and set5 (no B slices) make High constrained.
            Profile::ConstrainedHigh => 0b0000_1100,
        }
    }

    /// Whether the profile allows CABAC.
    pub fn allows_cabac(self) -> bool {
        !matches!(self, Profile::Baseline | Profile::ConstrainedBaseline)
    }

    /// Whether the profile allows the 8x8 transform (`transform_8x8_mode_flag`).
    pub fn allows_transform_8x8(self) -> bool {
        matches!(self, Profile::High | Profile::ConstrainedHigh)
    }
}

/// Everything the encoder needs from the properties.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Visible width.
    pub width: usize,
    /// Visible height.
    pub height: usize,
    /// Profile.
    pub profile: Profile,
    /// CABAC entropy coding (`H264EntropyMode`; the default for Main and High), else CAVLC.
    pub cabac: bool,
    /// The 8x8 transform may be used (`FramepressTransform8x8`; High profiles only).
    pub transform_8x8: bool,
    /// Explicit weighted prediction in P pictures (`FramepressWeightedPrediction`; Main
    /// and High).
    pub weighted_prediction: bool,
    /// Implicit bi-prediction weights in B pictures (`FramepressImplicitBWeights`).
    pub implicit_b_weights: bool,
    /// `FramepressDirectPrediction` Temporal: B slices use temporal direct prediction.
    pub temporal_direct: bool,
    /// `FramepressSpeed`: the speed level, whose analysis tools mode decision uses.
    pub speed: SpeedLevel,
    /// Whether `FramepressSpeed` was set (otherwise `steering` chose `speed`).
    pub speed_explicit: bool,
    /// `RealTime`, `PrioritizeEncodingSpeedOverQuality`, `MaximizePowerEfficiency`.
    pub steering: SpeedSteering,
    /// Scaling matrices (`FramepressScalingMatrix`, `FramepressScalingLists`; flat unless
    /// a High profile asks).
    pub scaling_lists: ScalingLists,
    /// `level_idc`.
    pub level_idc: u8,
    /// Maximum frames from one key frame to the next (1 = intra only).
    pub max_key_frame_interval: u32,
    /// Maximum seconds between key frames (0 = no limit).
    pub max_key_frame_interval_duration: f64,
    /// Reference frames kept for P slices (`ReferenceBufferCount`).
    pub reference_count: u32,
    /// Frame QP of constant-QP mode (`FramepressConstantQP`, `Quality` or the default;
    /// for the stream's SEI and presets).
    pub qp: u8,
    /// Rate control: mode, limits, VBV, QP bounds.
    pub rate: RateConfig,
    /// `CalculateMeanSquaredError`: attach per-frame MSE of each plane to the samples.
    pub calculate_mse: bool,
    /// Key frames are coded this many QP steps below `qp`.
    pub key_frame_qp_offset: u8,
    /// Scene-cut threshold (0 = no scene-cut key frames).
    pub scene_cut_threshold: u8,
    /// `EnableLowLatencyRateControl` (encoder specification): infinite GOP, no scene-cut
    /// key frames, a short rate-control buffer.
    pub low_latency: bool,
    /// Temporal scalability (`BaseLayerFrameRateFraction` or `BaseLayerFrameRate`): every
    /// `base_layer_interval`-th frame from a key frame is a base-layer (reference) frame and
    /// the ones between are non-reference enhancement frames a receiver may drop. 1 = no
    /// layers.
    pub base_layer_interval: u32,
    /// `EnableLTR`: long-term reference frames with acknowledgement tokens and refreshes.
    pub ltr: bool,
    /// `FramepressIntraRefreshPeriod`: frames per intra-refresh sweep (0 = none).
    pub intra_refresh_period: u32,
    /// The most consecutive B-frames (0: no reordering).
    pub b_frames: u32,
    /// B-pyramid (`FramepressBPyramid`): the middle B-frame of each run of two or more is
    /// a reference picture.
    pub b_pyramid: bool,
    /// `FramepressBPyramidStrict`: reference B pictures are predicted from only by the
    /// B-frames of their own run (x264's b-pyramid strict), not by P pictures or later runs.
    pub b_pyramid_strict: bool,
    /// `FramepressAdaptiveQuantization`.
    pub aq_mode: AqMode,
    /// `FramepressAQStrength`.
    pub aq_strength: f64,
    /// `FramepressBFrameAdaptive`: how B-frame runs are placed (up to `b_frames` long).
    pub b_adaptive: BFrameAdaptive,
    /// `FramepressMBTree`: QP offsets from the macroblock tree.
    pub mb_tree: bool,
    /// `FramepressLookaheadFrames`: frames held before coding beyond what B-frames hold.
    pub lookahead: u32,
    /// Slices per picture.
    pub slice_count: u32,
    /// Target maximum slice size in bytes (0 = none).
    pub max_slice_bytes: u32,
    /// Attach reconstructions to samples.
    pub emit_reconstruction: bool,
    /// Annex-B samples instead of length-prefixed.
    pub annex_b: bool,
    /// Expected frame rate (0 = unknown).
    pub expected_frame_rate: f64,
    /// Sample range of the coded pictures.
    pub range: ColorRange,
    /// Colour description for the VUI and format description.
    pub primaries: Option<ColorPrimaries>,
    /// Transfer function.
    pub transfer: Option<TransferFunction>,
    /// Matrix.
    pub matrix: Option<YCbCrMatrix>,
    /// Pixel aspect ratio.
    pub pixel_aspect_ratio: Option<PixelAspectRatio>,
}

/// The scaling matrices `FramepressScalingLists` (custom) or `FramepressScalingMatrix`
/// (a named set) ask for; flat by default. Both need a High profile (the only ones whose
/// SPS carries matrices), and the two properties exclude each other.
fn scaling_lists(
    config: &EncoderConfig,
    profile: Profile,
    profile_name: &str,
) -> Result<ScalingLists> {
    let named: Option<String> = read(config, keys::SCALING_MATRIX.name())?;
    let custom = match config.property(keys::SCALING_LISTS.name()) {
        None => None,
        Some(v) => {
            let values: Option<Vec<i64>> = v.as_array().and_then(|a| {
                a.iter()
                    .map(|x| x.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
                    .collect()
            });
            Some(
                values
                    .as_deref()
                    .and_then(ScalingLists::from_values)
                    .ok_or_else(|| {
                        Error::parameter(format!(
                            "FramepressScalingLists: {} integer weights 1..=255 expected",
                            crate::quant::SCALING_LIST_VALUES
                        ))
                    })?,
            )
        }
    };
    let lists = match (named.as_deref(), custom) {
        (Some(_), Some(_)) => {
            return Err(Error::parameter(
                "FramepressScalingMatrix and FramepressScalingLists exclude each other".to_string(),
            ));
        }
        (_, Some(lists)) => lists,
        (Some("JVT"), None) => ScalingLists::jvt(),
        _ => ScalingLists::flat(),
    };
    if !lists.is_flat() && !profile.allows_transform_8x8() {
        return Err(Error::parameter(format!(
            "scaling matrices need a High profile, not {profile_name}"
        )));
    }
    Ok(lists)
}

/// Maps `Quality` (0.0–1.0) to a QP: 0.0 → 46, 0.5 → 28, 1.0 → 10, linearly. H.264
/// Baseline has no lossless mode, so 1.0 means "very high quality", not lossless.
pub fn quality_to_qp(quality: f64) -> u8 {
    (46.0 - 36.0 * quality.clamp(0.0, 1.0)).round() as u8
}

fn read<T: PropertyValue>(config: &EncoderConfig, name: &str) -> Result<Option<T>> {
    match config.property(name) {
        None => Ok(None),
        Some(v) => T::from_value(v)
            .map(Some)
            .ok_or_else(|| Error::parameter(format!("{name}: unsupported value {v}"))),
    }
}

impl Settings {
    /// Reads and checks the configuration.
    pub fn from_config(config: &EncoderConfig) -> Result<Settings> {
        let (width, height) = (config.width, config.height);
        if width == 0 || height == 0 || width % 2 != 0 || height % 2 != 0 {
            return Err(Error::new(
                ErrorKind::CouldNotCreateInstance,
                format!("H.264 4:2:0 needs an even width and height, got {width}x{height}"),
            ));
        }
        for support in supported_properties(width, height) {
            if let Some(value) = config.property(support.def.name) {
                support.check_value(value)?;
            }
        }
        let profile_name: String = read(config, keys::PROFILE_LEVEL.name())?
            .unwrap_or_else(|| DEFAULT_PROFILE_LEVEL.into());
        let profile = Profile::from_profile_level(&profile_name).ok_or_else(|| {
            Error::parameter(format!(
                "ProfileLevel {profile_name:?} is not an H.264 profile"
            ))
        })?;
        let cabac = match read::<String>(config, keys::H264_ENTROPY_MODE.name())?.as_deref() {
            None => profile.allows_cabac(),
            Some("CABAC") if profile.allows_cabac() => true,
            Some("CABAC") => {
                return Err(Error::parameter(format!(
                    "H264EntropyMode CABAC needs the Main or High profile, not {profile_name}"
                )));
            }
            Some(_) => false,
        };
        let transform_8x8 = match read::<bool>(config, keys::TRANSFORM_8X8.name())? {
            None => profile.allows_transform_8x8(),
            Some(true) if !profile.allows_transform_8x8() => {
                return Err(Error::parameter(format!(
                    "FramepressTransform8x8 needs a High profile, not {profile_name}"
                )));
            }
            Some(on) => on,
        };
        let weighted_prediction = match read::<bool>(config, keys::WEIGHTED_PREDICTION.name())? {
            None => profile.allows_cabac(),
            Some(true) if !profile.allows_cabac() => {
                return Err(Error::parameter(format!(
                    "FramepressWeightedPrediction needs the Main or High profile, not {profile_name}"
                )));
            }
            Some(on) => on,
        };
        let implicit_b_weights: bool =
            read(config, keys::IMPLICIT_B_WEIGHTS.name())?.unwrap_or(false);
        if implicit_b_weights && !weighted_prediction {
            return Err(Error::parameter(
                "FramepressImplicitBWeights needs FramepressWeightedPrediction".to_string(),
            ));
        }
        let scaling_lists = scaling_lists(config, profile, &profile_name)?;
        let temporal_direct =
            read::<String>(config, keys::DIRECT_PREDICTION.name())?.as_deref() == Some("Temporal");
        let allow_temporal: bool =
            read(config, keys::ALLOW_TEMPORAL_COMPRESSION.name())?.unwrap_or(true);
        let interval: i64 = read(config, keys::MAX_KEY_FRAME_INTERVAL.name())?.unwrap_or(0);
        let low_latency = config.specification.enable_low_latency_rate_control;
        let ltr: bool = read(config, keys::ENABLE_LTR.name())?.unwrap_or(false);
        let intra_refresh_period = intra_refresh_period(config, ltr)?;
        // Intra refresh replaces periodic key frames, as low latency does.
        let no_periodic_keys = low_latency || intra_refresh_period > 0;
        let max_key_frame_interval = if !allow_temporal {
            1
        } else if interval > 0 {
            interval.min(u32::MAX as i64) as u32
        } else if no_periodic_keys {
            // Low latency: an infinite GOP (key frames only when asked for), as
            // VideoToolbox's low-latency mode does; intra refresh provides the entry points.
            u32::MAX
        } else {
            DEFAULT_KEY_FRAME_INTERVAL
        };
        let constant_qp = read::<i64>(config, keys::CONSTANT_QP.name())?;
        let qp = match constant_qp {
            Some(q) => q as u8,
            None => read::<f64>(config, keys::QUALITY.name())?.map_or(DEFAULT_QP, quality_to_qp),
        };
        let expected_frame_rate: f64 =
            read(config, keys::EXPECTED_FRAME_RATE.name())?.unwrap_or(0.0);
        let steering = SpeedSteering {
            real_time: read(config, keys::REAL_TIME.name())?.unwrap_or(false),
            prioritize_speed: read(config, keys::PRIORITIZE_ENCODING_SPEED_OVER_QUALITY.name())?
                .unwrap_or(false),
            maximize_power_efficiency: read(config, keys::MAXIMIZE_POWER_EFFICIENCY.name())?
                .unwrap_or(false),
        };
        let explicit_speed = read::<String>(config, keys::SPEED.name())?;
        let speed_explicit = explicit_speed.is_some();
        let speed = match explicit_speed {
            None => steering.level(SpeedLevel::default()),
            Some(name) => SpeedLevel::from_name(&name).ok_or_else(|| {
                Error::parameter(format!("FramepressSpeed {name:?} is not a speed level"))
            })?,
        };
        let reference_count = read::<i64>(config, keys::REFERENCE_BUFFER_COUNT.name())?
            .map_or(speed.row().references, |r| {
                r.clamp(1, crate::descriptor::MAX_REFERENCES as i64) as u32
            });
        let (mb_w, mb_h) = (width.div_ceil(16) as u64, height.div_ceil(16) as u64);
        let key_frame_qp_offset = read::<i64>(config, keys::KEY_FRAME_QP_OFFSET.name())?
            .map_or(DEFAULT_KEY_FRAME_QP_OFFSET, |o| o.clamp(0, 51) as u8);
        let rate = RateConfig::from_properties(
            &config.properties,
            &crate::rate::codec_rate_info((mb_w * mb_h) as usize, key_frame_qp_offset),
            low_latency,
        )?;
        let base_layer_interval = base_layer_interval(config, expected_frame_rate)?;
        let b_frames = b_frame_count(
            config,
            profile,
            low_latency || ltr || intra_refresh_period > 0 || base_layer_interval > 1,
            speed.row().b_frames,
        )?;
        let b_pyramid =
            b_frames >= 2 && read::<bool>(config, keys::B_PYRAMID.name())?.unwrap_or(true);
        let b_pyramid_strict =
            b_pyramid && read::<bool>(config, keys::B_PYRAMID_STRICT.name())?.unwrap_or(false);
        let perceptual = matches!(
            rate.mode,
            framepress_rate::RateMode::ConstantQp { .. }
                | framepress_rate::RateMode::ConstantQuality { .. }
        );
        let aq_mode = match read::<String>(config, keys::ADAPTIVE_QUANTIZATION.name())? {
            Some(name) => AqMode::from_name(&name).ok_or_else(|| {
                Error::parameter(format!(
                    "FramepressAdaptiveQuantization: unknown value {name:?}"
                ))
            })?,
            // On by default where the caller asks for perceived quality (Quality,
            // ConstantQualityFactor); off for FramepressConstantQP (x264's rule for --qp: the
            // PSNR benchmark mode) and for bit-rate targets, whose one-pass size model does
            // not yet know the offsets (measured: a 1 Mbit/s target at 176x144, where the
            // frame QP reaches 0, landed 3.6 % under instead of 2.3 %).
            None => {
                if perceptual && constant_qp.is_none() {
                    AqMode::AutoVariance
                } else {
                    AqMode::Off
                }
            }
        };
        let aq_strength = read::<f64>(config, keys::AQ_STRENGTH.name())?
            .unwrap_or(crate::adaptive_quant::DEFAULT_STRENGTH)
            .clamp(0.0, 3.0);
        let lookahead = lookahead_frames(
            config,
            low_latency || ltr || intra_refresh_period > 0 || base_layer_interval > 1,
            steering.real_time,
            speed.row().lookahead,
        )?;
        // The same rule as adaptive quantisation: on where perceived quality is asked for.
        let mb_tree = read::<bool>(config, keys::MB_TREE.name())?
            .unwrap_or(perceptual && constant_qp.is_none() && lookahead > 0);
        // Only the tree looks beyond the B-frames: without it, hold nothing more unless asked.
        let lookahead = if mb_tree || read::<i64>(config, keys::LOOKAHEAD_FRAMES.name())?.is_some()
        {
            lookahead
        } else {
            0
        };
        if mb_tree && lookahead == 0 && b_frames == 0 {
            return Err(Error::parameter(
                "FramepressMBTree needs FramepressLookaheadFrames or B-frames: it has no \
                 frames to look ahead at"
                    .to_string(),
            ));
        }
        let b_adaptive = match read::<String>(config, keys::B_FRAME_ADAPTIVE.name())? {
            Some(name) => BFrameAdaptive::from_name(&name).ok_or_else(|| {
                Error::parameter(format!("FramepressBFrameAdaptive: unknown value {name:?}"))
            })?,
            None => BFrameAdaptive::default(),
        };
        let demands = StreamDemands {
            mb_width: mb_w,
            mb_height: mb_h,
            frame_rate: expected_frame_rate,
            // The level must carry the peak rate asked for (MaxBR of Table A-1).
            bit_rate: peak_bit_rate(&rate),
            ref_frames: u64::from(stream_ref_frames(
                max_num_ref_frames(reference_count, ltr),
                b_frames,
                b_pyramid,
            )),
        };
        let level_idc = match profile_name.rsplit_once('_') {
            Some((_, "AutoLevel")) | None => {
                lowest_level(&demands).map(|l| l.level_idc).ok_or_else(|| {
                    Error::new(
                        ErrorKind::CouldNotCreateInstance,
                        format!("{width}x{height} exceeds every H.264 level"),
                    )
                })?
            }
            Some((head, minor)) => {
                let major = head.rsplit('_').next().unwrap_or("");
                let idc = format!("{major}{minor}").parse::<u8>().map_err(|_| {
                    Error::parameter(format!(
                        "ProfileLevel {profile_name:?}: cannot read the level"
                    ))
                })?;
                let limits = LevelLimits::for_idc(idc).ok_or_else(|| {
                    Error::parameter(format!("ProfileLevel {profile_name:?}: unknown level"))
                })?;
                if let Some(why) = limits.violation(&demands) {
                    return Err(Error::parameter(format!(
                        "ProfileLevel {profile_name}: {why}"
                    )));
                }
                idc
            }
        };
        let range = config.pixel_format.range();
        Ok(Settings {
            aq_mode,
            aq_strength,
            b_adaptive,
            mb_tree,
            lookahead,
            b_frames,
            b_pyramid,
            b_pyramid_strict,
            base_layer_interval,
            ltr,
            intra_refresh_period,
            rate,
            calculate_mse: read(config, keys::CALCULATE_MEAN_SQUARED_ERROR.name())?
                .unwrap_or(false),
            width,
            height,
            profile,
            cabac,
            transform_8x8,
            weighted_prediction,
            implicit_b_weights,
            temporal_direct,
            scaling_lists,
            speed,
            speed_explicit,
            steering,
            level_idc,
            max_key_frame_interval,
            reference_count,
            max_key_frame_interval_duration: read(
                config,
                keys::MAX_KEY_FRAME_INTERVAL_DURATION.name(),
            )?
            .unwrap_or(0.0),
            qp,
            key_frame_qp_offset,
            // Low latency: a scene cut is coded as a P picture (its macroblocks go intra where
            // that is cheaper), not as an IDR frame several times the size of the others.
            scene_cut_threshold: read::<i64>(config, keys::SCENE_CUT_THRESHOLD.name())?.map_or(
                if no_periodic_keys {
                    0
                } else {
                    crate::scene_cut::DEFAULT_THRESHOLD
                },
                |t| t.clamp(0, 100) as u8,
            ),
            low_latency,
            slice_count: read::<i64>(config, keys::SLICE_COUNT.name())?.unwrap_or(1) as u32,
            max_slice_bytes: read::<i64>(config, keys::MAX_H264_SLICE_BYTES.name())?.unwrap_or(0)
                as u32,
            emit_reconstruction: read(config, keys::EMIT_RECONSTRUCTION.name())?.unwrap_or(false),
            annex_b: read(config, keys::ANNEX_B_OUTPUT.name())?.unwrap_or(false),
            expected_frame_rate,
            range,
            primaries: read(config, keys::COLOR_PRIMARIES.name())?,
            transfer: read(config, keys::TRANSFER_FUNCTION.name())?,
            matrix: read(config, keys::YCBCR_MATRIX.name())?,
            pixel_aspect_ratio: read(config, keys::PIXEL_ASPECT_RATIO.name())?,
        })
    }

    /// Whether key frames come only when forced (or at `MaxKeyFrameInterval` when set):
    /// low latency and intra refresh.
    pub fn no_periodic_key_frames(&self) -> bool {
        self.low_latency || self.intra_refresh_period > 0
    }

    /// `max_num_ref_frames` of the SPS: the references searched plus the long-term slots.
    pub fn max_num_ref_frames(&self) -> u32 {
        stream_ref_frames(
            max_num_ref_frames(self.reference_count, self.ltr),
            self.b_frames,
            self.b_pyramid,
        )
    }

    /// max_num_reorder_frames: how many frames may precede a frame in decoding order and
    /// follow it in output order (the anchor, and with B-pyramid the reference B-frame).
    pub fn reorder_depth(&self) -> u32 {
        match (self.b_frames, self.b_pyramid) {
            (0, _) => 0,
            (_, false) => 1,
            (_, true) => 2,
        }
    }

    /// Width in macroblocks.
    pub fn mb_width(&self) -> usize {
        self.width.div_ceil(16)
    }

    /// Height in macroblocks.
    pub fn mb_height(&self) -> usize {
        self.height.div_ceil(16)
    }
}

/// `FramepressIntraRefreshPeriod`: 0 (off) or at least 2 frames; not with `EnableLTR`,
/// whose refreshes predict from long-term pictures the sweep does not track.
fn intra_refresh_period(config: &EncoderConfig, ltr: bool) -> Result<u32> {
    let key = keys::INTRA_REFRESH_PERIOD.name();
    match read::<i64>(config, key)? {
        None | Some(0) => Ok(0),
        Some(p) if !(2..=100_000).contains(&p) => Err(Error::parameter(format!(
            "{key} must be 0 (off) or 2…100000 frames, got {p}"
        ))),
        Some(_) if ltr => Err(Error::parameter(format!(
            "{key} cannot be combined with EnableLTR"
        ))),
        Some(p) => Ok(p as u32),
    }
}

/// B-frames by default when reordering is allowed (x264's default of 3).
pub const DEFAULT_B_FRAMES: u32 = 3;
/// The most consecutive B-frames accepted.
pub const MAX_B_FRAMES: u32 = 16;

/// `FramepressBFrameCount` within what the other settings allow: none without
/// `AllowFrameReordering`, in Baseline and Constrained High (no B slices), or with features
/// whose frame structure B-frames would break (`exclusive`: low-latency rate control, LTR,
/// intra refresh, temporal layers); at most `MaxFrameDelayCount`. Asking explicitly for
/// B-frames where they cannot be is an error; the default quietly gives none.
fn b_frame_count(
    config: &EncoderConfig,
    profile: Profile,
    exclusive: bool,
    default: u32,
) -> Result<u32> {
    let key = keys::B_FRAME_COUNT.name();
    let asked = read::<i64>(config, key)?;
    if let Some(n) = asked
        && !(0..=i64::from(MAX_B_FRAMES)).contains(&n)
    {
        return Err(Error::parameter(format!(
            "{key} {n} is outside 0..={MAX_B_FRAMES}"
        )));
    }
    let reorder: bool = read(config, keys::ALLOW_FRAME_REORDERING.name())?.unwrap_or(true);
    let possible = reorder
        && !exclusive
        && !matches!(
            profile,
            Profile::Baseline | Profile::ConstrainedBaseline | Profile::ConstrainedHigh
        );
    let count = asked.map_or(default, |n| n as u32);
    if !possible {
        if count > 0 && asked.is_some() {
            return Err(Error::parameter(format!(
                "{key} {count} needs AllowFrameReordering, the Main or High profile, and no \
                 low-latency rate control, LTR, intra refresh or temporal layers"
            )));
        }
        return Ok(0);
    }
    within_frame_delay(config, count)
}

/// `count` frames held by the encoder, at most `MaxFrameDelayCount` (when set: -1 or
/// absent means no limit).
fn within_frame_delay(config: &EncoderConfig, count: u32) -> Result<u32> {
    let delay = read::<i64>(config, keys::MAX_FRAME_DELAY_COUNT.name())?.unwrap_or(-1);
    Ok(if delay >= 0 {
        count.min(delay as u32)
    } else {
        count
    })
}

/// The most `FramepressLookaheadFrames` accepted.
pub const MAX_LOOKAHEAD: u32 = 250;

/// `FramepressLookaheadFrames`: the speed level's depth by default, none in real time or
/// with features whose frames are coded as they arrive (`exclusive`: low-latency rate
/// control, LTR, intra refresh, temporal layers — asking for a lookahead there is an
/// error); at most `MaxFrameDelayCount`, since every frame looked ahead at is held.
fn lookahead_frames(
    config: &EncoderConfig,
    exclusive: bool,
    real_time: bool,
    default: u32,
) -> Result<u32> {
    let key = keys::LOOKAHEAD_FRAMES.name();
    let asked = read::<i64>(config, key)?;
    let count = match asked {
        Some(n) if !(0..=i64::from(MAX_LOOKAHEAD)).contains(&n) => {
            return Err(Error::parameter(format!(
                "{key} {n} is outside 0..={MAX_LOOKAHEAD}"
            )));
        }
        Some(n) if n > 0 && exclusive => {
            return Err(Error::parameter(format!(
                "{key} {n} cannot be combined with low-latency rate control, LTR, intra \
                 refresh or temporal layers (they code every frame as it arrives)"
            )));
        }
        Some(n) => n as u32,
        None if exclusive || real_time => 0,
        None => default,
    };
    within_frame_delay(config, count)
}

/// The reference frames the stream keeps: a B-frame predicts from the reference frames on
/// both sides of it, and a pyramid's reference B-frame is kept beside them — within the 16
/// frames max_num_ref_frames allows (with 16 references the pyramid's B-frame takes the
/// oldest one's place).
fn stream_ref_frames(refs: u32, b_frames: u32, b_pyramid: bool) -> u32 {
    match (b_frames, b_pyramid) {
        (0, _) => refs,
        (_, false) => refs.max(2),
        (_, true) => (refs.max(2) + 1).min(16),
    }
}

fn max_num_ref_frames(reference_count: u32, ltr: bool) -> u32 {
    reference_count + if ltr { crate::dpb::LTR_SLOTS as u32 } else { 0 }
}

/// The frames per base-layer frame: `1 / BaseLayerFrameRateFraction`, or
/// `ExpectedFrameRate / BaseLayerFrameRate`, rounded to the nearest whole number (H.264
/// layers here are a base frame then non-reference frames, so the fraction is 1/n).
fn base_layer_interval(config: &EncoderConfig, expected_frame_rate: f64) -> Result<u32> {
    let fraction_key = keys::BASE_LAYER_FRAME_RATE_FRACTION.name();
    let rate_key = keys::BASE_LAYER_FRAME_RATE.name();
    let fraction = match (
        read::<f64>(config, fraction_key)?,
        read::<f64>(config, rate_key)?,
    ) {
        (Some(f), _) => {
            if !(f > 0.0 && f <= 1.0) {
                return Err(Error::parameter(format!(
                    "{fraction_key} must be in (0, 1], got {f}"
                )));
            }
            f
        }
        (None, Some(r)) => {
            if !(r > 0.0 && r.is_finite()) {
                return Err(Error::parameter(format!(
                    "{rate_key} must be a positive frame rate, got {r}"
                )));
            }
            if expected_frame_rate <= 0.0 {
                return Err(Error::parameter(format!(
                    "{rate_key} needs ExpectedFrameRate (or use {fraction_key})"
                )));
            }
            (r / expected_frame_rate).min(1.0)
        }
        (None, None) => return Ok(1),
    };
    let interval = (1.0 / fraction).round();
    if interval > f64::from(MAX_BASE_LAYER_INTERVAL) {
        return Err(Error::parameter(format!(
            "a base layer of {fraction} of the frames is below the 1/{MAX_BASE_LAYER_INTERVAL}              this encoder makes"
        )));
    }
    Ok(interval.max(1.0) as u32)
}

/// The highest rate the configuration may reach, bits per second (0 = unknown).
fn peak_bit_rate(rate: &RateConfig) -> u64 {
    let mut peak = rate.mode.bit_rate().unwrap_or(0.0);
    if let Some(v) = rate.vbv {
        peak = peak.max(v.max_bit_rate);
    }
    for l in &rate.limits {
        peak = peak.max(l.bits_per_second());
    }
    peak.min(u64::MAX as f64) as u64
}

/// A property value that must be a number (for `update_property`).
pub(crate) fn number(name: &str, value: Option<&Value>) -> Result<Option<f64>> {
    match value {
        None => Ok(None),
        Some(v) => v
            .as_f64()
            .map(Some)
            .ok_or_else(|| Error::parameter(format!("{name} expects a number, got {v}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use framepress_core::{Dictionary, EncoderSpecification, PixelFormat};

    fn settings(props: Dictionary) -> Settings {
        let config = EncoderConfig {
            width: 64,
            height: 48,
            pixel_format: PixelFormat::I420,
            properties: props,
            specification: EncoderSpecification::default(),
        };
        Settings::from_config(&config).unwrap()
    }

    #[test]
    fn vt_steering_keys_pick_the_speed_unless_it_is_set() {
        assert_eq!(settings(Dictionary::new()).speed, SpeedLevel::Medium);
        let real_time = Dictionary::new().with(keys::REAL_TIME.name(), Value::Bool(true));
        let s = settings(real_time.clone());
        assert_eq!((s.speed, s.speed_explicit), (SpeedLevel::Faster, false));
        let prioritize = Dictionary::new().with(
            keys::PRIORITIZE_ENCODING_SPEED_OVER_QUALITY.name(),
            Value::Bool(true),
        );
        assert_eq!(settings(prioritize).speed, SpeedLevel::Veryfast);
        // The steered level supplies the defaults, as an explicit one would.
        assert_eq!(s.b_frames, SpeedLevel::Faster.row().b_frames);
        // An explicit FramepressSpeed wins.
        let explicit = real_time.with(keys::SPEED.name(), "slow".to_owned());
        let s = settings(explicit);
        assert_eq!((s.speed, s.speed_explicit), (SpeedLevel::Slow, true));
    }

    #[test]
    fn the_lookahead_and_the_tree_follow_the_speed_and_the_latency_settings() {
        let quality = Dictionary::new().with(keys::QUALITY.name(), Value::Float(0.5));
        let s = settings(quality.clone());
        assert_eq!((s.lookahead, s.mb_tree), (40, true));
        // Constant QP (the PSNR benchmark mode) leaves the tree off.
        let s = settings(Dictionary::new().with(keys::CONSTANT_QP.name(), Value::Int(30)));
        assert_eq!((s.lookahead, s.mb_tree), (0, false));
        let s =
            settings(Dictionary::new().with(keys::AVERAGE_BIT_RATE.name(), Value::Int(500_000)));
        assert_eq!((s.lookahead, s.mb_tree), (0, false));
        // Real time holds nothing beyond the B-frames; MaxFrameDelayCount caps it.
        let s = settings(
            quality
                .clone()
                .with(keys::REAL_TIME.name(), Value::Bool(true)),
        );
        assert_eq!((s.lookahead, s.mb_tree), (0, false));
        let s = settings(
            quality
                .clone()
                .with(keys::MAX_FRAME_DELAY_COUNT.name(), Value::Int(5)),
        );
        assert_eq!(s.lookahead, 5);
        let s = settings(
            quality
                .clone()
                .with(keys::SPEED.name(), "veryfast".to_owned()),
        );
        assert_eq!(s.lookahead, 10);
        // Out of range, or with a feature that codes frames as they arrive: refused.
        let config = |props: Dictionary| EncoderConfig {
            width: 64,
            height: 48,
            pixel_format: PixelFormat::I420,
            properties: props,
            specification: EncoderSpecification::default(),
        };
        for bad in [
            quality
                .clone()
                .with(keys::LOOKAHEAD_FRAMES.name(), Value::Int(251)),
            quality
                .clone()
                .with(keys::LOOKAHEAD_FRAMES.name(), Value::Int(8))
                .with(keys::ENABLE_LTR.name(), Value::Bool(true)),
            quality
                .clone()
                .with(keys::LOOKAHEAD_FRAMES.name(), Value::Int(0))
                .with(keys::ALLOW_FRAME_REORDERING.name(), Value::Bool(false))
                .with(keys::MB_TREE.name(), Value::Bool(true)),
        ] {
            assert!(
                Settings::from_config(&config(bad.clone())).is_err(),
                "{bad:?}"
            );
        }
    }
}
