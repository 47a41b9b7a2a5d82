//! [`SynthConfig`]: what to generate.

use framepress_core::pixel_buffer::MAX_DIMENSION;

use crate::error::SynthError;

/// Size, rate, length and seed of a synthetic sequence.
///
/// The default is 640×360 at 30 fps, 60 frames (one cycle of both scenes), seed 0.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SynthConfig {
    /// Width in pixels: even (4:2:0 chroma), 2 ..= `MAX_DIMENSION`.
    pub width: usize,
    /// Height in pixels: even, 2 ..= `MAX_DIMENSION`.
    pub height: usize,
    /// Frames per second as (numerator, denominator), both positive; the numerator becomes
    /// the time stamps' timescale, so it must also fit an `i32`.
    pub frame_rate: (u32, u32),
    /// Frames the iterator yields; `None` for an endless source.
    pub frame_count: Option<u64>,
    /// Varies the grain and the text, keeping layout and motion; 0 is the reference.
    pub seed: u64,
}

impl Default for SynthConfig {
    fn default() -> SynthConfig {
        SynthConfig {
            width: 640,
            height: 360,
            frame_rate: (30, 1),
            frame_count: Some(60),
            seed: 0,
        }
    }
}

impl SynthConfig {
    /// The default configuration at another size.
    pub fn new(width: usize, height: usize) -> SynthConfig {
        SynthConfig {
            width,
            height,
            ..SynthConfig::default()
        }
    }

    /// Sets the frame rate.
    pub fn with_frame_rate(mut self, num: u32, den: u32) -> SynthConfig {
        self.frame_rate = (num, den);
        self
    }

    /// Sets the number of frames (`None`: endless).
    pub fn with_frame_count(mut self, frame_count: Option<u64>) -> SynthConfig {
        self.frame_count = frame_count;
        self
    }

    /// Sets the seed.
    pub fn with_seed(mut self, seed: u64) -> SynthConfig {
        self.seed = seed;
        self
    }

    /// Checks the configuration ([`SyntheticSource::new`](crate::SyntheticSource::new)
    /// does this too).
    pub fn validate(&self) -> Result<(), SynthError> {
        let (width, height) = (self.width, self.height);
        if !(2..=MAX_DIMENSION).contains(&width) || !(2..=MAX_DIMENSION).contains(&height) {
            return Err(SynthError::SizeOutOfRange {
                width,
                height,
                max: MAX_DIMENSION,
            });
        }
        if !width.is_multiple_of(2) || !height.is_multiple_of(2) {
            return Err(SynthError::OddSize { width, height });
        }
        let (num, den) = self.frame_rate;
        if num == 0 || den == 0 || i32::try_from(num).is_err() {
            return Err(SynthError::InvalidFrameRate { num, den });
        }
        Ok(())
    }
}
