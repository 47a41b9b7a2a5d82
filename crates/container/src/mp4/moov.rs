//! The file-level and movie boxes shared by both writers: `ftyp`, and `moov` with one video
//! track — `mvhd`, `trak` (`tkhd`, `edts`/`elst`, `mdia` with `mdhd`, `hdlr` 'vide', `minf`
//! with `vmhd`, `dinf`/`dref`, `stbl`), plus `mvex`/`trex` for fragmented files.
//!
//! Times are written in the track's timescale for the movie as well, so media and movie
//! durations need no conversion.

use framepress_core::FormatDescription;

use super::boxes::BoxWriter;
use super::error::Mp4Error;
use super::parameter_sets::ParameterSets;
use super::sample_entry::{BitRates, write_visual_sample_entry};
use super::sample_table::{
    SampleRecord, write_chunk_boxes, write_ctts, write_empty_tables, write_sdtp, write_stss,
    write_stts,
};

/// The one track's `track_ID`.
pub const TRACK_ID: u32 = 1;

/// Handler name stored in `hdlr` (shown by tools such as ffprobe as the stream's handler).
const HANDLER_NAME: &[u8] = b"framepress video\0";

/// The edit that maps the presentation timeline onto the media timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edit {
    /// How long the edit lasts on the presentation timeline; 0 in fragmented files, whose
    /// duration is not known when the `moov` is written.
    pub segment_duration: u64,
    /// The media (composition) time shown at presentation time 0: the earliest
    /// presentation time, so the first frame shows at time 0 whatever the decode delay.
    pub media_time: u64,
}

/// Everything `moov` says about the track besides the sample tables.
#[derive(Clone, Copy, Debug)]
pub struct Track<'a> {
    /// The stream's format description.
    pub format: &'a FormatDescription,
    /// Ticks per second of the movie and of the media.
    pub timescale: u32,
    /// The media's duration (sum of sample durations); 0 when unknown.
    pub media_duration: u64,
    /// The presentation's duration (`mvhd`, `tkhd`); 0 when unknown.
    pub duration: u64,
    /// The edit list's single edit, if any.
    pub edit: Option<Edit>,
    /// `btrt` values, when the samples are known.
    pub rates: Option<BitRates>,
    /// Where the parameter sets live (chooses `avc1` or `avc3`, …).
    pub parameter_sets: ParameterSets,
}

/// Where the samples are described.
#[derive(Clone, Copy, Debug)]
pub enum SampleTables<'a> {
    /// A progressive file: every sample, stored back to back as one chunk at `offset`
    /// (`co64` instead of `stco` when `large`).
    Chunk {
        /// The samples in decode order.
        samples: &'a [SampleRecord],
        /// File offset of the first sample.
        offset: u64,
        /// Whether 64-bit chunk offsets are needed.
        large: bool,
    },
    /// A fragmented file: empty tables, samples described by each `moof`; adds `mvex`.
    Fragmented,
}

/// The `ftyp` box.
pub fn ftyp(major: &[u8; 4], minor: u32, compatible: &[&[u8; 4]]) -> Result<Vec<u8>, Mp4Error> {
    let mut w = BoxWriter::new();
    w.start(b"ftyp");
    w.bytes(major);
    w.u32(minor);
    for brand in compatible {
        w.bytes(*brand);
    }
    w.end();
    w.finish()
}

/// The brand naming the codec's file format, when ISO/IEC 14496-15 defines one.
pub fn codec_brand(entry: &[u8; 4]) -> Option<&'static [u8; 4]> {
    match entry {
        b"avc1" | b"avc3" => Some(b"avc1"),
        b"hvc1" | b"hev1" => Some(b"hvc1"),
        _ => None,
    }
}

/// Version 1 (64-bit times) is needed when a value does not fit 32 bits.
fn version_for(values: &[u64]) -> u8 {
    u8::from(values.iter().any(|&v| v > u64::from(u32::MAX)))
}

/// Writes a 32- or 64-bit field as the box version says.
fn time_field(w: &mut BoxWriter, version: u8, v: u64) {
    if version == 1 {
        w.u64(v);
    } else {
        w.u32(v as u32);
    }
}

/// `mvhd`: the movie's timescale and duration.
pub fn write_mvhd(w: &mut BoxWriter, timescale: u32, duration: u64) {
    let version = version_for(&[duration]);
    w.start_full(b"mvhd", version, 0);
    time_field(w, version, 0); // creation_time
    time_field(w, version, 0); // modification_time
    w.u32(timescale);
    time_field(w, version, duration);
    w.fixed16_16(1, 0); // rate
    w.fixed8_8(1, 0); // volume
    w.zeros(2 + 8); // reserved
    w.unity_matrix();
    w.zeros(24); // pre_defined
    w.u32(TRACK_ID + 1); // next_track_ID
    w.end();
}

/// `tkhd`: enabled, in the movie, with the display size in 16.16.
pub fn write_tkhd(w: &mut BoxWriter, duration: u64, width: i32, height: i32) {
    let version = version_for(&[duration]);
    w.start_full(b"tkhd", version, 0x000003); // track_enabled | track_in_movie
    time_field(w, version, 0);
    time_field(w, version, 0);
    w.u32(TRACK_ID);
    w.u32(0); // reserved
    time_field(w, version, duration);
    w.zeros(8); // reserved
    w.u16(0); // layer
    w.u16(0); // alternate_group
    w.u16(0); // volume: 0 for video
    w.u16(0); // reserved
    w.unity_matrix();
    w.fixed16_16(width.clamp(0, 65535) as u16, 0);
    w.fixed16_16(height.clamp(0, 65535) as u16, 0);
    w.end();
}

/// `edts` with one `elst` entry at normal rate.
pub fn write_edts(w: &mut BoxWriter, edit: Edit) {
    let version = version_for(&[edit.segment_duration, edit.media_time]);
    w.start(b"edts");
    w.start_full(b"elst", version, 0);
    w.u32(1); // entry_count
    time_field(w, version, edit.segment_duration);
    time_field(w, version, edit.media_time);
    w.fixed16_16(1, 0); // media_rate_integer 1, media_rate_fraction 0
    w.end();
    w.end();
}

/// `mdhd` (language 'und') and `hdlr` 'vide'.
fn write_mdhd_hdlr(w: &mut BoxWriter, timescale: u32, duration: u64) {
    let version = version_for(&[duration]);
    w.start_full(b"mdhd", version, 0);
    time_field(w, version, 0);
    time_field(w, version, 0);
    w.u32(timescale);
    time_field(w, version, duration);
    w.u16(0x55c4); // 'und', packed ISO-639-2/T
    w.u16(0);
    w.end();
    w.start_full(b"hdlr", 0, 0);
    w.u32(0); // pre_defined
    w.bytes(b"vide");
    w.zeros(12); // reserved
    w.bytes(HANDLER_NAME);
    w.end();
}

/// `vmhd` and `dinf` (the data is in this file: one self-contained `url `).
fn write_vmhd_dinf(w: &mut BoxWriter) {
    w.start_full(b"vmhd", 0, 1);
    w.zeros(8); // graphicsmode, opcolor
    w.end();
    w.start(b"dinf");
    w.start_full(b"dref", 0, 0);
    w.u32(1);
    w.start_full(b"url ", 0, 1);
    w.end();
    w.end();
    w.end();
}

/// The whole `moov` box.
pub fn moov(track: &Track<'_>, tables: SampleTables<'_>) -> Result<Vec<u8>, Mp4Error> {
    let (width, height) = track.format.dimensions();
    let mut w = BoxWriter::new();
    w.start(b"moov");
    write_mvhd(&mut w, track.timescale, track.duration);
    w.start(b"trak");
    write_tkhd(&mut w, track.duration, width, height);
    if let Some(edit) = track.edit {
        write_edts(&mut w, edit);
    }
    w.start(b"mdia");
    write_mdhd_hdlr(&mut w, track.timescale, track.media_duration);
    w.start(b"minf");
    write_vmhd_dinf(&mut w);
    w.start(b"stbl");
    w.start_full(b"stsd", 0, 0);
    w.u32(1); // entry_count
    write_visual_sample_entry(&mut w, track.format, track.rates, track.parameter_sets)?;
    w.end();
    match tables {
        SampleTables::Chunk {
            samples,
            offset,
            large,
        } => {
            write_stts(&mut w, samples);
            write_ctts(&mut w, samples);
            write_stss(&mut w, samples);
            write_sdtp(&mut w, samples);
            write_chunk_boxes(&mut w, samples, offset, large);
        }
        SampleTables::Fragmented => write_empty_tables(&mut w),
    }
    w.end(); // stbl
    w.end(); // minf
    w.end(); // mdia
    w.end(); // trak
    if let SampleTables::Fragmented = tables {
        w.start(b"mvex");
        w.start_full(b"trex", 0, 0);
        w.u32(TRACK_ID);
        w.u32(1); // default_sample_description_index
        w.u32(0); // default_sample_duration
        w.u32(0); // default_sample_size
        w.u32(0); // default_sample_flags
        w.end();
        w.end();
    }
    w.end(); // moov
    w.finish()
}

#[cfg(test)]
mod tests {
    use framepress_core::{CodecType, Dictionary};

    use super::*;

    fn bytes(f: impl FnOnce(&mut BoxWriter)) -> Vec<u8> {
        let mut w = BoxWriter::new();
        f(&mut w);
        w.finish().unwrap()
    }

    #[test]
    fn elst_by_hand() {
        let b = bytes(|w| {
            write_edts(
                w,
                Edit {
                    segment_duration: 40_000,
                    media_time: 1024,
                },
            )
        });
        let expected = [
            &[0, 0, 0, 36][..],
            b"edts",
            &[0, 0, 0, 28],
            b"elst",
            &[0, 0, 0, 0],       // version 0: the values fit 32 bits
            &[0, 0, 0, 1],       // one entry
            &[0, 0, 0x9c, 0x40], // segment_duration 40000
            &[0, 0, 4, 0],       // media_time 1024
            &[0, 1, 0, 0],       // rate 1.0
        ]
        .concat();
        assert_eq!(b, expected);
        let b = bytes(|w| {
            write_edts(
                w,
                Edit {
                    segment_duration: 1 << 32,
                    media_time: 0,
                },
            )
        });
        assert_eq!(b.len(), 8 + 12 + 4 + 16 + 4);
        assert_eq!(b[16], 1); // version 1
        assert_eq!(b[24..32], [0, 0, 0, 1, 0, 0, 0, 0]);
    }

    #[test]
    fn mvhd_and_tkhd_sizes_follow_the_version() {
        // 108 bytes (version 0) and 120 (version 1) for mvhd; 92 and 104 for tkhd.
        assert_eq!(bytes(|w| write_mvhd(w, 30, 10)).len(), 108);
        assert_eq!(bytes(|w| write_mvhd(w, 30, 1 << 33)).len(), 120);
        let t = bytes(|w| write_tkhd(w, 10, 176, 144));
        assert_eq!(t.len(), 92);
        assert_eq!(t[84..], [0, 176, 0, 0, 0, 144, 0, 0]);
        assert_eq!(bytes(|w| write_tkhd(w, 1 << 33, 1, 1)).len(), 104);
    }

    #[test]
    fn fragmented_moov_has_empty_tables_and_trex() {
        let fd = FormatDescription::new(CodecType::JPEG, 16, 16, Dictionary::new());
        let track = Track {
            format: &fd,
            timescale: 30,
            media_duration: 0,
            duration: 0,
            edit: None,
            rates: None,
            parameter_sets: ParameterSets::OutOfBand,
        };
        let m = moov(&track, SampleTables::Fragmented).unwrap();
        assert_eq!(
            u32::from_be_bytes(m[..4].try_into().unwrap()) as usize,
            m.len()
        );
        let at = |kind: &[u8]| m.windows(4).position(|w| w == kind);
        assert!(at(b"edts").is_none());
        let stsz = at(b"stsz").unwrap();
        assert_eq!(m[stsz + 4..stsz + 16], [0; 12]);
        let trex = at(b"trex").unwrap();
        assert_eq!(m[trex - 4..trex], [0, 0, 0, 32]);
        assert_eq!(m[trex + 8..trex + 16], [0, 0, 0, 1, 0, 0, 0, 1]);
        assert_eq!(m.len(), trex + 28);
    }
}
