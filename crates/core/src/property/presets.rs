//! Preset names: the keys of `SupportedPresetDictionaries` (`kVTCompressionPreset_*`).
//!
//! A preset is a dictionary of property values an encoder suggests for a use; apply one with
//! `set_properties` and override single keys afterwards. Which presets an encoder offers, and
//! what they contain, is the encoder's choice (Apple does not publish theirs).

/// Best quality of the three general presets, slowest (`kVTCompressionPreset_HighQuality`).
pub const HIGH_QUALITY: &str = "HighQuality";
/// Between [`HIGH_QUALITY`] and [`HIGH_SPEED`] (`kVTCompressionPreset_Balanced`).
pub const BALANCED: &str = "Balanced";
/// Fastest, lowest quality (`kVTCompressionPreset_HighSpeed`).
pub const HIGH_SPEED: &str = "HighSpeed";
/// Real-time communication; needs the low-latency encoder specification
/// (`kVTCompressionPreset_VideoConferencing`).
pub const VIDEO_CONFERENCING: &str = "VideoConferencing";
/// Even quality across frames with relaxed rate control
/// (`kVTCompressionPreset_ConsistentQuality`).
pub const CONSISTENT_QUALITY: &str = "ConsistentQuality";

/// Every preset name VideoToolbox defines, in the order the CLI lists them.
pub const ALL: &[&str] = &[
    HIGH_QUALITY,
    BALANCED,
    HIGH_SPEED,
    VIDEO_CONFERENCING,
    CONSISTENT_QUALITY,
];

/// Accepts Apple's constant name too (`kVTCompressionPreset_Balanced` → `Balanced`).
pub fn canonical(name: &str) -> &str {
    name.strip_prefix("kVTCompressionPreset_").unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_names_map_to_the_short_names() {
        assert_eq!(canonical("kVTCompressionPreset_HighSpeed"), HIGH_SPEED);
        assert_eq!(canonical("Balanced"), BALANCED);
        assert_eq!(ALL.len(), 5);
    }
}
