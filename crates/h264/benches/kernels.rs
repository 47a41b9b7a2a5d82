//! Micro-benchmarks of the H.264 encoder's inner kernels: block costs (SAD, SATD, SSD),
//! interpolation (luma quarter-sample, chroma eighth-sample, half-sample planes), the 4x4
//! transform with quantisation, and the deblocking filter.
//!
//! `cargo bench -p framepress-h264 --bench kernels`; `scripts/bench` runs it and puts the
//! medians in docs/BENCHMARKS.md. All kernels are scalar today: the SIMD kernels of the
//! performance work will appear here as extra functions of the same groups, so each table row
//! compares a kernel with its scalar twin on the same input.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use framepress_h264::cost::{sad, satd, satd_4x4, ssd};
use framepress_h264::deblock::{DeblockParams, deblock_picture};
use framepress_h264::mb_info::{MbInfo, MbKind};
use framepress_h264::mc::{HalfPelPlanes, predict_chroma, predict_luma};
use framepress_h264::picture::{Picture, Plane};
use framepress_h264::quant::Quant4;
use framepress_h264::transform::core4x4::{forward_4x4, inverse_4x4};

/// Deterministic pseudo-random bytes (xorshift), so every run measures the same data.
fn noise(len: usize, seed: u32) -> Vec<u8> {
    let mut s = seed.max(1);
    (0..len)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            (s >> 24) as u8
        })
        .collect()
}

/// Smooth content with noise: a gradient plus ±8, closer to video than white noise (the
/// deblocking filter's decisions depend on it).
fn textured_plane(width: usize, height: usize, border: usize, seed: u32) -> Plane {
    let mut p = Plane::new(width, height, border, 0);
    let n = noise(p.data.len(), seed);
    let stride = p.stride;
    for (i, v) in p.data.iter_mut().enumerate() {
        let (x, y) = (i % stride, i / stride);
        *v = ((x + 2 * y) / 4 % 200) as u8 + 28 + (n[i] >> 4);
    }
    p
}

const STRIDE: usize = 64;

fn block_costs(c: &mut Criterion) {
    let a = noise(STRIDE * 16, 1);
    let b = noise(STRIDE * 16, 2);
    let mut g = c.benchmark_group("cost");
    g.bench_function("sad_16x16", |k| {
        k.iter(|| sad(black_box(&a), STRIDE, black_box(&b), STRIDE, 16, 16))
    });
    g.bench_function("sad_8x8", |k| {
        k.iter(|| sad(black_box(&a), STRIDE, black_box(&b), STRIDE, 8, 8))
    });
    g.bench_function("satd_4x4", |k| {
        k.iter(|| satd_4x4(black_box(&a), STRIDE, black_box(&b), STRIDE))
    });
    g.bench_function("satd_16x16", |k| {
        k.iter(|| satd(black_box(&a), STRIDE, black_box(&b), STRIDE, 16, 16))
    });
    g.bench_function("ssd_16x16", |k| {
        k.iter(|| ssd(black_box(&a), STRIDE, black_box(&b), STRIDE, 16, 16))
    });
    g.finish();
}

fn interpolation(c: &mut Criterion) {
    let luma = textured_plane(640, 368, 32, 3);
    let chroma = textured_plane(320, 184, 16, 4);
    let mut out = [0u8; 256];
    let mut g = c.benchmark_group("interp");
    // (2, 2) is the centre half sample j, the most filtering; (1, 3) a quarter sample that
    // averages two half samples.
    for (name, mv) in [("luma_16x16_hv", [6, 10]), ("luma_16x16_qpel", [5, 11])] {
        g.bench_function(name, |k| {
            k.iter(|| {
                predict_luma(black_box(&luma), 64, 64, mv[0], mv[1], 16, 16, &mut out);
                out[0]
            })
        });
    }
    g.bench_function("chroma_8x8", |k| {
        k.iter(|| {
            predict_chroma(black_box(&chroma), 32, 32, 5, 3, 8, 8, &mut out);
            out[0]
        })
    });
    let mut planes = HalfPelPlanes::new(&luma);
    g.bench_function("halfpel_planes_640x368", |k| {
        k.iter(|| planes.compute(black_box(&luma)))
    });
    g.finish();
}

fn transform(c: &mut Criterion) {
    let src = noise(16, 5);
    let residual: [i32; 16] = std::array::from_fn(|i| i32::from(src[i]) - 128);
    let mut g = c.benchmark_group("transform");
    g.bench_function("forward_4x4_quant", |k| {
        k.iter(|| Quant4::flat(28, false).quantize(&forward_4x4(black_box(&residual))))
    });
    let (levels, _) = Quant4::flat(28, false).quantize(&forward_4x4(&residual));
    g.bench_function("dequant_inverse_4x4", |k| {
        k.iter(|| inverse_4x4(&Quant4::flat(28, false).dequantize(black_box(&levels))))
    });
    g.finish();
}

fn deblocking(c: &mut Criterion) {
    let (mbw, mbh) = (40, 23);
    let mut pic = Picture::new(mbw, mbh);
    pic.y = textured_plane(mbw * 16, mbh * 16, pic.y.border, 6);
    pic.cb = textured_plane(mbw * 8, mbh * 8, pic.cb.border, 7);
    pic.cr = textured_plane(mbw * 8, mbh * 8, pic.cr.border, 8);
    // Inter macroblocks with coefficients in half the blocks and motion that differs between
    // neighbours: every edge gets bS 1 or 2, the common case of P pictures.
    let mbs: Vec<MbInfo> = (0..mbw * mbh)
        .map(|i| MbInfo {
            kind: MbKind::Inter,
            qp: 30,
            nonzero_luma: 0x5a5a,
            mv: std::array::from_fn(|b| [((i + b) % 7) as i16 * 4, 0]),
            ref_idx: [0; 4],
            ..MbInfo::default()
        })
        .collect();
    let params = [DeblockParams {
        disable_deblocking_filter_idc: 0,
        alpha_c0_offset: 0,
        beta_offset: 0,
        chroma_qp_index_offset: 0,
        ..DeblockParams::default()
    }];
    let mut g = c.benchmark_group("deblock");
    g.bench_function("picture_640x368_p", |k| {
        k.iter_batched_ref(
            || pic.clone(),
            |p| deblock_picture(p, &mbs, &params),
            criterion::BatchSize::LargeInput,
        )
    });
    g.finish();
}

criterion_group!(kernels, block_costs, interpolation, transform, deblocking);
criterion_main!(kernels);
