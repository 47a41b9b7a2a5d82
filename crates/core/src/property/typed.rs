//! Typed property keys: `Key<T>` carries the Rust type of a property's value, so
//! `session.set(keys::AVERAGE_BIT_RATE, "fast")` does not compile.

use std::marker::PhantomData;

use crate::color::{
    CleanAperture, ColorPrimaries, PixelAspectRatio, TransferFunction, YCbCrMatrix,
};
use crate::time::Time;
use crate::value::{Dictionary, ObjectRef, Value};

/// A property key whose values are `T`. The name is the VideoToolbox key string, so the
/// typed and by-name doors reach the same table entry.
pub struct Key<T> {
    name: &'static str,
    _type: PhantomData<fn() -> T>,
}

impl<T> Key<T> {
    /// A key with this VT name.
    pub const fn new(name: &'static str) -> Key<T> {
        Key {
            name,
            _type: PhantomData,
        }
    }

    /// The VT key string, e.g. `"AverageBitRate"`.
    pub const fn name(&self) -> &'static str {
        self.name
    }
}

impl<T> Clone for Key<T> {
    fn clone(&self) -> Key<T> {
        *self
    }
}
impl<T> Copy for Key<T> {}

impl<T> std::fmt::Debug for Key<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Key({})", self.name)
    }
}

/// A Rust type that converts to and from a property [`Value`].
pub trait PropertyValue: Sized {
    /// The dynamic form.
    fn into_value(self) -> Value;
    /// The typed form, if `value` has a compatible shape.
    fn from_value(value: &Value) -> Option<Self>;
}

impl PropertyValue for bool {
    fn into_value(self) -> Value {
        Value::Bool(self)
    }
    fn from_value(v: &Value) -> Option<bool> {
        v.as_bool()
    }
}

macro_rules! int_property_value {
    ($($t:ty),*) => {$(
        impl PropertyValue for $t {
            fn into_value(self) -> Value { Value::Int(self as i64) }
            fn from_value(v: &Value) -> Option<$t> { v.as_i64().and_then(|i| <$t>::try_from(i).ok()) }
        }
    )*};
}
int_property_value!(i32, i64, u32, usize);

impl PropertyValue for u64 {
    fn into_value(self) -> Value {
        Value::Int(i64::try_from(self).unwrap_or(i64::MAX))
    }
    fn from_value(v: &Value) -> Option<u64> {
        v.as_i64().and_then(|i| u64::try_from(i).ok())
    }
}

impl PropertyValue for f64 {
    fn into_value(self) -> Value {
        Value::Float(self)
    }
    fn from_value(v: &Value) -> Option<f64> {
        v.as_f64()
    }
}

impl PropertyValue for String {
    fn into_value(self) -> Value {
        Value::String(self)
    }
    fn from_value(v: &Value) -> Option<String> {
        v.as_str().map(str::to_owned)
    }
}

impl PropertyValue for Vec<u8> {
    fn into_value(self) -> Value {
        Value::Data(self)
    }
    fn from_value(v: &Value) -> Option<Vec<u8>> {
        v.as_data().map(<[u8]>::to_vec)
    }
}

impl PropertyValue for Vec<Value> {
    fn into_value(self) -> Value {
        Value::Array(self)
    }
    fn from_value(v: &Value) -> Option<Vec<Value>> {
        v.as_array().map(<[Value]>::to_vec)
    }
}

impl PropertyValue for Vec<f64> {
    fn into_value(self) -> Value {
        Value::Array(self.into_iter().map(Value::Float).collect())
    }
    fn from_value(v: &Value) -> Option<Vec<f64>> {
        v.as_array()?.iter().map(Value::as_f64).collect()
    }
}

impl PropertyValue for Vec<i64> {
    fn into_value(self) -> Value {
        Value::Array(self.into_iter().map(Value::Int).collect())
    }
    fn from_value(v: &Value) -> Option<Vec<i64>> {
        v.as_array()?.iter().map(Value::as_i64).collect()
    }
}

impl PropertyValue for Dictionary {
    fn into_value(self) -> Value {
        Value::Dictionary(self)
    }
    fn from_value(v: &Value) -> Option<Dictionary> {
        v.as_dictionary().cloned()
    }
}

impl PropertyValue for Time {
    fn into_value(self) -> Value {
        Value::Time(self)
    }
    fn from_value(v: &Value) -> Option<Time> {
        v.as_time()
    }
}

impl PropertyValue for ObjectRef {
    fn into_value(self) -> Value {
        Value::Object(self)
    }
    fn from_value(v: &Value) -> Option<ObjectRef> {
        v.as_object().cloned()
    }
}

impl PropertyValue for PixelAspectRatio {
    fn into_value(self) -> Value {
        Value::Dictionary(self.to_dictionary())
    }
    fn from_value(v: &Value) -> Option<PixelAspectRatio> {
        PixelAspectRatio::from_dictionary(v.as_dictionary()?)
    }
}

impl PropertyValue for CleanAperture {
    fn into_value(self) -> Value {
        Value::Dictionary(self.to_dictionary())
    }
    fn from_value(v: &Value) -> Option<CleanAperture> {
        CleanAperture::from_dictionary(v.as_dictionary()?)
    }
}

macro_rules! color_property_value {
    ($($t:ty),*) => {$(
        impl PropertyValue for $t {
            fn into_value(self) -> Value { Value::String(self.as_str().to_owned()) }
            fn from_value(v: &Value) -> Option<$t> { <$t>::from_str_value(v.as_str()?) }
        }
    )*};
}
color_property_value!(ColorPrimaries, TransferFunction, YCbCrMatrix);
