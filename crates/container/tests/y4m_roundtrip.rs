//! Writer → reader round trips and header/attachment details.

#![allow(clippy::unwrap_used)]

use framepress_container::y4m::{Y4mChroma, Y4mHeader, Y4mReader, Y4mWriter};
use framepress_core::color::attachment_keys;
use framepress_core::{ColorRange, PixelAspectRatio, PixelBuffer, PixelFormat, Value};

/// A buffer whose every visible byte depends on plane, position and `seed`.
fn patterned(w: usize, h: usize, format: PixelFormat, seed: u8) -> PixelBuffer {
    let mut buf = PixelBuffer::new(w, h, format).unwrap();
    for p in 0..buf.plane_count() {
        let mut plane = buf.plane_mut(p).unwrap();
        for y in 0..plane.height {
            for (x, v) in plane.row_mut(y).iter_mut().enumerate() {
                *v = (x * 7 + y * 13 + p * 61) as u8 ^ seed.wrapping_mul(29);
            }
        }
    }
    buf
}

fn write_stream(w: usize, h: usize, range: ColorRange, frames: &[PixelBuffer]) -> Vec<u8> {
    let mut writer = Y4mWriter::new(Vec::new(), w, h, (30000, 1001), range).unwrap();
    for f in frames {
        writer.write_frame(f).unwrap();
    }
    assert_eq!(writer.frames_written(), frames.len() as u64);
    writer.finish().unwrap()
}

#[test]
fn i420_round_trips_at_odd_and_even_sizes() {
    for (w, h) in [(18, 14), (5, 3), (1, 1), (2, 7)] {
        for (format, range) in [
            (PixelFormat::I420, ColorRange::Video),
            (PixelFormat::I420FullRange, ColorRange::Full),
        ] {
            let frames: Vec<_> = (0..3).map(|i| patterned(w, h, format, i)).collect();
            let bytes = write_stream(w, h, range, &frames);
            let header_len = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
            let frame_size = w * h + 2 * w.div_ceil(2) * h.div_ceil(2);
            assert_eq!(bytes.len(), header_len + 3 * (6 + frame_size), "{w}x{h}");

            let mut reader = Y4mReader::new(bytes.as_slice()).unwrap();
            assert_eq!((reader.width(), reader.height()), (w, h));
            assert_eq!(reader.frame_rate(), (30000, 1001));
            assert_eq!(reader.color_range(), range);
            assert_eq!(reader.pixel_format(), format);
            assert_eq!(reader.chroma(), Y4mChroma::Yuv420Jpeg);
            assert_eq!(reader.pixel_aspect(), None);
            for (i, expected) in frames.iter().enumerate() {
                let got = reader.read_frame().unwrap().unwrap();
                assert!(got.same_pixels(expected), "{w}x{h} {format} frame {i}");
            }
            assert!(reader.read_frame().unwrap().is_none());
            assert!(reader.read_frame().unwrap().is_none(), "EOF is sticky");
            assert_eq!(reader.frames_read(), 3);
        }
    }
}

#[test]
fn nv12_is_written_as_planar() {
    for (w, h) in [(18, 14), (5, 3)] {
        let nv12 = patterned(w, h, PixelFormat::Nv12VideoRange, 5);
        let bytes = write_stream(w, h, ColorRange::Video, std::slice::from_ref(&nv12));
        let got = Y4mReader::new(bytes.as_slice())
            .unwrap()
            .read_frame()
            .unwrap()
            .unwrap();
        assert_eq!(got.pixel_format(), PixelFormat::I420);
        assert_eq!(got.plane(0).unwrap().row(1), nv12.plane(0).unwrap().row(1));
        let (cbcr, cb, cr) = (
            nv12.plane(1).unwrap(),
            got.plane(1).unwrap(),
            got.plane(2).unwrap(),
        );
        for y in 0..cbcr.height {
            let row = cbcr.row(y);
            let even: Vec<u8> = row.iter().step_by(2).copied().collect();
            let odd: Vec<u8> = row.iter().skip(1).step_by(2).copied().collect();
            assert_eq!(cb.row(y), even.as_slice());
            assert_eq!(cr.row(y), odd.as_slice());
        }
    }
    let full = patterned(4, 4, PixelFormat::Nv12FullRange, 1);
    let bytes = write_stream(4, 4, ColorRange::Full, &[full]);
    let got = Y4mReader::new(bytes.as_slice())
        .unwrap()
        .read_frame()
        .unwrap()
        .unwrap();
    assert_eq!(got.pixel_format(), PixelFormat::I420FullRange);
}

#[test]
fn header_is_what_ffmpeg_expects() {
    let bytes = write_stream(18, 14, ColorRange::Full, &[]);
    assert_eq!(
        bytes,
        b"YUV4MPEG2 W18 H14 F30000:1001 Ip A0:0 C420jpeg XCOLORRANGE=FULL\n"
    );
    let bytes = write_stream(18, 14, ColorRange::Video, &[]);
    assert!(bytes.ends_with(b"XCOLORRANGE=LIMITED\n"));
    // A stream with no frames reads as empty.
    let mut reader = Y4mReader::new(bytes.as_slice()).unwrap();
    assert!(reader.read_frame().unwrap().is_none());
}

#[test]
fn pixel_aspect_and_chroma_siting_become_attachments() {
    let par = PixelAspectRatio {
        horizontal_spacing: 4,
        vertical_spacing: 3,
    };
    let header = Y4mHeader::new(6, 4, (25, 1), ColorRange::Video)
        .unwrap()
        .with_pixel_aspect(Some(par));
    let mut writer = Y4mWriter::with_header(Vec::new(), header).unwrap();
    writer
        .write_frame(&patterned(6, 4, PixelFormat::I420, 0))
        .unwrap();
    let bytes = writer.finish().unwrap();
    assert!(bytes.starts_with(b"YUV4MPEG2 W6 H4 F25:1 Ip A4:3 C420jpeg"));
    let mut reader = Y4mReader::new(bytes.as_slice()).unwrap();
    assert_eq!(reader.pixel_aspect(), Some(par));
    let frame = reader.read_frame().unwrap().unwrap();
    assert_eq!(frame.pixel_aspect_ratio(), Some(par));
    assert_eq!(
        frame.attachment(attachment_keys::CHROMA_LOCATION_TOP_FIELD),
        Some(&Value::from("Center"))
    );

    let stream = b"YUV4MPEG2 W2 H2 F25:1 C420mpeg2\nFRAME\n\x10\x10\x10\x10\x80\x80";
    let frame = Y4mReader::new(&stream[..])
        .unwrap()
        .read_frame()
        .unwrap()
        .unwrap();
    assert_eq!(
        frame.attachment(attachment_keys::CHROMA_LOCATION_TOP_FIELD),
        Some(&Value::from("Left"))
    );
    assert_eq!(frame.pixel_aspect_ratio(), None);
    let stream = b"YUV4MPEG2 W2 H2 F25:1 C420paldv A0:0\nFRAME\n\x10\x10\x10\x10\x80\x80";
    let frame = Y4mReader::new(&stream[..])
        .unwrap()
        .read_frame()
        .unwrap()
        .unwrap();
    assert_eq!(
        frame.attachment(attachment_keys::CHROMA_LOCATION_TOP_FIELD),
        Some(&Value::from("DV 4:2:0"))
    );
    let stream = b"YUV4MPEG2 W2 H2 F25:1 C420\nFRAME\n\x10\x10\x10\x10\x80\x80";
    let frame = Y4mReader::new(&stream[..])
        .unwrap()
        .read_frame()
        .unwrap()
        .unwrap();
    assert_eq!(
        frame.attachment(attachment_keys::CHROMA_LOCATION_TOP_FIELD),
        None
    );
}

#[test]
fn ten_bit_is_converted_to_p010() {
    // 3x3 frame: chroma planes are 2x2. Luma samples 0, 1, …, 8 scaled; chroma distinct.
    let mut stream = b"YUV4MPEG2 W3 H3 F30:1 Ip C420p10 XYSCSS=420P10\nFRAME\n".to_vec();
    let luma: Vec<u16> = (0..9).map(|i| i * 100 + 23).collect();
    let cb: Vec<u16> = vec![64, 512, 940, 1023];
    let cr: Vec<u16> = vec![100, 200, 300, 0xFFFF]; // out-of-range last sample is clamped
    for v in luma.iter().chain(&cb).chain(&cr) {
        stream.extend_from_slice(&v.to_le_bytes());
    }
    let mut reader = Y4mReader::new(stream.as_slice()).unwrap();
    assert_eq!(reader.chroma(), Y4mChroma::Yuv420P10);
    assert_eq!(reader.pixel_format(), PixelFormat::P010VideoRange);
    assert_eq!(reader.header().extensions(), ["YSCSS=420P10"]);
    let frame = reader.read_frame().unwrap().unwrap();
    assert_eq!(frame.pixel_format(), PixelFormat::P010VideoRange);
    let sample = |row: &[u8], i: usize| u16::from_le_bytes([row[2 * i], row[2 * i + 1]]);
    let y = frame.plane(0).unwrap();
    for (i, &v) in luma.iter().enumerate() {
        assert_eq!(sample(y.row(i / 3), i % 3), v << 6);
    }
    let c = frame.plane(1).unwrap();
    for i in 0..4 {
        let row = c.row(i / 2);
        assert_eq!(sample(row, 2 * (i % 2)), cb[i] << 6, "Cb {i}");
        assert_eq!(sample(row, 2 * (i % 2) + 1), cr[i].min(1023) << 6, "Cr {i}");
    }
    assert!(reader.read_frame().unwrap().is_none());

    let full = b"YUV4MPEG2 W2 H2 F30:1 C420p10 XCOLORRANGE=FULL\n";
    assert_eq!(
        Y4mReader::new(&full[..]).unwrap().pixel_format(),
        PixelFormat::P010FullRange
    );
}

#[test]
fn read_frame_into_reuses_buffers_and_iterator_yields_frames() {
    let frames: Vec<_> = (0..2)
        .map(|i| patterned(6, 4, PixelFormat::I420, i))
        .collect();
    let bytes = write_stream(6, 4, ColorRange::Video, &frames);
    let mut reader = Y4mReader::new(bytes.as_slice()).unwrap();
    let mut buf = PixelBuffer::new(6, 4, PixelFormat::I420).unwrap();
    assert!(reader.read_frame_into(&mut buf).unwrap());
    assert!(buf.same_pixels(&frames[0]));
    let mut wrong = PixelBuffer::new(6, 4, PixelFormat::Nv12VideoRange).unwrap();
    assert!(reader.read_frame_into(&mut wrong).is_err());
    assert!(reader.read_frame_into(&mut buf).unwrap());
    assert!(buf.same_pixels(&frames[1]));
    assert!(!reader.read_frame_into(&mut buf).unwrap());

    let all: Vec<_> = Y4mReader::new(bytes.as_slice())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(all, frames);
}

#[test]
fn frame_parameters_and_unknown_header_parameters_are_ignored() {
    let stream = b"YUV4MPEG2 W2 H2 F25:1 Q9 Ip\nFRAME Ixyz\n\x10\x20\x30\x40\x80\x90";
    let frame = Y4mReader::new(&stream[..])
        .unwrap()
        .read_frame()
        .unwrap()
        .unwrap();
    assert_eq!(frame.plane(0).unwrap().row(1), &[0x30, 0x40]);
    assert_eq!(frame.plane(2).unwrap().row(0), &[0x90]);
}
