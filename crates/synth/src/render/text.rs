//! The text band: rows of glyph-like strokes from a fixed 5×7 font, scrolling sideways.
//!
//! Text is what screen content and titles look like to an encoder: flat runs, one-pixel-sharp
//! edges in both directions and exact integer motion.

use crate::layout::{CELL_COLUMNS, Layout};
use crate::rng::splitmix64;

/// Glyph rows, top to bottom; bit 4 is the leftmost column.
const GLYPHS: [[u8; 7]; 16] = [
    [
        0b01110, 0b10001, 0b10001, 0b11111, 0b10001, 0b10001, 0b10001,
    ], // A
    [
        0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b11111,
    ], // E
    [
        0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b10000,
    ], // F
    [
        0b10001, 0b10001, 0b10001, 0b11111, 0b10001, 0b10001, 0b10001,
    ], // H
    [
        0b10001, 0b10010, 0b10100, 0b11000, 0b10100, 0b10010, 0b10001,
    ], // K
    [
        0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b11111,
    ], // L
    [
        0b10001, 0b11011, 0b10101, 0b10101, 0b10001, 0b10001, 0b10001,
    ], // M
    [
        0b10001, 0b11001, 0b10101, 0b10011, 0b10001, 0b10001, 0b10001,
    ], // N
    [
        0b11111, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100,
    ], // T
    [
        0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01010, 0b00100,
    ], // V
    [
        0b10001, 0b10001, 0b01010, 0b00100, 0b01010, 0b10001, 0b10001,
    ], // X
    [
        0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b10000, 0b11111,
    ], // Z
    [
        0b01110, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01110,
    ], // O
    [
        0b00100, 0b01100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110,
    ], // 1
    [
        0b00010, 0b00110, 0b01010, 0b10010, 0b11111, 0b00010, 0b00010,
    ], // 4
    [
        0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b01000, 0b01000,
    ], // 7
];

/// Glyph columns drawn per cell (the sixth is spacing).
const GLYPH_COLUMNS: usize = 5;

/// Out of this many cells, those drawing index 16 and up are spaces, giving word-like runs.
const CELL_CHOICES: u64 = 20;

/// The text of one frame: which scene, how far it has scrolled, which seed picks glyphs.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TextFrame {
    /// Scene index, so each scene has its own text.
    pub scene: usize,
    /// Horizontal offset of the text in pixels.
    pub scroll: i64,
    /// Seed varying the glyph choice.
    pub seed: u64,
    /// Band luma background.
    pub paper: u8,
    /// Glyph luma.
    pub ink: u8,
}

/// Bit pattern of row `glyph_row` of the glyph in cell `cell` of text line `line`.
fn glyph_bits(text: &TextFrame, line: usize, cell: i64, glyph_row: usize) -> u8 {
    let key = text.seed
        ^ (cell as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93)
        ^ ((line as u64) << 40)
        ^ ((text.scene as u64) << 56);
    let choice = (splitmix64(key) % CELL_CHOICES) as usize;
    GLYPHS.get(choice).map_or(0, |g| g[glyph_row])
}

/// Draws row `band_row` (counted from the top of the band) of the band into `row`.
pub(crate) fn draw_row(layout: &Layout, text: &TextFrame, band_row: usize, row: &mut [u8]) {
    let scale = layout.glyph_scale;
    let cell_h = layout.cell_height();
    // One glyph dot of padding above the first line.
    let text_row = band_row
        .checked_sub(scale)
        .filter(|r| *r < layout.text_lines * cell_h);
    let Some(text_row) = text_row else {
        row.fill(text.paper);
        return;
    };
    let line = text_row / cell_h;
    let dot_row = (text_row % cell_h) / scale;
    // Dot rows 1..=7 hold the glyph; 0 and 8 are line spacing.
    let Some(glyph_row) = dot_row.checked_sub(1).filter(|r| *r < 7) else {
        row.fill(text.paper);
        return;
    };

    let cell_w = layout.cell_width() as i64;
    let start = text.scroll;
    let mut cell = start.div_euclid(cell_w);
    let offset = start.rem_euclid(cell_w) as usize;
    let mut column = offset / scale;
    let mut sub = offset % scale;
    let mut bits = glyph_bits(text, line, cell, glyph_row);
    for px in row {
        let on = column < GLYPH_COLUMNS && (bits >> (GLYPH_COLUMNS - 1 - column)) & 1 == 1;
        *px = if on { text.ink } else { text.paper };
        sub += 1;
        if sub == scale {
            sub = 0;
            column += 1;
            if column == CELL_COLUMNS {
                column = 0;
                cell += 1;
                bits = glyph_bits(text, line, cell, glyph_row);
            }
        }
    }
}
