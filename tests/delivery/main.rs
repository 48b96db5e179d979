//! Integration tests (one binary to keep link time down on small machines).

mod cli;
mod codec;
mod common;
mod examples;
mod props;
#[path = "../support/mod.rs"]
mod support;
mod table;
