//! Where frames come from: a Y4M file or stdin, or the built-in synthetic source.

use std::fs::File;
use std::io::{BufReader, Read};

use framepress::{PixelBuffer, Time};
use framepress_container::Y4mReader;
use framepress_synth::{SynthConfig, SyntheticSource};

use crate::args::EncodeArgs;
use crate::cli_error::CliError;

/// Frames the synthetic source produces when `--frames` is not given.
pub const DEFAULT_SYNTHETIC_FRAMES: u64 = 60;

enum Kind {
    Y4m(Y4mReader<Box<dyn Read>>),
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
    /// A description for messages ("synthetic 640x360", "clip.y4m").
    pub name: String,
    index: u64,
}

impl Source {
    /// Opens what the arguments ask for.
    pub fn open(args: &EncodeArgs) -> Result<Source, CliError> {
        match &args.input {
            Some(path) => {
                if args.size.is_some() || args.fps.is_some() {
                    return Err(CliError::usage(
                        "--size and --fps apply to the synthetic source; a Y4M input carries its own",
                    ));
                }
                let reader: Box<dyn Read> = if path == "-" {
                    Box::new(BufReader::new(std::io::stdin()))
                } else {
                    let f = File::open(path)
                        .map_err(|e| CliError::usage(format!("cannot open {path}: {e}")))?;
                    Box::new(BufReader::with_capacity(1 << 20, f))
                };
                let mut y4m =
                    Y4mReader::new(reader).map_err(|e| CliError::usage(format!("{path}: {e}")))?;
                let depth = y4m.pixel_format().bit_depth();
                if depth > 8 {
                    return Err(CliError::usage(format!(
                        "{path}: {depth}-bit Y4M is not supported yet (the encoders are 8-bit; \
                         10-bit arrives with HEVC Main10): convert with ffmpeg -pix_fmt yuv420p"
                    )));
                }
                for skipped in 0..args.seek {
                    let frame = y4m
                        .read_frame()
                        .map_err(|e| CliError::runtime(format!("{path}: {e}")))?;
                    if frame.is_none() {
                        return Err(CliError::usage(format!(
                            "{path}: --seek {} is past the end ({skipped} frames)",
                            args.seek
                        )));
                    }
                }
                Ok(Source {
                    width: y4m.width(),
                    height: y4m.height(),
                    frame_rate: y4m.frame_rate(),
                    limit: args.frames,
                    name: if path == "-" {
                        "stdin".into()
                    } else {
                        path.clone()
                    },
                    kind: Kind::Y4m(y4m),
                    index: 0,
                })
            }
            None => {
                let (width, height) = args.size.unwrap_or((640, 360));
                let frame_rate = args.fps.unwrap_or((30, 1));
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
                    name: format!("synthetic {width}x{height}"),
                    index: 0,
                })
            }
        }
    }

    /// The next frame, `None` at the end.
    pub fn next_frame(&mut self) -> Result<Option<PixelBuffer>, CliError> {
        if self.limit.is_some_and(|l| self.index >= l) {
            return Ok(None);
        }
        let frame = match &mut self.kind {
            Kind::Y4m(r) => r
                .read_frame()
                .map_err(|e| CliError::runtime(format!("{}: {e}", self.name)))?,
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
