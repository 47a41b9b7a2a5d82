//! The presets this encoder offers in `SupportedPresetDictionaries`.
//!
//! Today the one speed/quality knob the encoder has is the number of reference frames P
//! macroblocks search (`ReferenceBufferCount`): each one adds a motion search. Measured on
//! carphone (176x144, 120 frames, QP 27, release build, one core): 1 reference 80.7 fps and
//! 63.2 kB, 3 references 64.3 fps and 58.2 kB (−8 %, +0.28 dB Y), 5 references 53.2 fps and
//! 56.5 kB (−3 % more, +0.08 dB). The presets pick those points; none of them touches rate or
//! quality (QP, `Quality`, bit rate), which stay the caller's. When the encoder gains more
//! knobs (sub-pel depth, RDO, B-frames: issues 8–10) they join these dictionaries.
//! `VideoConferencing` is not offered until low-latency rate control exists (issue 7), because
//! VideoToolbox defines it as requiring `EnableLowLatencyRateControl`.

use framepress_core::property::{keys, presets};
use framepress_core::{Dictionary, Value};

/// References searched by the `HighSpeed` preset.
pub const HIGH_SPEED_REFERENCES: i64 = 1;
/// References searched by the `Balanced` preset (the encoder's default).
pub const BALANCED_REFERENCES: i64 = crate::descriptor::DEFAULT_REFERENCES as i64;
/// References searched by the `HighQuality` preset.
pub const HIGH_QUALITY_REFERENCES: i64 = 5;

// The names promise an order; the build fails if the numbers stop keeping it.
const _: () = assert!(
    HIGH_SPEED_REFERENCES < BALANCED_REFERENCES && BALANCED_REFERENCES < HIGH_QUALITY_REFERENCES
);

fn settings(references: i64) -> Value {
    Value::Dictionary(Dictionary::new().with(keys::REFERENCE_BUFFER_COUNT.name(), references))
}

/// Preset name → settings dictionary.
pub fn preset_dictionaries() -> Dictionary {
    Dictionary::new()
        .with(presets::HIGH_QUALITY, settings(HIGH_QUALITY_REFERENCES))
        .with(presets::BALANCED, settings(BALANCED_REFERENCES))
        .with(presets::HIGH_SPEED, settings(HIGH_SPEED_REFERENCES))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::descriptor::supported_properties;

    #[test]
    fn every_preset_value_is_accepted_by_the_encoders_own_checks() {
        let supports = supported_properties(1920, 1080);
        let dicts = preset_dictionaries();
        assert_eq!(dicts.len(), 3);
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
}
