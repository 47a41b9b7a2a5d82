//! [`RawVideoReader`]: raw frames → pixel buffers.

use std::io::Read;

use framepress_core::PixelBuffer;
use framepress_core::pixel_buffer::MAX_DIMENSION;

use super::error::RawVideoError;
use super::format::RawFormat;
use crate::stream_io::read_full;
use crate::y4m::planes::fill_p010;

/// Reads raw frames of one size and layout. Pass a [`std::io::BufReader`] for files and
/// pipes; each frame is read with as few calls as the reader allows.
#[derive(Debug)]
pub struct RawVideoReader<R> {
    inner: R,
    format: RawFormat,
    width: usize,
    height: usize,
    frames_read: u64,
    scratch: Vec<u8>,
    failed: bool,
}

impl<R: Read> RawVideoReader<R> {
    /// A reader of `width × height` frames in `format`.
    pub fn new(
        inner: R,
        width: usize,
        height: usize,
        format: RawFormat,
    ) -> Result<RawVideoReader<R>, RawVideoError> {
        if width == 0 || height == 0 || width > MAX_DIMENSION || height > MAX_DIMENSION {
            return Err(RawVideoError::BadSize { width, height });
        }
        Ok(RawVideoReader {
            inner,
            format,
            width,
            height,
            frames_read: 0,
            scratch: vec![0; format.frame_size(width, height)],
            failed: false,
        })
    }

    /// Frame width.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Frame height.
    pub fn height(&self) -> usize {
        self.height
    }

    /// The layout.
    pub fn format(&self) -> RawFormat {
        self.format
    }

    /// Bytes per frame.
    pub fn frame_size(&self) -> usize {
        self.scratch.len()
    }

    /// Frames read so far.
    pub fn frames_read(&self) -> u64 {
        self.frames_read
    }

    /// Reads the next frame's bytes; `false` at a clean end of stream.
    fn read_bytes(&mut self) -> Result<bool, RawVideoError> {
        if self.failed {
            return Ok(false);
        }
        let got = read_full(&mut self.inner, &mut self.scratch).inspect_err(|_| {
            self.failed = true;
        })?;
        if got == 0 {
            return Ok(false);
        }
        if got < self.scratch.len() {
            self.failed = true;
            return Err(RawVideoError::Truncated {
                frame: self.frames_read,
                got,
                need: self.scratch.len(),
            });
        }
        self.frames_read += 1;
        Ok(true)
    }

    /// Skips the next frame without building a buffer; `false` at the end of the stream.
    pub fn skip_frame(&mut self) -> Result<bool, RawVideoError> {
        self.read_bytes()
    }

    /// The next frame, `None` at a clean end of stream.
    pub fn read_frame(&mut self) -> Result<Option<PixelBuffer>, RawVideoError> {
        if !self.read_bytes()? {
            return Ok(None);
        }
        let mut buf = PixelBuffer::new(self.width, self.height, self.format.pixel_format())?;
        if self.format == RawFormat::Yuv420p10le {
            fill_p010(&mut buf, &self.scratch);
            return Ok(Some(buf));
        }
        let mut planes = Vec::with_capacity(3);
        let mut rest = self.scratch.as_slice();
        for (row, rows) in self.format.planes(self.width, self.height) {
            let (plane, tail) = rest.split_at(row * rows);
            planes.push((plane, row));
            rest = tail;
        }
        buf.copy_from_planes(&planes)?;
        Ok(Some(buf))
    }
}

impl<R: Read> Iterator for RawVideoReader<R> {
    type Item = Result<PixelBuffer, RawVideoError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.read_frame().transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use framepress_core::PixelFormat;

    #[test]
    fn planar_and_semi_planar_frames_land_in_their_planes() {
        // 4x2 I420: Y = 0..8, U = [100, 101], V = [200, 201]; two frames.
        let mut frame: Vec<u8> = (0..8).collect();
        frame.extend([100, 101, 200, 201]);
        let data = [frame.clone(), frame].concat();
        let mut r = RawVideoReader::new(&data[..], 4, 2, RawFormat::Yuv420p).unwrap();
        let f = r.read_frame().unwrap().unwrap();
        assert_eq!(f.pixel_format(), PixelFormat::I420);
        assert_eq!(f.plane(0).unwrap().row(1), &[4, 5, 6, 7]);
        assert_eq!(f.plane(2).unwrap().row(0), &[200, 201]);
        assert!(r.read_frame().unwrap().is_some());
        assert!(r.read_frame().unwrap().is_none());
        assert_eq!(r.frames_read(), 2);

        let mut nv12: Vec<u8> = (0..8).collect();
        nv12.extend([100, 200, 101, 201]);
        let mut r = RawVideoReader::new(&nv12[..], 4, 2, RawFormat::Nv12).unwrap();
        let f = r.read_frame().unwrap().unwrap();
        assert_eq!(f.plane(1).unwrap().row(0), &[100, 200, 101, 201]);
    }

    #[test]
    fn ten_bit_planar_moves_to_the_high_bits() {
        let mut data = Vec::new();
        for v in [1u16, 2, 3, 4, 1023, 1023, 512, 0, 1, 1] {
            data.extend(v.to_le_bytes());
        }
        // 4x1: Y 4 words [1, 2, 3, 4], U 2 words [1023, 1023], V 2 words [512, 0].
        data.truncate(16);
        let mut r = RawVideoReader::new(&data[..], 4, 1, RawFormat::Yuv420p10le).unwrap();
        let f = r.read_frame().unwrap().unwrap();
        let y = f.plane(0).unwrap();
        assert_eq!(u16::from_le_bytes([y.row(0)[0], y.row(0)[1]]), 1 << 6);
        let c = f.plane(1).unwrap();
        // Cb0 = 1023, Cr0 = 512 interleaved.
        assert_eq!(u16::from_le_bytes([c.row(0)[0], c.row(0)[1]]), 1023 << 6);
        assert_eq!(u16::from_le_bytes([c.row(0)[2], c.row(0)[3]]), 512 << 6);
    }

    #[test]
    fn a_partial_frame_is_truncation_and_bad_sizes_are_refused() {
        let data = [0u8; 12 + 5];
        let mut r = RawVideoReader::new(&data[..], 4, 2, RawFormat::Yuv420p).unwrap();
        assert!(r.read_frame().unwrap().is_some());
        let e = r.read_frame().unwrap_err();
        assert!(
            matches!(
                e,
                RawVideoError::Truncated {
                    frame: 1,
                    got: 5,
                    need: 12
                }
            ),
            "{e}"
        );
        assert!(r.read_frame().unwrap().is_none(), "stops after an error");
        assert!(matches!(
            RawVideoReader::new(&data[..], 0, 2, RawFormat::Nv12),
            Err(RawVideoError::BadSize { .. })
        ));
    }
}
