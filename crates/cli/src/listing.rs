//! `framepress encoders`, `framepress properties` and `framepress presets`.

use framepress::{
    CompressionSession, Value, copy_supported_property_dictionary_for_encoder,
    copy_video_encoder_list, keys,
};

use crate::args::CodecArg;
use crate::cli_error::CliError;

/// `println!` that returns errors instead of panicking: a closed pipe (`framepress properties
/// | head`) ends the listing quietly, any other write error is a one-line failure.
macro_rules! outln {
    ($($arg:tt)*) => {
        write_line(format_args!($($arg)*))?
    };
}

fn write_line(line: std::fmt::Arguments<'_>) -> Result<(), CliError> {
    use std::io::Write;
    match writeln!(std::io::stdout().lock(), "{line}") {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(CliError::output_closed()),
        Err(e) => Err(CliError::runtime(format!("writing to stdout: {e}"))),
    }
}

/// Prints one line per encoder.
pub fn encoders() -> Result<(), CliError> {
    let list = copy_video_encoder_list(None).map_err(|e| CliError::runtime(e.to_string()))?;
    for d in list {
        let s = |k: &str| d.get(k).and_then(Value::as_str).unwrap_or("?").to_owned();
        outln!(
            "{:<24} {:<6} {}",
            s("EncoderID"),
            s("CodecName"),
            s("DisplayName")
        );
    }
    Ok(())
}

/// Prints the supported properties of the encoder for `codec`.
pub fn properties(codec: CodecArg) -> Result<(), CliError> {
    let (id, dict) =
        copy_supported_property_dictionary_for_encoder(1920, 1080, codec.codec_type(), None)
            .map_err(|e| CliError::usage(format!("--codec: {e}")))?;
    outln!("{id}:");
    for (key, v) in dict.iter() {
        let Some(d) = v.as_dictionary() else { continue };
        let get = |k: &str| {
            d.get(k)
                .map(|v| v.to_string().trim_matches('"').to_owned())
                .unwrap_or_default()
        };
        let mut range = String::new();
        if d.contains_key("SupportedValueMinimum") || d.contains_key("SupportedValueMaximum") {
            range = format!(
                " [{} .. {}]",
                get("SupportedValueMinimum"),
                get("SupportedValueMaximum")
            );
        }
        if let Some(list) = d.get("SupportedValueList").and_then(Value::as_array) {
            let l: Vec<String> = list
                .iter()
                .map(|v| v.to_string().trim_matches('"').to_owned())
                .collect();
            range = format!(" {{{}}}", l.join(", "));
        }
        outln!(
            "  {key:<40} {:<11} {:<9}{range}",
            get("PropertyType"),
            get("ReadWriteStatus")
        );
    }
    Ok(())
}

/// Prints each preset of the encoder for `codec` with the settings it applies, e.g.
/// `Balanced  FramepressSpeed=medium`. An encoder without presets says so (exit 0: it is an
/// answer, not an error).
pub fn presets(codec: CodecArg) -> Result<(), CliError> {
    let (session, _rx) = CompressionSession::builder(1920, 1080, codec.codec_type())
        .build_with_receiver::<()>()
        .map_err(|e| CliError::usage(format!("--codec: {e}")))?;
    let supported = session
        .copy_supported_property_dictionary()
        .map_err(|e| CliError::runtime(e.to_string()))?;
    let presets = if supported.contains_key(keys::SUPPORTED_PRESET_DICTIONARIES.name()) {
        session
            .get(keys::SUPPORTED_PRESET_DICTIONARIES)
            .map_err(|e| CliError::runtime(e.to_string()))?
            .unwrap_or_default()
    } else {
        Default::default()
    };
    session.invalidate();
    if presets.is_empty() {
        outln!("{}: no presets", session.encoder_id());
        return Ok(());
    }
    outln!("{}:", session.encoder_id());
    for (name, settings) in presets.iter() {
        let settings: Vec<String> = settings
            .as_dictionary()
            .map(|d| {
                d.iter()
                    .map(|(k, v)| format!("{k}={}", v.to_string().trim_matches('"')))
                    .collect()
            })
            .unwrap_or_default();
        outln!("  {name:<20} {}", settings.join(" "));
    }
    outln!(
        "use cases (the encoder preset named, then the settings; conferencing also creates the session with EnableLowLatencyRateControl):"
    );
    for u in &crate::use_cases::USE_CASES {
        let mut settings = vec![format!("preset={}", u.speed)];
        if u.low_latency {
            settings.push("EnableLowLatencyRateControl=true".to_owned());
        }
        settings.extend(u.properties.iter().map(|(k, v)| format!("{k}={v}")));
        if let Some(n) = u.tree_lookahead {
            settings.push(format!(
                "FramepressLookaheadFrames={n} (with a quality target)"
            ));
        }
        outln!("  {:<20} {}  ({})", u.name, settings.join(" "), u.summary);
    }
    Ok(())
}
