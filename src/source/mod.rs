//! Reading a shop's sources (native only, feature `cli`): `shop.toml`, FAQ and product Q&A
//! entries as Markdown with TOML front matter, JSON Lines exports, and the delivery rules in
//! `delivery.toml`.
//!
//! Every problem becomes a [`Diagnostic`] with file, line and column; the caller decides to
//! stop on errors. Files are visited in sorted order so builds are deterministic.

mod contact;
mod decode;
mod delivery;
mod diag;
mod markdown;
mod table;

pub use delivery::{parse_cutoff, DeliveryConfig, MAX_DAYS};
pub use diag::{line_col, Diagnostic, Severity};
pub use markdown::{to_answer, MdIssue};

use crate::bundle::{Entry, Meta, Scope, META_LOCALE, META_SHOP_NAME};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use toml::Spanned;

/// Everything read from a source directory or file.
#[derive(Debug, Default)]
pub struct Sources {
    /// Shop settings for the bundle.
    pub meta: Meta,
    /// Entries in source order.
    pub entries: Vec<Entry>,
    /// Where each entry was defined (file, 1-based line), parallel to `entries`.
    pub origins: Vec<(PathBuf, usize)>,
    /// Synonym groups: the built-in ones for the shop's language, then the shop's own.
    pub synonyms: Vec<Vec<String>>,
    /// Delivery rules from `delivery.toml`, when present and free of errors.
    pub delivery: Option<DeliveryConfig>,
    /// Errors and warnings found.
    pub diagnostics: Vec<Diagnostic>,
}

impl Sources {
    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ShopToml {
    #[serde(default)]
    shop: ShopSection,
    #[serde(default)]
    contact: contact::ContactToml,
    #[serde(default)]
    widget: BTreeMap<Spanned<String>, String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ShopSection {
    name: Option<String>,
    locale: Option<Spanned<String>>,
    time_zone: Option<toml::Spanned<String>>,
    currency: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    id: Option<String>,
    question: String,
    #[serde(default)]
    alternatives: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    scope: ScopeToml,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ScopeToml {
    #[serde(default)]
    pages: Vec<String>,
    #[serde(default)]
    skus: Vec<String>,
    #[serde(default)]
    handles: Vec<String>,
    #[serde(default)]
    collections: Vec<String>,
    #[serde(default)]
    product_tags: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SynonymsToml {
    groups: Vec<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonEntry {
    id: Option<String>,
    question: String,
    answer: String,
    #[serde(default)]
    alternatives: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    scope: ScopeToml,
}

/// The keys of an entry, the same in Markdown front matter, JSON Lines and (as columns)
/// CSV, so a shop moving between formats meets one vocabulary and one set of checks.
pub const ENTRY_KEYS: &[&str] = &["id", "question", "answer", "alternatives", "tags", "scope"];

/// The keys of an entry's `scope`.
pub const SCOPE_KEYS: &[&str] = &["pages", "skus", "handles", "collections", "product_tags"];

/// The known name nearest to `typed`, when it is close enough to be a slip.
pub(crate) fn did_you_mean<'a>(typed: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (crate::search::distance(k.as_bytes(), typed.as_bytes()), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4) && *d < k.len())
        .min()
        .map(|(_, k)| k)
}

/// The source format of an entry, for hints in its own terms.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Markdown,
    Jsonl,
    Csv,
}

/// Where an entry was read: the file, its text, the entry's start and line, and the byte
/// range of its own text (its front matter, line or row), where its values are looked up
/// so a bad one is reported on its own line.
struct Origin<'a> {
    file: &'a Path,
    text: &'a str,
    at: usize,
    line: usize,
    span: std::ops::Range<usize>,
    format: Format,
}

impl Origin<'_> {
    /// The offset of `value` (quoted, as TOML and JSON write it, else bare) in the entry's
    /// own text, else the entry's start.
    fn find(&self, value: &str) -> usize {
        let own = &self.text[self.span.clone()];
        own.find(&format!("\"{value}\""))
            .map(|i| i + 1)
            .or_else(|| own.find(value))
            .map_or(self.at, |i| self.span.start + i)
    }
}

/// How `load` reads sources.
#[derive(Clone, Copy, Debug, Default)]
pub struct LoadOptions {
    /// The CSV/TSV separator; `None` sniffs it from each file's header row.
    pub delimiter: Option<u8>,
}

/// Page types an entry can be scoped to.
pub const PAGE_TYPES: &[&str] = &[
    "any",
    "product",
    "order_confirmation",
    "cart",
    "collection",
    "faq",
    "other",
];

/// Reads a source directory (with `shop.toml`) or a single `.jsonl` file.
pub fn load(path: &Path) -> Sources {
    load_with(path, &LoadOptions::default())
}

/// Reads one source file's text as [`load`] would, chosen by its file name (`shop.toml`,
/// `delivery.toml`, `synonyms.toml`, `*.md`, `*.jsonl`, `*.csv`, `*.tsv`), without the disk:
/// the fuzz targets drive every source parser through here, so what they find is what a
/// shop's file would meet. Delivery rules are read in the shop time zone `Europe/London`.
pub fn read_text_as(name: &str, text: &str) -> Sources {
    let mut s = Sources::default();
    s.meta.insert(META_LOCALE.into(), "en".into());
    let file = Path::new(name);
    match name.rsplit('.').next().unwrap_or("") {
        _ if name == "shop.toml" => read_shop_toml(&mut s, file, text),
        _ if name == "delivery.toml" => delivery::read(&mut s, file, text, Some("Europe/London")),
        _ if name == "synonyms.toml" => read_synonyms(&mut s, file, text),
        "md" => read_markdown(&mut s, file, text),
        "csv" => table::read(&mut s, file, text, None, b','),
        "tsv" => table::read(&mut s, file, text, None, b'\t'),
        _ => read_jsonl(&mut s, file, text),
    }
    check_ids(&mut s);
    s
}

/// The extensions entries are read from; other files in a source folder get a warning.
const ENTRY_EXTENSIONS: &[&str] = &["md", "jsonl", "csv", "tsv"];

/// [`load`] with options.
pub fn load_with(path: &Path, opts: &LoadOptions) -> Sources {
    let mut s = Sources::default();
    s.meta.insert(META_LOCALE.into(), "en".into());
    let delim = opts.delimiter;
    if !path.exists() {
        s.diagnostics.push(
            Diagnostic::error(path, "", 0, "no such folder or file")
                .hint("name the shop's source folder (the one with shop.toml), or a .jsonl, .csv or .tsv file of entries"),
        );
        return s;
    }
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if !path.is_dir() && !["jsonl", "csv", "tsv"].contains(&ext) {
        s.diagnostics.push(
            Diagnostic::error(path, "", 0, "not a source folder or a file of entries")
                .hint("name the folder with shop.toml, or a .jsonl, .csv or .tsv file; a single Markdown file goes in a folder beside shop.toml"),
        );
        return s;
    }
    if path.is_dir() {
        let shop = path.join("shop.toml");
        let before = s.diagnostics.len();
        match shop.is_file().then(|| read_text(&mut s, &shop)) {
            Some(Some(text)) => read_shop_toml(&mut s, &shop, &text),
            Some(None) => {}
            None => s
                .diagnostics
                .push(Diagnostic::error(&shop, "", 0, "missing shop.toml").hint(
                    "every source directory has a shop.toml with at least [shop] name and locale",
                )),
        }
        let del = path.join("delivery.toml");
        if let Some(text) = read_text(&mut s, &del) {
            let tz = s
                .meta
                .get("shop.time_zone")
                .filter(|z| z.parse::<chrono_tz::Tz>().is_ok())
                .cloned();
            // A mistake in shop.toml is reported there; delivery.toml is still checked, but
            // not told the time zone is missing when shop.toml could not say it.
            let shop_failed = s.diagnostics[before..]
                .iter()
                .any(|d| d.severity == Severity::Error);
            let invalid_tz = (s.meta.contains_key("shop.time_zone") || shop_failed) && tz.is_none();
            if invalid_tz {
                // Already reported at shop.toml; still check the rest of delivery.toml.
                delivery::read(&mut s, &del, &text, Some("UTC"));
                s.delivery = None;
            } else {
                delivery::read(&mut s, &del, &text, tz.as_deref());
            }
        }
        let syn = path.join("synonyms.toml");
        if let Some(text) = read_text(&mut s, &syn) {
            read_synonyms(&mut s, &syn, &text);
        }
        let mut files = Vec::new();
        walk(path, &mut files);
        files.sort();
        for f in files {
            let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("");
            let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
            match ext {
                "md" => read_file(&mut s, &f, read_markdown),
                "jsonl" => read_file(&mut s, &f, read_jsonl),
                "csv" => read_file(&mut s, &f, |s, f, t| table::read(s, f, t, delim, b',')),
                "tsv" => read_file(&mut s, &f, |s, f, t| table::read(s, f, t, delim, b'\t')),
                _ if f.parent() == Some(path)
                    && ["shop.toml", "delivery.toml", "synonyms.toml"].contains(&name) => {}
                _ => s.diagnostics.push(
                    Diagnostic::warning(&f, "", 0, "not read: entries come from .md, .jsonl, .csv and .tsv files")
                        .hint(if ext == "json" {
                            "a JSON array of entries? write one object per line in a .jsonl file (jq -c '.[]' faq.json > faq.jsonl)"
                        } else {
                            "rename it if it holds entries, or move it out of the source folder"
                        }),
                ),
            }
        }
    } else {
        match ext {
            "csv" => read_file(&mut s, path, |s, f, t| table::read(s, f, t, delim, b',')),
            "tsv" => read_file(&mut s, path, |s, f, t| table::read(s, f, t, delim, b'\t')),
            _ => read_file(&mut s, path, read_jsonl),
        }
    }
    if s.entries.is_empty() && !s.has_errors() {
        s.diagnostics.push(
            Diagnostic::warning(path, "", 0, "no entries: the widget will find no answers").hint(
                format!("add FAQ entries as {} files", ENTRY_EXTENSIONS.join(", ")),
            ),
        );
    }
    check_ids(&mut s);
    let lang = crate::text::Lang::from_tag(&s.meta[META_LOCALE]);
    let mut synonyms = crate::text::builtin_synonyms(lang);
    synonyms.append(&mut s.synonyms);
    s.synonyms = synonyms;
    s
}

fn read_synonyms(s: &mut Sources, file: &Path, text: &str) {
    match toml::from_str::<SynonymsToml>(text) {
        Ok(t) => {
            for g in t.groups {
                if let Some(w) = g.iter().find(|w| w.split_whitespace().count() != 1) {
                    let at = text.find(w.as_str()).unwrap_or(0);
                    s.diagnostics.push(
                        Diagnostic::error(file, text, at, format!("synonym `{w}` is not a single word"))
                            .hint("synonyms are single words or spelling variants; put phrases in an entry's `alternatives`"),
                    );
                    continue;
                }
                s.synonyms.push(g);
            }
        }
        Err(e) => {
            let at = e.span().map_or(0, |r| r.start);
            s.diagnostics.push(
                Diagnostic::error(file, text, at, e.message().trim().to_string())
                    .hint("synonyms.toml holds `groups = [[\"parcel\", \"package\"], …]`"),
            );
        }
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name == "README.md" {
            continue;
        }
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn read_file(s: &mut Sources, f: &Path, reader: impl FnOnce(&mut Sources, &Path, &str)) {
    let Ok(bytes) = std::fs::read(f) else {
        s.diagnostics.push(
            Diagnostic::error(f, "", 0, "cannot read file")
                .hint("check that the file exists and is readable"),
        );
        return;
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        s.diagnostics.push(
            Diagnostic::warning(f, "", 0, "empty file: no entries")
                .hint("write entries in it, or delete it"),
        );
        return;
    }
    match decode::decode(f, &bytes) {
        Ok(text) => reader(s, f, &text),
        Err(d) => s.diagnostics.push(d),
    }
}

/// A settings file's text when it exists; its encoding problem, located, when it is not
/// UTF-8.
fn read_text(s: &mut Sources, f: &Path) -> Option<String> {
    let bytes = std::fs::read(f).ok()?;
    match decode::decode(f, &bytes) {
        Ok(t) => Some(t),
        Err(d) => {
            s.diagnostics.push(d);
            None
        }
    }
}

fn read_shop_toml(s: &mut Sources, file: &Path, text: &str) {
    let parsed: ShopToml = match toml::from_str(text) {
        Ok(p) => p,
        Err(e) => {
            let at = e.span().map_or(0, |r| r.start);
            s.diagnostics.push(
                Diagnostic::error(file, text, at, e.message().trim().to_string()).hint(
                    "see pkg-config/shop.toml in the shop-answers repository for every setting",
                ),
            );
            return;
        }
    };
    if let Some(v) = &parsed.shop.time_zone {
        if v.get_ref().parse::<chrono_tz::Tz>().is_err() {
            s.diagnostics.push(
                Diagnostic::error(
                    file,
                    text,
                    v.span().start,
                    format!("unknown time zone `{}`", v.get_ref()),
                )
                .hint(
                    "use an IANA time zone name such as \"Europe/London\" or \"America/New_York\"",
                ),
            );
        }
    }
    if let Some(v) = &parsed.shop.locale {
        if let Err(hint) = check_locale(v.get_ref()) {
            s.diagnostics.push(
                Diagnostic::error(
                    file,
                    text,
                    v.span().start,
                    format!("`{}` is not a locale", v.get_ref()),
                )
                .hint(hint),
            );
        }
    }
    if let Some(v) = &parsed.shop.currency {
        if let Err(hint) = check_currency(v.get_ref()) {
            s.diagnostics.push(
                Diagnostic::error(
                    file,
                    text,
                    v.span().start,
                    format!("`{}` is not an ISO 4217 currency code", v.get_ref()),
                )
                .hint(hint),
            );
        }
    }
    let m = &mut s.meta;
    if let Some(v) = parsed.shop.name {
        m.insert(META_SHOP_NAME.into(), v);
    }
    if let Some(v) = parsed.shop.locale {
        m.insert(META_LOCALE.into(), v.into_inner());
    }
    if let Some(v) = parsed.shop.time_zone {
        m.insert("shop.time_zone".into(), v.into_inner());
    }
    if let Some(v) = parsed.shop.currency {
        m.insert(
            "shop.currency".into(),
            v.into_inner().trim().to_ascii_uppercase(),
        );
    }
    for (k, v) in parsed.widget {
        let key = format!("widget.{}", k.get_ref());
        if !crate::texts::is_key(&key) {
            // A misspelt text would silently never show: say so, with the nearest known name.
            let typed = k.get_ref().as_bytes();
            let near = crate::texts::keys()
                .map(|x| x.trim_start_matches("widget."))
                .map(|x| (crate::search::distance(x.as_bytes(), typed), x))
                .min()
                .filter(|(d, _)| *d <= 2);
            s.diagnostics.push(
                Diagnostic::warning(
                    file,
                    text,
                    k.span().start,
                    format!(
                        "unknown [widget] text `{}`: the widget never shows it",
                        k.get_ref()
                    ),
                )
                .hint(match near {
                    Some((_, n)) => format!("did you mean `{n}`?"),
                    None => "README.md lists the widget's texts".to_string(),
                }),
            );
        }
        s.meta.insert(key, v);
    }
    contact::read(s, file, text, parsed.contact);
}

/// Languages shops write out in words, and their codes.
const LANGUAGE_NAMES: &[(&str, &str)] = &[
    ("english", "en"),
    ("german", "de"),
    ("deutsch", "de"),
    ("french", "fr"),
    ("français", "fr"),
    ("francais", "fr"),
    ("spanish", "es"),
    ("español", "es"),
    ("espanol", "es"),
    ("dutch", "nl"),
    ("nederlands", "nl"),
    ("italian", "it"),
    ("italiano", "it"),
];

/// A BCP 47 language tag (parsed by ICU) whose language is an ISO 639 code of two or three
/// letters and whose region, if any, is an ISO 3166-1 country; `Err` holds the hint. The
/// syntax alone admits five-to-eight-letter languages, so `english` would pass it.
fn check_locale(v: &str) -> Result<(), String> {
    let example = "a BCP 47 language tag such as \"en-GB\", \"de-DE\", \"fr\"";
    let named = LANGUAGE_NAMES
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(v.trim()))
        .map(|(_, c)| format!("did you mean `{c}`? use {example}"));
    let Ok(id) = icu_locale_core::LanguageIdentifier::try_from_str(v.trim()) else {
        return Err(named.unwrap_or_else(|| format!("use {example}")));
    };
    if !(2..=3).contains(&id.language.as_str().len()) {
        return Err(named.unwrap_or_else(|| format!("use {example}")));
    }
    if let Some(r) = id.region {
        let r = r.as_str();
        let country = r.bytes().all(|b| b.is_ascii_alphabetic());
        if country && isocountry::CountryCode::for_alpha2(&r.to_ascii_uppercase()).is_err() {
            return Err(format!("`{r}` is not an ISO 3166-1 country; use {example}"));
        }
    }
    Ok(())
}

/// An ISO 4217 code (any case); `Err` holds the hint, naming the codes whose currency name
/// holds the word typed ("POUNDS" → GBP, EGP, …).
fn check_currency(v: &str) -> Result<(), String> {
    use iso_currency::IntoEnumIterator;
    let code = v.trim().to_ascii_uppercase();
    if iso_currency::Currency::from_code(&code).is_some() {
        return Ok(());
    }
    let word = code.to_ascii_lowercase();
    let word = word.trim_end_matches('s');
    let mut near: Vec<&str> = iso_currency::Currency::iter()
        .filter(|c| word.len() >= 3 && c.name().to_ascii_lowercase().contains(word))
        .map(|c| c.code())
        .collect();
    if near.is_empty() {
        let codes: Vec<&str> = iso_currency::Currency::iter().map(|c| c.code()).collect();
        near.extend(did_you_mean(&code, &codes));
    }
    near.truncate(4);
    if near.is_empty() {
        Err("use the three-letter ISO 4217 code, e.g. \"GBP\", \"EUR\", \"USD\"".into())
    } else {
        Err(format!(
            "did you mean {}? currencies are three-letter ISO 4217 codes",
            near.iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        ))
    }
}

/// Markdown files hold one or more entries, each a `+++` TOML front matter block followed by
/// the answer in Markdown.
fn read_markdown(s: &mut Sources, file: &Path, text: &str) {
    // Byte offsets of every line that is exactly "+++".
    let mut fences = Vec::new();
    let mut off = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            fences.push((off, off + line.len()));
        }
        off += line.len();
    }
    let first = fences.first().map_or(text.len(), |f| f.0);
    if !text[..first].trim().is_empty() {
        let at = text.len() - text.trim_start().len();
        s.diagnostics.push(
            Diagnostic::error(file, text, at, "text before the first entry")
                .hint("start each entry with a line `+++`, TOML front matter (question = \"…\"), another `+++`, then the answer"),
        );
    }
    let mut i = 0;
    while i < fences.len() {
        let open = fences[i];
        let Some(&close) = fences.get(i + 1) else {
            s.diagnostics.push(
                Diagnostic::error(file, text, open.0, "front matter is not closed")
                    .hint("end the front matter with a line `+++`"),
            );
            return;
        };
        let body_end = fences.get(i + 2).map_or(text.len(), |f| f.0);
        let fm = &text[open.1..close.0];
        let body = &text[close.1..body_end];
        i += 2;
        let front: FrontMatter = match toml::from_str(fm) {
            Ok(f) => f,
            Err(e) => {
                let at = open.1 + e.span().map_or(0, |r| r.start);
                let msg = e.message().trim().to_string();
                let hint = if msg.contains("unknown field") {
                    unknown_key_hint(&msg)
                } else {
                    "front matter is TOML: key = \"value\", lists as [\"a\", \"b\"]".to_string()
                };
                s.diagnostics
                    .push(Diagnostic::error(file, text, at, msg).hint(hint));
                continue;
            }
        };
        let (answer, issues) = to_answer(body);
        for is in issues {
            let d = if is.message.starts_with("raw HTML") {
                Diagnostic::warning(file, text, close.1 + is.offset, is.message)
            } else {
                Diagnostic::error(file, text, close.1 + is.offset, is.message)
            };
            s.diagnostics.push(d.hint(is.hint));
        }
        let line = line_col(text, open.0).0;
        add_entry(
            s,
            &Origin {
                file,
                text,
                at: open.1,
                line,
                span: open.1..close.0,
                format: Format::Markdown,
            },
            front.id,
            front.question,
            front.alternatives,
            front.tags,
            answer,
            front.scope,
        );
    }
}

/// The hint for an unknown key, from serde's "unknown field `x`, expected …" message: the
/// nearest known key, and the keys every format shares.
fn unknown_key_hint(msg: &str) -> String {
    let typed = msg.split('`').nth(1).unwrap_or("");
    let all: Vec<&str> = ENTRY_KEYS.iter().chain(SCOPE_KEYS).copied().collect();
    let known = format!(
        "entry keys: {}; scope keys: {}",
        ENTRY_KEYS.join(", "),
        SCOPE_KEYS.join(", ")
    );
    match did_you_mean(typed, &all) {
        Some(k) => format!("did you mean `{k}`? {known}"),
        None => known,
    }
}

/// Checks one entry, whatever its format, and adds it.
#[allow(clippy::too_many_arguments)]
fn add_entry(
    s: &mut Sources,
    o: &Origin,
    id: Option<String>,
    question: String,
    alternatives: Vec<String>,
    tags: Vec<String>,
    answer: crate::doc::Answer,
    scope: ScopeToml,
) {
    let (file, text, at, line) = (o.file, o.text, o.at, o.line);
    if let Some(id) = &id {
        let bad = if id.trim().is_empty() {
            Some("an empty id")
        } else if id.chars().any(char::is_whitespace) {
            Some("an id with spaces")
        } else if id.contains(['/', '\\']) {
            Some("an id with a slash")
        } else {
            None
        };
        if let Some(what) = bad {
            s.diagnostics.push(
                Diagnostic::error(file, text, o.find(id), format!("{what}: `{id}`"))
                    .hint(format!("ids go into links and logs: use letters, digits and dashes, e.g. `{}`, or leave the id out to derive it from the question", slug(if id.trim().is_empty() { &question } else { id }))),
            );
        }
    }
    if question.trim().is_empty() {
        s.diagnostics.push(
            Diagnostic::error(file, text, at, "empty question")
                .hint("write the question the way a shopper would ask it"),
        );
    }
    if answer.is_empty() {
        s.diagnostics.push(
            Diagnostic::error(
                file,
                text,
                at,
                format!("the entry \"{}\" has no answer", question.trim()),
            )
            .hint(match o.format {
                Format::Markdown => "write the answer in Markdown below the closing `+++`",
                Format::Csv => "fill the row's `answer` cell (Markdown allowed); quote it if it holds the separator",
                Format::Jsonl => "give the line an \"answer\" (Markdown allowed)",
            }),
        );
    }
    // A scope value that names nothing would silently hide the entry from every page.
    for (list, what) in [
        (&scope.skus, "scope.skus"),
        (&scope.handles, "scope.handles"),
        (&scope.collections, "scope.collections"),
        (&scope.product_tags, "scope.product_tags"),
    ] {
        if let Some(v) = list.iter().find(|v| v.trim().is_empty()) {
            s.diagnostics.push(
                Diagnostic::error(
                    file,
                    text,
                    o.find(v),
                    format!("an empty value in {what} names no product"),
                )
                .hint("remove the empty string, or name the SKU, handle, collection or tag"),
            );
        }
        let mut seen: Vec<&str> = Vec::new();
        for v in list.iter() {
            if seen.contains(&v.as_str()) {
                s.diagnostics.push(
                    Diagnostic::warning(
                        file,
                        text,
                        o.find(v),
                        format!("`{v}` is listed twice in {what}"),
                    )
                    .hint("list each value once"),
                );
            }
            seen.push(v);
        }
    }
    for p in &scope.pages {
        if !PAGE_TYPES.contains(&p.as_str()) {
            s.diagnostics.push(
                Diagnostic::error(
                    file,
                    text,
                    o.find(p),
                    format!("unknown page type `{p}` in scope.pages"),
                )
                .hint(match did_you_mean(p, PAGE_TYPES) {
                    Some(n) => format!("did you mean `{n}`? use one of: {}", PAGE_TYPES.join(", ")),
                    None => format!("use one of: {}", PAGE_TYPES.join(", ")),
                }),
            );
        }
    }
    let size = crate::doc::plain_text(&answer).len();
    if size > crate::limits::ANSWER_MAX_BYTES {
        s.diagnostics.push(
            Diagnostic::error(file, text, at, format!("the answer is {} KB long", size / 1024))
                .hint(format!("every shopper downloads every answer: keep answers under {} KB and link to a page for the rest", crate::limits::ANSWER_WARN_BYTES / 1024)),
        );
    } else if size > crate::limits::ANSWER_WARN_BYTES {
        s.diagnostics.push(
            Diagnostic::warning(
                file,
                text,
                at,
                format!("the answer is {} KB long", size / 1024),
            )
            .hint(format!(
                "a widget answer reads best under {} KB: link to a page for the details",
                crate::limits::ANSWER_WARN_BYTES / 1024
            )),
        );
    }
    let id = id.unwrap_or_else(|| slug(&question));
    s.entries.push(Entry {
        id,
        question: question.trim().to_string(),
        alternatives,
        answer,
        tags,
        scope: Scope {
            pages: scope.pages,
            skus: scope.skus,
            handles: scope.handles,
            collections: scope.collections,
            product_tags: scope.product_tags,
        },
    });
    s.origins.push((file.to_path_buf(), line));
}

fn read_jsonl(s: &mut Sources, file: &Path, text: &str) {
    let lead = text.len() - text.trim_start().len();
    if text[lead..].starts_with('[') {
        s.diagnostics.push(
            Diagnostic::error(file, text, lead, "this is a JSON array, not JSON Lines")
                .hint("write one entry object per line, without the brackets (jq -c '.[]' faq.json > faq.jsonl)"),
        );
        return;
    }
    let mut off = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let start = off;
        off += line.len();
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<JsonEntry>(line) {
            Ok(j) => {
                let (answer, issues) = to_answer(&j.answer);
                for is in issues
                    .into_iter()
                    .filter(|i| !i.message.starts_with("raw HTML"))
                {
                    s.diagnostics
                        .push(Diagnostic::error(file, text, start, is.message).hint(is.hint));
                }
                add_entry(
                    s,
                    &Origin {
                        file,
                        text,
                        at: start,
                        line: n + 1,
                        span: start..off,
                        format: Format::Jsonl,
                    },
                    j.id,
                    j.question,
                    j.alternatives,
                    j.tags,
                    answer,
                    j.scope,
                );
            }
            Err(e) => {
                let col_off = line
                    .char_indices()
                    .nth(e.column().saturating_sub(1))
                    .map_or(0, |(i, _)| i);
                let msg = e.to_string();
                let (at, hint) = if msg.contains("unknown field") {
                    let key = msg.split('`').nth(1).unwrap_or("");
                    let at = line.find(&format!("\"{key}\"")).map_or(col_off, |i| i + 1);
                    (at, unknown_key_hint(&msg))
                } else {
                    (
                        col_off,
                        "each line is one object: {\"id\": …, \"question\": …, \"answer\": …}"
                            .to_string(),
                    )
                };
                s.diagnostics.push(
                    Diagnostic::error(
                        file,
                        text,
                        start + at,
                        format!("invalid JSON Lines entry: {e}"),
                    )
                    .hint(hint),
                );
            }
        }
    }
}

fn check_ids(s: &mut Sources) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, e) in s.entries.iter().enumerate() {
        if let Some(&first) = seen.get(&e.id) {
            let (f, line) = &s.origins[i];
            let (f0, line0) = &s.origins[first];
            s.diagnostics.push(Diagnostic {
                severity: Severity::Error,
                file: f.clone(),
                line: *line,
                column: 1,
                message: format!("duplicate entry id `{}`", e.id),
                hint: Some(format!(
                    "first defined at {}:{line0}; give one of them another id",
                    f0.display()
                )),
            });
        } else {
            seen.insert(e.id.clone(), i);
        }
    }
}

/// A URL-safe id from a question: "How long does shipping take?" → "how-long-does-shipping-take".
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let mut f = String::new();
        crate::text::fold_char(c, &mut f);
        for c in f.chars() {
            if c.is_alphanumeric() {
                out.push(c);
            } else if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        }
    }
    // At most 64 bytes, cut on a character (a question in Japanese or Greek is several bytes
    // a letter), and never ending in a dash.
    let mut end = out.len().min(64);
    while !out.is_char_boundary(end) {
        end -= 1;
    }
    out.truncate(end);
    while out.ends_with('-') {
        out.pop();
    }
    out
}
