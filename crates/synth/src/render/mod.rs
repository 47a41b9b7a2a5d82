//! Renders one frame: background, text band, object, then grain, row by row so each row is
//! written once while it is in cache.

mod gradient;
mod grain;
pub(crate) mod object;
mod text;

use framepress_core::PixelBuffer;

use crate::layout::Layout;
use crate::scene::{Diagonal, SCENES, scene_index};
use gradient::Ramp;
use grain::{CHROMA_GRAIN, LUMA_GRAIN, add_grain, row_rng};
use text::TextFrame;

/// Video-range limits (8-bit).
const LUMA_MIN: u8 = 16;
const LUMA_MAX: u8 = 235;
const CHROMA_MIN: u8 = 16;
const CHROMA_MAX: u8 = 240;

/// Frame indices are reduced modulo this before scaling by speeds, so no product can
/// overflow; it is far beyond any real sequence and a multiple of the scene cycle.
const TIME_WRAP: u64 = 60 << 32;

/// Renders frame `index` into `buf`, an I420 buffer of the layout's size.
pub(crate) fn render(layout: &Layout, seed: u64, index: u64, buf: &mut PixelBuffer) {
    let t = index % TIME_WRAP;
    let scene_id = scene_index(index);
    let scene = &SCENES[scene_id];
    let object = &layout.objects[scene_id];
    let place = object::placement(scene, object, layout.width, layout.height, t);
    let band_top = layout.band_top[scene_id];
    let band = band_top..band_top + layout.band_height;
    let text = TextFrame {
        scene: scene_id,
        scroll: t as i64 * scene.text_speed,
        seed,
        paper: scene.paper.0,
        ink: scene.ink,
    };

    // Luma: the gradient's half-period spans the picture diagonal, so one band crosses it.
    let (w, h) = (layout.width, layout.height);
    let ramp = Ramp::new(scene.luma.0, scene.luma.1, (w + h) as u64);
    let drift = t * scene.gradient_speed;
    if let Some(mut luma) = buf.plane_mut(0) {
        for y in 0..h.min(luma.height) {
            let row = luma.row_mut(y);
            let diagonal = match scene.diagonal {
                Diagonal::Falling => y,
                Diagonal::Rising => h - 1 - y,
            };
            ramp.fill_row(row, diagonal as u64 + drift);
            if band.contains(&y) {
                text::draw_row(layout, &text, y - band_top, row);
            }
            object::draw_luma_row(object, place, y, row);
            add_grain(
                row,
                &mut row_rng(seed, index, 0, y),
                &LUMA_GRAIN,
                LUMA_MIN,
                LUMA_MAX,
            );
        }
    }

    // Chroma: Cb drifts horizontally, Cr vertically, at different speeds.
    let (cw, ch) = (w / 2, h / 2);
    let chroma_band = band.start / 2..band.end / 2;
    let planes = [
        (
            1,
            false,
            Ramp::new(scene.cb.0, scene.cb.1, cw as u64),
            scene.paper.1,
        ),
        (
            2,
            true,
            Ramp::new(scene.cr.0, scene.cr.1, ch as u64),
            scene.paper.2,
        ),
    ];
    for (plane, is_cr, ramp, paper) in planes {
        let Some(mut chroma) = buf.plane_mut(plane) else {
            continue;
        };
        for cy in 0..ch.min(chroma.height) {
            let row = chroma.row_mut(cy);
            if is_cr {
                row.fill(ramp.value(cy as u64 + t / 2));
            } else {
                ramp.fill_row(row, t);
            }
            if chroma_band.contains(&cy) {
                row.fill(paper);
            }
            object::draw_chroma_row(object, place, cy, is_cr, row);
            let mut rng = row_rng(seed, index, plane as u64, cy);
            add_grain(row, &mut rng, &CHROMA_GRAIN, CHROMA_MIN, CHROMA_MAX);
        }
    }
}
