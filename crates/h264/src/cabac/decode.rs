//! A CABAC decoding engine (§9.3.1.2, §9.3.3.2) written from the standard for the tests:
//! it reads back what the writer produced, independently of the writer's code.

use framepress_bitstream::BitReader;

use super::contexts::Contexts;
use super::state_tables::{RANGE_TAB_LPS, TRANS_IDX_LPS, trans_idx_mps};

/// The arithmetic decoder over slice data.
pub struct ArithmeticReader<'a> {
    /// The contexts.
    pub ctx: Contexts,
    range: u32,
    offset: u32,
    bits: BitReader<'a>,
}

impl<'a> ArithmeticReader<'a> {
    /// Starts decoding `data` (the first byte after the slice header's alignment).
    pub fn new(ctx: Contexts, data: &'a [u8]) -> ArithmeticReader<'a> {
        let mut bits = BitReader::new(data);
        let offset = bits.read_bits(9).unwrap_or(0);
        ArithmeticReader {
            ctx,
            range: 510,
            offset,
            bits,
        }
    }

    fn bit(&mut self) -> u32 {
        self.bits.read_bits(1).unwrap_or(0)
    }

    /// DecodeDecision.
    pub fn decision(&mut self, c: usize) -> bool {
        let (state, mps) = (self.ctx.state(c), self.ctx.mps(c));
        let lps = u32::from(RANGE_TAB_LPS[state as usize][((self.range >> 6) & 3) as usize]);
        self.range -= lps;
        let bin;
        if self.offset >= self.range {
            bin = !mps;
            self.offset -= self.range;
            self.range = lps;
            let new_mps = if state == 0 { !mps } else { mps };
            self.ctx.0[c] = (TRANS_IDX_LPS[state as usize] << 1) | u8::from(new_mps);
        } else {
            bin = mps;
            self.ctx.0[c] = (trans_idx_mps(state) << 1) | u8::from(mps);
        }
        while self.range < 256 {
            self.range <<= 1;
            self.offset = (self.offset << 1) | self.bit();
        }
        bin
    }

    /// DecodeBypass.
    pub fn bypass(&mut self) -> bool {
        self.offset = (self.offset << 1) | self.bit();
        if self.offset >= self.range {
            self.offset -= self.range;
            true
        } else {
            false
        }
    }

    /// DecodeTerminate.
    pub fn terminate(&mut self) -> bool {
        self.range -= 2;
        if self.offset >= self.range {
            true
        } else {
            while self.range < 256 {
                self.range <<= 1;
                self.offset = (self.offset << 1) | self.bit();
            }
            false
        }
    }
}
