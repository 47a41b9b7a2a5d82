//! [`Y4mReader`]: YUV4MPEG2 stream → pixel buffers.

use std::io::Read;

use framepress_core::color::attachment_keys;
use framepress_core::{ColorRange, PixelAspectRatio, PixelBuffer, PixelFormat, Value};

use super::chroma::Y4mChroma;
use super::error::Y4mError;
use super::header::{SIGNATURE, Y4mHeader, preview};
use super::planes;
use crate::stream_io::{read_full, read_line};

/// Longest stream header accepted. FFmpeg's are under 100 bytes; the bound only keeps a
/// non-Y4M input from being read whole while looking for a line end.
pub const MAX_HEADER_LEN: usize = 4096;

/// Longest `FRAME` line accepted (frame parameters are rare and short).
const MAX_FRAME_HEADER_LEN: usize = 1024;

/// The frame marker.
const FRAME_TAG: &[u8] = b"FRAME";

/// Reads a YUV4MPEG2 stream frame by frame.
///
/// Headers are read one byte at a time so that nothing beyond them is consumed; pass a
/// [`std::io::BufReader`] when reading an unbuffered source such as a file or pipe. Frames
/// are delivered as [`PixelFormat::I420`] / [`PixelFormat::I420FullRange`] (8-bit) or
/// [`PixelFormat::P010VideoRange`] / [`PixelFormat::P010FullRange`] (10-bit), carrying the
/// stream's pixel aspect ratio and chroma siting as CoreVideo attachments.
#[derive(Debug)]
pub struct Y4mReader<R> {
    inner: R,
    header: Y4mHeader,
    frames_read: u64,
    scratch: Vec<u8>,
    /// Set after an error, so iteration stops instead of reading from a confused position.
    failed: bool,
}

impl<R: Read> Y4mReader<R> {
    /// Reads and validates the stream header.
    pub fn new(mut reader: R) -> Result<Y4mReader<R>, Y4mError> {
        // Check the signature before looking for a line end, so a non-Y4M file is reported
        // as such rather than as an over-long header.
        let mut start = vec![0u8; SIGNATURE.len() + 1];
        let n = read_full(&mut reader, &mut start)?;
        start.truncate(n);
        let signature_ok = start.starts_with(SIGNATURE)
            && matches!(start.get(SIGNATURE.len()), Some(b' ' | b'\n'));
        if !signature_ok {
            return Err(Y4mError::NotY4m {
                found: preview(&start),
            });
        }
        let line = if start.last() == Some(&b'\n') {
            start.pop();
            start
        } else {
            let line = read_line(&mut reader, start, MAX_HEADER_LEN)?;
            // A stream that ends inside its header (no newline) has no frames; it is still
            // parsed, so a missing parameter gets named.
            if !line.complete && line.bytes.len() >= MAX_HEADER_LEN {
                return Err(Y4mError::HeaderTooLong {
                    limit: MAX_HEADER_LEN,
                });
            }
            line.bytes
        };
        let header = Y4mHeader::parse(&line)?;
        Ok(Y4mReader {
            inner: reader,
            header,
            frames_read: 0,
            scratch: Vec::new(),
            failed: false,
        })
    }

    /// The parsed stream header.
    pub fn header(&self) -> &Y4mHeader {
        &self.header
    }

    /// Frame width in pixels.
    pub fn width(&self) -> usize {
        self.header.width()
    }

    /// Frame height in pixels.
    pub fn height(&self) -> usize {
        self.header.height()
    }

    /// Frame rate as (numerator, denominator) frames per second.
    pub fn frame_rate(&self) -> (u32, u32) {
        self.header.frame_rate()
    }

    /// Pixel aspect ratio, or `None` when unknown.
    pub fn pixel_aspect(&self) -> Option<PixelAspectRatio> {
        self.header.pixel_aspect()
    }

    /// Colour range (from FFmpeg's `XCOLORRANGE` extension; video range when absent).
    pub fn color_range(&self) -> ColorRange {
        self.header.color_range()
    }

    /// The stream's chroma format.
    pub fn chroma(&self) -> Y4mChroma {
        self.header.chroma()
    }

    /// The pixel format [`read_frame`](Self::read_frame) delivers.
    pub fn pixel_format(&self) -> PixelFormat {
        self.header.pixel_format()
    }

    /// How many frames have been read so far.
    pub fn frames_read(&self) -> u64 {
        self.frames_read
    }

    /// The next frame, or `Ok(None)` when the stream ends cleanly between frames.
    pub fn read_frame(&mut self) -> Result<Option<PixelBuffer>, Y4mError> {
        if !self.read_frame_header()? {
            return Ok(None);
        }
        let mut buf = PixelBuffer::new(self.width(), self.height(), self.pixel_format())?;
        self.read_frame_data(&mut buf)?;
        Ok(Some(buf))
    }

    /// Reads the next frame into `buf` (e.g. one from a pool), which must have the stream's
    /// size and [`pixel_format`](Self::pixel_format). Returns `Ok(false)` at a clean end of
    /// stream, leaving `buf` untouched.
    pub fn read_frame_into(&mut self, buf: &mut PixelBuffer) -> Result<bool, Y4mError> {
        if (buf.width(), buf.height()) != (self.width(), self.height())
            || buf.pixel_format() != self.pixel_format()
        {
            return Err(Y4mError::Buffer(framepress_core::Error::parameter(
                format!(
                    "read_frame_into needs a {}x{} {} buffer, got {}x{} {}",
                    self.width(),
                    self.height(),
                    self.pixel_format(),
                    buf.width(),
                    buf.height(),
                    buf.pixel_format()
                ),
            )));
        }
        if !self.read_frame_header()? {
            return Ok(false);
        }
        self.read_frame_data(buf)?;
        Ok(true)
    }

    /// Returns the underlying reader, positioned after the last frame read.
    pub fn into_inner(self) -> R {
        self.inner
    }

    /// Consumes a `FRAME` line; `false` at a clean end of stream.
    fn read_frame_header(&mut self) -> Result<bool, Y4mError> {
        let line = read_line(&mut self.inner, Vec::new(), MAX_FRAME_HEADER_LEN)?;
        if line.bytes.is_empty() && !line.complete {
            return Ok(false);
        }
        let well_formed = line.complete
            && line.bytes.starts_with(FRAME_TAG)
            && matches!(line.bytes.get(FRAME_TAG.len()), None | Some(b' '));
        if !well_formed {
            return Err(Y4mError::BadFrameHeader {
                frame: self.frames_read,
                found: preview(&line.bytes),
            });
        }
        // Frame parameters (per-frame interlacing etc.) do not apply to progressive
        // streams and are ignored.
        Ok(true)
    }

    /// Reads one frame's pixel data into `buf` and tags it with the stream's attachments.
    fn read_frame_data(&mut self, buf: &mut PixelBuffer) -> Result<(), Y4mError> {
        let expected = self.header.frame_size();
        self.scratch.resize(expected, 0);
        let got = read_full(&mut self.inner, &mut self.scratch)?;
        if got < expected {
            return Err(Y4mError::TruncatedFrame {
                frame: self.frames_read,
                expected,
                missing: expected - got,
            });
        }
        if self.header.chroma().bit_depth() > 8 {
            planes::fill_p010(buf, &self.scratch);
        } else {
            planes::fill_i420(buf, &self.scratch)?;
        }
        if let Some(par) = self.header.pixel_aspect() {
            buf.set_attachment(
                attachment_keys::PIXEL_ASPECT_RATIO,
                Some(Value::from(par.to_dictionary())),
            );
        }
        if let Some(location) = self.header.chroma().chroma_location() {
            buf.set_attachment(
                attachment_keys::CHROMA_LOCATION_TOP_FIELD,
                Some(location.into()),
            );
        }
        self.frames_read += 1;
        Ok(())
    }
}

/// Frames in order; iteration ends after the last frame or the first error.
impl<R: Read> Iterator for Y4mReader<R> {
    type Item = Result<PixelBuffer, Y4mError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let item = self.read_frame().transpose();
        self.failed = matches!(item, Some(Err(_)));
        item
    }
}
