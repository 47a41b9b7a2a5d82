//! `VTCompressionSession`.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock};
use std::thread::{JoinHandle, ThreadId};

use framepress_core::property::{Key, PropertyValue};
use framepress_core::{
    CodecType, Dictionary, EncoderConfig, EncoderDescriptor, EncoderSpecification, Error,
    ErrorKind, FormatDescription, FrameOptions, PixelBuffer, PixelBufferAttributes,
    PixelBufferPool, PoolAttributes, Result, TaggedBuffer, Time, Value, VideoEncoder, keys,
};
use framepress_transfer::{PixelTransfer, PixelTransferProperties};

use crate::info_flags::EncodeInfoFlags;
use crate::output::{OutputCallback, OutputHandler};
use crate::property_store::PropertyStore;
use crate::worker::{Command, Delivery, Worker};

/// Frames that may wait in the queue before `encode_frame` blocks (back-pressure).
const QUEUE_DEPTH: usize = 8;

/// A stable identifier for the session type (`VTCompressionSessionGetTypeID`).
pub const COMPRESSION_SESSION_TYPE_ID: u64 = 0x6670_7373; // "fpss"

/// The session's life cycle (spec §13; multi-pass states arrive with multi-pass support).
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionState {
    /// Created; all properties may still be set.
    Created,
    /// Prepared or encoding; creation-time properties are frozen.
    Active,
    /// Invalidated; every call fails with −12903.
    Invalidated,
}

struct Inner<R> {
    state: SessionState,
    props: PropertyStore,
    last_pts: Option<Time>,
    next_id: u64,
    commands: Option<SyncSender<Command<R>>>,
    encoder: Option<Arc<Mutex<Box<dyn VideoEncoder>>>>,
    format_description: Option<FormatDescription>,
    pool: Option<PixelBufferPool>,
    callback: Option<OutputCallback<R>>,
}

/// State shared between the session handle and its worker thread.
pub(crate) struct Shared<R> {
    inner: Mutex<Inner<R>>,
    invalidated: AtomicBool,
    failure: Mutex<Option<Error>>,
    submitted: AtomicU64,
    pub(crate) emitted: AtomicU64,
    progress: Mutex<()>,
    progress_cond: Condvar,
    worker_thread: OnceLock<ThreadId>,
}

impl<R> Shared<R> {
    pub(crate) fn is_invalidated(&self) -> bool {
        self.invalidated.load(Ordering::Acquire)
    }

    pub(crate) fn failure(&self) -> Option<Error> {
        self.failure.lock().ok().and_then(|f| f.clone())
    }

    pub(crate) fn set_failure(&self, e: Error) {
        if let Ok(mut f) = self.failure.lock() {
            f.get_or_insert(e);
        }
        self.notify_progress();
    }

    pub(crate) fn notify_progress(&self) {
        let _g = self.progress.lock();
        self.progress_cond.notify_all();
    }

    fn on_worker_thread(&self) -> bool {
        self.worker_thread.get() == Some(&std::thread::current().id())
    }
}

/// A compression session: takes pixel buffers with time stamps and delivers compressed
/// sample buffers through a callback, per-frame handlers, or a receiver.
///
/// All methods take `&self` and may be called from any thread. Outputs are delivered on the
/// session's worker thread, serialised, in decode order, exactly once per accepted frame.
/// Dropping the session invalidates it.
pub struct CompressionSession<R: Send + 'static = ()> {
    shared: Arc<Shared<R>>,
    width: usize,
    height: usize,
    codec: CodecType,
    descriptor: EncoderDescriptor,
    specification: EncoderSpecification,
    source_attributes: Option<PixelBufferAttributes>,
    encoder_attributes: PixelBufferAttributes,
    has_callback: bool,
    submit: Mutex<()>,
    worker: Mutex<Option<JoinHandle<()>>>,
}

impl<R: Send + 'static> std::fmt::Debug for CompressionSession<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CompressionSession")
            .field("width", &self.width)
            .field("height", &self.height)
            .field("codec", &self.codec)
            .field("encoder", &self.descriptor.encoder_id)
            .field("state", &self.state())
            .finish()
    }
}

/// Checks session dimensions: positive and within the pixel-buffer limit.
pub(crate) fn validate_dimensions(width: i32, height: i32) -> Result<(usize, usize)> {
    let max = framepress_core::pixel_buffer::MAX_DIMENSION as i32;
    if width <= 0 || height <= 0 || width > max || height > max {
        return Err(Error::parameter(format!(
            "session size {width}x{height} is outside 1..={max}"
        )));
    }
    Ok((width as usize, height as usize))
}

pub(crate) struct SessionParts<R> {
    pub width: usize,
    pub height: usize,
    pub codec: CodecType,
    pub descriptor: EncoderDescriptor,
    pub specification: EncoderSpecification,
    pub source_attributes: Option<Dictionary>,
    pub callback: Option<OutputCallback<R>>,
}

impl<R: Send + 'static> CompressionSession<R> {
    pub(crate) fn from_parts(parts: SessionParts<R>) -> Result<CompressionSession<R>> {
        let SessionParts {
            width,
            height,
            codec,
            descriptor,
            specification,
            source_attributes,
            callback,
        } = parts;
        let mut encoder_attributes = PixelBufferAttributes::new(
            width,
            height,
            *descriptor.native_pixel_formats.first().ok_or_else(|| {
                Error::new(
                    ErrorKind::CouldNotCreateInstance,
                    "encoder declares no pixel format",
                )
            })?,
        );
        encoder_attributes.pixel_formats = descriptor.native_pixel_formats.to_vec();
        let source_attributes = match source_attributes {
            Some(d) => {
                let mut defaults = encoder_attributes.clone();
                defaults.pixel_formats.truncate(1);
                Some(PixelBufferAttributes::from_dictionary(&d, &defaults)?)
            }
            None => None,
        };
        let props = PropertyStore::new(&descriptor, width, height);
        let has_callback = callback.is_some();
        let shared = Arc::new(Shared {
            inner: Mutex::new(Inner {
                state: SessionState::Created,
                props,
                last_pts: None,
                next_id: 0,
                commands: None,
                encoder: None,
                format_description: None,
                pool: None,
                callback,
            }),
            invalidated: AtomicBool::new(false),
            failure: Mutex::new(None),
            submitted: AtomicU64::new(0),
            emitted: AtomicU64::new(0),
            progress: Mutex::new(()),
            progress_cond: Condvar::new(),
            worker_thread: OnceLock::new(),
        });
        Ok(CompressionSession {
            shared,
            width,
            height,
            codec,
            descriptor,
            specification,
            source_attributes,
            encoder_attributes,
            has_callback,
            submit: Mutex::new(()),
            worker: Mutex::new(None),
        })
    }

    fn lock(&self) -> Result<MutexGuard<'_, Inner<R>>> {
        let g = self.shared.inner.lock().map_err(|_| {
            Error::new(ErrorKind::SessionMalfunction, "session state lock poisoned")
        })?;
        if g.state == SessionState::Invalidated {
            return Err(Error::new(
                ErrorKind::InvalidSession,
                "the session has been invalidated",
            ));
        }
        if let Some(e) = self.shared.failure() {
            return Err(e);
        }
        Ok(g)
    }

    /// `VTCompressionSessionGetTypeID`.
    pub fn type_id() -> u64 {
        COMPRESSION_SESSION_TYPE_ID
    }

    /// The current state.
    pub fn state(&self) -> SessionState {
        match self.shared.inner.lock() {
            Ok(g) => g.state,
            Err(_) => SessionState::Invalidated,
        }
    }

    /// Encoded size.
    pub fn dimensions(&self) -> (usize, usize) {
        (self.width, self.height)
    }

    /// The codec type.
    pub fn codec_type(&self) -> CodecType {
        self.codec
    }

    /// The selected encoder's ID.
    pub fn encoder_id(&self) -> &'static str {
        self.descriptor.encoder_id
    }

    // ---- properties -------------------------------------------------------------------

    /// Sets a property by its typed key.
    pub fn set<T: PropertyValue>(&self, key: Key<T>, value: T) -> Result<()> {
        self.set_property(key.name(), Some(value.into_value()))
    }

    /// Reads a property by its typed key (`Ok(None)` when it has no value).
    pub fn get<T: PropertyValue>(&self, key: Key<T>) -> Result<Option<T>> {
        match self.copy_property(key.name())? {
            None => Ok(None),
            Some(v) => T::from_value(&v).map(Some).ok_or_else(|| {
                Error::new(
                    ErrorKind::SessionMalfunction,
                    format!("{} has unexpected value {v}", key.name()),
                )
            }),
        }
    }

    /// `VTSessionSetProperty`: sets a property by VT key name; `None` restores the default.
    pub fn set_property(&self, name: &str, value: Option<Value>) -> Result<()> {
        let mut g = self.lock()?;
        let started = g.state == SessionState::Active;
        let canonical = g.props.check_set(name, value.as_ref(), started)?;
        if !started {
            self.check_combination(&g, &[(canonical, value.as_ref())])?;
        }
        if started && let Some(enc) = &g.encoder {
            let mut enc = enc.lock().map_err(|_| {
                Error::new(ErrorKind::VideoEncoderMalfunction, "encoder lock poisoned")
            })?;
            enc.update_property(canonical, value.as_ref())?;
        }
        g.props.store(canonical, value);
        Ok(())
    }

    /// `VTSessionSetProperties`: validates every entry first, then applies them all, so a bad
    /// entry leaves the session unchanged.
    pub fn set_properties(&self, properties: &Dictionary) -> Result<()> {
        {
            let mut g = self.lock()?;
            let started = g.state == SessionState::Active;
            let mut changes = Vec::new();
            for (k, v) in properties.iter() {
                changes.push((g.props.check_set(k, Some(v), started)?, Some(v)));
            }
            if !started {
                // Checked as a whole, so a dictionary that swaps one rate mode for another
                // is accepted even though each half alone would conflict.
                self.check_combination(&g, &changes)?;
                for (k, v) in changes {
                    g.props.store(k, v.cloned());
                }
                return Ok(());
            }
        }
        for (k, v) in properties.iter() {
            self.set_property(k, Some(v.clone()))?;
        }
        Ok(())
    }

    /// Before the encoder exists, asks it whether the stored properties with `changes`
    /// applied would be accepted at creation. Only property errors count: a frame size or
    /// pixel format the encoder cannot take is reported by `prepare`, not by every set.
    fn check_combination(&self, g: &Inner<R>, changes: &[(&str, Option<&Value>)]) -> Result<()> {
        let mut properties = g.props.values().clone();
        for (k, v) in changes {
            match v {
                Some(v) => {
                    properties.insert(*k, (*v).clone());
                }
                None => {
                    properties.remove(k);
                }
            }
        }
        let config = EncoderConfig {
            width: self.width,
            height: self.height,
            pixel_format: self.target_attributes().pixel_formats[0],
            properties,
            specification: self.specification.clone(),
        };
        match (self.descriptor.check_properties)(&config) {
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::Parameter | ErrorKind::PropertyNotSupported
                ) =>
            {
                Err(e)
            }
            _ => Ok(()),
        }
    }

    /// `VTSessionCopyProperty`: reads a property by VT key name.
    pub fn copy_property(&self, name: &str) -> Result<Option<Value>> {
        let g = self.lock()?;
        let canonical = g.props.support_for(name)?.def.name;
        let computed = match canonical {
            n if n == keys::NUMBER_OF_PENDING_FRAMES.name() => {
                Some(Value::Int(self.pending_frames() as i64))
            }
            n if n == keys::PIXEL_BUFFER_POOL_IS_SHARED.name() => {
                Some(Value::Bool(self.pool_is_shared()))
            }
            n if n == keys::VIDEO_ENCODER_PIXEL_BUFFER_ATTRIBUTES.name() => {
                Some(Value::Dictionary(self.encoder_attributes.to_dictionary()))
            }
            n if n == keys::ENCODER_ID.name() => Some(Value::from(self.descriptor.encoder_id)),
            n if n == keys::USING_HARDWARE_ACCELERATED_VIDEO_ENCODER.name() => {
                Some(Value::Bool(false))
            }
            _ => None,
        };
        if computed.is_some() {
            return Ok(computed);
        }
        if let Some(enc) = &g.encoder
            && let Ok(enc) = enc.lock()
            && let Some(v) = enc.copy_property(canonical)
        {
            return Ok(Some(v));
        }
        Ok(g.props.value(canonical))
    }

    /// `VTSessionCopySupportedPropertyDictionary`: key → {type, access, range/list, …}.
    pub fn copy_supported_property_dictionary(&self) -> Result<Dictionary> {
        Ok(self.lock()?.props.supported_dictionary())
    }

    /// `VTSessionCopySerializableProperties`: current values worth re-applying elsewhere.
    pub fn copy_serializable_properties(&self) -> Result<Dictionary> {
        Ok(self.lock()?.props.serializable())
    }

    fn pending_frames(&self) -> u64 {
        let s = self.shared.submitted.load(Ordering::Acquire);
        let e = self.shared.emitted.load(Ordering::Acquire);
        s.saturating_sub(e)
    }

    // ---- pool, prepare ------------------------------------------------------------------

    fn pool_attributes(&self) -> PixelBufferAttributes {
        match &self.source_attributes {
            Some(a) => a.clone(),
            None => {
                let mut a = self.encoder_attributes.clone();
                a.pixel_formats.truncate(1);
                a
            }
        }
    }

    fn target_attributes(&self) -> PixelBufferAttributes {
        let pool = self.pool_attributes();
        let mut t = self.encoder_attributes.clone();
        let native = pool
            .pixel_format()
            .filter(|f| self.descriptor.native_pixel_formats.contains(f))
            .unwrap_or(t.pixel_formats[0]);
        // Frames already in any native format pass through untouched; others are converted
        // to `native`, listed first.
        t.pixel_formats.retain(|f| *f != native);
        t.pixel_formats.insert(0, native);
        t
    }

    fn pool_is_shared(&self) -> bool {
        let a = self.pool_attributes();
        a.pixel_format()
            .is_some_and(|f| self.descriptor.native_pixel_formats.contains(&f))
            && a.width == self.width
            && a.height == self.height
    }

    /// `VTCompressionSessionGetPixelBufferPool`: buffers from this pool are the ideal input
    /// (no conversion when `PixelBufferPoolIsShared` is true). Built from the source
    /// attributes given at creation, or the encoder's preferred attributes.
    pub fn pixel_buffer_pool(&self) -> Result<PixelBufferPool> {
        let mut g = self.lock()?;
        if let Some(p) = &g.pool {
            return Ok(p.clone());
        }
        let pool = PixelBufferPool::new(PoolAttributes::default(), self.pool_attributes())?;
        g.pool = Some(pool.clone());
        Ok(pool)
    }

    /// `VTCompressionSessionPrepareToEncodeFrames`: creates the encoder now so configuration
    /// errors surface here; afterwards the format description is available. Repeated calls
    /// have no further effect.
    pub fn prepare_to_encode_frames(&self) -> Result<()> {
        let mut g = self.lock()?;
        self.prepare_locked(&mut g)
    }

    fn prepare_locked(&self, g: &mut Inner<R>) -> Result<()> {
        if g.commands.is_some() {
            return Ok(());
        }
        let target = self.target_attributes();
        let transfer_props = match g.props.value(keys::PIXEL_TRANSFER_PROPERTIES.name()) {
            Some(Value::Dictionary(d)) => PixelTransferProperties::from_dictionary(&d)?,
            _ => PixelTransferProperties::default(),
        };
        let config = EncoderConfig {
            width: self.width,
            height: self.height,
            pixel_format: target.pixel_formats[0],
            properties: g.props.values().clone(),
            specification: self.specification.clone(),
        };
        let encoder = (self.descriptor.create)(&config)?;
        g.format_description = Some(encoder.format_description());
        let encoder = Arc::new(Mutex::new(encoder));
        let (tx, rx) = mpsc::sync_channel(QUEUE_DEPTH);
        let worker = Worker::new(
            self.shared.clone(),
            encoder.clone(),
            g.callback.take(),
            PixelTransfer::new(transfer_props),
            target,
        );
        let shared = self.shared.clone();
        let handle = std::thread::Builder::new()
            .name(format!("framepress-{}", self.descriptor.codec_name))
            .spawn(move || {
                let _ = shared.worker_thread.set(std::thread::current().id());
                worker.run(rx);
            })
            .map_err(|e| {
                Error::new(
                    ErrorKind::CouldNotCreateInstance,
                    format!("cannot start worker thread: {e}"),
                )
            })?;
        if let Ok(mut w) = self.worker.lock() {
            *w = Some(handle);
        }
        g.encoder = Some(encoder);
        g.commands = Some(tx);
        g.state = SessionState::Active;
        Ok(())
    }

    /// The output format description; `None` before `prepare_to_encode_frames` / the first
    /// frame.
    pub fn format_description(&self) -> Result<Option<FormatDescription>> {
        Ok(self.lock()?.format_description.clone())
    }

    // ---- encoding -----------------------------------------------------------------------

    /// `VTCompressionSessionEncodeFrame`: submits a frame whose output goes to the session
    /// callback (or receiver) together with `source_refcon`.
    ///
    /// `pts` must be numeric and strictly greater than the previous frame's; `duration` may be
    /// [`Time::INVALID`]. Returns `Asynchronous`: the output arrives later on the worker
    /// thread (before [`complete_frames`](Self::complete_frames) returns at the latest).
    pub fn encode_frame(
        &self,
        image: &PixelBuffer,
        pts: Time,
        duration: Time,
        options: &FrameOptions,
        source_refcon: R,
    ) -> Result<EncodeInfoFlags> {
        drop(self.lock()?);
        if !self.has_callback {
            return Err(Error::parameter(
                "this session was created without an output callback: use encode_frame_with_output_handler",
            ));
        }
        self.submit(
            image,
            pts,
            duration,
            options,
            Delivery::Callback(source_refcon),
        )
    }

    /// Like [`encode_frame`](Self::encode_frame) with the options as a VT frame-properties
    /// dictionary (`ForceKeyFrame`, `BaseFrameQP`, …).
    pub fn encode_frame_with_properties(
        &self,
        image: &PixelBuffer,
        pts: Time,
        duration: Time,
        frame_properties: Option<&Dictionary>,
        source_refcon: R,
    ) -> Result<EncodeInfoFlags> {
        let options = match frame_properties {
            Some(d) => FrameOptions::from_dictionary(d)?,
            None => FrameOptions::default(),
        };
        self.encode_frame(image, pts, duration, &options, source_refcon)
    }

    /// `VTCompressionSessionEncodeFrameWithOutputHandler`: the frame's output goes to
    /// `handler`. Only for sessions created without a callback.
    pub fn encode_frame_with_output_handler(
        &self,
        image: &PixelBuffer,
        pts: Time,
        duration: Time,
        options: &FrameOptions,
        handler: impl FnOnce(crate::Output<()>) + Send + 'static,
    ) -> Result<EncodeInfoFlags> {
        drop(self.lock()?);
        if self.has_callback {
            return Err(Error::parameter(
                "output handlers cannot be used on a session created with an output callback",
            ));
        }
        let h: OutputHandler = Box::new(handler);
        self.submit(image, pts, duration, options, Delivery::Handler(h))
    }

    fn submit(
        &self,
        image: &PixelBuffer,
        pts: Time,
        duration: Time,
        options: &FrameOptions,
        delivery: Delivery<R>,
    ) -> Result<EncodeInfoFlags> {
        if !pts.is_numeric() {
            return Err(Error::parameter(format!(
                "presentation time stamp must be numeric, got {pts}"
            )));
        }
        if !(duration.is_invalid() || (duration.is_numeric() && duration >= Time::ZERO)) {
            return Err(Error::parameter(format!(
                "duration must be invalid or non-negative, got {duration}"
            )));
        }
        let on_worker = self.shared.on_worker_thread();
        let _submit =
            if on_worker {
                None
            } else {
                Some(self.submit.lock().map_err(|_| {
                    Error::new(ErrorKind::SessionMalfunction, "submit lock poisoned")
                })?)
            };
        let (tx, id, delay) = {
            let mut g = self.lock()?;
            if let Some(last) = g.last_pts
                && pts <= last
            {
                return Err(Error::parameter(format!(
                    "presentation time stamps must increase: {pts} after {last}"
                )));
            }
            self.prepare_locked(&mut g)?;
            let tx = g
                .commands
                .clone()
                .ok_or_else(|| Error::from(ErrorKind::InvalidSession))?;
            let delay = g
                .props
                .value(keys::MAX_FRAME_DELAY_COUNT.name())
                .and_then(|v| v.as_i64())
                .unwrap_or(-1);
            g.last_pts = Some(pts);
            let id = g.next_id;
            g.next_id += 1;
            (tx, id, delay)
        };
        // MaxFrameDelayCount M: frame id-M must be out before this call returns.
        let must_emit_through = (delay >= 0 && id >= delay as u64).then(|| id - delay as u64);
        let cmd = Command::Encode {
            id,
            image: image.clone(),
            pts,
            duration,
            options: options.clone(),
            delivery,
            must_emit_through,
        };
        self.shared.submitted.fetch_add(1, Ordering::AcqRel);
        let sent = if on_worker {
            match tx.try_send(cmd) {
                Ok(()) => Ok(()),
                Err(TrySendError::Full(_)) => {
                    self.shared.submitted.fetch_sub(1, Ordering::AcqRel);
                    return Err(Error::parameter(
                        "the frame queue is full; encode_frame cannot wait inside the output callback",
                    ));
                }
                Err(TrySendError::Disconnected(_)) => Err(()),
            }
        } else {
            tx.send(cmd).map_err(|_| ())
        };
        if sent.is_err() {
            self.shared.submitted.fetch_sub(1, Ordering::AcqRel);
            return Err(self
                .shared
                .failure()
                .unwrap_or_else(|| ErrorKind::InvalidSession.into()));
        }
        if let (Some(n), false) = (must_emit_through, on_worker) {
            self.wait_emitted(n + 1)?;
        }
        Ok(EncodeInfoFlags::ASYNCHRONOUS)
    }

    fn wait_emitted(&self, count: u64) -> Result<()> {
        let mut g = self
            .shared
            .progress
            .lock()
            .map_err(|_| Error::from(ErrorKind::SessionMalfunction))?;
        loop {
            if self.shared.emitted.load(Ordering::Acquire) >= count {
                return Ok(());
            }
            if self.shared.is_invalidated() {
                return Err(ErrorKind::InvalidSession.into());
            }
            if let Some(e) = self.shared.failure() {
                return Err(e);
            }
            g = self
                .shared
                .progress_cond
                .wait_timeout(g, std::time::Duration::from_millis(50))
                .map_err(|_| Error::from(ErrorKind::SessionMalfunction))?
                .0;
        }
    }

    /// `VTCompressionSessionEncodeMultiImageFrame`: one access unit made of several tagged
    /// images (stereo MV-HEVC). No framepress encoder supports multi-image input yet, so this
    /// validates its arguments and returns `kVTPropertyNotSupportedErr`; see
    /// [`is_stereo_mv_hevc_encode_supported`](crate::is_stereo_mv_hevc_encode_supported).
    pub fn encode_multi_image_frame(
        &self,
        tagged_buffers: &[TaggedBuffer],
        pts: Time,
        duration: Time,
        options: &FrameOptions,
        source_refcon: R,
    ) -> Result<EncodeInfoFlags> {
        let g = self.lock()?;
        let _ = (duration, options, source_refcon);
        if tagged_buffers.is_empty() {
            return Err(Error::parameter(
                "a multi-image frame needs at least one tagged buffer",
            ));
        }
        if !pts.is_numeric() {
            return Err(Error::parameter(format!(
                "presentation time stamp must be numeric, got {pts}"
            )));
        }
        if tagged_buffers.iter().any(|t| t.video_layer_id().is_none()) {
            return Err(Error::parameter(
                "every tagged buffer needs a VideoLayerID tag",
            ));
        }
        g.props.support_for(keys::MVHEVC_VIDEO_LAYER_IDS.name())?;
        Err(Error::new(
            ErrorKind::PropertyNotSupported,
            format!(
                "{} cannot encode multi-image frames",
                self.descriptor.encoder_name
            ),
        ))
    }

    /// `VTCompressionSessionCompleteFrames`: blocks until every frame with PTS ≤ `until` has
    /// been delivered. A non-numeric time (invalid, indefinite, ±∞) completes everything.
    /// The session stays usable. Cannot be called from inside the output callback.
    pub fn complete_frames(&self, until: Time) -> Result<()> {
        if self.shared.on_worker_thread() {
            return Err(Error::parameter(
                "complete_frames cannot be called from the output callback",
            ));
        }
        let tx = {
            let g = self.lock()?;
            match &g.commands {
                Some(tx) => tx.clone(),
                None => return Ok(()),
            }
        };
        let (done_tx, done_rx) = mpsc::channel();
        let until = until.is_numeric().then_some(until);
        if tx
            .send(Command::Complete {
                until,
                done: done_tx,
            })
            .is_err()
            || done_rx.recv().is_err()
        {
            return Err(self
                .shared
                .failure()
                .unwrap_or_else(|| ErrorKind::InvalidSession.into()));
        }
        match self.shared.failure() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// `VTCompressionSessionInvalidate`: tears the session down. Pending frames are discarded
    /// without output; no callback runs after this returns (unless called from the callback
    /// itself, which then finishes). A second call is a no-op.
    pub fn invalidate(&self) {
        let commands = match self.shared.inner.lock() {
            Ok(mut g) => {
                g.state = SessionState::Invalidated;
                g.encoder = None;
                g.pool = None;
                g.callback = None;
                g.commands.take()
            }
            Err(_) => None,
        };
        self.shared.invalidated.store(true, Ordering::Release);
        drop(commands);
        self.shared.notify_progress();
        if self.shared.on_worker_thread() {
            return;
        }
        let handle = self.worker.lock().ok().and_then(|mut w| w.take());
        if let Some(h) = handle {
            let _ = h.join();
        }
    }

    /// Whether [`invalidate`](Self::invalidate) was called.
    pub fn is_invalidated(&self) -> bool {
        self.shared.is_invalidated()
    }
}

impl<R: Send + 'static> Drop for CompressionSession<R> {
    fn drop(&mut self) {
        self.invalidate();
    }
}
