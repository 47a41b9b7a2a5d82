//! `framepress encode`: source → compression session → container, with recon and stats.

use std::collections::HashMap;
use std::sync::mpsc::Receiver;

use framepress::{
    CompressionSession, Dictionary, FrameOptions, FrameType, Output, Time, Value, keys,
};

use crate::args::EncodeArgs;
use crate::cli_error::CliError;
use crate::metrics::{Planes, PsnrMeter, SsimMeter};
use crate::progress::Progress;
use crate::properties::requested_properties;
use crate::recon::ReconWriter;
use crate::sink::Sink;
use crate::source::Source;
use crate::summary::{FrameRecord, Summary};

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
    let use_case = args.preset.as_deref().and_then(crate::use_cases::find);
    let low_latency = args.low_latency || use_case.is_some_and(|u| u.low_latency);
    let (session, rx) =
        CompressionSession::builder(source.width as i32, source.height as i32, codec)
            .encoder_specification(
                framepress::Dictionary::new().with("EnableLowLatencyRateControl", low_latency),
            )
            .build_with_receiver::<u64>()
            .map_err(|e| {
                if e.code() == framepress::ErrorKind::CouldNotFindVideoEncoder.code() && low_latency
                {
                    let origin = match use_case {
                        Some(u) if !args.low_latency => format!("--preset {}", u.name),
                        _ => "--low-latency".to_owned(),
                    };
                    CliError::usage(format!(
                        "{origin}: no {} encoder has low-latency rate control",
                        codec.name().to_lowercase()
                    ))
                } else if e.code() == framepress::ErrorKind::CouldNotFindVideoEncoder.code() {
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
    match (use_case, &args.preset) {
        (Some(u), _) => apply_use_case(&session, &supported, u, args)?,
        (None, Some(preset)) => apply_preset(&session, &supported, preset)?,
        (None, None) => {}
    }
    if supported.contains_key(keys::EXPECTED_FRAME_RATE.name()) {
        session
            .set(keys::EXPECTED_FRAME_RATE, source.fps())
            .map_err(|e| config_error("ExpectedFrameRate", e))?;
    }
    // The session's hints about its length (VT's ExpectedDuration and SourceFrameCount)
    // when the input's frame count is known: average-rate modes then end on target.
    if let Some(frames) = source.expected_frames() {
        session
            .set(keys::SOURCE_FRAME_COUNT, frames.min(i64::MAX as u64) as i64)
            .map_err(|e| config_error("SourceFrameCount", e))?;
        session
            .set(keys::EXPECTED_DURATION, frames as f64 / source.fps())
            .map_err(|e| config_error("ExpectedDuration", e))?;
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
        .get(framepress::presets::canonical(preset))
        .and_then(Value::as_dictionary)
        .ok_or_else(|| {
            let names: Vec<&str> = presets.keys().collect();
            CliError::usage(format!(
                "--preset {preset}: unknown preset; available: {} (see framepress presets)",
                names.join(", ")
            ))
        })?;
    session
        .set_properties(settings)
        .map_err(|e| config_error(&format!("--preset {preset}"), e))
}

/// A use case (`--preset conferencing|live|offline`): its speed level's preset, then its
/// session settings (the low-latency specification was chosen at creation).
fn apply_use_case(
    session: &CompressionSession<u64>,
    supported: &Dictionary,
    use_case: &crate::use_cases::UseCase,
    args: &EncodeArgs,
) -> Result<(), CliError> {
    apply_preset(session, supported, use_case.speed)
        .map_err(|e| CliError::usage(format!("--preset {}: {e}", use_case.name)))?;
    for &(key, value) in use_case.properties {
        if supported.contains_key(key) {
            session
                .set_property(key, Some(Value::Bool(value)))
                .map_err(|e| config_error(&format!("--preset {} ({key})", use_case.name), e))?;
        }
    }
    let quality_target =
        args.qp.is_none() && args.bitrate.is_none() && args.cbr.is_none() && args.vbr.is_none();
    let key = keys::LOOKAHEAD_FRAMES;
    if let Some(n) = use_case.tree_lookahead.filter(|_| quality_target)
        && supported.contains_key(key.name())
    {
        session.set(key, i64::from(n)).map_err(|e| {
            config_error(&format!("--preset {} ({})", use_case.name, key.name()), e)
        })?;
    }
    Ok(())
}

/// Whether source frames must be kept until their output arrives (for the metrics).
fn measures(args: &EncodeArgs) -> bool {
    args.psnr || args.ssim
}

/// Runs `framepress encode`.
pub fn run(args: &EncodeArgs) -> Result<Summary, CliError> {
    let mut source = Source::open(args)?;
    let (session, outputs) = build_session(args, &source)?;
    let mut sink = Sink::create(
        &args.output,
        args.codec.codec_type(),
        args.fragmented.then_some(args.fragment_duration),
        args.in_band_parameter_sets,
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
        frame_rate: source.frame_rate,
        output: args.output.clone(),
        psnr: args.psnr.then(PsnrMeter::default),
        ssim: args.ssim.then(SsimMeter::default),
        ..Summary::default()
    };
    let mut sources = HashMap::new();
    let mut submitted: HashMap<u64, std::time::Instant> = HashMap::new();
    let mut progress = Progress::new(args.quiet, source.expected_frames(), source.fps());
    let duration = source.frame_duration();
    let options = FrameOptions::default();
    let mut index = 0u64;
    while let Some(frame) = source.next_frame()? {
        let pts = source.pts(index);
        if measures(args) {
            let planes = Planes::of(&frame)
                .ok_or_else(|| CliError::usage("--psnr/--ssim measure 8-bit 4:2:0 sources only"))?;
            sources.insert(index, planes);
        }
        submitted.insert(index, std::time::Instant::now());
        session
            .encode_frame(&frame, pts, duration, &options, index)
            .map_err(|e| CliError::runtime(format!("frame {index}: {e}")))?;
        index += 1;
        summary.frames = index;
        for out in outputs.try_iter() {
            let sent = submitted.remove(&out.source_refcon);
            handle_output(
                out,
                &mut sink,
                recon.as_mut(),
                &mut summary,
                &mut sources,
                sent,
            )?;
        }
        progress.update(
            summary.frames,
            summary.records.len() as u64 + summary.dropped,
            summary.bytes,
        );
    }
    session
        .complete_frames(Time::INVALID)
        .map_err(|e| CliError::runtime(format!("flushing: {e}")))?;
    for out in outputs.try_iter() {
        let sent = submitted.remove(&out.source_refcon);
        handle_output(
            out,
            &mut sink,
            recon.as_mut(),
            &mut summary,
            &mut sources,
            sent,
        )?;
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

/// Seconds of a time stamp, NaN when it is not numeric.
fn seconds(t: Time) -> f64 {
    if t.is_numeric() {
        t.seconds()
    } else {
        f64::NAN
    }
}

fn handle_output(
    out: Output<u64>,
    sink: &mut Sink,
    recon: Option<&mut ReconWriter>,
    summary: &mut Summary,
    sources: &mut HashMap<u64, Planes>,
    submitted: Option<std::time::Instant>,
) -> Result<(), CliError> {
    let source = sources.remove(&out.source_refcon);
    out.status
        .map_err(|e| CliError::runtime(format!("frame {}: {e}", out.source_refcon)))?;
    let Some(sample) = out.sample else {
        summary.dropped += 1;
        if let Some(r) = recon {
            r.push(out.source_refcon, None)?;
        }
        return Ok(());
    };
    sink.write(&sample)?;
    summary.bytes += sample.total_sample_size() as u64;
    let pts = sample.presentation_time_stamp();
    let dts = Some(sample.decode_time_stamp())
        .filter(Time::is_numeric)
        .unwrap_or(pts);
    let mut record = FrameRecord {
        display_index: out.source_refcon,
        pts: seconds(pts),
        dts: seconds(dts),
        frame_type: sample.frame_type().map(FrameType::as_str),
        key: sample.is_sync(),
        bytes: sample.total_sample_size(),
        qp: sample.frame_qp(),
        temporal_layer: sample.attachments().temporal_layer,
        latency_ms: submitted.map(|t| t.elapsed().as_secs_f64() * 1000.0),
        ..FrameRecord::default()
    };
    if let Some(src) = &source {
        let rec = sample.reconstruction().ok_or_else(|| {
            CliError::runtime("the encoder did not return its reconstruction for --psnr/--ssim")
        })?;
        let rec = Planes::of(rec)
            .filter(|r| r.same_shape(src))
            .ok_or_else(|| {
                CliError::runtime("--psnr/--ssim measure 8-bit 4:2:0 frames of equal size only")
            })?;
        if let Some(m) = summary.psnr.as_mut() {
            record.psnr = m.add(src, &rec);
        }
        if let Some(m) = summary.ssim.as_mut() {
            record.ssim = m.add(src, &rec);
        }
    }
    summary.records.push(record);
    if let Some(r) = recon {
        let frame = sample.reconstruction().cloned().ok_or_else(|| {
            CliError::runtime("the encoder did not return its reconstruction for --recon")
        })?;
        r.push(out.source_refcon, Some(frame))?;
    }
    Ok(())
}
