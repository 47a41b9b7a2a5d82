//! A minimal ISO BMFF box writer (ISO/IEC 14496-12 §4.2): boxes are opened, filled with
//! big-endian fields and closed, at which point their 32-bit size is patched in. Nesting is a
//! stack of open positions, so callers write boxes in the order they appear, as the standard
//! lists them, without computing sizes first.
//!
//! Only the metadata boxes (`ftyp`, `moov`, `moof`) are built here, in memory; they stay far
//! below 4 GiB. The one box that can exceed it, `mdat`, gets its header from
//! [`mdat_header`], with the 64-bit `largesize` form when needed.

use super::error::Mp4Error;

/// Builds a tree of boxes in memory.
#[derive(Debug, Default)]
pub struct BoxWriter {
    buf: Vec<u8>,
    open: Vec<usize>,
    overflow: bool,
}

impl BoxWriter {
    /// An empty writer.
    pub fn new() -> BoxWriter {
        BoxWriter::default()
    }

    /// Opens a box of type `kind`; its size is written by the matching [`end`](Self::end).
    pub fn start(&mut self, kind: &[u8; 4]) {
        self.open.push(self.buf.len());
        self.u32(0);
        self.bytes(kind);
    }

    /// Opens a full box: a box whose payload starts with an 8-bit version and 24-bit flags.
    pub fn start_full(&mut self, kind: &[u8; 4], version: u8, flags: u32) {
        self.start(kind);
        self.u32((u32::from(version) << 24) | (flags & 0x00ff_ffff));
    }

    /// Closes the innermost open box, writing its size. A box of 4 GiB or more is recorded
    /// and reported by [`finish`](Self::finish) rather than silently truncated.
    pub fn end(&mut self) {
        if let Some(start) = self.open.pop() {
            let size = u32::try_from(self.buf.len() - start).unwrap_or_else(|_| {
                self.overflow = true;
                0
            });
            self.buf[start..start + 4].copy_from_slice(&size.to_be_bytes());
        }
    }

    /// Appends raw bytes (e.g. the payload of a pre-built atom such as `avcC`).
    pub fn bytes(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
    }

    /// Appends a u8.
    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }

    /// Appends a big-endian u16.
    pub fn u16(&mut self, v: u16) {
        self.buf.extend_from_slice(&v.to_be_bytes());
    }

    /// Appends a big-endian u32.
    pub fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_be_bytes());
    }

    /// Appends a big-endian i32 (two's complement), as in version-1 `ctts` and `trun`.
    pub fn i32(&mut self, v: i32) {
        self.buf.extend_from_slice(&v.to_be_bytes());
    }

    /// Appends a big-endian u64.
    pub fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_be_bytes());
    }

    /// Appends a 16.16 fixed-point number (rates, track width and height).
    pub fn fixed16_16(&mut self, integer: u16, fraction: u16) {
        self.u32((u32::from(integer) << 16) | u32::from(fraction));
    }

    /// Appends an 8.8 fixed-point number (volume).
    pub fn fixed8_8(&mut self, integer: u8, fraction: u8) {
        self.u16((u16::from(integer) << 8) | u16::from(fraction));
    }

    /// Appends `n` zero bytes.
    pub fn zeros(&mut self, n: usize) {
        self.buf.resize(self.buf.len() + n, 0);
    }

    /// The unity transformation matrix of `mvhd`/`tkhd`: {1, 0, 0, 0, 1, 0, 0, 0, 1} with
    /// the first two columns in 16.16 and the last in 2.30 fixed point.
    pub fn unity_matrix(&mut self) {
        for v in [0x0001_0000u32, 0, 0, 0, 0x0001_0000, 0, 0, 0, 0x4000_0000] {
            self.u32(v);
        }
    }

    /// The finished bytes. Fails when a box reached 4 GiB (which a 32-bit size cannot
    /// express); boxes still open are a bug in the caller and closed here.
    pub fn finish(mut self) -> Result<Vec<u8>, Mp4Error> {
        debug_assert!(self.open.is_empty(), "unclosed boxes: {:?}", self.open);
        while !self.open.is_empty() {
            self.end();
        }
        if self.overflow {
            return Err(Mp4Error::TooLarge("a metadata box of 4 GiB or more"));
        }
        Ok(self.buf)
    }
}

/// The header of an `mdat` box holding `payload` bytes: 8 bytes, or 16 with the 64-bit
/// `largesize` (size field 1) when the box reaches 4 GiB.
pub fn mdat_header(payload: u64) -> Vec<u8> {
    let mut h = Vec::with_capacity(16);
    match u32::try_from(payload + 8) {
        Ok(size) if size > 1 => {
            h.extend_from_slice(&size.to_be_bytes());
            h.extend_from_slice(b"mdat");
        }
        _ => {
            h.extend_from_slice(&1u32.to_be_bytes());
            h.extend_from_slice(b"mdat");
            h.extend_from_slice(&(payload + 16).to_be_bytes());
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_sizes_are_patched() {
        let mut w = BoxWriter::new();
        w.start(b"moov");
        w.start_full(b"mvhd", 1, 0x000102);
        w.u16(0xabcd);
        w.end();
        w.end();
        assert_eq!(
            w.finish().unwrap(),
            vec![
                0, 0, 0, 22, b'm', b'o', b'o', b'v', 0, 0, 0, 14, b'm', b'v', b'h', b'd', 1, 0, 1,
                2, 0xab, 0xcd
            ]
        );
    }

    #[test]
    fn tiny_full_box_and_siblings() {
        // An empty `url ` with the self-contained flag, then an empty box beside it.
        let mut w = BoxWriter::new();
        w.start(b"dref");
        w.start_full(b"url ", 0, 1);
        w.end();
        w.start(b"free");
        w.end();
        w.end();
        assert_eq!(
            w.finish().unwrap(),
            [
                &[0, 0, 0, 28][..],
                b"dref",
                &[0, 0, 0, 12],
                b"url ",
                &[0, 0, 0, 1],
                &[0, 0, 0, 8],
                b"free",
            ]
            .concat()
        );
    }

    #[test]
    fn flags_are_24_bits_and_version_8() {
        let mut w = BoxWriter::new();
        w.start_full(b"tfhd", 0xfe, 0xff02_0000);
        w.end();
        assert_eq!(w.finish().unwrap()[8..12], [0xfe, 0x02, 0, 0]);
    }

    #[test]
    fn fixed_point_and_signed_fields() {
        let mut w = BoxWriter::new();
        w.fixed16_16(176, 0x8000);
        w.fixed8_8(1, 0);
        w.i32(-2);
        assert_eq!(
            w.finish().unwrap(),
            [0, 176, 0x80, 0, 1, 0, 0xff, 0xff, 0xff, 0xfe]
        );
    }

    #[test]
    fn size_counts_header_and_payload() {
        let mut w = BoxWriter::new();
        w.start(b"free");
        w.u8(7);
        w.end();
        assert_eq!(w.finish().unwrap(), [0, 0, 0, 9, b'f', b'r', b'e', b'e', 7]);
    }

    #[test]
    fn mdat_header_switches_to_largesize_at_4_gib() {
        assert_eq!(mdat_header(0), [0, 0, 0, 8, b'm', b'd', b'a', b't']);
        let just_fits = u64::from(u32::MAX) - 8;
        assert_eq!(mdat_header(just_fits)[..4], [0xff, 0xff, 0xff, 0xff]);
        let big = mdat_header(just_fits + 1);
        assert_eq!(big.len(), 16);
        assert_eq!(big[..8], [0, 0, 0, 1, b'm', b'd', b'a', b't']);
        assert_eq!(
            u64::from_be_bytes(big[8..].try_into().unwrap()),
            just_fits + 1 + 16
        );
    }
}
