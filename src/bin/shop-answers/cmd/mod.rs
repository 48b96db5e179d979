//! One module per subcommand.

pub mod build;
pub mod check;
pub mod context;
pub mod delivery;
pub mod eval;
pub mod inbox;
pub mod inspect;
pub mod module;
pub mod query;
pub mod serve;
pub mod shopify;
pub mod synth;

use shop_answers::source::{Severity, Sources};

/// Prints diagnostics to stderr with a summary; returns the number of errors.
pub fn report(sources: &Sources) -> usize {
    for d in &sources.diagnostics {
        eprintln!("{d}");
    }
    let errors = sources
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = sources.diagnostics.len() - errors;
    if errors + warnings > 0 {
        eprintln!("{errors} error(s), {warnings} warning(s)");
    }
    errors
}

/// `--delimiter`: a separator spelt as shops say it.
pub fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "," | "comma" => Ok(b','),
        ";" | "semicolon" => Ok(b';'),
        "\t" | "tab" | "\\t" => Ok(b'\t'),
        "|" | "pipe" => Ok(b'|'),
        _ => Err(format!("{s:?}: use `,`, `;`, `tab` or `|`")),
    }
}
