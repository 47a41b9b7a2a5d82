//! Levels (ITU-T H.264 Annex A, Table A-1): the limits a decoder promises to handle, and the
//! choice of the lowest level a stream fits.

/// One row of Table A-1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LevelLimits {
    /// `level_idc` (10 × level; level 1b is signalled as 11 with constraint_set3_flag in
    /// Baseline, and is not offered here).
    pub level_idc: u8,
    /// Max macroblock processing rate (MB/s).
    pub max_mbps: u64,
    /// Max frame size (MBs).
    pub max_fs: u64,
    /// Max decoded picture buffer size (MBs).
    pub max_dpb_mbs: u64,
    /// Max video bit rate for Baseline/Main (1000 bits/s).
    pub max_br: u64,
}

const fn l(
    level_idc: u8,
    max_mbps: u64,
    max_fs: u64,
    max_dpb_mbs: u64,
    max_br: u64,
) -> LevelLimits {
    LevelLimits {
        level_idc,
        max_mbps,
        max_fs,
        max_dpb_mbs,
        max_br,
    }
}

/// Table A-1 (without level 1b).
pub const LEVELS: &[LevelLimits] = &[
    l(10, 1_485, 99, 396, 64),
    l(11, 3_000, 396, 900, 192),
    l(12, 6_000, 396, 2_376, 384),
    l(13, 11_880, 396, 2_376, 768),
    l(20, 11_880, 396, 2_376, 2_000),
    l(21, 19_800, 792, 4_752, 4_000),
    l(22, 20_250, 1_620, 8_100, 4_000),
    l(30, 40_500, 1_620, 8_100, 10_000),
    l(31, 108_000, 3_600, 18_000, 14_000),
    l(32, 216_000, 5_120, 20_480, 20_000),
    l(40, 245_760, 8_192, 32_768, 20_000),
    l(41, 245_760, 8_192, 32_768, 50_000),
    l(42, 522_240, 8_704, 34_816, 50_000),
    l(50, 589_824, 22_080, 110_400, 135_000),
    l(51, 983_040, 36_864, 184_320, 240_000),
    l(52, 2_073_600, 36_864, 184_320, 240_000),
    l(60, 4_177_920, 139_264, 696_320, 240_000),
    l(61, 8_355_840, 139_264, 696_320, 480_000),
    l(62, 16_711_680, 139_264, 696_320, 800_000),
];

/// What a stream needs from a level.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StreamDemands {
    /// Width in macroblocks.
    pub mb_width: u64,
    /// Height in macroblocks.
    pub mb_height: u64,
    /// Frames per second (0 = unknown: the rate limit is not checked).
    pub frame_rate: f64,
    /// Bits per second (0 = unknown / constant QP: not checked).
    pub bit_rate: u64,
    /// Reference frames kept.
    pub ref_frames: u64,
}

impl LevelLimits {
    /// The row for `level_idc`.
    pub fn for_idc(level_idc: u8) -> Option<LevelLimits> {
        LEVELS.iter().copied().find(|l| l.level_idc == level_idc)
    }

    /// Why a stream does not fit this level, or `None` if it does.
    pub fn violation(&self, d: &StreamDemands) -> Option<String> {
        let fs = d.mb_width * d.mb_height;
        if fs > self.max_fs {
            return Some(format!(
                "{fs} macroblocks per frame exceed MaxFS {}",
                self.max_fs
            ));
        }
        // A.3.1 (f)/(g): neither dimension may exceed sqrt(8 × MaxFS) macroblocks.
        let max_dim = ((8 * self.max_fs) as f64).sqrt() as u64;
        if d.mb_width > max_dim || d.mb_height > max_dim {
            return Some(format!(
                "{}x{} macroblocks exceed the level's maximum dimension of {max_dim}",
                d.mb_width, d.mb_height
            ));
        }
        if d.frame_rate > 0.0 && fs as f64 * d.frame_rate > self.max_mbps as f64 {
            return Some(format!(
                "{:.0} macroblocks per second exceed MaxMBPS {}",
                fs as f64 * d.frame_rate,
                self.max_mbps
            ));
        }
        if d.bit_rate > 0 && d.bit_rate > self.max_br * 1000 {
            return Some(format!(
                "{} bit/s exceed MaxBR {} kbit/s",
                d.bit_rate, self.max_br
            ));
        }
        if d.ref_frames * fs > self.max_dpb_mbs {
            return Some(format!(
                "{} reference frames of {fs} macroblocks exceed MaxDpbMbs {}",
                d.ref_frames, self.max_dpb_mbs
            ));
        }
        None
    }
}

/// The lowest level the stream fits, if any.
pub fn lowest_level(d: &StreamDemands) -> Option<LevelLimits> {
    LEVELS.iter().copied().find(|l| l.violation(d).is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demands(w: u64, h: u64, fps: f64) -> StreamDemands {
        StreamDemands {
            mb_width: w.div_ceil(16),
            mb_height: h.div_ceil(16),
            frame_rate: fps,
            bit_rate: 0,
            ref_frames: 1,
        }
    }

    #[test]
    fn well_known_sizes() {
        assert_eq!(
            lowest_level(&demands(176, 144, 15.0)).unwrap().level_idc,
            10
        );
        assert_eq!(
            lowest_level(&demands(176, 144, 30.0)).unwrap().level_idc,
            11
        );
        assert_eq!(
            lowest_level(&demands(1280, 720, 30.0)).unwrap().level_idc,
            31
        );
        assert_eq!(
            lowest_level(&demands(1920, 1080, 30.0)).unwrap().level_idc,
            40
        );
        assert_eq!(
            lowest_level(&demands(1920, 1080, 60.0)).unwrap().level_idc,
            42
        );
        assert_eq!(
            lowest_level(&demands(3840, 2160, 30.0)).unwrap().level_idc,
            51
        );
        assert!(lowest_level(&demands(16384, 16384, 30.0)).is_none());
    }

    #[test]
    fn violations_name_the_limit() {
        let l30 = LevelLimits::for_idc(30).unwrap();
        assert!(
            l30.violation(&demands(1920, 1080, 30.0))
                .unwrap()
                .contains("MaxFS")
        );
        // 4000x16 px: 250 MBs wide exceeds sqrt(8*1620)=113.
        assert!(
            l30.violation(&demands(4000, 16, 1.0))
                .unwrap()
                .contains("dimension")
        );
    }
}
