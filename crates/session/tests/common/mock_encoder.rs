//! A test encoder with controllable delay, drops, failures and panics, so session behaviour
//! (ordering, flushing, error delivery) is tested independently of any real codec.

#![allow(dead_code, missing_docs)]

use std::collections::VecDeque;

use framepress_core::property::PropertySupport;
use framepress_core::{
    CodecType, Dictionary, EncoderConfig, EncoderDescriptor, EncoderOutput, Error, ErrorKind,
    FormatDescription, FourCC, PixelFormat, Result, SampleAttachments, SampleBuffer, SampleTiming,
    SourceFrame, Value, VideoEncoder,
};

pub const MOCK: CodecType = CodecType(FourCC::from_bytes(*b"mock"));

/// Frames are held until `delay` more have arrived (like reordering look-ahead).
/// Quality < 0.1 drops every third frame; a frame whose pts value is 666 fails; 999 panics.
pub struct MockEncoder {
    delay: usize,
    held: VecDeque<SourceFrame>,
    fd: FormatDescription,
    quality: f64,
}

fn supports(_w: usize, _h: usize) -> Vec<PropertySupport> {
    let mut v = vec![
        PropertySupport::of("Quality")
            .unwrap()
            .range(0.0, 1.0)
            .default_value(0.5),
        PropertySupport::of("RealTime").unwrap(),
        PropertySupport::of("ExpectedFrameRate")
            .unwrap()
            .range(0.0, 1000.0),
        PropertySupport::of("MaxKeyFrameInterval")
            .unwrap()
            .range(0.0, 1e9),
        PropertySupport::of("ProfileLevel")
            .unwrap()
            .values(&["H264_Main_AutoLevel"]),
        PropertySupport::of("ColorPrimaries").unwrap(),
        PropertySupport::of("SupportsBaseFrameQP")
            .unwrap()
            .default_value(false),
        PropertySupport::of("FieldCount")
            .unwrap()
            .forced()
            .default_value(1),
    ];
    // "MoreFramesAfterEnd" is reused as the delay knob (a creation-time key).
    v.push(
        PropertySupport::of("SuggestedLookAheadFrameCount")
            .unwrap()
            .range(0.0, 16.0),
    );
    v
}

fn create(config: &EncoderConfig) -> Result<Box<dyn VideoEncoder>> {
    let delay = config
        .property("SuggestedLookAheadFrameCount")
        .and_then(Value::as_i64)
        .unwrap_or(0) as usize;
    let quality = config
        .property("Quality")
        .and_then(Value::as_f64)
        .unwrap_or(0.5);
    Ok(Box::new(MockEncoder {
        delay,
        held: VecDeque::new(),
        fd: FormatDescription::new(
            MOCK,
            config.width as i32,
            config.height as i32,
            Dictionary::new(),
        ),
        quality,
    }))
}

pub fn descriptor() -> EncoderDescriptor {
    EncoderDescriptor {
        codec_type: MOCK,
        encoder_id: "com.framepress.test.mock",
        encoder_name: "Mock encoder",
        codec_name: "Mock",
        display_name: "Mock",
        supports_frame_reordering: false,
        supports_low_latency_rate_control: false,
        native_pixel_formats: &[PixelFormat::I420, PixelFormat::Nv12VideoRange],
        supported_properties: supports,
        check_properties: |_| Ok(()),
        create,
    }
}

impl MockEncoder {
    fn emit(&self, f: SourceFrame, out: &mut Vec<EncoderOutput>) {
        if f.pts.value == 666 {
            out.push(EncoderOutput::Failed {
                source_id: f.id,
                error: Error::new(ErrorKind::VideoEncoderMalfunction, "mock failure"),
            });
            return;
        }
        if self.quality < 0.1 && f.id % 3 == 2 {
            out.push(EncoderOutput::Dropped { source_id: f.id });
            return;
        }
        let plane = f.image.plane(0).unwrap();
        let mut data = f.id.to_be_bytes().to_vec();
        data.extend_from_slice(plane.row(0));
        let timing = SampleTiming {
            duration: f.duration,
            presentation_time_stamp: f.pts,
            decode_time_stamp: f.pts,
        };
        let att = if f.options.force_key_frame || f.id == 0 {
            SampleAttachments::key_frame()
        } else {
            SampleAttachments {
                not_sync: true,
                depends_on_others: Some(true),
                ..Default::default()
            }
        };
        out.push(EncoderOutput::Sample {
            source_id: f.id,
            sample: SampleBuffer::new(data, self.fd.clone(), timing, att),
        });
    }
}

impl VideoEncoder for MockEncoder {
    fn format_description(&self) -> FormatDescription {
        self.fd.clone()
    }

    fn encode(&mut self, frame: SourceFrame, out: &mut Vec<EncoderOutput>) -> Result<()> {
        if frame.pts.value == 999 {
            panic!("mock encoder panic");
        }
        self.held.push_back(frame);
        while self.held.len() > self.delay {
            if let Some(f) = self.held.pop_front() {
                self.emit(f, out);
            }
        }
        Ok(())
    }

    fn flush(&mut self, out: &mut Vec<EncoderOutput>) -> Result<()> {
        while let Some(f) = self.held.pop_front() {
            self.emit(f, out);
        }
        Ok(())
    }

    fn update_property(&mut self, name: &str, value: Option<&Value>) -> Result<()> {
        match name {
            "Quality" => {
                self.quality = value.and_then(Value::as_f64).unwrap_or(0.5);
                Ok(())
            }
            "ExpectedFrameRate" | "MaxKeyFrameInterval" => Ok(()),
            _ => Err(Error::parameter(format!(
                "{name} cannot change mid-session"
            ))),
        }
    }

    fn copy_property(&self, name: &str) -> Option<Value> {
        (name == "SupportsBaseFrameQP").then_some(Value::Bool(false))
    }
}
