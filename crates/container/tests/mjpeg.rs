//! The MJPEG writer: concatenation, counting and validation.

#![allow(clippy::unwrap_used)]

use framepress_container::{MjpegError, MjpegWriter};
use framepress_core::{
    CodecType, Dictionary, FormatDescription, SampleAttachments, SampleBuffer, SampleTiming,
};

/// The smallest byte string that passes the SOI/EOI check.
const TINY: &[u8] = &[0xFF, 0xD8, 0x01, 0x02, 0xFF, 0xD9];

fn sample(codec: CodecType, data: &'static [u8]) -> SampleBuffer {
    let format = FormatDescription::new(codec, 16, 16, Dictionary::new());
    SampleBuffer::new(
        data,
        format,
        SampleTiming::default(),
        SampleAttachments::key_frame(),
    )
}

#[test]
fn concatenates_and_counts() {
    let mut writer = MjpegWriter::new(Vec::new());
    writer.write_jpeg(TINY).unwrap();
    writer.write_sample(&sample(CodecType::JPEG, TINY)).unwrap();
    assert_eq!((writer.frames(), writer.bytes()), (2, 12));
    assert_eq!(writer.finish().unwrap(), [TINY, TINY].concat());
}

#[test]
fn rejects_fragments_and_other_codecs() {
    let mut writer = MjpegWriter::new(Vec::new());
    for bad in [
        &[][..],
        &[0xFF, 0xD8],
        &[0xFF, 0xD9, 0xFF, 0xD9],
        &[0xFF, 0xD8, 0x00, 0x00],
        &[0xFF, 0xD8, 0xD9],
    ] {
        let err = writer.write_jpeg(bad).unwrap_err();
        assert!(
            matches!(err, MjpegError::NotJpeg { frame: 0, .. }),
            "{bad:?}: {err}"
        );
    }
    let err = writer
        .write_sample(&sample(CodecType::H264, TINY))
        .unwrap_err();
    assert!(
        matches!(
            err,
            MjpegError::WrongCodec {
                frame: 0,
                codec: CodecType::H264
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("not JPEG"), "{err}");
    assert_eq!((writer.frames(), writer.bytes()), (0, 0));
    assert!(writer.finish().unwrap().is_empty());
}
