//! Fragmented MP4, CMAF-style: an initialisation segment (`ftyp` + `moov` with `mvex` and
//! empty sample tables) written with the first sample, then one `moof` + `mdat` pair per
//! fragment, each written and flushed as soon as it is complete — what live streaming and
//! low-latency delivery (HLS/DASH, Media Source Extensions) consume, and what can go to a
//! pipe, since nothing is ever rewritten. A fragment starts at a sync sample, so each can be
//! decoded on its own after the initialisation segment.

use std::io::Write;
use std::time::Duration;

use framepress_core::{FormatDescription, SampleBuffer, Time};

use super::boxes::{BoxWriter, mdat_header};
use super::error::Mp4Error;
use super::moov::{Edit, SampleTables, TRACK_ID, Track, codec_brand, ftyp, moov};
use super::parameter_sets::ParameterSets;
use super::progressive::check_same_format;
use super::sample_data::sample_payload;
use super::sample_entry::check_format;
use super::timing::{DEFAULT_TIMESCALE, common_timescale, default_duration, ticks};

/// `sample_flags` of a sync sample: `sample_depends_on` 2 (depends on no other sample).
const SYNC_FLAGS: u32 = 0x0200_0000;
/// `sample_flags` of other samples: `sample_depends_on` 1, `sample_is_non_sync_sample`.
const NON_SYNC_FLAGS: u32 = 0x0101_0000;
/// `sample_flags` bits of a disposable sample: `sample_is_depended_on` 2 (no other sample
/// depends on it).
const DISPOSABLE_FLAGS: u32 = 0x0080_0000;

/// `tfhd` flag: offsets are relative to the `moof` (no absolute file offsets, so fragments
/// can be cut out and served separately).
const DEFAULT_BASE_IS_MOOF: u32 = 0x02_0000;
/// `trun` flags: data offset, then per-sample duration, size, flags, composition offset.
const TRUN_DATA_OFFSET: u32 = 0x000001;
const TRUN_DURATION: u32 = 0x000100;
const TRUN_SIZE: u32 = 0x000200;
const TRUN_FLAGS: u32 = 0x000400;
const TRUN_COMPOSITION_OFFSET: u32 = 0x000800;

/// Configuration of a [`FragmentedMp4Writer`].
#[derive(Clone, Debug, Default)]
pub struct FragmentOptions {
    min_duration: Option<Duration>,
    parameter_sets: ParameterSets,
}

impl FragmentOptions {
    /// Defaults: a fragment per sync sample (one per GOP).
    pub fn new() -> FragmentOptions {
        FragmentOptions::default()
    }

    /// Starts a new fragment only at the first sync sample once the current fragment lasts
    /// at least `duration` (fewer, longer fragments: less overhead, more latency). `None`
    /// restores one fragment per sync sample.
    pub fn min_duration(mut self, duration: Option<Duration>) -> FragmentOptions {
        self.min_duration = duration;
        self
    }

    /// [`min_duration`](Self::min_duration) in milliseconds, as the CLI's
    /// `--fragment-duration` gives it.
    pub fn min_duration_ms(self, ms: Option<u32>) -> FragmentOptions {
        self.min_duration(ms.map(|ms| Duration::from_millis(u64::from(ms))))
    }

    /// Where H.264/HEVC parameter sets go: the init segment's sample entry only
    /// (`avc1`/`hvc1`, the default) or also every sync sample (`avc3`/`hev1`), which lets a
    /// live stream change them at a key frame; see [`ParameterSets`].
    pub fn parameter_sets(mut self, placement: ParameterSets) -> FragmentOptions {
        self.parameter_sets = placement;
        self
    }
}

/// One sample of the fragment being built, in track ticks.
#[derive(Clone, Copy, Debug)]
struct Pending {
    dts: i64,
    composition_offset: i32,
    duration: u32,
    size: u32,
    sync: bool,
    /// No other sample depends on it (`IsDependedOnByOthers` false).
    disposable: bool,
}

/// Writes session samples as a fragmented MP4 stream. It never seeks, so it works on pipes
/// and sockets. The last fragment is written by [`finish`](Self::finish): a writer dropped
/// without it loses the samples since the last sync sample.
#[derive(Debug)]
pub struct FragmentedMp4Writer<W: Write> {
    inner: W,
    min_duration: Option<Duration>,
    parameter_sets: ParameterSets,
    format: Option<FormatDescription>,
    timescale: i32,
    /// Decode time of the first sample: the track's time 0.
    origin: i64,
    /// Decode time and duration of the last sample written, in ticks.
    last: Option<(i64, Time)>,
    sequence: u32,
    pending: Vec<Pending>,
    data: Vec<u8>,
    frames: u64,
}

impl<W: Write> FragmentedMp4Writer<W> {
    /// A writer to `inner` with `options`.
    pub fn new(inner: W, options: FragmentOptions) -> FragmentedMp4Writer<W> {
        FragmentedMp4Writer {
            inner,
            min_duration: options.min_duration,
            parameter_sets: options.parameter_sets,
            format: None,
            timescale: DEFAULT_TIMESCALE,
            origin: 0,
            last: None,
            sequence: 0,
            pending: Vec::new(),
            data: Vec::new(),
            frames: 0,
        }
    }

    /// Samples written so far.
    pub fn frames(&self) -> u64 {
        self.frames
    }

    /// Fragments written so far (the one being built is not counted).
    pub fn fragments(&self) -> u32 {
        self.sequence
    }

    /// Adds one sample (decode order). The first sample writes the initialisation segment;
    /// a sync sample that starts a fragment first writes the previous one.
    pub fn write_sample(&mut self, sample: &SampleBuffer) -> Result<(), Mp4Error> {
        let index = self.frames;
        let fd = sample.format_description();
        match &self.format {
            None => {
                check_format(fd, self.parameter_sets)?;
                // The timescale must be fixed now, in the init segment: the first sample's,
                // when its times agree.
                self.timescale = common_timescale([
                    sample.presentation_time_stamp(),
                    sample.decode_time_stamp(),
                    sample.duration(),
                ])
                .unwrap_or(DEFAULT_TIMESCALE);
            }
            Some(f) => check_same_format(f, sample, index, self.parameter_sets)?,
        }
        let payload = sample_payload(sample, index, self.parameter_sets)?;
        let size = u32::try_from(payload.len())
            .map_err(|_| Mp4Error::TooLarge("a sample of 4 GiB or more"))?;
        let ts = self.timescale;
        let pts = ticks(sample.presentation_time_stamp(), ts);
        let dts = ticks(sample.decode_time_stamp(), ts)
            .or(pts)
            .unwrap_or_else(|| match self.last {
                Some((prev, d)) => {
                    prev + ticks(d, ts)
                        .filter(|&d| d > 0)
                        .unwrap_or_else(|| default_duration(ts))
                }
                None => 0,
            });
        if let Some((prev, _)) = self.last {
            if dts <= prev {
                return Err(Mp4Error::NonIncreasingDecodeTime {
                    sample: index,
                    dts,
                    previous: prev,
                    timescale: ts as u32,
                });
            }
            if let Some(p) = self.pending.last_mut() {
                p.duration = (dts - prev).clamp(1, i64::from(u32::MAX)) as u32;
            }
        }
        let composition_offset = pts.map_or(0, |p| p - dts);
        let composition_offset =
            composition_offset.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32;
        if self.format.is_none() {
            self.origin = dts;
            self.write_init_segment(fd, composition_offset)?;
            self.format = Some(fd.clone());
        }
        if sample.is_sync() && self.fragment_is_long_enough(dts) {
            self.flush_fragment()?;
        }
        let duration = ticks(sample.duration(), ts).unwrap_or(0);
        self.pending.push(Pending {
            dts: dts - self.origin,
            composition_offset,
            duration: duration.clamp(0, i64::from(u32::MAX)) as u32,
            size,
            sync: sample.is_sync(),
            disposable: sample.attachments().is_depended_on_by_others == Some(false),
        });
        self.data.extend_from_slice(&payload);
        self.last = Some((dts, sample.duration()));
        self.frames += 1;
        Ok(())
    }

    /// Whether a sync sample at decode time `dts` may start a new fragment.
    fn fragment_is_long_enough(&self, dts: i64) -> bool {
        let Some(first) = self.pending.first() else {
            return false;
        };
        let Some(min) = self.min_duration else {
            return true;
        };
        let elapsed = i128::from(dts - self.origin - first.dts);
        elapsed * 1_000_000_000 >= min.as_nanos() as i128 * i128::from(self.timescale)
    }

    /// `ftyp` + `moov`: the track's description without samples. The edit list is needed
    /// only when the first frame is shown after its decode time (reordered frames); its
    /// duration is unknown here, hence 0.
    fn write_init_segment(
        &mut self,
        fd: &FormatDescription,
        first_offset: i32,
    ) -> Result<(), Mp4Error> {
        let kind = check_format(fd, self.parameter_sets)?;
        let mut brands: Vec<&[u8; 4]> = vec![b"iso6", b"cmfc"];
        brands.extend(codec_brand(&kind));
        brands.push(b"mp41");
        let ftyp = ftyp(b"iso6", 0, &brands)?;
        let track = Track {
            format: fd,
            timescale: self.timescale as u32,
            media_duration: 0,
            duration: 0,
            edit: (first_offset > 0).then_some(Edit {
                segment_duration: 0,
                media_time: first_offset as u64,
            }),
            rates: None,
            parameter_sets: self.parameter_sets,
        };
        let moov = moov(&track, SampleTables::Fragmented)?;
        self.inner.write_all(&ftyp)?;
        self.inner.write_all(&moov)?;
        self.inner.flush()?;
        Ok(())
    }

    /// Writes the pending samples as one `moof` + `mdat` and flushes, so a live consumer
    /// gets the fragment now rather than when a buffer fills.
    fn flush_fragment(&mut self) -> Result<(), Mp4Error> {
        if self.pending.is_empty() {
            return Ok(());
        }
        self.sequence = self
            .sequence
            .checked_add(1)
            .ok_or(Mp4Error::TooLarge("a stream of 2^32 fragments or more"))?;
        let mdat = mdat_header(self.data.len() as u64);
        // The data offset counts from the moof's first byte to the first sample, so it
        // includes the moof's own size: measure with a placeholder, then write.
        let probe = moof(&self.pending, self.sequence, 0)?;
        let data_offset = i32::try_from(probe.len() + mdat.len())
            .map_err(|_| Mp4Error::TooLarge("a moof box of 2 GiB or more"))?;
        let moof = moof(&self.pending, self.sequence, data_offset)?;
        self.inner.write_all(&moof)?;
        self.inner.write_all(&mdat)?;
        self.inner.write_all(&self.data)?;
        self.inner.flush()?;
        self.pending.clear();
        self.data.clear();
        Ok(())
    }

    /// Writes the last fragment and returns the inner writer.
    pub fn finish(mut self) -> Result<W, Mp4Error> {
        if self.format.is_none() {
            return Err(Mp4Error::Empty);
        }
        // The last sample has no successor to measure its duration: its own, else the
        // previous sample's, else 1/30 s.
        let fallback = default_duration(self.timescale).clamp(1, i64::from(u32::MAX)) as u32;
        let n = self.pending.len();
        if n > 0 && self.pending[n - 1].duration == 0 {
            self.pending[n - 1].duration = if n >= 2 {
                self.pending[n - 2].duration
            } else {
                fallback
            };
        }
        self.flush_fragment()?;
        self.inner.flush()?;
        Ok(self.inner)
    }
}

/// `moof` (`mfhd`, `traf` with `tfhd`, `tfdt`, `trun`) for `samples`, whose data starts
/// `data_offset` bytes after the moof's first byte.
fn moof(samples: &[Pending], sequence: u32, data_offset: i32) -> Result<Vec<u8>, Mp4Error> {
    let offsets = samples.iter().any(|p| p.composition_offset != 0);
    let mut w = BoxWriter::new();
    w.start(b"moof");
    w.start_full(b"mfhd", 0, 0);
    w.u32(sequence);
    w.end();
    w.start(b"traf");
    w.start_full(b"tfhd", 0, DEFAULT_BASE_IS_MOOF);
    w.u32(TRACK_ID);
    w.end();
    w.start_full(b"tfdt", 1, 0);
    w.u64(samples.first().map_or(0, |p| p.dts.max(0) as u64));
    w.end();
    let mut flags = TRUN_DATA_OFFSET | TRUN_DURATION | TRUN_SIZE | TRUN_FLAGS;
    if offsets {
        flags |= TRUN_COMPOSITION_OFFSET;
    }
    // Version 1: composition offsets are signed.
    w.start_full(b"trun", 1, flags);
    w.u32(samples.len() as u32);
    w.i32(data_offset);
    for p in samples {
        w.u32(p.duration);
        w.u32(p.size);
        let flags = if p.sync { SYNC_FLAGS } else { NON_SYNC_FLAGS };
        w.u32(if p.disposable {
            flags | DISPOSABLE_FLAGS
        } else {
            flags
        });
        if offsets {
            w.i32(p.composition_offset);
        }
    }
    w.end();
    w.end(); // traf
    w.end(); // moof
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moof_by_hand() {
        let s = [
            Pending {
                dts: 3000,
                composition_offset: 0,
                duration: 1000,
                size: 5,
                sync: true,
                disposable: false,
            },
            Pending {
                dts: 4000,
                composition_offset: 0,
                duration: 1000,
                size: 3,
                sync: false,
                disposable: false,
            },
        ];
        let m = moof(&s, 7, 0x70).unwrap();
        let expected = [
            &[0, 0, 0, 0x70][..],
            b"moof",
            &[0, 0, 0, 16],
            b"mfhd",
            &[0, 0, 0, 0, 0, 0, 0, 7],
            &[0, 0, 0, 0x58],
            b"traf",
            &[0, 0, 0, 16],
            b"tfhd",
            &[0, 2, 0, 0, 0, 0, 0, 1],
            &[0, 0, 0, 20],
            b"tfdt",
            &[1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0b, 0xb8],
            &[0, 0, 0, 44],
            b"trun",
            &[1, 0, 0x07, 0x01], // version 1; data offset, duration, size, flags
            &[0, 0, 0, 2],
            &[0, 0, 0, 0x70],
            &[0, 0, 0x03, 0xe8, 0, 0, 0, 5, 2, 0, 0, 0],
            &[0, 0, 0x03, 0xe8, 0, 0, 0, 3, 1, 1, 0, 0],
        ]
        .concat();
        assert_eq!(m, expected);
    }

    #[test]
    fn disposable_samples_are_flagged_in_the_trun() {
        let p = |sync, disposable| Pending {
            dts: 0,
            composition_offset: 0,
            duration: 1,
            size: 1,
            sync,
            disposable,
        };
        let m = moof(&[p(true, false), p(false, true)], 1, 0).unwrap();
        let trun = m.windows(4).position(|w| w == b"trun").unwrap();
        // Per sample: duration, size, flags (after version/flags, count, data offset).
        let flags = |i: usize| {
            let at = trun + 4 + 12 + i * 12 + 8;
            u32::from_be_bytes(m[at..at + 4].try_into().unwrap())
        };
        assert_eq!(flags(0), SYNC_FLAGS);
        assert_eq!(flags(1), 0x0181_0000);
    }

    #[test]
    fn composition_offsets_only_when_some_differ() {
        let p = Pending {
            dts: 0,
            composition_offset: -2,
            duration: 1,
            size: 1,
            sync: true,
            disposable: false,
        };
        let m = moof(&[p], 1, 0).unwrap();
        let trun = m.windows(4).position(|w| w == b"trun").unwrap();
        assert_eq!(m[trun + 4..trun + 8], [1, 0, 0x0f, 0x01]);
        assert_eq!(m[m.len() - 4..], [0xff, 0xff, 0xff, 0xfe]);
    }
}
