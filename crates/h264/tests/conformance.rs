//! Conformance: every frame FFmpeg decodes from our stream equals the encoder's own
//! reconstruction, plane by plane, and FFmpeg reports no error (`-xerror`).
//!
//! CI covers the option matrix pairwise (every pair of values of size × QP × key-frame
//! interval × slices at least once) with at most 10 frames per case; the full cross product
//! is `cargo test -p framepress-h264 --release --test conformance -- --ignored`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::path::Path;

use framepress_core::{
    Dictionary, EncoderConfig, EncoderOutput, EncoderSpecification, FrameOptions, PixelBuffer,
    PixelFormat, SampleBuffer, SourceFrame, Time, Value, VideoEncoder,
};
use framepress_h264::H264Encoder;
use framepress_synth::{SynthConfig, SyntheticSource};

const SIZES: [(usize, usize); 5] = [(16, 16), (18, 14), (176, 144), (350, 198), (1920, 1080)];
const QPS: [i64; 5] = [0, 10, 22, 37, 51];
/// 0 = unbounded (the encoder's default interval exceeds every test's length).
const KEYINTS: [i64; 3] = [1, 5, 0];
const SLICES: [i64; 2] = [1, 4];

#[derive(Clone, Copy, Debug)]
struct Case {
    /// `ProfileLevel` (Main and High code with CABAC, Baseline with CAVLC).
    profile: &'static str,
    size: (usize, usize),
    qp: i64,
    keyint: i64,
    slices: i64,
    frames: u64,
}

/// The profiles of the matrix: CAVLC (Constrained Baseline) and CABAC (Main, High).
const PROFILES: [&str; 3] = [
    "H264_ConstrainedBaseline_AutoLevel",
    "H264_Main_AutoLevel",
    "H264_High_AutoLevel",
];

/// A pairwise-covering subset: one case per (size, QP) pair, with key-frame interval and
/// slice count chosen so every pair of values of any two parameters appears, once per
/// profile of `profile`.
fn pairwise_cases(profile: &'static str) -> Vec<Case> {
    let mut cases = Vec::new();
    for (i, &size) in SIZES.iter().enumerate() {
        for (j, &qp) in QPS.iter().enumerate() {
            let frames = if size.0 >= 1920 { 3 } else { 8 };
            cases.push(Case {
                profile,
                size,
                qp,
                keyint: KEYINTS[(i + j) % 3],
                slices: SLICES[(i + 2 * j + j / 2) % 2],
                frames,
            });
        }
    }
    cases
}

#[test]
fn pairwise_cases_cover_every_pair() {
    let cases = pairwise_cases(PROFILES[0]);
    let key = |c: &Case| {
        [
            format!("s{:?}", c.size),
            format!("q{}", c.qp),
            format!("k{}", c.keyint),
            format!("l{}", c.slices),
        ]
    };
    let mut pairs = HashSet::new();
    for c in &cases {
        let k = key(c);
        for a in 0..4 {
            for b in a + 1..4 {
                pairs.insert((k[a].clone(), k[b].clone()));
            }
        }
    }
    let values: [Vec<String>; 4] = [
        SIZES.iter().map(|s| format!("s{s:?}")).collect(),
        QPS.iter().map(|q| format!("q{q}")).collect(),
        KEYINTS.iter().map(|k| format!("k{k}")).collect(),
        SLICES.iter().map(|l| format!("l{l}")).collect(),
    ];
    for a in 0..4 {
        for b in a + 1..4 {
            for x in &values[a] {
                for y in &values[b] {
                    assert!(
                        pairs.contains(&(x.clone(), y.clone())),
                        "pair {x} {y} not covered"
                    );
                }
            }
        }
    }
}

fn config(w: usize, h: usize, props: Dictionary) -> EncoderConfig {
    EncoderConfig {
        width: w,
        height: h,
        pixel_format: PixelFormat::I420,
        properties: props,
        specification: EncoderSpecification::default(),
    }
}

/// Encodes `frames`, returning the Annex-B stream and the reconstructions (display order).
fn encode(props: Dictionary, frames: &[PixelBuffer]) -> (Vec<u8>, Vec<PixelBuffer>) {
    let (stream, recon, _) = encode_timed(props, frames);
    (stream, recon)
}

/// Frame `i` of a 30 fps source showing `image`.
fn source_frame(i: usize, image: &PixelBuffer) -> SourceFrame {
    SourceFrame {
        id: i as u64,
        image: image.clone(),
        pts: Time::new(i as i64, 30),
        duration: Time::new(1, 30),
        options: FrameOptions::default(),
    }
}

/// As [`encode`], also returning each sample's (PTS, DTS) in decoding order. The encoder
/// is flushed once, at the end (B-frames wait for the frame after them).
fn encode_timed(
    props: Dictionary,
    frames: &[PixelBuffer],
) -> (Vec<u8>, Vec<PixelBuffer>, Vec<(Time, Time)>) {
    let (w, h) = (frames[0].width(), frames[0].height());
    let mut props = props;
    props.insert("FramepressEmitReconstruction", true);
    let mut enc = H264Encoder::new(&config(w, h, props)).unwrap();
    let mut samples: Vec<SampleBuffer> = Vec::new();
    for (i, f) in frames.iter().enumerate() {
        let frame = source_frame(i, f);
        let mut out = Vec::new();
        enc.encode(frame, &mut out).unwrap();
        if i + 1 == frames.len() {
            enc.flush(&mut out).unwrap();
        }
        for o in out {
            match o {
                EncoderOutput::Sample { sample, .. } => samples.push(sample),
                other => panic!("unexpected output {other:?}"),
            }
        }
    }
    assert_eq!(samples.len(), frames.len(), "one sample per frame");
    let mut stream = Vec::new();
    let mut recon = Vec::new();
    for s in &samples {
        let fd = s.format_description();
        if s.is_sync() {
            for i in 0..fd.parameter_set_count() {
                framepress_bitstream::append_annexb(
                    &mut stream,
                    fd.parameter_set_at_index(i).unwrap(),
                    true,
                );
            }
        }
        for nal in framepress_bitstream::split_length_prefixed(s.data(), 4).unwrap() {
            framepress_bitstream::append_annexb(&mut stream, nal, true);
        }
        recon.push((
            s.presentation_time_stamp(),
            s.reconstruction().unwrap().clone(),
        ));
    }
    let timing = samples
        .iter()
        .map(|s| (s.presentation_time_stamp(), s.decode_time_stamp()))
        .collect();
    recon.sort_by_key(|(pts, _)| *pts);
    (stream, recon.into_iter().map(|(_, r)| r).collect(), timing)
}

fn planes_of(b: &PixelBuffer) -> Vec<Vec<u8>> {
    (0..3)
        .map(|i| b.plane(i).unwrap().rows().flatten().copied().collect())
        .collect()
}

/// Decodes `stream` with `ffmpeg` and checks every plane of every frame against `recon`.
fn check_decode(ffmpeg: &Path, stream: &[u8], recon: &[PixelBuffer], what: &str) {
    let raw = framepress_testkit::run(
        ffmpeg,
        &[
            "-xerror", "-f", "h264", "-i", "-", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-",
        ],
        stream,
    );
    let (w, h) = (recon[0].width(), recon[0].height());
    let sizes = [
        w * h,
        w.div_ceil(2) * h.div_ceil(2),
        w.div_ceil(2) * h.div_ceil(2),
    ];
    let frame_size: usize = sizes.iter().sum();
    assert_eq!(
        raw.len(),
        frame_size * recon.len(),
        "{what}: FFmpeg decoded {} bytes",
        raw.len()
    );
    for (n, r) in recon.iter().enumerate() {
        let mut off = n * frame_size;
        for (p, plane) in planes_of(r).iter().enumerate() {
            let dec = &raw[off..off + sizes[p]];
            if dec != plane.as_slice() {
                let i = dec.iter().zip(plane).position(|(a, b)| a != b).unwrap_or(0);
                let pw = if p == 0 { w } else { w.div_ceil(2) };
                panic!(
                    "{what}: frame {n} plane {p} differs at ({}, {}): decoder {} encoder {}",
                    i % pw,
                    i / pw,
                    dec[i],
                    plane[i]
                );
            }
            off += sizes[p];
        }
    }
}

/// The first PPS's entropy_coding_mode_flag (true: CABAC).
fn entropy_coding_mode(stream: &[u8]) -> bool {
    let nals = framepress_bitstream::split_annexb(stream);
    let pps = nals.iter().find(|n| n[0] & 0x1f == 8).expect("a PPS");
    let rbsp = framepress_bitstream::unescape(&pps[1..]);
    let mut r = framepress_bitstream::BitReader::new(&rbsp);
    r.read_ue().unwrap(); // pic_parameter_set_id
    r.read_ue().unwrap(); // seq_parameter_set_id
    r.read_flag().unwrap()
}

fn synthetic(w: usize, h: usize, n: u64) -> Vec<PixelBuffer> {
    // The synthetic source needs at least 2x2; it renders any even size.
    let src = SyntheticSource::new(SynthConfig::new(w, h).with_frame_count(Some(n))).unwrap();
    src.collect()
}

fn run_case(ffmpeg: &Path, c: Case) {
    let props = Dictionary::new()
        .with("ProfileLevel", c.profile.to_owned())
        .with("FramepressConstantQP", Value::Int(c.qp))
        .with("MaxKeyFrameInterval", Value::Int(c.keyint))
        .with("FramepressSliceCount", Value::Int(c.slices));
    let frames = synthetic(c.size.0, c.size.1, c.frames);
    let (stream, recon) = encode(props, &frames);
    let what = format!("{c:?}");
    assert_eq!(
        entropy_coding_mode(&stream),
        c.profile != PROFILES[0],
        "{what}: the PPS's entropy_coding_mode_flag"
    );
    check_both_decoders(ffmpeg, &stream, &recon, &what);
}

/// [`check_decode`] with `ffmpeg`, then with the second decoder when there is one.
fn check_both_decoders(ffmpeg: &Path, stream: &[u8], recon: &[PixelBuffer], what: &str) {
    check_decode(ffmpeg, stream, recon, what);
    if let Some(second) = framepress_testkit::second_ffmpeg() {
        check_decode(&second, stream, recon, &format!("{what} (second decoder)"));
    }
}

#[test]
fn pairwise_matrix_is_bit_exact() {
    let Some(ffmpeg) = framepress_testkit::ffmpeg() else {
        return;
    };
    for c in pairwise_cases(PROFILES[0]) {
        run_case(&ffmpeg, c);
    }
}

#[test]
fn pairwise_matrix_with_cabac_is_bit_exact() {
    let Some(ffmpeg) = framepress_testkit::ffmpeg() else {
        return;
    };
    for c in pairwise_cases(PROFILES[1]) {
        run_case(&ffmpeg, c);
    }
}

#[test]
#[ignore = "full cross product: run in release when changing the encoder"]
fn full_matrix_is_bit_exact() {
    let Some(ffmpeg) = framepress_testkit::ffmpeg() else {
        return;
    };
    for profile in PROFILES {
        for &size in &SIZES {
            for &qp in &QPS {
                for &keyint in &KEYINTS {
                    for &slices in &SLICES {
                        let frames = if size.0 >= 1920 { 4 } else { 10 };
                        run_case(
                            &ffmpeg,
                            Case {
                                profile,
                                size,
                                qp,
                                keyint,
                                slices,
                                frames,
                            },
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn real_fixture_and_slice_bytes_are_bit_exact() {
    let Some(ffmpeg) = framepress_testkit::ffmpeg() else {
        return;
    };
    let file = std::fs::File::open(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/carphone-48x32.y4m"
    ))
    .unwrap();
    let frames: Vec<PixelBuffer> = framepress_container::Y4mReader::new(file)
        .unwrap()
        .map(|f| f.unwrap())
        .collect();
    assert_eq!(frames.len(), 4);
    for profile in PROFILES {
        for qp in [4, 26, 45] {
            let (stream, recon) = encode(
                Dictionary::new()
                    .with("ProfileLevel", profile.to_owned())
                    .with("FramepressConstantQP", Value::Int(qp)),
                &frames,
            );
            check_decode(
                &ffmpeg,
                &stream,
                &recon,
                &format!("carphone fixture {profile} qp {qp}"),
            );
        }
    }
    // MaxH264SliceBytes: many small slices.
    let synth = synthetic(176, 144, 4);
    for profile in PROFILES {
        let props = Dictionary::new()
            .with("ProfileLevel", profile.to_owned())
            .with("MaxH264SliceBytes", Value::Int(300))
            .with("FramepressConstantQP", Value::Int(20));
        let (stream, recon) = encode(props, &synth);
        let nals = framepress_bitstream::split_annexb(&stream);
        let slices: Vec<&&[u8]> = nals
            .iter()
            .filter(|n| matches!(n[0] & 0x1f, 1 | 5))
            .collect();
        assert!(
            slices.len() > 8,
            "expected many slices, got {}",
            slices.len()
        );
        for s in &slices {
            // NAL header + payload (escaped) within the limit, as MaxH264SliceBytes means.
            assert!(
                s.len() <= 300 + 8,
                "{profile}: a slice of {} bytes",
                s.len()
            );
        }
        check_decode(
            &ffmpeg,
            &stream,
            &recon,
            &format!("{profile} MaxH264SliceBytes 300"),
        );
    }
}

#[test]
fn extreme_shapes_and_slice_limits_are_bit_exact() {
    let Some(ffmpeg) = framepress_testkit::ffmpeg() else {
        return;
    };
    // Thin, tall, tiny and odd-macroblock shapes; slice limits down to one macroblock.
    let cases: [((usize, usize), i64, i64, i64); 8] = [
        ((2, 34), 30, 1, 0),
        ((34, 2), 20, 3, 0),
        ((64, 4), 40, 64, 0),
        ((4, 64), 8, 1, 0),
        ((30, 18), 26, 1, 30),
        ((98, 50), 33, 1, 60),
        ((48, 48), 51, 200, 0),
        ((160, 16), 0, 1, 0),
    ];
    for (((w, h), qp, slices, max_bytes), profile) in cases.into_iter().zip(PROFILES.iter().cycle())
    {
        let frames = synthetic(w, h, 5);
        let props = Dictionary::new()
            .with("ProfileLevel", profile.to_string())
            .with("FramepressConstantQP", Value::Int(qp))
            .with("FramepressSliceCount", Value::Int(slices))
            .with("MaxH264SliceBytes", Value::Int(max_bytes))
            .with("MaxKeyFrameInterval", Value::Int(3));
        let (stream, recon) = encode(props, &frames);
        check_decode(
            &ffmpeg,
            &stream,
            &recon,
            &format!("{w}x{h} {profile} qp {qp} slices {slices} max bytes {max_bytes}"),
        );
    }
}

#[test]
fn reference_counts_are_bit_exact() {
    let Some(ffmpeg) = framepress_testkit::ffmpeg() else {
        return;
    };
    let frames = synthetic(96, 64, 9);
    for (refs, profile) in [1, 2, 5]
        .into_iter()
        .flat_map(|r| PROFILES.iter().map(move |p| (r, *p)))
    {
        let props = Dictionary::new()
            .with("ProfileLevel", profile.to_owned())
            .with("ReferenceBufferCount", Value::Int(refs))
            .with("FramepressConstantQP", Value::Int(28));
        let (stream, recon) = encode(props, &frames);
        check_decode(
            &ffmpeg,
            &stream,
            &recon,
            &format!("{profile}: {refs} references"),
        );
    }
}

/// Checks decode and presentation timestamps of a stream coded from frames at 1/30 s:
/// every presentation time once, decode times strictly increasing and never after the
/// presentation time, the first one frame early when frames are reordered.
/// Presentation times are 0, 1, 2, … frames; decode times increase, never pass the
/// presentation time, and start `depth` frames (the reorder depth) before the first
/// presentation.
fn check_timing(timing: &[(Time, Time)], depth: i64, what: &str) {
    let mut pts: Vec<Time> = timing.iter().map(|t| t.0).collect();
    pts.sort();
    let expected: Vec<Time> = (0..timing.len() as i64).map(|i| Time::new(i, 30)).collect();
    assert_eq!(pts, expected, "{what}: presentation times");
    for (i, &(p, d)) in timing.iter().enumerate() {
        assert!(
            d <= p,
            "{what}: sample {i} decodes at {d} after its presentation {p}"
        );
        if i > 0 {
            assert!(d > timing[i - 1].1, "{what}: decode times must increase");
        }
    }
    let first = -depth;
    assert_eq!(
        timing[0].1,
        Time::new(first, 30),
        "{what}: first decode time"
    );
}

#[test]
fn b_frames_are_bit_exact_with_correct_timestamps() {
    let Some(ffmpeg) = framepress_testkit::ffmpeg() else {
        return;
    };
    // (B-frames, B-pyramid, profile, entropy, size, references, key interval, slices,
    // frames)
    type BCase = (
        i64,
        bool,
        &'static str,
        &'static str,
        (usize, usize),
        i64,
        i64,
        i64,
        u64,
    );
    let cases: [BCase; 12] = [
        (
            0,
            true,
            "H264_High_AutoLevel",
            "CABAC",
            (64, 48),
            1,
            0,
            1,
            6,
        ),
        (
            1,
            true,
            "H264_High_AutoLevel",
            "CABAC",
            (96, 64),
            1,
            0,
            1,
            9,
        ),
        (
            1,
            true,
            "H264_Main_AutoLevel",
            "CAVLC",
            (350, 198),
            4,
            5,
            2,
            8,
        ),
        (
            2,
            true,
            "H264_High_AutoLevel",
            "CABAC",
            (96, 64),
            1,
            0,
            1,
            10,
        ),
        (
            3,
            true,
            "H264_High_AutoLevel",
            "CABAC",
            (350, 198),
            4,
            0,
            1,
            10,
        ),
        (
            3,
            false,
            "H264_High_AutoLevel",
            "CABAC",
            (350, 198),
            4,
            0,
            1,
            10,
        ),
        (
            3,
            true,
            "H264_High_AutoLevel",
            "CAVLC",
            (96, 64),
            1,
            6,
            4,
            10,
        ),
        (
            3,
            true,
            "H264_Main_AutoLevel",
            "CABAC",
            (18, 14),
            16,
            0,
            1,
            9,
        ),
        (
            3,
            false,
            "H264_Main_AutoLevel",
            "CAVLC",
            (18, 14),
            16,
            7,
            1,
            9,
        ),
        (
            8,
            true,
            "H264_High_AutoLevel",
            "CABAC",
            (96, 64),
            2,
            0,
            1,
            10,
        ),
        (
            8,
            false,
            "H264_High_AutoLevel",
            "CABAC",
            (96, 64),
            2,
            0,
            1,
            10,
        ),
        (
            8,
            true,
            "H264_High_AutoLevel",
            "CAVLC",
            (176, 144),
            1,
            4,
            1,
            10,
        ),
    ];
    for (b, pyramid, profile, entropy, (w, h), refs, keyint, slices, n) in cases {
        let props = Dictionary::new()
            .with("ProfileLevel", profile.to_owned())
            .with("H264EntropyMode", entropy.to_owned())
            .with("FramepressBFrameCount", Value::Int(b))
            .with("FramepressBPyramid", Value::Bool(pyramid))
            .with("ReferenceBufferCount", Value::Int(refs))
            .with("MaxKeyFrameInterval", Value::Int(keyint))
            .with("FramepressSliceCount", Value::Int(slices))
            .with("FramepressConstantQP", Value::Int(30));
        let frames = synthetic(w, h, n);
        let (stream, recon, timing) = encode_timed(props, &frames);
        let what = format!(
            "{b} B-frames (pyramid {pyramid}), {profile} {entropy} {w}x{h} refs {refs} \
             keyint {keyint} slices {slices}"
        );
        check_both_decoders(&ffmpeg, &stream, &recon, &what);
        let depth = match b {
            0 => 0,
            1 => 1,
            _ if pyramid => 2,
            _ => 1,
        };
        check_timing(&timing, depth, &what);
        let reordered = timing.windows(2).any(|t| t[1].0 < t[0].0);
        assert_eq!(reordered, b > 0, "{what}: B-frames reorder the samples");
    }
}

/// Temporal direct prediction (`FramepressDirectPrediction` Temporal) with one and several
/// B-frames, with and without the pyramid (whose co-located pictures are B pictures),
/// several references, implicit weights, slices and a cropped size: bit-exact with both
/// decoders, and different from the spatial-direct stream (the mode is really used).
#[test]
fn temporal_direct_is_bit_exact() {
    let Some(ffmpeg) = framepress_testkit::ffmpeg() else {
        return;
    };
    // (B-frames, pyramid, entropy, references, size, slices, implicit B weights)
    let cases = [
        (1, false, "CAVLC", 1, (96, 64), 1, false),
        (3, true, "CABAC", 3, (176, 144), 1, false),
        (3, false, "CABAC", 2, (98, 66), 2, true),
        (2, true, "CAVLC", 4, (176, 144), 1, false),
    ];
    for (b, pyramid, entropy, refs, (w, h), slices, implicit) in cases {
        let frames = synthetic(w, h, 9);
        let mut streams = Vec::new();
        for mode in ["Temporal", "Spatial"] {
            let props = Dictionary::new()
                .with("ProfileLevel", "H264_High_AutoLevel".to_owned())
                .with("H264EntropyMode", entropy.to_owned())
                .with("FramepressBFrameCount", Value::Int(b))
                .with("FramepressBPyramid", Value::Bool(pyramid))
                .with("ReferenceBufferCount", Value::Int(refs))
                .with("FramepressSliceCount", Value::Int(slices))
                .with("FramepressImplicitBWeights", Value::Bool(implicit))
                .with("FramepressConstantQP", Value::Int(30))
                .with("FramepressDirectPrediction", mode.to_owned());
            let (stream, recon) = encode(props, &frames);
            let what = format!(
                "{mode} direct, {b} B-frames (pyramid {pyramid}), {entropy} refs {refs} \
                 {w}x{h} slices {slices} implicit {implicit}"
            );
            check_both_decoders(&ffmpeg, &stream, &recon, &what);
            streams.push(stream);
        }
        assert_ne!(
            streams[0], streams[1],
            "{b} B-frames {w}x{h}: temporal direct changed nothing"
        );
    }
}

/// A strict B-pyramid (`FramepressBPyramidStrict`): P pictures list P/I references only
/// and B pictures stop their list 0 before an earlier run's reference B: bit-exact with
/// both decoders, with correct timestamps, and different from the normal pyramid.
#[test]
fn strict_b_pyramid_is_bit_exact() {
    let Some(ffmpeg) = framepress_testkit::ffmpeg() else {
        return;
    };
    for (b, refs, entropy, (w, h)) in [(3, 4, "CABAC", (96, 64)), (2, 3, "CAVLC", (98, 66))] {
        let frames = synthetic(w, h, 10);
        let mut streams = Vec::new();
        for strict in [true, false] {
            let props = Dictionary::new()
                .with("H264EntropyMode", entropy.to_owned())
                .with("FramepressBFrameCount", Value::Int(b))
                .with("ReferenceBufferCount", Value::Int(refs))
                .with("FramepressConstantQP", Value::Int(28))
                .with("FramepressBPyramidStrict", Value::Bool(strict));
            let (stream, recon, timing) = encode_timed(props, &frames);
            let what = format!("strict {strict}: {b} B-frames, refs {refs} {entropy} {w}x{h}");
            check_both_decoders(&ffmpeg, &stream, &recon, &what);
            check_timing(&timing, 2, &what);
            streams.push(stream);
        }
        assert_ne!(
            streams[0], streams[1],
            "{b} B-frames: strict changed nothing"
        );
    }
}

/// A smooth texture panning right by `dx` samples a frame (I420, grey chroma).
fn panning(w: usize, h: usize, frames: usize, dx: usize) -> Vec<PixelBuffer> {
    (0..frames)
        .map(|i| {
            let mut b = PixelBuffer::new(w, h, PixelFormat::I420).unwrap();
            let mut y = b.plane_mut(0).unwrap();
            for r in 0..h {
                for (c, v) in y.row_mut(r).iter_mut().enumerate() {
                    let (x, yf) = ((c + 1000 - i * dx) as f64, r as f64);
                    let t = 128.0
                        + 60.0 * (x * 0.11).sin() * (yf * 0.07 + 0.3).cos()
                        + 30.0 * ((x + 2.0 * yf) * 0.031).sin();
                    *v = t.clamp(0.0, 255.0) as u8;
                }
            }
            for p in 1..3 {
                b.plane_mut(p).unwrap().fill(128);
            }
            b
        })
        .collect()
}

/// Adaptive B-frame placement (`FramepressBFrameAdaptive` Fast and Trellis) on a source
/// that stands still and then pans fast: bit-exact with both decoders, timestamps in
/// order, and the runs really differ from the fixed pattern.
#[test]
fn adaptive_b_frames_are_bit_exact() {
    let Some(ffmpeg) = framepress_testkit::ffmpeg() else {
        return;
    };
    let (w, h) = (128, 96);
    let mut frames = panning(w, h, 5, 0);
    frames.extend(panning(w, h, 10, 12));
    let mut streams = Vec::new();
    for (mode, entropy) in [("Off", "CABAC"), ("Fast", "CAVLC"), ("Trellis", "CABAC")] {
        let props = Dictionary::new()
            .with("H264EntropyMode", entropy.to_owned())
            .with("FramepressBFrameCount", Value::Int(3))
            .with("FramepressConstantQP", Value::Int(30))
            .with("FramepressBFrameAdaptive", mode.to_owned());
        let (stream, recon, timing) = encode_timed(props, &frames);
        let what = format!("FramepressBFrameAdaptive {mode} {entropy}");
        check_both_decoders(&ffmpeg, &stream, &recon, &what);
        check_timing(&timing, 2, &what);
        streams.push((mode, entropy, stream));
    }
    // Same entropy coder, different placement.
    assert!(
        streams[0].2 != streams[2].2,
        "Trellis placed B-frames as Off does"
    );
}

/// The macroblock tree (`FramepressMBTree`) with a lookahead longer than the B-frame runs:
/// bit-exact with both decoders and timestamps in order — with a B-pyramid and key frames
/// inside the lookahead, with adaptive B-frames, and without B-frames (frames held for the
/// lookahead alone) — and the QPs really change (the stream differs from the tree off).
#[test]
fn macroblock_tree_is_bit_exact() {
    let Some(ffmpeg) = framepress_testkit::ffmpeg() else {
        return;
    };
    let (w, h) = (128, 96);
    let mut frames = panning(w, h, 9, 1);
    frames.extend(panning(w, h, 9, 6));
    // (B-frames, pyramid, placement, entropy, lookahead, key interval, reorder depth)
    for (b, pyramid, placement, entropy, lookahead, keyint, depth) in [
        (3, true, "Off", "CABAC", 8, 7, 2),
        (2, false, "Trellis", "CAVLC", 6, 0, 1),
        (0, false, "Off", "CABAC", 5, 11, 0),
    ] {
        let base = Dictionary::new()
            .with("H264EntropyMode", entropy.to_owned())
            .with("FramepressBFrameCount", Value::Int(b))
            .with("FramepressBPyramid", pyramid)
            .with("FramepressBFrameAdaptive", placement.to_owned())
            .with("FramepressLookaheadFrames", Value::Int(lookahead))
            .with("MaxKeyFrameInterval", Value::Int(keyint))
            .with("Quality", Value::Float(0.5));
        let what =
            format!("{b} B (pyramid {pyramid}, {placement}), {entropy}, lookahead {lookahead}");
        let (stream, recon, timing) = encode_timed(base.clone(), &frames);
        check_both_decoders(&ffmpeg, &stream, &recon, &what);
        check_timing(&timing, depth, &what);
        let (plain, _) = encode(base.with("FramepressMBTree", false), &frames);
        assert!(stream != plain, "{what}: no QP changed");
    }
}

/// Frames looked ahead at are held: with `FramepressLookaheadFrames` n and no B-frames,
/// frame i comes out once frame i + n has arrived, and flushing returns the rest.
#[test]
fn the_lookahead_holds_exactly_its_frames() {
    let frames = synthetic(64, 48, 12);
    let props = Dictionary::new()
        .with("AllowFrameReordering", false)
        .with("FramepressLookaheadFrames", Value::Int(4));
    let mut enc = H264Encoder::new(&config(64, 48, props)).unwrap();
    let mut coded = 0usize;
    for (i, f) in frames.iter().enumerate() {
        let frame = source_frame(i, f);
        let mut out = Vec::new();
        enc.encode(frame, &mut out).unwrap();
        coded += out.len();
        assert_eq!(coded, (i + 1).saturating_sub(4), "after frame {i}");
    }
    let mut out = Vec::new();
    enc.flush(&mut out).unwrap();
    assert_eq!(coded + out.len(), frames.len());
}

/// Adaptive quantisation (`FramepressAdaptiveQuantization`): per-macroblock QPs through
/// mb_qp_delta, with CAVLC and CABAC, B-frames, several slices and size-limited slices,
/// bit-exact with both decoders; the QPs really vary (the stream differs from Off).
#[test]
fn adaptive_quantization_is_bit_exact() {
    let Some(ffmpeg) = framepress_testkit::ffmpeg() else {
        return;
    };
    let frames = synthetic(160, 96, 8);
    for (mode, entropy, slices, max_bytes, b) in [
        ("AutoVariance", "CABAC", 1, 0, 3),
        ("Variance", "CAVLC", 1, 0, 2),
        ("AutoVariance", "CAVLC", 3, 0, 0),
        ("AutoVariance", "CABAC", 1, 400, 0),
    ] {
        let base = Dictionary::new()
            .with("H264EntropyMode", entropy.to_owned())
            .with("FramepressBFrameCount", Value::Int(b))
            .with("FramepressSliceCount", Value::Int(slices))
            .with("MaxH264SliceBytes", Value::Int(max_bytes))
            .with("FramepressConstantQP", Value::Int(30))
            .with("FramepressAQStrength", Value::Float(1.5));
        let what = format!("{mode} {entropy}, {slices} slices, max {max_bytes} bytes, {b} B");
        let (stream, recon) = encode(
            base.clone()
                .with("FramepressAdaptiveQuantization", mode.to_owned()),
            &frames,
        );
        check_both_decoders(&ffmpeg, &stream, &recon, &what);
        let (plain, _) = encode(
            base.with("FramepressAdaptiveQuantization", "Off".to_owned()),
            &frames,
        );
        assert!(stream != plain, "{what}: no QP changed");
    }
}

/// Every speed level (`FramepressSpeed`, ultrafast … veryslow) with CAVLC and CABAC:
/// bit-exact with both decoders, and the levels really differ (the fastest and the default
/// give different streams).
#[test]
fn every_speed_level_is_bit_exact() {
    let Some(ffmpeg) = framepress_testkit::ffmpeg() else {
        return;
    };
    let frames = synthetic(96, 64, 8);
    for entropy in ["CABAC", "CAVLC"] {
        let mut streams = Vec::new();
        for &level in framepress_h264::speed::SPEED_NAMES {
            let props = Dictionary::new()
                .with("H264EntropyMode", entropy.to_owned())
                .with("FramepressConstantQP", Value::Int(30))
                .with("FramepressSpeed", level.to_owned());
            let (stream, recon) = encode(props, &frames);
            check_both_decoders(&ffmpeg, &stream, &recon, &format!("{level} {entropy}"));
            streams.push(stream);
        }
        assert_ne!(streams[0], streams[5], "{entropy}: ultrafast is medium");
    }
}

/// Whether the SPS sends scaling matrices (seq_scaling_matrix_present_flag of a High
/// profile SPS).
fn sps_has_scaling_matrix(stream: &[u8]) -> bool {
    let nals = framepress_bitstream::split_annexb(stream);
    let sps = nals.iter().find(|n| n[0] & 0x1f == 7).expect("an SPS");
    let rbsp = framepress_bitstream::unescape(&sps[1..]);
    let mut r = framepress_bitstream::BitReader::new(&rbsp);
    assert_eq!(r.read_bits(8).unwrap(), 100, "a High profile SPS");
    r.read_bits(16).unwrap(); // constraint flags, level_idc
    r.read_ue().unwrap(); // seq_parameter_set_id
    assert_eq!(r.read_ue().unwrap(), 1, "4:2:0");
    r.read_ue().unwrap(); // bit_depth_luma_minus8
    r.read_ue().unwrap(); // bit_depth_chroma_minus8
    r.read_flag().unwrap(); // qpprime_y_zero_transform_bypass_flag
    r.read_flag().unwrap()
}

/// Scaling matrices (JVT defaults and custom lists, `FramepressScalingMatrix` /
/// `FramepressScalingLists`) with CAVLC and CABAC, 4x4 and 8x8 transforms, intra, P and B
/// pictures and Intra_16x16 / chroma DC paths: bit-exact with both decoders, signalled in
/// the SPS, and changing the stream.
#[test]
fn scaling_matrices_are_bit_exact() {
    let Some(ffmpeg) = framepress_testkit::ffmpeg() else {
        return;
    };
    // Custom lists exercising every list with distinct, non-monotone weights.
    let custom: Vec<Value> = (0..224i64)
        .map(|i| Value::Int(8 + (i * 37 + i / 16 * 11) % 56))
        .collect();
    // (entropy coder, named matrix or the custom lists, 8x8 transform, B-frames, QP, size)
    type MatrixCase = (
        &'static str,
        Option<&'static str>,
        bool,
        i64,
        i64,
        (usize, usize),
    );
    let cases: [MatrixCase; 5] = [
        ("CABAC", Some("JVT"), true, 3, 24, (176, 144)),
        ("CAVLC", Some("JVT"), false, 0, 30, (98, 66)),
        ("CABAC", None, true, 2, 20, (96, 64)),
        ("CAVLC", None, true, 0, 36, (176, 144)),
        ("CABAC", Some("JVT"), false, 1, 14, (64, 48)),
    ];
    for (entropy, named, t8, b, qp, (w, h)) in cases {
        let frames = synthetic(w, h, 7);
        let base = || {
            Dictionary::new()
                .with("ProfileLevel", "H264_High_AutoLevel".to_owned())
                .with("H264EntropyMode", entropy.to_owned())
                .with("FramepressTransform8x8", Value::Bool(t8))
                .with("FramepressBFrameCount", Value::Int(b))
                .with("FramepressConstantQP", Value::Int(qp))
        };
        let props = match named {
            Some(n) => base().with("FramepressScalingMatrix", n.to_owned()),
            None => base().with("FramepressScalingLists", Value::Array(custom.clone())),
        };
        let what = format!("{named:?} matrix, {entropy} 8x8 {t8} B {b} QP {qp} {w}x{h}");
        let (stream, recon) = encode(props, &frames);
        assert!(sps_has_scaling_matrix(&stream), "{what}: the SPS's flag");
        check_both_decoders(&ffmpeg, &stream, &recon, &what);
        let (flat, _) = encode(base(), &frames);
        assert!(!sps_has_scaling_matrix(&flat), "{what}: flat sends none");
        assert_ne!(stream, flat, "{what}: the matrix changed nothing");
    }
}

/// The first PPS's transform_8x8_mode_flag (false when the PPS ends before it).
fn transform_8x8_mode(stream: &[u8]) -> bool {
    let nals = framepress_bitstream::split_annexb(stream);
    let pps = nals.iter().find(|n| n[0] & 0x1f == 8).expect("a PPS");
    let rbsp = framepress_bitstream::unescape(&pps[1..]);
    let mut r = framepress_bitstream::BitReader::new(&rbsp);
    r.read_ue().unwrap(); // pic_parameter_set_id
    r.read_ue().unwrap(); // seq_parameter_set_id
    r.read_flag().unwrap(); // entropy_coding_mode_flag
    r.read_flag().unwrap(); // bottom_field_pic_order_in_frame_present_flag
    assert_eq!(r.read_ue().unwrap(), 0, "one slice group");
    r.read_ue().unwrap(); // num_ref_idx_l0_default_active_minus1
    r.read_ue().unwrap(); // num_ref_idx_l1_default_active_minus1
    r.read_flag().unwrap(); // weighted_pred_flag
    r.read_bits(2).unwrap(); // weighted_bipred_idc
    r.read_se().unwrap(); // pic_init_qp_minus26
    r.read_se().unwrap(); // pic_init_qs_minus26
    r.read_se().unwrap(); // chroma_qp_index_offset
    r.read_flag().unwrap(); // deblocking_filter_control_present_flag
    r.read_flag().unwrap(); // constrained_intra_pred_flag
    r.read_flag().unwrap(); // redundant_pic_cnt_present_flag
    r.more_rbsp_data() && r.read_flag().unwrap()
}

/// The 8x8 transform and Intra_8x8 (High profile, on by default) with CAVLC and CABAC,
/// with and without B-frames, intra-only with slices, at sizes that need cropping and
/// across QPs: bit-exact, signalled in the PPS, and really used (the stream differs from
/// the 4x4-only one, which must be bit-exact too).
#[test]
fn transform_8x8_is_bit_exact_with_cavlc_and_cabac() {
    let Some(ffmpeg) = framepress_testkit::ffmpeg() else {
        return;
    };
    // (size, QP, entropy coder, B-frames, key-frame interval, slices): intra-only streams
    // with several slices check Intra_8x8's neighbour availability at slice edges.
    let cases = [
        ((350, 198), 22, "CABAC", 3, 0, 1),
        ((350, 198), 37, "CAVLC", 0, 0, 2),
        ((18, 14), 10, "CABAC", 0, 0, 1),
        ((176, 144), 30, "CAVLC", 3, 0, 1),
        ((176, 144), 45, "CABAC", 1, 0, 1),
        ((176, 144), 16, "CABAC", 0, 1, 3),
        ((98, 66), 26, "CAVLC", 0, 1, 3),
    ];
    for (size, qp, entropy, b_frames, keyint, slices) in cases {
        let frames = synthetic(size.0, size.1, 7);
        let mut streams = Vec::new();
        for on in [true, false] {
            let props = Dictionary::new()
                .with("ProfileLevel", "H264_High_AutoLevel".to_owned())
                .with("H264EntropyMode", entropy.to_owned())
                .with("FramepressConstantQP", Value::Int(qp))
                .with("FramepressBFrameCount", Value::Int(b_frames))
                .with("MaxKeyFrameInterval", Value::Int(keyint))
                .with("FramepressSliceCount", Value::Int(slices))
                .with("FramepressTransform8x8", Value::Bool(on));
            let (stream, recon) = encode(props, &frames);
            let what = format!(
                "{size:?} QP {qp} {entropy} B {b_frames} keyint {keyint} slices {slices} 8x8 {on}"
            );
            assert_eq!(transform_8x8_mode(&stream), on, "{what}: the PPS's flag");
            check_both_decoders(&ffmpeg, &stream, &recon, &what);
            streams.push(stream);
        }
        if size.0 > 18 {
            assert_ne!(
                streams[0], streams[1],
                "{size:?} QP {qp}: no 8x8 block was used"
            );
        }
    }
}

/// The synthetic source fading to black and back: frame i's luma scaled by the gain of
/// frame i, chroma pulled towards 128 as much.
fn fading(w: usize, h: usize, n: u64) -> Vec<PixelBuffer> {
    let gain = |i: u64| {
        let t = i as f64 / (n - 1).max(1) as f64;
        // 1.0 → 0.25 → 1.0.
        0.25 + 0.75 * (2.0 * t - 1.0).abs()
    };
    synthetic(w, h, n)
        .into_iter()
        .enumerate()
        .map(|(i, mut f)| {
            let g = gain(i as u64);
            for p in 0..3 {
                let mut plane = f.plane_mut(p).unwrap();
                let rows = if p == 0 { h } else { h.div_ceil(2) };
                for y in 0..rows {
                    for s in plane.row_mut(y).iter_mut() {
                        let v = f64::from(*s);
                        let mid = if p == 0 { 0.0 } else { 128.0 };
                        *s = (mid + (v - mid) * g).round().clamp(0.0, 255.0) as u8;
                    }
                }
            }
            f
        })
        .collect()
}

/// Explicit weighted prediction on a synthetic fade: bit-exact with CAVLC and CABAC, with
/// and without B-frames and with several references, and worth its syntax (the stream is
/// smaller than without weights at the same QP by more than any PSNR it gives up is
/// worth, counting 1 dB as 15 % of the rate).
#[test]
fn weighted_prediction_on_a_fade_is_bit_exact_and_pays() {
    let Some(ffmpeg) = framepress_testkit::ffmpeg() else {
        return;
    };
    // (profile, entropy, B-frames, references, size, implicit B weights)
    let cases = [
        ("H264_Main_AutoLevel", "CAVLC", 0, 1, (176, 144), false),
        ("H264_High_AutoLevel", "CABAC", 0, 3, (176, 144), false),
        ("H264_High_AutoLevel", "CABAC", 3, 2, (98, 66), false),
        ("H264_Main_AutoLevel", "CAVLC", 3, 2, (98, 66), true),
    ];
    for (profile, entropy, b_frames, refs, (w, h), implicit) in cases {
        let frames = fading(w, h, 10);
        let mut sizes = Vec::new();
        let mut psnrs = Vec::new();
        for on in [true, false] {
            let props = Dictionary::new()
                .with("ProfileLevel", profile.to_owned())
                .with("H264EntropyMode", entropy.to_owned())
                .with("FramepressBFrameCount", Value::Int(b_frames))
                .with("ReferenceBufferCount", Value::Int(refs))
                .with("FramepressConstantQP", Value::Int(28))
                .with("FramepressWeightedPrediction", Value::Bool(on))
                .with("FramepressImplicitBWeights", Value::Bool(implicit && on));
            let (stream, recon) = encode(props, &frames);
            let what = format!("fade {profile} {entropy} B {b_frames} refs {refs} weighted {on}");
            check_both_decoders(&ffmpeg, &stream, &recon, &what);
            sizes.push(stream.len());
            let sse: f64 = frames
                .iter()
                .zip(&recon)
                .map(|(f, r)| {
                    let (a, b) = (&planes_of(f)[0], &planes_of(r)[0]);
                    a.iter()
                        .zip(b)
                        .map(|(&x, &y)| (f64::from(x) - f64::from(y)).powi(2))
                        .sum::<f64>()
                })
                .sum();
            let n = (frames.len() * w * h) as f64;
            psnrs.push(10.0 * (255.0f64 * 255.0 * n / sse.max(1.0)).log10());
        }
        let saved = 100.0 * (1.0 - sizes[0] as f64 / sizes[1] as f64);
        let worth = saved - 15.0 * (psnrs[1] - psnrs[0]);
        assert!(
            worth > 3.0,
            "{profile} {entropy} B {b_frames}: weighted {} bytes {:.2} dB, unweighted {} bytes \
             {:.2} dB",
            sizes[0],
            psnrs[0],
            sizes[1],
            psnrs[1]
        );
    }
}
