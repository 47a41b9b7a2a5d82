//! The sample table boxes of `stbl` (ISO/IEC 14496-12 §8.6–8.7) for a progressive file, from
//! per-sample records: `stts`, `ctts`, `stss`, `stsc`, `stsz`, `stco`/`co64`.

use super::boxes::BoxWriter;

/// What the sample table needs to know of one sample, in the track's timescale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SampleRecord {
    /// Bytes.
    pub size: u32,
    /// Decode time.
    pub dts: i64,
    /// Presentation time minus decode time.
    pub composition_offset: i32,
    /// Duration.
    pub duration: u32,
    /// Sync sample (key frame).
    pub sync: bool,
    /// No other sample depends on it (a non-reference frame, e.g. of a temporal
    /// enhancement layer): players and packagers may drop it.
    pub disposable: bool,
}

/// `stts`: run-length coded durations (decode-time deltas).
pub fn write_stts(w: &mut BoxWriter, samples: &[SampleRecord]) {
    let runs = runs(samples.iter().map(|s| s.duration));
    w.start_full(b"stts", 0, 0);
    w.u32(runs.len() as u32);
    for (count, delta) in runs {
        w.u32(count);
        w.u32(delta);
    }
    w.end();
}

/// `ctts`, only when some sample's presentation time differs from its decode time (its
/// absence means they are equal). Version 1, whose offsets are signed, so a stream whose
/// first frames are shown before their decode time needs no shifted timeline.
pub fn write_ctts(w: &mut BoxWriter, samples: &[SampleRecord]) {
    if samples.iter().all(|s| s.composition_offset == 0) {
        return;
    }
    let runs = runs(samples.iter().map(|s| s.composition_offset));
    w.start_full(b"ctts", 1, 0);
    w.u32(runs.len() as u32);
    for (count, offset) in runs {
        w.u32(count);
        w.i32(offset);
    }
    w.end();
}

/// `stss`: the 1-based numbers of the sync samples, omitted when every sample is a sync
/// sample (which is what its absence means).
pub fn write_stss(w: &mut BoxWriter, samples: &[SampleRecord]) {
    if samples.iter().all(|s| s.sync) {
        return;
    }
    let syncs: Vec<u32> = (1..=samples.len() as u32)
        .filter(|&i| samples[i as usize - 1].sync)
        .collect();
    w.start_full(b"stss", 0, 0);
    w.u32(syncs.len() as u32);
    for i in syncs {
        w.u32(i);
    }
    w.end();
}

/// `sdtp` (§8.6.4), only when some sample is disposable: one byte per sample with
/// `sample_depends_on` (2 for sync samples, 1 otherwise) and `sample_is_depended_on`
/// (2 = disposable, 1 = referenced). Without disposable samples it would say nothing the
/// `stss` does not.
pub fn write_sdtp(w: &mut BoxWriter, samples: &[SampleRecord]) {
    if !samples.iter().any(|s| s.disposable) {
        return;
    }
    w.start_full(b"sdtp", 0, 0);
    for s in samples {
        let depends_on = if s.sync { 2u8 } else { 1 };
        let depended_on = if s.disposable { 2u8 } else { 1 };
        w.u8(depends_on << 4 | depended_on << 2);
    }
    w.end();
}

/// `stsc`, `stsz` and `stco` (or `co64` when `large`) for samples stored back to back as one
/// chunk at file offset `offset`: a single-track file has nothing to interleave, so one
/// chunk is the smallest correct table.
pub fn write_chunk_boxes(w: &mut BoxWriter, samples: &[SampleRecord], offset: u64, large: bool) {
    w.start_full(b"stsc", 0, 0);
    if samples.is_empty() {
        w.u32(0);
    } else {
        w.u32(1);
        w.u32(1); // first_chunk
        w.u32(samples.len() as u32); // samples_per_chunk
        w.u32(1); // sample_description_index
    }
    w.end();
    w.start_full(b"stsz", 0, 0);
    w.u32(0); // sample_size 0: sizes follow
    w.u32(samples.len() as u32);
    for s in samples {
        w.u32(s.size);
    }
    w.end();
    let chunks = u32::from(!samples.is_empty());
    if large {
        w.start_full(b"co64", 0, 0);
        w.u32(chunks);
        if chunks > 0 {
            w.u64(offset);
        }
    } else {
        w.start_full(b"stco", 0, 0);
        w.u32(chunks);
        if chunks > 0 {
            w.u32(offset as u32);
        }
    }
    w.end();
}

/// Empty `stts`, `stsc`, `stsz` and `stco`: a fragmented file's `moov` describes no sample,
/// but the boxes are mandatory.
pub fn write_empty_tables(w: &mut BoxWriter) {
    for kind in [b"stts", b"stsc", b"stco"] {
        w.start_full(kind, 0, 0);
        w.u32(0);
        w.end();
    }
    w.start_full(b"stsz", 0, 0);
    w.u32(0);
    w.u32(0);
    w.end();
}

/// Run-length encoding: (count, value) pairs.
fn runs<T: PartialEq + Copy>(values: impl Iterator<Item = T>) -> Vec<(u32, T)> {
    let mut out: Vec<(u32, T)> = Vec::new();
    for v in values {
        match out.last_mut() {
            Some((n, last)) if *last == v => *n += 1,
            _ => out.push((1, v)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(duration: u32, sync: bool) -> SampleRecord {
        SampleRecord {
            size: 10,
            dts: 0,
            composition_offset: 0,
            duration,
            sync,
            disposable: false,
        }
    }

    fn bytes(f: impl FnOnce(&mut BoxWriter)) -> Vec<u8> {
        let mut w = BoxWriter::new();
        f(&mut w);
        w.finish().unwrap()
    }

    #[test]
    fn stts_is_run_length_coded() {
        let b = bytes(|w| write_stts(w, &[rec(512, true), rec(512, false), rec(1024, false)]));
        assert_eq!(
            b,
            [
                &[0, 0, 0, 32][..],
                b"stts",
                &[0, 0, 0, 0], // version 0, flags 0
                &[0, 0, 0, 2], // two runs
                &[0, 0, 0, 2, 0, 0, 2, 0],
                &[0, 0, 0, 1, 0, 0, 4, 0],
            ]
            .concat()
        );
    }

    #[test]
    fn sdtp_only_with_disposable_samples() {
        assert!(bytes(|w| write_sdtp(w, &[rec(1, true), rec(1, false)])).is_empty());
        let disposable = SampleRecord {
            disposable: true,
            ..rec(1, false)
        };
        let b = bytes(|w| write_sdtp(w, &[rec(1, true), disposable, rec(1, false)]));
        assert_eq!(
            b,
            [
                &[0, 0, 0, 15][..],
                b"sdtp",
                &[0, 0, 0, 0],
                // depends_on 2 / depended_on 1; 1 / 2 (disposable); 1 / 1.
                &[0x24, 0x18, 0x14],
            ]
            .concat()
        );
    }

    #[test]
    fn stss_and_ctts_only_when_needed() {
        let b = bytes(|w| {
            write_stss(w, &[rec(1, true), rec(1, true)]);
            write_ctts(w, &[rec(1, true)]);
        });
        assert!(b.is_empty());
        let b = bytes(|w| write_stss(w, &[rec(1, true), rec(1, false), rec(1, true)]));
        assert_eq!(b[..12], [0, 0, 0, 24, b's', b't', b's', b's', 0, 0, 0, 0]);
        assert_eq!(b[12..], [0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 3]);
    }

    #[test]
    fn ctts_is_version_1_with_signed_offsets() {
        let mut s = [rec(1, true), rec(1, false), rec(1, false)];
        s[0].composition_offset = 2;
        s[1].composition_offset = -1;
        s[2].composition_offset = -1;
        let b = bytes(|w| write_ctts(w, &s));
        assert_eq!(
            b,
            [
                &[0, 0, 0, 32][..],
                b"ctts",
                &[1, 0, 0, 0],
                &[0, 0, 0, 2],
                &[0, 0, 0, 1, 0, 0, 0, 2],
                &[0, 0, 0, 2, 0xff, 0xff, 0xff, 0xff],
            ]
            .concat()
        );
    }

    #[test]
    fn one_chunk_with_32_or_64_bit_offset() {
        let s = [
            rec(1, true),
            SampleRecord {
                size: 7,
                ..rec(1, false)
            },
        ];
        let b = bytes(|w| write_chunk_boxes(w, &s, 0x1234, false));
        // stsc: one entry (chunk 1 has 2 samples of description 1).
        assert_eq!(
            b[..28],
            [
                &[0, 0, 0, 28][..],
                b"stsc",
                &[0; 4],
                &[0, 0, 0, 1],
                &[0, 0, 0, 1],
                &[0, 0, 0, 2],
                &[0, 0, 0, 1]
            ]
            .concat()
        );
        // stsz: variable sizes 10 and 7.
        assert_eq!(
            b[28..56],
            [
                &[0, 0, 0, 28][..],
                b"stsz",
                &[0; 4],
                &[0; 4],
                &[0, 0, 0, 2],
                &[0, 0, 0, 10],
                &[0, 0, 0, 7]
            ]
            .concat()
        );
        assert_eq!(
            b[56..],
            [
                &[0, 0, 0, 20][..],
                b"stco",
                &[0; 4],
                &[0, 0, 0, 1],
                &[0, 0, 0x12, 0x34]
            ]
            .concat()
        );
        let b = bytes(|w| write_chunk_boxes(w, &s, 1 << 32, true));
        assert_eq!(
            b[56..],
            [
                &[0, 0, 0, 24][..],
                b"co64",
                &[0; 4],
                &[0, 0, 0, 1],
                &[0, 0, 0, 1, 0, 0, 0, 0]
            ]
            .concat()
        );
    }
}
