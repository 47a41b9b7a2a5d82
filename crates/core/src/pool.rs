//! `CVPixelBufferPool`: recycles pixel storage so a steady stream of frames allocates nothing.
//!
//! A buffer handed out by the pool returns its storage to the pool when its last handle (and
//! the session's reference, if it was submitted) is dropped. Free storage older than the
//! maximum age is released, but never below the minimum buffer count.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::error::{Error, ErrorKind, Result};
use crate::pixel_buffer::{PixelBuffer, PixelBufferAttributes, PlaneLayout, layout_for};
use crate::value::{Dictionary, Value};

/// Pool attribute key names.
pub mod pool_keys {
    /// `kCVPixelBufferPoolMinimumBufferCountKey`.
    pub const MINIMUM_BUFFER_COUNT: &str = "MinimumBufferCount";
    /// `kCVPixelBufferPoolMaximumBufferAgeKey` (seconds; 0 disables ageing).
    pub const MAXIMUM_BUFFER_AGE: &str = "MaximumBufferAge";
    /// `kCVPixelBufferPoolAllocationThresholdKey` (aux attribute of one creation call).
    pub const ALLOCATION_THRESHOLD: &str = "AllocationThreshold";
}

/// Pool-level attributes.
#[derive(Clone, Debug, PartialEq)]
pub struct PoolAttributes {
    /// Buffers kept allocated even when unused.
    pub minimum_buffer_count: usize,
    /// Unused buffers older than this are freed; `None` disables ageing.
    pub maximum_buffer_age: Option<Duration>,
}

impl Default for PoolAttributes {
    fn default() -> PoolAttributes {
        PoolAttributes {
            minimum_buffer_count: 0,
            maximum_buffer_age: Some(Duration::from_secs(1)),
        }
    }
}

impl PoolAttributes {
    /// Parses the dictionary form; unknown keys are errors.
    pub fn from_dictionary(d: &Dictionary) -> Result<PoolAttributes> {
        let bad = |m: String| Error::new(ErrorKind::CvInvalidPoolAttributes, m);
        let mut out = PoolAttributes::default();
        for (k, v) in d.iter() {
            match k {
                pool_keys::MINIMUM_BUFFER_COUNT => {
                    out.minimum_buffer_count = v
                        .as_i64()
                        .filter(|n| (0..=1024).contains(n))
                        .ok_or_else(|| bad(format!("{k} must be 0..=1024, got {v}")))?
                        as usize;
                }
                pool_keys::MAXIMUM_BUFFER_AGE => {
                    let secs = v
                        .as_f64()
                        .filter(|s| s.is_finite() && *s >= 0.0)
                        .ok_or_else(|| {
                            bad(format!("{k} must be a non-negative number, got {v}"))
                        })?;
                    out.maximum_buffer_age = (secs > 0.0).then(|| Duration::from_secs_f64(secs));
                }
                _ => return Err(bad(format!("unknown pool attribute {k:?}"))),
            }
        }
        Ok(out)
    }

    /// The dictionary form.
    pub fn to_dictionary(&self) -> Dictionary {
        Dictionary::new()
            .with(
                pool_keys::MINIMUM_BUFFER_COUNT,
                self.minimum_buffer_count as i64,
            )
            .with(
                pool_keys::MAXIMUM_BUFFER_AGE,
                self.maximum_buffer_age.map_or(0.0, |d| d.as_secs_f64()),
            )
    }
}

pub(crate) struct PoolShared {
    attributes: PoolAttributes,
    buffer_attributes: PixelBufferAttributes,
    planes: Vec<PlaneLayout>,
    size: usize,
    free: Mutex<Vec<(Vec<u8>, Instant)>>,
    outstanding: AtomicUsize,
    allocations: AtomicUsize,
}

impl PoolShared {
    pub(crate) fn recycle(&self, data: Vec<u8>) {
        self.outstanding.fetch_sub(1, Ordering::AcqRel);
        if data.len() == self.size
            && let Ok(mut free) = self.free.lock()
        {
            free.push((data, Instant::now()));
        }
    }
}

/// A pool of identically laid-out pixel buffers. Cloning shares the pool.
#[derive(Clone)]
pub struct PixelBufferPool(Arc<PoolShared>);

impl std::fmt::Debug for PixelBufferPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PixelBufferPool")
            .field("attributes", &self.0.attributes)
            .field("buffer_attributes", &self.0.buffer_attributes)
            .finish()
    }
}

impl PixelBufferPool {
    /// A pool making buffers as `buffer_attributes` describe; allocates the minimum count now.
    pub fn new(
        attributes: PoolAttributes,
        buffer_attributes: PixelBufferAttributes,
    ) -> Result<PixelBufferPool> {
        let (planes, size) = layout_for(&buffer_attributes)?;
        let shared = PoolShared {
            attributes,
            buffer_attributes,
            planes,
            size,
            free: Mutex::new(Vec::new()),
            outstanding: AtomicUsize::new(0),
            allocations: AtomicUsize::new(0),
        };
        let pool = PixelBufferPool(Arc::new(shared));
        let min = pool.0.attributes.minimum_buffer_count;
        let mut warm = Vec::with_capacity(min);
        for _ in 0..min {
            warm.push((pool.allocate()?, Instant::now()));
        }
        if let Ok(mut free) = pool.0.free.lock() {
            free.extend(warm);
        }
        Ok(pool)
    }

    fn allocate(&self) -> Result<Vec<u8>> {
        let mut data = Vec::new();
        data.try_reserve_exact(self.0.size).map_err(|_| {
            Error::new(
                ErrorKind::CvPoolAllocationFailed,
                format!("cannot allocate {} bytes", self.0.size),
            )
        })?;
        data.resize(self.0.size, 0);
        self.0.allocations.fetch_add(1, Ordering::Relaxed);
        Ok(data)
    }

    /// The pool attributes (`CVPixelBufferPoolGetAttributes`).
    pub fn attributes(&self) -> &PoolAttributes {
        &self.0.attributes
    }

    /// The buffer attributes (`CVPixelBufferPoolGetPixelBufferAttributes`).
    pub fn pixel_buffer_attributes(&self) -> &PixelBufferAttributes {
        &self.0.buffer_attributes
    }

    /// A buffer from the pool, reusing free storage when there is some. Contents of a reused
    /// buffer are whatever was written last; attachments are reset to the pool's own.
    pub fn create_pixel_buffer(&self) -> Result<PixelBuffer> {
        self.create_with_threshold(None)
    }

    /// Like [`create_pixel_buffer`](Self::create_pixel_buffer) with aux attributes; supports
    /// `AllocationThreshold`: fails with `kCVReturnWouldExceedAllocationThreshold` instead of
    /// exceeding that many outstanding buffers.
    pub fn create_pixel_buffer_with_aux_attributes(&self, aux: &Dictionary) -> Result<PixelBuffer> {
        let mut threshold = None;
        for (k, v) in aux.iter() {
            match k {
                pool_keys::ALLOCATION_THRESHOLD => {
                    threshold = Some(v.as_i64().filter(|n| *n >= 0).ok_or_else(|| {
                        Error::new(
                            ErrorKind::CvInvalidArgument,
                            format!("{k} must be >= 0, got {v}"),
                        )
                    })? as usize);
                }
                _ => {
                    return Err(Error::new(
                        ErrorKind::CvInvalidArgument,
                        format!("unknown aux attribute {k:?}"),
                    ));
                }
            }
        }
        self.create_with_threshold(threshold)
    }

    fn create_with_threshold(&self, threshold: Option<usize>) -> Result<PixelBuffer> {
        if let Some(t) = threshold
            && self.0.outstanding.load(Ordering::Acquire) >= t
        {
            return Err(Error::new(
                ErrorKind::CvWouldExceedAllocationThreshold,
                format!("{t} buffers are already outstanding"),
            ));
        }
        self.age_out();
        let reused = self
            .0
            .free
            .lock()
            .ok()
            .and_then(|mut f| f.pop())
            .map(|(d, _)| d);
        let data = match reused {
            Some(d) => d,
            None => self.allocate()?,
        };
        self.0.outstanding.fetch_add(1, Ordering::AcqRel);
        Ok(PixelBuffer::from_parts(
            &self.0.buffer_attributes,
            self.0.planes.clone(),
            data,
            Some(Arc::downgrade(&self.0)),
        ))
    }

    fn age_out(&self) {
        let Some(max_age) = self.0.attributes.maximum_buffer_age else {
            return;
        };
        let min = self.0.attributes.minimum_buffer_count;
        if let Ok(mut free) = self.0.free.lock() {
            let now = Instant::now();
            // Oldest first: the free list is pushed in release order.
            while free.len() > min
                && free
                    .first()
                    .is_some_and(|(_, t)| now.duration_since(*t) > max_age)
            {
                free.remove(0);
            }
        }
    }

    /// Frees unused buffers (`CVPixelBufferPoolFlush`); with `excess_only` false this also
    /// drops below the minimum count.
    pub fn flush(&self, excess_only: bool) {
        if let Ok(mut free) = self.0.free.lock() {
            if excess_only {
                let keep = self.0.attributes.minimum_buffer_count.min(free.len());
                let drop_n = free.len() - keep;
                free.drain(..drop_n);
            } else {
                free.clear();
            }
        }
    }

    /// Buffers handed out and not yet returned.
    pub fn outstanding_count(&self) -> usize {
        self.0.outstanding.load(Ordering::Acquire)
    }

    /// Unused buffers ready for reuse.
    pub fn free_count(&self) -> usize {
        self.0.free.lock().map(|f| f.len()).unwrap_or(0)
    }

    /// Total storage allocations made so far (a steady state stops increasing this).
    pub fn allocation_count(&self) -> usize {
        self.0.allocations.load(Ordering::Relaxed)
    }

    /// Whether both handles are the same pool.
    pub fn same_pool(&self, other: &PixelBufferPool) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// Pool and buffer attributes as one dictionary, for property reporting.
    pub fn to_dictionary(&self) -> Dictionary {
        let mut d = self.0.attributes.to_dictionary();
        d.insert(
            "PixelBufferAttributes",
            Value::Dictionary(self.0.buffer_attributes.to_dictionary()),
        );
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pixel_format::PixelFormat;

    fn pool(min: usize, age: Option<Duration>) -> PixelBufferPool {
        PixelBufferPool::new(
            PoolAttributes {
                minimum_buffer_count: min,
                maximum_buffer_age: age,
            },
            PixelBufferAttributes::new(32, 16, PixelFormat::Nv12VideoRange),
        )
        .unwrap()
    }

    #[test]
    fn storage_is_reused() {
        let p = pool(0, None);
        for _ in 0..10 {
            let b = p.create_pixel_buffer().unwrap();
            assert_eq!(p.outstanding_count(), 1);
            drop(b);
        }
        assert_eq!(p.allocation_count(), 1);
        assert_eq!(p.outstanding_count(), 0);
        assert_eq!(p.free_count(), 1);
    }

    #[test]
    fn clones_keep_storage_out_until_last_drop() {
        let p = pool(0, None);
        let b = p.create_pixel_buffer().unwrap();
        let c = b.clone();
        drop(b);
        assert_eq!(p.outstanding_count(), 1);
        drop(c);
        assert_eq!(p.outstanding_count(), 0);
    }

    #[test]
    fn minimum_count_is_preallocated_and_kept() {
        let p = pool(3, Some(Duration::from_nanos(1)));
        assert_eq!(p.free_count(), 3);
        let bufs: Vec<_> = (0..5).map(|_| p.create_pixel_buffer().unwrap()).collect();
        assert_eq!(p.allocation_count(), 5);
        drop(bufs);
        std::thread::sleep(Duration::from_millis(2));
        let _b = p.create_pixel_buffer().unwrap();
        // Aged down to the minimum (3), then one taken.
        assert_eq!(p.free_count(), 2);
        p.flush(true);
        assert_eq!(p.free_count(), 2);
        p.flush(false);
        assert_eq!(p.free_count(), 0);
    }

    #[test]
    fn allocation_threshold() {
        let p = pool(0, None);
        let aux = Dictionary::new().with(pool_keys::ALLOCATION_THRESHOLD, 2);
        let a = p.create_pixel_buffer_with_aux_attributes(&aux).unwrap();
        let _b = p.create_pixel_buffer_with_aux_attributes(&aux).unwrap();
        let e = p.create_pixel_buffer_with_aux_attributes(&aux).unwrap_err();
        assert_eq!(e.code(), -6689);
        drop(a);
        assert!(p.create_pixel_buffer_with_aux_attributes(&aux).is_ok());
        let bad = Dictionary::new().with("Nope", 1);
        assert!(p.create_pixel_buffer_with_aux_attributes(&bad).is_err());
    }

    #[test]
    fn pool_attribute_dictionary() {
        let d = Dictionary::new()
            .with("MinimumBufferCount", 2)
            .with("MaximumBufferAge", 0);
        let a = PoolAttributes::from_dictionary(&d).unwrap();
        assert_eq!(
            a,
            PoolAttributes {
                minimum_buffer_count: 2,
                maximum_buffer_age: None
            }
        );
        assert!(PoolAttributes::from_dictionary(&Dictionary::new().with("X", 1)).is_err());
        assert!(
            PoolAttributes::from_dictionary(&Dictionary::new().with("MaximumBufferAge", -1))
                .is_err()
        );
    }
}
