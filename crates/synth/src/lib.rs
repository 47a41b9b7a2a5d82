//! # framepress-synth
//!
//! A deterministic synthetic video source: the CLI's input when none is given, and the
//! content tests and benchmarks encode, so results are reproducible without shipping video
//! files.
//!
//! The picture is built to exercise an encoder the way real footage does, with each element
//! aimed at a different tool:
//!
//! - a slowly moving diagonal gradient (smooth areas, banding, cheap global motion);
//! - a band of glyph-like text scrolling a few pixels per frame (sharp edges, flat runs,
//!   exact integer motion that motion search should lock onto);
//! - a textured object moving 1.5 px/frame across and 0.5 px/frame down (sub-pixel motion
//!   and occlusion);
//! - low-amplitude film-grain-like noise that changes every frame (residual that cannot be
//!   predicted; rate control has to spend bits on it);
//! - chroma that varies across the picture and over time;
//! - a hard scene cut every 30 frames (frame 30 of each 60-frame cycle switches palette and
//!   layout, frame 60 switches back), where an encoder should place a key frame.
//!
//! All arithmetic is integer, so every platform produces identical frames, and each frame is
//! a pure function of the configuration and its index ([`SyntheticSource::frame`]), so tests
//! can regenerate any frame without replaying the sequence.
//!
//! ```
//! use framepress_synth::{SynthConfig, SyntheticSource};
//!
//! let source = SyntheticSource::new(SynthConfig::new(176, 144).with_frame_count(Some(3)))?;
//! let frames: Vec<_> = source.collect();
//! assert_eq!(frames.len(), 3);
//! # Ok::<(), framepress_synth::SynthError>(())
//! ```

mod config;
mod digest;
mod error;
mod layout;
mod render;
mod rng;
mod scene;
mod source;

pub use config::SynthConfig;
pub use digest::frame_digest;
pub use error::SynthError;
pub use scene::SCENE_LENGTH;
pub use source::SyntheticSource;

/// Version of the generated content.
///
/// Once published, the output for a given config only changes deliberately, with a CHANGELOG
/// entry (see the repository's `CHANGELOG.md`), so figures measured on it stay comparable. Any
/// change to the pixels — even a rounding fix — bumps this number; the `pinned_content` test
/// fails until it is done.
pub const SYNTH_VERSION: u32 = 1;
