//! Pins the generated content: benchmark figures are only comparable while the frames stay
//! the same, so any change must be deliberate (see `SYNTH_VERSION`).

#![allow(clippy::unwrap_used)]

use framepress_synth::{SYNTH_VERSION, SynthConfig, SyntheticSource, frame_digest};

/// (width, height, frame, FNV-1a 64 of all planes) for seed 0, `SYNTH_VERSION` 1.
const PINNED: &[(usize, usize, u64, u64)] = &[
    (64, 48, 0, 0xf438f73ab53ad4d6),
    (64, 48, 29, 0xecb71ec9433e01cf),
    (64, 48, 30, 0xdc3ba60dd10bd7af),
    (64, 48, 59, 0x8f149bb756a265b7),
    (176, 144, 0, 0x29b557913267006d),
    (176, 144, 29, 0x6ff85d3797e67b31),
    (176, 144, 30, 0xbbda35cd9c118503),
    (176, 144, 59, 0x74acbe5007443779),
];

#[test]
fn pinned_content() {
    assert_eq!(
        SYNTH_VERSION, 1,
        "update PINNED together with SYNTH_VERSION"
    );
    let mut actual = Vec::new();
    for &(w, h, index, _) in PINNED {
        let source = SyntheticSource::new(SynthConfig::new(w, h)).unwrap();
        actual.push((w, h, index, frame_digest(&source.frame(index))));
    }
    let listing: String = actual
        .iter()
        .map(|(w, h, i, d)| format!("    ({w}, {h}, {i}, {d:#018x}),\n"))
        .collect();
    for (pinned, got) in PINNED.iter().zip(&actual) {
        assert_eq!(
            pinned, got,
            "synthetic source output changed: bump SYNTH_VERSION and note it in CHANGELOG.md \
             (then update PINNED to:\n{listing})"
        );
    }
}
