//! Typed errors of the core. The CLI wraps them with context; the widget turns them into
//! one console warning and a visible, degraded state.

use thiserror::Error;

/// Why a bundle could not be read. Every malformed, truncated or hostile input maps to one
/// of these; the reader never panics and never allocates more than the input's size allows.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum BundleError {
    /// The bytes do not start with the bundle magic: not a bundle at all (an HTML error page?).
    #[error("not a shop-answers bundle (bad magic bytes)")]
    BadMagic,
    /// Written by a different format version than this reader understands.
    #[error("bundle format version {found} is not supported (this widget reads version {supported}); rebuild the bundle with a matching shop-answers")]
    UnsupportedVersion {
        /// Version in the file.
        found: u16,
        /// Version this reader reads.
        supported: u16,
    },
    /// The file ends before a structure it announces.
    #[error("bundle is truncated ({0})")]
    Truncated(&'static str),
    /// The checksum does not match the contents: the file was damaged in transit or on disk.
    #[error("bundle checksum mismatch (stored {stored:#010x}, computed {computed:#010x})")]
    Checksum {
        /// Checksum stored in the trailer.
        stored: u32,
        /// Checksum of the bytes read.
        computed: u32,
    },
    /// A required section is absent.
    #[error("bundle has no {0} section")]
    MissingSection(&'static str),
    /// A structure inside a section is inconsistent.
    #[error("bundle is malformed: {0}")]
    Malformed(&'static str),
    /// The delivery-rules section does not decode to valid rules.
    #[error("bundle delivery rules are invalid: {0}")]
    Delivery(crate::delivery::codec::DecodeError),
}

impl BundleError {
    /// A fixed description, without the formatting machinery `Display` pulls into the
    /// widget: what the widget logs in its one console warning.
    pub fn reason(&self) -> &'static str {
        match self {
            BundleError::BadMagic => "not a shop-answers bundle",
            BundleError::UnsupportedVersion { .. } => {
                "bundle format version not supported; rebuild the bundle"
            }
            BundleError::Checksum { .. } => "bundle checksum mismatch (damaged in transit?)",
            BundleError::MissingSection(_) => "bundle lacks a required section",
            BundleError::Malformed(what) | BundleError::Truncated(what) => what,
            BundleError::Delivery(_) => "bundle delivery rules are invalid",
        }
    }
}
