//! `inbox`: work with the messages `serve` stored. `inbox export` turns product questions
//! into unanswered product Q&A sources for the shop owner to answer.

use crate::inbox::{parse_records, Record};
use anyhow::Context;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: Sub,
}

#[derive(clap::Subcommand)]
pub enum Sub {
    /// Write each product question in the inbox as an unanswered Q&A entry (Markdown with
    /// TOML front matter) into a source directory; `check` and `build` refuse them until
    /// they are answered. Exporting again adds only new questions.
    #[command(
        after_help = "Example:\n  shop-answers inbox export --inbox /tmp/shop-answers/inbox.jsonl --out pkg-config/inbox"
    )]
    Export(ExportArgs),
}

#[derive(clap::Args)]
pub struct ExportArgs {
    /// The inbox file written by `serve --inbox`.
    #[arg(long, value_name = "FILE")]
    pub inbox: PathBuf,
    /// Directory for the entries, usually inside the shop's sources.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    match a.command {
        Sub::Export(e) => export(e),
    }
}

/// Fields naming the product a message is about.
const SKU: &[&str] = &["product_sku"];
const HANDLE: &[&str] = &["product_handle"];
const PRODUCT_NAME: &[&str] = &["product_name"];
/// Fields holding the shopper's question.
const QUESTION: &[&str] = &["question", "message"];

fn export(a: ExportArgs) -> anyhow::Result<ExitCode> {
    let bytes =
        std::fs::read(&a.inbox).with_context(|| format!("reading {}", a.inbox.display()))?;
    let (records, warnings, _) = parse_records(&bytes);
    for w in warnings {
        eprintln!("{}: {w}", a.inbox.display());
    }
    std::fs::create_dir_all(&a.out).with_context(|| format!("creating {}", a.out.display()))?;
    let existing = existing_ids(&a.out);
    let (mut written, mut already, mut skipped) = (0, 0, 0);
    for r in &records {
        let Some(text) = entry_source(r) else {
            skipped += 1;
            continue;
        };
        let id = entry_id(r);
        let file = a.out.join(format!("{id}.md"));
        if existing.contains(&id) || file.exists() {
            already += 1;
            continue;
        }
        crate::fsx::write_atomic(&file, text.as_bytes())?;
        written += 1;
    }
    println!(
        "exported {written} new product question(s) to {} ({already} already exported, {skipped} message(s) without a product question)",
        a.out.display()
    );
    if written > 0 {
        println!("answer them below each closing +++; until then `shop-answers check` reports them as errors");
    }
    Ok(ExitCode::SUCCESS)
}

/// The entry id: stable for a message, from its idempotency key.
fn entry_id(r: &Record) -> String {
    format!("inbox-{}", crate::inbox::id_for_key(&r.key))
}

/// Ids of the entries already in `dir` (any Markdown file below it), so an exported entry
/// that was renamed or moved within `dir` is not exported again.
fn existing_ids(dir: &Path) -> HashSet<String> {
    let mut ids = HashSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                let Ok(text) = std::fs::read_to_string(&p) else {
                    continue;
                };
                for line in text.lines() {
                    let rest = line.trim().strip_prefix("id").map(str::trim_start);
                    if let Some(v) = rest.and_then(|r| r.strip_prefix('=')) {
                        ids.insert(v.trim().trim_matches('"').to_string());
                    }
                }
            }
        }
    }
    ids
}

/// The Markdown source of an unanswered entry, or None when the message is not a question
/// about a product.
fn entry_source(r: &Record) -> Option<String> {
    let question = one_line(r.field(QUESTION)?);
    let sku = r.field(SKU).map(one_line);
    let handle = r.field(HANDLE).map(one_line);
    let name = r.field(PRODUCT_NAME).map(one_line);
    if question.is_empty() || (sku.is_none() && handle.is_none() && name.is_none()) {
        return None;
    }
    let mut s = String::from("+++\n");
    s.push_str(&format!("id = {}\n", toml_str(&entry_id(r))));
    s.push_str(&format!("question = {}\n", toml_str(&question)));
    if let Some(v) = &sku {
        s.push_str(&format!("scope.skus = [{}]\n", toml_str(v)));
    }
    if let Some(v) = &handle {
        s.push_str(&format!("scope.handles = [{}]\n", toml_str(v)));
    }
    // Comments only: no name or email of the shopper goes into the sources.
    s.push_str("# TODO: answer. Write the answer in Markdown below the closing +++;\n");
    s.push_str(
        "# until then `shop-answers check` and `build` report this entry (\"has no answer\").\n",
    );
    s.push_str(&format!(
        "# From the inbox: message {} received {}.\n",
        comment(&r.id),
        comment(&r.received)
    ));
    if let Some(n) = &name {
        s.push_str(&format!("# Product: {}\n", comment(n)));
    }
    if sku.is_none() && handle.is_none() {
        s.push_str("# No SKU or handle came with the message: add scope.skus or scope.handles,\n");
        s.push_str("# or the answer shows on every page.\n");
    }
    s.push_str("+++\n");
    Some(s)
}

/// Whitespace (including line breaks) collapsed to single spaces.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text safe inside a TOML comment: one line, no control characters.
fn comment(s: &str) -> String {
    one_line(s).chars().filter(|c| !c.is_control()).collect()
}

/// A TOML basic string.
fn toml_str(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\t' => o.push_str("\\t"),
            '\r' => o.push_str("\\r"),
            c if c.is_control() => o.push_str(&format!("\\u{:04X}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings_round_trip() {
        for s in [
            "plain",
            "a \"quoted\" \\ back\nslash\t\u{1}",
            "+++",
            "é 配送",
        ] {
            let doc = format!("v = {}", toml_str(s));
            let v: toml::Table = toml::from_str(&doc).unwrap();
            assert_eq!(v["v"].as_str(), Some(s));
        }
    }

    #[test]
    fn only_product_questions_are_exported() {
        let mut r = Record {
            id: "x".into(),
            key: "k".into(),
            received: "t".into(),
            content_type: None,
            user_agent: None,
            referer: None,
            fields: [
                ("message", "Does it\nfit \"small\"?"),
                ("email", "a@b.example"),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        };
        assert!(entry_source(&r).is_none());
        r.fields.insert("product_sku".into(), "AT-1".into());
        let src = entry_source(&r).unwrap();
        assert!(
            src.contains("question = \"Does it fit \\\"small\\\"?\"\n"),
            "{src}"
        );
        assert!(src.contains("scope.skus = [\"AT-1\"]"), "{src}");
        assert!(!src.contains("a@b.example"), "no personal data: {src}");
        assert!(src.ends_with("+++\n"));
    }
}
