//! Byte-level reading helpers that tell a clean end of stream from a short read, which is
//! what distinguishes "no more frames" from "truncated frame".

use std::io::{self, ErrorKind, Read};

/// Reads until `buf` is full or the stream ends; returns how many bytes were read.
pub(crate) fn read_full<R: Read>(reader: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// A line read by [`read_line`].
pub(crate) struct Line {
    /// The bytes before the newline (or all bytes read, if none was found).
    pub bytes: Vec<u8>,
    /// Whether the line ended with a newline (false: end of stream or `limit` reached).
    pub complete: bool,
}

/// Appends bytes to `line` up to and excluding `\n`, reading one byte at a time so nothing
/// past the newline is consumed (the reader need not be seekable or buffered). Stops after
/// `limit` bytes without a newline.
pub(crate) fn read_line<R: Read>(
    reader: &mut R,
    mut line: Vec<u8>,
    limit: usize,
) -> io::Result<Line> {
    let mut byte = [0u8; 1];
    while line.len() < limit {
        if read_full(reader, &mut byte)? == 0 {
            return Ok(Line {
                bytes: line,
                complete: false,
            });
        }
        if byte[0] == b'\n' {
            return Ok(Line {
                bytes: line,
                complete: true,
            });
        }
        line.push(byte[0]);
    }
    Ok(Line {
        bytes: line,
        complete: false,
    })
}
