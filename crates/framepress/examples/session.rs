//! The compression session in a few lines: encode the synthetic source to concatenated JPEG.
//!
//! `cargo run -p framepress --example session -- out.mjpeg`

use std::io::Write;

use framepress::{CodecType, CompressionSession, FrameOptions, Time, keys};
use framepress_synth::{SynthConfig, SyntheticSource};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "session-example.mjpeg".into());
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path)?);

    // Outputs arrive on the worker thread, in decode order; here they go to a receiver.
    let (session, outputs) = CompressionSession::builder(320, 180, CodecType::JPEG)
        .property(keys::QUALITY, 0.8)
        .property(keys::REAL_TIME, false)
        .build_with_receiver::<u64>()?;

    let source = SyntheticSource::new(SynthConfig::new(320, 180).with_frame_count(Some(30)))?;
    for (i, frame) in source.enumerate() {
        let i = i as u64;
        let pts = Time::new(i as i64, 30);
        session.encode_frame(&frame, pts, Time::new(1, 30), &FrameOptions::default(), i)?;
    }
    session.complete_frames(Time::INVALID)?; // flush everything

    for out in outputs.try_iter() {
        out.status?;
        if let Some(sample) = out.sample {
            file.write_all(sample.data())?;
        }
    }
    file.flush()?;
    println!("wrote {path}");
    Ok(())
}
