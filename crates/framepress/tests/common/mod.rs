//! Helpers shared by the session-level H.264 tests: a session at 176x144 with
//! reconstructions, synthetic input, an encode loop, and the FFmpeg bit-exactness check.

#![allow(dead_code)]

use std::sync::mpsc::Receiver;

use framepress_testkit::rate_check::TimedSize;

use framepress::{
    CodecType, CompressionSession, FrameOptions, Output, PixelBuffer, SampleBuffer, Time, Value,
};

pub const W: usize = 176;
pub const H: usize = 144;
pub const FPS: i64 = 30;

pub fn session(props: &[(&str, Value)]) -> (CompressionSession<u32>, Receiver<Output<u32>>) {
    let mut b = CompressionSession::builder(W as i32, H as i32, CodecType::H264)
        .property_by_name("FramepressEmitReconstruction", Value::Bool(true));
    for (k, v) in props {
        b = b.property_by_name(k, v.clone());
    }
    b.build_with_receiver::<u32>().unwrap()
}

pub fn frames(n: u64) -> Vec<PixelBuffer> {
    framepress_synth::SyntheticSource::new(
        framepress_synth::SynthConfig::new(W, H).with_frame_count(Some(n)),
    )
    .unwrap()
    .collect()
}

/// Encodes `input` at 30 fps; `before(i, session)` runs before frame i is submitted.
pub fn encode(
    s: &CompressionSession<u32>,
    rx: &Receiver<Output<u32>>,
    input: &[PixelBuffer],
    mut before: impl FnMut(usize, &CompressionSession<u32>),
) -> Vec<Output<u32>> {
    for (i, f) in input.iter().enumerate() {
        before(i, s);
        s.encode_frame(
            f,
            Time::new(i as i64, FPS as i32),
            Time::new(1, FPS as i32),
            &FrameOptions::default(),
            i as u32,
        )
        .unwrap();
    }
    s.complete_frames(Time::INVALID).unwrap();
    let outs: Vec<_> = rx.try_iter().collect();
    assert_eq!(outs.len(), input.len());
    outs
}

pub fn samples(outs: &[Output<u32>]) -> Vec<SampleBuffer> {
    outs.iter().filter_map(|o| o.sample.clone()).collect()
}

/// FFmpeg decodes the stream with no error and every plane of every frame equals the
/// encoder's reconstruction.
pub fn check_decodes(samples: &[SampleBuffer], what: &str) {
    let Some(raw) = ffmpeg_decode(samples, true) else {
        return;
    };
    // FFmpeg outputs presentation order; samples come in decoding order.
    let mut ordered: Vec<&SampleBuffer> = samples.iter().collect();
    ordered.sort_by_key(|s| s.presentation_time_stamp());
    let expected: Vec<u8> = ordered.into_iter().flat_map(reconstruction_bytes).collect();
    assert_eq!(raw.len(), expected.len(), "{what}: decoded size");
    assert!(
        raw == expected,
        "{what}: FFmpeg's decode differs from the reconstruction"
    );
}

/// The samples as an Annex-B stream (parameter sets before the first and every sync
/// sample).
pub fn annexb(samples: &[SampleBuffer]) -> Vec<u8> {
    let mut stream = Vec::new();
    for (i, s) in samples.iter().enumerate() {
        if i == 0 || s.is_sync() {
            let fd = s.format_description();
            for i in 0..fd.parameter_set_count() {
                let ps = fd.parameter_set_at_index(i).unwrap();
                framepress_bitstream::append_annexb(&mut stream, ps, true);
            }
        }
        for nal in framepress_bitstream::split_length_prefixed(s.data(), 4).unwrap() {
            framepress_bitstream::append_annexb(&mut stream, nal, true);
        }
    }
    stream
}

/// FFmpeg's yuv420p decode of the samples (`strict`: any decoding error fails the test);
/// `None` without FFmpeg.
pub fn ffmpeg_decode(samples: &[SampleBuffer], strict: bool) -> Option<Vec<u8>> {
    let ffmpeg = framepress_testkit::ffmpeg()?;
    let args = [
        "-f", "h264", "-i", "-", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-",
    ];
    let stream = annexb(samples);
    if strict {
        let strict_args: Vec<&str> = std::iter::once("-xerror").chain(args).collect();
        return Some(framepress_testkit::run(&ffmpeg, &strict_args, &stream));
    }
    let (raw, complaints) = framepress_testkit::run_allowing_errors(&ffmpeg, &args, &stream);
    if !complaints.is_empty() {
        eprintln!("FFmpeg on the damaged stream: {}", complaints.trim());
    }
    Some(raw)
}

/// The planes of a sample's reconstruction, as FFmpeg's rawvideo yuv420p writes them.
pub fn reconstruction_bytes(sample: &SampleBuffer) -> Vec<u8> {
    let r = sample.reconstruction().unwrap();
    (0..3)
        .flat_map(|p| {
            r.plane(p)
                .unwrap()
                .rows()
                .flatten()
                .copied()
                .collect::<Vec<u8>>()
        })
        .collect()
}

/// A session with `EnableLowLatencyRateControl` in the encoder specification.
pub fn low_latency_session(
    props: &[(&str, Value)],
) -> framepress::Result<(CompressionSession<u32>, Receiver<Output<u32>>)> {
    let mut b = CompressionSession::builder(W as i32, H as i32, CodecType::H264)
        .encoder_specification(
            framepress::Dictionary::new().with("EnableLowLatencyRateControl", true),
        )
        .property_by_name("FramepressEmitReconstruction", Value::Bool(true));
    for (k, v) in props {
        b = b.property_by_name(k, v.clone());
    }
    b.build_with_receiver::<u32>()
}

/// Decode times and sizes of `samples`, for the rate checker.
pub fn timed(samples: &[SampleBuffer]) -> Vec<TimedSize> {
    samples
        .iter()
        .map(|s| {
            let t = s.decode_time_stamp();
            TimedSize {
                value: t.value,
                timescale: t.timescale,
                bytes: s.total_sample_size() as u64,
            }
        })
        .collect()
}

/// Content of steady complexity (no scene cuts): one busy synthetic picture panning left
/// two pixels a frame, wrapping round, with fresh grain (±4) on the luma of every frame so
/// that residual bits depend on the QP as in camera content.
pub fn panning(n: usize) -> Vec<PixelBuffer> {
    panning_at(n, 2)
}

/// [`panning`] at `speed` luma pixels a frame (even).
pub fn panning_at(n: usize, speed: usize) -> Vec<PixelBuffer> {
    let still = framepress_synth::SyntheticSource::new(
        framepress_synth::SynthConfig::new(W, H).with_frame_count(Some(45)),
    )
    .unwrap()
    .frame(40);
    (0..n)
        .map(|i| {
            let mut b = PixelBuffer::new(W, H, still.pixel_format()).unwrap();
            for p in 0..3 {
                let src = still.plane(p).unwrap();
                let shift = (speed * i) >> usize::from(p > 0);
                let rows: Vec<Vec<u8>> = src.rows().map(<[u8]>::to_vec).collect();
                let mut dst = b.plane_mut(p).unwrap();
                let mut seed = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
                for (y, row) in rows.iter().enumerate() {
                    let w = row.len();
                    let out = dst.row_mut(y);
                    for x in 0..w {
                        let v = i32::from(row[(x + shift) % w]);
                        let grain = if p == 0 {
                            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                            (seed >> 61) as i32 - 4
                        } else {
                            0
                        };
                        out[x] = (v + grain).clamp(16, 235) as u8;
                    }
                }
            }
            b
        })
        .collect()
}
