//! The moving textured object.
//!
//! Its texture is defined on a half-pixel grid and each pixel averages the 2×2 texels it
//! covers, so positions in half pixels (1.5 px/frame across, 0.5 px/frame down) give true
//! sub-pixel motion: the pixel values change the way a camera would record them, which is
//! what sub-pixel motion estimation and interpolation filters are for. Edge pixels blend with
//! the background for the same reason.

use crate::scene::{ObjectKind, Scene};

/// Precomputed per-axis terms of the texture (the texture is separable or radial), indexed
/// by texel coordinate `0..2 * side`.
#[derive(Clone, Copy, Debug, Default)]
struct Axis {
    /// Checker cell parity along this axis.
    parity: u8,
    /// This axis's share of the brightness ramp.
    ramp: u8,
    /// Fine stripe term (1-pixel stripes).
    stripe: u8,
    /// Squared distance from the centre along this axis, in texels².
    square: u64,
}

/// An object's texture at one size.
#[derive(Clone, Debug)]
pub(crate) struct ObjectTexture {
    kind: ObjectKind,
    /// Size in pixels (even).
    side: usize,
    axis: Vec<Axis>,
    /// Disc radius² in texels².
    radius_sq: u64,
    /// Ring index scale: ring = d² · ring_scale >> 20.
    ring_scale: u64,
}

/// Rings across the disc radius.
const RINGS: u64 = 12;

impl ObjectTexture {
    /// The texture of `kind` for a `side`×`side` object (`side` even, at least 2).
    pub(crate) fn new(kind: ObjectKind, side: usize) -> ObjectTexture {
        let texels = 2 * side;
        // Checker cells of side/4 pixels (8 cells across), at least one pixel.
        let cell = (texels / 8).max(2);
        let centre = side as i64;
        let axis = (0..texels)
            .map(|t| {
                let d = t as i64 - centre;
                Axis {
                    parity: ((t / cell) & 1) as u8,
                    ramp: (t * 24 / texels) as u8,
                    stripe: if (t >> 1) & 1 == 1 { 16 } else { 0 },
                    square: d.unsigned_abs() * d.unsigned_abs(),
                }
            })
            .collect();
        let radius_sq = (side as u64) * (side as u64);
        ObjectTexture {
            kind,
            side,
            axis,
            radius_sq,
            ring_scale: (RINGS << 20) / radius_sq,
        }
    }

    /// Texture terms at texel (a, b), or `None` outside the object.
    fn at(&self, a: i64, b: i64) -> Option<(Axis, Axis)> {
        let a = self.axis.get(usize::try_from(a).ok()?)?;
        let b = self.axis.get(usize::try_from(b).ok()?)?;
        Some((*a, *b))
    }

    /// Ring index at a squared distance, or `None` outside the disc.
    fn ring(&self, a: &Axis, b: &Axis) -> Option<u64> {
        let d2 = a.square + b.square;
        (d2 < self.radius_sq).then_some((d2 * self.ring_scale) >> 20)
    }

    /// Luma at texel (a, b), or `None` where the background shows.
    fn luma(&self, a: i64, b: i64) -> Option<u8> {
        let (a, b) = self.at(a, b)?;
        match self.kind {
            ObjectKind::CheckerSquare => {
                let bright = (a.parity ^ b.parity) == 1;
                let base = if bright { 170 + a.stripe } else { 60 };
                Some(base + a.ramp + b.ramp)
            }
            ObjectKind::RingDisc => {
                let ring = self.ring(&a, &b)?;
                Some(if ring & 1 == 1 { 190 } else { 50 } + (ring.min(RINGS) as u8) * 3)
            }
        }
    }

    /// (Cb, Cr) at texel (a, b), or `None` where the background shows.
    fn chroma(&self, a: i64, b: i64) -> Option<(u8, u8)> {
        let (a, b) = self.at(a, b)?;
        match self.kind {
            ObjectKind::CheckerSquare => {
                let bright = (a.parity ^ b.parity) == 1;
                let ramp = a.ramp + b.ramp;
                Some(if bright {
                    (90 + ramp, 196 - ramp)
                } else {
                    (168 - ramp, 72 + ramp)
                })
            }
            ObjectKind::RingDisc => {
                let ring = (self.ring(&a, &b)?).min(RINGS) as u8;
                Some(if ring & 1 == 1 {
                    (76 + ring * 4, 176)
                } else {
                    (180, 90 + ring * 4)
                })
            }
        }
    }
}

/// Where the object is in one frame: its top-left corner in half pixels.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Placement {
    /// Left edge, half pixels.
    pub x2: i64,
    /// Top edge, half pixels.
    pub y2: i64,
}

/// `v` bouncing between 0 and `range` (a triangle wave), so the object never leaves.
fn bounce(v: u64, range: u64) -> u64 {
    if range == 0 {
        return 0;
    }
    let m = v % (2 * range);
    if m <= range { m } else { 2 * range - m }
}

/// The object's position in frame `t`.
pub(crate) fn placement(
    scene: &Scene,
    tex: &ObjectTexture,
    width: usize,
    height: usize,
    t: u64,
) -> Placement {
    let range_x = 2 * (width - tex.side.min(width)) as u64;
    let range_y = 2 * (height - tex.side.min(height)) as u64;
    // 3 half pixels (1.5 px) across and 1 half pixel (0.5 px) down per frame; reduce t first
    // so the products cannot overflow.
    let across = |start: u64| bounce((t % (2 * range_x).max(1)) * 3 + start, range_x);
    let down = |start: u64| bounce(t % (2 * range_y).max(1) + start, range_y);
    let (x2, y2) = if scene.object_reversed {
        (range_x - across(range_x / 3), down(range_y / 2))
    } else {
        (across(range_x / 2), down(range_y / 3))
    };
    Placement {
        x2: x2 as i64,
        y2: y2 as i64,
    }
}

/// Composites the object over luma row `y`.
pub(crate) fn draw_luma_row(tex: &ObjectTexture, at: Placement, y: usize, row: &mut [u8]) {
    let texels = 2 * tex.side as i64;
    let b0 = 2 * y as i64 - at.y2;
    if b0 + 1 < 0 || b0 >= texels {
        return;
    }
    let first = ((at.x2 - 1).div_euclid(2)).max(0) as usize;
    let end = (((at.x2 + texels) / 2 + 1).max(0) as usize).min(row.len());
    for x in first..end {
        let Some(px) = row.get_mut(x) else { break };
        let background = u32::from(*px);
        let a0 = 2 * x as i64 - at.x2;
        let mut sum = 0;
        for (a, b) in [(a0, b0), (a0 + 1, b0), (a0, b0 + 1), (a0 + 1, b0 + 1)] {
            sum += tex.luma(a, b).map_or(background, u32::from);
        }
        *px = ((sum + 2) / 4) as u8;
    }
}

/// Composites the object over chroma row `cy` of Cb (`cr == false`) or Cr. Each chroma sample
/// takes the texel at its centre; edges stay hard, as subsampled chroma edges are.
pub(crate) fn draw_chroma_row(
    tex: &ObjectTexture,
    at: Placement,
    cy: usize,
    cr: bool,
    row: &mut [u8],
) {
    let texels = 2 * tex.side as i64;
    // A chroma sample covers 2×2 pixels = 4×4 texels; its centre is 2 texels in.
    let b = 4 * cy as i64 + 2 - at.y2;
    if b < 0 || b >= texels {
        return;
    }
    let first = (at.x2 - 2).div_euclid(4).max(0) as usize;
    let end = (((at.x2 + texels) / 4 + 1).max(0) as usize).min(row.len());
    for cx in first..end {
        let a = 4 * cx as i64 + 2 - at.x2;
        if let (Some(px), Some((cb_value, cr_value))) = (row.get_mut(cx), tex.chroma(a, b)) {
            *px = if cr { cr_value } else { cb_value };
        }
    }
}
