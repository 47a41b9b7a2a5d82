//! The session's property layer: one map from VT key name to what is supported and what was
//! set, shared by the typed and by-name doors.
//!
//! Every check VideoToolbox documents happens here, in this order: unknown key (−12900), not
//! supported by the selected encoder (−12900), read-only (−12901), wrong type / out of range
//! (−12902), creation-time key changed after encoding started (−12902).

use std::collections::BTreeMap;

use framepress_core::property::{self, Access, PropertySupport};
use framepress_core::{Dictionary, EncoderDescriptor, Error, ErrorKind, Result, Value, keys};

use crate::registry::support;

/// Keys the session implements itself, whatever the encoder.
pub(crate) fn session_supports() -> Vec<PropertySupport> {
    let names_and_ranges: [(&str, Option<(f64, f64)>); 7] = [
        (keys::NUMBER_OF_PENDING_FRAMES.name(), None),
        (keys::PIXEL_BUFFER_POOL_IS_SHARED.name(), None),
        (keys::VIDEO_ENCODER_PIXEL_BUFFER_ATTRIBUTES.name(), None),
        (keys::ENCODER_ID.name(), None),
        (keys::USING_HARDWARE_ACCELERATED_VIDEO_ENCODER.name(), None),
        (keys::SOURCE_FRAME_COUNT.name(), Some((0.0, 9.0e15))),
        (keys::EXPECTED_DURATION.name(), Some((0.0, 1.0e12))),
    ];
    let mut out: Vec<PropertySupport> = names_and_ranges
        .iter()
        .filter_map(|(n, r)| {
            let s = support(n)?;
            Some(match r {
                Some((lo, hi)) => s.range(*lo, *hi),
                None => s,
            })
        })
        .collect();
    if let Some(s) = support(keys::MAX_FRAME_DELAY_COUNT.name()) {
        out.push(s.range(-1.0, 1024.0).default_value(-1));
    }
    if let Some(s) = support(keys::PIXEL_TRANSFER_PROPERTIES.name()) {
        out.push(s.validate_with(|v| {
            let d = v.as_dictionary().ok_or("expects a dictionary")?;
            framepress_transfer::PixelTransferProperties::from_dictionary(d)
                .map(|_| ())
                .map_err(|e| e.detail().to_owned())
        }));
    }
    out
}

/// Session keys plus the encoder's keys (the encoder's entry wins where both exist).
pub(crate) fn all_supports(
    d: &EncoderDescriptor,
    width: usize,
    height: usize,
) -> Vec<PropertySupport> {
    let encoder = (d.supported_properties)(width, height);
    let mut all: Vec<PropertySupport> = session_supports()
        .into_iter()
        .filter(|s| !encoder.iter().any(|e| e.def.name == s.def.name))
        .collect();
    all.extend(encoder);
    all
}

/// Supported keys and the values set so far.
pub(crate) struct PropertyStore {
    supports: BTreeMap<&'static str, PropertySupport>,
    values: Dictionary,
    encoder_name: &'static str,
}

impl PropertyStore {
    pub(crate) fn new(d: &EncoderDescriptor, width: usize, height: usize) -> PropertyStore {
        let supports = all_supports(d, width, height)
            .into_iter()
            .map(|s| (s.def.name, s))
            .collect();
        PropertyStore {
            supports,
            values: Dictionary::new(),
            encoder_name: d.encoder_name,
        }
    }

    /// The support entry for a key given by VT string or constant name.
    pub(crate) fn support_for(&self, name: &str) -> Result<&PropertySupport> {
        let def = property::lookup(name).ok_or_else(|| {
            Error::new(
                ErrorKind::PropertyNotSupported,
                format!("unknown property key {name:?}"),
            )
        })?;
        self.supports.get(def.name).ok_or_else(|| {
            Error::new(
                ErrorKind::PropertyNotSupported,
                format!("{} does not support {}", self.encoder_name, def.name),
            )
        })
    }

    /// Validates a write; returns the canonical key name. `started` = frames were submitted.
    pub(crate) fn check_set(
        &self,
        name: &str,
        value: Option<&Value>,
        started: bool,
    ) -> Result<&'static str> {
        let s = self.support_for(name)?;
        if s.is_read_only() {
            return Err(Error::new(
                ErrorKind::PropertyReadOnly,
                format!(
                    "{} is read-only{}",
                    s.def.name,
                    if s.forced { " for this encoder" } else { "" }
                ),
            ));
        }
        if let Some(v) = value {
            s.check_value(v)?;
        }
        if started && !s.def.mid_session {
            return Err(Error::parameter(format!(
                "{} can only be changed before the first frame is encoded",
                s.def.name
            )));
        }
        Ok(s.def.name)
    }

    /// Stores a validated value (`None` restores the default).
    pub(crate) fn store(&mut self, name: &'static str, value: Option<Value>) {
        match value {
            Some(v) => {
                self.values.insert(name, v);
            }
            None => {
                self.values.remove(name);
            }
        }
    }

    /// The value set, or the encoder's declared default.
    pub(crate) fn value(&self, name: &str) -> Option<Value> {
        self.values
            .get(name)
            .cloned()
            .or_else(|| self.supports.get(name).and_then(|s| s.default.clone()))
    }

    /// Values explicitly set (what the encoder is configured with).
    pub(crate) fn values(&self) -> &Dictionary {
        &self.values
    }

    /// The supported-property dictionary.
    pub(crate) fn supported_dictionary(&self) -> Dictionary {
        self.supports
            .values()
            .map(|s| (s.def.name.to_owned(), Value::Dictionary(s.to_dictionary())))
            .collect()
    }

    /// Current values of serialisable, readable properties.
    pub(crate) fn serializable(&self) -> Dictionary {
        self.supports
            .values()
            .filter(|s| {
                s.def.serializable && s.def.access != Access::WriteOnly && !s.is_read_only()
            })
            .filter_map(|s| self.value(s.def.name).map(|v| (s.def.name.to_owned(), v)))
            .collect()
    }
}
