//! The value types properties accept, and how a value is checked against one.

use crate::error::{Error, Result};
use crate::value::Value;

/// The type of a property's value.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ValueKind {
    /// `CFBoolean`.
    Bool,
    /// `CFNumber` that must be integral.
    Int,
    /// `CFNumber`, integral or not.
    Float,
    /// `CFString` from a fixed list.
    Enum(&'static [&'static str]),
    /// Free `CFString`.
    String,
    /// `CFData`, with an exact length when `Some`.
    Data(Option<usize>),
    /// `CFArray` of numbers, with an exact length when `Some`.
    NumberArray(Option<usize>),
    /// `CFArray` of dictionaries.
    DictionaryArray,
    /// `CFDictionary`.
    Dictionary,
    /// A `CMTime`.
    Time,
    /// A shared object (e.g. multi-pass storage).
    Object,
}

impl ValueKind {
    /// VT's coarse type name for the supported-property dictionary
    /// (`kVTPropertyType_Enumeration` / `_Boolean` / `_Number`, else the CF type).
    pub fn vt_type_name(self) -> &'static str {
        match self {
            ValueKind::Bool => "Boolean",
            ValueKind::Int | ValueKind::Float => "Number",
            ValueKind::Enum(_) => "Enumeration",
            ValueKind::String => "String",
            ValueKind::Data(_) => "Data",
            ValueKind::NumberArray(_) | ValueKind::DictionaryArray => "Array",
            ValueKind::Dictionary => "Dictionary",
            ValueKind::Time => "Time",
            ValueKind::Object => "Object",
        }
    }

    /// Checks that `value` has this type (not ranges: those are per encoder).
    pub fn check(self, key: &str, value: &Value) -> Result<()> {
        let wrong = || {
            Error::parameter(format!(
                "{key} expects {}, got {} {value}",
                self.describe(),
                value.type_name()
            ))
        };
        match self {
            ValueKind::Bool => value.as_bool().map(|_| ()).ok_or_else(wrong),
            ValueKind::Int => value.as_i64().map(|_| ()).ok_or_else(wrong),
            ValueKind::Float => match value.as_f64() {
                Some(f) if f.is_finite() => Ok(()),
                _ => Err(wrong()),
            },
            ValueKind::Enum(list) => match value.as_str() {
                Some(s) if list.contains(&s) => Ok(()),
                Some(s) => Err(Error::parameter(format!(
                    "{key}: {s:?} is not one of {}",
                    list.join(", ")
                ))),
                None => Err(wrong()),
            },
            ValueKind::String => value.as_str().map(|_| ()).ok_or_else(wrong),
            ValueKind::Data(len) => match value.as_data() {
                Some(d) if len.is_none_or(|n| n == d.len()) => Ok(()),
                _ => Err(wrong()),
            },
            ValueKind::NumberArray(len) => match value.as_array() {
                Some(a)
                    if len.is_none_or(|n| n == a.len())
                        && a.iter().all(|v| v.as_f64().is_some_and(f64::is_finite)) =>
                {
                    Ok(())
                }
                _ => Err(wrong()),
            },
            ValueKind::DictionaryArray => match value.as_array() {
                Some(a) if a.iter().all(|v| v.as_dictionary().is_some()) => Ok(()),
                _ => Err(wrong()),
            },
            ValueKind::Dictionary => value.as_dictionary().map(|_| ()).ok_or_else(wrong),
            ValueKind::Time => value.as_time().map(|_| ()).ok_or_else(wrong),
            ValueKind::Object => value.as_object().map(|_| ()).ok_or_else(wrong),
        }
    }

    /// A phrase for error messages.
    pub fn describe(self) -> String {
        match self {
            ValueKind::Bool => "a boolean".into(),
            ValueKind::Int => "an integer".into(),
            ValueKind::Float => "a finite number".into(),
            ValueKind::Enum(_) => "one of a list of strings".into(),
            ValueKind::String => "a string".into(),
            ValueKind::Data(Some(n)) => format!("{n} bytes of data"),
            ValueKind::Data(None) => "data".into(),
            ValueKind::NumberArray(Some(n)) => format!("an array of {n} numbers"),
            ValueKind::NumberArray(None) => "an array of numbers".into(),
            ValueKind::DictionaryArray => "an array of dictionaries".into(),
            ValueKind::Dictionary => "a dictionary".into(),
            ValueKind::Time => "a time".into(),
            ValueKind::Object => "an object".into(),
        }
    }

    /// Parses command-line text (`--property Key=Value`) as this kind: `true`/`false`,
    /// numbers, strings, comma-separated number arrays, hex data (`0x…`).
    pub fn parse_text(self, key: &str, text: &str) -> Result<Value> {
        let bad = |what: &str| Error::parameter(format!("{key}: cannot parse {text:?} as {what}"));
        let value = match self {
            ValueKind::Bool => match text.to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" | "on" => Value::Bool(true),
                "false" | "0" | "no" | "off" => Value::Bool(false),
                _ => return Err(bad("a boolean")),
            },
            ValueKind::Int => Value::Int(text.trim().parse().map_err(|_| bad("an integer"))?),
            ValueKind::Float => Value::Float(text.trim().parse().map_err(|_| bad("a number"))?),
            ValueKind::Enum(_) | ValueKind::String => Value::String(text.to_owned()),
            ValueKind::Data(_) => {
                let hex = text
                    .strip_prefix("0x")
                    .ok_or_else(|| bad("hex data (0x…)"))?;
                if hex.len() % 2 != 0 {
                    return Err(bad("hex data (0x…)"));
                }
                let bytes: Result<Vec<u8>> = (0..hex.len())
                    .step_by(2)
                    .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| bad("hex data")))
                    .collect();
                Value::Data(bytes?)
            }
            ValueKind::NumberArray(_) => {
                let items: Result<Vec<Value>> = text
                    .split(',')
                    .filter(|s| !s.trim().is_empty())
                    .map(|s| {
                        let s = s.trim();
                        s.parse::<i64>()
                            .map(Value::Int)
                            .or_else(|_| s.parse::<f64>().map(Value::Float))
                            .map_err(|_| bad("comma-separated numbers"))
                    })
                    .collect();
                Value::Array(items?)
            }
            _ => {
                return Err(Error::parameter(format!(
                    "{key} takes {} and cannot be set from text",
                    self.describe()
                )));
            }
        };
        self.check(key, &value)?;
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_types() {
        assert!(ValueKind::Bool.check("k", &Value::Bool(true)).is_ok());
        assert!(ValueKind::Bool.check("k", &Value::Int(1)).is_err());
        assert!(ValueKind::Int.check("k", &Value::Float(2.0)).is_ok());
        assert!(ValueKind::Int.check("k", &Value::Float(2.5)).is_err());
        assert!(
            ValueKind::Float
                .check("k", &Value::Float(f64::NAN))
                .is_err()
        );
        assert!(ValueKind::Enum(&["A", "B"]).check("k", &"B".into()).is_ok());
        assert!(
            ValueKind::Enum(&["A", "B"])
                .check("k", &"C".into())
                .is_err()
        );
        assert!(
            ValueKind::Data(Some(4))
                .check("k", &Value::Data(vec![0; 3]))
                .is_err()
        );
        let arr = Value::Array(vec![Value::Int(1), Value::Float(2.0)]);
        assert!(ValueKind::NumberArray(Some(2)).check("k", &arr).is_ok());
        assert!(ValueKind::NumberArray(Some(3)).check("k", &arr).is_err());
    }

    #[test]
    fn parses_text() {
        assert_eq!(
            ValueKind::Bool.parse_text("k", "TRUE").unwrap(),
            Value::Bool(true)
        );
        assert_eq!(
            ValueKind::Int.parse_text("k", "42").unwrap(),
            Value::Int(42)
        );
        assert!(ValueKind::Int.parse_text("k", "4.2").is_err());
        assert_eq!(
            ValueKind::Float.parse_text("k", "0.5").unwrap(),
            Value::Float(0.5)
        );
        assert_eq!(
            ValueKind::Data(None).parse_text("k", "0x0aFF").unwrap(),
            Value::Data(vec![10, 255])
        );
        assert!(ValueKind::Data(None).parse_text("k", "0xabc").is_err());
        assert_eq!(
            ValueKind::NumberArray(None)
                .parse_text("k", "1000, 1.5")
                .unwrap(),
            Value::Array(vec![Value::Int(1000), Value::Float(1.5)])
        );
        assert!(ValueKind::Dictionary.parse_text("k", "x").is_err());
    }
}
