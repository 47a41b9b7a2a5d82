//! A progressive ("faststart") MP4 file: `ftyp`, then `moov`, then `mdat`, so players can
//! start before the whole file has arrived. The movie box needs every sample's size and
//! timing, so samples are kept until [`Mp4Writer::finish`].

use std::io::Write;

use framepress_core::{Error, ErrorKind, FormatDescription, RoundingMethod, SampleBuffer, Time};

use super::boxes::BoxWriter;
use super::sample_entry::{BitRates, write_visual_sample_entry};
use super::sample_table::{SampleRecord, write_chunk_boxes, write_ctts, write_stss, write_stts};

/// Track timescale when the samples do not carry a usable one.
const DEFAULT_TIMESCALE: i32 = 90_000;

fn error(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::CvError, msg.into())
}

/// Writes one video track of session samples as an MP4 file.
///
/// Samples must be length-prefixed NAL units (the session's default) or whole JPEG images;
/// Annex-B samples (`FramepressAnnexBOutput`) are refused, because `avc1`/`hvc1` keep
/// parameter sets out of band. Sample data is held in memory until `finish` (the price of
/// moov-before-mdat without a second pass over a temporary file).
#[derive(Debug)]
pub struct Mp4Writer<W: Write> {
    inner: W,
    format: Option<FormatDescription>,
    timescale: i32,
    samples: Vec<SampleRecord>,
    pts: Vec<i64>,
    data: Vec<u8>,
}

impl<W: Write> Mp4Writer<W> {
    /// A writer that will write the file to `inner` on [`finish`](Self::finish).
    pub fn new(inner: W) -> Mp4Writer<W> {
        Mp4Writer {
            inner,
            format: None,
            timescale: 0,
            samples: Vec::new(),
            pts: Vec::new(),
            data: Vec::new(),
        }
    }

    fn ticks(&self, t: Time) -> Option<i64> {
        t.is_valid().then(|| {
            t.convert_scale(self.timescale, RoundingMethod::RoundHalfAwayFromZero)
                .value
        })
    }

    /// Adds one sample (decode order).
    pub fn write_sample(&mut self, sample: &SampleBuffer) -> Result<(), Error> {
        let fd = sample.format_description();
        if fd.nal_unit_header_length() == 0 && fd.parameter_set_count() > 0 {
            return Err(error(
                "MP4 needs length-prefixed samples: turn FramepressAnnexBOutput off",
            ));
        }
        match &self.format {
            None => {
                self.format = Some(fd.clone());
                let ts = sample.decode_time_stamp();
                let ts = if ts.is_valid() {
                    ts
                } else {
                    sample.presentation_time_stamp()
                };
                self.timescale = if ts.is_valid() && ts.timescale > 0 {
                    ts.timescale
                } else {
                    DEFAULT_TIMESCALE
                };
            }
            Some(f) if f.codec_type() != fd.codec_type() || f.dimensions() != fd.dimensions() => {
                return Err(error(
                    "the format changed mid-stream; an MP4 track has one sample description",
                ));
            }
            Some(_) => {}
        }
        let size = u32::try_from(sample.data().len())
            .map_err(|_| error("a sample larger than 4 GiB cannot be stored"))?;
        let index = self.samples.len() as i64;
        let pts = self.ticks(sample.presentation_time_stamp());
        let dts = self.ticks(sample.decode_time_stamp()).or(pts);
        let previous_end = self
            .samples
            .last()
            .map_or(0, |s| s.dts + i64::from(s.duration));
        let dts = dts.unwrap_or(previous_end);
        if self.samples.last().is_some_and(|s| dts <= s.dts) {
            return Err(error(format!(
                "sample {index}: decode timestamps must increase in an MP4 track"
            )));
        }
        let pts = pts.unwrap_or(dts);
        let duration = self
            .ticks(sample.duration())
            .filter(|&d| d > 0)
            .unwrap_or(0)
            .clamp(0, i64::from(u32::MAX)) as u32;
        self.samples.push(SampleRecord {
            size,
            dts,
            composition_offset: pts - dts,
            duration,
            sync: sample.is_sync(),
        });
        self.pts.push(pts);
        self.data.extend_from_slice(sample.data());
        Ok(())
    }

    /// Samples written so far.
    pub fn frames(&self) -> u64 {
        self.samples.len() as u64
    }

    /// Writes the file and returns the inner writer.
    pub fn finish(mut self) -> Result<W, Error> {
        let Some(fd) = self.format.take() else {
            return Err(error("no samples: an MP4 file needs at least one frame"));
        };
        // Durations follow the decode timestamps (stts must agree with them); the last
        // sample keeps its own duration or, without one, repeats the previous.
        let n = self.samples.len();
        for i in 1..n {
            let delta = self.samples[i].dts - self.samples[i - 1].dts;
            self.samples[i - 1].duration = delta.clamp(1, i64::from(u32::MAX)) as u32;
        }
        if n >= 2 && self.samples[n - 1].duration == 0 {
            self.samples[n - 1].duration = self.samples[n - 2].duration;
        }
        if let Some(last) = self.samples.last_mut()
            && last.duration == 0
        {
            last.duration = 1;
        }
        let ftyp = ftyp(&fd);
        let data_len = self.data.len() as u64;
        let mdat_header: u64 = if data_len + 8 > u64::from(u32::MAX) {
            16
        } else {
            8
        };
        let mut large = false;
        let moov = loop {
            let probe = self.moov(&fd, 0, large);
            let offset = ftyp.len() as u64 + probe.len() as u64 + mdat_header;
            if !large && offset + data_len > u64::from(u32::MAX) {
                large = true;
                continue;
            }
            break self.moov(&fd, offset, large);
        };
        let io = |e: std::io::Error| error(format!("writing the MP4 file: {e}"));
        self.inner.write_all(&ftyp).map_err(io)?;
        self.inner.write_all(&moov).map_err(io)?;
        if mdat_header == 16 {
            self.inner.write_all(&1u32.to_be_bytes()).map_err(io)?;
            self.inner.write_all(b"mdat").map_err(io)?;
            self.inner
                .write_all(&(data_len + 16).to_be_bytes())
                .map_err(io)?;
        } else {
            self.inner
                .write_all(&((data_len + 8) as u32).to_be_bytes())
                .map_err(io)?;
            self.inner.write_all(b"mdat").map_err(io)?;
        }
        self.inner.write_all(&self.data).map_err(io)?;
        self.inner.flush().map_err(io)?;
        Ok(self.inner)
    }

    /// `btrt` figures: the largest sample, the peak bit rate over one-second windows of
    /// decode time, the mean bit rate.
    fn bit_rates(&self) -> BitRates {
        let ts = i64::from(self.timescale.max(1));
        let mut max_window = 0u64;
        let mut window = 0u64;
        let mut start = 0usize;
        for s in &self.samples {
            window += u64::from(s.size);
            while self.samples[start].dts + ts <= s.dts {
                window -= u64::from(self.samples[start].size);
                start += 1;
            }
            max_window = max_window.max(window);
        }
        let total: u64 = self.samples.iter().map(|s| u64::from(s.size)).sum();
        let duration: u64 = self.samples.iter().map(|s| u64::from(s.duration)).sum();
        let avg = (total * 8 * ts as u64).checked_div(duration).unwrap_or(0);
        BitRates {
            buffer_size: self.samples.iter().map(|s| s.size).max().unwrap_or(0),
            max_bitrate: (max_window * 8).min(u64::from(u32::MAX)) as u32,
            avg_bitrate: avg.min(u64::from(u32::MAX)) as u32,
        }
    }

    /// The movie box with the samples' chunk at `offset`.
    fn moov(&self, fd: &FormatDescription, offset: u64, large: bool) -> Vec<u8> {
        let first_dts = self.samples.first().map_or(0, |s| s.dts);
        let end = self
            .samples
            .iter()
            .map(|s| s.dts + i64::from(s.duration))
            .max()
            .unwrap_or(0);
        let media_duration = (end - first_dts).max(0) as u64;
        // The edit list starts the presentation at the earliest presentation time, so the
        // first frame shows at time 0 whatever the decode delay.
        let first_pts = self.pts.iter().copied().min().unwrap_or(0);
        let media_time = (first_pts - first_dts).max(0) as u64;
        let shown = media_duration.saturating_sub(media_time);
        let ts = self.timescale as u32;
        let (width, height) = fd.dimensions();
        let mut w = BoxWriter::new();
        w.start(b"moov");
        w.start_full(b"mvhd", 1, 0);
        w.u64(0); // creation
        w.u64(0); // modification
        w.u32(ts);
        w.u64(shown);
        w.u32(0x0001_0000); // rate 1.0
        w.u16(0x0100); // volume 1.0
        w.zeros(10);
        w.unity_matrix();
        w.zeros(24);
        w.u32(2); // next_track_ID
        w.end();
        w.start(b"trak");
        w.start_full(b"tkhd", 1, 0x000003); // enabled, in movie
        w.u64(0);
        w.u64(0);
        w.u32(1); // track_ID
        w.u32(0);
        w.u64(shown);
        w.zeros(8);
        w.u16(0); // layer
        w.u16(0); // alternate_group
        w.u16(0); // volume
        w.u16(0);
        w.unity_matrix();
        w.u32((width.max(0) as u32) << 16);
        w.u32((height.max(0) as u32) << 16);
        w.end();
        w.start(b"edts");
        w.start_full(b"elst", 1, 0);
        w.u32(1);
        w.u64(shown); // segment_duration (movie timescale = media timescale)
        w.u64(media_time);
        w.u32(0x0001_0000); // media_rate 1.0
        w.end();
        w.end();
        w.start(b"mdia");
        w.start_full(b"mdhd", 1, 0);
        w.u64(0);
        w.u64(0);
        w.u32(ts);
        w.u64(media_duration);
        w.u16(0x55c4); // 'und'
        w.u16(0);
        w.end();
        w.start_full(b"hdlr", 0, 0);
        w.u32(0);
        w.bytes(b"vide");
        w.zeros(12);
        w.bytes(b"framepress video\0");
        w.end();
        w.start(b"minf");
        w.start_full(b"vmhd", 0, 1);
        w.zeros(8);
        w.end();
        w.start(b"dinf");
        w.start_full(b"dref", 0, 0);
        w.u32(1);
        w.start_full(b"url ", 0, 1); // data in this file
        w.end();
        w.end();
        w.end();
        w.start(b"stbl");
        w.start_full(b"stsd", 0, 0);
        w.u32(1);
        write_visual_sample_entry(&mut w, fd, Some(self.bit_rates()));
        w.end();
        write_stts(&mut w, &self.samples);
        write_ctts(&mut w, &self.samples);
        write_stss(&mut w, &self.samples);
        write_chunk_boxes(&mut w, &self.samples, offset, large);
        w.end(); // stbl
        w.end(); // minf
        w.end(); // mdia
        w.end(); // trak
        w.end(); // moov
        w.into_bytes()
    }
}

/// `ftyp`: ISO base media with the codec's brand.
fn ftyp(fd: &FormatDescription) -> Vec<u8> {
    let mut w = BoxWriter::new();
    w.start(b"ftyp");
    w.bytes(b"isom");
    w.u32(0x200);
    w.bytes(b"isom");
    w.bytes(b"iso2");
    let kind = fd.codec_type().0.to_bytes();
    if &kind == b"avc1" || &kind == b"hvc1" {
        w.bytes(&kind);
    }
    w.bytes(b"mp41");
    w.end();
    w.into_bytes()
}
