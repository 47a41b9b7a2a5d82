//! Properties of the generated content: determinism, range, scene cuts, timing, speed.

#![allow(clippy::unwrap_used)]

use framepress_core::{
    ColorPrimaries, PixelBuffer, PixelBufferAttributes, PixelFormat, Time, TransferFunction,
    YCbCrMatrix,
};
use framepress_synth::{SCENE_LENGTH, SynthConfig, SyntheticSource, frame_digest};

fn source(w: usize, h: usize) -> SyntheticSource {
    SyntheticSource::new(SynthConfig::new(w, h)).unwrap()
}

/// Mean absolute difference of the luma planes.
fn luma_mad(a: &PixelBuffer, b: &PixelBuffer) -> f64 {
    let (pa, pb) = (a.plane(0).unwrap(), b.plane(0).unwrap());
    let mut sum = 0u64;
    for (ra, rb) in pa.rows().zip(pb.rows()) {
        sum += ra
            .iter()
            .zip(rb)
            .map(|(x, y)| u64::from(x.abs_diff(*y)))
            .sum::<u64>();
    }
    sum as f64 / (a.width() * a.height()) as f64
}

#[test]
fn two_sources_are_identical() {
    let a: Vec<_> = source(176, 144).collect();
    let b: Vec<_> = source(176, 144).collect();
    assert_eq!(a.len(), 60);
    assert_eq!(a, b);
    // Random access gives the same frames as iteration.
    let s = source(176, 144);
    for i in [0, 7, 29, 30, 59] {
        assert!(s.frame(i).same_pixels(&a[i as usize]), "frame {i}");
    }
}

#[test]
fn frames_differ_over_time_and_by_seed() {
    let s = source(64, 48);
    assert_ne!(frame_digest(&s.frame(0)), frame_digest(&s.frame(1)));
    // The motion continues across cycles, so frame 60 is not frame 0 again.
    assert_ne!(frame_digest(&s.frame(0)), frame_digest(&s.frame(60)));
    let seeded = SyntheticSource::new(SynthConfig::new(64, 48).with_seed(7)).unwrap();
    assert_ne!(frame_digest(&s.frame(3)), frame_digest(&seeded.frame(3)));
}

#[test]
fn scene_cut_at_frame_30() {
    let s = source(176, 144);
    let (f28, f29, f30, f31) = (s.frame(28), s.frame(29), s.frame(30), s.frame(31));
    let within = luma_mad(&f28, &f29);
    let cut = luma_mad(&f29, &f30);
    let after = luma_mad(&f30, &f31);
    assert!(
        cut > 4.0 * within,
        "cut {cut:.2} vs within scene {within:.2}"
    );
    assert!(
        cut > 4.0 * after,
        "cut {cut:.2} vs after the cut {after:.2}"
    );
    assert!(cut > 20.0, "cut {cut:.2}");
    println!("luma MAD 28→29 {within:.2}, 29→30 {cut:.2}, 30→31 {after:.2}");
    assert!(s.is_scene_cut(30) && s.is_scene_cut(60) && !s.is_scene_cut(0) && !s.is_scene_cut(29));
    assert_eq!(SCENE_LENGTH, 30);
}

#[test]
fn output_is_i420_video_range_bt709() {
    let s = source(176, 144);
    for i in [0, 30] {
        let f = s.frame(i);
        assert_eq!(
            (f.width(), f.height(), f.pixel_format()),
            (176, 144, PixelFormat::I420)
        );
        assert_eq!(f.color_primaries(), Some(ColorPrimaries::Itu709));
        assert_eq!(f.transfer_function(), Some(TransferFunction::Itu709));
        assert_eq!(f.ycbcr_matrix(), Some(YCbCrMatrix::Itu709));
        let (mut lo, mut hi) = (255, 0);
        for row in f.plane(0).unwrap().rows() {
            lo = row.iter().copied().fold(lo, u8::min);
            hi = row.iter().copied().fold(hi, u8::max);
        }
        assert!(lo >= 16 && hi <= 235, "luma {lo}..{hi}");
        assert!(
            hi - lo > 150,
            "luma should span most of the range, got {lo}..{hi}"
        );
        for p in 1..3 {
            for row in f.plane(p).unwrap().rows() {
                assert!(row.iter().all(|&v| (16..=240).contains(&v)));
            }
        }
    }
}

#[test]
fn pts_follow_the_frame_rate() {
    let s = SyntheticSource::new(SynthConfig::new(64, 48).with_frame_rate(30000, 1001)).unwrap();
    assert_eq!(s.pts(0), Time::ZERO);
    assert_eq!(s.pts(3), Time::new(3003, 30000));
    assert_eq!(s.frame_duration(), Time::new(1001, 30000));
    assert_eq!(s.pts(30000), Time::new(1001, 1));
    assert_eq!(s.pts(u64::MAX), Time::INVALID);
}

#[test]
fn iterator_respects_frame_count_and_skips() {
    let config = SynthConfig::new(64, 48).with_frame_count(Some(5));
    let mut s = SyntheticSource::new(config.clone()).unwrap();
    assert_eq!(s.size_hint(), (5, Some(5)));
    let third = s.nth(2).unwrap();
    assert!(third.same_pixels(&SyntheticSource::new(config.clone()).unwrap().frame(2)));
    assert_eq!(s.position(), 3);
    assert_eq!(s.by_ref().count(), 2);
    assert!(s.next().is_none());
    let mut s = SyntheticSource::new(config).unwrap();
    assert!(s.nth(10).is_none());

    let mut endless =
        SyntheticSource::new(SynthConfig::new(64, 48).with_frame_count(None)).unwrap();
    assert_eq!(endless.size_hint(), (usize::MAX, None));
    assert!(endless.nth(1000).is_some());
    assert_eq!(
        SyntheticSource::new(SynthConfig::default())
            .unwrap()
            .count(),
        60
    );
}

#[test]
fn fill_frame_renders_into_padded_buffers() {
    let s = source(64, 48);
    let mut attrs = PixelBufferAttributes::new(64, 48, PixelFormat::I420);
    attrs.bytes_per_row_alignment = 128;
    attrs.extended_pixels = [16, 8, 16, 8];
    let mut buf = PixelBuffer::with_attributes(&attrs).unwrap();
    s.fill_frame(31, &mut buf).unwrap();
    assert!(buf.same_pixels(&s.frame(31)));

    let mut nv12 = PixelBuffer::new(64, 48, PixelFormat::Nv12VideoRange).unwrap();
    let err = s.fill_frame(0, &mut nv12).unwrap_err();
    assert!(err.to_string().contains("NV12"), "{err}");
    let mut small = PixelBuffer::new(32, 48, PixelFormat::I420).unwrap();
    assert!(s.fill_frame(0, &mut small).is_err());
}

#[test]
fn extreme_sizes_render() {
    for (w, h) in [(2, 2), (2, 1000), (1000, 2), (6, 4), (18, 14)] {
        let s = source(w, h);
        for i in [0, 1, 29, 30, 59, 1_000_000, u64::MAX] {
            let f = s.frame(i);
            assert_eq!((f.width(), f.height()), (w, h));
        }
    }
}

/// Run with `cargo test --release -p framepress-synth -- --ignored`; debug builds are slower.
#[test]
#[ignore = "timing: meaningful in release builds only"]
fn frame_generation_is_fast_at_1080p() {
    let s = source(1920, 1080);
    let _ = s.frame(0);
    let start = std::time::Instant::now();
    let n = 30;
    for i in 0..n {
        std::hint::black_box(s.frame(i));
    }
    let per_frame = start.elapsed() / n as u32;
    println!("1080p frame: {per_frame:?}");
    assert!(per_frame.as_millis() < 20, "{per_frame:?} per 1080p frame");
}
