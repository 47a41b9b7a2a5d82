//! `kVTProfileLevel_*` values: the strings `ProfileLevel` accepts.
//!
//! The string is the constant's name without `kVTProfileLevel_` (confirmed by FFmpeg and
//! HandBrake literals and by measurement for newer constants).

/// H.264 Baseline, encoder-chosen level.
pub const H264_BASELINE_AUTO_LEVEL: &str = "H264_Baseline_AutoLevel";
/// H.264 Constrained Baseline, encoder-chosen level (the RTC interop profile).
pub const H264_CONSTRAINED_BASELINE_AUTO_LEVEL: &str = "H264_ConstrainedBaseline_AutoLevel";
/// H.264 Main, encoder-chosen level.
pub const H264_MAIN_AUTO_LEVEL: &str = "H264_Main_AutoLevel";
/// H.264 High, encoder-chosen level.
pub const H264_HIGH_AUTO_LEVEL: &str = "H264_High_AutoLevel";
/// H.264 Constrained High (High without B-frames), encoder-chosen level.
pub const H264_CONSTRAINED_HIGH_AUTO_LEVEL: &str = "H264_ConstrainedHigh_AutoLevel";
/// HEVC Main, encoder-chosen level.
pub const HEVC_MAIN_AUTO_LEVEL: &str = "HEVC_Main_AutoLevel";
/// HEVC Main 10, encoder-chosen level.
pub const HEVC_MAIN10_AUTO_LEVEL: &str = "HEVC_Main10_AutoLevel";

/// Every published profile/level string (H.264, HEVC, MPEG-4 Part 2, H.263).
pub const ALL: &[&str] = &[
    "H264_Baseline_1_3",
    "H264_Baseline_3_0",
    "H264_Baseline_3_1",
    "H264_Baseline_3_2",
    "H264_Baseline_4_0",
    "H264_Baseline_4_1",
    "H264_Baseline_4_2",
    "H264_Baseline_5_0",
    "H264_Baseline_5_1",
    "H264_Baseline_5_2",
    H264_BASELINE_AUTO_LEVEL,
    H264_CONSTRAINED_BASELINE_AUTO_LEVEL,
    "H264_Main_3_0",
    "H264_Main_3_1",
    "H264_Main_3_2",
    "H264_Main_4_0",
    "H264_Main_4_1",
    "H264_Main_4_2",
    "H264_Main_5_0",
    "H264_Main_5_1",
    "H264_Main_5_2",
    H264_MAIN_AUTO_LEVEL,
    "H264_Extended_5_0",
    "H264_Extended_AutoLevel",
    "H264_High_3_0",
    "H264_High_3_1",
    "H264_High_3_2",
    "H264_High_4_0",
    "H264_High_4_1",
    "H264_High_4_2",
    "H264_High_5_0",
    "H264_High_5_1",
    "H264_High_5_2",
    H264_HIGH_AUTO_LEVEL,
    H264_CONSTRAINED_HIGH_AUTO_LEVEL,
    HEVC_MAIN_AUTO_LEVEL,
    HEVC_MAIN10_AUTO_LEVEL,
    "HEVC_Main42210_AutoLevel",
    "HEVC_Monochrome_AutoLevel",
    "HEVC_Monochrome10_AutoLevel",
    "MP4V_Simple_L0",
    "MP4V_Simple_L1",
    "MP4V_Simple_L2",
    "MP4V_Simple_L3",
    "MP4V_Main_L2",
    "MP4V_Main_L3",
    "MP4V_Main_L4",
    "MP4V_AdvancedSimple_L0",
    "MP4V_AdvancedSimple_L1",
    "MP4V_AdvancedSimple_L2",
    "MP4V_AdvancedSimple_L3",
    "MP4V_AdvancedSimple_L4",
    "H263_Profile0_Level10",
    "H263_Profile0_Level45",
    "H263_Profile3_Level45",
];
