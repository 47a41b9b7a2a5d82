//! The VideoToolbox / CoreVideo / CoreMedia status codes as one typed error.
//!
//! VideoToolbox reports failures as `OSStatus` numbers. Ported code (and our future C ABI)
//! needs those exact numbers, while Rust code wants to match on a kind and read a message
//! saying what was wrong. [`Error`] carries both: a [`ErrorKind`] whose [`ErrorKind::code`]
//! is the VT number, and a human-readable detail naming the offending value.

use std::borrow::Cow;
use std::fmt;

/// Result alias used throughout framepress.
pub type Result<T, E = Error> = std::result::Result<T, E>;

macro_rules! error_kinds {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $name:literal; )*) => {
        /// The kind of a failure; each has the `OSStatus` value VideoToolbox uses for it.
        #[non_exhaustive]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum ErrorKind {
            $( $(#[$doc])* $variant, )*
        }

        impl ErrorKind {
            /// Every kind, for tables and exhaustive tests.
            pub const ALL: &'static [ErrorKind] = &[ $( ErrorKind::$variant, )* ];

            /// The `OSStatus` / `CVReturn` number Apple's frameworks return for this kind.
            pub const fn code(self) -> i32 {
                match self { $( ErrorKind::$variant => $code, )* }
            }

            /// Apple's constant name, e.g. `kVTPropertyNotSupportedErr`.
            pub const fn constant_name(self) -> &'static str {
                match self { $( ErrorKind::$variant => $name, )* }
            }

            /// The kind for an `OSStatus` number, if it is one we know.
            pub fn from_code(code: i32) -> Option<ErrorKind> {
                match code { $( $code => Some(ErrorKind::$variant), )* _ => None }
            }
        }
    };
}

error_kinds! {
    /// The key is unknown, or the selected encoder does not support it.
    PropertyNotSupported = -12900, "kVTPropertyNotSupportedErr";
    /// The property is read-only (or forced by the encoder).
    PropertyReadOnly = -12901, "kVTPropertyReadOnlyErr";
    /// A parameter or value was invalid (wrong type, out of range, misuse of the API).
    Parameter = -12902, "kVTParameterErr";
    /// The session has been invalidated.
    InvalidSession = -12903, "kVTInvalidSessionErr";
    /// Memory could not be allocated.
    AllocationFailed = -12904, "kVTAllocationFailedErr";
    /// The source buffer cannot be converted to what the encoder needs.
    PixelTransferNotSupported = -12905, "kVTPixelTransferNotSupportedErr";
    /// No decoder for the format.
    CouldNotFindVideoDecoder = -12906, "kVTCouldNotFindVideoDecoderErr";
    /// The encoder could not be instantiated with this configuration.
    CouldNotCreateInstance = -12907, "kVTCouldNotCreateInstanceErr";
    /// No encoder matches the codec type / encoder specification.
    CouldNotFindVideoEncoder = -12908, "kVTCouldNotFindVideoEncoderErr";
    /// The decoder was given bad data.
    VideoDecoderBadData = -12909, "kVTVideoDecoderBadDataErr";
    /// The decoder does not support the data format.
    VideoDecoderUnsupportedDataFormat = -12910, "kVTVideoDecoderUnsupportedDataFormatErr";
    /// The decoder failed internally.
    VideoDecoderMalfunction = -12911, "kVTVideoDecoderMalfunctionErr";
    /// The encoder failed internally while encoding a frame.
    VideoEncoderMalfunction = -12912, "kVTVideoEncoderMalfunctionErr";
    /// The decoder is temporarily unavailable.
    VideoDecoderNotAvailableNow = -12913, "kVTVideoDecoderNotAvailableNowErr";
    /// Pixel rotation is not supported.
    PixelRotationNotSupported = -12914, "kVTPixelRotationNotSupportedErr";
    /// The encoder is temporarily unavailable.
    VideoEncoderNotAvailableNow = -12915, "kVTVideoEncoderNotAvailableNowErr";
    /// The format description cannot change mid-stream.
    FormatDescriptionChangeNotSupported = -12916, "kVTFormatDescriptionChangeNotSupportedErr";
    /// The source lacks the colour information a conversion needs.
    InsufficientSourceColorData = -12917, "kVTInsufficientSourceColorDataErr";
    /// Colour-correction data could not be created.
    CouldNotCreateColorCorrectionData = -12918, "kVTCouldNotCreateColorCorrectionDataErr";
    /// A colour transform failed.
    ColorSyncTransformConvertFailed = -12919, "kVTColorSyncTransformConvertFailedErr";
    /// The decoder is not authorised.
    VideoDecoderAuthorization = -12210, "kVTVideoDecoderAuthorizationErr";
    /// The encoder is not authorised.
    VideoEncoderAuthorization = -12211, "kVTVideoEncoderAuthorizationErr";
    /// A colour-correcting pixel transfer failed.
    ColorCorrectionPixelTransferFailed = -12212, "kVTColorCorrectionPixelTransferFailedErr";
    /// The multi-pass storage belongs to another session or configuration.
    MultiPassStorageIdentifierMismatch = -12213, "kVTMultiPassStorageIdentifierMismatchErr";
    /// The multi-pass storage is closed or corrupt.
    MultiPassStorageInvalid = -12214, "kVTMultiPassStorageInvalidErr";
    /// A frame-silo sample has a decode time stamp out of order or out of range.
    FrameSiloInvalidTimeStamp = -12215, "kVTFrameSiloInvalidTimeStampErr";
    /// Frame-silo time ranges are non-numeric, overlapping or not ascending.
    FrameSiloInvalidTimeRange = -12216, "kVTFrameSiloInvalidTimeRangeErr";
    /// No temporal filter matches.
    CouldNotFindTemporalFilter = -12217, "kVTCouldNotFindTemporalFilterErr";
    /// The pixel transfer is not permitted.
    PixelTransferNotPermitted = -12218, "kVTPixelTransferNotPermittedErr";
    /// Rotation during colour correction failed.
    ColorCorrectionImageRotationFailed = -12219, "kVTColorCorrectionImageRotationFailedErr";
    /// The decoder was removed.
    VideoDecoderRemoved = -17690, "kVTVideoDecoderRemovedErr";
    /// The session failed (for example an output callback panicked).
    SessionMalfunction = -17691, "kVTSessionMalfunctionErr";
    /// The decoder needs Rosetta.
    VideoDecoderNeedsRosetta = -17692, "kVTVideoDecoderNeedsRosettaErr";
    /// The encoder needs Rosetta.
    VideoEncoderNeedsRosetta = -17693, "kVTVideoEncoderNeedsRosettaErr";
    /// A reference frame needed for decoding is missing.
    VideoDecoderReferenceMissing = -17694, "kVTVideoDecoderReferenceMissingErr";
    /// Messaging with the decoder failed.
    VideoDecoderCallbackMessaging = -17695, "kVTVideoDecoderCallbackMessagingErr";
    /// Unknown decoder failure.
    VideoDecoderUnknown = -17696, "kVTVideoDecoderUnknownErr";
    /// The codec extension is disabled.
    ExtensionDisabled = -17697, "kVTExtensionDisabledErr";
    /// The tagged buffers' layer IDs do not match `MVHEVCVideoLayerIDs`.
    VideoEncoderMVHEVCVideoLayerIDsMismatch = -17698, "kVTVideoEncoderMVHEVCVideoLayerIDsMismatchErr";
    /// A tagged buffer group could not be produced.
    CouldNotOutputTaggedBufferGroup = -17699, "kVTCouldNotOutputTaggedBufferGroupErr";
    /// No codec extension matches.
    CouldNotFindExtension = -19510, "kVTCouldNotFindExtensionErr";
    /// Two codec extensions conflict.
    ExtensionConflict = -19511, "kVTExtensionConflictErr";
    /// CoreVideo: generic failure.
    CvError = -6660, "kCVReturnError";
    /// CoreVideo: an argument was invalid.
    CvInvalidArgument = -6661, "kCVReturnInvalidArgument";
    /// CoreVideo: allocation failed.
    CvAllocationFailed = -6662, "kCVReturnAllocationFailed";
    /// CoreVideo: the operation is not supported.
    CvUnsupported = -6663, "kCVReturnUnsupported";
    /// CoreVideo: the pixel format is invalid or unsupported.
    CvInvalidPixelFormat = -6680, "kCVReturnInvalidPixelFormat";
    /// CoreVideo: the buffer size is invalid.
    CvInvalidSize = -6681, "kCVReturnInvalidSize";
    /// CoreVideo: the pixel-buffer attributes are invalid.
    CvInvalidPixelBufferAttributes = -6682, "kCVReturnInvalidPixelBufferAttributes";
    /// CoreVideo: creating a buffer would exceed the pool's allocation threshold.
    CvWouldExceedAllocationThreshold = -6689, "kCVReturnWouldExceedAllocationThreshold";
    /// CoreVideo: the pool could not allocate.
    CvPoolAllocationFailed = -6690, "kCVReturnPoolAllocationFailed";
    /// CoreVideo: the pool attributes are invalid.
    CvInvalidPoolAttributes = -6691, "kCVReturnInvalidPoolAttributes";
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.constant_name(), self.code())
    }
}

/// A framepress failure: a VT-compatible [`ErrorKind`] plus a detail saying what was wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{detail} [{kind}]")]
pub struct Error {
    kind: ErrorKind,
    detail: Cow<'static, str>,
}

impl Error {
    /// An error of `kind` with a message naming the offending value.
    pub fn new(kind: ErrorKind, detail: impl Into<Cow<'static, str>>) -> Error {
        Error {
            kind,
            detail: detail.into(),
        }
    }

    /// Shorthand for the most common kind, [`ErrorKind::Parameter`] (−12902).
    pub fn parameter(detail: impl Into<Cow<'static, str>>) -> Error {
        Error::new(ErrorKind::Parameter, detail)
    }

    /// The kind, for matching.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The VideoToolbox `OSStatus` number of this error.
    pub fn code(&self) -> i32 {
        self.kind.code()
    }

    /// The human-readable detail.
    pub fn detail(&self) -> &str {
        &self.detail
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error {
            kind,
            detail: Cow::Borrowed(kind.constant_name()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for &kind in ErrorKind::ALL {
            assert!(seen.insert(kind.code()), "duplicate code {}", kind.code());
            assert_eq!(ErrorKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(ErrorKind::from_code(0), None);
    }

    #[test]
    fn spec_values() {
        assert_eq!(ErrorKind::PropertyNotSupported.code(), -12900);
        assert_eq!(ErrorKind::PropertyReadOnly.code(), -12901);
        assert_eq!(ErrorKind::Parameter.code(), -12902);
        assert_eq!(ErrorKind::InvalidSession.code(), -12903);
        assert_eq!(ErrorKind::SessionMalfunction.code(), -17691);
        assert_eq!(ErrorKind::CvWouldExceedAllocationThreshold.code(), -6689);
    }

    #[test]
    fn display_names_kind_and_detail() {
        let e = Error::parameter("width must be positive, got 0");
        let s = e.to_string();
        assert!(s.contains("width must be positive"), "{s}");
        assert!(s.contains("-12902"), "{s}");
        assert_eq!(e.code(), -12902);
    }
}
