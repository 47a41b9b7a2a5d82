//! A minimal ISO BMFF box writer: boxes are opened, filled with big-endian fields and closed,
//! at which point their 32-bit size is patched in. Nesting is a stack of open positions.

/// Builds a tree of boxes in memory.
#[derive(Debug, Default)]
pub struct BoxWriter {
    buf: Vec<u8>,
    open: Vec<usize>,
}

impl BoxWriter {
    /// An empty writer.
    pub fn new() -> BoxWriter {
        BoxWriter::default()
    }

    /// Opens a box of type `kind`.
    pub fn start(&mut self, kind: &[u8; 4]) {
        self.open.push(self.buf.len());
        self.u32(0);
        self.bytes(kind);
    }

    /// Opens a full box (version and 24-bit flags).
    pub fn start_full(&mut self, kind: &[u8; 4], version: u8, flags: u32) {
        self.start(kind);
        self.u32((u32::from(version) << 24) | (flags & 0x00ff_ffff));
    }

    /// Closes the innermost open box, writing its size. Box sizes inside a `moov` stay far
    /// below 4 GiB; sample data (mdat) is written by the caller with its own header.
    pub fn end(&mut self) {
        if let Some(start) = self.open.pop() {
            let size = (self.buf.len() - start) as u32;
            self.buf[start..start + 4].copy_from_slice(&size.to_be_bytes());
        }
    }

    /// Appends raw bytes (e.g. a whole pre-built box such as `avcC`).
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

    /// Appends a big-endian u64.
    pub fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_be_bytes());
    }

    /// Appends `n` zero bytes.
    pub fn zeros(&mut self, n: usize) {
        self.buf.resize(self.buf.len() + n, 0);
    }

    /// The unity transformation matrix of `mvhd`/`tkhd`.
    pub fn unity_matrix(&mut self) {
        for v in [0x0001_0000u32, 0, 0, 0, 0x0001_0000, 0, 0, 0, 0x4000_0000] {
            self.u32(v);
        }
    }

    /// Bytes written so far.
    pub fn len(&self) -> usize {
        self.buf.len()
    }

    /// Whether nothing was written.
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// The finished bytes (every box should be closed).
    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }
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
            w.into_bytes(),
            vec![
                0, 0, 0, 22, b'm', b'o', b'o', b'v', 0, 0, 0, 14, b'm', b'v', b'h', b'd', 1, 0, 1,
                2, 0xab, 0xcd
            ]
        );
    }
}
