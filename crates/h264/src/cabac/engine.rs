//! The arithmetic coding engine (§9.3.4.2 to §9.3.4.5) and its bit-counting twin.
//!
//! [`ArithmeticWriter`] produces the slice data. [`BinCounter`] runs the same state
//! machine without producing output: every renormalisation step and every bypass bin of
//! the real engine eventually emits exactly one bit, and how many steps a bin takes
//! depends only on the range and the context (never on `codILow`), so counting them gives
//! the exact number of bits a macroblock adds. Mode decision codes each candidate into a
//! counter started from the writer's state and keeps the winner's [`BinLog`], which the
//! writer then replays: the decision costs are real bits and the replay cannot diverge.

use framepress_bitstream::BitWriter;

use super::contexts::Contexts;
use super::state_tables::{RANGE_TAB_LPS, TRANS_IDX_LPS, trans_idx_mps};

/// Something bins are coded into.
pub trait BinEncoder {
    /// Codes `bin` with the adaptive context `ctx` (DecodeDecision's twin, §9.3.4.2).
    fn decision(&mut self, ctx: usize, bin: bool);
    /// Codes `bin` with probability one half (§9.3.4.4).
    fn bypass(&mut self, bin: bool);
    /// Codes `bin` with the terminating context 276 (§9.3.4.5): `end_of_slice_flag` and
    /// the I_PCM bin of `mb_type`. A one ends the arithmetic code.
    fn terminate(&mut self, bin: bool);

    /// Codes the low `n` bits of `value`, most significant first, in bypass mode.
    #[inline]
    fn bypass_bits(&mut self, value: u32, n: u32) {
        for i in (0..n).rev() {
            self.bypass((value >> i) & 1 == 1);
        }
    }
}

/// Updates context `ctx` for `bin`; returns (the range after the bin, whether it was the
/// least probable symbol, rLPS).
#[inline]
fn code_decision(ctx: &mut Contexts, range: u32, c: usize, bin: bool) -> (u32, bool, u32) {
    let s = ctx.0[c];
    let (state, mps) = (s >> 1, s & 1 == 1);
    let lps_range = u32::from(RANGE_TAB_LPS[state as usize][((range >> 6) & 3) as usize]);
    if bin != mps {
        let new_mps = if state == 0 { !mps } else { mps };
        ctx.0[c] = (TRANS_IDX_LPS[state as usize] << 1) | u8::from(new_mps);
        (lps_range, true, lps_range)
    } else {
        ctx.0[c] = (trans_idx_mps(state) << 1) | u8::from(mps);
        (range - lps_range, false, lps_range)
    }
}

/// Renormalisation steps to bring `range` back to 256 or above.
#[inline]
fn renorm_steps(range: u32) -> u32 {
    if range >= 256 {
        0
    } else {
        range.leading_zeros() - 23
    }
}

/// The CABAC encoder of one slice: contexts, `codILow`/`codIRange` and the output bits.
#[derive(Clone, Debug)]
pub struct ArithmeticWriter {
    /// The contexts (adapted as bins are coded).
    pub ctx: Contexts,
    low: u32,
    range: u32,
    outstanding: u32,
    first_bit: bool,
    out: BitWriter,
    bins: u64,
}

impl ArithmeticWriter {
    /// An engine initialised for a slice (§9.3.4.1), with `ctx` from
    /// [`Contexts::new`]; its bits are appended to `out` (which must be byte aligned,
    /// after `cabac_alignment_one_bit`).
    pub fn new(ctx: Contexts, out: BitWriter) -> ArithmeticWriter {
        ArithmeticWriter {
            ctx,
            low: 0,
            range: 510,
            outstanding: 0,
            first_bit: true,
            out,
            bins: 0,
        }
    }

    /// `codIRange`: a counter started here counts exactly.
    pub fn range(&self) -> u32 {
        self.range
    }

    /// Bins coded so far (for the `cabac_zero_word` rule of §7.4.2.10).
    pub fn bin_count(&self) -> u64 {
        self.bins
    }

    /// Bits written so far (the bits still pending in the engine are not counted).
    pub fn bit_len(&self) -> u64 {
        self.out.bit_len()
    }

    /// A counter that continues from this engine's state.
    pub fn counter(&self) -> BinCounter {
        BinCounter {
            ctx: self.ctx.clone(),
            range: self.range,
            bits: 0,
            log: BinLog::default(),
        }
    }

    /// Codes again every bin of `log`, in order.
    pub fn replay(&mut self, log: &BinLog) {
        for &e in &log.0 {
            let bin = e & LOG_BIN != 0;
            match e & LOG_KIND {
                LOG_BYPASS => self.bypass(bin),
                LOG_TERMINATE => self.terminate(bin),
                _ => self.decision(usize::from(e & LOG_CTX), bin),
            }
        }
    }

    /// The output after the final `end_of_slice_flag` (a terminating one, which flushed
    /// the engine and wrote the rbsp_stop_one_bit).
    pub fn into_bits(self) -> BitWriter {
        self.out
    }

    fn put_bit(&mut self, bit: bool) {
        if self.first_bit {
            self.first_bit = false;
        } else {
            self.out.write_bits(u32::from(bit), 1);
        }
        let fill = if bit { 0 } else { u32::MAX };
        while self.outstanding > 0 {
            let n = self.outstanding.min(32);
            self.out.write_bits(fill, n);
            self.outstanding -= n;
        }
    }

    fn renormalise(&mut self) {
        while self.range < 256 {
            if self.low < 256 {
                self.put_bit(false);
            } else if self.low >= 512 {
                self.low -= 512;
                self.put_bit(true);
            } else {
                self.low -= 256;
                self.outstanding += 1;
            }
            self.range <<= 1;
            self.low <<= 1;
        }
    }

    fn flush(&mut self) {
        self.range = 2;
        self.renormalise();
        self.put_bit((self.low >> 9) & 1 == 1);
        // The low bit of these two is the rbsp_stop_one_bit (§9.3.4.5).
        self.out.write_bits(((self.low >> 7) & 3) | 1, 2);
    }
}

impl BinEncoder for ArithmeticWriter {
    #[inline]
    fn decision(&mut self, ctx: usize, bin: bool) {
        self.bins += 1;
        let range = self.range;
        let (new_range, lps, _) = code_decision(&mut self.ctx, range, ctx, bin);
        if lps {
            self.low += range - new_range;
        }
        self.range = new_range;
        self.renormalise();
    }

    #[inline]
    fn bypass(&mut self, bin: bool) {
        self.bins += 1;
        self.low <<= 1;
        if bin {
            self.low += self.range;
        }
        if self.low >= 1024 {
            self.put_bit(true);
            self.low -= 1024;
        } else if self.low < 512 {
            self.put_bit(false);
        } else {
            self.low -= 512;
            self.outstanding += 1;
        }
    }

    fn terminate(&mut self, bin: bool) {
        self.bins += 1;
        self.range -= 2;
        if bin {
            self.low += self.range;
            self.flush();
        } else {
            self.renormalise();
        }
    }
}

const LOG_CTX: u16 = 0x1FF;
const LOG_BIN: u16 = 0x200;
const LOG_KIND: u16 = 0xC00;
const LOG_BYPASS: u16 = 0x400;
const LOG_TERMINATE: u16 = 0x800;

/// The bins a counter coded, to be replayed by the writer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BinLog(Vec<u16>);

impl BinLog {
    /// Bins in the log.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the log is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The engine's twin that counts bits instead of writing them, and logs the bins.
#[derive(Clone, Debug)]
pub struct BinCounter {
    /// The contexts (adapted as bins are coded).
    pub ctx: Contexts,
    range: u32,
    bits: u32,
    log: BinLog,
}

impl BinCounter {
    /// A counter with contexts `ctx` and `codIRange` `range`.
    pub fn new(ctx: Contexts, range: u32) -> BinCounter {
        BinCounter {
            ctx,
            range,
            bits: 0,
            log: BinLog::default(),
        }
    }

    /// Bits the coded bins take.
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// The bins coded.
    pub fn log(&self) -> &BinLog {
        &self.log
    }

    /// Takes the log.
    pub fn into_log(self) -> BinLog {
        self.log
    }

    /// Forgets the bits counted and the bins logged so far (the state stays): a base for
    /// counting what comes next.
    pub fn clear(&mut self) {
        self.bits = 0;
        self.log.0.clear();
    }

    /// Continues from `other`'s contexts and range with no bits counted or logged.
    pub fn reset_from(&mut self, other: &BinCounter) {
        self.ctx.0.copy_from_slice(&other.ctx.0);
        self.range = other.range;
        self.bits = 0;
        self.log.0.clear();
    }
}

impl BinEncoder for BinCounter {
    #[inline]
    fn decision(&mut self, ctx: usize, bin: bool) {
        let (range, _, _) = code_decision(&mut self.ctx, self.range, ctx, bin);
        let steps = renorm_steps(range);
        self.range = range << steps;
        self.bits += steps;
        self.log.0.push(ctx as u16 | if bin { LOG_BIN } else { 0 });
    }

    #[inline]
    fn bypass(&mut self, bin: bool) {
        self.bits += 1;
        self.log.0.push(LOG_BYPASS | if bin { LOG_BIN } else { 0 });
    }

    fn terminate(&mut self, bin: bool) {
        self.range -= 2;
        if bin {
            // The flush: seven renormalisation steps from range 2, then three bits.
            self.bits += 10;
            self.range = 256;
        } else {
            let steps = renorm_steps(self.range);
            self.range <<= steps;
            self.bits += steps;
        }
        self.log
            .0
            .push(LOG_TERMINATE | if bin { LOG_BIN } else { 0 });
    }
}
