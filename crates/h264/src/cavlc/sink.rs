//! Where coded bits go: a [`BitWriter`] when writing, a [`BitCount`] when only estimating
//! the rate. The residual coder is generic over both, so the counter runs exactly the code
//! path that writes and can never disagree with it.

use framepress_bitstream::BitWriter;

use super::vlc::Vlc;

/// A destination for codewords.
pub(crate) trait BitSink {
    /// Appends the low `len` bits of `code` (`len` ≤ 32).
    fn put(&mut self, code: u32, len: u32);

    /// Appends a table codeword.
    #[inline]
    fn put_vlc(&mut self, vlc: Vlc) {
        self.put(u32::from(vlc.code), u32::from(vlc.len));
    }

    /// Appends `zeros` zero bits then a one bit (the unary `level_prefix` of §9.2.2.1).
    #[inline]
    fn put_unary(&mut self, zeros: u32) {
        let mut left = zeros;
        while left >= 32 {
            self.put(0, 32);
            left -= 32;
        }
        self.put(1, left + 1);
    }
}

impl BitSink for BitWriter {
    #[inline]
    fn put(&mut self, code: u32, len: u32) {
        self.write_bits(code, len);
    }
}

/// Counts bits without storing them.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct BitCount(pub u32);

impl BitSink for BitCount {
    #[inline]
    fn put(&mut self, _code: u32, len: u32) {
        self.0 += len;
    }

    #[inline]
    fn put_unary(&mut self, zeros: u32) {
        self.0 += zeros + 1;
    }
}
