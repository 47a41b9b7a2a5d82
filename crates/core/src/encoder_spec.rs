//! The encoder specification (`kVTVideoEncoderSpecification_*`): which encoder to create.

use crate::error::{Error, Result};
use crate::value::Dictionary;

/// Encoder-specification key names.
pub mod encoder_spec_keys {
    /// `kVTVideoEncoderSpecification_EncoderID`.
    pub const ENCODER_ID: &str = "EncoderID";
    /// `kVTVideoEncoderSpecification_EnableHardwareAcceleratedVideoEncoder`.
    pub const ENABLE_HARDWARE_ACCELERATED_VIDEO_ENCODER: &str =
        "EnableHardwareAcceleratedVideoEncoder";
    /// `kVTVideoEncoderSpecification_RequireHardwareAcceleratedVideoEncoder`.
    pub const REQUIRE_HARDWARE_ACCELERATED_VIDEO_ENCODER: &str =
        "RequireHardwareAcceleratedVideoEncoder";
    /// `kVTVideoEncoderSpecification_RequiredEncoderGPURegistryID`.
    pub const REQUIRED_ENCODER_GPU_REGISTRY_ID: &str = "RequiredEncoderGPURegistryID";
    /// `kVTVideoEncoderSpecification_PreferredEncoderGPURegistryID`.
    pub const PREFERRED_ENCODER_GPU_REGISTRY_ID: &str = "PreferredEncoderGPURegistryID";
    /// `kVTVideoEncoderSpecification_EnableLowLatencyRateControl`.
    pub const ENABLE_LOW_LATENCY_RATE_CONTROL: &str = "EnableLowLatencyRateControl";
}

/// A parsed encoder specification.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EncoderSpecification {
    /// Pick exactly this encoder.
    pub encoder_id: Option<String>,
    /// Whether hardware encoders may be used (framepress has none; accepted either way).
    pub enable_hardware_accelerated_video_encoder: Option<bool>,
    /// Require a hardware encoder: creation fails, since framepress encoders are software.
    pub require_hardware_accelerated_video_encoder: bool,
    /// Require an encoder on this GPU: creation fails (no GPU encoders).
    pub required_encoder_gpu_registry_id: Option<i64>,
    /// Prefer an encoder on this GPU: falls back to software, as VT does.
    pub preferred_encoder_gpu_registry_id: Option<i64>,
    /// Select an encoder with low-latency rate control and enable it.
    pub enable_low_latency_rate_control: bool,
}

impl EncoderSpecification {
    /// Parses the dictionary form; unknown keys and wrong types are parameter errors.
    /// Accepts the short strings and `kVTVideoEncoderSpecification_*` constant names.
    pub fn from_dictionary(d: &Dictionary) -> Result<EncoderSpecification> {
        use encoder_spec_keys as k;
        let mut s = EncoderSpecification::default();
        for (key, v) in d.iter() {
            let short = key
                .strip_prefix("kVTVideoEncoderSpecification_")
                .unwrap_or(key);
            let wrong = |what: &str| {
                Error::parameter(format!(
                    "encoder specification {key} expects {what}, got {v}"
                ))
            };
            match short {
                k::ENCODER_ID => {
                    s.encoder_id = Some(v.as_str().ok_or_else(|| wrong("a string"))?.to_owned())
                }
                k::ENABLE_HARDWARE_ACCELERATED_VIDEO_ENCODER => {
                    s.enable_hardware_accelerated_video_encoder =
                        Some(v.as_bool().ok_or_else(|| wrong("a boolean"))?)
                }
                k::REQUIRE_HARDWARE_ACCELERATED_VIDEO_ENCODER => {
                    s.require_hardware_accelerated_video_encoder =
                        v.as_bool().ok_or_else(|| wrong("a boolean"))?
                }
                k::REQUIRED_ENCODER_GPU_REGISTRY_ID => {
                    s.required_encoder_gpu_registry_id =
                        Some(v.as_i64().ok_or_else(|| wrong("a number"))?)
                }
                k::PREFERRED_ENCODER_GPU_REGISTRY_ID => {
                    s.preferred_encoder_gpu_registry_id =
                        Some(v.as_i64().ok_or_else(|| wrong("a number"))?)
                }
                k::ENABLE_LOW_LATENCY_RATE_CONTROL => {
                    s.enable_low_latency_rate_control =
                        v.as_bool().ok_or_else(|| wrong("a boolean"))?
                }
                _ => {
                    return Err(Error::parameter(format!(
                        "unknown encoder specification key {key:?}"
                    )));
                }
            }
        }
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_known_keys_and_rejects_others() {
        let d = Dictionary::new()
            .with("EncoderID", "com.framepress.jpeg")
            .with(
                "kVTVideoEncoderSpecification_EnableLowLatencyRateControl",
                true,
            );
        let s = EncoderSpecification::from_dictionary(&d).unwrap();
        assert_eq!(s.encoder_id.as_deref(), Some("com.framepress.jpeg"));
        assert!(s.enable_low_latency_rate_control);
        assert!(
            EncoderSpecification::from_dictionary(&Dictionary::new().with("Bogus", 1)).is_err()
        );
        assert!(
            EncoderSpecification::from_dictionary(&Dictionary::new().with("EncoderID", 1)).is_err()
        );
    }
}
