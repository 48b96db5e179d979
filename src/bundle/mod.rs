//! The answer bundle: one binary file the CLI writes and the widget reads.
//!
//! Layout (little-endian):
//!
//! ```text
//! magic "SHOPANSW" | version u16 | flags u16 | section count u32
//! section table: count × (kind u32, offset u32, length u32)   offsets from file start
//! section payloads
//! trailer: CRC-32 of every byte before it (u32)
//! ```
//!
//! Sections: `META` (settings as key/value text), `TERMS` (the index terms, front-coded; the
//! reader builds an `fst::Map` from term to ordinal), `POSTINGS` (per term: documents with
//! per-field term frequencies, in columns; see `index.rs`), `DOCS` (entries with their
//! answers as safe node lists), `SYNONYMS` (groups of index terms that stand for each
//! other, built-in shop vocabulary plus the shop's own), and optionally `DELIVERY`
//! ([`crate::delivery::codec::DeliveryData`] bytes: time-zone table, holiday calendars, shop
//! rules, shipping methods) with `DELIVERY_EXTRA` (zone names, product overrides). Unknown
//! section kinds are skipped, so a reader can open a bundle that carries sections added later
//! within the same version.

mod codec;
mod delivery;
mod entry;
mod fst_write;
mod index;

pub use codec::crc32;
pub use entry::{Entry, Scope};

use crate::error::BundleError;
use crate::text::{Analyzer, Lang};
use codec::{Dec, Enc};
use index::{encode_postings, encode_terms};
use std::collections::BTreeMap;

/// First eight bytes of every bundle.
pub const MAGIC: [u8; 8] = *b"SHOPANSW";
/// The format version this code writes and reads. Bumping it is a deliberate act: update the
/// golden file in `tests/data/` and say why in the commit.
pub const VERSION: u16 = 2;

/// Indexed fields, in posting order. Question and alternative phrasings weigh most.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// The entry's question.
    Question = 0,
    /// Alternative phrasings of the question.
    Alternatives = 1,
    /// Tags.
    Tags = 2,
    /// The answer text.
    Answer = 3,
}

/// Number of indexed fields.
pub const FIELDS: usize = 4;

const SEC_META: u32 = 1;
const SEC_TERMS: u32 = 2;
const SEC_POSTINGS: u32 = 3;
const SEC_DOCS: u32 = 4;
const SEC_SYNONYMS: u32 = 6;
const SEC_DELIVERY: u32 = 7;
const SEC_DELIVERY_EXTRA: u32 = 8;

/// Shop-wide settings carried in the bundle (shop name, locale, widget texts, contact
/// endpoint…), as ordered key/value text so new settings never need a format change.
pub type Meta = BTreeMap<String, String>;

/// Meta key holding the shop's BCP 47 locale, which picks the analyzer language.
pub const META_LOCALE: &str = "locale";
/// Meta key holding the shop's display name.
pub const META_SHOP_NAME: &str = "shop.name";

/// One posting: a document and how often the term occurs in each field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Posting {
    /// Document number (index into the bundle's entries).
    pub doc: u32,
    /// Term frequency per [`Field`].
    pub tf: [u16; FIELDS],
}

/// Optional sections and hooks for [`write_with`].
#[derive(Clone, Copy, Default)]
pub struct Extras<'a> {
    /// Delivery rules (`DELIVERY` + `DELIVERY_EXTRA` sections).
    pub delivery: Option<&'a crate::delivery::DeliveryRules>,
    /// Called with the number of entries indexed so far, every [`PROGRESS_EVERY`] entries,
    /// so a long build can show progress.
    pub progress: Option<&'a dyn Fn(usize)>,
}

impl std::fmt::Debug for Extras<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Extras")
            .field("delivery", &self.delivery)
            .finish_non_exhaustive()
    }
}

/// How often [`Extras::progress`] is called, in entries.
pub const PROGRESS_EVERY: usize = 4096;

/// Serializes `entries` with `meta` and synonym groups (surface words; the writer analyzes
/// them) into bundle bytes. Deterministic: the same input always gives the same bytes (no
/// timestamps, ordered maps, sorted terms).
pub fn write(meta: &Meta, entries: &[Entry], synonyms: &[Vec<String>]) -> Vec<u8> {
    write_with(meta, entries, synonyms, &Extras::default())
}

/// [`write`] plus optional sections; with `Extras::default()` the bytes are identical.
pub fn write_with(
    meta: &Meta,
    entries: &[Entry],
    synonyms: &[Vec<String>],
    extras: &Extras<'_>,
) -> Vec<u8> {
    let lang = Lang::from_tag(meta.get(META_LOCALE).map(String::as_str).unwrap_or("en"));
    let analyzer = Analyzer::new(lang);
    let groups = analyze_synonyms(&analyzer, synonyms);

    // term → postings, gathered in document order so doc numbers ascend; sorted once at the end.
    let mut index: std::collections::HashMap<String, Vec<Posting>> =
        std::collections::HashMap::new();
    for (doc, e) in entries.iter().enumerate() {
        if let Some(p) = extras.progress {
            if doc % PROGRESS_EVERY == 0 && doc > 0 {
                p(doc);
            }
        }
        let doc = doc as u32;
        for (field, text) in e.field_texts() {
            analyzer.each_term(&text, |term| {
                if field == Field::Answer && crate::text::is_noise(term) {
                    return;
                }
                let list = match index.get_mut(term) {
                    Some(list) => list,
                    None => index.entry(term.to_string()).or_default(),
                };
                if list.last().map(|p| p.doc) != Some(doc) {
                    list.push(Posting {
                        doc,
                        tf: [0; FIELDS],
                    });
                }
                let p = list.last_mut().expect("just pushed");
                p.tf[field as usize] = p.tf[field as usize].saturating_add(1);
            });
        }
    }
    let mut index: Vec<(String, Vec<Posting>)> = index.into_iter().collect();
    index.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let terms_sec = encode_terms(index.iter().map(|(t, _)| t.as_str()));
    let post_sec = encode_postings(index.iter().map(|(_, l)| l.as_slice()));

    // The built-in texts of the shop's language travel in the bundle beside the shop's own
    // (which win): the widget carries no translation tables.
    let mut meta = meta.clone();
    for key in crate::texts::keys() {
        if let Some(v) = crate::texts::builtin(lang, key) {
            meta.entry(key.to_string()).or_insert_with(|| v.to_string());
        }
    }
    let mut meta_sec = Enc::default();
    meta_sec.usize(meta.len());
    for (k, v) in &meta {
        meta_sec.str(k);
        meta_sec.str(v);
    }

    // Entries back to back after their count: the reader finds where each starts while it
    // validates them at open, so no offset table is shipped.
    let mut docs_sec = Enc::default();
    docs_sec.usize(entries.len());
    for e in entries {
        e.encode(&mut docs_sec);
    }

    let mut syn_sec = Enc::default();
    syn_sec.usize(groups.len());
    for g in &groups {
        syn_sec.strs(g);
    }

    let mut sections: Vec<(u32, Vec<u8>)> = vec![
        (SEC_META, meta_sec.buf),
        (SEC_TERMS, terms_sec),
        (SEC_POSTINGS, post_sec),
        (SEC_SYNONYMS, syn_sec.buf),
    ];
    if let Some(d) = extras.delivery {
        sections.push((SEC_DELIVERY, d.data.encode()));
        sections.push((SEC_DELIVERY_EXTRA, delivery::encode_extra(d)));
    }
    // Texts last: the compressor sees them as one run after the binary tables, which
    // compresses better than texts interleaved with them.
    sections.push((SEC_DOCS, docs_sec.buf));
    let mut out = Enc::default();
    out.buf.extend_from_slice(&MAGIC);
    out.u16(VERSION);
    out.u16(0);
    out.u32(sections.len() as u32);
    let mut offset = (out.buf.len() + sections.len() * 12) as u32;
    for (kind, body) in &sections {
        out.u32(*kind);
        out.u32(offset);
        out.u32(body.len() as u32);
        offset += body.len() as u32;
    }
    for (_, body) in sections {
        out.buf.extend_from_slice(&body);
    }
    let sum = crc32(&out.buf);
    out.u32(sum);
    out.buf
}

/// Synonym groups as sorted, deduplicated index terms; groups that collapse to one term
/// (all members stem alike) are dropped. Multi-word members are skipped: phrases belong in an
/// entry's `alternatives`.
fn analyze_synonyms(analyzer: &Analyzer, groups: &[Vec<String>]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = groups
        .iter()
        .map(|g| {
            let mut terms: Vec<String> = g
                .iter()
                .filter_map(|w| {
                    let t = analyzer.terms(w);
                    if t.len() == 1 {
                        t.into_iter().next()
                    } else {
                        None
                    }
                })
                .collect();
            terms.sort();
            terms.dedup();
            terms
        })
        .filter(|g| g.len() > 1)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// An entry's [`Scope`], borrowed from the bundle.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScopeRef<'a> {
    /// Page types.
    pub pages: Vec<&'a str>,
    /// Product SKUs.
    pub skus: Vec<&'a str>,
    /// Product handles.
    pub handles: Vec<&'a str>,
    /// Collection handles.
    pub collections: Vec<&'a str>,
    /// Product tags.
    pub product_tags: Vec<&'a str>,
}

impl ScopeRef<'_> {
    /// True when the entry is not restricted to particular products.
    pub fn is_general(&self) -> bool {
        self.skus.is_empty()
            && self.handles.is_empty()
            && self.collections.is_empty()
            && self.product_tags.is_empty()
    }
}

/// A validated bundle, ready to search. Entries are decoded on demand, so opening a large
/// bundle costs a checksum pass and a few small tables.
pub struct Bundle {
    data: Vec<u8>,
    meta: Meta,
    doc_offsets: Vec<u32>,
    docs: std::ops::Range<usize>,
    lang: Lang,
    delivery: Option<std::ops::Range<usize>>,
    delivery_extra: Option<std::ops::Range<usize>>,
    terms_at: std::ops::Range<usize>,
    postings_at: std::ops::Range<usize>,
    synonyms_at: Option<std::ops::Range<usize>>,
    index: std::cell::OnceCell<Result<Index, BundleError>>,
}

/// What only search needs: the term dictionary, postings, field lengths and synonyms.
struct Index {
    terms: fst::Map<Vec<u8>>,
    postings: index::Postings,
    fieldlens: Vec<[u16; FIELDS]>,
    avg_len: [f32; FIELDS],
    synonyms: BTreeMap<String, Vec<u32>>,
    groups: Vec<Vec<String>>,
}

/// The bundle's search index, borrowed: see [`Bundle::index`].
#[derive(Clone, Copy)]
pub struct IndexRef<'a> {
    data: &'a [u8],
    ix: &'a Index,
}

impl std::fmt::Debug for Bundle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bundle")
            .field("bytes", &self.data.len())
            .field("entries", &self.len())
            .finish()
    }
}

/// Where a section sits in the file, for `inspect`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionInfo {
    /// Section name.
    pub name: &'static str,
    /// Byte offset from the start of the file.
    pub offset: usize,
    /// Length in bytes.
    pub len: usize,
}

fn section_name(kind: u32) -> &'static str {
    match kind {
        SEC_META => "meta",
        SEC_TERMS => "terms",
        SEC_POSTINGS => "postings",
        SEC_DOCS => "docs",
        SEC_SYNONYMS => "synonyms",
        SEC_DELIVERY => "delivery",
        SEC_DELIVERY_EXTRA => "delivery-extra",
        _ => "unknown",
    }
}

impl Bundle {
    /// Validates and opens bundle bytes, search index included.
    pub fn from_bytes(data: Vec<u8>) -> Result<Bundle, BundleError> {
        let bundle = Self::from_bytes_deferred(data)?;
        bundle.index()?;
        Ok(bundle)
    }

    /// Opens bundle bytes (checksum, settings, entries) and leaves the search index to be
    /// built on first use: the widget's contextual answer needs only entries and delivery
    /// rules, and should not wait for the term dictionary. A damaged index then surfaces as
    /// an error from the first search instead of from opening.
    pub fn from_bytes_deferred(data: Vec<u8>) -> Result<Bundle, BundleError> {
        let sections = Self::sections_of(&data)?;
        let find = |kind: u32| {
            sections
                .iter()
                .find(|(k, _)| *k == kind)
                .map(|(_, r)| r.clone())
                .ok_or(BundleError::MissingSection(section_name(kind)))
        };

        let meta_r = find(SEC_META)?;
        let mut d = Dec::new(&data[meta_r], "meta");
        let n = d.count()?;
        let mut meta = Meta::new();
        for _ in 0..n {
            let k = d.string()?;
            let v = d.string()?;
            meta.insert(k, v);
        }

        let docs_r = find(SEC_DOCS)?;
        let mut d = Dec::new(&data[docs_r.clone()], "docs");
        let ndocs = d.count()?;
        let docs = docs_r.start + (docs_r.len() - d.remaining())..docs_r.end;
        let mut doc_offsets = Vec::with_capacity(ndocs + 1);
        for _ in 0..ndocs {
            doc_offsets.push((docs.len() - d.remaining()) as u32);
            Entry::check(&mut d)?;
        }
        doc_offsets.push((docs.len() - d.remaining()) as u32);
        if !d.at_end() {
            return Err(BundleError::Malformed("trailing bytes after the entries"));
        }

        let lang = Lang::from_tag(meta.get(META_LOCALE).map(String::as_str).unwrap_or("en"));
        let delivery = find(SEC_DELIVERY).ok();
        let delivery_extra = find(SEC_DELIVERY_EXTRA).ok();
        Ok(Bundle {
            terms_at: find(SEC_TERMS)?,
            postings_at: find(SEC_POSTINGS)?,
            synonyms_at: find(SEC_SYNONYMS).ok(),
            data,
            meta,
            doc_offsets,
            docs,
            lang,
            delivery,
            delivery_extra,
            index: std::cell::OnceCell::new(),
        })
    }

    /// The search index, built from its sections the first time it is asked for.
    pub fn index(&self) -> Result<IndexRef<'_>, BundleError> {
        let ix = self
            .index
            .get_or_init(|| self.build_index())
            .as_ref()
            .map_err(Clone::clone)?;
        Ok(IndexRef {
            data: &self.data,
            ix,
        })
    }

    fn build_index(&self) -> Result<Index, BundleError> {
        let data = &self.data;
        let ndocs = self.len();
        let terms = index::decode_terms(&data[self.terms_at.clone()])?;
        let (postings, fieldlens) =
            index::Postings::open(data, self.postings_at.clone(), terms.len(), ndocs)?;
        let mut sum = [0f64; FIELDS];
        for l in &fieldlens {
            for (s, &x) in sum.iter_mut().zip(l) {
                *s += f64::from(x);
            }
        }
        let mut avg_len = [1f32; FIELDS];
        for f in 0..FIELDS {
            if ndocs > 0 && sum[f] > 0.0 {
                avg_len[f] = (sum[f] / ndocs as f64) as f32;
            }
        }
        // Optional: bundles without synonyms simply expand nothing.
        let mut groups = Vec::new();
        let mut synonyms: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        if let Some(r) = self.synonyms_at.clone() {
            let mut d = Dec::new(&data[r], "synonyms");
            let n = d.count()?;
            for gi in 0..n {
                let g = d.strings()?;
                for t in &g {
                    synonyms.entry(t.clone()).or_default().push(gi as u32);
                }
                groups.push(g);
            }
        }
        Ok(Index {
            terms,
            postings,
            fieldlens,
            avg_len,
            synonyms,
            groups,
        })
    }

    /// Checks header, section table and checksum; returns (kind, byte range) per section.
    fn sections_of(data: &[u8]) -> Result<Vec<(u32, std::ops::Range<usize>)>, BundleError> {
        if data.len() < 8 || data[..8] != MAGIC {
            return Err(BundleError::BadMagic);
        }
        let mut d = Dec::new(data, "header");
        d.bytes(8)?;
        let version = d.u16()?;
        if version != VERSION {
            return Err(BundleError::UnsupportedVersion {
                found: version,
                supported: VERSION,
            });
        }
        let _flags = d.u16()?;
        let count = d.u32()? as usize;
        if count > 64 {
            return Err(BundleError::Malformed("too many sections"));
        }
        if data.len() < 4 {
            return Err(BundleError::Truncated("trailer"));
        }
        let body_end = data.len() - 4;
        let stored = u32::from_le_bytes(data[body_end..].try_into().expect("4 bytes"));
        let mut out = Vec::with_capacity(count);
        for _ in 0..count {
            let kind = d.u32()?;
            let off = d.u32()? as usize;
            let len = d.u32()? as usize;
            let end = off
                .checked_add(len)
                .ok_or(BundleError::Malformed("section overflows"))?;
            if end > body_end {
                return Err(BundleError::Truncated("section"));
            }
            out.push((kind, off..end));
        }
        let computed = crc32(&data[..body_end]);
        if stored != computed {
            return Err(BundleError::Checksum { stored, computed });
        }
        Ok(out)
    }

    /// Sections with their offsets and sizes, for `inspect`.
    pub fn sections(&self) -> Vec<SectionInfo> {
        Self::sections_of(&self.data)
            .unwrap_or_default()
            .into_iter()
            .map(|(k, r)| SectionInfo {
                name: section_name(k),
                offset: r.start,
                len: r.len(),
            })
            .collect()
    }

    /// Size of the bundle in bytes.
    pub fn byte_len(&self) -> usize {
        self.data.len()
    }

    /// Shop settings.
    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    /// A widget text: the shop's own (`shop.toml` `[widget]`), else the built-in one for the
    /// shop's language (both written into the settings by [`write`]), else `english`.
    pub fn text(&self, key: &str, english: &str) -> String {
        crate::texts::text(&self.meta, key, english)
    }

    /// The analyzer the bundle was indexed with; queries must use the same one.
    pub fn analyzer(&self) -> Analyzer {
        Analyzer::new(self.lang)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.doc_offsets.len().saturating_sub(1)
    }

    /// True when the bundle holds no entries.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The shop's delivery rules: `None` when the bundle has none, an error when the
    /// section does not decode (hostile or damaged bytes never panic).
    pub fn delivery(&self) -> Option<Result<crate::delivery::DeliveryRules, BundleError>> {
        let r = self.delivery.clone()?;
        let extra = self.delivery_extra.clone().map(|x| &self.data[x]);
        Some(delivery::decode(&self.data[r], extra))
    }

    /// Decodes entry `doc`.
    pub fn entry(&self, doc: u32) -> Result<Entry, BundleError> {
        let mut d = Dec::new(self.entry_bytes(doc)?, "entry");
        let e = Entry::decode(&mut d)?;
        if !d.at_end() {
            return Err(BundleError::Malformed("trailing bytes after entry"));
        }
        Ok(e)
    }

    fn entry_bytes(&self, doc: u32) -> Result<&[u8], BundleError> {
        let i = doc as usize;
        if i + 1 >= self.doc_offsets.len() {
            return Err(BundleError::Malformed("entry number out of range"));
        }
        let (a, b) = (
            self.doc_offsets[i] as usize,
            self.doc_offsets[i + 1] as usize,
        );
        Ok(&self.data[self.docs.clone()][a..b])
    }

    /// The question of entry `doc`, borrowed from the bundle without decoding the rest
    /// (the ranker reads it to reward phrase matches).
    pub fn question(&self, doc: u32) -> Result<&str, BundleError> {
        let mut d = Dec::new(self.entry_bytes(doc)?, "entry");
        d.str()?; // id
        d.str()
    }

    /// The scope of entry `doc`, borrowed, without decoding its answer: what the widget reads
    /// for every entry when it decides what belongs on a page.
    pub fn scope(&self, doc: u32) -> Result<ScopeRef<'_>, BundleError> {
        let mut d = Dec::new(self.entry_bytes(doc)?, "entry");
        d.str()?; // id
        d.str()?; // question
        for _ in 0..2 {
            // alternatives, tags
            let n = d.count()?;
            for _ in 0..n {
                d.str()?;
            }
        }
        let mut list = || -> Result<Vec<&str>, BundleError> {
            let n = d.count()?;
            (0..n).map(|_| d.str()).collect()
        };
        Ok(ScopeRef {
            pages: list()?,
            skus: list()?,
            handles: list()?,
            collections: list()?,
            product_tags: list()?,
        })
    }

    /// Decodes every entry.
    pub fn entries(&self) -> Result<Vec<Entry>, BundleError> {
        (0..self.len() as u32).map(|i| self.entry(i)).collect()
    }
}

impl<'a> IndexRef<'a> {
    /// The term dictionary.
    pub fn terms(&self) -> &'a fst::Map<Vec<u8>> {
        &self.ix.terms
    }

    /// Index terms that stand for `term` (its synonym groups, without `term` itself).
    pub fn synonyms_of<'t>(&self, term: &'t str) -> impl Iterator<Item = &'a str> + 't
    where
        'a: 't,
    {
        let ix = self.ix;
        ix.synonyms
            .get(term)
            .into_iter()
            .flatten()
            .flat_map(move |&g| ix.groups[g as usize].iter())
            .map(String::as_str)
            .filter(move |t| *t != term)
    }

    /// Number of synonym groups.
    pub fn synonym_groups(&self) -> usize {
        self.ix.groups.len()
    }

    /// Per-field token counts of a document.
    pub fn field_lens(&self, doc: u32) -> [u16; FIELDS] {
        self.ix
            .fieldlens
            .get(doc as usize)
            .copied()
            .unwrap_or_default()
    }

    /// Average per-field token counts over all documents.
    pub fn avg_field_lens(&self) -> [f32; FIELDS] {
        self.ix.avg_len
    }

    /// The postings of the term whose dictionary value (its ordinal) is `ord`.
    pub fn postings(&self, ord: u64) -> Result<Vec<Posting>, BundleError> {
        let mut out = Vec::new();
        self.for_each_posting(ord, |p| out.push(p))?;
        Ok(out)
    }

    /// Number of entries containing the term whose dictionary value is `ord`.
    pub fn doc_freq(&self, ord: u64) -> Result<usize, BundleError> {
        self.ix.postings.doc_freq(ord)
    }

    /// Streams the postings of the term whose dictionary value is `ord`, without allocating.
    pub fn for_each_posting(&self, ord: u64, f: impl FnMut(Posting)) -> Result<(), BundleError> {
        self.ix
            .postings
            .for_each(self.data, ord, self.ix.fieldlens.len(), f)
    }
}
