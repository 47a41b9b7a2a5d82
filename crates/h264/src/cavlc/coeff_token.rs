//! `coeff_token` (ITU-T H.264 §9.2.1, Table 9-5): the joint code of TotalCoeff and
//! TrailingOnes, chosen by the predicted number of non-zero coefficients nC.

use super::vlc::{NONE, Vlc, table};

/// Table 9-5, column 0 ≤ nC < 2, indexed `[TotalCoeff][TrailingOnes]`.
const NC_0_TO_2: [[Vlc; 4]; 17] = table([
    ["1", "", "", ""],
    ["0001 01", "01", "", ""],
    ["0000 0111", "0001 00", "001", ""],
    ["0000 0011 1", "0000 0110", "0000 101", "0001 1"],
    ["0000 0001 11", "0000 0011 0", "0000 0101", "0000 11"],
    ["0000 0000 111", "0000 0001 10", "0000 0010 1", "0000 100"],
    [
        "0000 0000 0111 1",
        "0000 0000 110",
        "0000 0001 01",
        "0000 0100",
    ],
    [
        "0000 0000 0101 1",
        "0000 0000 0111 0",
        "0000 0000 101",
        "0000 0010 0",
    ],
    [
        "0000 0000 0100 0",
        "0000 0000 0101 0",
        "0000 0000 0110 1",
        "0000 0001 00",
    ],
    [
        "0000 0000 0011 11",
        "0000 0000 0011 10",
        "0000 0000 0100 1",
        "0000 0000 100",
    ],
    [
        "0000 0000 0010 11",
        "0000 0000 0010 10",
        "0000 0000 0011 01",
        "0000 0000 0110 0",
    ],
    [
        "0000 0000 0001 111",
        "0000 0000 0001 110",
        "0000 0000 0010 01",
        "0000 0000 0011 00",
    ],
    [
        "0000 0000 0001 011",
        "0000 0000 0001 010",
        "0000 0000 0001 101",
        "0000 0000 0010 00",
    ],
    [
        "0000 0000 0000 1111",
        "0000 0000 0000 001",
        "0000 0000 0001 001",
        "0000 0000 0001 100",
    ],
    [
        "0000 0000 0000 1011",
        "0000 0000 0000 1110",
        "0000 0000 0000 1101",
        "0000 0000 0001 000",
    ],
    [
        "0000 0000 0000 0111",
        "0000 0000 0000 1010",
        "0000 0000 0000 1001",
        "0000 0000 0000 1100",
    ],
    [
        "0000 0000 0000 0100",
        "0000 0000 0000 0110",
        "0000 0000 0000 0101",
        "0000 0000 0000 1000",
    ],
]);

/// Table 9-5, column 2 ≤ nC < 4, indexed `[TotalCoeff][TrailingOnes]`.
const NC_2_TO_4: [[Vlc; 4]; 17] = table([
    ["11", "", "", ""],
    ["0010 11", "10", "", ""],
    ["0001 11", "0011 1", "011", ""],
    ["0000 111", "0010 10", "0010 01", "0101"],
    ["0000 0111", "0001 10", "0001 01", "0100"],
    ["0000 0100", "0000 110", "0000 101", "0011 0"],
    ["0000 0011 1", "0000 0110", "0000 0101", "0010 00"],
    ["0000 0001 111", "0000 0011 0", "0000 0010 1", "0001 00"],
    [
        "0000 0001 011",
        "0000 0001 110",
        "0000 0001 101",
        "0000 100",
    ],
    [
        "0000 0000 1111",
        "0000 0001 010",
        "0000 0001 001",
        "0000 0010 0",
    ],
    [
        "0000 0000 1011",
        "0000 0000 1110",
        "0000 0000 1101",
        "0000 0001 100",
    ],
    [
        "0000 0000 1000",
        "0000 0000 1010",
        "0000 0000 1001",
        "0000 0001 000",
    ],
    [
        "0000 0000 0111 1",
        "0000 0000 0111 0",
        "0000 0000 0110 1",
        "0000 0000 1100",
    ],
    [
        "0000 0000 0101 1",
        "0000 0000 0101 0",
        "0000 0000 0100 1",
        "0000 0000 0110 0",
    ],
    [
        "0000 0000 0011 1",
        "0000 0000 0010 11",
        "0000 0000 0011 0",
        "0000 0000 0100 0",
    ],
    [
        "0000 0000 0010 01",
        "0000 0000 0010 00",
        "0000 0000 0010 10",
        "0000 0000 0000 1",
    ],
    [
        "0000 0000 0001 11",
        "0000 0000 0001 10",
        "0000 0000 0001 01",
        "0000 0000 0001 00",
    ],
]);

/// Table 9-5, column 4 ≤ nC < 8, indexed `[TotalCoeff][TrailingOnes]`.
const NC_4_TO_8: [[Vlc; 4]; 17] = table([
    ["1111", "", "", ""],
    ["0011 11", "1110", "", ""],
    ["0010 11", "0111 1", "1101", ""],
    ["0010 00", "0110 0", "0111 0", "1100"],
    ["0001 111", "0101 0", "0101 1", "1011"],
    ["0001 011", "0100 0", "0100 1", "1010"],
    ["0001 001", "0011 10", "0011 01", "1001"],
    ["0001 000", "0010 10", "0010 01", "1000"],
    ["0000 1111", "0001 110", "0001 101", "0110 1"],
    ["0000 1011", "0000 1110", "0001 010", "0011 00"],
    ["0000 0111 1", "0000 1010", "0000 1101", "0001 100"],
    ["0000 0101 1", "0000 0111 0", "0000 1001", "0000 1100"],
    ["0000 0100 0", "0000 0101 0", "0000 0110 1", "0000 1000"],
    ["0000 0011 01", "0000 0011 1", "0000 0100 1", "0000 0110 0"],
    [
        "0000 0010 01",
        "0000 0011 00",
        "0000 0010 11",
        "0000 0010 10",
    ],
    [
        "0000 0001 01",
        "0000 0010 00",
        "0000 0001 11",
        "0000 0001 10",
    ],
    [
        "0000 0000 01",
        "0000 0001 00",
        "0000 0000 11",
        "0000 0000 10",
    ],
]);

/// Table 9-5, column nC = −1 (chroma DC, ChromaArrayType 1), indexed
/// `[TotalCoeff][TrailingOnes]`.
const NC_MINUS_1: [[Vlc; 4]; 5] = table([
    ["01", "", "", ""],
    ["0001 11", "1", "", ""],
    ["0001 00", "0001 10", "001", ""],
    ["0000 11", "0000 011", "0000 010", "0001 01"],
    ["0000 10", "0000 0011", "0000 0010", "0000 000"],
]);

/// Table 9-5, column nC = −2 (chroma DC, ChromaArrayType 2), indexed
/// `[TotalCoeff][TrailingOnes]`.
const NC_MINUS_2: [[Vlc; 4]; 9] = table([
    ["1", "", "", ""],
    ["0001 111", "01", "", ""],
    ["0001 110", "0001 101", "001", ""],
    ["0000 0011 1", "0001 100", "0001 011", "0000 1"],
    ["0000 0011 0", "0000 0010 1", "0001 010", "0000 01"],
    ["0000 0001 11", "0000 0001 10", "0000 0010 0", "0001 001"],
    ["0000 0000 111", "0000 0000 110", "0000 0001 01", "0001 000"],
    [
        "0000 0000 0111",
        "0000 0000 0110",
        "0000 0000 101",
        "0000 0001 00",
    ],
    [
        "0000 0000 0011 1",
        "0000 0000 0101",
        "0000 0000 0100",
        "0000 0000 100",
    ],
]);

/// Which column of Table 9-5 a given nC selects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Column {
    /// 0 ≤ nC < 2.
    Nc0To2,
    /// 2 ≤ nC < 4.
    Nc2To4,
    /// 4 ≤ nC < 8.
    Nc4To8,
    /// 8 ≤ nC: the 6-bit fixed-length code.
    Flc,
    /// nC = −1 (chroma DC 4:2:0).
    ChromaDc420,
    /// nC = −2 (chroma DC 4:2:2).
    ChromaDc422,
}

impl Column {
    /// The column for `nc`; nC is never below −2 in the standard, and any other negative
    /// value selects the nC = −1 column.
    pub(crate) fn of(nc: i32) -> Column {
        match nc {
            8.. => Column::Flc,
            4..=7 => Column::Nc4To8,
            2..=3 => Column::Nc2To4,
            0..=1 => Column::Nc0To2,
            -2 => Column::ChromaDc422,
            _ => Column::ChromaDc420,
        }
    }

    /// The table of this column indexed `[TotalCoeff][TrailingOnes]`, or `None` for the
    /// fixed-length column.
    pub(crate) fn table(self) -> Option<&'static [[Vlc; 4]]> {
        match self {
            Column::Nc0To2 => Some(&NC_0_TO_2),
            Column::Nc2To4 => Some(&NC_2_TO_4),
            Column::Nc4To8 => Some(&NC_4_TO_8),
            Column::Flc => None,
            Column::ChromaDc420 => Some(&NC_MINUS_1),
            Column::ChromaDc422 => Some(&NC_MINUS_2),
        }
    }
}

/// The codeword of `coeff_token` for `total_coeff` non-zero coefficients of which
/// `trailing_ones` are trailing ±1, in a block whose predicted nC is `nc` (§9.2.1,
/// Table 9-5).
///
/// Returns `(code, len)`: the low `len` bits of `code`, ready for
/// [`BitWriter::write_bits`](framepress_bitstream::BitWriter::write_bits). Combinations the
/// table does not define (TrailingOnes > min(TotalCoeff, 3), TotalCoeff > 16, TotalCoeff > 4
/// for nC = −1, TotalCoeff > 8 for nC = −2) give `(0, 0)`. For 8 ≤ nC the code is the 6-bit
/// fixed-length code of Table 9-5: `TotalCoeff − 1` in the high 4 bits and `TrailingOnes` in
/// the low 2, with `000011` for TotalCoeff = 0.
pub fn coeff_token_bits(nc: i32, total_coeff: u8, trailing_ones: u8) -> (u32, u32) {
    let vlc = coeff_token_vlc(Column::of(nc), total_coeff, trailing_ones);
    (u32::from(vlc.code), u32::from(vlc.len))
}

/// [`coeff_token_bits`] by column.
pub(crate) fn coeff_token_vlc(column: Column, total_coeff: u8, trailing_ones: u8) -> Vlc {
    let (tc, t1) = (usize::from(total_coeff), usize::from(trailing_ones));
    if t1 > tc.min(3) {
        return NONE;
    }
    match column.table() {
        Some(rows) => rows.get(tc).map_or(NONE, |row| row[t1]),
        None if tc == 0 => Vlc {
            code: 0b00_0011,
            len: 6,
        },
        None if tc <= 16 => Vlc {
            code: (((tc - 1) << 2) | t1) as u16,
            len: 6,
        },
        None => NONE,
    }
}
