//! Turning CLI options into session properties, by VT key name.

use framepress::Value;
use framepress::media::property::{self, ValueKind};

use crate::args::EncodeArgs;
use crate::cli_error::CliError;

/// Parses `--property Key=Value` into a key and a typed value using the property table, so
/// `--property RealTime=true` becomes a boolean and `--property DataRateLimits=1000,1` an array.
pub fn parse_property(arg: &str) -> Result<(String, Value), CliError> {
    let (key, text) = arg
        .split_once('=')
        .ok_or_else(|| CliError::usage(format!("--property {arg:?}: expected KEY=VALUE")))?;
    let key = key.trim();
    let def = property::lookup(key).ok_or_else(|| {
        CliError::usage(format!(
            "--property {key}: unknown property key (see `framepress properties`)"
        ))
    })?;
    let kind = match def.kind {
        ValueKind::Dictionary if text.trim_start().starts_with('{') => {
            return Err(CliError::usage(format!(
                "--property {key}: dictionary values cannot be given on the command line"
            )));
        }
        k => k,
    };
    let value = kind
        .parse_text(def.name, text)
        .map_err(|e| CliError::usage(format!("--property {key}={text}: {e}")))?;
    Ok((def.name.to_owned(), value))
}

/// The (key, value, origin) list an encode run sets, in the order given: dedicated options
/// first, then `--property` entries (which may override them).
pub fn requested_properties(args: &EncodeArgs) -> Result<Vec<(String, Value, String)>, CliError> {
    let mut out = Vec::new();
    if let Some(q) = args.quality {
        out.push((
            "Quality".to_owned(),
            Value::Float(q),
            format!("--quality {q}"),
        ));
    }
    if let Some(qp) = args.qp {
        out.push((
            "FramepressConstantQP".to_owned(),
            Value::Int(qp),
            format!("--qp {qp}"),
        ));
    }
    if let Some(b) = args.bitrate {
        let v =
            i64::try_from(b).map_err(|_| CliError::usage(format!("--bitrate {b} is too large")))?;
        out.push((
            "AverageBitRate".to_owned(),
            Value::Int(v),
            format!("--bitrate {b}"),
        ));
    }
    let int = |v: u64, flag: &str| {
        i64::try_from(v).map_err(|_| CliError::usage(format!("{flag} {v} is too large")))
    };
    for (key, value, flag) in [
        ("ConstantBitRate", args.cbr, "--cbr"),
        ("VariableBitRate", args.vbr, "--vbr"),
        ("VBVMaxBitRate", args.vbv_maxrate, "--vbv-maxrate"),
    ] {
        if let Some(v) = value {
            out.push((
                key.to_owned(),
                Value::Int(int(v, flag)?),
                format!("{flag} {v}"),
            ));
        }
    }
    for (key, value, flag) in [
        ("VBVBufferDuration", args.vbv_buffer, "--vbv-buffer"),
        (
            "ConstantQualityFactor",
            args.quality_factor,
            "--quality-factor",
        ),
    ] {
        if let Some(v) = value {
            out.push((key.to_owned(), Value::Float(v), format!("{flag} {v}")));
        }
    }
    for (key, value, flag) in [
        ("MinAllowedFrameQP", args.min_qp, "--min-qp"),
        ("MaxAllowedFrameQP", args.max_qp, "--max-qp"),
        (
            "MaxFrameDelayCount",
            args.max_frame_delay,
            "--max-frame-delay",
        ),
    ] {
        if let Some(v) = value {
            out.push((key.to_owned(), Value::Int(v), format!("{flag} {v}")));
        }
    }
    if !args.data_rate_limits.is_empty() {
        let values = args
            .data_rate_limits
            .iter()
            .flat_map(|&(b, s)| [Value::Float(b), Value::Float(s)])
            .collect();
        let text: Vec<String> = args
            .data_rate_limits
            .iter()
            .map(|(b, s)| format!("--data-rate-limit {b}/{s}"))
            .collect();
        out.push((
            "DataRateLimits".to_owned(),
            Value::Array(values),
            text.join(" "),
        ));
    }
    let wants_recon = [
        (args.recon.is_some(), "--recon"),
        (args.psnr, "--psnr"),
        (args.ssim, "--ssim"),
    ];
    if let Some((_, origin)) = wants_recon.iter().find(|(on, _)| *on) {
        out.push((
            "FramepressEmitReconstruction".to_owned(),
            Value::Bool(true),
            (*origin).to_owned(),
        ));
    }
    for p in &args.properties {
        let (k, v) = parse_property(p)?;
        out.push((k, v, format!("--property {p}")));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_by_table_type() {
        assert_eq!(
            parse_property("RealTime=true").unwrap(),
            ("RealTime".into(), Value::Bool(true))
        );
        assert_eq!(
            parse_property("Quality=0.25").unwrap(),
            ("Quality".into(), Value::Float(0.25))
        );
        assert_eq!(
            parse_property("kVTCompressionPropertyKey_MaxKeyFrameInterval=30").unwrap(),
            ("MaxKeyFrameInterval".into(), Value::Int(30))
        );
        assert_eq!(parse_property("Nope=1").unwrap_err().exit_code, 2);
        assert_eq!(parse_property("Quality").unwrap_err().exit_code, 2);
        assert_eq!(parse_property("RealTime=maybe").unwrap_err().exit_code, 2);
    }
}
