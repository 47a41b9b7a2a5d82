//! Size-dependent geometry, computed once per source so rendering a frame does no setup.

use crate::render::object::ObjectTexture;
use crate::scene::{SCENES, Scene};

/// Columns and rows of a glyph cell (5×7 glyph plus spacing), before scaling.
pub(crate) const CELL_COLUMNS: usize = 6;
/// Rows of a glyph cell before scaling.
pub(crate) const CELL_ROWS: usize = 9;
/// Most text lines in the band.
const MAX_TEXT_LINES: usize = 2;

/// Where everything goes at one picture size.
pub(crate) struct Layout {
    /// Picture width (even).
    pub width: usize,
    /// Picture height (even).
    pub height: usize,
    /// Pixels per glyph dot: text grows with the picture like real on-screen text.
    pub glyph_scale: usize,
    /// Text lines in the band.
    pub text_lines: usize,
    /// Band height in rows (even, so it covers whole chroma rows).
    pub band_height: usize,
    /// Band top row per scene (even).
    pub band_top: [usize; 2],
    /// The object of each scene.
    pub objects: [ObjectTexture; 2],
}

impl Layout {
    /// The layout for an even `width`×`height` picture (both at least 2).
    pub(crate) fn new(width: usize, height: usize) -> Layout {
        let glyph_scale = (height / 270).max(1);
        let cell_h = CELL_ROWS * glyph_scale;
        // About a sixth of the height, so scrolling text does not dominate the picture.
        let text_lines = (height / 6 / cell_h).clamp(1, MAX_TEXT_LINES);
        let band_height = (text_lines * cell_h + 2 * glyph_scale)
            .next_multiple_of(2)
            .min(height);
        let band_top = SCENES.map(|s: Scene| {
            let top = (height * s.band_top.0 / s.band_top.1) & !1;
            top.min(height - band_height)
        });
        let side = |s: &Scene| ((width.min(height) / s.object_divisor) & !1).max(2);
        let objects = [
            ObjectTexture::new(SCENES[0].object, side(&SCENES[0])),
            ObjectTexture::new(SCENES[1].object, side(&SCENES[1])),
        ];
        Layout {
            width,
            height,
            glyph_scale,
            text_lines,
            band_height,
            band_top,
            objects,
        }
    }

    /// Width of a glyph cell in pixels.
    pub(crate) fn cell_width(&self) -> usize {
        CELL_COLUMNS * self.glyph_scale
    }

    /// Height of a glyph cell in pixels.
    pub(crate) fn cell_height(&self) -> usize {
        CELL_ROWS * self.glyph_scale
    }
}
