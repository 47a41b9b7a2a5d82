//! Building a session: the Rust shape of `VTCompressionSessionCreate` plus initial properties.

use std::sync::mpsc::{self, Receiver};

use framepress_core::property::{Key, PropertyValue};
use framepress_core::{CodecType, Dictionary, EncoderSpecification, Result, Value};

use crate::output::{Output, OutputCallback};
use crate::registry::EncoderRegistry;
use crate::session::{CompressionSession, SessionParts, validate_dimensions};

/// Configures and creates a [`CompressionSession`].
///
/// Errors in the configuration (unknown or unsupported keys, bad values) are collected and
/// returned by [`build`](Self::build), the first one winning, so the builder chains without
/// `?` on every line.
pub struct SessionBuilder<R: Send + 'static = ()> {
    width: i32,
    height: i32,
    codec: CodecType,
    specification: Dictionary,
    source_attributes: Option<Dictionary>,
    properties: Vec<(String, Value)>,
    registry: Option<EncoderRegistry>,
    callback: Option<OutputCallback<R>>,
}

impl CompressionSession<()> {
    /// Starts building a `width`×`height` session producing `codec`.
    pub fn builder(width: i32, height: i32, codec: CodecType) -> SessionBuilder<()> {
        SessionBuilder {
            width,
            height,
            codec,
            specification: Dictionary::new(),
            source_attributes: None,
            properties: Vec::new(),
            registry: None,
            callback: None,
        }
    }
}

impl<R: Send + 'static> CompressionSession<R> {
    /// `VTCompressionSessionCreate`, argument for argument: encoder specification and source
    /// image-buffer attributes as dictionaries, and an optional output callback (without one,
    /// frames must be submitted with [`encode_frame_with_output_handler`](Self::encode_frame_with_output_handler)).
    pub fn create(
        width: i32,
        height: i32,
        codec: CodecType,
        encoder_specification: Option<&Dictionary>,
        source_image_buffer_attributes: Option<&Dictionary>,
        output_callback: Option<OutputCallback<R>>,
    ) -> Result<CompressionSession<R>> {
        let mut b = SessionBuilder::<R> {
            width,
            height,
            codec,
            specification: encoder_specification.cloned().unwrap_or_default(),
            source_attributes: source_image_buffer_attributes.cloned(),
            properties: Vec::new(),
            registry: None,
            callback: None,
        };
        b.callback = output_callback;
        b.build()
    }
}

impl<R: Send + 'static> SessionBuilder<R> {
    /// The encoder specification dictionary (`EncoderID`, `EnableLowLatencyRateControl`, …).
    pub fn encoder_specification(mut self, spec: Dictionary) -> Self {
        self.specification = spec;
        self
    }

    /// Selects an encoder by ID (shorthand for the `EncoderID` specification key).
    pub fn encoder_id(mut self, id: &str) -> Self {
        self.specification.insert("EncoderID", id);
        self
    }

    /// Source image-buffer attributes (CoreVideo dictionary) describing the buffers the client
    /// will submit; the session's pool is built from them.
    pub fn source_image_buffer_attributes(mut self, attributes: Dictionary) -> Self {
        self.source_attributes = Some(attributes);
        self
    }

    /// Sets a property by typed key before the session starts.
    pub fn property<T: PropertyValue>(mut self, key: Key<T>, value: impl Into<T>) -> Self {
        self.properties
            .push((key.name().to_owned(), value.into().into_value()));
        self
    }

    /// Sets a property by VT key name.
    pub fn property_by_name(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.properties.push((name.to_owned(), value.into()));
        self
    }

    /// Uses this registry instead of the built-in encoders.
    pub fn registry(mut self, registry: EncoderRegistry) -> Self {
        self.registry = Some(registry);
        self
    }

    /// The output callback; `S` becomes the session's source-refcon type.
    pub fn on_output<S: Send + 'static>(
        self,
        callback: impl FnMut(Output<S>) + Send + 'static,
    ) -> SessionBuilder<S> {
        SessionBuilder {
            width: self.width,
            height: self.height,
            codec: self.codec,
            specification: self.specification,
            source_attributes: self.source_attributes,
            properties: self.properties,
            registry: self.registry,
            callback: Some(Box::new(callback)),
        }
    }

    /// Creates the session (no callback unless [`on_output`](Self::on_output) was used).
    pub fn build(self) -> Result<CompressionSession<R>> {
        let (w, h) = validate_dimensions(self.width, self.height)?;
        let spec = EncoderSpecification::from_dictionary(&self.specification)?;
        let registry = self.registry.unwrap_or_else(EncoderRegistry::builtin);
        let descriptor = registry.select(self.codec, &spec)?.clone();
        let session = CompressionSession::from_parts(SessionParts {
            width: w,
            height: h,
            codec: self.codec,
            descriptor,
            specification: spec,
            source_attributes: self.source_attributes,
            callback: self.callback,
        })?;
        // As one dictionary, so the combination is checked once, as a whole.
        let mut properties = Dictionary::new();
        for (name, value) in self.properties {
            properties.insert(name, value);
        }
        session.set_properties(&properties)?;
        Ok(session)
    }

    /// Creates the session with a pull adapter: outputs arrive on the returned receiver, in
    /// decode order; the receiver ends when the session is invalidated or dropped.
    pub fn build_with_receiver<S: Send + 'static>(
        self,
    ) -> Result<(CompressionSession<S>, Receiver<Output<S>>)> {
        let (tx, rx) = mpsc::channel();
        let session = self
            .on_output(move |o: Output<S>| {
                let _ = tx.send(o);
            })
            .build()?;
        Ok((session, rx))
    }
}
