//! [`Y4mWriter`]: pixel buffers → YUV4MPEG2 stream (8-bit 4:2:0), e.g. for `--recon` files.

use std::io::Write;

use framepress_core::{ColorRange, PixelBuffer, PixelFormat};

use super::error::Y4mError;
use super::header::Y4mHeader;
use super::planes;

/// Writes an 8-bit 4:2:0 (`C420jpeg`) progressive YUV4MPEG2 stream that FFmpeg reads.
///
/// Accepts I420 and NV12 buffers (NV12 chroma is de-interleaved to planar); the buffers'
/// range must match the range written in the header, which is always explicit
/// (`XCOLORRANGE=LIMITED` or `=FULL`). Each frame is assembled in memory and written with one
/// `write_all`, so an unbuffered writer is fine.
#[derive(Debug)]
pub struct Y4mWriter<W: Write> {
    inner: W,
    header: Y4mHeader,
    frames_written: u64,
    scratch: Vec<u8>,
}

impl<W: Write> Y4mWriter<W> {
    /// Validates the stream parameters and writes the stream header.
    pub fn new(
        inner: W,
        width: usize,
        height: usize,
        frame_rate: (u32, u32),
        color_range: ColorRange,
    ) -> Result<Y4mWriter<W>, Y4mError> {
        Y4mWriter::with_header(
            inner,
            Y4mHeader::new(width, height, frame_rate, color_range)?,
        )
    }

    /// Writes `header` (e.g. one built with [`Y4mHeader::new`] and given a pixel aspect
    /// ratio, or one read from another stream). Its chroma format must be 8-bit, since only
    /// 8-bit frames can be written.
    pub fn with_header(mut inner: W, header: Y4mHeader) -> Result<Y4mWriter<W>, Y4mError> {
        if header.chroma().bit_depth() != 8 {
            return Err(Y4mError::UnsupportedPixelFormat {
                format: header.pixel_format(),
            });
        }
        inner.write_all(header.to_line().as_bytes())?;
        Ok(Y4mWriter {
            inner,
            header,
            frames_written: 0,
            scratch: Vec::new(),
        })
    }

    /// The header written.
    pub fn header(&self) -> &Y4mHeader {
        &self.header
    }

    /// Writes one frame.
    pub fn write_frame(&mut self, buf: &PixelBuffer) -> Result<(), Y4mError> {
        let frame = self.frames_written;
        let format = buf.pixel_format();
        if !matches!(
            format,
            PixelFormat::I420
                | PixelFormat::I420FullRange
                | PixelFormat::Nv12VideoRange
                | PixelFormat::Nv12FullRange
        ) {
            return Err(Y4mError::UnsupportedPixelFormat { format });
        }
        if (buf.width(), buf.height()) != (self.header.width(), self.header.height()) {
            return Err(Y4mError::FrameSizeMismatch {
                frame,
                expected_width: self.header.width(),
                expected_height: self.header.height(),
                width: buf.width(),
                height: buf.height(),
            });
        }
        if format.range() != self.header.color_range() {
            return Err(Y4mError::ColorRangeMismatch {
                frame,
                expected: self.header.color_range(),
                format,
            });
        }
        self.scratch.clear();
        self.scratch.extend_from_slice(b"FRAME\n");
        if planes::append_planar_420(buf, &mut self.scratch).is_none() {
            return Err(Y4mError::UnsupportedPixelFormat { format });
        }
        self.inner.write_all(&self.scratch)?;
        self.frames_written += 1;
        Ok(())
    }

    /// How many frames have been written.
    pub fn frames_written(&self) -> u64 {
        self.frames_written
    }

    /// Flushes and returns the underlying writer.
    pub fn finish(mut self) -> Result<W, Y4mError> {
        self.inner.flush()?;
        Ok(self.inner)
    }
}
