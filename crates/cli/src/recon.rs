//! Writing the encoder's reconstruction in display order, whatever order outputs arrive in.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use framepress::{ColorRange, PixelBuffer};
use framepress_container::Y4mWriter;

use crate::cli_error::CliError;

/// Reorders reconstructed frames by source index and writes them to a Y4M file.
pub struct ReconWriter {
    path: String,
    frame_rate: (u32, u32),
    writer: Option<Y4mWriter<BufWriter<File>>>,
    file: Option<File>,
    waiting: BTreeMap<u64, Option<PixelBuffer>>,
    next: u64,
}

impl ReconWriter {
    /// Creates the file now so a bad path fails before encoding starts.
    pub fn create(path: &Path, frame_rate: (u32, u32)) -> Result<ReconWriter, CliError> {
        let file = File::create(path)
            .map_err(|e| CliError::usage(format!("cannot create {}: {e}", path.display())))?;
        Ok(ReconWriter {
            path: path.display().to_string(),
            frame_rate,
            writer: None,
            file: Some(file),
            waiting: BTreeMap::new(),
            next: 0,
        })
    }

    /// Accepts frame `index`'s reconstruction (`None` for a dropped frame).
    pub fn push(&mut self, index: u64, frame: Option<PixelBuffer>) -> Result<(), CliError> {
        self.waiting.insert(index, frame);
        while let Some(f) = self.waiting.remove(&self.next) {
            if let Some(f) = f {
                self.write(&f)?;
            }
            self.next += 1;
        }
        Ok(())
    }

    fn write(&mut self, f: &PixelBuffer) -> Result<(), CliError> {
        let err =
            |e: &dyn std::fmt::Display| CliError::runtime(format!("writing {}: {e}", self.path));
        if self.writer.is_none() {
            let file = self
                .file
                .take()
                .ok_or_else(|| CliError::runtime("recon file already closed"))?;
            let range: ColorRange = f.pixel_format().range();
            let w = Y4mWriter::new(
                BufWriter::new(file),
                f.width(),
                f.height(),
                self.frame_rate,
                range,
            )
            .map_err(|e| err(&e))?;
            self.writer = Some(w);
        }
        match self.writer.as_mut() {
            Some(w) => w.write_frame(f).map_err(|e| err(&e)),
            None => Ok(()),
        }
    }

    /// Writes whatever is left (in index order) and closes the file.
    pub fn finish(mut self) -> Result<u64, CliError> {
        let rest: Vec<_> = std::mem::take(&mut self.waiting)
            .into_values()
            .flatten()
            .collect();
        for f in rest {
            self.write(&f)?;
        }
        match self.writer.take() {
            Some(w) => {
                let n = w.frames_written();
                w.finish()
                    .map_err(|e| CliError::runtime(format!("writing {}: {e}", self.path)))?;
                Ok(n)
            }
            None => Ok(0),
        }
    }
}
