use framepress_bitstream::BitWriter;

use super::contexts::{ContextTable, Contexts};
use super::decode::ArithmeticReader;
use super::engine::{ArithmeticWriter, BinCounter, BinEncoder};

/// A deterministic bin source: (kind 0 decision / 1 bypass / 2 terminate(0), ctx, bin).
fn script(seed: u32, n: usize) -> Vec<(u8, usize, bool)> {
    let mut s = seed;
    let mut next = || {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        s
    };
    (0..n)
        .map(|_| {
            let r = next();
            let kind = match r % 16 {
                0..=11 => 0,
                12..=14 => 1,
                _ => 2,
            };
            let ctx = (r >> 8) as usize % 460;
            // Skewed bins so the contexts adapt towards a most probable symbol.
            let bin = (r >> 20) % 8 < if ctx.is_multiple_of(2) { 1 } else { 6 };
            (kind, if ctx == 276 { 275 } else { ctx }, bin)
        })
        .collect()
}

fn encode(table: ContextTable, qp: u8, bins: &[(u8, usize, bool)]) -> (Vec<u8>, u64, u32) {
    let mut w = ArithmeticWriter::new(Contexts::new(table, qp), BitWriter::new());
    let mut c = w.counter();
    for &(k, ctx, bin) in bins {
        match k {
            0 => {
                w.decision(ctx, bin);
                c.decision(ctx, bin);
            }
            1 => {
                w.bypass(bin);
                c.bypass(bin);
            }
            _ => {
                w.terminate(false);
                c.terminate(false);
            }
        }
    }
    w.terminate(true);
    let out = w.into_bits();
    let len = out.bit_len();
    (out.into_bytes(), len, c.bits())
}

#[test]
fn decoder_reads_back_every_bin() {
    for (seed, table, qp) in [
        (1, ContextTable::Intra, 26),
        (7, ContextTable::Inter(0), 10),
        (99, ContextTable::Inter(1), 40),
        (1234, ContextTable::Inter(2), 51),
    ] {
        let bins = script(seed, 5000);
        let (bytes, _, _) = encode(table, qp, &bins);
        let mut r = ArithmeticReader::new(Contexts::new(table, qp), &bytes);
        for (i, &(k, ctx, bin)) in bins.iter().enumerate() {
            let got = match k {
                0 => r.decision(ctx),
                1 => r.bypass(),
                _ => r.terminate(),
            };
            let want = if k == 2 { false } else { bin };
            assert_eq!(got, want, "seed {seed}: bin {i} ({k}, ctx {ctx})");
        }
        assert!(r.terminate(), "end_of_slice_flag");
    }
}

#[test]
fn counter_counts_the_writers_bits_exactly() {
    for seed in [3, 17, 2024] {
        let bins = script(seed, 3000);
        let (_, written, counted) = encode(ContextTable::Inter(0), 30, &bins);
        // The writer skips the very first bit (firstBitFlag) and flushes ten bits at the
        // final terminating bin, which the counter counts as bits of that bin.
        assert_eq!(written, u64::from(counted) + 9, "seed {seed}");
    }
}

#[test]
fn replaying_a_log_gives_the_same_stream() {
    let bins = script(5, 2000);
    let (direct, _, _) = encode(ContextTable::Intra, 22, &bins);
    let mut w = ArithmeticWriter::new(Contexts::new(ContextTable::Intra, 22), BitWriter::new());
    let mut c: BinCounter = w.counter();
    for &(k, ctx, bin) in &bins {
        match k {
            0 => c.decision(ctx, bin),
            1 => c.bypass(bin),
            _ => c.terminate(false),
        }
    }
    w.replay(c.log());
    assert_eq!(w.ctx, c.ctx, "contexts after the replay");
    w.terminate(true);
    assert_eq!(w.into_bits().into_bytes(), direct);
}

#[test]
fn context_initialisation_follows_9_3_1_1() {
    // ctxIdx 0 of I slices is (20, −15): preCtxState = ((20·26) >> 4) − 15 = 17, so
    // pStateIdx 46 with valMPS 0.
    let c = Contexts::new(ContextTable::Intra, 26);
    assert_eq!((c.state(0), c.mps(0)), (46, false));
    // ctxIdx 7 is (−23, 104): at QP 0 preCtxState 104 → pStateIdx 40, valMPS 1; at QP 51
    // ((−23·51) >> 4) + 104 = −74 + 104 = 30 → pStateIdx 33, valMPS 0 (the shift floors).
    let c0 = Contexts::new(ContextTable::Intra, 0);
    assert_eq!((c0.state(7), c0.mps(7)), (40, true));
    let c51 = Contexts::new(ContextTable::Intra, 51);
    assert_eq!((c51.state(7), c51.mps(7)), (33, false));
    assert_eq!(c.state(276), 63);
}

#[test]
fn estimates_track_the_exact_count() {
    use super::{BIT, BitEstimator, BlockCat, residual_block};
    // Many blocks of plausible levels: the frozen-context estimate of the total must stay
    // close to what the adapting engine really spends on them (it cannot be exact: the
    // contexts adapt as the blocks are coded).
    let ctx = Contexts::new(ContextTable::Inter(0), 28);
    let mut exact = BinCounter::new(ctx.clone(), 510);
    let mut estimate = 0u64;
    let mut s = 12345u32;
    for _ in 0..400 {
        let mut levels = [0i32; 16];
        for (i, l) in levels.iter_mut().enumerate() {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            // Larger and denser towards the low frequencies.
            if s % 16 < 12u32.saturating_sub(i as u32) {
                *l = (s >> 8) as i32 % 4 - 2 + if s & 0x100 != 0 { 1 } else { 0 };
            }
        }
        let mut e = BitEstimator::new(&exact.ctx);
        residual_block(&mut e, BlockCat::Luma4x4, &levels, 1);
        estimate += u64::from(e.cost);
        residual_block(&mut exact, BlockCat::Luma4x4, &levels, 1);
    }
    let exact_bits = f64::from(exact.bits());
    let est_bits = estimate as f64 / f64::from(BIT);
    assert!(
        (est_bits / exact_bits - 1.0).abs() < 0.05,
        "estimate {est_bits:.0} bits, exact {exact_bits}"
    );
}
