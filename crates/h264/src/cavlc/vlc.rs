//! A variable-length codeword and the `const` parser that turns the standard's printed bit
//! strings (e.g. `"0000 0001 11"`) into codewords, so the tables in this module read exactly
//! like the tables of ITU-T H.264 clause 9.2.

/// One codeword: the low `len` bits of `code`, sent most significant bit first.
/// `len == 0` marks an entry the table does not define.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Vlc {
    /// The codeword bits, right-aligned.
    pub code: u16,
    /// Number of bits (0 = no such entry).
    pub len: u8,
}

/// The absent entry.
pub(crate) const NONE: Vlc = Vlc { code: 0, len: 0 };

/// Parses a bit string of `'0'`/`'1'` characters (spaces ignored; the empty string is
/// [`NONE`]). Only evaluated at compile time: a malformed table fails the build.
pub(crate) const fn vlc(bits: &str) -> Vlc {
    let b = bits.as_bytes();
    let mut code: u16 = 0;
    let mut len: u8 = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'0' => {
                code <<= 1;
                len += 1;
            }
            b'1' => {
                code = (code << 1) | 1;
                len += 1;
            }
            b' ' => {}
            _ => panic!("a VLC table entry holds a character other than 0, 1 or space"),
        }
        assert!(len <= 16, "a VLC table entry is longer than 16 bits");
        i += 1;
    }
    Vlc { code, len }
}

/// Parses a whole table of bit strings, row by row (see [`vlc`]).
pub(crate) const fn table<const R: usize, const C: usize>(rows: [[&str; C]; R]) -> [[Vlc; C]; R] {
    let mut out = [[NONE; C]; R];
    let mut r = 0;
    while r < R {
        let mut c = 0;
        while c < C {
            out[r][c] = vlc(rows[r][c]);
            c += 1;
        }
        r += 1;
    }
    out
}
