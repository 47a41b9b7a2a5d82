//! Concatenated JPEG ("MJPEG" elementary stream, `.mjpeg`): each frame's JPEG image written
//! back to back, which FFmpeg reads with `-f mjpeg` (frame rate given on its command line).
//!
//! This is the simplest way to make the JPEG encoder's output playable and checkable by
//! FFmpeg without a real container.

mod error;

use std::io::Write;

use framepress_core::{CodecType, SampleBuffer};

pub use error::MjpegError;

/// JPEG start-of-image marker.
const SOI: [u8; 2] = [0xFF, 0xD8];
/// JPEG end-of-image marker.
const EOI: [u8; 2] = [0xFF, 0xD9];

/// Appends JPEG images to a writer and counts what it wrote.
#[derive(Debug)]
pub struct MjpegWriter<W: Write> {
    inner: W,
    frames: u64,
    bytes: u64,
}

impl<W: Write> MjpegWriter<W> {
    /// A writer appending to `inner` (wrap files in a `BufWriter` if frames are small).
    pub fn new(inner: W) -> MjpegWriter<W> {
        MjpegWriter {
            inner,
            frames: 0,
            bytes: 0,
        }
    }

    /// Appends one JPEG image. It must start with SOI and end with EOI: a fragment would
    /// silently merge with its neighbours when the stream is read back.
    pub fn write_jpeg(&mut self, jpeg: &[u8]) -> Result<(), MjpegError> {
        let reason = if !jpeg.starts_with(&SOI) {
            Some("it does not start with the SOI marker FF D8")
        } else if jpeg.len() < 4 || !jpeg.ends_with(&EOI) {
            Some("it does not end with the EOI marker FF D9")
        } else {
            None
        };
        if let Some(reason) = reason {
            return Err(MjpegError::NotJpeg {
                frame: self.frames,
                reason,
            });
        }
        self.inner.write_all(jpeg)?;
        self.frames += 1;
        self.bytes += jpeg.len() as u64;
        Ok(())
    }

    /// Appends the payload of a JPEG sample buffer.
    pub fn write_sample(&mut self, sample: &SampleBuffer) -> Result<(), MjpegError> {
        let codec = sample.format_description().codec_type();
        if codec != CodecType::JPEG {
            return Err(MjpegError::WrongCodec {
                frame: self.frames,
                codec,
            });
        }
        self.write_jpeg(sample.data())
    }

    /// Frames written so far.
    pub fn frames(&self) -> u64 {
        self.frames
    }

    /// Bytes written so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// Flushes and returns the underlying writer.
    pub fn finish(mut self) -> Result<W, MjpegError> {
        self.inner.flush()?;
        Ok(self.inner)
    }
}
