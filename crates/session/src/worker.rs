//! The worker thread: converts source frames, drives the encoder, and delivers outputs in
//! decode order, one at a time, exactly once per accepted frame.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};

use framepress_core::{
    EncoderOutput, Error, ErrorKind, FrameOptions, PixelBuffer, PixelBufferAttributes,
    PixelBufferPool, PoolAttributes, SourceFrame, Time, VideoEncoder,
};
use framepress_transfer::PixelTransfer;

use crate::info_flags::EncodeInfoFlags;
use crate::output::{Output, OutputCallback, OutputHandler};
use crate::session::Shared;

/// Where a frame's output goes.
pub(crate) enum Delivery<R> {
    /// The session callback, with this refcon.
    Callback(R),
    /// A per-frame handler.
    Handler(OutputHandler),
}

/// A request to the worker, processed in submission order.
pub(crate) enum Command<R> {
    Encode {
        id: u64,
        image: PixelBuffer,
        pts: Time,
        duration: Time,
        options: FrameOptions,
        delivery: Delivery<R>,
        /// Flush after encoding if this many frames are not yet emitted (MaxFrameDelayCount).
        must_emit_through: Option<u64>,
    },
    Complete {
        /// `None` = everything.
        until: Option<Time>,
        done: Sender<()>,
    },
}

struct Pending<R> {
    pts: Time,
    delivery: Delivery<R>,
}

pub(crate) struct Worker<R> {
    pub(crate) shared: Arc<Shared<R>>,
    pub(crate) encoder: Arc<Mutex<Box<dyn VideoEncoder>>>,
    pub(crate) callback: Option<OutputCallback<R>>,
    pub(crate) transfer: PixelTransfer,
    pub(crate) target: PixelBufferAttributes,
    pub(crate) conversion_pool: Option<PixelBufferPool>,
    pending: BTreeMap<u64, Pending<R>>,
}

impl<R: Send + 'static> Worker<R> {
    pub(crate) fn new(
        shared: Arc<Shared<R>>,
        encoder: Arc<Mutex<Box<dyn VideoEncoder>>>,
        callback: Option<OutputCallback<R>>,
        transfer: PixelTransfer,
        target: PixelBufferAttributes,
    ) -> Worker<R> {
        Worker {
            shared,
            encoder,
            callback,
            transfer,
            target,
            conversion_pool: None,
            pending: BTreeMap::new(),
        }
    }

    pub(crate) fn run(mut self, commands: Receiver<Command<R>>) {
        while let Ok(cmd) = commands.recv() {
            if self.shared.is_invalidated() || self.shared.failure().is_some() {
                break;
            }
            match cmd {
                Command::Encode {
                    id,
                    image,
                    pts,
                    duration,
                    options,
                    delivery,
                    must_emit_through,
                } => {
                    self.pending.insert(id, Pending { pts, delivery });
                    self.encode(id, image, pts, duration, options);
                    if let Some(n) = must_emit_through
                        && self.pending.keys().next().is_some_and(|&first| first <= n)
                    {
                        self.flush(None);
                    }
                }
                Command::Complete { until, done } => {
                    let needed = self
                        .pending
                        .values()
                        .any(|p| until.is_none_or(|t| p.pts <= t));
                    if needed {
                        self.flush(until);
                    }
                    let _ = done.send(());
                }
            }
        }
        // Invalidated: pending frames are discarded without callbacks, as in VideoToolbox.
        self.pending.clear();
    }

    fn convert(&mut self, image: PixelBuffer) -> Result<PixelBuffer, Error> {
        let format_ok = self.target.pixel_formats.contains(&image.pixel_format());
        if format_ok && image.width() == self.target.width && image.height() == self.target.height {
            return Ok(image);
        }
        if self.conversion_pool.is_none() {
            self.conversion_pool = Some(PixelBufferPool::new(
                PoolAttributes::default(),
                self.target.clone(),
            )?);
        }
        let pool = self
            .conversion_pool
            .as_ref()
            .ok_or_else(|| Error::from(ErrorKind::AllocationFailed))?;
        let mut dst = pool.create_pixel_buffer()?;
        self.transfer.transfer(&image, &mut dst)?;
        Ok(dst)
    }

    fn encode(
        &mut self,
        id: u64,
        image: PixelBuffer,
        pts: Time,
        duration: Time,
        options: FrameOptions,
    ) {
        let image = match self.convert(image) {
            Ok(i) => i,
            Err(e) => {
                self.deliver(EncoderOutput::Failed {
                    source_id: id,
                    error: e,
                });
                return;
            }
        };
        let frame = SourceFrame {
            id,
            image,
            pts,
            duration,
            options,
        };
        let mut outs = Vec::new();
        let result = match self.encoder.lock() {
            Ok(mut enc) => catch_unwind(AssertUnwindSafe(|| enc.encode(frame, &mut outs)))
                .unwrap_or_else(|p| Err(panic_error("encoder panicked", p))),
            Err(_) => Err(Error::new(
                ErrorKind::VideoEncoderMalfunction,
                "encoder lock poisoned",
            )),
        };
        for o in outs {
            self.deliver(o);
        }
        if let Err(e) = result
            && self.pending.contains_key(&id)
        {
            self.deliver(EncoderOutput::Failed {
                source_id: id,
                error: e,
            });
        }
    }

    fn flush(&mut self, until: Option<Time>) {
        let mut outs = Vec::new();
        let result = match self.encoder.lock() {
            Ok(mut enc) => catch_unwind(AssertUnwindSafe(|| enc.flush(&mut outs)))
                .unwrap_or_else(|p| Err(panic_error("encoder panicked while flushing", p))),
            Err(_) => Err(Error::new(
                ErrorKind::VideoEncoderMalfunction,
                "encoder lock poisoned",
            )),
        };
        for o in outs {
            self.deliver(o);
        }
        // Every frame the flush promised must get its callback, even if the encoder failed.
        let stuck: Vec<u64> = self
            .pending
            .iter()
            .filter(|(_, p)| until.is_none_or(|t| p.pts <= t))
            .map(|(&id, _)| id)
            .collect();
        for id in stuck {
            let error = match &result {
                Err(e) => e.clone(),
                Ok(()) => Error::new(
                    ErrorKind::VideoEncoderMalfunction,
                    "encoder did not emit the frame when flushed",
                ),
            };
            self.deliver(EncoderOutput::Failed {
                source_id: id,
                error,
            });
        }
    }

    fn deliver(&mut self, out: EncoderOutput) {
        let Some(p) = self.pending.remove(&out.source_id()) else {
            // An output for an unknown frame is an encoder bug; it cannot be routed.
            return;
        };
        if self.shared.is_invalidated() || self.shared.failure().is_some() {
            return;
        }
        let (status, flags, sample) = match out {
            EncoderOutput::Sample { sample, .. } => {
                (Ok(()), EncodeInfoFlags::ASYNCHRONOUS, Some(sample))
            }
            EncoderOutput::Dropped { .. } => (
                Ok(()),
                EncodeInfoFlags::ASYNCHRONOUS | EncodeInfoFlags::FRAME_DROPPED,
                None,
            ),
            EncoderOutput::Failed { error, .. } => {
                (Err(error), EncodeInfoFlags::ASYNCHRONOUS, None)
            }
            _ => (
                Err(Error::new(
                    ErrorKind::VideoEncoderMalfunction,
                    "unknown encoder output",
                )),
                EncodeInfoFlags::ASYNCHRONOUS,
                None,
            ),
        };
        let result = match p.delivery {
            Delivery::Callback(refcon) => match self.callback.as_mut() {
                Some(cb) => {
                    let out = Output {
                        status,
                        info_flags: flags,
                        sample,
                        source_refcon: refcon,
                    };
                    catch_unwind(AssertUnwindSafe(|| cb(out)))
                }
                None => Ok(()),
            },
            Delivery::Handler(h) => {
                let out = Output {
                    status,
                    info_flags: flags,
                    sample,
                    source_refcon: (),
                };
                catch_unwind(AssertUnwindSafe(move || h(out)))
            }
        };
        if let Err(payload) = result {
            let e = panic_error("output callback panicked", payload);
            eprintln!("framepress: {e}; the session now reports kVTSessionMalfunctionErr");
            self.shared.set_failure(e);
        }
        self.shared.emitted.fetch_add(1, Ordering::AcqRel);
        self.shared.notify_progress();
    }
}

fn panic_error(what: &str, payload: Box<dyn std::any::Any + Send>) -> Error {
    let msg = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "non-string panic payload".into());
    let kind = if what.starts_with("output") {
        ErrorKind::SessionMalfunction
    } else {
        ErrorKind::VideoEncoderMalfunction
    };
    Error::new(kind, format!("{what}: {msg}"))
}
