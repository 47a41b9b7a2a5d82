//! The three use cases VideoToolbox documents, as `--preset conferencing|live|offline`:
//! bundles of a speed level (one of the encoder's presets) and the session settings the
//! use case needs.
//!
//! Why in the CLI and not in the encoder's `SupportedPresetDictionaries`: conferencing
//! needs the low-latency encoder specification, which is fixed when the session is
//! created; a preset dictionary is applied to a session that already exists. The CLI
//! creates the session, so it can do both.

/// One use case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UseCase {
    /// Its `--preset` name.
    pub name: &'static str,
    /// What it is for (`framepress presets`).
    pub summary: &'static str,
    /// Create the session with `EnableLowLatencyRateControl`.
    pub low_latency: bool,
    /// The encoder preset (speed level) applied first.
    pub speed: &'static str,
    /// Session properties set after the preset.
    pub properties: &'static [(&'static str, bool)],
    /// `FramepressLookaheadFrames` set after them when the macroblock tree runs (a quality
    /// target: the default, `--quality`, `--quality-factor`); `None` keeps what the speed
    /// level and `RealTime` give. Only the tree looks further ahead than the B-frames, so
    /// with a bit rate or `--qp` nothing more is held.
    pub tree_lookahead: Option<u32>,
}

/// Every use case, in the order `framepress presets` lists them.
pub const USE_CASES: [UseCase; 3] = [
    UseCase {
        name: "conferencing",
        summary: "low-latency video calls: no reordering, no lookahead, frames sized from a short buffer",
        low_latency: true,
        speed: "veryfast",
        properties: &[("AllowFrameReordering", false), ("RealTime", true)],
        tree_lookahead: None,
    },
    UseCase {
        name: "live",
        summary: "live streaming: real time, B-frames allowed, a 10-frame lookahead for the macroblock tree with a quality target",
        low_latency: false,
        speed: "faster",
        properties: &[("AllowFrameReordering", true), ("RealTime", true)],
        // RealTime alone holds nothing beyond the B-frames; 10 frames (0.4 s at 25 fps) is
        // x264's veryfast rc-lookahead, short enough for live delays.
        tree_lookahead: Some(10),
    },
    UseCase {
        name: "offline",
        summary: "transcoding files: the best compression per CPU second",
        low_latency: false,
        speed: "slow",
        properties: &[("AllowFrameReordering", true), ("RealTime", false)],
        tree_lookahead: None,
    },
];

/// The use case called `name`, if it is one.
pub fn find(name: &str) -> Option<&'static UseCase> {
    USE_CASES.iter().find(|u| u.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_only_conferencing_is_low_latency() {
        for (i, u) in USE_CASES.iter().enumerate() {
            assert_eq!(find(u.name), Some(u));
            assert!(USE_CASES[..i].iter().all(|o| o.name != u.name));
            assert_eq!(u.low_latency, u.name == "conferencing");
        }
        assert_eq!(find("Balanced"), None);
        // Only live adds a lookahead to its speed level's (conferencing has none at all).
        assert_eq!(find("live").unwrap().tree_lookahead, Some(10));
        assert_eq!(find("conferencing").unwrap().tree_lookahead, None);
    }
}
