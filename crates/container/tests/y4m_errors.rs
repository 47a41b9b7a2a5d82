//! Every error path, each provoked by a crafted byte string.

#![allow(clippy::unwrap_used)]

use std::io::{self, Read, Write};

use framepress_container::y4m::{Y4mError, Y4mParam, Y4mReader, Y4mWriter};
use framepress_core::pixel_buffer::MAX_DIMENSION;
use framepress_core::{ColorRange, PixelBuffer, PixelFormat};

fn open(bytes: &[u8]) -> Y4mError {
    Y4mReader::new(bytes).unwrap_err()
}

fn header(params: &str) -> Y4mError {
    open(format!("YUV4MPEG2 {params}\n").as_bytes())
}

#[test]
fn not_a_y4m_stream() {
    for bytes in [
        &b"RIFF\0\0\0\0AVI LIST"[..],
        b"",
        b"YUV4MPEG",
        b"YUV4MPEG2X W2",
        b"\x00\x00\x00\x20ftypisom",
    ] {
        let err = open(bytes);
        assert!(matches!(err, Y4mError::NotY4m { .. }), "{bytes:?}: {err}");
        assert!(err.to_string().contains("not a YUV4MPEG2 stream"), "{err}");
    }
}

#[test]
fn header_without_line_end() {
    let mut bytes = b"YUV4MPEG2 W2 H2 F25:1 ".to_vec();
    bytes.resize(10_000, b'Q');
    let err = open(&bytes);
    assert!(matches!(err, Y4mError::HeaderTooLong { .. }), "{err}");
}

#[test]
fn missing_parameters() {
    for (params, missing) in [
        ("H2 F25:1", Y4mParam::Width),
        ("W2 F25:1", Y4mParam::Height),
        ("W2 H2", Y4mParam::FrameRate),
        ("W2 H2 C420jpeg", Y4mParam::FrameRate),
    ] {
        let err = header(params);
        assert!(
            matches!(err, Y4mError::MissingParameter { param } if param == missing),
            "{params}: {err}"
        );
        assert!(err.to_string().contains("lacks"), "{err}");
    }
    // A stream cut inside its header still names what is missing.
    assert!(matches!(
        open(b"YUV4MPEG2 W2 H2"),
        Y4mError::MissingParameter {
            param: Y4mParam::FrameRate
        }
    ));
    assert!(matches!(
        open(b"YUV4MPEG2\n"),
        Y4mError::MissingParameter {
            param: Y4mParam::Width
        }
    ));
}

#[test]
fn invalid_parameters() {
    for (params, bad) in [
        ("W0 H2 F25:1", Y4mParam::Width),
        ("W-4 H2 F25:1", Y4mParam::Width),
        ("Wabc H2 F25:1", Y4mParam::Width),
        ("W H2 F25:1", Y4mParam::Width),
        ("W2 H0 F25:1", Y4mParam::Height),
        ("W2 H-1 F25:1", Y4mParam::Height),
        ("W2 H2 F0:1", Y4mParam::FrameRate),
        ("W2 H2 F25:0", Y4mParam::FrameRate),
        ("W2 H2 F-25:1", Y4mParam::FrameRate),
        ("W2 H2 F25", Y4mParam::FrameRate),
        ("W2 H2 F99999999999:1", Y4mParam::FrameRate),
        ("W2 H2 F25:1 A-1:1", Y4mParam::PixelAspect),
        ("W2 H2 F25:1 Ax", Y4mParam::PixelAspect),
        ("W2 H2 F25:1 Ix", Y4mParam::Interlacing),
        ("W2 H2 F25:1 XCOLORRANGE=BOGUS", Y4mParam::ColorRange),
    ] {
        let err = header(params);
        assert!(
            matches!(&err, Y4mError::InvalidParameter { param, .. } if *param == bad),
            "{params}: {err}"
        );
    }
    let msg = header("W0 H2 F25:1").to_string();
    assert!(
        msg.contains("width (W)") && msg.contains("\"0\"") && msg.contains("positive"),
        "{msg}"
    );
    let msg = header("W2 H2 F30:0").to_string();
    assert!(
        msg.contains("frame rate (F)") && msg.contains("30:0"),
        "{msg}"
    );
}

#[test]
fn sizes_that_overflow_or_exceed_max_dimension() {
    let too_big = MAX_DIMENSION + 1;
    for params in [
        format!("W{too_big} H2 F25:1"),
        format!("W2 H{too_big} F25:1"),
        "W99999999999999999999999999 H2 F25:1".to_owned(),
        "W2 H18446744073709551616 F25:1".to_owned(),
    ] {
        let err = header(&params);
        assert!(
            matches!(
                err,
                Y4mError::TooLarge {
                    max: MAX_DIMENSION,
                    ..
                }
            ),
            "{params}: {err}"
        );
        assert!(
            err.to_string().contains("exceeds the maximum of 16384"),
            "{err}"
        );
    }
    assert!(Y4mReader::new(format!("YUV4MPEG2 W{MAX_DIMENSION} H2 F1:1\n").as_bytes()).is_ok());
}

#[test]
fn unsupported_chroma_is_named_with_the_alternatives() {
    for chroma in ["422", "444", "mono", "420p12", "444alpha", "411"] {
        let err = header(&format!("W2 H2 F25:1 C{chroma}"));
        assert!(
            matches!(&err, Y4mError::UnsupportedChroma { chroma: c } if c == chroma),
            "{err}"
        );
        let msg = err.to_string();
        assert!(msg.contains(&format!("\"{chroma}\"")), "{msg}");
        for supported in ["420jpeg", "420paldv", "420mpeg2", "420p10"] {
            assert!(msg.contains(supported), "{msg}");
        }
    }
}

#[test]
fn interlaced_content_is_rejected() {
    for mode in ['t', 'b', 'm'] {
        let err = header(&format!("W2 H2 F25:1 I{mode}"));
        assert!(
            matches!(err, Y4mError::Interlaced { mode: m } if m == mode),
            "{err}"
        );
        assert!(err.to_string().contains("only progressive"), "{err}");
    }
    for ok in ["Ip", "I?"] {
        assert!(Y4mReader::new(format!("YUV4MPEG2 W2 H2 F25:1 {ok}\n").as_bytes()).is_ok());
    }
}

const HEADER: &[u8] = b"YUV4MPEG2 W2 H2 F25:1\n";
const FRAME: &[u8] = b"FRAME\n\x10\x20\x30\x40\x80\x90";

fn read_all(bytes: &[u8]) -> Result<usize, Y4mError> {
    let mut reader = Y4mReader::new(bytes)?;
    let mut n = 0;
    while reader.read_frame()?.is_some() {
        n += 1;
    }
    Ok(n)
}

#[test]
fn bad_frame_headers() {
    for (tail, frame, found) in [
        (&b"FRAMX\n"[..], 0, "FRAMX"),
        (b"FRAMES\n", 0, "FRAMES"),
        (b"FRAME", 0, "FRAME"),
        (b"\x10\x20\x30\x40\x80\x90", 0, "\u{10} 0@"),
        (b"FRA", 0, "FRA"),
    ] {
        let err = read_all(&[HEADER, tail].concat()).unwrap_err();
        assert!(
            matches!(&err, Y4mError::BadFrameHeader { frame: f, found: s } if *f == frame && s.starts_with(found)),
            "{tail:?}: {err}"
        );
    }
    // The second frame is bad: the error names frame 1.
    let err = read_all(&[HEADER, FRAME, b"garbage\n"].concat()).unwrap_err();
    assert!(
        matches!(err, Y4mError::BadFrameHeader { frame: 1, .. }),
        "{err}"
    );
    assert!(
        err.to_string()
            .starts_with("frame 1: expected a FRAME header"),
        "{err}"
    );
    // No line end within the limit.
    let long = [HEADER, &[b'F'; 2000]].concat();
    assert!(matches!(
        read_all(&long).unwrap_err(),
        Y4mError::BadFrameHeader { .. }
    ));
}

#[test]
fn truncated_frames_say_which_and_how_much() {
    let err = read_all(&[HEADER, &FRAME[..FRAME.len() - 2]].concat()).unwrap_err();
    assert!(
        matches!(
            err,
            Y4mError::TruncatedFrame {
                frame: 0,
                expected: 6,
                missing: 2
            }
        ),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        "frame 0 is truncated: 2 of its 6 bytes are missing"
    );

    let err = read_all(&[HEADER, FRAME, FRAME, b"FRAME\n"].concat()).unwrap_err();
    assert!(
        matches!(
            err,
            Y4mError::TruncatedFrame {
                frame: 2,
                expected: 6,
                missing: 6
            }
        ),
        "{err}"
    );
    assert_eq!(read_all(&[HEADER, FRAME, FRAME].concat()).unwrap(), 2);

    // The iterator stops after the error.
    let bytes = [HEADER, FRAME, &FRAME[..4]].concat();
    let items: Vec<_> = Y4mReader::new(bytes.as_slice()).unwrap().collect();
    assert_eq!(items.len(), 2);
    assert!(items[0].is_ok() && items[1].is_err());
}

/// A reader that yields `data` and then fails.
#[derive(Debug)]
struct Failing<'a>(&'a [u8]);

impl Read for Failing<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.0.is_empty() {
            return Err(io::Error::other("disk on fire"));
        }
        let n = buf.len().min(self.0.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

/// A writer that always fails.
#[derive(Debug)]
struct Full;

impl Write for Full {
    fn write(&mut self, _: &[u8]) -> io::Result<usize> {
        Err(io::Error::new(io::ErrorKind::StorageFull, "no space"))
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn io_errors_are_passed_on() {
    assert!(matches!(
        Y4mReader::new(Failing(b"YUV4MPEG2 W2")).unwrap_err(),
        Y4mError::Io(_)
    ));
    let bytes = [HEADER, &FRAME[..8]].concat();
    let mut reader = Y4mReader::new(Failing(&bytes)).unwrap();
    let err = reader.read_frame().unwrap_err();
    assert!(
        matches!(&err, Y4mError::Io(e) if e.to_string() == "disk on fire"),
        "{err}"
    );
    let err = Y4mWriter::new(Full, 2, 2, (25, 1), ColorRange::Video).unwrap_err();
    assert!(matches!(err, Y4mError::Io(_)), "{err}");
}

#[test]
fn writer_rejects_what_it_cannot_write() {
    let mut w = Y4mWriter::new(Vec::new(), 4, 4, (25, 1), ColorRange::Video).unwrap();
    for format in [PixelFormat::Bgra, PixelFormat::P010VideoRange] {
        let err = w
            .write_frame(&PixelBuffer::new(4, 4, format).unwrap())
            .unwrap_err();
        assert!(
            matches!(err, Y4mError::UnsupportedPixelFormat { format: f } if f == format),
            "{err}"
        );
        assert!(
            err.to_string().contains("supported are I420 and NV12"),
            "{err}"
        );
    }
    let err = w
        .write_frame(&PixelBuffer::new(4, 6, PixelFormat::I420).unwrap())
        .unwrap_err();
    assert!(
        matches!(
            err,
            Y4mError::FrameSizeMismatch {
                frame: 0,
                width: 4,
                height: 6,
                ..
            }
        ),
        "{err}"
    );
    let err = w
        .write_frame(&PixelBuffer::new(4, 4, PixelFormat::I420FullRange).unwrap())
        .unwrap_err();
    assert!(
        matches!(
            err,
            Y4mError::ColorRangeMismatch {
                expected: ColorRange::Video,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("video (limited) range"), "{err}");
    // Nothing was written for the rejected frames.
    assert_eq!(w.frames_written(), 0);
    w.write_frame(&PixelBuffer::new(4, 4, PixelFormat::Nv12VideoRange).unwrap())
        .unwrap();
    assert_eq!(w.frames_written(), 1);

    for (width, height, rate) in [
        (0, 4, (25, 1)),
        (4, MAX_DIMENSION + 1, (25, 1)),
        (4, 4, (0, 1)),
        (4, 4, (25, 0)),
    ] {
        assert!(Y4mWriter::new(Vec::new(), width, height, rate, ColorRange::Video).is_err());
    }
    // A 10-bit header cannot be used to write 8-bit frames.
    let ten_bit = Y4mReader::new(&b"YUV4MPEG2 W2 H2 F25:1 C420p10\n"[..]).unwrap();
    let err = Y4mWriter::with_header(Vec::new(), ten_bit.header().clone()).unwrap_err();
    assert!(
        matches!(err, Y4mError::UnsupportedPixelFormat { .. }),
        "{err}"
    );
}

#[test]
fn errors_convert_to_framepress_errors() {
    use framepress_core::ErrorKind;
    let e: framepress_core::Error = header("W0 H2 F25:1").into();
    assert_eq!(e.kind(), ErrorKind::Parameter);
    assert!(e.detail().contains("width (W)"), "{e}");
    let e: framepress_core::Error = header("W99999 H2 F25:1").into();
    assert_eq!(e.kind(), ErrorKind::CvInvalidSize);
    let e: framepress_core::Error = header("W2 H2 F25:1 C422").into();
    assert_eq!(e.kind(), ErrorKind::CvInvalidPixelFormat);
    let e: framepress_core::Error = framepress_container::MjpegWriter::new(Vec::new())
        .write_jpeg(b"")
        .unwrap_err()
        .into();
    assert_eq!(e.kind(), ErrorKind::Parameter);
}
