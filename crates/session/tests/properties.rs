//! The property layer over every key of the table: supported keys accept valid values and
//! reject wrong types; unsupported keys give −12900; read-only keys −12901.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{mock_encoder::MOCK, registry};
use framepress_core::property::{Access, ValueKind, keys::SESSION_PROPERTIES};
use framepress_core::{Dictionary, PixelBufferPool, Value, keys};
use framepress_session::CompressionSession;

fn session() -> CompressionSession<()> {
    CompressionSession::builder(64, 32, MOCK)
        .registry(registry())
        .build()
        .unwrap()
}

/// A value of the right type inside the supported range/list.
fn valid_value(kind: ValueKind, support: &Dictionary, name: &str) -> Option<Value> {
    if let Some(Value::Array(list)) = support.get("SupportedValueList") {
        return list.first().cloned();
    }
    let min = support.get("SupportedValueMinimum").and_then(Value::as_f64);
    let max = support.get("SupportedValueMaximum").and_then(Value::as_f64);
    Some(match kind {
        ValueKind::Bool => Value::Bool(true),
        ValueKind::Int => {
            Value::Int(min.unwrap_or(1.0).max(max.map_or(1.0, |m| m.min(1.0))) as i64)
        }
        ValueKind::Float => Value::Float(min.unwrap_or(0.5).max(max.map_or(0.5, |m| m.min(0.5)))),
        ValueKind::Dictionary if name == "PixelTransferProperties" => {
            Value::Dictionary(Dictionary::new())
        }
        ValueKind::Dictionary => return None,
        _ => return None,
    })
}

fn wrong_value(kind: ValueKind) -> Value {
    match kind {
        ValueKind::Bool => Value::from("yes"),
        _ => Value::Bool(true),
    }
}

#[test]
fn every_declared_key() {
    let s = session();
    let supported = s.copy_supported_property_dictionary().unwrap();
    let mut counts = [0usize; 3];
    for def in SESSION_PROPERTIES {
        match supported.get(def.name).and_then(Value::as_dictionary) {
            None => {
                counts[0] += 1;
                let e = s.set_property(def.name, Some(Value::Int(1))).unwrap_err();
                assert_eq!(e.code(), -12900, "{}", def.name);
                assert_eq!(
                    s.copy_property(def.name).unwrap_err().code(),
                    -12900,
                    "{}",
                    def.name
                );
                // Also by Apple constant name.
                assert_eq!(
                    s.set_property(def.constant, None).unwrap_err().code(),
                    -12900
                );
            }
            Some(sup) => {
                let ro = sup.get("ReadWriteStatus") == Some(&Value::from("ReadOnly"));
                assert_eq!(
                    s.copy_property(def.name).map(|_| ()),
                    Ok(()),
                    "{}",
                    def.name
                );
                if ro {
                    counts[1] += 1;
                    let e = s
                        .set_property(def.name, Some(wrong_value(def.kind)))
                        .unwrap_err();
                    assert_eq!(e.code(), -12901, "{}", def.name);
                } else {
                    counts[2] += 1;
                    let e = s
                        .set_property(def.name, Some(wrong_value(def.kind)))
                        .unwrap_err();
                    assert_eq!(e.code(), -12902, "{} wrong type", def.name);
                    if let Some(v) = valid_value(def.kind, sup, def.name) {
                        s.set_property(def.constant, Some(v.clone())).unwrap();
                        if def.access != Access::WriteOnly {
                            assert_eq!(s.copy_property(def.name).unwrap(), Some(v), "{}", def.name);
                        }
                        // NULL restores the default.
                        s.set_property(def.name, None).unwrap();
                    }
                }
            }
        }
    }
    assert!(counts.iter().all(|&c| c > 0), "{counts:?}");
}

#[test]
fn ranges_lists_and_defaults() {
    let s = session();
    assert_eq!(s.get(keys::QUALITY).unwrap(), Some(0.5));
    assert_eq!(s.set(keys::QUALITY, 1.5).unwrap_err().code(), -12902);
    assert_eq!(s.set(keys::QUALITY, -0.1).unwrap_err().code(), -12902);
    s.set(keys::QUALITY, 1.0).unwrap();
    assert_eq!(
        s.set(keys::PROFILE_LEVEL, "H264_High_AutoLevel".to_owned())
            .unwrap_err()
            .code(),
        -12902
    );
    assert_eq!(
        s.set_property("ProfileLevel", Some("NotAProfile".into()))
            .unwrap_err()
            .code(),
        -12902
    );
    s.set(keys::PROFILE_LEVEL, "H264_Main_AutoLevel".to_owned())
        .unwrap();
    // Forced keys are read-only even though the table says read/write.
    assert_eq!(
        s.set_property("FieldCount", Some(Value::Int(1)))
            .unwrap_err()
            .code(),
        -12901
    );
    assert_eq!(s.get(keys::MAX_FRAME_DELAY_COUNT).unwrap(), Some(-1));
    assert_eq!(
        s.set(keys::MAX_FRAME_DELAY_COUNT, -2).unwrap_err().code(),
        -12902
    );
    let bad_transfer = Dictionary::new().with("ScalingMode", "Sideways");
    assert_eq!(
        s.set(keys::PIXEL_TRANSFER_PROPERTIES, bad_transfer)
            .unwrap_err()
            .code(),
        -12902
    );
    s.set(
        keys::PIXEL_TRANSFER_PROPERTIES,
        Dictionary::new().with("ScalingMode", "Letterbox"),
    )
    .unwrap();
    assert_eq!(s.get(keys::SUPPORTS_BASE_FRAME_QP).unwrap(), Some(false));
}

#[test]
fn set_properties_is_all_or_nothing() {
    let s = session();
    let d = Dictionary::new()
        .with("Quality", 0.9)
        .with("RealTime", "not a bool");
    assert_eq!(s.set_properties(&d).unwrap_err().code(), -12902);
    assert_eq!(s.get(keys::QUALITY).unwrap(), Some(0.5));
    s.set_properties(
        &Dictionary::new()
            .with("Quality", 0.9)
            .with("RealTime", true),
    )
    .unwrap();
    assert_eq!(s.get(keys::QUALITY).unwrap(), Some(0.9));
}

#[test]
fn serializable_properties_reapply_to_another_session() {
    let a = session();
    a.set(keys::QUALITY, 0.8).unwrap();
    a.set(keys::REAL_TIME, true).unwrap();
    let ser = a.copy_serializable_properties().unwrap();
    assert_eq!(ser.get("Quality"), Some(&Value::Float(0.8)));
    assert!(!ser.contains_key("NumberOfPendingFrames"));
    let b = session();
    b.set_properties(&ser).unwrap();
    assert_eq!(b.get(keys::REAL_TIME).unwrap(), Some(true));
}

#[test]
fn pool_reports_sharing_and_reuses_buffers() {
    let s = session();
    assert_eq!(
        s.get(keys::PIXEL_BUFFER_POOL_IS_SHARED).unwrap(),
        Some(true)
    );
    let pool: PixelBufferPool = s.pixel_buffer_pool().unwrap();
    assert!(pool.same_pool(&s.pixel_buffer_pool().unwrap()));
    let attrs = s
        .get(keys::VIDEO_ENCODER_PIXEL_BUFFER_ATTRIBUTES)
        .unwrap()
        .unwrap();
    assert_eq!(attrs.get("Width"), Some(&Value::Int(64)));
    let bgra = CompressionSession::builder(64, 32, MOCK)
        .registry(registry())
        .source_image_buffer_attributes(Dictionary::new().with("PixelFormatType", 0x4247_5241i64))
        .build()
        .unwrap();
    assert_eq!(
        bgra.get(keys::PIXEL_BUFFER_POOL_IS_SHARED).unwrap(),
        Some(false)
    );
    let b = bgra
        .pixel_buffer_pool()
        .unwrap()
        .create_pixel_buffer()
        .unwrap();
    assert_eq!(b.pixel_format(), framepress_core::PixelFormat::Bgra);
}

#[test]
fn encoder_list_and_supported_dictionary_for_encoder() {
    let r = registry();
    let list = r.encoder_list(None).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(
        list[0].get("EncoderID"),
        Some(&Value::from("com.framepress.test.mock"))
    );
    assert!(
        r.encoder_list(Some(&Dictionary::new().with("Nope", true)))
            .is_err()
    );
    let (id, dict) = r
        .supported_property_dictionary_for_encoder(64, 32, MOCK, None)
        .unwrap();
    assert_eq!(id, "com.framepress.test.mock");
    assert!(dict.contains_key("Quality") && dict.contains_key("NumberOfPendingFrames"));
    assert!(!framepress_session::is_stereo_mv_hevc_encode_supported());
}
