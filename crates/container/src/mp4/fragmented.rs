//! Fragmented MP4 (CMAF-style): an initialisation segment (`ftyp` + `moov` with `mvex` and
//! empty sample tables) written at the first sample, then one `moof` + `mdat` pair per
//! fragment, each written as soon as it is complete — what live streaming and low-latency
//! delivery (HLS/DASH, Media Source Extensions) consume. A fragment starts at a sync sample,
//! so each can be decoded on its own after the initialisation segment.

use std::io::Write;

use framepress_core::{Error, ErrorKind, FormatDescription, RoundingMethod, SampleBuffer, Time};

use super::boxes::BoxWriter;
use super::sample_entry::write_visual_sample_entry;

/// Track timescale when the samples do not carry a usable one.
const DEFAULT_TIMESCALE: i32 = 90_000;

/// `sample_flags` of a sync sample: depends on no other sample.
const SYNC_FLAGS: u32 = 0x0200_0000;
/// `sample_flags` of other samples: depends on others, non-sync.
const NON_SYNC_FLAGS: u32 = 0x0101_0000;

fn error(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::CvError, msg.into())
}

#[derive(Clone, Copy, Debug)]
struct Pending {
    dts: i64,
    pts: i64,
    duration: u32,
    sync: bool,
    size: u32,
}

/// Writes session samples as a fragmented MP4 stream (works on pipes: it never seeks).
#[derive(Debug)]
pub struct FragmentedMp4Writer<W: Write> {
    inner: W,
    fragment_ms: Option<u32>,
    format: Option<FormatDescription>,
    timescale: i32,
    sequence: u32,
    samples: Vec<Pending>,
    data: Vec<u8>,
    frames: u64,
}

impl<W: Write> FragmentedMp4Writer<W> {
    /// A writer to `inner` starting a fragment at every sync sample, or, with
    /// `fragment_ms`, at the first sync sample once the fragment lasts that long.
    pub fn new(inner: W, fragment_ms: Option<u32>) -> FragmentedMp4Writer<W> {
        FragmentedMp4Writer {
            inner,
            fragment_ms,
            format: None,
            timescale: 0,
            sequence: 0,
            samples: Vec::new(),
            data: Vec::new(),
            frames: 0,
        }
    }

    fn ticks(&self, t: Time) -> Option<i64> {
        t.is_valid().then(|| {
            t.convert_scale(self.timescale, RoundingMethod::RoundHalfAwayFromZero)
                .value
        })
    }

    /// Samples written so far.
    pub fn frames(&self) -> u64 {
        self.frames
    }

    /// Adds one sample (decode order), writing the previous fragment when this one starts a
    /// new fragment.
    pub fn write_sample(&mut self, sample: &SampleBuffer) -> Result<(), Error> {
        let fd = sample.format_description();
        if fd.nal_unit_header_length() == 0 && fd.parameter_set_count() > 0 {
            return Err(error(
                "MP4 needs length-prefixed samples: turn FramepressAnnexBOutput off",
            ));
        }
        match &self.format {
            None => {
                let ts = [sample.decode_time_stamp(), sample.presentation_time_stamp()]
                    .into_iter()
                    .find(|t| t.is_valid() && t.timescale > 0);
                self.timescale = ts.map_or(DEFAULT_TIMESCALE, |t| t.timescale);
                let init = init_segment(fd, self.timescale as u32);
                self.inner.write_all(&init).map_err(io)?;
                self.format = Some(fd.clone());
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
        let previous_end = self
            .samples
            .last()
            .map_or(0, |s| s.dts + i64::from(s.duration.max(1)));
        let pts = self.ticks(sample.presentation_time_stamp());
        let dts = self
            .ticks(sample.decode_time_stamp())
            .or(pts)
            .unwrap_or(previous_end);
        if self.samples.last().is_some_and(|s| dts <= s.dts) {
            return Err(error("decode timestamps must increase in an MP4 track"));
        }
        if let Some(last) = self.samples.last_mut() {
            last.duration = (dts - last.dts).clamp(1, i64::from(u32::MAX)) as u32;
        }
        let starts_fragment = sample.is_sync()
            && !self.samples.is_empty()
            && self.fragment_ms.is_none_or(|ms| {
                let first = self.samples.first().map_or(dts, |s| s.dts);
                (dts - first) * 1000 >= i64::from(ms) * i64::from(self.timescale)
            });
        if starts_fragment {
            self.flush_fragment()?;
        }
        let duration = self
            .ticks(sample.duration())
            .unwrap_or(0)
            .clamp(0, i64::from(u32::MAX)) as u32;
        self.samples.push(Pending {
            dts,
            pts: pts.unwrap_or(dts),
            duration,
            sync: sample.is_sync(),
            size,
        });
        self.data.extend_from_slice(sample.data());
        self.frames += 1;
        Ok(())
    }

    /// Writes the buffered samples as one `moof` + `mdat`.
    fn flush_fragment(&mut self) -> Result<(), Error> {
        if self.samples.is_empty() {
            return Ok(());
        }
        self.sequence += 1;
        let moof = |data_offset: u32, s: &[Pending], seq: u32| {
            let mut w = BoxWriter::new();
            w.start(b"moof");
            w.start_full(b"mfhd", 0, 0);
            w.u32(seq);
            w.end();
            w.start(b"traf");
            w.start_full(b"tfhd", 0, 0x02_0000); // default-base-is-moof
            w.u32(1);
            w.end();
            w.start_full(b"tfdt", 1, 0);
            w.u64(s.first().map_or(0, |p| p.dts.max(0) as u64));
            w.end();
            // data offset, duration, size, flags, composition offset present.
            w.start_full(b"trun", 1, 0x000f01);
            w.u32(s.len() as u32);
            w.u32(data_offset);
            for p in s {
                w.u32(p.duration);
                w.u32(p.size);
                w.u32(if p.sync { SYNC_FLAGS } else { NON_SYNC_FLAGS });
                w.u32((p.pts - p.dts).clamp(i32::MIN as i64, i32::MAX as i64) as i32 as u32);
            }
            w.end();
            w.end();
            w.end();
            w.into_bytes()
        };
        let probe = moof(0, &self.samples, self.sequence);
        let bytes = moof(probe.len() as u32 + 8, &self.samples, self.sequence);
        self.inner.write_all(&bytes).map_err(io)?;
        let mdat_size = u32::try_from(self.data.len() + 8)
            .map_err(|_| error("a fragment larger than 4 GiB: use shorter fragments"))?;
        self.inner.write_all(&mdat_size.to_be_bytes()).map_err(io)?;
        self.inner.write_all(b"mdat").map_err(io)?;
        self.inner.write_all(&self.data).map_err(io)?;
        self.samples.clear();
        self.data.clear();
        Ok(())
    }

    /// Writes the last fragment and returns the inner writer.
    pub fn finish(mut self) -> Result<W, Error> {
        if self.format.is_none() {
            return Err(error("no samples: an MP4 file needs at least one frame"));
        }
        let n = self.samples.len();
        if n > 0 && self.samples[n - 1].duration == 0 {
            self.samples[n - 1].duration = if n >= 2 {
                self.samples[n - 2].duration
            } else {
                1
            };
        }
        self.flush_fragment()?;
        self.inner.flush().map_err(io)?;
        Ok(self.inner)
    }
}

fn io(e: std::io::Error) -> Error {
    error(format!("writing the MP4 stream: {e}"))
}

/// `ftyp` + `moov` with `mvex`: the track's description without samples.
fn init_segment(fd: &FormatDescription, timescale: u32) -> Vec<u8> {
    let (width, height) = fd.dimensions();
    let mut w = BoxWriter::new();
    w.start(b"ftyp");
    w.bytes(b"iso6");
    w.u32(0);
    w.bytes(b"iso6");
    w.bytes(b"cmfc");
    let kind = fd.codec_type().0.to_bytes();
    if &kind == b"avc1" || &kind == b"hvc1" {
        w.bytes(&kind);
    }
    w.bytes(b"mp41");
    w.end();
    w.start(b"moov");
    w.start_full(b"mvhd", 0, 0);
    w.u32(0);
    w.u32(0);
    w.u32(timescale);
    w.u32(0); // duration: unknown while streaming
    w.u32(0x0001_0000);
    w.u16(0x0100);
    w.zeros(10);
    w.unity_matrix();
    w.zeros(24);
    w.u32(2);
    w.end();
    w.start(b"trak");
    w.start_full(b"tkhd", 0, 0x000003);
    w.u32(0);
    w.u32(0);
    w.u32(1);
    w.u32(0);
    w.u32(0);
    w.zeros(8);
    w.zeros(8); // layer, alternate_group, volume, reserved
    w.unity_matrix();
    w.u32((width.max(0) as u32) << 16);
    w.u32((height.max(0) as u32) << 16);
    w.end();
    w.start(b"mdia");
    w.start_full(b"mdhd", 0, 0);
    w.u32(0);
    w.u32(0);
    w.u32(timescale);
    w.u32(0);
    w.u16(0x55c4);
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
    w.start_full(b"url ", 0, 1);
    w.end();
    w.end();
    w.end();
    w.start(b"stbl");
    w.start_full(b"stsd", 0, 0);
    w.u32(1);
    write_visual_sample_entry(&mut w, fd, None);
    w.end();
    for kind in [b"stts", b"stsc", b"stco"] {
        w.start_full(kind, 0, 0);
        w.u32(0);
        w.end();
    }
    w.start_full(b"stsz", 0, 0);
    w.u32(0);
    w.u32(0);
    w.end();
    w.end(); // stbl
    w.end(); // minf
    w.end(); // mdia
    w.end(); // trak
    w.start(b"mvex");
    w.start_full(b"trex", 0, 0);
    w.u32(1); // track_ID
    w.u32(1); // default_sample_description_index
    w.u32(0);
    w.u32(0);
    w.u32(0);
    w.end();
    w.end();
    w.end(); // moov
    w.into_bytes()
}
