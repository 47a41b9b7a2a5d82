//! A progressive ("faststart") MP4 file: `ftyp`, then `moov`, then `mdat`, so players and
//! browsers can start before the whole file has arrived. The movie box needs every sample's
//! size and timing, so sample data is spooled (see [`Mp4Options`]) until
//! [`Mp4Writer::finish`], which writes the file in one pass: the output is never seeked,
//! only written, so any [`Write`] works.

use std::io::Write;
use std::path::PathBuf;

use framepress_core::{FormatDescription, SampleBuffer, Time};

use super::boxes::mdat_header;
use super::error::Mp4Error;
use super::moov::{Edit, SampleTables, Track, codec_brand, ftyp, moov};
use super::parameter_sets::ParameterSets;
use super::sample_data::sample_payload;
use super::sample_entry::{BitRates, check_format, entry_type};
use super::sample_table::SampleRecord;
use super::spool::Spool;
use super::timing::{DEFAULT_TIMESCALE, common_timescale, default_duration, ticks};

/// Sample data kept in memory before it moves to a spool file.
const DEFAULT_MEMORY_LIMIT: usize = 8 << 20;

/// Configuration of a progressive [`Mp4Writer`].
#[derive(Clone, Debug)]
pub struct Mp4Options {
    spool_dir: Option<PathBuf>,
    memory_limit: usize,
    parameter_sets: ParameterSets,
}

impl Default for Mp4Options {
    fn default() -> Mp4Options {
        Mp4Options {
            spool_dir: None,
            memory_limit: DEFAULT_MEMORY_LIMIT,
            parameter_sets: ParameterSets::OutOfBand,
        }
    }
}

impl Mp4Options {
    /// Defaults: up to 8 MiB of sample data in memory, then a temporary file in the
    /// system's temporary directory.
    pub fn new() -> Mp4Options {
        Mp4Options::default()
    }

    /// Where the temporary file goes once the data outgrows memory. Pass the output file's
    /// directory: the spool then needs no space on another file system (`/tmp` is often a
    /// small RAM disk).
    pub fn spool_dir(mut self, dir: impl Into<PathBuf>) -> Mp4Options {
        self.spool_dir = Some(dir.into());
        self
    }

    /// How many bytes of sample data stay in memory before they move to the spool file
    /// (`usize::MAX`: never use a file).
    pub fn memory_limit(mut self, bytes: usize) -> Mp4Options {
        self.memory_limit = bytes;
        self
    }

    /// Where H.264/HEVC parameter sets go: the sample entry only (`avc1`/`hvc1`, the
    /// default) or also every sync sample (`avc3`/`hev1`), see [`ParameterSets`].
    pub fn parameter_sets(mut self, placement: ParameterSets) -> Mp4Options {
        self.parameter_sets = placement;
        self
    }
}

/// One sample as received: sizes now, times converted once the timescale is known.
#[derive(Clone, Copy, Debug)]
struct Received {
    size: u32,
    pts: Time,
    dts: Time,
    duration: Time,
    sync: bool,
    /// No other sample depends on it (`IsDependedOnByOthers` false).
    disposable: bool,
}

/// Writes one video track of session samples as a progressive MP4 file.
///
/// Samples are length-prefixed NAL units (the session's default, stored as they are), Annex-B
/// NAL units (`FramepressAnnexBOutput`; re-framed, see the `sample_data` module), or whole
/// JPEG images. They arrive in decode order; `NotSync` attachments become `stss`.
#[derive(Debug)]
pub struct Mp4Writer<W: Write> {
    inner: W,
    format: Option<FormatDescription>,
    samples: Vec<Received>,
    spool: Spool,
    parameter_sets: ParameterSets,
}

impl<W: Write> Mp4Writer<W> {
    /// A writer with the default [`Mp4Options`] that writes the file to `inner` on
    /// [`finish`](Self::finish).
    pub fn new(inner: W) -> Mp4Writer<W> {
        Mp4Writer::with_options(inner, Mp4Options::default())
    }

    /// A writer with `options`.
    pub fn with_options(inner: W, options: Mp4Options) -> Mp4Writer<W> {
        Mp4Writer {
            inner,
            format: None,
            samples: Vec::new(),
            spool: Spool::new(options.spool_dir, options.memory_limit),
            parameter_sets: options.parameter_sets,
        }
    }

    /// Samples written so far.
    pub fn frames(&self) -> u64 {
        self.samples.len() as u64
    }

    /// Bytes of sample data written so far.
    pub fn data_bytes(&self) -> u64 {
        self.spool.len()
    }

    /// Adds one sample (decode order).
    pub fn write_sample(&mut self, sample: &SampleBuffer) -> Result<(), Mp4Error> {
        let index = self.samples.len() as u64;
        if index >= u64::from(u32::MAX) {
            return Err(Mp4Error::TooLarge("a track of 2^32 - 1 samples or more"));
        }
        let fd = sample.format_description();
        match &self.format {
            None => {
                check_format(fd, self.parameter_sets)?;
                self.format = Some(fd.clone());
            }
            Some(f) => check_same_format(f, sample, index, self.parameter_sets)?,
        }
        let payload = sample_payload(sample, index, self.parameter_sets)?;
        let size = u32::try_from(payload.len())
            .map_err(|_| Mp4Error::TooLarge("a sample of 4 GiB or more"))?;
        let pts = sample.presentation_time_stamp();
        let dts = Some(sample.decode_time_stamp())
            .filter(Time::is_numeric)
            .unwrap_or(pts);
        // Catch disorder now, in the sample's own timescale; rounding into the track's is
        // checked again by `finish`.
        if let Some(prev) = self.samples.last().map(|s| s.dts).filter(Time::is_numeric)
            && dts.is_numeric()
            && dts.compare(&prev).is_le()
            && dts.timescale > 0
        {
            return Err(Mp4Error::NonIncreasingDecodeTime {
                sample: index,
                dts: dts.value,
                previous: ticks(prev, dts.timescale).unwrap_or(prev.value),
                timescale: dts.timescale as u32,
            });
        }
        self.spool.write(&payload)?;
        self.samples.push(Received {
            size,
            pts,
            dts,
            duration: sample.duration(),
            sync: sample.is_sync(),
            disposable: sample.attachments().is_depended_on_by_others == Some(false),
        });
        Ok(())
    }

    /// Writes the file (`ftyp`, `moov`, `mdat`) and returns the inner writer.
    pub fn finish(mut self) -> Result<W, Mp4Error> {
        let Some(fd) = self.format.take() else {
            return Err(Mp4Error::Empty);
        };
        let timescale =
            common_timescale(self.samples.iter().flat_map(|s| [s.pts, s.dts, s.duration]))
                .unwrap_or(DEFAULT_TIMESCALE);
        let (records, edit, duration) = records(&self.samples, timescale)?;
        let (kind, _) = entry_type(&fd, self.parameter_sets)?;
        let mut brands: Vec<&[u8; 4]> = vec![b"isom", b"iso2"];
        if records.iter().any(|r| r.composition_offset < 0) {
            brands.push(b"iso4"); // version-1 ctts (signed offsets)
        }
        brands.extend(codec_brand(&kind));
        brands.push(b"mp41");
        let ftyp = ftyp(b"isom", 0x200, &brands)?;
        let data_len = self.spool.len();
        let mdat = mdat_header(data_len);
        let track = Track {
            format: &fd,
            timescale: timescale as u32,
            media_duration: records.iter().map(|r| u64::from(r.duration)).sum(),
            duration,
            edit: Some(edit),
            rates: Some(bit_rates(&records, timescale)),
            parameter_sets: self.parameter_sets,
        };
        // The moov's size does not depend on the chunk offset's value, only on its width:
        // measure it, then write it with the real offset (co64 when the data ends past 4 GiB).
        let mut large = false;
        let moov = loop {
            let probe = moov(
                &track,
                SampleTables::Chunk {
                    samples: &records,
                    offset: 0,
                    large,
                },
            )?;
            let offset = (ftyp.len() + probe.len() + mdat.len()) as u64;
            if !large && offset + data_len > u64::from(u32::MAX) {
                large = true;
                continue;
            }
            break moov(
                &track,
                SampleTables::Chunk {
                    samples: &records,
                    offset,
                    large,
                },
            )?;
        };
        self.inner.write_all(&ftyp)?;
        self.inner.write_all(&moov)?;
        self.inner.write_all(&mdat)?;
        self.spool.copy_to(&mut self.inner)?;
        self.inner.flush()?;
        Ok(self.inner)
    }
}

/// Fails when `sample` does not have the stream's format description: a new description
/// means a new sample entry, which a one-entry track cannot follow. The exception: with
/// in-band parameter sets, new parameter sets may start at a sync sample (they are written
/// into it), as long as codec, size and framing stay.
pub(crate) fn check_same_format(
    first: &FormatDescription,
    sample: &SampleBuffer,
    index: u64,
    placement: ParameterSets,
) -> Result<(), Mp4Error> {
    let fd = sample.format_description();
    if first.same_object(fd) || first == fd {
        return Ok(());
    }
    let same_container_level = first.codec_type() == fd.codec_type()
        && first.dimensions() == fd.dimensions()
        && first.nal_unit_header_length() == fd.nal_unit_header_length();
    if placement.in_band() && same_container_level && sample.is_sync() {
        return Ok(());
    }
    let what = if first.codec_type() != fd.codec_type() {
        "codec"
    } else if first.dimensions() != fd.dimensions() {
        "dimensions"
    } else if first.nal_unit_header_length() != fd.nal_unit_header_length() {
        "NAL unit framing"
    } else if (0..first.parameter_set_count().max(fd.parameter_set_count()))
        .any(|i| first.parameter_set_at_index(i) != fd.parameter_set_at_index(i))
    {
        "parameter sets"
    } else {
        "format description extensions"
    };
    Err(Mp4Error::FormatChanged {
        sample: index,
        what,
    })
}

/// The samples in track ticks, the edit showing the earliest frame at time 0, and the
/// presentation duration.
fn records(
    samples: &[Received],
    timescale: i32,
) -> Result<(Vec<SampleRecord>, Edit, u64), Mp4Error> {
    let fallback = default_duration(timescale);
    // Decode times: the sample's, else its presentation time (no reordering), else the end
    // of the previous sample.
    let mut dts: Vec<i64> = Vec::with_capacity(samples.len());
    for (i, s) in samples.iter().enumerate() {
        let t = match ticks(s.dts, timescale).or_else(|| ticks(s.pts, timescale)) {
            Some(t) => t,
            None => match (dts.last(), i.checked_sub(1).map(|p| &samples[p])) {
                (Some(&prev), Some(p)) => {
                    prev + ticks(p.duration, timescale)
                        .filter(|&d| d > 0)
                        .unwrap_or(fallback)
                }
                _ => 0,
            },
        };
        if let Some(&prev) = dts.last()
            && t <= prev
        {
            return Err(Mp4Error::NonIncreasingDecodeTime {
                sample: i as u64,
                dts: t,
                previous: prev,
                timescale: timescale as u32,
            });
        }
        dts.push(t);
    }
    let first_dts = dts.first().copied().unwrap_or(0);
    let n = samples.len();
    let mut out = Vec::with_capacity(n);
    for (i, s) in samples.iter().enumerate() {
        // stts must agree with the decode times: a duration is the gap to the next sample;
        // the last keeps its own, else repeats the previous one.
        let duration = match dts.get(i + 1) {
            Some(next) => next - dts[i],
            None => ticks(s.duration, timescale)
                .filter(|&d| d > 0)
                .or_else(|| i.checked_sub(1).map(|p| dts[i] - dts[p]))
                .unwrap_or(fallback),
        };
        let pts = ticks(s.pts, timescale).unwrap_or(dts[i]);
        out.push(SampleRecord {
            size: s.size,
            dts: dts[i] - first_dts,
            composition_offset: (pts - dts[i]).clamp(i64::from(i32::MIN), i64::from(i32::MAX))
                as i32,
            duration: duration.clamp(1, i64::from(u32::MAX)) as u32,
            sync: s.sync,
            disposable: s.disposable,
        });
    }
    let start = out
        .iter()
        .map(|r| r.dts + i64::from(r.composition_offset))
        .min()
        .unwrap_or(0);
    let end = out
        .iter()
        .map(|r| r.dts + i64::from(r.composition_offset) + i64::from(r.duration))
        .max()
        .unwrap_or(0);
    let media_time = start.max(0) as u64;
    let duration = (end - start.max(0)).max(0) as u64;
    Ok((
        out,
        Edit {
            segment_duration: duration,
            media_time,
        },
        duration,
    ))
}

/// `btrt` figures: the largest sample, the peak bit rate over any one-second window of
/// decode time, and the mean bit rate.
fn bit_rates(samples: &[SampleRecord], timescale: i32) -> BitRates {
    let ts = i64::from(timescale.max(1));
    let mut max_window = 0u64;
    let mut window = 0u64;
    let mut start = 0usize;
    for s in samples {
        window += u64::from(s.size);
        while samples[start].dts + ts <= s.dts {
            window -= u64::from(samples[start].size);
            start += 1;
        }
        max_window = max_window.max(window);
    }
    let total: u64 = samples.iter().map(|s| u64::from(s.size)).sum();
    let duration: u64 = samples.iter().map(|s| u64::from(s.duration)).sum();
    let avg = (u128::from(total) * 8 * ts as u128)
        .checked_div(u128::from(duration))
        .unwrap_or(0);
    BitRates {
        buffer_size: samples.iter().map(|s| s.size).max().unwrap_or(0),
        max_bitrate: (max_window * 8).min(u64::from(u32::MAX)) as u32,
        avg_bitrate: avg.min(u128::from(u32::MAX)) as u32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rx(pts: i64, dts: Option<i64>, duration: Option<i64>, ts: i32) -> Received {
        Received {
            size: 100,
            pts: Time::new(pts, ts),
            dts: dts.map_or(Time::INVALID, |d| Time::new(d, ts)),
            duration: duration.map_or(Time::INVALID, |d| Time::new(d, ts)),
            sync: false,
            disposable: false,
        }
    }

    #[test]
    fn durations_follow_decode_times_and_the_last_repeats() {
        let s = [
            rx(10, None, None, 25),
            rx(11, None, None, 25),
            rx(13, None, None, 25),
        ];
        let (r, edit, duration) = records(&s, 25).unwrap();
        let d: Vec<u32> = r.iter().map(|r| r.duration).collect();
        assert_eq!(d, [1, 2, 2]);
        assert_eq!(r[0].dts, 0);
        assert_eq!(
            edit,
            Edit {
                segment_duration: 5,
                media_time: 0
            }
        );
        assert_eq!(duration, 5);
    }

    #[test]
    fn reordered_frames_get_ctts_and_an_edit() {
        // I P B: decode 0 1 2, presentation 1 3 2 (one frame of decode delay).
        let s = [
            rx(1, Some(0), Some(1), 30),
            rx(3, Some(1), Some(1), 30),
            rx(2, Some(2), Some(1), 30),
        ];
        let (r, edit, duration) = records(&s, 30).unwrap();
        let offsets: Vec<i32> = r.iter().map(|r| r.composition_offset).collect();
        assert_eq!(offsets, [1, 2, 0]);
        assert_eq!(
            edit,
            Edit {
                segment_duration: 3,
                media_time: 1
            }
        );
        assert_eq!(duration, 3);
    }

    #[test]
    fn rounding_that_merges_decode_times_is_refused() {
        let s = [rx(0, None, None, 1000), rx(1, None, None, 1000)];
        assert!(matches!(
            records(&s, 10),
            Err(Mp4Error::NonIncreasingDecodeTime { sample: 1, .. })
        ));
    }

    #[test]
    fn bit_rates_over_one_second_windows() {
        let r: Vec<SampleRecord> = (0..4)
            .map(|i| SampleRecord {
                size: if i == 0 { 1000 } else { 100 },
                dts: i,
                composition_offset: 0,
                duration: 1,
                sync: i == 0,
                disposable: false,
            })
            .collect();
        // Timescale 2: windows of two samples; the first two make the peak.
        let b = bit_rates(&r, 2);
        assert_eq!(b.buffer_size, 1000);
        assert_eq!(b.max_bitrate, 1100 * 8);
        assert_eq!(b.avg_bitrate, 1300 * 8 * 2 / 4);
    }

    fn h264_sample(pps: u8, sync: bool, pts: i64) -> SampleBuffer {
        use framepress_core::{CodecType, Dictionary, SampleAttachments, SampleTiming, Value};
        let atoms = Dictionary::new().with("avcC", Value::Data(vec![1, 66, 0, 30, 0xff, 0xe1]));
        let ext = Dictionary::new().with(
            framepress_core::format_description::extension_keys::SAMPLE_DESCRIPTION_EXTENSION_ATOMS,
            atoms,
        );
        let fd = FormatDescription::with_parameter_sets(
            CodecType::H264,
            16,
            16,
            ext,
            vec![vec![0x67, 1, 2], vec![0x68, pps]],
            4,
        );
        let attachments = SampleAttachments {
            not_sync: !sync,
            ..Default::default()
        };
        let timing = SampleTiming {
            presentation_time_stamp: Time::new(pts, 25),
            duration: Time::new(1, 25),
            ..Default::default()
        };
        SampleBuffer::new(vec![0, 0, 0, 2, 0x65, 9], fd, timing, attachments)
    }

    #[test]
    fn new_parameter_sets_need_in_band_placement_and_a_sync_sample() {
        let stream = [h264_sample(1, true, 0), h264_sample(2, true, 1)];
        let mut w = Mp4Writer::new(Vec::new());
        w.write_sample(&stream[0]).unwrap();
        assert!(matches!(
            w.write_sample(&stream[1]),
            Err(Mp4Error::FormatChanged {
                sample: 1,
                what: "parameter sets"
            })
        ));

        let in_band = || {
            Mp4Writer::with_options(
                Vec::new(),
                Mp4Options::new().parameter_sets(ParameterSets::InBand),
            )
        };
        let mut w = in_band();
        w.write_sample(&stream[0]).unwrap();
        w.write_sample(&stream[1]).unwrap();
        let file = w.finish().unwrap();
        // The second key frame carries its own PPS (0x68 2), the first the first one's.
        let pps = |v: u8| [0, 0, 0, 2, 0x68, v];
        assert!(file.windows(6).any(|x| x == pps(1)));
        assert!(file.windows(6).any(|x| x == pps(2)));

        let mut w = in_band();
        w.write_sample(&stream[0]).unwrap();
        assert!(matches!(
            w.write_sample(&h264_sample(2, false, 1)),
            Err(Mp4Error::FormatChanged { sample: 1, .. })
        ));
    }
}
