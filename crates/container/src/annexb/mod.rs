//! Annex-B elementary streams (`.264`, `.h264`, `.265`): NAL units with start codes, the
//! format description's parameter sets repeated before every sync sample so a decoder can
//! join the stream at any key frame.
//!
//! Codec-neutral: parameter sets come from the [`FormatDescription`]
//! (`parameter_set_at_index`), and the sample's NAL units are re-framed without parsing them.

use std::io::Write;

use framepress_bitstream::{append_annexb, split_length_prefixed};
use framepress_core::{Error, ErrorKind, FormatDescription, SampleBuffer};

/// Writes samples of a NAL-based codec as an Annex-B stream.
#[derive(Debug)]
pub struct AnnexBWriter<W: Write> {
    inner: W,
    frames: u64,
    bytes: u64,
    scratch: Vec<u8>,
}

fn io(e: std::io::Error) -> Error {
    Error::new(
        ErrorKind::CvError,
        format!("writing the Annex-B stream: {e}"),
    )
}

impl<W: Write> AnnexBWriter<W> {
    /// A writer appending to `inner`.
    pub fn new(inner: W) -> AnnexBWriter<W> {
        AnnexBWriter {
            inner,
            frames: 0,
            bytes: 0,
            scratch: Vec::new(),
        }
    }

    fn parameter_sets(fd: &FormatDescription, out: &mut Vec<u8>) {
        for i in 0..fd.parameter_set_count() {
            if let Some(ps) = fd.parameter_set_at_index(i) {
                append_annexb(out, ps, true);
            }
        }
    }

    /// Appends one sample. Length-prefixed samples (the format description's NAL unit header
    /// length 1, 2 or 4) are re-framed with start codes; a header length of 0 means the sample
    /// is Annex-B already and is copied. Sync samples get the parameter sets first, unless the
    /// sample carries them itself.
    pub fn write_sample(&mut self, sample: &SampleBuffer) -> Result<(), Error> {
        let fd = sample.format_description();
        self.scratch.clear();
        let prefix = fd.nal_unit_header_length();
        if prefix == 0 {
            self.scratch.extend_from_slice(sample.data());
        } else {
            let nals = split_length_prefixed(sample.data(), prefix).map_err(|e| {
                Error::new(
                    ErrorKind::Parameter,
                    format!("sample is not length-prefixed: {e}"),
                )
            })?;
            if sample.is_sync() {
                Self::parameter_sets(fd, &mut self.scratch);
            }
            for nal in nals {
                append_annexb(&mut self.scratch, nal, true);
            }
        }
        self.inner.write_all(&self.scratch).map_err(io)?;
        self.frames += 1;
        self.bytes += self.scratch.len() as u64;
        Ok(())
    }

    /// Samples written.
    pub fn frames(&self) -> u64 {
        self.frames
    }

    /// Bytes written.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// Flushes and returns the inner writer.
    pub fn finish(mut self) -> Result<W, Error> {
        self.inner.flush().map_err(io)?;
        Ok(self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use framepress_core::{CodecType, Dictionary, SampleAttachments, SampleTiming};

    fn fd() -> FormatDescription {
        FormatDescription::with_parameter_sets(
            CodecType::H264,
            16,
            16,
            Dictionary::new(),
            vec![vec![0x67, 1], vec![0x68, 2]],
            4,
        )
    }

    #[test]
    fn key_frames_get_parameter_sets_and_start_codes() {
        let mut data = Vec::new();
        for nal in [&[0x65u8, 9, 9][..], &[0x65, 8]] {
            data.extend_from_slice(&(nal.len() as u32).to_be_bytes());
            data.extend_from_slice(nal);
        }
        let key = SampleBuffer::new(
            data.clone(),
            fd(),
            SampleTiming::default(),
            SampleAttachments::key_frame(),
        );
        let delta = SampleBuffer::new(
            data,
            fd(),
            SampleTiming::default(),
            SampleAttachments {
                not_sync: true,
                ..Default::default()
            },
        );
        let mut w = AnnexBWriter::new(Vec::new());
        w.write_sample(&key).unwrap();
        w.write_sample(&delta).unwrap();
        let out = w.finish().unwrap();
        let expected: Vec<u8> = [
            &[0, 0, 0, 1, 0x67, 1][..],
            &[0, 0, 0, 1, 0x68, 2],
            &[0, 0, 0, 1, 0x65, 9, 9],
            &[0, 0, 0, 1, 0x65, 8],
            &[0, 0, 0, 1, 0x65, 9, 9],
            &[0, 0, 0, 1, 0x65, 8],
        ]
        .concat();
        assert_eq!(out, expected);
    }

    #[test]
    fn broken_length_prefix_is_an_error() {
        let s = SampleBuffer::new(
            vec![0, 0, 0, 9, 1],
            fd(),
            SampleTiming::default(),
            SampleAttachments::key_frame(),
        );
        let mut w = AnnexBWriter::new(Vec::new());
        assert!(w.write_sample(&s).is_err());
    }
}
