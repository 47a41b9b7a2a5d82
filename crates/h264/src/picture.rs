//! A picture being encoded or used as a reference: three 8-bit planes with a border of
//! replicated edge pixels, so motion compensation may read outside the picture without
//! bounds checks (H.264 §8.4.2.2 clamps reference coordinates to the picture, which is the
//! same as reading replicated edges).

/// Border width in luma pixels around each luma plane (chroma gets half). Motion vectors are
/// limited so that a 16x16 block plus the 6-tap filter's reach stays inside it.
pub const LUMA_BORDER: usize = 48;

/// One plane with a border.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plane {
    /// Samples including the border.
    pub data: Vec<u8>,
    /// Bytes from one row to the next.
    pub stride: usize,
    /// Visible width (the coded width: a multiple of 16 for luma, 8 for chroma).
    pub width: usize,
    /// Visible height.
    pub height: usize,
    /// Border width on every side.
    pub border: usize,
}

impl Plane {
    /// A plane of `width`×`height` filled with `value`, with a border of `border`.
    pub fn new(width: usize, height: usize, border: usize, value: u8) -> Plane {
        let stride = width + 2 * border;
        Plane {
            data: vec![value; stride * (height + 2 * border)],
            stride,
            width,
            height,
            border,
        }
    }

    /// Index of sample (x, y); x and y may be negative down to −border.
    #[inline]
    pub fn index(&self, x: isize, y: isize) -> usize {
        ((y + self.border as isize) as usize) * self.stride + (x + self.border as isize) as usize
    }

    /// Sample at (x, y) in visible coordinates (may be in the border).
    #[inline]
    pub fn at(&self, x: isize, y: isize) -> u8 {
        self.data[self.index(x, y)]
    }

    /// Row `y` of the visible area.
    #[inline]
    pub fn row(&self, y: usize) -> &[u8] {
        let i = self.index(0, y as isize);
        &self.data[i..i + self.width]
    }

    /// Row `y` of the visible area, writable.
    #[inline]
    pub fn row_mut(&mut self, y: usize) -> &mut [u8] {
        let i = self.index(0, y as isize);
        let w = self.width;
        &mut self.data[i..i + w]
    }

    /// Copies the `w`×`h` block at (x, y) into `out` (row stride `w`).
    pub fn read_block(&self, x: usize, y: usize, w: usize, h: usize, out: &mut [u8]) {
        for r in 0..h {
            let i = self.index(x as isize, (y + r) as isize);
            out[r * w..(r + 1) * w].copy_from_slice(&self.data[i..i + w]);
        }
    }

    /// Writes `data` (row stride `w`) as the `w`×`h` block at (x, y).
    pub fn write_block(&mut self, x: usize, y: usize, w: usize, h: usize, data: &[u8]) {
        for r in 0..h {
            let i = self.index(x as isize, (y + r) as isize);
            self.data[i..i + w].copy_from_slice(&data[r * w..(r + 1) * w]);
        }
    }

    /// Replicates the edge samples into the border (after the picture is final).
    pub fn extend_borders(&mut self) {
        let (b, w, h, s) = (self.border, self.width, self.height, self.stride);
        for y in 0..h {
            let row = (y + b) * s;
            let left = self.data[row + b];
            let right = self.data[row + b + w - 1];
            self.data[row..row + b].fill(left);
            self.data[row + b + w..row + s].fill(right);
        }
        let top = b * s;
        let bottom = (b + h - 1) * s;
        for y in 0..b {
            self.data.copy_within(top..top + s, y * s);
            self.data.copy_within(bottom..bottom + s, (b + h + y) * s);
        }
    }
}

/// A YUV 4:2:0 picture at the coded size (whole macroblocks).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picture {
    /// Luma.
    pub y: Plane,
    /// Cb.
    pub cb: Plane,
    /// Cr.
    pub cr: Plane,
}

impl Picture {
    /// A mid-grey picture of `mb_width`×`mb_height` macroblocks.
    pub fn new(mb_width: usize, mb_height: usize) -> Picture {
        let (w, h) = (mb_width * 16, mb_height * 16);
        Picture {
            y: Plane::new(w, h, LUMA_BORDER, 128),
            cb: Plane::new(w / 2, h / 2, LUMA_BORDER / 2, 128),
            cr: Plane::new(w / 2, h / 2, LUMA_BORDER / 2, 128),
        }
    }

    /// Width in macroblocks.
    pub fn mb_width(&self) -> usize {
        self.y.width / 16
    }

    /// Height in macroblocks.
    pub fn mb_height(&self) -> usize {
        self.y.height / 16
    }

    /// Replicates edges of all planes into their borders.
    pub fn extend_borders(&mut self) {
        self.y.extend_borders();
        self.cb.extend_borders();
        self.cr.extend_borders();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borders_replicate_edges() {
        let mut p = Plane::new(4, 2, 3, 0);
        for y in 0..2 {
            for x in 0..4 {
                p.row_mut(y)[x] = (y * 10 + x) as u8;
            }
        }
        p.extend_borders();
        assert_eq!(p.at(-3, -3), 0);
        assert_eq!(p.at(6, -1), 3);
        assert_eq!(p.at(-2, 4), 10);
        assert_eq!(p.at(5, 4), 13);
        assert_eq!(p.at(1, 1), 11);
    }
}
