//! The YUV4MPEG2 stream header: `YUV4MPEG2 W<w> H<h> F<n>:<d> I<i> A<n>:<d> C<c> X<ext>…`.
//!
//! Parsing is strict about what would change the meaning of the pixel data (size, chroma
//! format, interlacing, range) and lenient about the rest: unknown parameters are skipped,
//! as the format asks of readers, and other `X` extensions are kept verbatim.

use framepress_core::{ColorRange, PixelAspectRatio, PixelFormat};

use super::chroma::Y4mChroma;
use super::error::{Y4mError, Y4mParam, check_dimension};

/// The signature every stream starts with.
pub const SIGNATURE: &[u8] = b"YUV4MPEG2";

/// FFmpeg's colour-range extension parameter (`XCOLORRANGE=FULL` / `=LIMITED`).
const COLOR_RANGE_KEY: &str = "COLORRANGE=";

/// A validated YUV4MPEG2 stream header. Fields are private so a header always describes a
/// readable stream (positive sizes within `MAX_DIMENSION`, positive frame rate).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Y4mHeader {
    width: usize,
    height: usize,
    frame_rate: (u32, u32),
    pixel_aspect: Option<PixelAspectRatio>,
    chroma: Y4mChroma,
    color_range: ColorRange,
    extensions: Vec<String>,
}

impl Y4mHeader {
    /// A header for an 8-bit 4:2:0 (`420jpeg`) progressive stream, as the writer produces.
    pub fn new(
        width: usize,
        height: usize,
        frame_rate: (u32, u32),
        color_range: ColorRange,
    ) -> Result<Y4mHeader, Y4mError> {
        let width = check_dimension(Y4mParam::Width, width as u64, &width.to_string())?;
        let height = check_dimension(Y4mParam::Height, height as u64, &height.to_string())?;
        if frame_rate.0 == 0 || frame_rate.1 == 0 {
            return Err(Y4mError::InvalidParameter {
                param: Y4mParam::FrameRate,
                value: format!("{}:{}", frame_rate.0, frame_rate.1),
                reason: "numerator and denominator must be positive",
            });
        }
        Ok(Y4mHeader {
            width,
            height,
            frame_rate,
            pixel_aspect: None,
            chroma: Y4mChroma::Yuv420Jpeg,
            color_range,
            extensions: Vec::new(),
        })
    }

    /// Sets the pixel aspect ratio written as `A` (`None` writes `A0:0`, "unknown").
    pub fn with_pixel_aspect(mut self, pixel_aspect: Option<PixelAspectRatio>) -> Y4mHeader {
        self.pixel_aspect =
            pixel_aspect.filter(|p| p.horizontal_spacing > 0 && p.vertical_spacing > 0);
        self
    }

    /// Parses a header line (without its trailing newline), signature included.
    pub fn parse(line: &[u8]) -> Result<Y4mHeader, Y4mError> {
        let params = match line.strip_prefix(SIGNATURE) {
            Some(rest) if rest.is_empty() || rest[0] == b' ' => rest,
            _ => {
                return Err(Y4mError::NotY4m {
                    found: preview(line),
                });
            }
        };
        let mut width = None;
        let mut height = None;
        let mut frame_rate = None;
        let mut pixel_aspect = None;
        let mut chroma = Y4mChroma::Yuv420Jpeg;
        let mut color_range = ColorRange::Video;
        let mut extensions = Vec::new();
        for token in params.split(|&b| b == b' ').filter(|t| !t.is_empty()) {
            let tag = token[0];
            let value = String::from_utf8_lossy(&token[1..]);
            match tag {
                b'W' => width = Some(parse_dimension(Y4mParam::Width, &value)?),
                b'H' => height = Some(parse_dimension(Y4mParam::Height, &value)?),
                b'F' => frame_rate = Some(parse_frame_rate(&value)?),
                b'A' => pixel_aspect = parse_pixel_aspect(&value)?,
                b'I' => check_interlacing(&value)?,
                b'C' => {
                    chroma = Y4mChroma::from_name(&value).ok_or_else(|| {
                        Y4mError::UnsupportedChroma {
                            chroma: value.to_string(),
                        }
                    })?;
                }
                b'X' => match value.strip_prefix(COLOR_RANGE_KEY) {
                    Some(range) => color_range = parse_color_range(range)?,
                    None => extensions.push(value.into_owned()),
                },
                // Unknown parameters carry nothing we need; readers are meant to skip them.
                _ => {}
            }
        }
        let width = width.ok_or(Y4mError::MissingParameter {
            param: Y4mParam::Width,
        })?;
        let height = height.ok_or(Y4mError::MissingParameter {
            param: Y4mParam::Height,
        })?;
        let frame_rate = frame_rate.ok_or(Y4mError::MissingParameter {
            param: Y4mParam::FrameRate,
        })?;
        Ok(Y4mHeader {
            width,
            height,
            frame_rate,
            pixel_aspect,
            chroma,
            color_range,
            extensions,
        })
    }

    /// The header line, newline included. The colour range is always written explicitly
    /// (`XCOLORRANGE=LIMITED` or `=FULL`) so FFmpeg does not have to guess it.
    pub fn to_line(&self) -> String {
        let (an, ad) = self
            .pixel_aspect
            .map_or((0, 0), |p| (p.horizontal_spacing, p.vertical_spacing));
        let range = match self.color_range {
            ColorRange::Video => "LIMITED",
            ColorRange::Full => "FULL",
        };
        let mut line = format!(
            "YUV4MPEG2 W{} H{} F{}:{} Ip A{an}:{ad} C{} X{COLOR_RANGE_KEY}{range}",
            self.width, self.height, self.frame_rate.0, self.frame_rate.1, self.chroma
        );
        for ext in &self.extensions {
            line.push_str(" X");
            line.push_str(ext);
        }
        line.push('\n');
        line
    }

    /// Frame width in pixels.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Frame height in pixels.
    pub fn height(&self) -> usize {
        self.height
    }

    /// Frame rate as (numerator, denominator) frames per second, both positive.
    pub fn frame_rate(&self) -> (u32, u32) {
        self.frame_rate
    }

    /// Pixel aspect ratio, or `None` when the stream leaves it unknown (`A0:0` or absent).
    pub fn pixel_aspect(&self) -> Option<PixelAspectRatio> {
        self.pixel_aspect
    }

    /// The chroma format.
    pub fn chroma(&self) -> Y4mChroma {
        self.chroma
    }

    /// The colour range: video range unless the stream says `XCOLORRANGE=FULL`.
    pub fn color_range(&self) -> ColorRange {
        self.color_range
    }

    /// The pixel format frames are delivered in.
    pub fn pixel_format(&self) -> PixelFormat {
        self.chroma.pixel_format(self.color_range)
    }

    /// `X` parameters other than `XCOLORRANGE`, without the leading `X` (e.g. `YSCSS=420JPEG`).
    pub fn extensions(&self) -> &[String] {
        &self.extensions
    }

    /// Bytes of pixel data per frame. Cannot overflow: sizes are bounded by `MAX_DIMENSION`.
    pub fn frame_size(&self) -> usize {
        self.chroma
            .frame_size(self.width, self.height)
            .unwrap_or(usize::MAX)
    }
}

/// The first bytes of `bytes` as text, for error messages.
pub(crate) fn preview(bytes: &[u8]) -> String {
    const MAX: usize = 24;
    let mut s = String::from_utf8_lossy(&bytes[..bytes.len().min(MAX)]).into_owned();
    if bytes.len() > MAX {
        s.push('…');
    }
    s
}

fn parse_dimension(param: Y4mParam, text: &str) -> Result<usize, Y4mError> {
    let invalid = || Y4mError::InvalidParameter {
        param,
        value: text.to_owned(),
        reason: "it must be a positive integer",
    };
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    // All digits: a parse failure can only be overflow.
    let value = text.parse::<u64>().map_err(|_| Y4mError::TooLarge {
        param,
        value: text.to_owned(),
        max: framepress_core::pixel_buffer::MAX_DIMENSION,
    })?;
    check_dimension(param, value, text)
}

/// Parses `num:den` into two non-negative integers, or `None` if malformed.
fn parse_ratio(text: &str) -> Option<(u32, u32)> {
    let (n, d) = text.split_once(':')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(n) || !digits(d) {
        return None;
    }
    Some((n.parse().ok()?, d.parse().ok()?))
}

fn parse_frame_rate(text: &str) -> Result<(u32, u32), Y4mError> {
    match parse_ratio(text) {
        Some((n, d)) if n > 0 && d > 0 => Ok((n, d)),
        _ => Err(Y4mError::InvalidParameter {
            param: Y4mParam::FrameRate,
            value: text.to_owned(),
            reason: "expected num:den with both positive integers below 2^32, e.g. F30000:1001",
        }),
    }
}

fn parse_pixel_aspect(text: &str) -> Result<Option<PixelAspectRatio>, Y4mError> {
    match parse_ratio(text) {
        // A zero term means "unknown" (FFmpeg writes A0:0, some tools A0:1).
        Some((0, _)) | Some((_, 0)) => Ok(None),
        Some((h, v)) => Ok(Some(PixelAspectRatio {
            horizontal_spacing: h,
            vertical_spacing: v,
        })),
        None => Err(Y4mError::InvalidParameter {
            param: Y4mParam::PixelAspect,
            value: text.to_owned(),
            reason: "expected num:den with non-negative integers, e.g. A1:1 (A0:0 = unknown)",
        }),
    }
}

fn check_interlacing(text: &str) -> Result<(), Y4mError> {
    match text {
        // `?` (unknown) is what many tools write for progressive material.
        "p" | "?" => Ok(()),
        "t" | "b" | "m" => Err(Y4mError::Interlaced {
            mode: text.chars().next().unwrap_or('?'),
        }),
        _ => Err(Y4mError::InvalidParameter {
            param: Y4mParam::Interlacing,
            value: text.to_owned(),
            reason: "expected one of p, t, b, m or ?",
        }),
    }
}

fn parse_color_range(text: &str) -> Result<ColorRange, Y4mError> {
    match text {
        "LIMITED" => Ok(ColorRange::Video),
        "FULL" => Ok(ColorRange::Full),
        _ => Err(Y4mError::InvalidParameter {
            param: Y4mParam::ColorRange,
            value: text.to_owned(),
            reason: "expected FULL or LIMITED",
        }),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn parses_ffmpeg_header() {
        let h = Y4mHeader::parse(
            b"YUV4MPEG2 W18 H14 F30000:1001 Ip A4:3 C420mpeg2 XYSCSS=420MPEG2 XCOLORRANGE=FULL",
        )
        .unwrap();
        assert_eq!(
            (h.width(), h.height(), h.frame_rate()),
            (18, 14, (30000, 1001))
        );
        assert_eq!(
            h.pixel_aspect(),
            Some(PixelAspectRatio {
                horizontal_spacing: 4,
                vertical_spacing: 3
            })
        );
        assert_eq!(h.chroma(), Y4mChroma::Yuv420Mpeg2);
        assert_eq!(h.pixel_format(), PixelFormat::I420FullRange);
        assert_eq!(h.extensions(), ["YSCSS=420MPEG2"]);
        assert_eq!(h.frame_size(), 18 * 14 + 2 * 9 * 7);
        // Writing and re-reading preserves everything.
        let line = h.to_line();
        assert_eq!(Y4mHeader::parse(line.trim_end().as_bytes()).unwrap(), h);
    }

    #[test]
    fn defaults_when_optional_parameters_are_absent() {
        let h = Y4mHeader::parse(b"YUV4MPEG2 W4 H2 F25:1").unwrap();
        assert_eq!(h.chroma(), Y4mChroma::Yuv420Jpeg);
        assert_eq!(h.color_range(), ColorRange::Video);
        assert_eq!(h.pixel_aspect(), None);
        assert_eq!(h.pixel_format(), PixelFormat::I420);
    }
}
