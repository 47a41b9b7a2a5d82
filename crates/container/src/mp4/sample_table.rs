//! The sample table boxes of `stbl` (ISO/IEC 14496-12 §8.6–8.7), from per-sample records.

use super::boxes::BoxWriter;

/// What the sample table needs to know of one sample, in the track's timescale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SampleRecord {
    /// Bytes.
    pub size: u32,
    /// Decode time.
    pub dts: i64,
    /// Presentation time minus decode time.
    pub composition_offset: i64,
    /// Duration.
    pub duration: u32,
    /// Sync sample (key frame).
    pub sync: bool,
}

/// `stts`: run-length coded durations.
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

/// `ctts` (version 1, signed offsets), only when some sample's presentation time differs
/// from its decode time.
pub fn write_ctts(w: &mut BoxWriter, samples: &[SampleRecord]) {
    if samples.iter().all(|s| s.composition_offset == 0) {
        return;
    }
    let runs = runs(
        samples
            .iter()
            .map(|s| s.composition_offset.clamp(i32::MIN as i64, i32::MAX as i64) as i32),
    );
    w.start_full(b"ctts", 1, 0);
    w.u32(runs.len() as u32);
    for (count, offset) in runs {
        w.u32(count);
        w.u32(offset as u32);
    }
    w.end();
}

/// `stss`, omitted when every sample is a sync sample (which is what its absence means).
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

/// `stsc`, `stsz` and `stco`/`co64` for samples stored as one chunk at `offset`.
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
    w.u32(0); // sizes follow
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
        }
    }

    #[test]
    fn stts_is_run_length_coded() {
        let mut w = BoxWriter::new();
        write_stts(&mut w, &[rec(512, true), rec(512, false), rec(1024, false)]);
        let b = w.into_bytes();
        assert_eq!(&b[4..8], b"stts");
        assert_eq!(
            &b[12..],
            &[0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 2, 0, 0, 0, 0, 1, 0, 0, 4, 0]
        );
    }

    #[test]
    fn stss_and_ctts_only_when_needed() {
        let mut w = BoxWriter::new();
        write_stss(&mut w, &[rec(1, true), rec(1, true)]);
        write_ctts(&mut w, &[rec(1, true)]);
        assert!(w.is_empty());
        write_stss(&mut w, &[rec(1, true), rec(1, false), rec(1, true)]);
        assert_eq!(w.into_bytes()[12..], [0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 3]);
    }
}
