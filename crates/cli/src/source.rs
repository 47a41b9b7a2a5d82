//! Where frames come from: a Y4M file or stdin, raw video with a stated size and layout, or
//! the built-in synthetic source.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use framepress::{PixelBuffer, Time};
use framepress_container::{RawFormat, RawVideoReader, Y4mReader};
use framepress_synth::{SynthConfig, SyntheticSource};

use crate::args::EncodeArgs;
use crate::cli_error::CliError;

/// Frames the synthetic source produces when `--frames` is not given.
pub const DEFAULT_SYNTHETIC_FRAMES: u64 = 60;

/// Size of the synthetic source when `--size` is not given.
pub const DEFAULT_SYNTHETIC_SIZE: (usize, usize) = (640, 360);

/// Frame rate of the synthetic source and of raw input when `--fps` is not given.
pub const DEFAULT_FRAME_RATE: (u32, u32) = (30, 1);

/// File extensions read as raw video without `--pix-fmt` (`.nv12` and `.bgra` name their
/// layout; `.yuv` and `.raw` mean yuv420p, as they do for FFmpeg users).
const RAW_EXTENSIONS: [(&str, RawFormat); 4] = [
    ("yuv", RawFormat::Yuv420p),
    ("raw", RawFormat::Yuv420p),
    ("nv12", RawFormat::Nv12),
    ("bgra", RawFormat::Bgra),
];

enum Kind {
    Y4m(Y4mReader<Box<dyn Read>>),
    Raw(RawVideoReader<Box<dyn Read>>),
    Synthetic(Box<SyntheticSource>),
}

/// A frame source with its geometry and timing.
pub struct Source {
    kind: Kind,
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// Frame rate as (numerator, denominator).
    pub frame_rate: (u32, u32),
    /// How many frames will be read at most.
    pub limit: Option<u64>,
    /// How many frames the input holds past `--seek`, when its length tells (regular files),
    /// for progress and ETA.
    pub available: Option<u64>,
    /// A description for messages ("synthetic 640x360", "clip.y4m").
    pub name: String,
    index: u64,
}

/// The raw layout `path` is read in, if it is raw input: `--pix-fmt`, else its extension.
fn raw_format(args: &EncodeArgs, path: &str) -> Result<Option<RawFormat>, CliError> {
    if let Some(name) = &args.pix_fmt {
        return name
            .parse()
            .map(Some)
            .map_err(|e| CliError::usage(format!("--pix-fmt: {e}")));
    }
    let ext = Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    Ok(RAW_EXTENSIONS
        .iter()
        .find(|(e, _)| Some(*e) == ext.as_deref())
        .map(|&(_, f)| f))
}

/// Refuses sources deeper than the encoders take, with the conversion that helps.
fn check_depth(path: &str, depth: u32, what: &str) -> Result<(), CliError> {
    if depth > 8 {
        return Err(CliError::usage(format!(
            "{path}: {depth}-bit {what} is not supported yet (the encoders are 8-bit; \
             10-bit arrives with HEVC Main10): convert with ffmpeg -pix_fmt yuv420p"
        )));
    }
    Ok(())
}

fn open_reader(path: &str) -> Result<Box<dyn Read>, CliError> {
    Ok(if path == "-" {
        Box::new(BufReader::with_capacity(1 << 20, std::io::stdin()))
    } else {
        let f =
            File::open(path).map_err(|e| CliError::usage(format!("cannot open {path}: {e}")))?;
        Box::new(BufReader::with_capacity(1 << 20, f))
    })
}

/// Frames in a regular file of `frame_bytes` per frame after `overhead` bytes, less `seek`.
fn frames_in_file(path: &str, overhead: u64, frame_bytes: u64, seek: u64) -> Option<u64> {
    if path == "-" || frame_bytes == 0 {
        return None;
    }
    let meta = std::fs::metadata(path).ok().filter(|m| m.is_file())?;
    Some((meta.len().saturating_sub(overhead) / frame_bytes).saturating_sub(seek))
}

/// Reads and drops `n` frames with `skip`, failing when the input ends first.
fn seek(
    path: &str,
    n: u64,
    mut skip: impl FnMut() -> Result<bool, CliError>,
) -> Result<(), CliError> {
    for skipped in 0..n {
        if !skip()? {
            return Err(CliError::usage(format!(
                "{path}: --seek {n} is past the end ({skipped} frames)"
            )));
        }
    }
    Ok(())
}

impl Source {
    /// Opens what the arguments ask for.
    pub fn open(args: &EncodeArgs) -> Result<Source, CliError> {
        match &args.input {
            Some(path) => match raw_format(args, path)? {
                Some(format) => Source::raw(args, path, format),
                None => Source::y4m(args, path),
            },
            None => Source::synthetic(args),
        }
    }

    fn display_name(path: &str) -> String {
        if path == "-" {
            "stdin".into()
        } else {
            path.to_owned()
        }
    }

    fn y4m(args: &EncodeArgs, path: &str) -> Result<Source, CliError> {
        if args.size.is_some() || args.fps.is_some() {
            return Err(CliError::usage(
                "--size and --fps apply to raw input and the synthetic source; a Y4M input \
                 carries its own (for raw input add --pix-fmt)",
            ));
        }
        let mut y4m = Y4mReader::new(open_reader(path)?)
            .map_err(|e| CliError::usage(format!("{path}: {e}")))?;
        check_depth(path, y4m.pixel_format().bit_depth(), "Y4M")?;
        seek(path, args.seek, || {
            y4m.read_frame()
                .map(|f| f.is_some())
                .map_err(|e| CliError::runtime(format!("{path}: {e}")))
        })?;
        // Each frame is its planes after a 6-byte `FRAME\n` (frame parameters are rare); the
        // stream header is shorter than a frame, so it does not change the count.
        let available = frames_in_file(path, 0, y4m.header().frame_size() as u64 + 6, args.seek);
        Ok(Source {
            available,
            width: y4m.width(),
            height: y4m.height(),
            frame_rate: y4m.frame_rate(),
            limit: args.frames,
            name: Source::display_name(path),
            kind: Kind::Y4m(y4m),
            index: 0,
        })
    }

    fn raw(args: &EncodeArgs, path: &str, format: RawFormat) -> Result<Source, CliError> {
        let Some((width, height)) = args.size else {
            return Err(CliError::usage(format!(
                "{path}: raw {format} input needs --size WxH (and --fps if not 30)"
            )));
        };
        check_depth(path, format.bit_depth(), &format!("raw {format}"))?;
        let mut raw = RawVideoReader::new(open_reader(path)?, width, height, format)
            .map_err(|e| CliError::usage(format!("{path}: {e}")))?;
        seek(path, args.seek, || {
            raw.skip_frame()
                .map_err(|e| CliError::runtime(format!("{path}: {e}")))
        })?;
        Ok(Source {
            available: frames_in_file(path, 0, raw.frame_size() as u64, args.seek),
            width,
            height,
            frame_rate: args.fps.unwrap_or(DEFAULT_FRAME_RATE),
            limit: args.frames,
            name: Source::display_name(path),
            kind: Kind::Raw(raw),
            index: 0,
        })
    }

    fn synthetic(args: &EncodeArgs) -> Result<Source, CliError> {
        if let Some(f) = &args.pix_fmt {
            return Err(CliError::usage(format!(
                "--pix-fmt {f} describes raw input; give it with -i FILE"
            )));
        }
        let (width, height) = args.size.unwrap_or(DEFAULT_SYNTHETIC_SIZE);
        let frame_rate = args.fps.unwrap_or(DEFAULT_FRAME_RATE);
        let limit = args.frames.unwrap_or(DEFAULT_SYNTHETIC_FRAMES);
        let config = SynthConfig::new(width, height)
            .with_frame_rate(frame_rate.0, frame_rate.1)
            .with_frame_count(Some(limit.saturating_add(args.seek)));
        let mut synth = SyntheticSource::new(config)
            .map_err(|e| CliError::usage(format!("synthetic source: {e}")))?;
        for _ in 0..args.seek {
            synth.next();
        }
        Ok(Source {
            kind: Kind::Synthetic(Box::new(synth)),
            width,
            height,
            frame_rate,
            limit: Some(limit),
            available: Some(limit),
            name: format!("synthetic {width}x{height}"),
            index: 0,
        })
    }

    /// How many frames will be encoded, when known.
    pub fn expected_frames(&self) -> Option<u64> {
        match (self.limit, self.available) {
            (Some(l), Some(a)) => Some(l.min(a)),
            (l, a) => l.or(a),
        }
    }

    /// The next frame, `None` at the end.
    pub fn next_frame(&mut self) -> Result<Option<PixelBuffer>, CliError> {
        if self.limit.is_some_and(|l| self.index >= l) {
            return Ok(None);
        }
        let name = &self.name;
        let frame = match &mut self.kind {
            Kind::Y4m(r) => r
                .read_frame()
                .map_err(|e| CliError::runtime(format!("{name}: {e}")))?,
            Kind::Raw(r) => r
                .read_frame()
                .map_err(|e| CliError::runtime(format!("{name}: {e}")))?,
            Kind::Synthetic(s) => s.next(),
        };
        if frame.is_some() {
            self.index += 1;
        }
        Ok(frame)
    }

    /// Presentation time of frame `index`: `index × den / num` seconds, at timescale `num`.
    pub fn pts(&self, index: u64) -> Time {
        let (num, den) = self.frame_rate;
        Time::new(index as i64 * den as i64, num as i32)
    }

    /// Duration of one frame.
    pub fn frame_duration(&self) -> Time {
        let (num, den) = self.frame_rate;
        Time::new(den as i64, num as i32)
    }

    /// Frames per second as a float.
    pub fn fps(&self) -> f64 {
        self.frame_rate.0 as f64 / self.frame_rate.1 as f64
    }
}
