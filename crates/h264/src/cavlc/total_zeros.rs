//! `total_zeros` (ITU-T H.264 §9.2.3, Tables 9-7, 9-8 and 9-9): the number of zero
//! coefficients before the last non-zero one in scan order, coded with a table chosen by
//! tzVlcIndex = TotalCoeff and by the block kind (maxNumCoeff).

use super::vlc::{NONE, Vlc, table};

/// Tables 9-7 (tzVlcIndex 1..=7) and 9-8 (tzVlcIndex 8..=15), for blocks that are not
/// chroma DC: row `tzVlcIndex − 1`, column `total_zeros`.
const BLOCK_4X4: [[Vlc; 16]; 15] = table([
    [
        "1",
        "011",
        "010",
        "0011",
        "0010",
        "0001 1",
        "0001 0",
        "0000 11",
        "0000 10",
        "0000 011",
        "0000 010",
        "0000 0011",
        "0000 0010",
        "0000 0001 1",
        "0000 0001 0",
        "0000 0000 1",
    ],
    [
        "111", "110", "101", "100", "011", "0101", "0100", "0011", "0010", "0001 1", "0001 0",
        "0000 11", "0000 10", "0000 01", "0000 00", "",
    ],
    [
        "0101", "111", "110", "101", "0100", "0011", "100", "011", "0010", "0001 1", "0001 0",
        "0000 01", "0000 1", "0000 00", "", "",
    ],
    [
        "0001 1", "111", "0101", "0100", "110", "101", "100", "0011", "011", "0010", "0001 0",
        "0000 1", "0000 0", "", "", "",
    ],
    [
        "0101", "0100", "0011", "111", "110", "101", "100", "011", "0010", "0000 1", "0001",
        "0000 0", "", "", "", "",
    ],
    [
        "0000 01", "0000 1", "111", "110", "101", "100", "011", "010", "0001", "001", "0000 00",
        "", "", "", "", "",
    ],
    [
        "0000 01", "0000 1", "101", "100", "011", "11", "010", "0001", "001", "0000 00", "", "",
        "", "", "", "",
    ],
    [
        "0000 01", "0001", "0000 1", "011", "11", "10", "010", "001", "0000 00", "", "", "", "",
        "", "", "",
    ],
    [
        "0000 01", "0000 00", "0001", "11", "10", "001", "01", "0000 1", "", "", "", "", "", "",
        "", "",
    ],
    [
        "0000 1", "0000 0", "001", "11", "10", "01", "0001", "", "", "", "", "", "", "", "", "",
    ],
    [
        "0000", "0001", "001", "010", "1", "011", "", "", "", "", "", "", "", "", "", "",
    ],
    [
        "0000", "0001", "01", "1", "001", "", "", "", "", "", "", "", "", "", "", "",
    ],
    [
        "000", "001", "1", "01", "", "", "", "", "", "", "", "", "", "", "", "",
    ],
    [
        "00", "01", "1", "", "", "", "", "", "", "", "", "", "", "", "", "",
    ],
    [
        "0", "1", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
    ],
]);

/// Table 9-9 (a), chroma DC with ChromaArrayType 1 (maxNumCoeff 4): row `tzVlcIndex − 1`,
/// column `total_zeros`.
const CHROMA_DC_420: [[Vlc; 4]; 3] = table([
    ["1", "01", "001", "000"],
    ["1", "01", "00", ""],
    ["1", "0", "", ""],
]);

/// Table 9-9 (b), chroma DC with ChromaArrayType 2 (maxNumCoeff 8): row `tzVlcIndex − 1`,
/// column `total_zeros`.
const CHROMA_DC_422: [[Vlc; 8]; 7] = table([
    [
        "1", "010", "011", "0010", "0011", "0001", "0000 1", "0000 0",
    ],
    ["000", "01", "001", "100", "101", "110", "111", ""],
    ["000", "001", "01", "10", "110", "111", "", ""],
    ["110", "00", "01", "10", "111", "", "", ""],
    ["00", "01", "10", "11", "", "", "", ""],
    ["00", "01", "1", "", "", "", "", ""],
    ["0", "1", "", "", "", "", "", ""],
]);

/// The row of total_zeros codewords (indexed by `total_zeros`) for a block of
/// `max_num_coeff` coefficients holding `total_coeff` (≥ 1) non-zero ones: Table 9-9 (a) for
/// maxNumCoeff 4, Table 9-9 (b) for 8, Tables 9-7/9-8 otherwise. Empty when undefined.
pub(crate) fn total_zeros_row(max_num_coeff: usize, total_coeff: usize) -> &'static [Vlc] {
    let row = total_coeff.wrapping_sub(1);
    let found: Option<&'static [Vlc]> = match max_num_coeff {
        4 => CHROMA_DC_420.get(row).map(|r| &r[..]),
        8 => CHROMA_DC_422.get(row).map(|r| &r[..]),
        _ => BLOCK_4X4.get(row).map(|r| &r[..]),
    };
    found.unwrap_or(&[])
}

/// The codeword of `total_zeros` (see [`total_zeros_row`]); [`NONE`] when undefined.
pub(crate) fn total_zeros_vlc(max_num_coeff: usize, total_coeff: usize, total_zeros: usize) -> Vlc {
    total_zeros_row(max_num_coeff, total_coeff)
        .get(total_zeros)
        .copied()
        .unwrap_or(NONE)
}
