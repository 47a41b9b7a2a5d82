//! The presets this encoder offers in `SupportedPresetDictionaries`: the speed levels of
//! [`crate::speed`] under their x264 names (`ultrafast` … `veryslow`), and VideoToolbox's
//! general presets mapped onto them — `HighSpeed` = `veryfast`, `Balanced` = `medium` (the
//! default), `HighQuality` = `slow`.
//!
//! Each preset sets only `FramepressSpeed`: the level then supplies the defaults of
//! `ReferenceBufferCount` and `FramepressBFrameCount`, so values a caller set explicitly
//! still win. No preset touches rate or quality (QP, `Quality`, bit rate), which stay the
//! caller's. `VideoConferencing` is not offered: VideoToolbox defines it as needing the
//! low-latency encoder specification, which is fixed when the session is created (the CLI's
//! use-case presets can do that; a preset dictionary cannot).

use framepress_core::property::{keys, presets};
use framepress_core::{Dictionary, Value};

use crate::speed::{SPEED_TABLE, SpeedLevel};

/// The speed level behind each VideoToolbox preset this encoder offers.
pub const VT_PRESET_LEVELS: [(&str, SpeedLevel); 3] = [
    (presets::HIGH_QUALITY, SpeedLevel::Slow),
    (presets::BALANCED, SpeedLevel::Medium),
    (presets::HIGH_SPEED, SpeedLevel::Veryfast),
];

fn settings(level: SpeedLevel) -> Value {
    Value::Dictionary(Dictionary::new().with(keys::SPEED.name(), level.name().to_owned()))
}

/// Preset name → settings dictionary.
pub fn preset_dictionaries() -> Dictionary {
    let mut d = Dictionary::new();
    for (name, level) in VT_PRESET_LEVELS {
        d = d.with(name, settings(level));
    }
    for row in &SPEED_TABLE {
        d = d.with(row.name, settings(row.level));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::descriptor::supported_properties;

    #[test]
    fn every_preset_value_is_accepted_by_the_encoders_own_checks() {
        let supports = supported_properties(1920, 1080);
        let dicts = preset_dictionaries();
        assert_eq!(dicts.len(), 3 + SPEED_TABLE.len());
        for (name, v) in dicts.iter() {
            let d = v.as_dictionary().expect("a dictionary per preset");
            for (key, value) in d.iter() {
                let s = supports
                    .iter()
                    .find(|s| s.def.name == key)
                    .unwrap_or_else(|| panic!("{name}: {key} is not supported"));
                s.check_value(value).expect("value in range");
                assert!(!s.is_read_only(), "{name}: {key} is read-only");
            }
        }
    }

    #[test]
    fn vt_presets_keep_their_order() {
        let [(_, q), (_, b), (_, s)] = VT_PRESET_LEVELS;
        assert!(s < b && b < q, "HighSpeed < Balanced < HighQuality");
        assert_eq!(b, SpeedLevel::default());
    }
}
