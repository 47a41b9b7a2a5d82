//! Range and bit-depth changes between Y'CbCr codings with the same matrix.
//!
//! Each plane is remapped through a lookup table (at most 1024 entries) computed from the
//! normalised meaning of every code, so 8-bit video range → 10-bit video range is exactly ×4,
//! full-range 255 ↔ 1023 both mean 1.0, and video → full stretches 16…235 to 0…255 with
//! clamping of the foot- and headroom.

use crate::image::{Plane16, YuvCoding, YuvImage};

fn table(from: (f64, f64), to: (f64, f64), size: usize, max: i32) -> Vec<u16> {
    let (in_off, in_scale) = from;
    let (out_off, out_scale) = to;
    (0..size)
        .map(|v| {
            let x = out_off + (v as f64 - in_off) * out_scale / in_scale;
            x.round().clamp(0.0, f64::from(max)) as u16
        })
        .collect()
}

fn apply(plane: &mut Plane16, lut: &[u16]) {
    let last = lut.len() - 1;
    for s in &mut plane.data {
        *s = lut[usize::from(*s).min(last)];
    }
}

/// Re-codes `img` to `to` in place (no-op when the codings already agree).
pub(crate) fn remap(img: &mut YuvImage, to: YuvCoding) {
    let from = img.coding;
    if from == to {
        return;
    }
    let size = 1usize << from.depth;
    let luma = table(
        from.luma_offset_scale(),
        to.luma_offset_scale(),
        size,
        to.max(),
    );
    let chroma = table(
        from.chroma_offset_scale(),
        to.chroma_offset_scale(),
        size,
        to.max(),
    );
    apply(&mut img.y, &luma);
    apply(&mut img.cb, &chroma);
    apply(&mut img.cr, &chroma);
    img.coding = to;
}

#[cfg(test)]
mod tests {
    use framepress_core::ColorRange;

    use super::*;

    const V8: YuvCoding = YuvCoding {
        depth: 8,
        range: ColorRange::Video,
    };
    const F8: YuvCoding = YuvCoding {
        depth: 8,
        range: ColorRange::Full,
    };
    const V10: YuvCoding = YuvCoding {
        depth: 10,
        range: ColorRange::Video,
    };
    const F10: YuvCoding = YuvCoding {
        depth: 10,
        range: ColorRange::Full,
    };

    fn luma(from: YuvCoding, to: YuvCoding) -> Vec<u16> {
        table(
            from.luma_offset_scale(),
            to.luma_offset_scale(),
            1 << from.depth,
            to.max(),
        )
    }

    fn chroma(from: YuvCoding, to: YuvCoding) -> Vec<u16> {
        table(
            from.chroma_offset_scale(),
            to.chroma_offset_scale(),
            1 << from.depth,
            to.max(),
        )
    }

    #[test]
    fn video_8_to_10_is_times_four() {
        let l = luma(V8, V10);
        let c = chroma(V8, V10);
        for v in 0..256 {
            assert_eq!(l[v], 4 * v as u16);
            assert_eq!(c[v], 4 * v as u16);
        }
    }

    #[test]
    fn range_anchors() {
        let l = luma(V8, F8);
        assert_eq!((l[0], l[16], l[235], l[255]), (0, 0, 255, 255));
        let l = luma(F8, V8);
        assert_eq!((l[0], l[255]), (16, 235));
        let c = chroma(F8, V8);
        assert_eq!((c[0], c[128], c[255]), (16, 128, 240));
        let l = luma(F8, F10);
        assert_eq!((l[0], l[128], l[255]), (0, 514, 1023));
        let l = luma(V10, V8);
        assert_eq!(
            (l[64], l[65], l[66], l[940], l[1023]),
            (16, 16, 17, 235, 255)
        );
        let l = luma(F10, V8);
        assert_eq!((l[0], l[1023]), (16, 235));
    }
}
