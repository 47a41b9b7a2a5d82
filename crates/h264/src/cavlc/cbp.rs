//! `coded_block_pattern` as `me(v)` (ITU-T H.264 §9.1.2, Table 9-4, ChromaArrayType 1 or 2):
//! the value is mapped to a codeNum, which is then sent as `ue(v)`.
//!
//! coded_block_pattern = CodedBlockPatternLuma | CodedBlockPatternChroma << 4: bit i of the
//! luma part says 8x8 luma block i has coefficients; the chroma part is 0 (none), 1 (DC
//! only) or 2 (DC and AC).

/// Table 9-4, column Intra_4x4 / Intra_8x8: coded_block_pattern by codeNum.
const INTRA_BY_CODE: [u8; 48] = [
    47, 31, 15, 0, 23, 27, 29, 30, 7, 11, 13, 14, 39, 43, 45, 46, //
    16, 3, 5, 10, 12, 19, 21, 26, 28, 35, 37, 42, 44, 1, 2, 4, //
    8, 17, 18, 20, 24, 6, 9, 22, 25, 32, 33, 34, 36, 40, 38, 41,
];

/// Table 9-4, column Inter: coded_block_pattern by codeNum.
const INTER_BY_CODE: [u8; 48] = [
    0, 16, 1, 2, 4, 8, 32, 3, 5, 10, 12, 15, 47, 7, 11, 13, //
    14, 6, 9, 31, 35, 37, 42, 44, 33, 34, 36, 40, 39, 43, 45, 46, //
    17, 18, 20, 24, 19, 21, 26, 28, 23, 27, 29, 30, 22, 25, 38, 41,
];

/// The inverse of a codeNum → coded_block_pattern column (built at compile time).
const fn invert(by_code: &[u8; 48]) -> [u8; 48] {
    let mut out = [0u8; 48];
    let mut code = 0;
    while code < 48 {
        out[by_code[code] as usize] = code as u8;
        code += 1;
    }
    out
}

const INTRA_CODE: [u8; 48] = invert(&INTRA_BY_CODE);
const INTER_CODE: [u8; 48] = invert(&INTER_BY_CODE);

/// `cbp` reduced to the 48 coded values: the low 4 bits are the luma part; the chroma part
/// (`cbp >> 4`) is clamped to 2.
#[inline]
fn index(cbp: u8) -> usize {
    usize::from((cbp & 15) | (cbp >> 4).min(2) << 4)
}

/// The codeNum of `cbp` (luma 4 bits | chroma << 4) for an Intra_4x4 / Intra_8x8 macroblock
/// (Table 9-4). A chroma part above 2 is treated as 2.
pub fn cbp_to_code_intra4x4(cbp: u8) -> u32 {
    u32::from(INTRA_CODE[index(cbp)])
}

/// The codeNum of `cbp` (luma 4 bits | chroma << 4) for an inter macroblock (Table 9-4).
/// A chroma part above 2 is treated as 2.
pub fn cbp_to_code_inter(cbp: u8) -> u32 {
    u32::from(INTER_CODE[index(cbp)])
}

/// The coded_block_pattern of codeNum `code` for an Intra_4x4 / Intra_8x8 macroblock
/// (Table 9-4); `None` beyond 47.
pub fn code_to_cbp_intra4x4(code: u32) -> Option<u8> {
    INTRA_BY_CODE.get(code as usize).copied()
}

/// The coded_block_pattern of codeNum `code` for an inter macroblock (Table 9-4); `None`
/// beyond 47.
pub fn code_to_cbp_inter(code: u32) -> Option<u8> {
    INTER_BY_CODE.get(code as usize).copied()
}
