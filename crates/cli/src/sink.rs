//! Where compressed frames go, chosen by the output file's extension.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use framepress::{CodecType, SampleBuffer};
use framepress_container::{
    AnnexBWriter, FragmentOptions, FragmentedMp4Writer, MjpegWriter, Mp4Options, Mp4Writer,
    ParameterSets,
};

use crate::cli_error::CliError;

/// A container writer for the encoded stream.
pub enum Sink {
    /// Concatenated JPEG.
    Mjpeg(MjpegWriter<Box<dyn Write>>),
    /// Annex-B elementary stream.
    AnnexB(AnnexBWriter<Box<dyn Write>>),
    /// Progressive MP4 (moov before mdat).
    Mp4(Mp4Writer<Box<dyn Write>>),
    /// Fragmented MP4.
    FragmentedMp4(FragmentedMp4Writer<Box<dyn Write>>),
}

impl Sink {
    /// Opens `output` (`-` = stdout) for `codec`, checking the extension fits. `fragmented`
    /// is `Some(fragment duration)` for fragmented MP4; `in_band` asks MP4 for `avc3`.
    pub fn create(
        output: &str,
        codec: CodecType,
        fragmented: Option<Option<u32>>,
        in_band: bool,
    ) -> Result<Sink, CliError> {
        let ext = Path::new(output)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        #[derive(PartialEq)]
        enum Kind {
            Mjpeg,
            AnnexB,
            Mp4,
        }
        let kind = match (codec, ext.as_deref()) {
            (CodecType::H264 | CodecType::JPEG, None) if output == "-" && fragmented.is_some() => {
                Kind::Mp4
            }
            (CodecType::H264 | CodecType::JPEG, Some("mp4" | "m4v" | "mov")) => Kind::Mp4,
            (CodecType::JPEG, Some("mjpeg" | "mjpg")) => Kind::Mjpeg,
            (CodecType::JPEG, None) if output == "-" => Kind::Mjpeg,
            (CodecType::H264, Some("264" | "h264")) => Kind::AnnexB,
            (CodecType::H264, None) if output == "-" => Kind::AnnexB,
            (c, e) => {
                return Err(CliError::usage(format!(
                    "cannot write {} to {output:?} ({}): supported outputs are .mp4/.m4v/.mov \
                     (add --fragmented for fragmented MP4), .264/.h264 for H.264, .mjpeg for \
                     JPEG, or `-` for stdout (Annex-B or MJPEG; fragmented MP4 with --fragmented)",
                    c.name(),
                    e.map_or("no extension".to_owned(), |e| format!(".{e}"))
                )));
            }
        };
        if fragmented.is_some() && kind != Kind::Mp4 {
            return Err(CliError::usage(format!(
                "--fragmented needs an MP4 output (.mp4/.m4v/.mov or `-`), not {output:?}"
            )));
        }
        if in_band && (kind != Kind::Mp4 || codec == CodecType::JPEG) {
            return Err(CliError::usage(format!(
                "--in-band-parameter-sets is for H.264 in MP4 (Annex-B always carries them), \
                 not {} to {output:?}",
                codec.name()
            )));
        }
        let placement = if in_band {
            ParameterSets::InBand
        } else {
            ParameterSets::OutOfBand
        };
        let w: Box<dyn Write> = if output == "-" {
            Box::new(BufWriter::new(std::io::stdout()))
        } else {
            let f = File::create(output)
                .map_err(|e| CliError::usage(format!("cannot create {output}: {e}")))?;
            Box::new(BufWriter::with_capacity(1 << 20, f))
        };
        Ok(match kind {
            Kind::AnnexB => Sink::AnnexB(AnnexBWriter::new(w)),
            Kind::Mjpeg => Sink::Mjpeg(MjpegWriter::new(w)),
            Kind::Mp4 => match fragmented {
                Some(ms) => Sink::FragmentedMp4(FragmentedMp4Writer::new(
                    w,
                    FragmentOptions::new()
                        .min_duration_ms(ms)
                        .parameter_sets(placement),
                )),
                // Spool next to the output: same file system, and no RAM disk filling up.
                None => {
                    let dir = Path::new(output)
                        .parent()
                        .filter(|p| !p.as_os_str().is_empty())
                        .unwrap_or(Path::new("."));
                    let options = Mp4Options::new().spool_dir(dir).parameter_sets(placement);
                    Sink::Mp4(Mp4Writer::with_options(w, options))
                }
            },
        })
    }

    /// Writes one sample.
    pub fn write(&mut self, sample: &SampleBuffer) -> Result<(), CliError> {
        let err = |e: &dyn std::fmt::Display| CliError::runtime(format!("writing output: {e}"));
        match self {
            Sink::Mjpeg(w) => w.write_sample(sample).map_err(|e| err(&e)),
            Sink::AnnexB(w) => w.write_sample(sample).map_err(|e| err(&e)),
            Sink::Mp4(w) => w.write_sample(sample).map_err(|e| err(&e)),
            Sink::FragmentedMp4(w) => w.write_sample(sample).map_err(|e| err(&e)),
        }
    }

    /// Flushes and closes.
    pub fn finish(self) -> Result<(), CliError> {
        let err = |e: &dyn std::fmt::Display| CliError::runtime(format!("writing output: {e}"));
        let mut inner = match self {
            Sink::Mjpeg(w) => w.finish().map_err(|e| err(&e))?,
            Sink::AnnexB(w) => w.finish().map_err(|e| err(&e))?,
            Sink::Mp4(w) => w.finish().map_err(|e| err(&e))?,
            Sink::FragmentedMp4(w) => w.finish().map_err(|e| err(&e))?,
        };
        inner.flush().map_err(|e| err(&e))
    }
}
