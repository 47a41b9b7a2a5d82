//! `framepress encode`: source → compression session → container, with recon and stats.

use std::sync::mpsc::Receiver;

use framepress::{CompressionSession, Dictionary, FrameOptions, Output, Time, Value, keys};

use crate::args::EncodeArgs;
use crate::cli_error::CliError;
use crate::progress::Progress;
use crate::properties::requested_properties;
use crate::psnr::PsnrMeter;
use crate::recon::ReconWriter;
use crate::sink::Sink;
use crate::source::Source;

/// What an encode run did.
#[derive(Debug, Default)]
pub struct Summary {
    /// Encoder ID.
    pub encoder: String,
    /// Codec name.
    pub codec: String,
    /// Encoded size.
    pub width: usize,
    /// Encoded size.
    pub height: usize,
    /// Frames submitted.
    pub frames: u64,
    /// Frames dropped by the encoder.
    pub dropped: u64,
    /// Compressed bytes.
    pub bytes: u64,
    /// Size of each emitted frame in bytes, in decode order.
    pub frame_sizes: Vec<usize>,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Stream duration in seconds (frames / frame rate).
    pub duration: f64,
    /// Output path.
    pub output: String,
    /// Recon frames written.
    pub recon_frames: u64,
    /// PSNR measurements (`--psnr`).
    pub psnr: Option<PsnrMeter>,
}

impl Summary {
    /// Average bit rate of the stream.
    pub fn bitrate(&self) -> f64 {
        if self.duration > 0.0 {
            self.bytes as f64 * 8.0 / self.duration
        } else {
            0.0
        }
    }

    /// Encoding speed.
    pub fn fps(&self) -> f64 {
        if self.seconds > 0.0 {
            self.frames as f64 / self.seconds
        } else {
            0.0
        }
    }

    /// The one-line summary.
    pub fn line(&self) -> String {
        format!(
            "encoded {} frames {}x{} {} in {:.2} s ({:.1} fps), {:.1} kbit/s, {} bytes -> {}{}",
            self.frames,
            self.width,
            self.height,
            self.codec,
            self.seconds,
            self.fps(),
            self.bitrate() / 1000.0,
            self.bytes,
            self.output,
            if self.dropped > 0 {
                format!(" ({} dropped)", self.dropped)
            } else {
                String::new()
            }
        ) + &self.psnr.as_ref().map_or(String::new(), |m| {
            let (mean, global) = (m.mean(), m.global());
            format!(
                "; PSNR Y {:.3} U {:.3} V {:.3} dB (mean of frames; of mean MSE: {:.3} {:.3} {:.3})",
                mean[0], mean[1], mean[2], global[0], global[1], global[2]
            )
        })
    }

    /// The statistics as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "encoder": self.encoder,
            "codec": self.codec,
            "width": self.width,
            "height": self.height,
            "frames": self.frames,
            "dropped": self.dropped,
            "bytes": self.bytes,
            "seconds": self.seconds,
            "fps": self.fps(),
            "duration_seconds": self.duration,
            "bitrate_bps": self.bitrate(),
            "frame_sizes": self.frame_sizes,
            "output": self.output,
            "recon_frames": self.recon_frames,
            "psnr": self.psnr.as_ref().map(|m| {
                let (mean, global) = (m.mean(), m.global());
                serde_json::json!({
                    "mean": {"y": mean[0], "u": mean[1], "v": mean[2]},
                    "global": {"y": global[0], "u": global[1], "v": global[2]},
                    "measured_frames": m.frames(),
                    "frames": m.per_frame,
                })
            }),
        })
    }
}

fn config_error(origin: &str, e: framepress::Error) -> CliError {
    CliError::usage(format!("{origin}: {e}"))
}

/// Builds the session and applies every requested property, mapping each failure to the
/// option that caused it.
fn build_session(
    args: &EncodeArgs,
    source: &Source,
) -> Result<(CompressionSession<u64>, Receiver<Output<u64>>), CliError> {
    let codec = args.codec.codec_type();
    let (session, rx) =
        CompressionSession::builder(source.width as i32, source.height as i32, codec)
            .build_with_receiver::<u64>()
            .map_err(|e| {
                if e.code() == framepress::ErrorKind::CouldNotFindVideoEncoder.code() {
                    CliError::usage(format!(
                        "--codec {}: no encoder in this build ({}). Available: {}",
                        codec.name().to_lowercase(),
                        e.detail(),
                        available_codecs()
                    ))
                } else {
                    config_error("creating the session", e)
                }
            })?;
    let supported = session
        .copy_supported_property_dictionary()
        .map_err(|e| config_error("session", e))?;
    if let Some(preset) = &args.preset {
        apply_preset(&session, &supported, preset)?;
    }
    if supported.contains_key(keys::EXPECTED_FRAME_RATE.name()) {
        session
            .set(keys::EXPECTED_FRAME_RATE, source.fps())
            .map_err(|e| config_error("ExpectedFrameRate", e))?;
    }
    for (key, value, origin) in requested_properties(args)? {
        session
            .set_property(&key, Some(value))
            .map_err(|e| config_error(&origin, e))?;
    }
    session
        .prepare_to_encode_frames()
        .map_err(|e| config_error("preparing the encoder", e))?;
    Ok((session, rx))
}

fn available_codecs() -> String {
    let list = framepress::copy_video_encoder_list(None).unwrap_or_default();
    let names: Vec<String> = list
        .iter()
        .filter_map(|d| {
            d.get("CodecName")
                .and_then(Value::as_str)
                .map(str::to_lowercase)
        })
        .collect();
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}

fn apply_preset(
    session: &CompressionSession<u64>,
    supported: &Dictionary,
    preset: &str,
) -> Result<(), CliError> {
    if !supported.contains_key(keys::SUPPORTED_PRESET_DICTIONARIES.name()) {
        return Err(CliError::usage(format!(
            "--preset {preset}: the {} encoder has no presets",
            session.encoder_id()
        )));
    }
    let presets = session
        .get(keys::SUPPORTED_PRESET_DICTIONARIES)
        .map_err(|e| config_error("--preset", e))?
        .unwrap_or_default();
    let settings = presets
        .get(preset)
        .and_then(Value::as_dictionary)
        .ok_or_else(|| {
            let names: Vec<&str> = presets.keys().collect();
            CliError::usage(format!(
                "--preset {preset}: unknown preset; available: {}",
                names.join(", ")
            ))
        })?;
    session
        .set_properties(settings)
        .map_err(|e| config_error(&format!("--preset {preset}"), e))
}

/// Runs `framepress encode`.
pub fn run(args: &EncodeArgs) -> Result<Summary, CliError> {
    let mut source = Source::open(args)?;
    let (session, outputs) = build_session(args, &source)?;
    let mut sink = Sink::create(
        &args.output,
        args.codec.codec_type(),
        args.fragmented.then_some(args.fragment_duration),
    )?;
    let mut recon = match &args.recon {
        Some(p) => Some(ReconWriter::create(p, source.frame_rate)?),
        None => None,
    };
    let mut summary = Summary {
        encoder: session.encoder_id().to_owned(),
        codec: args.codec.codec_type().name(),
        width: source.width,
        height: source.height,
        output: args.output.clone(),
        ..Summary::default()
    };
    summary.psnr = args.psnr.then(PsnrMeter::default);
    let mut sources = std::collections::HashMap::new();
    let mut progress = Progress::new(args.quiet, source.limit, source.fps());
    let duration = source.frame_duration();
    let options = FrameOptions::default();
    let mut index = 0u64;
    while let Some(frame) = source.next_frame()? {
        let pts = source.pts(index);
        if args.psnr {
            sources.insert(index, frame.clone());
        }
        session
            .encode_frame(&frame, pts, duration, &options, index)
            .map_err(|e| CliError::runtime(format!("frame {index}: {e}")))?;
        index += 1;
        summary.frames = index;
        for out in outputs.try_iter() {
            handle_output(out, &mut sink, recon.as_mut(), &mut summary, &mut sources)?;
        }
        progress.update(summary.frames, summary.bytes);
    }
    session
        .complete_frames(Time::INVALID)
        .map_err(|e| CliError::runtime(format!("flushing: {e}")))?;
    for out in outputs.try_iter() {
        handle_output(out, &mut sink, recon.as_mut(), &mut summary, &mut sources)?;
    }
    session.invalidate();
    sink.finish()?;
    if let Some(r) = recon {
        summary.recon_frames = r.finish()?;
    }
    progress.finish();
    summary.seconds = progress.elapsed();
    summary.duration = summary.frames as f64 / source.fps();
    if let Some(path) = &args.stats {
        let text = serde_json::to_string_pretty(&summary.to_json())
            .map_err(|e| CliError::runtime(format!("stats: {e}")))?;
        std::fs::write(path, text + "\n")
            .map_err(|e| CliError::runtime(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(summary)
}

fn handle_output(
    out: Output<u64>,
    sink: &mut Sink,
    recon: Option<&mut ReconWriter>,
    summary: &mut Summary,
    sources: &mut std::collections::HashMap<u64, framepress::PixelBuffer>,
) -> Result<(), CliError> {
    let source = sources.remove(&out.source_refcon);
    out.status
        .map_err(|e| CliError::runtime(format!("frame {}: {e}", out.source_refcon)))?;
    match out.sample {
        Some(sample) => {
            sink.write(&sample)?;
            summary.bytes += sample.total_sample_size() as u64;
            summary.frame_sizes.push(sample.total_sample_size());
            if let (Some(meter), Some(src)) = (summary.psnr.as_mut(), &source) {
                let rec = sample.reconstruction().ok_or_else(|| {
                    CliError::runtime("the encoder did not return its reconstruction for --psnr")
                })?;
                meter.add(src, rec).ok_or_else(|| {
                    CliError::runtime("--psnr measures 8-bit 4:2:0 frames of equal size only")
                })?;
            }
            if let Some(r) = recon {
                let frame = sample.reconstruction().cloned().ok_or_else(|| {
                    CliError::runtime("the encoder did not return its reconstruction for --recon")
                })?;
                r.push(out.source_refcon, Some(frame))?;
            }
        }
        None => {
            summary.dropped += 1;
            if let Some(r) = recon {
                r.push(out.source_refcon, None)?;
            }
        }
    }
    Ok(())
}
