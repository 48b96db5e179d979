//! The contact form's core: its configuration as carried in the bundle, the message model
//! with validation, body encoding for any backend, and the outbox that keeps a message on the
//! shopper's device until a backend acknowledged it.
//!
//! Pure: randomness and time come in as arguments, so everything here is tested natively;
//! `web::contact` only reads the page, draws and does the HTTP.

mod config;
mod message;
mod outbox;

pub use config::{
    ContactConfig, Encoding, FieldKind, FieldSpec, Method, BUILTIN_FIELDS, DEFAULT_MIN_FILL_SECS,
};
pub use message::{
    encode, feedback_body, idempotency_key, is_email, validate, Body, FieldError,
    FEEDBACK_ENDPOINT, IDEMPOTENCY_FIELD,
};
pub use outbox::{
    backoff_ms, classify, lease_take, Item, Outbox, Outcome, State, BACKOFF_BASE_MS,
    BACKOFF_CAP_MS, LEASE_MS,
};
