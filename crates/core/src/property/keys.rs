//! The one table of compression-session properties, and a typed key for each.
//!
//! Both doors to properties — typed (`keys::AVERAGE_BIT_RATE`) and by VT name
//! (`"AverageBitRate"`) — are generated from the single macro invocation below, so they cannot
//! drift apart. Types, access and "may change mid-session" follow
//! `compression-properties.md`; ranges are per encoder (see `PropertySupport`).

use super::typed::Key;
use super::value_kind::ValueKind;
use super::{Access, PropertyDef};
use crate::color::{
    CleanAperture, ColorPrimaries, PixelAspectRatio, TransferFunction, YCbCrMatrix,
};
use crate::time::Time;
use crate::value::{Dictionary, ObjectRef, Value};

const ENTROPY_MODES: &[&str] = &["CAVLC", "CABAC"];
const DIRECT_PREDICTIONS: &[&str] = &["Spatial", "Temporal"];
const SCALING_MATRICES: &[&str] = &["Flat", "JVT"];
/// The `FramepressAdaptiveQuantization` values (the H.264 encoder's `AqMode`).
pub const AQ_MODES: &[&str] = &["Off", "Variance", "AutoVariance"];
/// The `FramepressBFrameAdaptive` values (the H.264 encoder's `BFrameAdaptive` modes).
pub const B_FRAME_PLACEMENTS: &[&str] = &["Off", "Fast", "Trellis"];
/// The `FramepressSpeed` values, fastest first (the H.264 encoder's speed table follows
/// this order).
pub const SPEED_LEVELS: &[&str] = &[
    "ultrafast",
    "superfast",
    "veryfast",
    "faster",
    "fast",
    "medium",
    "slow",
    "slower",
    "veryslow",
];
const HDR_INSERTION_MODES: &[&str] = &[
    "HDRMetadataInsertionMode_None",
    "HDRMetadataInsertionMode_Auto",
    "HDRMetadataInsertionMode_RequestSDRRangePreservation",
];
const FIELD_DETAILS: &[&str] = &[
    "TemporalTopFirst",
    "TemporalBottomFirst",
    "SpatialFirstLineEarly",
    "SpatialFirstLineLate",
];
/// Strings of [`ColorPrimaries`].
pub const COLOR_PRIMARIES_VALUES: &[&str] = &[
    "ITU_R_709_2",
    "EBU_3213",
    "SMPTE_C",
    "ITU_R_2020",
    "DCI_P3",
    "P3_D65",
    "P22",
];
/// Strings of [`TransferFunction`].
pub const TRANSFER_FUNCTION_VALUES: &[&str] = &[
    "ITU_R_709_2",
    "SMPTE_240M_1995",
    "UseGamma",
    "Linear",
    "sRGB",
    "ITU_R_2020",
    "SMPTE_ST_2084_PQ",
    "SMPTE_ST_428_1",
    "ITU_R_2100_HLG",
];
/// Strings of [`YCbCrMatrix`].
pub const YCBCR_MATRIX_VALUES: &[&str] = &[
    "ITU_R_709_2",
    "ITU_R_601_4",
    "SMPTE_240M_1995",
    "ITU_R_2020",
];
const LOG_TRANSFER_FUNCTIONS: &[&str] = &[
    "com.apple.rec2020.apple-log",
    "com.apple.apple-wide-gamut.apple-log",
];
const ALPHA_CHANNEL_MODES: &[&str] = &["StraightAlpha", "PremultipliedAlpha"];
const CHROMA_LOCATIONS: &[&str] = &[
    "Left",
    "Center",
    "TopLeft",
    "Top",
    "BottomLeft",
    "Bottom",
    "DV420",
];
const HERO_EYES: &[&str] = &["Left", "Right"];
const PROJECTION_KINDS: &[&str] = &[
    "Rectilinear",
    "Equirectangular",
    "HalfEquirectangular",
    "ParametricImmersive",
    "AppleImmersiveVideo",
];
const VIEW_PACKING_KINDS: &[&str] = &["SideBySide", "OverUnder"];

macro_rules! property_table {
    ($( $doc:literal $ident:ident : $t:ty = $name:literal / $constant:literal,
        $kind:expr, $access:ident, mid $mid:literal, ser $ser:literal; )*) => {
        $(
            #[doc = $doc]
            #[doc = ""]
            #[doc = concat!("VT key `", $name, "` (`", $constant, "`).")]
            pub const $ident: Key<$t> = Key::new($name);
        )*

        /// Every compression-session property framepress knows, in specification order.
        pub static SESSION_PROPERTIES: &[PropertyDef] = &[
            $( PropertyDef {
                name: $name,
                constant: $constant,
                kind: $kind,
                access: Access::$access,
                mid_session: $mid,
                serializable: $ser,
                summary: $doc,
            }, )*
        ];

        /// (typed key name, whether its Rust type accepts the table's kind) for tests.
        #[cfg(test)]
        pub(crate) fn typed_key_samples() -> Vec<(&'static str, ValueKind, fn(&Value) -> bool)> {
            vec![ $( ($name, $kind, |v: &Value| <$t as super::typed::PropertyValue>::from_value(v).is_some()), )* ]
        }
    };
}

property_table! {
    // §1 Buffers
    "Frames submitted but not yet emitted; may drop asynchronously."
    NUMBER_OF_PENDING_FRAMES: i64 = "NumberOfPendingFrames" / "kVTCompressionPropertyKey_NumberOfPendingFrames",
        ValueKind::Int, ReadOnly, mid false, ser false;
    "True when the session's pool feeds the encoder directly; false when submitted buffers are converted."
    PIXEL_BUFFER_POOL_IS_SHARED: bool = "PixelBufferPoolIsShared" / "kVTCompressionPropertyKey_PixelBufferPoolIsShared",
        ValueKind::Bool, ReadOnly, mid false, ser false;
    "The encoder's preferred source-buffer attributes."
    VIDEO_ENCODER_PIXEL_BUFFER_ATTRIBUTES: Dictionary = "VideoEncoderPixelBufferAttributes" / "kVTCompressionPropertyKey_VideoEncoderPixelBufferAttributes",
        ValueKind::Dictionary, ReadOnly, mid false, ser false;
    // §2 Frame dependency
    "Maximum frames from one key frame to the next (0 = encoder decides, 1 = all key frames)."
    MAX_KEY_FRAME_INTERVAL: i64 = "MaxKeyFrameInterval" / "kVTCompressionPropertyKey_MaxKeyFrameInterval",
        ValueKind::Int, ReadWrite, mid true, ser true;
    "Maximum seconds from one key frame to the next (0 = no limit)."
    MAX_KEY_FRAME_INTERVAL_DURATION: f64 = "MaxKeyFrameIntervalDuration" / "kVTCompressionPropertyKey_MaxKeyFrameIntervalDuration",
        ValueKind::Float, ReadWrite, mid true, ser true;
    "False makes every frame a key frame (intra-only)."
    ALLOW_TEMPORAL_COMPRESSION: bool = "AllowTemporalCompression" / "kVTCompressionPropertyKey_AllowTemporalCompression",
        ValueKind::Bool, ReadWrite, mid false, ser true;
    "Permits B-frames (decode order differs from presentation order)."
    ALLOW_FRAME_REORDERING: bool = "AllowFrameReordering" / "kVTCompressionPropertyKey_AllowFrameReordering",
        ValueKind::Bool, ReadWrite, mid false, ser true;
    "Permits open GOPs (prediction across sync samples)."
    ALLOW_OPEN_GOP: bool = "AllowOpenGOP" / "kVTCompressionPropertyKey_AllowOpenGOP",
        ValueKind::Bool, ReadWrite, mid false, ser true;
    "Caps the number of reference frames."
    REFERENCE_BUFFER_COUNT: i64 = "ReferenceBufferCount" / "kVTCompressionPropertyKey_ReferenceBufferCount",
        ValueKind::Int, ReadWrite, mid false, ser true;
    // §3 Rate control
    "Long-term average bit rate target in bits per second (soft)."
    AVERAGE_BIT_RATE: u64 = "AverageBitRate" / "kVTCompressionPropertyKey_AverageBitRate",
        ValueKind::Int, ReadWrite, mid true, ser true;
    "Hard caps: [bytes, seconds, bytes, seconds]."
    DATA_RATE_LIMITS: Vec<f64> = "DataRateLimits" / "kVTCompressionPropertyKey_DataRateLimits",
        ValueKind::NumberArray(None), ReadWrite, mid true, ser true;
    "Constant bit rate in bits per second."
    CONSTANT_BIT_RATE: u64 = "ConstantBitRate" / "kVTCompressionPropertyKey_ConstantBitRate",
        ValueKind::Int, ReadWrite, mid true, ser true;
    "Variable bit rate target in bits per second (VBV model)."
    VARIABLE_BIT_RATE: u64 = "VariableBitRate" / "kVTCompressionPropertyKey_VariableBitRate",
        ValueKind::Int, ReadWrite, mid true, ser true;
    "Maximum rate entering the VBV in bits per second."
    VBV_MAX_BIT_RATE: u64 = "VBVMaxBitRate" / "kVTCompressionPropertyKey_VBVMaxBitRate",
        ValueKind::Int, ReadWrite, mid true, ser true;
    "VBV buffer capacity in seconds."
    VBV_BUFFER_DURATION: f64 = "VBVBufferDuration" / "kVTCompressionPropertyKey_VBVBufferDuration",
        ValueKind::Float, ReadWrite, mid true, ser true;
    "Initial VBV delay as a percentage of the buffer duration."
    VBV_INITIAL_DELAY_PERCENTAGE: f64 = "VBVInitialDelayPercentage" / "kVTCompressionPropertyKey_VBVInitialDelayPercentage",
        ValueKind::Float, ReadWrite, mid true, ser true;
    "Quality from 0.0 (smallest) to 1.0 (best)."
    QUALITY: f64 = "Quality" / "kVTCompressionPropertyKey_Quality",
        ValueKind::Float, ReadWrite, mid true, ser true;
    "Target consistent visual quality from 0.0 to 1.0."
    CONSTANT_QUALITY_FACTOR: f64 = "ConstantQualityFactor" / "kVTCompressionPropertyKey_ConstantQualityFactor",
        ValueKind::Float, ReadWrite, mid true, ser true;
    "Quality of the alpha plane (HEVC with alpha)."
    TARGET_QUALITY_FOR_ALPHA: f64 = "TargetQualityForAlpha" / "kVTCompressionPropertyKey_TargetQualityForAlpha",
        ValueKind::Float, ReadWrite, mid true, ser true;
    "Lowest frame QP rate control may use."
    MIN_ALLOWED_FRAME_QP: i64 = "MinAllowedFrameQP" / "kVTCompressionPropertyKey_MinAllowedFrameQP",
        ValueKind::Int, ReadWrite, mid true, ser true;
    "Highest frame QP rate control may use."
    MAX_ALLOWED_FRAME_QP: i64 = "MaxAllowedFrameQP" / "kVTCompressionPropertyKey_MaxAllowedFrameQP",
        ValueKind::Int, ReadWrite, mid true, ser true;
    "Spatial adaptive quantisation: -1 encoder default, 0 disabled."
    SPATIAL_ADAPTIVE_QP_LEVEL: i64 = "SpatialAdaptiveQPLevel" / "kVTCompressionPropertyKey_SpatialAdaptiveQPLevel",
        ValueKind::Int, ReadWrite, mid true, ser true;
    "Frames held for look-ahead analysis."
    SUGGESTED_LOOK_AHEAD_FRAME_COUNT: i64 = "SuggestedLookAheadFrameCount" / "kVTCompressionPropertyKey_SuggestedLookAheadFrameCount",
        ValueKind::Int, ReadWrite, mid false, ser true;
    "Whether the per-frame BaseFrameQP option is honoured."
    SUPPORTS_BASE_FRAME_QP: bool = "SupportsBaseFrameQP" / "kVTCompressionPropertyKey_SupportsBaseFrameQP",
        ValueKind::Bool, ReadOnly, mid false, ser false;
    "The encoder's estimate of bytes per frame."
    ESTIMATED_AVERAGE_BYTES_PER_FRAME: i64 = "kVTProCodecPropertyKey_AverageBytesPerFrame" / "kVTCompressionPropertyKey_EstimatedAverageBytesPerFrame",
        ValueKind::Int, ReadOnly, mid false, ser false;
    "This session's output follows another session's output (segment concatenation)."
    MORE_FRAMES_BEFORE_START: bool = "MoreFramesBeforeStart" / "kVTCompressionPropertyKey_MoreFramesBeforeStart",
        ValueKind::Bool, ReadWrite, mid false, ser true;
    "Another segment follows this session's output."
    MORE_FRAMES_AFTER_END: bool = "MoreFramesAfterEnd" / "kVTCompressionPropertyKey_MoreFramesAfterEnd",
        ValueKind::Bool, ReadWrite, mid false, ser true;
    "Prefer encoding speed over quality."
    PRIORITIZE_ENCODING_SPEED_OVER_QUALITY: bool = "PrioritizeEncodingSpeedOverQuality" / "kVTCompressionPropertyKey_PrioritizeEncodingSpeedOverQuality",
        ValueKind::Bool, ReadWrite, mid true, ser true;
    // §4 Bitstream configuration
    "Profile and level of the bitstream (a kVTProfileLevel_* string)."
    PROFILE_LEVEL: String = "ProfileLevel" / "kVTCompressionPropertyKey_ProfileLevel",
        ValueKind::Enum(super::profile::ALL), ReadWrite, mid false, ser true;
    "H.264 entropy coder: CAVLC or CABAC."
    H264_ENTROPY_MODE: String = "H264EntropyMode" / "kVTCompressionPropertyKey_H264EntropyMode",
        ValueKind::Enum(ENTROPY_MODES), ReadWrite, mid false, ser true;
    "Output bit depth, where the profile allows a choice."
    OUTPUT_BIT_DEPTH: i64 = "OutputBitDepth" / "kVTCompressionPropertyKey_OutputBitDepth",
        ValueKind::Int, ReadWrite, mid false, ser true;
    "Pixel depth of the encoded video (a pixel-format number)."
    DEPTH: i64 = "Depth" / "kVTCompressionPropertyKey_Depth",
        ValueKind::Int, ReadWrite, mid false, ser true;
    "Encode or discard the source alpha channel."
    PRESERVE_ALPHA_CHANNEL: bool = "kVTCodecPropertyKey_PreserveAlphaChannel" / "kVTCompressionPropertyKey_PreserveAlphaChannel",
        ValueKind::Bool, ReadWrite, mid false, ser true;
    "Whether and how HDR metadata is inserted into the bitstream."
    HDR_METADATA_INSERTION_MODE: String = "HDRMetadataInsertionMode" / "kVTCompressionPropertyKey_HDRMetadataInsertionMode",
        ValueKind::Enum(HDR_INSERTION_MODES), ReadWrite, mid false, ser true;
    "Keep per-buffer dynamic HDR metadata (false: generate it)."
    PRESERVE_DYNAMIC_HDR_METADATA: bool = "PreserveDynamicHDRMetadata" / "kVTCompressionPropertyKey_PreserveDynamicHDRMetadata",
        ValueKind::Bool, WriteOnly, mid false, ser false;
    // §5 Runtime restrictions
    "Compression window: frame N-M is emitted before the call submitting frame N returns (-1 = unlimited)."
    MAX_FRAME_DELAY_COUNT: i64 = "MaxFrameDelayCount" / "kVTCompressionPropertyKey_MaxFrameDelayCount",
        ValueKind::Int, ReadWrite, mid false, ser true;
    "Target maximum H.264 slice size in bytes."
    MAX_H264_SLICE_BYTES: i64 = "MaxH264SliceBytes" / "kVTCompressionPropertyKey_MaxH264SliceBytes",
        ValueKind::Int, ReadWrite, mid true, ser true;
    "True: the timeline follows the wall clock (keep up, don't race ahead)."
    REAL_TIME: bool = "RealTime" / "kVTCompressionPropertyKey_RealTime",
        ValueKind::Bool, ReadWrite, mid false, ser true;
    "Minimise power use (ignored when RealTime)."
    MAXIMIZE_POWER_EFFICIENCY: bool = "MaximizePowerEfficiency" / "kVTCompressionPropertyKey_MaximizePowerEfficiency",
        ValueKind::Bool, ReadWrite, mid false, ser true;
    // §6 Hints
    "Exact number of frames per pass, if known."
    SOURCE_FRAME_COUNT: i64 = "SourceFrameCount" / "kVTCompressionPropertyKey_SourceFrameCount",
        ValueKind::Int, ReadWrite, mid false, ser false;
    "Expected frames per second (timing still follows PTS)."
    EXPECTED_FRAME_RATE: f64 = "ExpectedFrameRate" / "kVTCompressionPropertyKey_ExpectedFrameRate",
        ValueKind::Float, ReadWrite, mid true, ser true;
    "Worst-case submission rate in real-time mode."
    MAXIMUM_REAL_TIME_FRAME_RATE: f64 = "MaximumRealTimeFrameRate" / "kVTCompressionPropertyKey_MaximumRealTimeFrameRate",
        ValueKind::Float, ReadWrite, mid false, ser true;
    "Expected total duration in seconds."
    EXPECTED_DURATION: f64 = "ExpectedDuration" / "kVTCompressionPropertyKey_ExpectedDuration",
        ValueKind::Float, ReadWrite, mid false, ser false;
    "Frame rate of the base temporal layer (requests hierarchical coding)."
    BASE_LAYER_FRAME_RATE: f64 = "BaseLayerFrameRate" / "kVTCompressionPropertyKey_BaseLayerFrameRate",
        ValueKind::Float, ReadWrite, mid false, ser true;
    "Fraction of frames in the base temporal layer."
    BASE_LAYER_FRAME_RATE_FRACTION: f64 = "BaseLayerFrameRateFraction" / "kVTCompressionPropertyKey_BaseLayerFrameRateFraction",
        ValueKind::Float, ReadWrite, mid false, ser true;
    "Share of the bit budget for the base temporal layer."
    BASE_LAYER_BIT_RATE_FRACTION: f64 = "BaseLayerBitRateFraction" / "kVTCompressionPropertyKey_BaseLayerBitRateFraction",
        ValueKind::Float, ReadWrite, mid true, ser true;
    "Attach per-frame mean-squared-error metrics to outputs."
    CALCULATE_MEAN_SQUARED_ERROR: bool = "CalculateMeanSquaredError" / "kVTCompressionPropertyKey_CalculateMeanSquaredError",
        ValueKind::Bool, ReadWrite, mid true, ser true;
    // §7 LTR
    "Enable long-term reference frames with acknowledgement tokens."
    ENABLE_LTR: bool = "EnableLTR" / "kVTCompressionPropertyKey_EnableLTR",
        ValueKind::Bool, ReadWrite, mid false, ser true;
    // §9 Encoder information
    "ID of the encoder in use."
    ENCODER_ID: String = "EncoderID" / "kVTCompressionPropertyKey_EncoderID",
        ValueKind::String, ReadOnly, mid false, ser false;
    "Whether a hardware encoder is in use (always false in framepress)."
    USING_HARDWARE_ACCELERATED_VIDEO_ENCODER: bool = "UsingHardwareAcceleratedVideoEncoder" / "kVTCompressionPropertyKey_UsingHardwareAcceleratedVideoEncoder",
        ValueKind::Bool, ReadOnly, mid false, ser false;
    "Registry ID of the GPU whose encoder is used."
    USING_GPU_REGISTRY_ID: i64 = "UsingMetalRegistryID" / "kVTCompressionPropertyKey_UsingGPURegistryID",
        ValueKind::Int, ReadOnly, mid false, ser false;
    "Suggested number of sessions for parallel segment encoding."
    RECOMMENDED_PARALLELIZATION_LIMIT: i64 = "RecommendedParallelizationLimit" / "kVTCompressionPropertyKey_RecommendedParallelizationLimit",
        ValueKind::Int, ReadOnly, mid false, ser false;
    "Minimum frames per parallel segment."
    RECOMMENDED_PARALLELIZED_SUBDIVISION_MINIMUM_FRAME_COUNT: i64 = "RecommendedParallelizedSubdivisionMinimumFrameCount" / "kVTCompressionPropertyKey_RecommendedParallelizedSubdivisionMinimumFrameCount",
        ValueKind::Int, ReadOnly, mid false, ser false;
    "Minimum duration per parallel segment."
    RECOMMENDED_PARALLELIZED_SUBDIVISION_MINIMUM_DURATION: Time = "RecommendedParallelizedSubdivisionMinimumDuration" / "kVTCompressionPropertyKey_RecommendedParallelizedSubdivisionMinimumDuration",
        ValueKind::Time, ReadOnly, mid false, ser false;
    "Preset name → property dictionary."
    SUPPORTED_PRESET_DICTIONARIES: Dictionary = "SupportedPresetDictionaries" / "kVTCompressionPropertyKey_SupportedPresetDictionaries",
        ValueKind::Dictionary, ReadOnly, mid false, ser false;
    // §12 Clean aperture, pixel aspect ratio, fields
    "Clean aperture of the encoded frames."
    CLEAN_APERTURE: CleanAperture = "CleanAperture" / "kVTCompressionPropertyKey_CleanAperture",
        ValueKind::Dictionary, ReadWrite, mid false, ser true;
    "Pixel aspect ratio of the encoded frames."
    PIXEL_ASPECT_RATIO: PixelAspectRatio = "PixelAspectRatio" / "kVTCompressionPropertyKey_PixelAspectRatio",
        ValueKind::Dictionary, ReadWrite, mid false, ser true;
    "1 progressive, 2 interlaced."
    FIELD_COUNT: i64 = "FieldCount" / "kVTCompressionPropertyKey_FieldCount",
        ValueKind::Int, ReadWrite, mid false, ser true;
    "Field order of interlaced output."
    FIELD_DETAIL: String = "FieldDetail" / "kVTCompressionPropertyKey_FieldDetail",
        ValueKind::Enum(FIELD_DETAILS), ReadWrite, mid false, ser true;
    "DV 16:9 flag."
    ASPECT_RATIO_16X9: bool = "AspectRatio16x9" / "kVTCompressionPropertyKey_AspectRatio16x9",
        ValueKind::Bool, ReadWrite, mid false, ser true;
    "DV progressive flag."
    PROGRESSIVE_SCAN: bool = "ProgressiveScan" / "kVTCompressionPropertyKey_ProgressiveScan",
        ValueKind::Bool, ReadWrite, mid false, ser true;
    // §13 Colour, HDR, alpha
    "Colour primaries of the output."
    COLOR_PRIMARIES: ColorPrimaries = "ColorPrimaries" / "kVTCompressionPropertyKey_ColorPrimaries",
        ValueKind::Enum(COLOR_PRIMARIES_VALUES), ReadWrite, mid false, ser true;
    "Transfer function of the output."
    TRANSFER_FUNCTION: TransferFunction = "TransferFunction" / "kVTCompressionPropertyKey_TransferFunction",
        ValueKind::Enum(TRANSFER_FUNCTION_VALUES), ReadWrite, mid false, ser true;
    "Y'CbCr matrix of the output."
    YCBCR_MATRIX: YCbCrMatrix = "YCbCrMatrix" / "kVTCompressionPropertyKey_YCbCrMatrix",
        ValueKind::Enum(YCBCR_MATRIX_VALUES), ReadWrite, mid false, ser true;
    "ICC profile of the output."
    ICC_PROFILE: Vec<u8> = "ICCProfile" / "kVTCompressionPropertyKey_ICCProfile",
        ValueKind::Data(None), ReadWrite, mid false, ser true;
    "Gamma recorded with TransferFunction = UseGamma."
    GAMMA_LEVEL: f64 = "GammaLevel" / "kVTCompressionPropertyKey_GammaLevel",
        ValueKind::Float, ReadWrite, mid false, ser true;
    "Mastering display colour volume SEI payload (24 bytes, big-endian)."
    MASTERING_DISPLAY_COLOR_VOLUME: Vec<u8> = "MasteringDisplayColorVolume" / "kVTCompressionPropertyKey_MasteringDisplayColorVolume",
        ValueKind::Data(Some(24)), ReadWrite, mid false, ser true;
    "Content light level SEI payload (4 bytes, big-endian)."
    CONTENT_LIGHT_LEVEL_INFO: Vec<u8> = "ContentLightLevelInfo" / "kVTCompressionPropertyKey_ContentLightLevelInfo",
        ValueKind::Data(Some(4)), ReadWrite, mid false, ser true;
    "Log transfer curve (e.g. Apple Log)."
    LOG_TRANSFER_FUNCTION: String = "LogTransferFunction" / "kVTCompressionPropertyKey_LogTransferFunction",
        ValueKind::Enum(LOG_TRANSFER_FUNCTIONS), ReadWrite, mid false, ser true;
    "Whether source RGB is premultiplied by alpha."
    ALPHA_CHANNEL_MODE: String = "AlphaChannelMode" / "kVTCompressionPropertyKey_AlphaChannelMode",
        ValueKind::Enum(ALPHA_CHANNEL_MODES), ReadWrite, mid false, ser true;
    "Ambient viewing environment SEI payload (8 bytes; unpublished key used by HandBrake)."
    AMBIENT_VIEWING_ENVIRONMENT: Vec<u8> = "AmbientViewingEnvironment" / "AmbientViewingEnvironment",
        ValueKind::Data(Some(8)), ReadWrite, mid false, ser true;
    "Chroma siting, top field (unpublished key used by HandBrake)."
    CHROMA_LOCATION_TOP_FIELD: String = "ChromaLocationTopField" / "ChromaLocationTopField",
        ValueKind::Enum(CHROMA_LOCATIONS), ReadWrite, mid false, ser true;
    "Chroma siting, bottom field (unpublished key used by HandBrake)."
    CHROMA_LOCATION_BOTTOM_FIELD: String = "ChromaLocationBottomField" / "ChromaLocationBottomField",
        ValueKind::Enum(CHROMA_LOCATIONS), ReadWrite, mid false, ser true;
    // §14 Pre-compression processing
    "Configures the conversion/scaling of source buffers (kVTPixelTransferPropertyKey_* dictionary)."
    PIXEL_TRANSFER_PROPERTIES: Dictionary = "PixelTransferProperties" / "kVTCompressionPropertyKey_PixelTransferProperties",
        ValueKind::Dictionary, ReadWrite, mid false, ser true;
    // §15 Multi-pass
    "Enables multi-pass encoding with this storage."
    MULTI_PASS_STORAGE: ObjectRef = "MultiPassStorage" / "kVTCompressionPropertyKey_MultiPassStorage",
        ValueKind::Object, ReadWrite, mid false, ser false;
    // §16 Multi-view
    "MV-HEVC layer IDs; requests multi-image encoding."
    MVHEVC_VIDEO_LAYER_IDS: Vec<i64> = "MVHEVCVideoLayerIDs" / "kVTCompressionPropertyKey_MVHEVCVideoLayerIDs",
        ValueKind::NumberArray(None), ReadWrite, mid false, ser true;
    "MV-HEVC view ID per layer."
    MVHEVC_VIEW_IDS: Vec<i64> = "MVHEVCViewIDs" / "kVTCompressionPropertyKey_MVHEVCViewIDs",
        ValueKind::NumberArray(None), ReadWrite, mid false, ser true;
    "[left, right] view IDs."
    MVHEVC_LEFT_AND_RIGHT_VIEW_IDS: Vec<i64> = "MVHEVCLeftAndRightViewIDs" / "kVTCompressionPropertyKey_MVHEVCLeftAndRightViewIDs",
        ValueKind::NumberArray(Some(2)), ReadWrite, mid false, ser true;
    "Output has a left-eye view."
    HAS_LEFT_STEREO_EYE_VIEW: bool = "HasLeftStereoEyeView" / "kVTCompressionPropertyKey_HasLeftStereoEyeView",
        ValueKind::Bool, ReadWrite, mid false, ser true;
    "Output has a right-eye view."
    HAS_RIGHT_STEREO_EYE_VIEW: bool = "HasRightStereoEyeView" / "kVTCompressionPropertyKey_HasRightStereoEyeView",
        ValueKind::Bool, ReadWrite, mid false, ser true;
    "Eye shown in 2D playback."
    HERO_EYE: String = "HeroEye" / "kVTCompressionPropertyKey_HeroEye",
        ValueKind::Enum(HERO_EYES), ReadWrite, mid false, ser true;
    "Distance between lens centres in micrometres."
    STEREO_CAMERA_BASELINE: i64 = "StereoCameraBaseline" / "kVTCompressionPropertyKey_StereoCameraBaseline",
        ValueKind::Int, ReadWrite, mid false, ser true;
    "Horizontal disparity adjustment (normalised × 10000)."
    HORIZONTAL_DISPARITY_ADJUSTMENT: i64 = "HorizontalDisparityAdjustment" / "kVTCompressionPropertyKey_HorizontalDisparityAdjustment",
        ValueKind::Int, ReadWrite, mid false, ser true;
    "Horizontal field of view in millidegrees."
    HORIZONTAL_FIELD_OF_VIEW: i64 = "HorizontalFieldOfView" / "kVTCompressionPropertyKey_HorizontalFieldOfView",
        ValueKind::Int, ReadWrite, mid false, ser true;
    "Projection of the output."
    PROJECTION_KIND: String = "ProjectionKind" / "kVTCompressionPropertyKey_ProjectionKind",
        ValueKind::Enum(PROJECTION_KINDS), ReadWrite, mid false, ser true;
    "Frame packing of the output."
    VIEW_PACKING_KIND: String = "ViewPackingKind" / "kVTCompressionPropertyKey_ViewPackingKind",
        ValueKind::Enum(VIEW_PACKING_KINDS), ReadWrite, mid false, ser true;
    "Camera calibration lens collection."
    CAMERA_CALIBRATION_DATA_LENS_COLLECTION: Vec<Value> = "CameraCalibrationDataLensCollection" / "kVTCompressionPropertyKey_CameraCalibrationDataLensCollection",
        ValueKind::DictionaryArray, ReadWrite, mid false, ser true;
    // framepress extensions
    "framepress: attach the encoder's reconstructed frame to each output sample (for conformance checks and --recon)."
    EMIT_RECONSTRUCTION: bool = "FramepressEmitReconstruction" / "kFPCompressionPropertyKey_EmitReconstruction",
        ValueKind::Bool, ReadWrite, mid false, ser false;
    "framepress: split every picture into this many slices (rows of macroblocks divided evenly)."
    SLICE_COUNT: i64 = "FramepressSliceCount" / "kFPCompressionPropertyKey_SliceCount",
        ValueKind::Int, ReadWrite, mid false, ser true;
    "framepress: emit samples as Annex-B (start codes, parameter sets before every key frame) instead of length-prefixed NAL units."
    ANNEX_B_OUTPUT: bool = "FramepressAnnexBOutput" / "kFPCompressionPropertyKey_AnnexBOutput",
        ValueKind::Bool, ReadWrite, mid false, ser true;
    "framepress: encode at this fixed QP (codec QP scale), bypassing rate control; key frames use it minus FramepressKeyFrameQPOffset."
    CONSTANT_QP: i64 = "FramepressConstantQP" / "kFPCompressionPropertyKey_ConstantQP",
        ValueKind::Int, ReadWrite, mid true, ser true;
    "framepress: code key frames this many QP steps finer than the frame QP (constant QP or Quality); every later frame predicts from them. Default 3, as x264's ipratio 1.4."
    KEY_FRAME_QP_OFFSET: i64 = "FramepressKeyFrameQPOffset" / "kFPCompressionPropertyKey_KeyFrameQPOffset",
        ValueKind::Int, ReadWrite, mid true, ser true;
    "framepress: start a key frame where inter prediction barely helps (a scene cut); 0 disables, higher values cut more readily (x264's --scenecut scale, default 40). Never exceeds MaxKeyFrameInterval; only adds key frames."
    SCENE_CUT_THRESHOLD: i64 = "FramepressSceneCutThreshold" / "kFPCompressionPropertyKey_SceneCutThreshold",
        ValueKind::Int, ReadWrite, mid true, ser true;
    "framepress: periodic intra refresh (gradual decoder refresh): a column of intra macroblocks sweeps the picture in at most this many frames, with a recovery-point SEI where each sweep starts, instead of periodic key frames; 0 disables. For conferencing and live streams that need entry points without large IDR frames."
    INTRA_REFRESH_PERIOD: i64 = "FramepressIntraRefreshPeriod" / "kFPCompressionPropertyKey_IntraRefreshPeriod",
        ValueKind::Int, ReadWrite, mid false, ser true;
    "framepress: the most consecutive B-frames between reference frames when AllowFrameReordering is true (H.264 Main/High; default 3, as x264). 0 gives an I/P stream; MaxFrameDelayCount caps it, since each B-frame waits for the frame after it."
    B_FRAME_COUNT: i64 = "FramepressBFrameCount" / "kFPCompressionPropertyKey_BFrameCount",
        ValueKind::Int, ReadWrite, mid false, ser true;
    "framepress: with two or more consecutive B-frames, code the middle one of each run as a reference picture the others predict from (B-pyramid, x264's b-pyramid normal; default true). Needs one more reference frame and two frames of reordering."
    B_PYRAMID: bool = "FramepressBPyramid" / "kFPCompressionPropertyKey_BPyramid",
        ValueKind::Bool, ReadWrite, mid false, ser true;
    "framepress: per-macroblock QP from texture (x264's aq-mode): flat macroblocks, where coding noise shows, get a finer QP and busy ones a coarser one, which raises SSIM and VMAF for the same size but lowers PSNR. Off, Variance (offsets around a fixed mid-texture energy) or AutoVariance (around each picture's mean, so offsets average zero). Default: AutoVariance with Quality or ConstantQualityFactor; Off with FramepressConstantQP (the PSNR benchmark mode) and bit-rate targets."
    ADAPTIVE_QUANTIZATION: String = "FramepressAdaptiveQuantization" / "kFPCompressionPropertyKey_AdaptiveQuantization",
        ValueKind::Enum(AQ_MODES), ReadWrite, mid false, ser true;
    "framepress: strength of FramepressAdaptiveQuantization (x264's aq-strength): QP steps per doubling of a macroblock's texture energy, 0–3 (default 1.0; 0 turns it off)."
    AQ_STRENGTH: f64 = "FramepressAQStrength" / "kFPCompressionPropertyKey_AQStrength",
        ValueKind::Float, ReadWrite, mid false, ser true;
    "framepress: how B-frames are placed (x264's b-adapt): Off always puts FramepressBFrameCount B-frames between reference frames (default); Fast decides frame by frame whether the next one is cheaper as a B-frame; Trellis costs every pattern of the frames waiting for reordering and codes the cheapest. Default Off (on our benchmark clips the fixed run of 3 measured as good). Decided on half-resolution copies of the frames already held back for reordering, so it adds no latency."
    B_FRAME_ADAPTIVE: String = "FramepressBFrameAdaptive" / "kFPCompressionPropertyKey_BFrameAdaptive",
        ValueKind::Enum(B_FRAME_PLACEMENTS), ReadWrite, mid false, ser true;
    "framepress: per-macroblock QP from how much later frames predict from each macroblock (x264's mbtree): what the following frames copy gets a finer QP, what they replace a coarser one. Looks FramepressLookaheadFrames ahead on half-resolution copies. Default: on with Quality or ConstantQualityFactor when the lookahead is not 0; off with FramepressConstantQP (the PSNR benchmark mode) and bit-rate targets."
    MB_TREE: bool = "FramepressMBTree" / "kFPCompressionPropertyKey_MBTree",
        ValueKind::Bool, ReadWrite, mid false, ser true;
    "framepress: how many frames the encoder looks ahead for the macroblock tree (x264's rc-lookahead): each one is held before coding, so it adds this many frames of latency and memory. 0–250; default from FramepressSpeed (veryfast 10 … medium 40 … slower 60), 0 when FramepressMBTree is off and with RealTime, low-latency rate control, LTR, intra refresh or temporal layers; never more than MaxFrameDelayCount."
    LOOKAHEAD_FRAMES: i64 = "FramepressLookaheadFrames" / "kFPCompressionPropertyKey_LookaheadFrames",
        ValueKind::Int, ReadWrite, mid false, ser true;
    "framepress: a strict B-pyramid (x264's b-pyramid strict, as Blu-ray asks): reference B-frames are predicted from only by the B-frames of their own run, never by P-frames or later runs. Default false (normal: P-frames may predict from them too)."
    B_PYRAMID_STRICT: bool = "FramepressBPyramidStrict" / "kFPCompressionPropertyKey_BPyramidStrict",
        ValueKind::Bool, ReadWrite, mid false, ser true;
    "framepress: explicit weighted prediction in P pictures (H.264 Main and High; default true there): each reference gets a gain and offset per colour component when that matches the picture better, which makes fades and flashes cheap. false sends none."
    WEIGHTED_PREDICTION: bool = "FramepressWeightedPrediction" / "kFPCompressionPropertyKey_WeightedPrediction",
        ValueKind::Bool, ReadWrite, mid false, ser true;
    "framepress: B pictures weigh bi-prediction by the distance in picture order to each reference (H.264 implicit weighted prediction, x264's --weightb); needs FramepressWeightedPrediction. Default false: measured slightly negative on ordinary content."
    IMPLICIT_B_WEIGHTS: bool = "FramepressImplicitBWeights" / "kFPCompressionPropertyKey_ImplicitBWeights",
        ValueKind::Bool, ReadWrite, mid false, ser true;
    "framepress: the encoder's speed level, as x264 names them (ultrafast … veryslow; default medium): how hard mode decision works (motion search, partitions, RD finalists, RD level choice), and the default ReferenceBufferCount and FramepressBFrameCount (explicit values of those win). Never changes QP or rate control."
    SPEED: String = "FramepressSpeed" / "kFPCompressionPropertyKey_Speed",
        ValueKind::Enum(SPEED_LEVELS), ReadWrite, mid false, ser true;
    "framepress: how B_Skip and B_Direct macroblocks of B pictures derive their motion (H.264 direct_spatial_mv_pred_flag): Spatial (default, as x264) from the neighbouring macroblocks, Temporal by scaling the motion of the co-located block in the next reference picture by picture-order distance."
    DIRECT_PREDICTION: String = "FramepressDirectPrediction" / "kFPCompressionPropertyKey_DirectPrediction",
        ValueKind::Enum(DIRECT_PREDICTIONS), ReadWrite, mid false, ser true;
    "framepress: the quantisation weights of each coefficient position (H.264 High profiles' scaling matrices, x264's --cqm): Flat (default, best for PSNR) or JVT, the standard's default matrices, which quantise high frequencies coarser."
    SCALING_MATRIX: String = "FramepressScalingMatrix" / "kFPCompressionPropertyKey_ScalingMatrix",
        ValueKind::Enum(SCALING_MATRICES), ReadWrite, mid false, ser true;
    "framepress: custom scaling matrices (H.264 High profiles, x264's --cqmfile): 224 weights 1–255, the six 4x4 lists (Intra Y, Cb, Cr, Inter Y, Cb, Cr) then the two 8x8 lists (Intra Y, Inter Y), each in zig-zag scan order; 16 is neutral. Replaces FramepressScalingMatrix."
    SCALING_LISTS: Vec<Value> = "FramepressScalingLists" / "kFPCompressionPropertyKey_ScalingLists",
        ValueKind::NumberArray(Some(224)), ReadWrite, mid false, ser true;
    "framepress: let macroblocks code their luma residual with the 8x8 transform where that costs fewer bits for the quality (H.264 High profiles; default true there). false keeps the 4x4 transform only."
    TRANSFORM_8X8: bool = "FramepressTransform8x8" / "kFPCompressionPropertyKey_Transform8x8",
        ValueKind::Bool, ReadWrite, mid false, ser true;
}
