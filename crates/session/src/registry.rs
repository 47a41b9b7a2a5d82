//! The encoder registry: which encoders exist (`VTCopyVideoEncoderList`) and which one a
//! session gets for a codec type and encoder specification.
//!
//! Codec crates do not know the session; they export an [`EncoderDescriptor`]. The built-in
//! registry lists the codecs enabled as cargo features, and applications can build their own
//! registry to add or replace encoders.

use framepress_core::encoder_spec::EncoderSpecification;
use framepress_core::property::PropertySupport;
use framepress_core::{CodecType, Dictionary, EncoderDescriptor, Error, ErrorKind, Result, Value};

/// A list of available encoders.
#[derive(Clone, Debug, Default)]
pub struct EncoderRegistry {
    encoders: Vec<EncoderDescriptor>,
}

/// Encoder-list option keys.
pub mod encoder_list_options {
    /// `kVTVideoEncoderListOption_IncludeStandardDefinitionDVEncoders` (no DV encoders exist
    /// here; accepted for compatibility).
    pub const INCLUDE_STANDARD_DEFINITION_DV_ENCODERS: &str = "IncludeStandardDefinitionDVEncoders";
}

impl EncoderRegistry {
    /// An empty registry.
    pub fn new() -> EncoderRegistry {
        EncoderRegistry::default()
    }

    /// The encoders compiled in (one cargo feature per codec).
    pub fn builtin() -> EncoderRegistry {
        #[allow(unused_mut)]
        let mut r = EncoderRegistry::new();
        #[cfg(feature = "h264")]
        r.register(framepress_h264::descriptor());
        #[cfg(feature = "jpeg")]
        r.register(framepress_jpeg::descriptor());
        r
    }

    /// Adds an encoder; a later registration with the same ID replaces the earlier one.
    pub fn register(&mut self, descriptor: EncoderDescriptor) {
        self.encoders
            .retain(|d| d.encoder_id != descriptor.encoder_id);
        self.encoders.push(descriptor);
    }

    /// All registered encoders.
    pub fn encoders(&self) -> &[EncoderDescriptor] {
        &self.encoders
    }

    /// `VTCopyVideoEncoderList`: one dictionary per encoder.
    pub fn encoder_list(&self, options: Option<&Dictionary>) -> Result<Vec<Dictionary>> {
        if let Some(opts) = options {
            for (k, v) in opts.iter() {
                match k {
                    encoder_list_options::INCLUDE_STANDARD_DEFINITION_DV_ENCODERS
                        if v.as_bool().is_some() => {}
                    _ => {
                        return Err(Error::parameter(format!(
                            "unknown encoder-list option {k:?} = {v}"
                        )));
                    }
                }
            }
        }
        Ok(self
            .encoders
            .iter()
            .map(EncoderDescriptor::to_dictionary)
            .collect())
    }

    /// The encoder a session with this codec type and specification gets.
    pub fn select(
        &self,
        codec: CodecType,
        spec: &EncoderSpecification,
    ) -> Result<&EncoderDescriptor> {
        if spec.require_hardware_accelerated_video_encoder {
            return Err(Error::new(
                ErrorKind::CouldNotFindVideoEncoder,
                "RequireHardwareAcceleratedVideoEncoder: framepress encoders are software encoders",
            ));
        }
        if let Some(gpu) = spec.required_encoder_gpu_registry_id {
            return Err(Error::new(
                ErrorKind::CouldNotFindVideoEncoder,
                format!("RequiredEncoderGPURegistryID {gpu}: framepress has no GPU encoders"),
            ));
        }
        let mut candidates = self.encoders.iter().filter(|d| d.codec_type == codec);
        let found = match &spec.encoder_id {
            Some(id) => candidates
                .find(|d| d.encoder_id == id.as_str())
                .ok_or_else(|| {
                    Error::new(
                        ErrorKind::CouldNotFindVideoEncoder,
                        format!("no {codec} encoder with EncoderID {id:?}"),
                    )
                })?,
            None => candidates.next().ok_or_else(|| {
                Error::new(
                    ErrorKind::CouldNotFindVideoEncoder,
                    format!("no encoder for codec type {} ({})", codec, codec.fourcc()),
                )
            })?,
        };
        if spec.enable_low_latency_rate_control && !found.supports_low_latency_rate_control {
            return Err(Error::new(
                ErrorKind::CouldNotFindVideoEncoder,
                format!("{} has no low-latency rate control", found.encoder_name),
            ));
        }
        Ok(found)
    }

    /// `VTCopySupportedPropertyDictionaryForEncoder`: the ID of the encoder that would be
    /// chosen and its supported-property dictionary (session-level keys included).
    pub fn supported_property_dictionary_for_encoder(
        &self,
        width: i32,
        height: i32,
        codec: CodecType,
        specification: Option<&Dictionary>,
    ) -> Result<(String, Dictionary)> {
        let spec = match specification {
            Some(d) => EncoderSpecification::from_dictionary(d)?,
            None => EncoderSpecification::default(),
        };
        let (w, h) = crate::validate_dimensions(width, height)?;
        let d = self.select(codec, &spec)?;
        let mut dict = Dictionary::new();
        for s in crate::property_store::all_supports(d, w, h) {
            dict.insert(s.def.name, Value::Dictionary(s.to_dictionary()));
        }
        Ok((d.encoder_id.to_owned(), dict))
    }
}

/// Convenience for [`PropertySupport::of`] on names that are known to be in the table.
pub(crate) fn support(name: &str) -> Option<PropertySupport> {
    PropertySupport::of(name)
}
