//! The running encoder: one JFIF image per frame, emitted as soon as the frame arrives.

use framepress_core::property::keys;
use framepress_core::{
    EncoderConfig, EncoderOutput, Error, ErrorKind, FormatDescription, FrameType, Result,
    SampleAttachments, SampleBuffer, SampleTiming, SourceFrame, Value, VideoEncoder, YCbCrMatrix,
};
use jpeg_encoder::{ChromaSubsamplingMethod, Encoder, PixelDensity, SamplingFactor};

use crate::color_convert::to_jfif;
use crate::density::jfif_density;
use crate::descriptor::{MAX_DIMENSION, NATIVE_PIXEL_FORMATS, supported_properties};
use crate::format::format_description;
use crate::image_buffer::JfifImage;
use crate::quality::{DEFAULT_QUALITY, quality_factor};
use crate::reconstruction::reconstruct;
use crate::settings::{Settings, typed};
use crate::stats::JpegStats;
use crate::yuv::Yuv420;

/// A Photo-JPEG encoder instance (what [`descriptor()`](crate::descriptor) creates).
///
/// Every frame is a key frame: sync, depending on nothing. There is no delay, no reordering
/// and no state carried between frames besides the settings, so [`flush`](VideoEncoder::flush)
/// has nothing to emit.
#[derive(Debug)]
pub struct JpegEncoder {
    width: usize,
    height: usize,
    settings: Settings,
    density: PixelDensity,
    format_description: FormatDescription,
    stats: JpegStats,
}

impl JpegEncoder {
    /// An encoder for `config`: checks the size (1..=[`MAX_DIMENSION`]), the pixel format
    /// (one of [`NATIVE_PIXEL_FORMATS`]) and every property this encoder honours.
    pub fn new(config: &EncoderConfig) -> Result<JpegEncoder> {
        let (width, height) = (config.width, config.height);
        if !(1..=MAX_DIMENSION).contains(&width) || !(1..=MAX_DIMENSION).contains(&height) {
            return Err(Error::parameter(format!(
                "JPEG frame size {width}x{height} is outside 1..={MAX_DIMENSION}"
            )));
        }
        if !NATIVE_PIXEL_FORMATS.contains(&config.pixel_format) {
            return Err(Error::new(
                ErrorKind::CouldNotCreateInstance,
                format!(
                    "the JPEG encoder reads I420 or NV12 (either range), not {}",
                    config.pixel_format
                ),
            ));
        }
        let settings = Settings::from_config(config)?;
        // Both fit i32: MAX_DIMENSION is at most 65535.
        let format_description = format_description(width as i32, height as i32, &settings);
        let stats = JpegStats {
            quality_factor: quality_factor(settings.quality),
            expected_frame_rate: settings.expected_frame_rate,
            ..JpegStats::default()
        };
        Ok(JpegEncoder {
            width,
            height,
            density: jfif_density(settings.pixel_aspect_ratio),
            settings,
            format_description,
            stats,
        })
    }

    /// Counters so far.
    pub fn stats(&self) -> JpegStats {
        self.stats
    }

    /// The `Quality` in force (0.0–1.0).
    pub fn quality(&self) -> f64 {
        self.settings.quality
    }

    /// Encodes one frame into a sample.
    fn encode_frame(&self, frame: &SourceFrame) -> Result<SampleBuffer> {
        let image = &frame.image;
        if (image.width(), image.height()) != (self.width, self.height) {
            return Err(Error::parameter(format!(
                "frame {} is {}x{}, the session encodes {}x{}",
                frame.id,
                image.width(),
                image.height(),
                self.width,
                self.height
            )));
        }
        // The frame's own attachment describes its samples best; the session's YCbCrMatrix
        // is the fallback, and untagged frames are taken to be JFIF's BT.601.
        let matrix = image
            .ycbcr_matrix()
            .or(self.settings.matrix)
            .unwrap_or_else(|| YCbCrMatrix::default_for_height(image.height()));
        let jfif = to_jfif(image, matrix)?;
        let picture = JfifImage::new(Yuv420::new(&jfif)?).ok_or_else(|| {
            Error::parameter(format!(
                "{}x{} does not fit a JPEG frame header",
                self.width, self.height
            ))
        })?;

        let mut data = Vec::with_capacity(self.width * self.height / 4 + 1024);
        let mut encoder = Encoder::new(&mut data, quality_factor(self.settings.quality));
        // Fixed 4:2:0 whatever the quality (the crate would switch to 4:4:4 at 90 and up):
        // the source is 4:2:0, so 4:4:4 would only spend bits on replicated samples.
        encoder.set_sampling_factor(SamplingFactor::R_4_2_0);
        // Our chroma arrives replicated over 2×2 blocks, so the top-left sample is exact.
        encoder.set_chroma_subsampling_method(ChromaSubsamplingMethod::Nearest);
        encoder.set_density(self.density);
        encoder.encode_image(picture).map_err(|e| {
            Error::new(
                ErrorKind::VideoEncoderMalfunction,
                format!("JPEG encoding failed: {e}"),
            )
        })?;

        let recon = if self.settings.emit_reconstruction {
            let mut buffer = reconstruct(&data)?;
            buffer.set_color(
                self.settings.primaries,
                self.settings.transfer,
                Some(YCbCrMatrix::Itu601),
            );
            Some(buffer)
        } else {
            None
        };
        let timing = SampleTiming {
            duration: frame.duration,
            presentation_time_stamp: frame.pts,
            decode_time_stamp: frame.pts,
        };
        Ok(SampleBuffer::new(
            data,
            self.format_description.clone(),
            timing,
            SampleAttachments {
                frame_type: Some(FrameType::I),
                ..SampleAttachments::key_frame()
            },
        )
        .with_reconstruction(recon))
    }
}

impl VideoEncoder for JpegEncoder {
    fn format_description(&self) -> FormatDescription {
        self.format_description.clone()
    }

    /// Always emits exactly one output for `frame` before returning: a sample, or `Failed`
    /// when this frame cannot be encoded (the session keeps going with the next one).
    fn encode(&mut self, frame: SourceFrame, out: &mut Vec<EncoderOutput>) -> Result<()> {
        let source_id = frame.id;
        match self.encode_frame(&frame) {
            Ok(sample) => {
                self.stats.frames_encoded += 1;
                self.stats.bytes_emitted += sample.total_sample_size() as u64;
                out.push(EncoderOutput::Sample { source_id, sample });
            }
            Err(error) => {
                self.stats.frames_failed += 1;
                out.push(EncoderOutput::Failed { source_id, error });
            }
        }
        Ok(())
    }

    fn flush(&mut self, _out: &mut Vec<EncoderOutput>) -> Result<()> {
        Ok(())
    }

    /// `Quality` and `ExpectedFrameRate` (the two mid-session keys this encoder honours)
    /// take effect from the next frame; anything else is a parameter error.
    fn update_property(&mut self, name: &str, value: Option<&Value>) -> Result<()> {
        let quality = keys::QUALITY.name();
        let rate = keys::EXPECTED_FRAME_RATE.name();
        if name != quality && name != rate {
            return Err(Error::parameter(format!(
                "{name} cannot change while the JPEG encoder is running"
            )));
        }
        if let Some(v) = value {
            let support = supported_properties(self.width, self.height)
                .into_iter()
                .find(|s| s.def.name == name)
                .ok_or_else(|| Error::parameter(format!("{name} is not supported")))?;
            support.check_value(v)?;
        }
        if name == quality {
            self.settings.quality = value
                .map(|v| typed(name, v))
                .transpose()?
                .unwrap_or(DEFAULT_QUALITY);
            self.stats.quality_factor = quality_factor(self.settings.quality);
        } else {
            self.settings.expected_frame_rate =
                value.map(|v| typed(name, v)).transpose()?.unwrap_or(0.0);
            self.stats.expected_frame_rate = self.settings.expected_frame_rate;
        }
        Ok(())
    }
}
