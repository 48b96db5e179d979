//! shop-answers: the core of an embeddable answer widget for online shops.
//!
//! The same library runs in two places. The `shop-answers` CLI (feature `cli`) reads a shop's
//! sources and writes an answer bundle; the WebAssembly widget (target `wasm32`) loads that
//! bundle in the storefront and answers where the shopper is. Everything here that decides
//! something is pure — bytes, time and page facts come in as arguments — so it is tested
//! natively and fast; the browser layer in `web` only reads the page and draws.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod answer;
pub mod bundle;
pub mod contact;
pub mod context;
pub mod delivery;
pub mod doc;
pub mod error;
mod json;
pub mod limits;
pub mod search;
pub mod text;
pub mod texts;

#[cfg(feature = "cli")]
pub mod source;

#[cfg(target_arch = "wasm32")]
pub mod web;

pub use bundle::{Bundle, Entry, Meta};
pub use context::{classify, PageContext, PageSnapshot, PageType, Platform};
pub use error::BundleError;
pub use search::{search, Hit, Results, SearchOptions};
