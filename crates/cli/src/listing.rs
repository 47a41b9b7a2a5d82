//! `framepress encoders` and `framepress properties`.

use framepress::{Value, copy_supported_property_dictionary_for_encoder, copy_video_encoder_list};

use crate::args::CodecArg;
use crate::cli_error::CliError;

/// Prints one line per encoder.
pub fn encoders() -> Result<(), CliError> {
    let list = copy_video_encoder_list(None).map_err(|e| CliError::runtime(e.to_string()))?;
    for d in list {
        let s = |k: &str| d.get(k).and_then(Value::as_str).unwrap_or("?").to_owned();
        println!(
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
    println!("{id}:");
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
        println!(
            "  {key:<40} {:<11} {:<9}{range}",
            get("PropertyType"),
            get("ReadWriteStatus")
        );
    }
    Ok(())
}
