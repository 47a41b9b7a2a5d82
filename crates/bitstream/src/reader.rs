//! The bit reader: the inverse of [`BitWriter`](crate::BitWriter), reading `u(n)`, `ue(v)`,
//! `se(v)` and `te(v)` MSB first from an RBSP (ITU-T H.264 §7.2 / H.265 §7.2).
//!
//! Encoders do not need it; tests across the project do, to parse back what an encoder wrote.
//! So every failure is an error naming the bit position, never a panic, and a failed read
//! leaves the position unchanged so the caller can report where parsing stopped.

use crate::BitstreamError;

/// Reads bits most-significant first from an RBSP (emulation prevention already removed — see
/// [`unescape`](crate::unescape)).
#[derive(Clone, Debug)]
pub struct BitReader<'a> {
    data: &'a [u8],
    /// Bit position of the next bit to read.
    pos: u64,
}

type Result<T> = std::result::Result<T, BitstreamError>;

impl<'a> BitReader<'a> {
    /// A reader positioned at the first bit of `data`.
    pub fn new(data: &'a [u8]) -> BitReader<'a> {
        BitReader { data, pos: 0 }
    }

    /// The bit position of the next bit to read, counted from the start of the data.
    pub fn position(&self) -> u64 {
        self.pos
    }

    /// Bits not yet read.
    pub fn bits_left(&self) -> u64 {
        self.total_bits() - self.pos
    }

    /// Whether the next bit starts a byte (`byte_aligned()`).
    pub fn is_byte_aligned(&self) -> bool {
        self.pos.is_multiple_of(8)
    }

    /// Reads `n` ≤ 32 bits as an unsigned number (`u(n)`); `n` = 0 reads nothing and gives 0.
    pub fn read_bits(&mut self, n: u32) -> Result<u32> {
        if n > 32 {
            return Err(BitstreamError::TooManyBits { requested: n });
        }
        self.ensure(u64::from(n))?;
        // `n` = 0 must not shift a u32 by 32 (an overflow).
        let value = if n == 0 { 0 } else { self.peek32() >> (32 - n) };
        self.pos += u64::from(n);
        Ok(value)
    }

    /// Reads one bit (`u(1)` / `f(1)`).
    pub fn read_flag(&mut self) -> Result<bool> {
        Ok(self.read_bits(1)? == 1)
    }

    /// Reads an unsigned Exp-Golomb code (`ue(v)`, H.264 §9.1), values 0 ..= 2³² − 2.
    pub fn read_ue(&mut self) -> Result<u32> {
        let start = self.pos;
        let available = self.bits_left();
        // The prefix is at most 31 zeros (a longer code overflows u32), so peeking 32 bits
        // finds the terminating 1 bit whenever the code is valid.
        let zeros = self.peek32().leading_zeros();
        if u64::from(zeros) >= available {
            return Err(BitstreamError::UnterminatedExpGolomb { position: start });
        }
        if zeros >= 32 {
            return Err(BitstreamError::ExpGolombTooLong { position: start });
        }
        self.ensure(u64::from(2 * zeros + 1))?;
        self.pos += u64::from(zeros) + 1;
        let suffix = self.read_bits(zeros)?;
        // (2^zeros − 1) + suffix ≤ 2^32 − 2 because zeros ≤ 31.
        let value = (1u64 << zeros) - 1 + u64::from(suffix);
        u32::try_from(value).map_err(|_| BitstreamError::ExpGolombTooLong { position: start })
    }

    /// Reads a signed Exp-Golomb code (`se(v)`, H.264 §9.1.1): codeNum k maps to
    /// (−1)^(k+1) · ⌈k ÷ 2⌉.
    pub fn read_se(&mut self) -> Result<i32> {
        let k = self.read_ue()?;
        // ⌈k / 2⌉ ≤ 2^31 − 1 for k ≤ 2^32 − 2, so the conversion cannot fail; map the
        // impossible case to the largest magnitude rather than panic.
        let magnitude = i32::try_from(k.div_ceil(2)).unwrap_or(i32::MAX);
        Ok(if k % 2 == 1 { magnitude } else { -magnitude })
    }

    /// Reads a truncated Exp-Golomb code (`te(v)`, H.264 §9.1) whose range is `0..=max`: one
    /// inverted bit when `max` is 1, `ue(v)` otherwise. A value above `max` is an error.
    pub fn read_te(&mut self, max: u32) -> Result<u32> {
        let start = self.pos;
        let value = if max == 1 {
            u32::from(!self.read_flag()?)
        } else {
            self.read_ue()?
        };
        if value > max {
            self.pos = start;
            return Err(BitstreamError::TeOutOfRange {
                position: start,
                value,
                max,
            });
        }
        Ok(value)
    }

    /// Skips `n` bits.
    pub fn skip(&mut self, n: u64) -> Result<()> {
        self.ensure(n)?;
        self.pos += n;
        Ok(())
    }

    /// `more_rbsp_data()` (H.264 §7.2): whether anything but `rbsp_trailing_bits()` is left,
    /// i.e. whether the position is before the last 1 bit of the data (the
    /// `rbsp_stop_one_bit`). False when the data has no 1 bit at all.
    pub fn more_rbsp_data(&self) -> bool {
        self.stop_bit_position().is_some_and(|stop| self.pos < stop)
    }

    /// Reads `rbsp_trailing_bits()`: a 1 bit, then zero bits up to the byte boundary.
    pub fn read_rbsp_trailing_bits(&mut self) -> Result<()> {
        let start = self.pos;
        let stop_bit = self.read_flag();
        let pad = ((8 - self.pos % 8) % 8) as u32;
        let padding = self.read_bits(pad);
        if stop_bit == Ok(true) && padding == Ok(0) {
            return Ok(());
        }
        self.pos = start;
        Err(BitstreamError::InvalidTrailingBits { position: start })
    }

    fn total_bits(&self) -> u64 {
        self.data.len() as u64 * 8
    }

    /// Errors unless `n` bits remain.
    fn ensure(&self, n: u64) -> Result<()> {
        let available = self.bits_left();
        if n > available {
            return Err(BitstreamError::Truncated {
                position: self.pos,
                needed: n,
                available,
            });
        }
        Ok(())
    }

    /// The next 32 bits, MSB first, with zeros past the end of the data.
    fn peek32(&self) -> u32 {
        let byte = (self.pos / 8) as usize;
        let shift = (self.pos % 8) as u32;
        // Five bytes cover 32 bits at any bit offset within the first byte.
        let window = (0..5).fold(0u64, |acc, k| {
            let b = byte
                .checked_add(k)
                .and_then(|i| self.data.get(i))
                .copied()
                .unwrap_or(0);
            (acc << 8) | u64::from(b)
        });
        (window >> (8 - shift)) as u32
    }

    /// Bit position of the last 1 bit in the data, if any.
    fn stop_bit_position(&self) -> Option<u64> {
        let index = self.data.iter().rposition(|&b| b != 0)?;
        let last = self.data.get(index).copied().unwrap_or(0);
        Some(index as u64 * 8 + 7 - u64::from(last.trailing_zeros()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::BitWriter;
    use crate::test_rng::XorShift;

    #[test]
    fn reads_fields_msb_first() {
        let data = [0xAB, 0xCD, 0xEF, 0x12, 0xC0];
        let mut r = BitReader::new(&data);
        assert_eq!(r.read_bits(0).unwrap(), 0);
        assert_eq!(r.read_bits(4).unwrap(), 0xA);
        assert!(!r.is_byte_aligned());
        assert_eq!(r.read_bits(32).unwrap(), 0xBCDE_F12C);
        assert_eq!(r.position(), 36);
        assert_eq!(r.bits_left(), 4);
        assert!(!r.read_flag().unwrap());
        r.skip(3).unwrap();
        assert!(r.is_byte_aligned());
        assert_eq!(r.bits_left(), 0);
    }

    #[test]
    fn exp_golomb_vectors() {
        // H.264 Table 9-2: 1 010 011 00100 00111 0001000, then se 00101 (−2), te 0 (max 1).
        let mut r = BitReader::new(&[0b1010_0110, 0b0100_0011, 0b1000_1000, 0b0010_1000]);
        let ue: Vec<u32> = (0..6).map(|_| r.read_ue().unwrap()).collect();
        assert_eq!(ue, [0, 1, 2, 3, 6, 7]);
        assert_eq!(r.read_se().unwrap(), -2);
        assert_eq!(r.read_te(1).unwrap(), 1);
        assert_eq!(r.bits_left(), 2);
    }

    #[test]
    fn errors_are_clear_and_leave_the_position() {
        let mut r = BitReader::new(&[0xFF, 0x00]);
        assert_eq!(
            r.read_bits(33),
            Err(BitstreamError::TooManyBits { requested: 33 })
        );
        r.skip(3).unwrap();
        assert_eq!(
            r.read_bits(14),
            Err(BitstreamError::Truncated {
                position: 3,
                needed: 14,
                available: 13
            })
        );
        assert_eq!(r.position(), 3);
        assert!(r.skip(14).is_err());
        r.skip(5).unwrap();
        // Eight zero bits and no terminating 1.
        assert_eq!(
            r.read_ue(),
            Err(BitstreamError::UnterminatedExpGolomb { position: 8 })
        );
        assert_eq!(r.position(), 8);
        assert_eq!(
            r.read_ue().unwrap_err().to_string(),
            "Exp-Golomb code at bit 8 runs past the end of the data"
        );

        // Prefix terminated but suffix truncated: 0001 and no room for three suffix bits.
        let mut r = BitReader::new(&[0b0000_0001]);
        r.skip(4).unwrap();
        assert_eq!(
            r.read_ue(),
            Err(BitstreamError::Truncated {
                position: 4,
                needed: 7,
                available: 4
            })
        );
        assert_eq!(r.position(), 4);

        // 32 leading zeros: the value would not fit 32 bits.
        let mut r = BitReader::new(&[0, 0, 0, 0, 0x80, 0, 0, 0, 0]);
        assert_eq!(
            r.read_ue(),
            Err(BitstreamError::ExpGolombTooLong { position: 0 })
        );

        // te(v) beyond its range.
        let mut r = BitReader::new(&[0b0010_0000]);
        assert_eq!(
            r.read_te(2),
            Err(BitstreamError::TeOutOfRange {
                position: 0,
                value: 3,
                max: 2
            })
        );
        assert_eq!(r.position(), 0);
        assert_eq!(r.read_te(3).unwrap(), 3);
    }

    #[test]
    fn largest_exp_golomb_values() {
        let mut w = BitWriter::new();
        w.write_ue(u32::MAX - 1);
        w.write_se(i32::MIN + 1);
        w.write_se(i32::MAX);
        let bytes = w.into_bytes();
        let mut r = BitReader::new(&bytes);
        assert_eq!(r.read_ue().unwrap(), u32::MAX - 1);
        assert_eq!(r.read_se().unwrap(), i32::MIN + 1);
        assert_eq!(r.read_se().unwrap(), i32::MAX);
    }

    #[derive(Debug)]
    enum Field {
        Bits(u32, u32),
        Ue(u32),
        Se(i32),
        Te(u32, u32),
    }

    /// Random sequences of every descriptor, written by `BitWriter` and read back.
    #[test]
    fn reads_back_what_the_writer_wrote() {
        let mut rng = XorShift::new(0xF00D);
        for _ in 0..500 {
            let fields: Vec<Field> = (0..1 + rng.next() % 40)
                .map(|_| {
                    let raw = rng.next();
                    // Bias towards small values, as in real syntax, but cover the full range.
                    let v = (raw >> 32) as u32 >> (rng.next() % 33).min(31);
                    match raw % 4 {
                        0 => {
                            let n = (rng.next() % 33) as u32;
                            let mask = if n == 32 { u32::MAX } else { (1u32 << n) - 1 };
                            Field::Bits(v & mask, n)
                        }
                        1 => Field::Ue(v.min(u32::MAX - 1)),
                        2 => Field::Se((v as i32).max(i32::MIN + 1)),
                        _ => {
                            let max = (rng.next() % 4) as u32;
                            Field::Te(v % (max + 1), max)
                        }
                    }
                })
                .collect();
            let mut w = BitWriter::new();
            for f in &fields {
                match *f {
                    Field::Bits(v, n) => w.write_bits(v, n),
                    Field::Ue(v) => w.write_ue(v),
                    Field::Se(v) => w.write_se(v),
                    Field::Te(v, max) => w.write_te(v, max),
                }
            }
            let len = w.bit_len();
            w.write_rbsp_trailing_bits();
            let bytes = w.into_bytes();
            let mut r = BitReader::new(&bytes);
            for f in &fields {
                // A zero-width field ends where the stop bit starts.
                assert!(r.more_rbsp_data() || matches!(f, Field::Bits(_, 0)));
                match *f {
                    Field::Bits(v, n) => assert_eq!(r.read_bits(n).unwrap(), v, "{f:?}"),
                    Field::Ue(v) => assert_eq!(r.read_ue().unwrap(), v, "{f:?}"),
                    Field::Se(v) => assert_eq!(r.read_se().unwrap(), v, "{f:?}"),
                    Field::Te(v, max) => assert_eq!(r.read_te(max).unwrap(), v, "{f:?}"),
                }
            }
            assert_eq!(r.position(), len);
            assert!(!r.more_rbsp_data());
            r.read_rbsp_trailing_bits().unwrap();
            assert_eq!(r.bits_left(), 0);
        }
    }

    #[test]
    fn more_rbsp_data_positions() {
        // Payload 1011, stop bit, 3 alignment zeros: stop bit at position 4.
        let data = [0b1011_1000];
        let mut r = BitReader::new(&data);
        for pos in 0..4 {
            assert!(r.more_rbsp_data(), "at {pos}");
            r.skip(1).unwrap();
        }
        assert!(!r.more_rbsp_data());
        r.read_rbsp_trailing_bits().unwrap();
        assert!(!r.more_rbsp_data());

        // Stop bit in the last bit of a byte, after a byte of payload zeros.
        let data = [0x00, 0x01];
        let mut r = BitReader::new(&data);
        r.skip(14).unwrap();
        assert!(r.more_rbsp_data());
        r.skip(1).unwrap();
        assert!(!r.more_rbsp_data());

        // Trailing zero bytes (cabac_zero_words) after the stop bit do not count as data.
        let data = [0b0101_0000, 0, 0];
        let mut r = BitReader::new(&data);
        r.skip(3).unwrap();
        assert!(!r.more_rbsp_data());
        let mut r = BitReader::new(&data);
        r.skip(2).unwrap();
        assert!(r.more_rbsp_data());

        // No 1 bit at all, or nothing at all.
        assert!(!BitReader::new(&[0, 0]).more_rbsp_data());
        assert!(!BitReader::new(&[]).more_rbsp_data());
    }

    #[test]
    fn trailing_bits_are_checked() {
        let mut r = BitReader::new(&[0b1010_0000]);
        r.skip(1).unwrap();
        assert_eq!(
            r.read_rbsp_trailing_bits(),
            Err(BitstreamError::InvalidTrailingBits { position: 1 })
        );
        assert_eq!(r.position(), 1);
        r.skip(1).unwrap();
        r.read_rbsp_trailing_bits().unwrap();
        assert!(
            BitReader::new(&[0b0100_0000])
                .read_rbsp_trailing_bits()
                .is_err()
        );
        assert!(BitReader::new(&[]).read_rbsp_trailing_bits().is_err());
    }
}
