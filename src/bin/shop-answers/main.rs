//! `shop-answers`: build, check, query and preview a shop's answer bundle.

mod cmd;
mod fsx;
mod inbox;
mod widget;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "shop-answers",
    version,
    about = "Build and preview the answer bundle of an embeddable shop answer widget",
    after_help = "Examples:\n  shop-answers build pkg-config --out dist\n  shop-answers check pkg-config\n  shop-answers query --bundle dist/bundle.*.bin \"how long does shipping take\"\n  shop-answers delivery --bundle dist --now 2026-11-26T11:50:00Z --country GB --human\n  shop-answers inspect dist/bundle.*.bin\n  shop-answers context page.html --url URL\n  shop-answers serve dist --port 8080\n  shop-answers inbox export --inbox inbox.jsonl --out pkg-config/inbox"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the bundle and the widget assets from a source directory (or a .jsonl file).
    #[command(after_help = "Example:\n  shop-answers build pkg-config --out dist")]
    Build(cmd::build::Args),
    /// Validate sources and report problems with file:line:column, writing nothing.
    #[command(after_help = "Example:\n  shop-answers check pkg-config")]
    Check(cmd::check::Args),
    /// Show the ranked answers for a question.
    #[command(
        after_help = "Examples:\n  shop-answers query --bundle dist/bundle.1a2b.bin \"where is my order\"\n  shop-answers query --bundle dist/bundle.1a2b.bin --jsonl questions.jsonl --top 5"
    )]
    Query(cmd::query::Args),
    /// Estimated delivery dates for an order placed at a given instant.
    #[command(
        after_help = "Examples:\n  shop-answers delivery --bundle dist --now 2026-11-26T11:50:00Z --country GB --region GB-ENG\n  shop-answers delivery --bundle dist --now 2026-11-26T11:50:00Z --country DE --sku AT-JUMPER-NAME --human"
    )]
    Delivery(cmd::delivery::Args),
    /// Show a bundle's sections, sizes and contents.
    #[command(after_help = "Example:\n  shop-answers inspect dist/bundle.1a2b.bin")]
    Inspect(cmd::inspect::Args),
    /// Measure answers against real questions: hit@1, hit@5, MRR@10 and the worst misses.
    #[command(
        after_help = "Example:\n  shop-answers eval --bundle dist --queries questions.jsonl"
    )]
    Eval(cmd::eval::Args),
    /// Write a deterministic synthetic catalog as JSON Lines (for benchmarks).
    #[command(hide = true)]
    Synth(cmd::synth::Args),
    /// Classify a saved storefront page: page type, platform, product or order, as JSON.
    #[command(
        after_help = "Example:\n  shop-answers context page.html --url 'https://shop.test/products/tee?variant=42'"
    )]
    Context(cmd::context::Args),
    /// Serve a built dist/ directory and the demo storefront on 127.0.0.1.
    #[command(after_help = "Example:\n  shop-answers serve dist --www www --port 8080")]
    Serve(cmd::serve::Args),
    /// Write the widget as an ES module for bundlers and headless storefronts (mount()).
    #[command(
        after_help = "Example:\n  shop-answers module --out web/shop-answers\n\nThen: import { mount } from \"./shop-answers/index.js\"; mount({ bundle: \"/dist/bundle.1a2b.bin\" })"
    )]
    Module(cmd::module::Args),
    /// Work with the messages `serve` stored in its inbox file.
    #[command(
        after_help = "Example:\n  shop-answers inbox export --inbox /tmp/shop-answers/inbox.jsonl --out pkg-config/inbox"
    )]
    Inbox(cmd::inbox::Args),
}

fn main() -> ExitCode {
    // The version names the widget build the binary carries, known only once it is compiled in.
    let version: &'static str = Box::leak(widget::version().into_boxed_str());
    let cli = match Cli::command()
        .version(version)
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    if !matches!(cli.command, Command::Serve(_)) {
        quiet_broken_pipe();
    }
    let result = match cli.command {
        Command::Build(a) => cmd::build::run(a),
        Command::Module(a) => cmd::module::run(a),
        Command::Check(a) => cmd::check::run(a),
        Command::Query(a) => cmd::query::run(a),
        Command::Delivery(a) => cmd::delivery::run(a),
        Command::Inspect(a) => cmd::inspect::run(a),
        Command::Serve(a) => cmd::serve::run(a),
        Command::Eval(a) => cmd::eval::run(a),
        Command::Synth(a) => cmd::synth::run(a),
        Command::Inbox(a) => cmd::inbox::run(a),
        Command::Context(a) => cmd::context::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Lets `shop-answers inspect … | head` end quietly when the reader stops, as Unix tools do,
/// instead of panicking on the broken pipe. Not for `serve`: a client that hangs up must cost
/// one response, not the server.
fn quiet_broken_pipe() {
    #[cfg(unix)]
    {
        extern "C" {
            fn signal(signum: i32, handler: usize) -> usize;
        }
        const SIGPIPE: i32 = 13;
        const SIG_DFL: usize = 0;
        // SAFETY: restores the default action of one signal before any thread starts; the C
        // library is linked into every Rust program on Unix.
        unsafe {
            signal(SIGPIPE, SIG_DFL);
        }
    }
}

/// Resolves a bundle argument that may be a file, or a dist directory holding one bundle.
pub(crate) fn resolve_bundle(path: &std::path::Path) -> anyhow::Result<PathBuf> {
    if path.is_dir() {
        // The manifest written by `build` names the current bundle.
        let manifest = path.join("manifest.json");
        if let Ok(bytes) = std::fs::read(&manifest) {
            use anyhow::Context;
            let v: serde_json::Value = serde_json::from_slice(&bytes).with_context(|| {
                format!(
                    "{} is not a manifest written by `build` (rebuild, or name the bundle file)",
                    manifest.display()
                )
            })?;
            if let Some(name) = v["bundle"].as_str() {
                return Ok(path.join(name));
            }
            anyhow::bail!("{} names no bundle", manifest.display());
        }
        let mut found: Vec<PathBuf> = std::fs::read_dir(path)?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "bin"))
            .collect();
        found.sort();
        // Without a manifest, which of two bundles is current is a guess: not ours to make.
        if found.len() > 1 {
            let names: Vec<String> = found.iter().map(|p| p.display().to_string()).collect();
            anyhow::bail!(
                "{} holds {} bundles and no manifest.json: {}; name the bundle file",
                path.display(),
                found.len(),
                names.join(", ")
            );
        }
        return found
            .pop()
            .ok_or_else(|| anyhow::anyhow!("no bundle (*.bin) in {}", path.display()));
    }
    Ok(path.to_path_buf())
}
