//! [`SyntheticSource`]: the frame iterator and random-access renderer.

use framepress_core::{
    ColorPrimaries, PixelBuffer, PixelFormat, Time, TransferFunction, YCbCrMatrix,
};

use crate::config::SynthConfig;
use crate::error::SynthError;
use crate::layout::Layout;
use crate::render::render;
use crate::scene::SCENE_LENGTH;

/// A deterministic synthetic video source yielding I420 video-range frames tagged BT.709.
///
/// Iterating yields frames 0, 1, 2, … up to the configured count; [`frame`](Self::frame)
/// renders any frame directly, with identical results.
pub struct SyntheticSource {
    config: SynthConfig,
    layout: Layout,
    /// A blank frame with the colour attachments set; frames start as copies of it, so
    /// rendering never allocates through a fallible path.
    template: PixelBuffer,
    next: u64,
}

impl std::fmt::Debug for SyntheticSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyntheticSource")
            .field("config", &self.config)
            .field("next", &self.next)
            .finish_non_exhaustive()
    }
}

impl SyntheticSource {
    /// Validates `config` and prepares the layout for its size.
    pub fn new(config: SynthConfig) -> Result<SyntheticSource, SynthError> {
        config.validate()?;
        let mut template = PixelBuffer::new(config.width, config.height, PixelFormat::I420)?;
        template.set_color(
            Some(ColorPrimaries::Itu709),
            Some(TransferFunction::Itu709),
            Some(YCbCrMatrix::Itu709),
        );
        let layout = Layout::new(config.width, config.height);
        Ok(SyntheticSource {
            config,
            layout,
            template,
            next: 0,
        })
    }

    /// The configuration.
    pub fn config(&self) -> &SynthConfig {
        &self.config
    }

    /// Frame `index`, a pure function of the configuration and `index` (the configured frame
    /// count does not limit it).
    pub fn frame(&self, index: u64) -> PixelBuffer {
        let mut buf = self.template.clone();
        render(&self.layout, self.config.seed, index, &mut buf);
        buf
    }

    /// Renders frame `index` into `buf` (e.g. one from a pool), which must be I420 of the
    /// configured size; row padding is left untouched and attachments are not changed.
    pub fn fill_frame(&self, index: u64, buf: &mut PixelBuffer) -> Result<(), SynthError> {
        let (width, height) = (buf.width(), buf.height());
        if (width, height) != (self.config.width, self.config.height)
            || buf.pixel_format() != PixelFormat::I420
        {
            return Err(SynthError::WrongBuffer {
                expected_width: self.config.width,
                expected_height: self.config.height,
                width,
                height,
                format: buf.pixel_format(),
            });
        }
        render(&self.layout, self.config.seed, index, buf);
        Ok(())
    }

    /// Presentation time of frame `index`: `index / frame rate`, in a timescale of the frame
    /// rate's numerator (exact for any rate). [`Time::INVALID`] if it does not fit a `CMTime`.
    pub fn pts(&self, index: u64) -> Time {
        let (num, den) = self.config.frame_rate;
        let value = i64::try_from(index)
            .ok()
            .and_then(|i| i.checked_mul(i64::from(den)));
        match (value, i32::try_from(num)) {
            (Some(value), Ok(timescale)) => Time::new(value, timescale),
            _ => Time::INVALID,
        }
    }

    /// Duration of one frame.
    pub fn frame_duration(&self) -> Time {
        self.pts(1)
    }

    /// Whether frame `index` starts a new scene (a hard cut an encoder should key-frame).
    pub fn is_scene_cut(&self, index: u64) -> bool {
        index > 0 && index.is_multiple_of(SCENE_LENGTH)
    }

    /// Index of the frame the iterator yields next.
    pub fn position(&self) -> u64 {
        self.next
    }

    fn remaining(&self) -> Option<u64> {
        self.config.frame_count.map(|n| n.saturating_sub(self.next))
    }
}

impl Iterator for SyntheticSource {
    type Item = PixelBuffer;

    fn next(&mut self) -> Option<PixelBuffer> {
        if self.remaining() == Some(0) {
            return None;
        }
        let frame = self.frame(self.next);
        self.next += 1;
        Some(frame)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self.remaining() {
            Some(n) => {
                let n = usize::try_from(n).unwrap_or(usize::MAX);
                (n, Some(n))
            }
            None => (usize::MAX, None),
        }
    }

    /// Skips frames without rendering them (frames are random access).
    fn nth(&mut self, n: usize) -> Option<PixelBuffer> {
        let skip = u64::try_from(n).unwrap_or(u64::MAX);
        self.next = match self.config.frame_count {
            Some(count) => self.next.saturating_add(skip).min(count),
            None => self.next.saturating_add(skip),
        };
        self.next()
    }
}
