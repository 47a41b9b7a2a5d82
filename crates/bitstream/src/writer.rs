//! The bit writer: fixed-length fields, Exp-Golomb codes and RBSP trailing bits, MSB first
//! (ITU-T H.264 §7.2 / H.265 §7.2 descriptors `u(n)`, `ue(v)`, `se(v)`, `te(v)`).

/// Writes bits most-significant first into a growing byte buffer.
#[derive(Clone, Debug, Default)]
pub struct BitWriter {
    bytes: Vec<u8>,
    /// Bits accumulated but not yet flushed to `bytes` (right-aligned).
    cache: u64,
    /// Number of valid bits in `cache` (0..=63).
    cached: u32,
}

impl BitWriter {
    /// An empty writer.
    pub fn new() -> BitWriter {
        BitWriter::default()
    }

    /// An empty writer with room for `bytes` bytes.
    pub fn with_capacity(bytes: usize) -> BitWriter {
        BitWriter {
            bytes: Vec::with_capacity(bytes),
            cache: 0,
            cached: 0,
        }
    }

    /// Writes the low `n` bits of `value` (`u(n)`), `n` ≤ 32. Higher bits of `value` are ignored.
    #[inline]
    pub fn write_bits(&mut self, value: u32, n: u32) {
        debug_assert!(n <= 32);
        if n == 0 {
            return;
        }
        let v = (value as u64) & ((1u64 << n) - 1);
        self.cache = (self.cache << n) | v;
        self.cached += n;
        while self.cached >= 8 {
            self.cached -= 8;
            self.bytes.push((self.cache >> self.cached) as u8);
        }
        self.cache &= (1u64 << self.cached) - 1;
    }

    /// Writes one bit (`u(1)` / `f(1)`).
    #[inline]
    pub fn write_flag(&mut self, bit: bool) {
        self.write_bits(bit as u32, 1);
    }

    /// Writes an unsigned Exp-Golomb code (`ue(v)`). The standard limits codes to 32
    /// leading zeros (values up to 2³² − 2); larger values are written in the same pattern.
    #[inline]
    pub fn write_ue(&mut self, value: u32) {
        self.write_ue64(value as u64);
    }

    fn write_ue64(&mut self, value: u64) {
        let v = value + 1; // at most 2^32 + 1 here: no overflow
        let len = 64 - v.leading_zeros(); // bits in v
        let mut zeros = len - 1;
        while zeros > 0 {
            let n = zeros.min(32);
            self.write_bits(0, n);
            zeros -= n;
        }
        if len > 32 {
            self.write_bits((v >> 32) as u32, len - 32);
            self.write_bits(v as u32, 32);
        } else {
            self.write_bits(v as u32, len);
        }
    }

    /// Writes a signed Exp-Golomb code (`se(v)`): k > 0 → 2k − 1, k ≤ 0 → −2k.
    #[inline]
    pub fn write_se(&mut self, value: i32) {
        let mapped = if value > 0 {
            (value as u64) * 2 - 1
        } else {
            value.unsigned_abs() as u64 * 2
        };
        self.write_ue64(mapped);
    }

    /// Writes a truncated Exp-Golomb code (`te(v)`) whose range maximum is `max`: a single
    /// inverted bit when `max` is 1, `ue(v)` otherwise.
    #[inline]
    pub fn write_te(&mut self, value: u32, max: u32) {
        if max == 1 {
            self.write_flag(value == 0);
        } else {
            self.write_ue(value);
        }
    }

    /// Whether the next bit starts a byte.
    pub fn is_byte_aligned(&self) -> bool {
        self.cached == 0
    }

    /// Pads with zero bits to the next byte boundary.
    pub fn align_zero(&mut self) {
        if self.cached > 0 {
            self.write_bits(0, 8 - self.cached);
        }
    }

    /// `rbsp_trailing_bits()`: a stop bit 1, then zeros to the byte boundary.
    pub fn write_rbsp_trailing_bits(&mut self) {
        self.write_flag(true);
        self.align_zero();
    }

    /// Bits written so far.
    pub fn bit_len(&self) -> u64 {
        self.bytes.len() as u64 * 8 + self.cached as u64
    }

    /// Appends whole bytes; the writer must be byte-aligned (checked in debug builds,
    /// otherwise the bytes are written bit by bit).
    pub fn write_bytes(&mut self, data: &[u8]) {
        if self.is_byte_aligned() {
            self.bytes.extend_from_slice(data);
        } else {
            for &b in data {
                self.write_bits(b as u32, 8);
            }
        }
    }

    /// Appends everything `other` wrote (bit-exact, whatever either's alignment).
    pub fn append(&mut self, other: &BitWriter) {
        if self.is_byte_aligned() {
            self.bytes.extend_from_slice(&other.bytes);
        } else {
            for &b in &other.bytes {
                self.write_bits(b as u32, 8);
            }
        }
        self.write_bits(other.cache as u32, other.cached);
    }

    /// Discards everything written.
    pub fn clear(&mut self) {
        self.bytes.clear();
        self.cache = 0;
        self.cached = 0;
    }

    /// The bytes written; a partial last byte is padded with zero bits.
    pub fn into_bytes(mut self) -> Vec<u8> {
        self.align_zero();
        self.bytes
    }

    /// The complete bytes written so far (excluding a partial byte).
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bits(f: impl FnOnce(&mut BitWriter)) -> String {
        let mut w = BitWriter::new();
        f(&mut w);
        let n = w.bit_len() as usize;
        let bytes = w.into_bytes();
        bytes.iter().map(|b| format!("{b:08b}")).collect::<String>()[..n].to_owned()
    }

    #[test]
    fn exp_golomb_vectors() {
        // H.264 Table 9-2.
        assert_eq!(bits(|w| w.write_ue(0)), "1");
        assert_eq!(bits(|w| w.write_ue(1)), "010");
        assert_eq!(bits(|w| w.write_ue(2)), "011");
        assert_eq!(bits(|w| w.write_ue(3)), "00100");
        assert_eq!(bits(|w| w.write_ue(6)), "00111");
        assert_eq!(bits(|w| w.write_ue(7)), "0001000");
        assert_eq!(bits(|w| w.write_ue(14)), "0001111");
        // Table 9-3: se mapping.
        assert_eq!(bits(|w| w.write_se(0)), "1");
        assert_eq!(bits(|w| w.write_se(1)), "010");
        assert_eq!(bits(|w| w.write_se(-1)), "011");
        assert_eq!(bits(|w| w.write_se(2)), "00100");
        assert_eq!(bits(|w| w.write_se(-2)), "00101");
        assert_eq!(bits(|w| w.write_te(0, 1)), "1");
        assert_eq!(bits(|w| w.write_te(1, 1)), "0");
        assert_eq!(bits(|w| w.write_te(1, 3)), "010");
    }

    #[test]
    fn append_is_bit_exact() {
        let mut a = BitWriter::new();
        a.write_bits(0b101, 3);
        let mut b = BitWriter::new();
        b.write_bits(0xABC, 12);
        b.write_bits(0b11, 2);
        a.append(&b);
        assert_eq!(a.bit_len(), 17);
        assert_eq!(a.into_bytes(), vec![0b1011_0101, 0b0111_1001, 0b1000_0000]);
    }

    #[test]
    fn large_values() {
        let s = bits(|w| w.write_ue(u32::MAX - 1));
        assert_eq!(s.len(), 63);
        assert!(s[..31].chars().all(|c| c == '0'));
        assert!(s[31..].chars().all(|c| c == '1'));
        assert_eq!(bits(|w| w.write_se(i32::MIN + 1)).len(), 63);
        assert_eq!(bits(|w| w.write_se(i32::MIN)).len(), 65);
    }

    #[test]
    fn fields_and_trailing_bits() {
        let mut w = BitWriter::new();
        w.write_bits(0b101, 3);
        assert!(!w.is_byte_aligned());
        w.write_rbsp_trailing_bits();
        assert_eq!(w.into_bytes(), vec![0b1011_0000]);
        let mut w = BitWriter::new();
        w.write_bits(0xABCD_EF12, 32);
        w.write_bits(0x3, 2);
        assert_eq!(w.bit_len(), 34);
        assert_eq!(w.into_bytes(), vec![0xAB, 0xCD, 0xEF, 0x12, 0xC0]);
    }
}
