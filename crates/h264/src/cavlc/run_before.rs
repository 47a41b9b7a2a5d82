//! `run_before` (ITU-T H.264 §9.2.3, Table 9-10): the number of zeros immediately before
//! each non-zero coefficient (walking from the highest frequency down), coded with a table
//! chosen by zerosLeft, the zeros not yet accounted for.

use super::vlc::{NONE, Vlc, table};

/// Table 9-10: row `min(zerosLeft, 7) − 1`, column `run_before`.
const RUN_BEFORE: [[Vlc; 15]; 7] = table([
    ["1", "0", "", "", "", "", "", "", "", "", "", "", "", "", ""],
    [
        "1", "01", "00", "", "", "", "", "", "", "", "", "", "", "", "",
    ],
    [
        "11", "10", "01", "00", "", "", "", "", "", "", "", "", "", "", "",
    ],
    [
        "11", "10", "01", "001", "000", "", "", "", "", "", "", "", "", "", "",
    ],
    [
        "11", "10", "011", "010", "001", "000", "", "", "", "", "", "", "", "", "",
    ],
    [
        "11", "000", "001", "011", "010", "101", "100", "", "", "", "", "", "", "", "",
    ],
    [
        "111",
        "110",
        "101",
        "100",
        "011",
        "010",
        "001",
        "0001",
        "0000 1",
        "0000 01",
        "0000 001",
        "0000 0001",
        "0000 0000 1",
        "0000 0000 01",
        "0000 0000 001",
    ],
]);

/// The row of run_before codewords (indexed by `run_before`) for `zeros_left` ≥ 1 zeros
/// left; zerosLeft > 6 shares the last row. Empty for `zeros_left` = 0.
pub(crate) fn run_before_row(zeros_left: usize) -> &'static [Vlc] {
    match zeros_left {
        0 => &[],
        z => &RUN_BEFORE[z.min(7) - 1],
    }
}

/// The codeword of `run_before` with `zeros_left` zeros left; [`NONE`] when undefined
/// (`run_before > zeros_left`).
pub(crate) fn run_before_vlc(zeros_left: usize, run_before: usize) -> Vlc {
    if run_before > zeros_left {
        return NONE;
    }
    run_before_row(zeros_left)
        .get(run_before)
        .copied()
        .unwrap_or(NONE)
}
