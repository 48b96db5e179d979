//! The search index sections, encoded for the wire rather than for lookup: the widget rebuilds
//! its lookup structures once when it opens a bundle.
//!
//! `TERMS`: the sorted index terms, front-coded: a count, one byte per term saying how many
//! leading bytes it shares with the term before it, then the rest of each term ending in a
//! zero byte. Sorted terms share long prefixes, and prefix lengths and suffixes each compress
//! well on their own; an `fst::Map` (term → ordinal) is built from them at open by
//! [`MapWriter`] (linear in the number of terms, the keys already sorted).
//!
//! `POSTINGS`: four columns, each holding like values together so the transfer compression
//! sees uniform data: per term its document count; per posting a field-mask byte (bit *f*:
//! the term occurs in field *f*; bit 4: frequencies above one follow); per posting its
//! document number, the first absolute and the rest as gaps; per posting with bit 4 the
//! frequency in each field it occurs in. Field lengths for BM25F are the sums of those
//! frequencies, so they are recomputed at open instead of shipped.

use super::codec::{Dec, Enc};
use super::fst_write::MapWriter;
use super::{Posting, FIELDS};
use crate::error::BundleError;
use std::ops::Range;

const MORE: u8 = 0x10;
const FIELD_BITS: u8 = (1 << FIELDS) - 1;

/// Front-codes sorted, unique terms (see the module docs).
pub(super) fn encode_terms<'a>(terms: impl Iterator<Item = &'a str> + Clone) -> Vec<u8> {
    let mut head = Enc::default();
    head.usize(terms.clone().count());
    let mut suffixes = Vec::new();
    let mut prev: &[u8] = &[];
    for term in terms {
        let t = term.as_bytes();
        debug_assert!(!t.contains(&0), "analyzer terms never hold NUL");
        let shared = prev
            .iter()
            .zip(t)
            .take_while(|(a, b)| a == b)
            .count()
            .min(usize::from(u8::MAX));
        head.u8(shared as u8);
        suffixes.extend_from_slice(&t[shared..]);
        suffixes.push(0);
        prev = t;
    }
    head.buf.extend_from_slice(&suffixes);
    head.buf
}

/// Rebuilds the term dictionary (term → ordinal) from [`encode_terms`] bytes.
pub(super) fn decode_terms(bytes: &[u8]) -> Result<fst::Map<Vec<u8>>, BundleError> {
    let mut d = Dec::new(bytes, "terms");
    let n = d.count()?;
    let shared = d.bytes(n)?;
    let mut builder = MapWriter::new(bytes.len() * 4);
    let mut term: Vec<u8> = Vec::with_capacity(64);
    for (ord, &keep) in shared.iter().enumerate() {
        let keep = usize::from(keep);
        if keep > term.len() {
            return Err(BundleError::Malformed(
                "term shares more than its predecessor",
            ));
        }
        term.truncate(keep);
        loop {
            match d.u8()? {
                0 => break,
                b => term.push(b),
            }
        }
        if std::str::from_utf8(&term).is_err() {
            return Err(BundleError::Malformed("index term is not UTF-8"));
        }
        if !builder.insert(&term, ord as u64) {
            return Err(BundleError::Malformed("index terms out of order"));
        }
    }
    if !d.at_end() {
        return Err(BundleError::Malformed("trailing bytes after the terms"));
    }
    fst::Map::new(builder.finish()).map_err(|_| BundleError::Malformed("term dictionary"))
}

/// Encodes each term's postings (documents ascending) as the four columns of the module docs.
pub(super) fn encode_postings<'a>(lists: impl Iterator<Item = &'a [Posting]>) -> Vec<u8> {
    let (mut counts, mut masks, mut docs, mut tfs) =
        (Enc::default(), Vec::new(), Enc::default(), Enc::default());
    for list in lists {
        counts.usize(list.len());
        let mut prev = None;
        for p in list {
            let mut mask = 0u8;
            for (f, &tf) in p.tf.iter().enumerate() {
                if tf > 0 {
                    mask |= 1 << f;
                }
            }
            let more = p.tf.iter().any(|&tf| tf > 1);
            masks.push(mask | if more { MORE } else { 0 });
            docs.var(u64::from(p.doc - prev.unwrap_or(0)));
            prev = Some(p.doc);
            if more {
                for &tf in p.tf.iter().filter(|&&tf| tf > 0) {
                    tfs.var(u64::from(tf));
                }
            }
        }
    }
    let mut out = Enc::default();
    out.usize(counts.buf.len());
    out.usize(masks.len());
    out.usize(docs.buf.len());
    out.buf.extend_from_slice(&counts.buf);
    out.buf.extend_from_slice(&masks);
    out.buf.extend_from_slice(&docs.buf);
    out.buf.extend_from_slice(&tfs.buf);
    out.buf
}

/// Where one term's postings start in each column.
#[derive(Clone, Copy, Debug, Default)]
struct ListStart {
    posting: u32,
    doc: u32,
    tf: u32,
}

/// The postings columns of an open bundle, with each term's starting points, found by one
/// validating pass at open.
#[derive(Debug)]
pub(super) struct Postings {
    starts: Vec<ListStart>,
    masks: Range<usize>,
    docs: Range<usize>,
    tfs: Range<usize>,
}

impl Postings {
    /// Validates the `POSTINGS` section at `section` of `data` for `terms` terms and `ndocs`
    /// documents; returns it with the per-document field lengths it implies.
    pub(super) fn open(
        data: &[u8],
        section: Range<usize>,
        terms: usize,
        ndocs: usize,
    ) -> Result<(Postings, Vec<[u16; FIELDS]>), BundleError> {
        let mut d = Dec::new(&data[section.clone()], "postings");
        let counts_len = d.count()?;
        let masks_len = d.count()?;
        let docs_len = d.count()?;
        let mut at = section.start + (section.len() - d.remaining());
        let mut column = |len: usize| -> Result<Range<usize>, BundleError> {
            let r = at..at
                .checked_add(len)
                .filter(|&e| e <= section.end)
                .ok_or(BundleError::Truncated("postings"))?;
            at = r.end;
            Ok(r)
        };
        let counts = column(counts_len)?;
        let masks = column(masks_len)?;
        let docs = column(docs_len)?;
        let tfs = at..section.end;

        let mut counts = Dec::new(&data[counts], "postings");
        let mut doc_dec = Dec::new(&data[docs.clone()], "postings");
        let mut tf_dec = Dec::new(&data[tfs.clone()], "postings");
        let mask_bytes = &data[masks.clone()];
        let mut starts = Vec::with_capacity(terms.min(masks_len) + 1);
        let mut lens = vec![[0u32; FIELDS]; ndocs];
        let mut posting = 0usize;
        let here = |posting: usize, doc: &Dec<'_>, tf: &Dec<'_>| ListStart {
            posting: posting as u32,
            doc: (docs_len - doc.remaining()) as u32,
            tf: (tfs.len() - tf.remaining()) as u32,
        };
        for _ in 0..terms {
            starts.push(here(posting, &doc_dec, &tf_dec));
            let n = counts.var()?;
            if n == 0 || n > (mask_bytes.len() - posting) as u64 {
                return Err(BundleError::Malformed("posting count out of range"));
            }
            let n = n as usize;
            let list = &mask_bytes[posting..posting + n];
            posting += n;
            walk(list, &mut doc_dec, &mut tf_dec, ndocs, |p| {
                for (l, tf) in lens[p.doc as usize].iter_mut().zip(p.tf) {
                    *l += u32::from(tf);
                }
            })?;
        }
        starts.push(here(posting, &doc_dec, &tf_dec));
        if !counts.at_end() || posting != mask_bytes.len() || !doc_dec.at_end() || !tf_dec.at_end()
        {
            return Err(BundleError::Malformed("postings columns disagree"));
        }
        let lens = lens
            .into_iter()
            .map(|l| l.map(|x| x.min(u32::from(u16::MAX)) as u16))
            .collect();
        Ok((
            Postings {
                starts,
                masks,
                docs,
                tfs,
            },
            lens,
        ))
    }

    /// Number of documents containing term `ord`.
    pub(super) fn doc_freq(&self, ord: u64) -> Result<usize, BundleError> {
        let (a, b) = self.bounds(ord)?;
        Ok((b.posting - a.posting) as usize)
    }

    fn bounds(&self, ord: u64) -> Result<(ListStart, ListStart), BundleError> {
        usize::try_from(ord)
            .ok()
            .and_then(|i| Some((*self.starts.get(i)?, *self.starts.get(i + 1)?)))
            .ok_or(BundleError::Malformed("term ordinal out of range"))
    }

    /// Streams the postings of term `ord`.
    pub(super) fn for_each(
        &self,
        data: &[u8],
        ord: u64,
        ndocs: usize,
        f: impl FnMut(Posting),
    ) -> Result<(), BundleError> {
        let (a, b) = self.bounds(ord)?;
        let slice =
            |r: &Range<usize>, from: u32, to: u32| &data[r.clone()][from as usize..to as usize];
        let masks = slice(&self.masks, a.posting, b.posting);
        let mut docs = Dec::new(slice(&self.docs, a.doc, b.doc), "postings");
        let mut tfs = Dec::new(slice(&self.tfs, a.tf, b.tf), "postings");
        walk(masks, &mut docs, &mut tfs, ndocs, f)
    }
}

/// Decodes one list: its mask bytes, reading document numbers and frequencies as they come.
fn walk(
    masks: &[u8],
    docs: &mut Dec<'_>,
    tfs: &mut Dec<'_>,
    ndocs: usize,
    mut f: impl FnMut(Posting),
) -> Result<(), BundleError> {
    let mut doc = 0u64;
    for (i, &mask) in masks.iter().enumerate() {
        let gap = docs.var()?;
        if i > 0 && gap == 0 {
            return Err(BundleError::Malformed("postings not in document order"));
        }
        doc = doc.saturating_add(gap);
        if doc >= ndocs as u64 {
            return Err(BundleError::Malformed("posting names a missing entry"));
        }
        if mask & FIELD_BITS == 0 || mask & !(FIELD_BITS | MORE) != 0 {
            return Err(BundleError::Malformed("posting field mask"));
        }
        let mut tf = [0u16; FIELDS];
        for (field, slot) in tf.iter_mut().enumerate() {
            if mask & (1 << field) != 0 {
                *slot = if mask & MORE != 0 {
                    tfs.var()?.clamp(1, u64::from(u16::MAX)) as u16
                } else {
                    1
                };
            }
        }
        f(Posting {
            doc: doc as u32,
            tf,
        });
    }
    Ok(())
}
