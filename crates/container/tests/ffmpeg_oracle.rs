//! FFmpeg as oracle: it reads what we write byte-exactly, and we read what it writes
//! byte-exactly. Skips (with a notice) when no FFmpeg is found; see framepress-testkit.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use framepress_container::{MjpegWriter, Y4mReader, Y4mWriter};
use framepress_core::{ColorRange, PixelBuffer, PixelFormat};
use framepress_testkit::{ffmpeg, run};

/// A buffer whose bytes vary with position, plane and frame (full 0..=255 range: FFmpeg must
/// pass the samples through untouched whatever they are).
fn patterned(w: usize, h: usize, format: PixelFormat, frame: usize) -> PixelBuffer {
    let mut buf = PixelBuffer::new(w, h, format).unwrap();
    for p in 0..buf.plane_count() {
        let mut plane = buf.plane_mut(p).unwrap();
        for y in 0..plane.height {
            for (x, v) in plane.row_mut(y).iter_mut().enumerate() {
                *v = (x * 37 + y * 101 + p * 59 + frame * 17) as u8;
            }
        }
    }
    buf
}

/// The visible bytes of every plane, in order (FFmpeg's rawvideo layout for I420 and P010).
fn packed(buf: &PixelBuffer) -> Vec<u8> {
    let mut out = Vec::new();
    for p in 0..buf.plane_count() {
        for row in buf.plane(p).unwrap().rows() {
            out.extend_from_slice(row);
        }
    }
    out
}

#[test]
fn ffmpeg_reads_written_y4m_identically() {
    let Some(ffmpeg) = ffmpeg() else { return };
    for (w, h) in [(18, 14), (5, 3)] {
        for (format, range) in [
            (PixelFormat::I420, ColorRange::Video),
            (PixelFormat::I420FullRange, ColorRange::Full),
        ] {
            let frames: Vec<_> = (0..3).map(|i| patterned(w, h, format, i)).collect();
            let mut writer = Y4mWriter::new(Vec::new(), w, h, (30000, 1001), range).unwrap();
            for f in &frames {
                writer.write_frame(f).unwrap();
            }
            let y4m = writer.finish().unwrap();
            let raw = run(
                &ffmpeg,
                &[
                    "-f",
                    "yuv4mpegpipe",
                    "-i",
                    "-",
                    "-f",
                    "rawvideo",
                    "-pix_fmt",
                    "yuv420p",
                    "-",
                ],
                &y4m,
            );
            let expected: Vec<u8> = frames.iter().flat_map(packed).collect();
            assert_eq!(
                raw.len(),
                expected.len(),
                "{w}x{h} {format}: frame count or size differs"
            );
            assert!(
                raw == expected,
                "{w}x{h} {format}: FFmpeg decoded different samples"
            );
        }
    }
    // NV12 input is de-interleaved: FFmpeg's NV12 view of the same buffer must match.
    let nv12 = patterned(18, 14, PixelFormat::Nv12VideoRange, 0);
    let mut writer = Y4mWriter::new(Vec::new(), 18, 14, (25, 1), ColorRange::Video).unwrap();
    writer.write_frame(&nv12).unwrap();
    let y4m = writer.finish().unwrap();
    let raw = run(
        &ffmpeg,
        &[
            "-f",
            "yuv4mpegpipe",
            "-i",
            "-",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "nv12",
            "-",
        ],
        &y4m,
    );
    assert!(raw == packed(&nv12), "NV12 → Y4M → FFmpeg NV12 differs");
}

/// Runs an FFmpeg test source twice: as Y4M and as raw frames in `raw_format`.
fn ffmpeg_pair(
    ffmpeg: &std::path::Path,
    size: &str,
    y4m_format: &str,
    raw_format: &str,
    extra: &[&str],
) -> (Vec<u8>, Vec<u8>) {
    let source = format!("testsrc2=size={size}:rate=30000/1001");
    let mut args = vec![
        "-f",
        "lavfi",
        "-i",
        &source,
        "-frames:v",
        "3",
        "-pix_fmt",
        y4m_format,
    ];
    args.extend_from_slice(extra);
    let y4m = run(
        ffmpeg,
        &[&args[..], &["-strict", "-1", "-f", "yuv4mpegpipe", "-"]].concat(),
        &[],
    );
    let mut args = vec![
        "-f",
        "lavfi",
        "-i",
        &source,
        "-frames:v",
        "3",
        "-pix_fmt",
        raw_format,
    ];
    args.extend_from_slice(extra);
    let raw = run(ffmpeg, &[&args[..], &["-f", "rawvideo", "-"]].concat(), &[]);
    (y4m, raw)
}

#[test]
fn reads_ffmpeg_8bit_y4m_identically() {
    let Some(ffmpeg) = ffmpeg() else { return };
    for size in ["19x13", "32x18"] {
        let (y4m, raw) = ffmpeg_pair(&ffmpeg, size, "yuv420p", "yuv420p", &[]);
        let reader = Y4mReader::new(y4m.as_slice()).unwrap();
        assert_eq!(reader.frame_rate(), (30000, 1001));
        assert_eq!(reader.pixel_format(), PixelFormat::I420);
        let frames: Vec<_> = reader.collect::<Result<_, _>>().unwrap();
        assert_eq!(frames.len(), 3);
        let ours: Vec<u8> = frames.iter().flat_map(packed).collect();
        assert!(ours == raw, "{size}: frames differ from FFmpeg's rawvideo");
    }
}

#[test]
fn reads_ffmpeg_full_range_y4m() {
    let Some(ffmpeg) = ffmpeg() else { return };
    let full = ["-vf", "scale=out_range=full"];
    let (y4m, raw) = ffmpeg_pair(&ffmpeg, "18x14", "yuv420p", "yuv420p", &full);
    let reader = Y4mReader::new(y4m.as_slice()).unwrap();
    assert_eq!(reader.color_range(), ColorRange::Full);
    let frames: Vec<_> = reader.collect::<Result<_, _>>().unwrap();
    assert!(
        frames
            .iter()
            .all(|f| f.pixel_format() == PixelFormat::I420FullRange)
    );
    assert!(frames.iter().flat_map(packed).collect::<Vec<_>>() == raw);
}

#[test]
fn reads_ffmpeg_10bit_y4m_as_p010() {
    let Some(ffmpeg) = ffmpeg() else { return };
    for size in ["19x13", "32x18"] {
        let (y4m, raw) = ffmpeg_pair(&ffmpeg, size, "yuv420p10le", "p010le", &[]);
        let reader = Y4mReader::new(y4m.as_slice()).unwrap();
        assert_eq!(reader.pixel_format(), PixelFormat::P010VideoRange);
        let frames: Vec<_> = reader.collect::<Result<_, _>>().unwrap();
        assert_eq!(frames.len(), 3);
        let ours: Vec<u8> = frames.iter().flat_map(packed).collect();
        assert_eq!(ours.len(), raw.len());
        assert!(ours == raw, "{size}: P010 differs from FFmpeg's p010le");
    }
}

/// One JPEG image of a solid colour, from FFmpeg's MJPEG encoder.
fn jpeg(ffmpeg: &std::path::Path, color: &str) -> Vec<u8> {
    let source = format!("color=c={color}:size=16x16");
    run(
        ffmpeg,
        &[
            "-f",
            "lavfi",
            "-i",
            &source,
            "-frames:v",
            "1",
            "-pix_fmt",
            "yuvj420p",
            "-f",
            "mjpeg",
            "-",
        ],
        &[],
    )
}

#[test]
fn ffmpeg_reads_concatenated_jpeg() {
    let Some(ffmpeg) = ffmpeg() else { return };
    let images = [
        jpeg(&ffmpeg, "red"),
        jpeg(&ffmpeg, "blue"),
        jpeg(&ffmpeg, "white"),
    ];
    let mut writer = MjpegWriter::new(Vec::new());
    for image in &images {
        writer.write_jpeg(image).unwrap();
    }
    assert_eq!(writer.frames(), 3);
    let stream = writer.finish().unwrap();
    let raw = run(
        &ffmpeg,
        &[
            "-f", "mjpeg", "-i", "-", "-f", "rawvideo", "-pix_fmt", "gray", "-",
        ],
        &stream,
    );
    assert_eq!(
        raw.len(),
        3 * 16 * 16,
        "FFmpeg should decode exactly three frames"
    );
    // Red, blue and white have clearly different luma.
    let luma: Vec<u8> = raw.chunks(256).map(|f| f[100]).collect();
    assert!(luma[0] > luma[1] && luma[2] > luma[0], "{luma:?}");
}
