//! Per-frame options (`kVTEncodeFrameOptionKey_*`), typed and from a dictionary.

use crate::error::{Error, Result};
use crate::value::{Dictionary, Value};

/// Per-frame option key names.
pub mod frame_option_keys {
    /// `kVTEncodeFrameOptionKey_ForceKeyFrame`.
    pub const FORCE_KEY_FRAME: &str = "ForceKeyFrame";
    /// `kVTEncodeFrameOptionKey_BaseFrameQP`.
    pub const BASE_FRAME_QP: &str = "BaseFrameQP";
    /// `kVTEncodeFrameOptionKey_AcknowledgedLTRTokens`.
    pub const ACKNOWLEDGED_LTR_TOKENS: &str = "AcknowledgedLTRTokens";
    /// `kVTEncodeFrameOptionKey_ForceLTRRefresh`.
    pub const FORCE_LTR_REFRESH: &str = "ForceLTRRefresh";
}

/// Options for one `encode_frame` call.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FrameOptions {
    /// Encode this frame as a key (sync) frame.
    pub force_key_frame: bool,
    /// Fixed QP for this frame, bypassing rate control (only where `SupportsBaseFrameQP`).
    pub base_frame_qp: Option<i64>,
    /// LTR tokens the receiver acknowledged.
    pub acknowledged_ltr_tokens: Vec<i64>,
    /// Ask for a refresh frame predicted from an acknowledged LTR (or an IDR).
    pub force_ltr_refresh: bool,
}

impl FrameOptions {
    /// Builder: force a key frame when `yes`.
    pub fn force_key_frame(mut self, yes: bool) -> FrameOptions {
        self.force_key_frame = yes;
        self
    }

    /// Builder: base frame QP.
    pub fn base_frame_qp(mut self, qp: i64) -> FrameOptions {
        self.base_frame_qp = Some(qp);
        self
    }

    /// Builder: the LTR tokens (`RequireLTRAcknowledgementToken` of earlier samples) the
    /// receiver has confirmed; those frames become usable for refreshes.
    pub fn acknowledged_ltr_tokens(
        mut self,
        tokens: impl IntoIterator<Item = i64>,
    ) -> FrameOptions {
        self.acknowledged_ltr_tokens.extend(tokens);
        self
    }

    /// Builder: ask for a refresh frame (predicted from an acknowledged LTR, else a key
    /// frame) when `yes`, e.g. after the receiver reported a loss.
    pub fn force_ltr_refresh(mut self, yes: bool) -> FrameOptions {
        self.force_ltr_refresh = yes;
        self
    }

    /// Parses a frame-properties dictionary. Unknown keys and wrong types are errors
    /// (VideoToolbox ignores unknown keys; framepress reports them so typos are not silent).
    /// Accepts both the short key strings and Apple's constant names.
    pub fn from_dictionary(d: &Dictionary) -> Result<FrameOptions> {
        use frame_option_keys as k;
        let mut out = FrameOptions::default();
        for (key, v) in d.iter() {
            let short = key.strip_prefix("kVTEncodeFrameOptionKey_").unwrap_or(key);
            let bool_of = |v: &Value| {
                v.as_bool()
                    .ok_or_else(|| Error::parameter(format!("{key} expects a boolean, got {v}")))
            };
            match short {
                k::FORCE_KEY_FRAME => out.force_key_frame = bool_of(v)?,
                k::FORCE_LTR_REFRESH => out.force_ltr_refresh = bool_of(v)?,
                k::BASE_FRAME_QP => {
                    out.base_frame_qp = Some(v.as_i64().ok_or_else(|| {
                        Error::parameter(format!("{key} expects an integer, got {v}"))
                    })?)
                }
                k::ACKNOWLEDGED_LTR_TOKENS => {
                    let arr = v.as_array().ok_or_else(|| {
                        Error::parameter(format!("{key} expects an array, got {v}"))
                    })?;
                    out.acknowledged_ltr_tokens = arr
                        .iter()
                        .map(|t| {
                            t.as_i64().ok_or_else(|| {
                                Error::parameter(format!("{key} expects integer tokens, got {t}"))
                            })
                        })
                        .collect::<Result<_>>()?;
                }
                _ => return Err(Error::parameter(format!("unknown frame option {key:?}"))),
            }
        }
        Ok(out)
    }

    /// The dictionary form.
    pub fn to_dictionary(&self) -> Dictionary {
        use frame_option_keys as k;
        let mut d = Dictionary::new();
        if self.force_key_frame {
            d.insert(k::FORCE_KEY_FRAME, true);
        }
        if let Some(qp) = self.base_frame_qp {
            d.insert(k::BASE_FRAME_QP, qp);
        }
        if !self.acknowledged_ltr_tokens.is_empty() {
            d.insert(
                k::ACKNOWLEDGED_LTR_TOKENS,
                Value::Array(
                    self.acknowledged_ltr_tokens
                        .iter()
                        .map(|&t| Value::Int(t))
                        .collect(),
                ),
            );
        }
        if self.force_ltr_refresh {
            d.insert(k::FORCE_LTR_REFRESH, true);
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_round_trip() {
        let d = Dictionary::new()
            .with("ForceKeyFrame", true)
            .with("kVTEncodeFrameOptionKey_BaseFrameQP", 30)
            .with("AcknowledgedLTRTokens", Value::Array(vec![Value::Int(7)]));
        let o = FrameOptions::from_dictionary(&d).unwrap();
        assert!(o.force_key_frame);
        assert_eq!(o.base_frame_qp, Some(30));
        assert_eq!(o.acknowledged_ltr_tokens, vec![7]);
        assert_eq!(
            FrameOptions::from_dictionary(&o.to_dictionary()).unwrap(),
            o
        );
    }

    #[test]
    fn rejects_unknown_and_mistyped() {
        let e = FrameOptions::from_dictionary(&Dictionary::new().with("ForceKeyFrme", true));
        assert_eq!(e.unwrap_err().code(), -12902);
        let e = FrameOptions::from_dictionary(&Dictionary::new().with("ForceKeyFrame", 1));
        assert!(e.is_err());
        let e = FrameOptions::from_dictionary(&Dictionary::new().with("AcknowledgedLTRTokens", 1));
        assert!(e.is_err());
    }
}
