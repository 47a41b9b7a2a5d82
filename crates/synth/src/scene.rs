//! The two scenes the source alternates between, and when it switches.
//!
//! A scene is a palette and a layout; the motion (driven by the frame index) continues across
//! cuts, so no two cycles repeat exactly.

/// Frames per scene: the picture cuts to the other scene at every multiple of this (frame 30
/// of each 60-frame cycle, and back at frame 60).
pub const SCENE_LENGTH: u64 = 30;

/// Direction of the background gradient's bands.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Diagonal {
    /// Bands along x + y (top-left to bottom-right).
    Falling,
    /// Bands along x − y (bottom-left to top-right).
    Rising,
}

/// What the moving object looks like.
#[derive(Clone, Copy, Debug)]
pub(crate) enum ObjectKind {
    /// A square with a checkerboard, a ramp and fine stripes.
    CheckerSquare,
    /// A disc of concentric rings.
    RingDisc,
}

/// Palette and layout of one scene. Ranges are (low, high) sample values within video range.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Scene {
    /// Gradient direction.
    pub diagonal: Diagonal,
    /// Background luma range.
    pub luma: (u8, u8),
    /// Gradient movement in pixels (along the diagonal) per frame.
    pub gradient_speed: u64,
    /// Background Cb range, varying horizontally.
    pub cb: (u8, u8),
    /// Background Cr range, varying vertically.
    pub cr: (u8, u8),
    /// Top of the text band as a fraction (num, den) of the height.
    pub band_top: (usize, usize),
    /// Text band background (Y, Cb, Cr).
    pub paper: (u8, u8, u8),
    /// Glyph luma.
    pub ink: u8,
    /// Text scroll in pixels per frame; positive moves the text left.
    pub text_speed: i64,
    /// The moving object.
    pub object: ObjectKind,
    /// Object size as a divisor of the smaller picture dimension.
    pub object_divisor: usize,
    /// Whether the object travels right to left.
    pub object_reversed: bool,
}

/// Scene A (frames 0–29 of each cycle) and scene B (frames 30–59).
pub(crate) const SCENES: [Scene; 2] = [
    Scene {
        diagonal: Diagonal::Falling,
        luma: (48, 196),
        gradient_speed: 1,
        cb: (104, 148),
        cr: (116, 164),
        band_top: (5, 8),
        paper: (212, 128, 128),
        ink: 30,
        text_speed: 3,
        object: ObjectKind::CheckerSquare,
        object_divisor: 4,
        object_reversed: false,
    },
    Scene {
        diagonal: Diagonal::Rising,
        luma: (22, 118),
        gradient_speed: 2,
        cb: (140, 188),
        cr: (84, 124),
        band_top: (1, 8),
        paper: (34, 150, 116),
        ink: 226,
        text_speed: -2,
        object: ObjectKind::RingDisc,
        object_divisor: 3,
        object_reversed: true,
    },
];

/// Which scene frame `index` shows (index into [`SCENES`]).
pub(crate) const fn scene_index(index: u64) -> usize {
    ((index / SCENE_LENGTH) % 2) as usize
}
