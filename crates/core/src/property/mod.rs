//! The property layer's vocabulary: the table of known keys ([`keys`]), typed keys
//! ([`Key`]), value kinds, and what an encoder declares it supports ([`PropertySupport`]).

pub mod keys;
pub mod presets;
pub mod profile;
mod typed;
mod value_kind;

pub use typed::{Key, PropertyValue};
pub use value_kind::ValueKind;

use crate::error::{Error, ErrorKind, Result};
use crate::value::{Dictionary, Value};

/// Who may read or write a property.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Readable and writable.
    ReadWrite,
    /// Readable only; writing fails with −12901.
    ReadOnly,
    /// Writable; reading returns the last written value (VT leaves reading unspecified).
    WriteOnly,
}

/// One row of the property table.
#[derive(Debug)]
pub struct PropertyDef {
    /// The VT key string used by name-based access (`"AverageBitRate"`).
    pub name: &'static str,
    /// Apple's constant name (`kVTCompressionPropertyKey_AverageBitRate`), also accepted by name.
    pub constant: &'static str,
    /// Value type.
    pub kind: ValueKind,
    /// Access.
    pub access: Access,
    /// Whether it may change after the first frame was submitted.
    pub mid_session: bool,
    /// Whether `copy_serializable_properties` includes it.
    pub serializable: bool,
    /// One-line description (`kVTPropertyDocumentationKey`).
    pub summary: &'static str,
}

/// The table row for a key, looked up by VT string or by Apple constant name.
pub fn lookup(name: &str) -> Option<&'static PropertyDef> {
    keys::SESSION_PROPERTIES
        .iter()
        .find(|d| d.name == name || d.constant == name)
}

/// Field keys of the supported-property dictionary (`kVTProperty*Key`; the strings are the
/// suffix-rule guesses, unconfirmed by Apple).
pub mod support_keys {
    /// `kVTPropertyTypeKey`.
    pub const TYPE: &str = "PropertyType";
    /// `kVTPropertyReadWriteStatusKey`.
    pub const READ_WRITE_STATUS: &str = "ReadWriteStatus";
    /// `kVTPropertyShouldBeSerializedKey`.
    pub const SHOULD_BE_SERIALIZED: &str = "ShouldBeSerialized";
    /// `kVTPropertySupportedValueMinimumKey`.
    pub const SUPPORTED_VALUE_MINIMUM: &str = "SupportedValueMinimum";
    /// `kVTPropertySupportedValueMaximumKey`.
    pub const SUPPORTED_VALUE_MAXIMUM: &str = "SupportedValueMaximum";
    /// `kVTPropertySupportedValueListKey`.
    pub const SUPPORTED_VALUE_LIST: &str = "SupportedValueList";
    /// `kVTPropertyDocumentationKey`.
    pub const DOCUMENTATION: &str = "Documentation";
    /// `kVTPropertyReadWriteStatus_ReadOnly`.
    pub const READ_ONLY: &str = "ReadOnly";
    /// `kVTPropertyReadWriteStatus_ReadWrite`.
    pub const READ_WRITE: &str = "ReadWrite";
}

/// Custom validation for values whose shape a [`ValueKind`] cannot express.
pub type Validator = fn(&Value) -> std::result::Result<(), String>;

/// What an encoder (or the session itself) supports for one key.
#[derive(Clone, Debug)]
pub struct PropertySupport {
    /// The table row.
    pub def: &'static PropertyDef,
    /// The encoder forces the value: writes fail with −12901 even for read/write keys.
    pub forced: bool,
    /// Smallest accepted number.
    pub min: Option<f64>,
    /// Largest accepted number.
    pub max: Option<f64>,
    /// Accepted values, narrowing the table's enumeration (e.g. the profiles this encoder has).
    pub list: Option<Vec<&'static str>>,
    /// The value reported before anything was set.
    pub default: Option<Value>,
    /// Extra checks (dictionary contents, exclusive combinations of a single value).
    pub validator: Option<Validator>,
}

impl PropertySupport {
    /// Support for `key` with no range; `None` if the key is not in the table (a bug in the
    /// caller, reported as an error where it is used).
    pub fn of(name: &str) -> Option<PropertySupport> {
        Some(PropertySupport {
            def: lookup(name)?,
            forced: false,
            min: None,
            max: None,
            list: None,
            default: None,
            validator: None,
        })
    }

    /// Builder: numeric range.
    pub fn range(mut self, min: f64, max: f64) -> PropertySupport {
        self.min = Some(min);
        self.max = Some(max);
        self
    }

    /// Builder: allowed strings.
    pub fn values(mut self, list: &[&'static str]) -> PropertySupport {
        self.list = Some(list.to_vec());
        self
    }

    /// Builder: default value.
    pub fn default_value(mut self, v: impl Into<Value>) -> PropertySupport {
        self.default = Some(v.into());
        self
    }

    /// Builder: custom validator.
    pub fn validate_with(mut self, f: Validator) -> PropertySupport {
        self.validator = Some(f);
        self
    }

    /// Builder: the encoder forces this key's value (read-only).
    pub fn forced(mut self) -> PropertySupport {
        self.forced = true;
        self
    }

    /// Whether writes are refused.
    pub fn is_read_only(&self) -> bool {
        self.forced || self.def.access == Access::ReadOnly
    }

    /// Checks a value's type, range, list and custom rules (not access or session state).
    pub fn check_value(&self, value: &Value) -> Result<()> {
        let name = self.def.name;
        self.def.kind.check(name, value)?;
        if let Some(x) = value.as_f64()
            && (self.min.is_some_and(|m| x < m) || self.max.is_some_and(|m| x > m))
        {
            return Err(Error::parameter(format!(
                "{name} = {value} is out of range {}..={}",
                self.min.map_or("-inf".into(), |m| m.to_string()),
                self.max.map_or("inf".into(), |m| m.to_string()),
            )));
        }
        if let (Some(list), Some(s)) = (&self.list, value.as_str())
            && !list.contains(&s)
        {
            return Err(Error::new(
                ErrorKind::Parameter,
                format!(
                    "{name} = {s:?} is not supported here; supported: {}",
                    list.join(", ")
                ),
            ));
        }
        if let Some(f) = self.validator {
            f(value).map_err(|m| Error::parameter(format!("{name}: {m}")))?;
        }
        Ok(())
    }

    /// This key's entry in the supported-property dictionary.
    pub fn to_dictionary(&self) -> Dictionary {
        use support_keys as k;
        let mut d = Dictionary::new()
            .with(k::TYPE, self.def.kind.vt_type_name())
            .with(
                k::READ_WRITE_STATUS,
                if self.is_read_only() {
                    k::READ_ONLY
                } else {
                    k::READ_WRITE
                },
            )
            .with(k::SHOULD_BE_SERIALIZED, self.def.serializable)
            .with(k::DOCUMENTATION, self.def.summary);
        if let Some(m) = self.min {
            d.insert(k::SUPPORTED_VALUE_MINIMUM, number(m));
        }
        if let Some(m) = self.max {
            d.insert(k::SUPPORTED_VALUE_MAXIMUM, number(m));
        }
        let list: Option<Vec<&str>> = match (&self.list, self.def.kind) {
            (Some(l), _) => Some(l.clone()),
            (None, ValueKind::Enum(all)) => Some(all.to_vec()),
            _ => None,
        };
        if let Some(l) = list {
            d.insert(
                k::SUPPORTED_VALUE_LIST,
                Value::Array(l.into_iter().map(Value::from).collect()),
            );
        }
        d
    }
}

fn number(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        Value::Int(x as i64)
    } else {
        Value::Float(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::color::{ColorPrimaries, TransferFunction, YCbCrMatrix};

    #[test]
    fn table_names_are_unique_and_found_both_ways() {
        let mut names = std::collections::HashSet::new();
        for d in keys::SESSION_PROPERTIES {
            assert!(names.insert(d.name), "duplicate {}", d.name);
            assert!(std::ptr::eq(lookup(d.name).unwrap(), d));
            assert!(std::ptr::eq(lookup(d.constant).unwrap(), d));
        }
        assert!(lookup("NoSuchKey").is_none());
        assert_eq!(keys::AVERAGE_BIT_RATE.name(), "AverageBitRate");
    }

    #[test]
    fn typed_keys_accept_what_the_table_accepts() {
        // For each key, build a representative value of the table kind and check the typed
        // Rust type reads it back: the two doors agree.
        for (name, kind, reads) in keys::typed_key_samples() {
            let sample = match kind {
                ValueKind::Bool => Value::Bool(true),
                ValueKind::Int => Value::Int(3),
                ValueKind::Float => Value::Float(2.0),
                ValueKind::Enum(list) => Value::from(list[0]),
                ValueKind::String => Value::from("x"),
                ValueKind::Data(n) => Value::Data(vec![0; n.unwrap_or(3)]),
                ValueKind::NumberArray(n) => Value::Array(vec![Value::Int(1); n.unwrap_or(2)]),
                ValueKind::DictionaryArray => Value::Array(vec![]),
                ValueKind::Dictionary => match name {
                    "CleanAperture" => crate::color::CleanAperture {
                        width: 8.0,
                        height: 8.0,
                        horizontal_offset: 0.0,
                        vertical_offset: 0.0,
                    }
                    .to_dictionary()
                    .into(),
                    "PixelAspectRatio" => crate::color::PixelAspectRatio::SQUARE
                        .to_dictionary()
                        .into(),
                    _ => Dictionary::new().into(),
                },
                ValueKind::Time => Value::Time(crate::time::Time::new(1, 2)),
                ValueKind::Object => {
                    Value::Object(crate::value::ObjectRef::new(std::sync::Arc::new(1u8)))
                }
            };
            kind.check(name, &sample).unwrap();
            assert!(
                reads(&sample),
                "typed key {name} cannot read a {kind:?} value"
            );
        }
    }

    #[test]
    fn colour_lists_match_enums() {
        let p: Vec<&str> = ColorPrimaries::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(p, keys::COLOR_PRIMARIES_VALUES);
        let t: Vec<&str> = TransferFunction::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(t, keys::TRANSFER_FUNCTION_VALUES);
        let m: Vec<&str> = YCbCrMatrix::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(m, keys::YCBCR_MATRIX_VALUES);
    }

    #[test]
    fn support_checks_ranges_and_lists() {
        let q = PropertySupport::of("Quality").unwrap().range(0.0, 1.0);
        assert!(q.check_value(&Value::Float(0.5)).is_ok());
        assert_eq!(
            q.check_value(&Value::Float(1.5)).unwrap_err().code(),
            -12902
        );
        assert_eq!(
            q.check_value(&Value::Bool(true)).unwrap_err().code(),
            -12902
        );
        let p = PropertySupport::of("ProfileLevel")
            .unwrap()
            .values(&["H264_Main_AutoLevel"]);
        assert!(p.check_value(&"H264_Main_AutoLevel".into()).is_ok());
        assert!(p.check_value(&"H264_High_AutoLevel".into()).is_err());
        let d = p.to_dictionary();
        assert_eq!(d.get("PropertyType"), Some(&Value::from("Enumeration")));
        assert_eq!(
            d.get("SupportedValueList"),
            Some(&Value::Array(vec!["H264_Main_AutoLevel".into()]))
        );
        let ro = PropertySupport::of("EncoderID").unwrap();
        assert!(ro.is_read_only());
        assert_eq!(
            ro.to_dictionary().get("ReadWriteStatus"),
            Some(&Value::from("ReadOnly"))
        );
    }
}
