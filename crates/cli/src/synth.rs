//! `framepress synth`: the built-in synthetic source written as Y4M, so other encoders (the
//! benchmark's anchors, FFmpeg) can be given exactly the frames `encode` without `-i` codes.

use std::fs::File;
use std::io::{BufWriter, Write};

use framepress::ColorRange;
use framepress_container::Y4mWriter;
use framepress_synth::{SynthConfig, SyntheticSource};

use crate::args::SynthArgs;
use crate::cli_error::CliError;
use crate::source::{DEFAULT_FRAME_RATE, DEFAULT_SYNTHETIC_FRAMES, DEFAULT_SYNTHETIC_SIZE};

/// Writes the frames; the source is deterministic, so the same arguments give the same bytes.
pub fn run(args: &SynthArgs) -> Result<(), CliError> {
    let (width, height) = args.size.unwrap_or(DEFAULT_SYNTHETIC_SIZE);
    let frame_rate = args.fps.unwrap_or(DEFAULT_FRAME_RATE);
    let frames = args.frames.unwrap_or(DEFAULT_SYNTHETIC_FRAMES);
    let config = SynthConfig::new(width, height)
        .with_frame_rate(frame_rate.0, frame_rate.1)
        .with_frame_count(Some(frames));
    let source = SyntheticSource::new(config)
        .map_err(|e| CliError::usage(format!("synthetic source: {e}")))?;
    let out: Box<dyn Write> = if args.output == "-" {
        Box::new(std::io::stdout().lock())
    } else {
        let f = File::create(&args.output)
            .map_err(|e| CliError::usage(format!("cannot create {}: {e}", args.output)))?;
        Box::new(f)
    };
    let err = |e: &dyn std::fmt::Display| CliError::runtime(format!("{}: {e}", args.output));
    let mut y4m = Y4mWriter::new(
        BufWriter::with_capacity(1 << 20, out),
        width,
        height,
        frame_rate,
        ColorRange::Video,
    )
    .map_err(|e| err(&e))?;
    for frame in source {
        y4m.write_frame(&frame).map_err(|e| err(&e))?;
    }
    y4m.finish().map_err(|e| err(&e))?;
    Ok(())
}
