//! The three 8-bit planes of a 4:2:0 frame as tight rows, the form both metrics read.

use framepress::PixelBuffer;

/// One tight plane: `width × height` samples, row-major.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plane {
    /// Samples.
    pub data: Vec<u8>,
    /// Width in samples.
    pub width: usize,
    /// Height in rows.
    pub height: usize,
}

impl Plane {
    /// Row `y`.
    pub fn row(&self, y: usize) -> &[u8] {
        &self.data[y * self.width..(y + 1) * self.width]
    }
}

/// The Y, Cb and Cr planes of a frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Planes(pub [Plane; 3]);

impl Planes {
    /// The planes of an 8-bit 4:2:0 buffer, planar (I420) or with interleaved chroma (NV12);
    /// `None` for any other layout.
    pub fn of(buf: &PixelBuffer) -> Option<Planes> {
        let luma = buf.plane(0)?;
        if luma.bytes_per_pixel != 1 {
            return None;
        }
        let tight = |p: &framepress::media::pixel_buffer::Plane<'_>, step: usize, offset: usize| {
            let mut data = Vec::with_capacity(p.width * p.height);
            for y in 0..p.height {
                let row = p.row(y);
                data.extend((0..p.width).map(|x| row[x * step + offset]));
            }
            Plane {
                data,
                width: p.width,
                height: p.height,
            }
        };
        let y = tight(&luma, 1, 0);
        match buf.plane_count() {
            3 => Some(Planes([
                y,
                tight(&buf.plane(1)?, 1, 0),
                tight(&buf.plane(2)?, 1, 0),
            ])),
            2 => {
                let c = buf.plane(1)?;
                Some(Planes([y, tight(&c, 2, 0), tight(&c, 2, 1)]))
            }
            _ => None,
        }
    }

    /// Whether `other` has planes of the same sizes.
    pub fn same_shape(&self, other: &Planes) -> bool {
        self.0
            .iter()
            .zip(&other.0)
            .all(|(a, b)| a.width == b.width && a.height == b.height && !a.data.is_empty())
    }
}
