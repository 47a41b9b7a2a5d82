//! Speed levels: the encoder's speed/compression trade-off as one table of analysis tools,
//! named as x264 users know them (`FramepressSpeed`, `framepress encode --preset NAME`).
//!
//! Every level is a row of [`SPEED_TABLE`]; nothing else in the encoder tests the level by
//! name. A level chooses how hard mode decision works (motion search, partitions, RD
//! finalists, RD level choice) and the defaults of two stream properties
//! (`ReferenceBufferCount`, `FramepressBFrameCount`) — a caller's explicit value of those
//! wins. No level changes QP, rate control or the bitstream's conformance: every level's
//! output is decoded bit-exactly like any other.
//!
//! `medium` is the default: every tool. The faster levels drop tools in the order their
//! measured cost per BD-rate point says (`bench/quick/speed_table.py`, docs/BENCHMARKS.md);
//! the slower ones add references and sub-sample rounds.

/// The speed levels, fastest first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum SpeedLevel {
    /// Fastest: 16x16 motion to half samples, the analysis estimate decides, no B-frames.
    Ultrafast,
    /// 16x16 motion, one finalist, plain quantisation.
    Superfast,
    /// Adds the wide integer search, small intra blocks and RD level choice.
    Veryfast,
    /// Adds P partitions and a second reference.
    Faster,
    /// Adds a second finalist and the RD vector refinement.
    Fast,
    /// Every tool (the default).
    #[default]
    Medium,
    /// Medium with B partitions, 5 references and more sub-sample refinement.
    Slow,
    /// Slow with 8 references.
    Slower,
    /// Slower with 16 references.
    Veryslow,
}

/// Analysis tools of one speed level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AnalysisTools {
    /// Rounds of each sub-sample refinement step (3x3 around the best, stopping early when
    /// the centre stays best).
    pub subpel_rounds: u8,
    /// Quarter-sample refinement after the half-sample one (false: half samples only).
    pub quarter_pel: bool,
    /// Cross and hexagon integer search for 16x16 blocks (false: the small diamond only).
    pub wide_search: bool,
    /// P macroblocks search 16x8, 8x16 and 8x8 partitions.
    pub p_partitions: bool,
    /// B macroblocks search 16x8 and 8x16 partitions.
    pub b_partitions: bool,
    /// Mode decision in P and B pictures codes its finalists for real and keeps the lowest
    /// SSD + λ·bits; false: the analysis estimate (SATD + λ·bits) picks one inter plan or
    /// Intra_16x16, which alone is coded (with the 4x4 transform).
    pub rd_decision: bool,
    /// Inter plans coded for real in the RD decision (the cheapest by SATD).
    pub inter_finalists: u8,
    /// Intra_4x4 and Intra_8x8 are RD finalists in P and B pictures (I pictures always
    /// try them)...
    pub small_intra_in_inter: bool,
    /// ... when the Intra_16x16 SATD estimate is below the cheapest inter plan's cost times
    /// this many quarters (Intra_16x16 itself is tried up to 8 times the inter cost).
    /// Measured against 32 (8×): 12 loses nothing on carphone and bikes for 9–22 % less
    /// time at medium; at veryfast 8 costs 0.1–0.3 % BD-rate for 24–55 % less time, 6
    /// costs 0.3–1.0 %, 4 costs 1–5 %.
    pub small_intra_gate_quarters: u32,
    /// Every inter finalist is also tried with the 8x8 transform (false: the first only).
    pub transform_8x8_every_finalist: bool,
    /// The winning 16x16 vector is RD-refined over its quarter-sample neighbours.
    pub rd_refine: bool,
    /// Inter residual levels are chosen by rate–distortion (each moved towards zero while
    /// SSD + λ·bits falls) instead of the plain dead zone (intra blocks always are: their
    /// mode decision codes each block with its levels).
    pub rd_levels: bool,
}

/// A speed level's row: its name, its tools and its stream defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpeedRow {
    /// The level.
    pub level: SpeedLevel,
    /// Its name (`FramepressSpeed`, `--preset`).
    pub name: &'static str,
    /// Analysis tools.
    pub tools: AnalysisTools,
    /// Default `ReferenceBufferCount`.
    pub references: u32,
    /// Default `FramepressBFrameCount` (Main and High profiles).
    pub b_frames: u32,
    /// Default `FramepressLookaheadFrames` (x264's rc-lookahead at the same preset): how
    /// far the macroblock tree looks ahead.
    pub lookahead: u32,
}

const MEDIUM: AnalysisTools = AnalysisTools {
    subpel_rounds: 3,
    quarter_pel: true,
    wide_search: true,
    p_partitions: true,
    b_partitions: false,
    rd_decision: true,
    inter_finalists: 2,
    small_intra_in_inter: true,
    small_intra_gate_quarters: 12,
    transform_8x8_every_finalist: true,
    rd_refine: true,
    rd_levels: true,
};

const FAST: AnalysisTools = AnalysisTools {
    b_partitions: false,
    subpel_rounds: 2,
    small_intra_gate_quarters: 8,
    transform_8x8_every_finalist: false,
    ..MEDIUM
};

const FASTER: AnalysisTools = AnalysisTools {
    inter_finalists: 1,
    rd_refine: false,
    ..FAST
};

const VERYFAST: AnalysisTools = AnalysisTools {
    subpel_rounds: 1,
    small_intra_gate_quarters: 6,
    p_partitions: false,
    ..FASTER
};

const SUPERFAST: AnalysisTools = AnalysisTools {
    wide_search: false,
    small_intra_in_inter: false,
    rd_levels: false,
    ..VERYFAST
};

// Measured without the RD decision: superfast on bikes 31 % faster but +8 % BD-rate (worse
// than x264 superfast), so only ultrafast drops it.
const ULTRAFAST: AnalysisTools = AnalysisTools {
    rd_decision: false,
    quarter_pel: false,
    ..SUPERFAST
};

// B partitions gain carphone -1.1 %, bikes -2.2 % BD-rate, but with them the one-pass
// AverageBitRate controller undershoots a high-rate target by 3.5 % (the h264_rate test's
// 1 Mbit/s case): they stay at slow and above until its B-frame size model follows them.
const SLOW: AnalysisTools = AnalysisTools {
    b_partitions: true,
    subpel_rounds: 4,
    small_intra_gate_quarters: 16,
    ..MEDIUM
};

/// The speed levels, fastest first.
pub const SPEED_TABLE: [SpeedRow; 9] = [
    row(SpeedLevel::Ultrafast, "ultrafast", ULTRAFAST, 1, 0, 0),
    row(SpeedLevel::Superfast, "superfast", SUPERFAST, 1, 3, 0),
    row(SpeedLevel::Veryfast, "veryfast", VERYFAST, 1, 3, 10),
    row(SpeedLevel::Faster, "faster", FASTER, 2, 3, 20),
    row(SpeedLevel::Fast, "fast", FAST, 2, 3, 30),
    row(SpeedLevel::Medium, "medium", MEDIUM, 3, 3, 40),
    row(SpeedLevel::Slow, "slow", SLOW, 5, 3, 50),
    row(SpeedLevel::Slower, "slower", SLOW, 8, 3, 60),
    row(SpeedLevel::Veryslow, "veryslow", SLOW, 16, 3, 60),
];

const fn row(
    level: SpeedLevel,
    name: &'static str,
    tools: AnalysisTools,
    references: u32,
    b_frames: u32,
    lookahead: u32,
) -> SpeedRow {
    SpeedRow {
        level,
        name,
        tools,
        references,
        b_frames,
        lookahead,
    }
}

/// The level names, fastest first (the `FramepressSpeed` values, as the property key
/// declares them).
pub const SPEED_NAMES: &[&str] = framepress_core::property::keys::SPEED_LEVELS;

/// The speed-steering keys of VideoToolbox, when `FramepressSpeed` is not set: each caps
/// the default level (medium), the fastest cap wins.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SpeedSteering {
    /// `RealTime`: keep up with the wall clock — at most `faster`.
    pub real_time: bool,
    /// `PrioritizeEncodingSpeedOverQuality` — at most `veryfast`.
    pub prioritize_speed: bool,
    /// `MaximizePowerEfficiency` — at most `veryfast`; ignored with `RealTime`, as
    /// VideoToolbox documents.
    pub maximize_power_efficiency: bool,
}

impl SpeedSteering {
    /// The level these keys give in place of `base`.
    pub fn level(self, base: SpeedLevel) -> SpeedLevel {
        let mut level = base;
        if self.real_time {
            level = level.min(SpeedLevel::Faster);
        }
        if self.prioritize_speed || (self.maximize_power_efficiency && !self.real_time) {
            level = level.min(SpeedLevel::Veryfast);
        }
        level
    }
}

impl SpeedLevel {
    /// The level called `name` (`None` for other names).
    pub fn from_name(name: &str) -> Option<SpeedLevel> {
        SPEED_TABLE.iter().find(|r| r.name == name).map(|r| r.level)
    }

    /// The level's row of [`SPEED_TABLE`].
    pub fn row(self) -> &'static SpeedRow {
        &SPEED_TABLE[self as usize]
    }

    /// The level's name.
    pub fn name(self) -> &'static str {
        self.row().name
    }
}

impl Default for AnalysisTools {
    fn default() -> AnalysisTools {
        SpeedLevel::default().row().tools
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_level_order_and_names_match() {
        for (i, r) in SPEED_TABLE.iter().enumerate() {
            assert_eq!(r.level as usize, i);
            assert_eq!(r.name, SPEED_NAMES[i]);
            assert_eq!(SPEED_NAMES.len(), SPEED_TABLE.len());
            assert_eq!(SpeedLevel::from_name(r.name), Some(r.level));
            assert!(r.tools.subpel_rounds >= 1 && r.tools.inter_finalists >= 1);
        }
        assert_eq!(SpeedLevel::from_name("placebo"), None);
        assert_eq!(SpeedLevel::default().name(), "medium");
    }

    #[test]
    fn slower_levels_never_drop_a_tool_or_a_reference() {
        for w in SPEED_TABLE.windows(2) {
            let (a, b) = (&w[0].tools, &w[1].tools);
            let flags = |t: &AnalysisTools| {
                [
                    t.quarter_pel,
                    t.rd_decision,
                    t.wide_search,
                    t.p_partitions,
                    t.b_partitions,
                    t.small_intra_in_inter,
                    t.transform_8x8_every_finalist,
                    t.rd_refine,
                    t.rd_levels,
                ]
            };
            for (fa, fb) in flags(a).into_iter().zip(flags(b)) {
                assert!(!fa || fb, "{} drops a tool of {}", w[1].name, w[0].name);
            }
            assert!(b.subpel_rounds >= a.subpel_rounds);
            assert!(b.small_intra_gate_quarters >= a.small_intra_gate_quarters);
            assert!(b.inter_finalists >= a.inter_finalists);
            assert!(w[1].references >= w[0].references);
        }
    }

    #[test]
    fn steering_keys_cap_the_default_level() {
        let base = SpeedLevel::default();
        let steer = |real_time, prioritize_speed, maximize_power_efficiency| {
            SpeedSteering {
                real_time,
                prioritize_speed,
                maximize_power_efficiency,
            }
            .level(base)
        };
        assert_eq!(steer(false, false, false), base);
        assert_eq!(steer(true, false, false), SpeedLevel::Faster);
        assert_eq!(steer(false, true, false), SpeedLevel::Veryfast);
        assert_eq!(steer(false, false, true), SpeedLevel::Veryfast);
        // Power efficiency is ignored in real time; priority to speed is not.
        assert_eq!(steer(true, false, true), SpeedLevel::Faster);
        assert_eq!(steer(true, true, false), SpeedLevel::Veryfast);
        // A cap never slows a faster level down.
        let fast = SpeedSteering {
            real_time: true,
            ..SpeedSteering::default()
        };
        assert_eq!(fast.level(SpeedLevel::Ultrafast), SpeedLevel::Ultrafast);
    }
}
