//! Shared test helpers: the mock encoder registry and frame makers.

#![allow(dead_code, missing_docs)]

use framepress_core::{PixelBuffer, PixelFormat, Time};
use framepress_session::EncoderRegistry;

pub mod mock_encoder;

pub fn registry() -> EncoderRegistry {
    let mut r = EncoderRegistry::new();
    r.register(mock_encoder::descriptor());
    r
}

/// An I420 frame whose first luma row starts with `tag`.
pub fn frame(w: usize, h: usize, tag: u8) -> PixelBuffer {
    let mut b = PixelBuffer::new(w, h, PixelFormat::I420).unwrap();
    b.plane_mut(0).unwrap().fill(tag);
    b
}

pub fn pts(i: i64) -> Time {
    Time::new(i, 30)
}

pub fn dur() -> Time {
    Time::new(1, 30)
}
