//! A CoreFoundation-like property value and dictionary.
//!
//! VideoToolbox exchanges properties, frame options, encoder specifications, buffer attributes
//! and attachments as `CFDictionary`s of CF values. Ported code, the CLI (`--property Key=Value`)
//! and serialised settings need the same dynamic shape, so framepress keeps one small value model
//! for all of them. Typed access goes through [`crate::property::Key`].

use std::any::Any;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use crate::time::Time;

/// An opaque shared object stored in a [`Value`] (e.g. a multi-pass storage handle).
#[derive(Clone)]
pub struct ObjectRef(pub Arc<dyn Any + Send + Sync>);

impl ObjectRef {
    /// Wraps a shared object.
    pub fn new<T: Any + Send + Sync>(object: Arc<T>) -> ObjectRef {
        ObjectRef(object)
    }

    /// The object as `T`, if it is one.
    pub fn downcast<T: Any + Send + Sync>(&self) -> Option<Arc<T>> {
        self.0.clone().downcast::<T>().ok()
    }
}

impl PartialEq for ObjectRef {
    /// Objects compare by identity, like CF objects without an equality callback.
    fn eq(&self, other: &ObjectRef) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl fmt::Debug for ObjectRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Object({:p})", Arc::as_ptr(&self.0))
    }
}

/// One CF-like value.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `CFBoolean`.
    Bool(bool),
    /// `CFNumber` holding an integer.
    Int(i64),
    /// `CFNumber` holding a float.
    Float(f64),
    /// `CFString`.
    String(String),
    /// `CFData`.
    Data(Vec<u8>),
    /// `CFArray`.
    Array(Vec<Value>),
    /// `CFDictionary` with string keys.
    Dictionary(Dictionary),
    /// A `CMTime` (VT stores these as dictionaries; kept typed here).
    Time(Time),
    /// A shared object such as a multi-pass storage.
    Object(ObjectRef),
}

impl Value {
    /// The type's name, for error messages ("boolean", "number", …).
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Bool(_) => "boolean",
            Value::Int(_) | Value::Float(_) => "number",
            Value::String(_) => "string",
            Value::Data(_) => "data",
            Value::Array(_) => "array",
            Value::Dictionary(_) => "dictionary",
            Value::Time(_) => "time",
            Value::Object(_) => "object",
        }
    }

    /// The boolean, if this is one. Numbers are not booleans here: CF keeps them apart.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number as `f64`, whether stored as integer or float (CF readers accept both).
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// The number as `i64`; a float qualifies only when it is integral and in range.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e18 => Some(*f as i64),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The bytes, if this is data.
    pub fn as_data(&self) -> Option<&[u8]> {
        match self {
            Value::Data(d) => Some(d),
            _ => None,
        }
    }

    /// The elements, if this is an array.
    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The dictionary, if this is one.
    pub fn as_dictionary(&self) -> Option<&Dictionary> {
        match self {
            Value::Dictionary(d) => Some(d),
            _ => None,
        }
    }

    /// The time, if this is one.
    pub fn as_time(&self) -> Option<Time> {
        match self {
            Value::Time(t) => Some(*t),
            _ => None,
        }
    }

    /// The shared object, if this is one.
    pub fn as_object(&self) -> Option<&ObjectRef> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x}"),
            Value::String(s) => write!(f, "{s:?}"),
            Value::Data(d) => write!(f, "<{} bytes>", d.len()),
            Value::Array(a) => {
                f.write_str("[")?;
                for (i, v) in a.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
            Value::Dictionary(d) => write!(f, "{d}"),
            Value::Time(t) => write!(f, "{t}"),
            Value::Object(o) => write!(f, "{o:?}"),
        }
    }
}

macro_rules! value_from {
    ($($t:ty => $variant:ident as $conv:ty),* $(,)?) => {
        $(impl From<$t> for Value {
            fn from(v: $t) -> Value { Value::$variant(v as $conv) }
        })*
    };
}
value_from!(i8 => Int as i64, i16 => Int as i64, i32 => Int as i64, i64 => Int as i64,
    u8 => Int as i64, u16 => Int as i64, u32 => Int as i64, f32 => Float as f64, f64 => Float as f64);

impl From<bool> for Value {
    fn from(v: bool) -> Value {
        Value::Bool(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::String(v.to_owned())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::String(v)
    }
}
impl From<Vec<u8>> for Value {
    fn from(v: Vec<u8>) -> Value {
        Value::Data(v)
    }
}
impl From<Vec<Value>> for Value {
    fn from(v: Vec<Value>) -> Value {
        Value::Array(v)
    }
}
impl From<Dictionary> for Value {
    fn from(v: Dictionary) -> Value {
        Value::Dictionary(v)
    }
}
impl From<Time> for Value {
    fn from(v: Time) -> Value {
        Value::Time(v)
    }
}
impl From<ObjectRef> for Value {
    fn from(v: ObjectRef) -> Value {
        Value::Object(v)
    }
}

/// A `CFDictionary` with string keys, ordered by key so output is deterministic.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dictionary(BTreeMap<String, Value>);

impl Dictionary {
    /// An empty dictionary.
    pub fn new() -> Dictionary {
        Dictionary(BTreeMap::new())
    }

    /// Builder-style insert.
    pub fn with(mut self, key: impl Into<String>, value: impl Into<Value>) -> Dictionary {
        self.0.insert(key.into(), value.into());
        self
    }

    /// Inserts or replaces a value, returning the old one.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<Value>) -> Option<Value> {
        self.0.insert(key.into(), value.into())
    }

    /// The value for `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    /// Removes and returns the value for `key`.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        self.0.remove(key)
    }

    /// Whether `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// Copies every entry of `other` over this dictionary.
    pub fn merge(&mut self, other: &Dictionary) {
        for (k, v) in other.iter() {
            self.0.insert(k.to_owned(), v.clone());
        }
    }
}

impl FromIterator<(String, Value)> for Dictionary {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Dictionary {
        Dictionary(iter.into_iter().collect())
    }
}

impl<'a> IntoIterator for &'a Dictionary {
    type Item = (&'a String, &'a Value);
    type IntoIter = std::collections::btree_map::Iter<'a, String, Value>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Display for Dictionary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("{")?;
        for (i, (k, v)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{k}: {v}")?;
        }
        f.write_str("}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_either_way() {
        assert_eq!(Value::from(3).as_f64(), Some(3.0));
        assert_eq!(Value::from(3.0).as_i64(), Some(3));
        assert_eq!(Value::from(3.5).as_i64(), None);
        assert_eq!(Value::from(true).as_i64(), None);
        assert_eq!(Value::from(1).as_bool(), None);
    }

    #[test]
    fn dictionary_is_ordered_and_mergeable() {
        let mut a = Dictionary::new().with("b", 1).with("a", "x");
        assert_eq!(a.keys().collect::<Vec<_>>(), ["a", "b"]);
        a.merge(&Dictionary::new().with("b", 2));
        assert_eq!(a.get("b"), Some(&Value::Int(2)));
        assert_eq!(a.to_string(), "{a: \"x\", b: 2}");
    }

    #[test]
    fn objects_compare_by_identity() {
        let o = ObjectRef::new(Arc::new(5u32));
        assert_eq!(o, o.clone());
        assert_ne!(o, ObjectRef::new(Arc::new(5u32)));
        assert_eq!(o.downcast::<u32>().map(|v| *v), Some(5));
        assert!(o.downcast::<i32>().is_none());
    }
}
