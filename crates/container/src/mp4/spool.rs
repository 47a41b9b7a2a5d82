//! Where a progressive file's sample data waits until the `moov` can be written.
//!
//! A faststart file puts `moov` before `mdat`, and `moov` needs every sample's size, so the
//! data must be held until the end. Small encodes stay in memory; past a threshold the data
//! moves to a temporary file, in a directory the caller picks (the CLI uses the output's, so
//! the spool is on the same file system and the space is the space the output will need
//! anyway). The file is removed when the spool is dropped, whether or not the MP4 was
//! finished.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Distinguishes spool files of one process.
static SPOOL_COUNTER: AtomicU64 = AtomicU64::new(0);

/// A temporary file deleted on drop.
#[derive(Debug)]
struct SpoolFile {
    file: Option<BufWriter<File>>,
    path: PathBuf,
}

impl Drop for SpoolFile {
    fn drop(&mut self) {
        self.file = None;
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Sample data held in memory up to a limit, then in a temporary file.
#[derive(Debug)]
pub struct Spool {
    memory: Vec<u8>,
    file: Option<SpoolFile>,
    len: u64,
    dir: Option<PathBuf>,
    memory_limit: usize,
}

impl Spool {
    /// A spool that keeps up to `memory_limit` bytes in memory, then moves to a temporary
    /// file in `dir` (the system's temporary directory when `None`).
    pub fn new(dir: Option<PathBuf>, memory_limit: usize) -> Spool {
        Spool {
            memory: Vec::new(),
            file: None,
            len: 0,
            dir,
            memory_limit,
        }
    }

    /// Bytes held.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the data went to a temporary file.
    #[cfg(test)]
    pub fn is_on_disk(&self) -> bool {
        self.file.is_some()
    }

    /// The temporary file's path, while there is one.
    #[cfg(test)]
    pub fn path(&self) -> Option<&Path> {
        self.file.as_ref().map(|f| f.path.as_path())
    }

    /// Appends `data`.
    pub fn write(&mut self, data: &[u8]) -> std::io::Result<()> {
        if self.file.is_none() && self.memory.len() + data.len() > self.memory_limit {
            let dir = self.dir.clone().unwrap_or_else(std::env::temp_dir);
            let mut spool = create_spool_file(&dir)?;
            if let Some(f) = spool.file.as_mut() {
                f.write_all(&self.memory)?;
            }
            self.memory = Vec::new();
            self.file = Some(spool);
        }
        match self.file.as_mut().and_then(|f| f.file.as_mut()) {
            Some(f) => f.write_all(data)?,
            None => self.memory.extend_from_slice(data),
        }
        self.len += data.len() as u64;
        Ok(())
    }

    /// Copies everything held to `out`, in order.
    pub fn copy_to(&mut self, out: &mut impl Write) -> std::io::Result<()> {
        let Some(spool) = self.file.as_mut() else {
            return out.write_all(&self.memory);
        };
        let Some(buffered) = spool.file.take() else {
            return Ok(());
        };
        let mut file = buffered.into_inner().map_err(|e| e.into_error())?;
        file.seek(SeekFrom::Start(0))?;
        let copied = std::io::copy(&mut file, out)?;
        if copied != self.len {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                format!(
                    "the spool file {} holds {copied} bytes, {} were written",
                    spool.path.display(),
                    self.len
                ),
            ));
        }
        Ok(())
    }
}

fn create_spool_file(dir: &Path) -> std::io::Result<SpoolFile> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    loop {
        let n = SPOOL_COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!(
            ".framepress-{}-{stamp}-{n}.mdat.tmp",
            std::process::id()
        ));
        match OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(f) => {
                return Ok(SpoolFile {
                    file: Some(BufWriter::with_capacity(1 << 20, f)),
                    path,
                });
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(std::io::Error::new(
                    e.kind(),
                    format!("cannot create a spool file in {}: {e}", dir.display()),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_data_stays_in_memory() {
        let mut s = Spool::new(None, 16);
        s.write(b"0123456789").unwrap();
        assert!(!s.is_on_disk());
        let mut out = Vec::new();
        s.copy_to(&mut out).unwrap();
        assert_eq!(out, b"0123456789");
    }

    #[test]
    fn large_data_moves_to_a_file_that_is_removed_on_drop() {
        let dir = std::env::temp_dir();
        let mut s = Spool::new(Some(dir), 8);
        s.write(b"01234").unwrap();
        s.write(b"56789").unwrap();
        s.write(b"abc").unwrap();
        assert!(s.is_on_disk());
        assert_eq!(s.len(), 13);
        let path = s.path().unwrap().to_path_buf();
        assert!(path.exists());
        let mut out = Vec::new();
        s.copy_to(&mut out).unwrap();
        assert_eq!(out, b"0123456789abc");
        drop(s);
        assert!(!path.exists());
    }

    #[test]
    fn a_missing_directory_is_a_clear_error() {
        let mut s = Spool::new(Some(PathBuf::from("/nonexistent/framepress")), 0);
        let e = s.write(b"x").unwrap_err().to_string();
        assert!(
            e.contains("cannot create a spool file in /nonexistent"),
            "{e}"
        );
    }
}
