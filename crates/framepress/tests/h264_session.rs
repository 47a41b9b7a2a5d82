//! The H.264 encoder through the public session API: format description before the first
//! frame, sample attachments, key-frame controls, Annex-B output, foreign sources.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::mpsc::Receiver;

use framepress::{
    CodecType, CompressionSession, FrameOptions, FrameType, Output, PixelBuffer, PixelFormat,
    SampleBuffer, Time, Value, keys,
};

fn session(
    w: i32,
    h: i32,
    props: &[(&str, Value)],
) -> (CompressionSession<u32>, Receiver<Output<u32>>) {
    let mut b = CompressionSession::builder(w, h, CodecType::H264);
    for (k, v) in props {
        b = b.property_by_name(k, v.clone());
    }
    b.build_with_receiver::<u32>().unwrap()
}

fn frames(w: usize, h: usize, n: u64) -> Vec<PixelBuffer> {
    framepress_synth::SyntheticSource::new(
        framepress_synth::SynthConfig::new(w, h).with_frame_count(Some(n)),
    )
    .unwrap()
    .collect()
}

fn encode_all(
    s: &CompressionSession<u32>,
    rx: &Receiver<Output<u32>>,
    input: &[PixelBuffer],
    force: &[usize],
) -> Vec<SampleBuffer> {
    for (i, f) in input.iter().enumerate() {
        let opts = FrameOptions::default().force_key_frame(force.contains(&i));
        s.encode_frame(
            f,
            Time::new(i as i64, 30),
            Time::new(1, 30),
            &opts,
            i as u32,
        )
        .unwrap();
    }
    s.complete_frames(Time::INVALID).unwrap();
    rx.try_iter().map(|o| o.sample.unwrap()).collect()
}

#[test]
fn format_description_is_ready_after_prepare() {
    let (s, _rx) = session(176, 144, &[]);
    s.prepare_to_encode_frames().unwrap();
    let fd = s.format_description().unwrap().unwrap();
    assert_eq!(fd.codec_type(), CodecType::H264);
    assert_eq!(fd.dimensions(), (176, 144));
    // SPS, PPS 0, and PPS 1 for the pictures that use weighted prediction.
    assert_eq!(fd.parameter_set_count(), 3);
    assert_eq!(fd.nal_unit_header_length(), 4);
    assert_eq!(fd.parameter_set_at_index(0).unwrap()[0] & 0x1f, 7);
    assert_eq!(fd.parameter_set_at_index(1).unwrap()[0] & 0x1f, 8);
    assert_eq!(fd.parameter_set_at_index(2).unwrap()[0] & 0x1f, 8);
    let avcc = fd.sample_description_atom("avcC").unwrap();
    assert_eq!(avcc[0], 1);
    assert_eq!(avcc[1], 100); // High, the default
    assert_eq!(avcc[4] & 3, 3); // 4-byte lengths
    // The High-profile tail: 4:2:0, 8-bit, no SPS extensions.
    assert_eq!(&avcc[avcc.len() - 4..], &[0xFD, 0xF8, 0xF8, 0]);
    let (s, _rx) = session(
        176,
        144,
        &[(
            "ProfileLevel",
            Value::from("H264_ConstrainedBaseline_AutoLevel".to_owned()),
        )],
    );
    s.prepare_to_encode_frames().unwrap();
    let fd = s.format_description().unwrap().unwrap();
    let avcc = fd.sample_description_atom("avcC").unwrap();
    assert_eq!((avcc[1], avcc[2]), (66, 0xC0)); // Constrained Baseline
    assert_eq!(
        fd.parameter_set_count(),
        2,
        "no weighted prediction in Baseline"
    );
}

#[test]
fn attachments_timing_and_forced_key_frames() {
    for reorder in [false, true] {
        let (s, rx) = session(
            96,
            64,
            &[
                ("MaxKeyFrameInterval", Value::Int(100)),
                ("AllowFrameReordering", Value::Bool(reorder)),
            ],
        );
        let decode_order = encode_all(&s, &rx, &frames(96, 64, 12), &[7]);
        assert_eq!(decode_order.len(), 12);
        // Decode times increase, never pass the presentation time, and start two frames
        // before the first presentation with reordering (B-pyramid: two frames of
        // reordering), at it without.
        for w in decode_order.windows(2) {
            assert!(w[0].decode_time_stamp() < w[1].decode_time_stamp());
        }
        let first = if reorder { -2 } else { 0 };
        assert_eq!(decode_order[0].decode_time_stamp(), Time::new(first, 30));
        let mut samples = decode_order.clone();
        samples.sort_by_key(|s| s.presentation_time_stamp().value);
        let (mut b_frames, mut reference_b) = (0, 0);
        for (i, smp) in samples.iter().enumerate() {
            let key = i == 0 || i == 7;
            let b = smp.attachments().frame_type == Some(FrameType::B);
            b_frames += usize::from(b);
            reference_b +=
                usize::from(b && smp.attachments().is_depended_on_by_others == Some(true));
            assert_eq!(smp.is_sync(), key, "frame {i}");
            assert_eq!(smp.attachments().depends_on_others, Some(!key));
            assert_eq!(smp.presentation_time_stamp(), Time::new(i as i64, 30));
            assert!(smp.decode_time_stamp() <= smp.presentation_time_stamp());
            if !reorder {
                assert!(!b, "frame {i}: a B-frame without reordering");
                assert_eq!(smp.decode_time_stamp(), smp.presentation_time_stamp());
            }
            // Length-prefixed NAL units; IDR slices on key frames only.
            let nals = framepress_bitstream_nals(smp);
            let idr = nals.iter().any(|n| n[0] & 0x1f == 5);
            assert_eq!(idr, key, "frame {i}");
        }
        // Reordering is on by default in the High profile: 3 B-frames between anchors
        // (1..=3 before P 4; 5 before P 6, which ends the GOP before the forced key frame;
        // 8..=10 before P 11); the middle one of each run of three (2 and 9) is the
        // pyramid's reference B-frame.
        assert_eq!(b_frames, if reorder { 7 } else { 0 }, "reorder {reorder}");
        assert_eq!(
            reference_b,
            if reorder { 2 } else { 0 },
            "reorder {reorder}"
        );
    }
}

fn framepress_bitstream_nals(s: &SampleBuffer) -> Vec<Vec<u8>> {
    let d = s.data();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= d.len() {
        let n = u32::from_be_bytes([d[i], d[i + 1], d[i + 2], d[i + 3]]) as usize;
        out.push(d[i + 4..i + 4 + n].to_vec());
        i += 4 + n;
    }
    assert_eq!(
        i,
        d.len(),
        "sample is exactly a sequence of length-prefixed NAL units"
    );
    out
}

#[test]
fn key_frame_interval_duration_and_intra_only() {
    let (s, rx) = session(
        64,
        64,
        &[("MaxKeyFrameIntervalDuration", Value::Float(0.2))],
    );
    let samples = encode_all(&s, &rx, &frames(64, 64, 13), &[]);
    let keys: Vec<usize> = samples
        .iter()
        .enumerate()
        .filter(|(_, s)| s.is_sync())
        .map(|(i, _)| i)
        .collect();
    assert_eq!(keys, vec![0, 6, 12]);
    let (s, rx) = session(64, 64, &[("AllowTemporalCompression", Value::Bool(false))]);
    let samples = encode_all(&s, &rx, &frames(64, 64, 4), &[]);
    assert!(samples.iter().all(SampleBuffer::is_sync));
}

#[test]
fn annex_b_output_repeats_parameter_sets_on_key_frames() {
    let (s, rx) = session(
        64,
        48,
        &[
            ("FramepressAnnexBOutput", Value::Bool(true)),
            ("MaxKeyFrameInterval", Value::Int(3)),
        ],
    );
    let samples = encode_all(&s, &rx, &frames(64, 48, 6), &[]);
    for (i, smp) in samples.iter().enumerate() {
        assert_eq!(&smp.data()[..4], &[0, 0, 0, 1], "frame {i}");
        assert_eq!(smp.format_description().nal_unit_header_length(), 0);
        let has_sps = smp
            .data()
            .windows(5)
            .any(|w| w[..4] == [0, 0, 0, 1] && w[4] & 0x1f == 7);
        assert_eq!(has_sps, i % 3 == 0, "frame {i}");
    }
    let stream: Vec<u8> = samples.iter().flat_map(|s| s.data().to_vec()).collect();
    if let Some(ff) = framepress_testkit::ffmpeg() {
        let raw = framepress_testkit::run(
            &ff,
            &[
                "-xerror", "-f", "h264", "-i", "-", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-",
            ],
            &stream,
        );
        assert_eq!(raw.len(), 6 * 64 * 48 * 3 / 2);
    }
}

#[test]
fn bgra_and_nv12_sources_are_converted() {
    let (s, rx) = session(
        80,
        48,
        &[("FramepressEmitReconstruction", Value::Bool(true))],
    );
    let mut bgra = PixelBuffer::new(160, 96, PixelFormat::Bgra).unwrap();
    bgra.plane_mut(0).unwrap().fill(200);
    let mut nv12 = PixelBuffer::new(80, 48, PixelFormat::Nv12FullRange).unwrap();
    nv12.plane_mut(0).unwrap().fill(90);
    nv12.plane_mut(1).unwrap().fill(128);
    s.encode_frame(
        &bgra,
        Time::new(0, 30),
        Time::INVALID,
        &FrameOptions::default(),
        0,
    )
    .unwrap();
    s.encode_frame(
        &nv12,
        Time::new(1, 30),
        Time::INVALID,
        &FrameOptions::default(),
        1,
    )
    .unwrap();
    s.complete_frames(Time::INVALID).unwrap();
    let outs: Vec<Output<u32>> = rx.try_iter().collect();
    assert_eq!(outs.len(), 2);
    for o in &outs {
        o.status.as_ref().unwrap();
        let r = o.sample.as_ref().unwrap().reconstruction().unwrap();
        assert_eq!((r.width(), r.height()), (80, 48));
    }
    // Full-range NV12 into a video-range stream: 90 maps to 16 + 90 * 219 / 255 ≈ 93.
    let r = outs[1].sample.as_ref().unwrap().reconstruction().unwrap();
    let y = r.plane(0).unwrap().row(20)[40] as i32;
    assert!((y - 93).abs() <= 2, "{y}");
}

#[test]
fn configuration_errors() {
    // Level 1.3 cannot carry 1080p: refused when set, and the session stays usable.
    let e = CompressionSession::builder(1920, 1080, CodecType::H264)
        .property_by_name("ProfileLevel", Value::from("H264_Baseline_1_3"))
        .build_with_receiver::<u32>()
        .map(drop)
        .unwrap_err();
    assert_eq!(e.code(), -12902);
    let (s, _rx) = session(1920, 1080, &[]);
    assert_eq!(
        s.set_property("ProfileLevel", Some(Value::from("H264_Baseline_1_3")))
            .unwrap_err()
            .code(),
        -12902
    );
    s.prepare_to_encode_frames().unwrap();
    // Odd sizes are refused by 4:2:0 H.264.
    let (s, _rx) = session(17, 16, &[]);
    assert_eq!(s.prepare_to_encode_frames().unwrap_err().code(), -12907);
    let (s, _rx) = session(64, 64, &[]);
    // Reordering is allowed (B-frames in Main and High); B-frame counts are range-checked.
    s.set(keys::ALLOW_FRAME_REORDERING, true).unwrap();
    assert_eq!(
        s.set_property("FramepressBFrameCount", Some(Value::from(17i64)))
            .unwrap_err()
            .code(),
        -12902
    );
    // AllowOpenGOP is accepted either way (GOPs are closed: key frames are IDR pictures).
    for open in [false, true] {
        let (s, _rx) = session(64, 64, &[("AllowOpenGOP", Value::Bool(open))]);
        s.prepare_to_encode_frames().unwrap();
        assert_eq!(
            s.copy_property("AllowOpenGOP").unwrap(),
            Some(Value::Bool(open))
        );
    }
    // The 8x8 transform needs a High profile.
    let e = CompressionSession::builder(64, 64, CodecType::H264)
        .property_by_name("ProfileLevel", Value::from("H264_Main_AutoLevel"))
        .property_by_name("FramepressTransform8x8", Value::Bool(true))
        .build_with_receiver::<u32>()
        .map(drop)
        .unwrap_err();
    assert_eq!(e.code(), -12902);
    let (s8, _rx8) = session(64, 64, &[("FramepressTransform8x8", Value::Bool(false))]);
    s8.prepare_to_encode_frames().unwrap();
    // Scaling matrices: High profiles only, a named set or 224 weights 1..=255, not both.
    let build = |props: &[(&str, Value)]| {
        let mut b = CompressionSession::builder(64, 64, CodecType::H264);
        for (k, v) in props {
            b = b.property_by_name(k, v.clone());
        }
        b.build_with_receiver::<u32>().map(drop)
    };
    let lists = |v: i64, n: usize| Value::Array(vec![Value::from(v); n]);
    for bad in [
        vec![
            ("ProfileLevel", Value::from("H264_Main_AutoLevel")),
            ("FramepressScalingMatrix", Value::from("JVT")),
        ],
        vec![("FramepressScalingMatrix", Value::from("Custom"))],
        vec![("FramepressScalingLists", lists(16, 223))],
        vec![("FramepressScalingLists", lists(0, 224))],
        vec![
            ("FramepressScalingMatrix", Value::from("JVT")),
            ("FramepressScalingLists", lists(20, 224)),
        ],
    ] {
        assert_eq!(build(&bad).unwrap_err().code(), -12902, "{bad:?}");
    }
    build(&[("FramepressScalingMatrix", Value::from("JVT"))]).unwrap();
    build(&[("FramepressScalingLists", lists(20, 224))]).unwrap();
    // Flat is flat in every profile.
    build(&[
        ("ProfileLevel", Value::from("H264_Main_AutoLevel")),
        ("FramepressScalingMatrix", Value::from("Flat")),
    ])
    .unwrap();
    // Direct prediction modes.
    build(&[("FramepressDirectPrediction", Value::from("Temporal"))]).unwrap();
    assert_eq!(
        build(&[("FramepressDirectPrediction", Value::from("Auto"))])
            .unwrap_err()
            .code(),
        -12902
    );
    // CABAC needs Main or High: refused with Constrained Baseline, accepted once the
    // profile allows it, and then the profile cannot go back to Baseline.
    s.set(
        keys::PROFILE_LEVEL,
        "H264_ConstrainedBaseline_AutoLevel".to_owned(),
    )
    .unwrap();
    assert_eq!(
        s.set(keys::H264_ENTROPY_MODE, "CABAC".to_owned())
            .unwrap_err()
            .code(),
        -12902
    );
    s.set(keys::PROFILE_LEVEL, "H264_Main_AutoLevel".to_owned())
        .unwrap();
    s.set(keys::H264_ENTROPY_MODE, "CABAC".to_owned()).unwrap();
    assert_eq!(
        s.set(keys::PROFILE_LEVEL, "H264_Baseline_3_0".to_owned())
            .unwrap_err()
            .code(),
        -12902
    );
    assert_eq!(
        s.set(keys::PROFILE_LEVEL, "HEVC_Main_AutoLevel".to_owned())
            .unwrap_err()
            .code(),
        -12902
    );
    assert_eq!(s.set(keys::CONSTANT_QP, 52).unwrap_err().code(), -12902);
    assert_eq!(
        s.set(keys::TARGET_QUALITY_FOR_ALPHA, 0.5)
            .unwrap_err()
            .code(),
        -12900
    );
    assert_eq!(s.get(keys::SUPPORTS_BASE_FRAME_QP).unwrap(), Some(true));
}

#[test]
fn base_frame_qp_per_frame() {
    let (s, rx) = session(64, 64, &[]);
    let input = frames(64, 64, 2);
    let mut sizes = Vec::new();
    for (i, qp) in [(0usize, 10i64), (1, 45)] {
        let opts = FrameOptions::default()
            .force_key_frame(true)
            .base_frame_qp(qp);
        s.encode_frame(
            &input[0],
            Time::new(i as i64, 30),
            Time::INVALID,
            &opts,
            i as u32,
        )
        .unwrap();
    }
    s.complete_frames(Time::INVALID).unwrap();
    for o in rx.try_iter() {
        sizes.push(o.sample.unwrap().total_sample_size());
    }
    assert!(sizes[0] > 3 * sizes[1], "{sizes:?}");
}

/// 12 synthetic frames whose second half is the first half's luma inverted: a scene cut at 6.
fn frames_with_cut(w: usize, h: usize) -> Vec<PixelBuffer> {
    let mut input = frames(w, h, 12);
    for f in &mut input[6..] {
        let mut y = f.plane_mut(0).unwrap();
        for r in 0..h {
            for v in y.row_mut(r)[..w].iter_mut() {
                *v = 255 - *v;
            }
        }
    }
    input
}

#[test]
fn scene_cuts_start_key_frames_unless_disabled() {
    let sync = |props: &[(&str, Value)]| -> Vec<usize> {
        let (s, rx) = session(160, 96, props);
        let samples = encode_all(&s, &rx, &frames_with_cut(160, 96), &[]);
        assert_eq!(samples.len(), 12);
        (0..12).filter(|&i| samples[i].is_sync()).collect()
    };
    let interval = ("MaxKeyFrameInterval", Value::Int(100));
    assert_eq!(sync(std::slice::from_ref(&interval)), vec![0, 6]);
    assert_eq!(
        sync(&[
            interval.clone(),
            ("FramepressSceneCutThreshold", Value::Int(0))
        ]),
        vec![0]
    );
    // The interval still rules: a cut never delays the next scheduled key frame.
    assert_eq!(
        sync(&[("MaxKeyFrameInterval", Value::Int(4))]),
        vec![0, 4, 6, 10]
    );
}

#[test]
fn key_frame_qp_offset_codes_key_frames_finer() {
    let first_size = |offset: i64| {
        let (s, rx) = session(
            96,
            64,
            &[
                (keys::CONSTANT_QP.name(), Value::Int(30)),
                ("FramepressKeyFrameQPOffset", Value::Int(offset)),
            ],
        );
        encode_all(&s, &rx, &frames(96, 64, 2), &[])[0].total_sample_size()
    };
    let (fine, plain) = (first_size(12), first_size(0));
    assert!(fine * 2 > plain * 3, "{fine} vs {plain}");
    let (s, _rx) = session(96, 64, &[]);
    assert_eq!(
        s.set(keys::KEY_FRAME_QP_OFFSET, 52).unwrap_err().code(),
        -12902
    );
}
