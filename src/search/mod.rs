//! Ranking: BM25F over the bundle's fields, with the last word matched as a prefix while the
//! shopper is still typing and bounded-edit typo tolerance on the fst term dictionary.

mod levenshtein;

pub use levenshtein::{distance, Levenshtein};

use crate::bundle::{Bundle, FIELDS};
use crate::error::BundleError;
use crate::text::Token;
use fst::{IntoStreamer, Streamer};

/// Tuning knobs. The defaults are what the widget and `shop-answers query` use.
#[derive(Clone, Debug)]
pub struct SearchOptions {
    /// Number of hits to return.
    pub limit: usize,
    /// Treat the last word as a prefix (the shopper is still typing it).
    pub prefix_last: bool,
    /// Match words within a small edit distance.
    pub typos: bool,
    /// Per-field weights, in [`crate::bundle::Field`] order.
    pub field_weights: [f32; FIELDS],
    /// Per-field length normalization (BM25 `b`).
    pub field_b: [f32; FIELDS],
    /// BM25 term-frequency saturation.
    pub k1: f32,
    /// Score multiplier added when every adjacent pair of query words also stands adjacent
    /// in the entry's question (a share of it for some pairs).
    pub phrase_boost: f32,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            prefix_last: true,
            typos: true,
            // Tuned on the StackFAQ dev split (see bench/RESULTS.md): the question and its
            // phrasings carry the intent, the answer only supporting vocabulary; the optimum is
            // a broad plateau (MRR@10 within 0.002 for question weights 4–8, k1 2–3).
            field_weights: [5.0, 4.0, 1.5, 0.5],
            field_b: [0.75, 0.75, 0.3, 0.9],
            k1: 2.0,
            phrase_boost: 0.15,
        }
    }
}

/// One ranked entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// Entry number in the bundle.
    pub doc: u32,
    /// BM25F score (higher is better; comparable within one query only).
    pub score: f32,
    /// 0–1: the share of the query's information the entry matches. The widget offers the
    /// contact form instead of an answer when the best hit is below [`GOOD_CONFIDENCE`].
    pub confidence: f32,
}

/// Confidence at or above which the best hit is presented as the answer.
pub const GOOD_CONFIDENCE: f32 = 0.5;

/// The result of one query.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Results {
    /// Hits, best first.
    pub hits: Vec<Hit>,
    /// Index terms that matched (after prefix and typo expansion), each once, for [`highlights`].
    pub matched_terms: Vec<String>,
}

struct Expansion {
    ord: u64,
    weight: f32,
    term: String,
}

/// Candidates reranked by phrase proximity.
const RERANK: usize = 10;

/// A synonym counts a little less than the shopper's own word.
const SYNONYM_WEIGHT: f32 = 0.5;
const MAX_PREFIX_EXPANSIONS: usize = 32;
const MAX_TYPO_EXPANSIONS: usize = 16;

/// Max edits allowed for a word: none for short words, 1 from 4 bytes, 2 from 8.
pub fn typo_budget(word: &str) -> u8 {
    match word.chars().count() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Runs `query` against `bundle`.
pub fn search(bundle: &Bundle, query: &str, opts: &SearchOptions) -> Result<Results, BundleError> {
    // Only the start of an over-long query is searched: every word costs a walk of the
    // index, and no shopper's question runs to a kilobyte.
    let mut end = query.len().min(crate::limits::MAX_QUERY_BYTES);
    while !query.is_char_boundary(end) {
        end -= 1;
    }
    let query = &query[..end];
    let analyzer = bundle.analyzer();
    let all = analyzer.tokens(query);
    let mut tokens: Vec<&Token> = all.iter().filter(|t| !t.stop).collect();
    if tokens.is_empty() {
        // "where is it?" — only stopwords: search them rather than nothing.
        tokens = all.iter().collect();
    }
    let still_typing =
        opts.prefix_last && query.chars().last().is_some_and(crate::text::is_word_char);
    let last_pos = all.last().map(|t| t.position);
    let query_terms: Vec<String> = tokens.iter().map(|t| t.term.clone()).collect();

    let n = bundle.len();
    let ndocs = n.max(1) as f32;
    let ix = bundle.index()?;
    let avg = ix.avg_field_lens();
    let mut total_idf = 0f32;
    let mut matched_terms = Vec::new();
    let terms = ix.terms();

    SCRATCH.with(|cell| {
        let mut guard = cell.borrow_mut();
        let sc = &mut *guard;
        sc.reset(n);
        for tok in tokens {
            let prefix = still_typing && Some(tok.position) == last_pos;
            let mut exps = expand(terms, tok, prefix, opts.typos);
            for syn in ix.synonyms_of(&tok.term) {
                if let Some(ord) = terms.get(syn) {
                    if !exps.iter().any(|e| e.ord == ord) {
                        exps.push(Expansion {
                            ord,
                            weight: SYNONYM_WEIGHT,
                            term: syn.to_string(),
                        });
                    }
                }
            }
            // An unknown word is maximally informative: the entry we lack is the one it names.
            let mut tok_idf = (1.0 + ndocs).ln();
            if let Some(best) = exps.iter().find(|e| e.weight >= 1.0) {
                tok_idf = idf(ix.doc_freq(best.ord)? as f32, ndocs);
            }
            total_idf += tok_idf;
            sc.tok_touched.clear();
            for e in &exps {
                let df = ix.doc_freq(e.ord)?;
                if df == 0 {
                    continue;
                }
                if !matched_terms.contains(&e.term) {
                    matched_terms.push(e.term.clone());
                }
                let term_idf = e.weight * idf(df as f32, ndocs);
                let (best, touched) = (&mut sc.token_best, &mut sc.tok_touched);
                ix.for_each_posting(e.ord, |p| {
                    let lens = ix.field_lens(p.doc);
                    let mut tf = 0f32;
                    for f in 0..FIELDS {
                        if p.tf[f] > 0 {
                            let norm = 1.0 - opts.field_b[f]
                                + opts.field_b[f] * f32::from(lens[f]) / avg[f];
                            tf += opts.field_weights[f] * f32::from(p.tf[f]) / norm;
                        }
                    }
                    let s = term_idf * tf * (opts.k1 + 1.0) / (opts.k1 + tf);
                    let slot = &mut best[p.doc as usize];
                    if *slot == 0.0 {
                        touched.push(p.doc);
                    }
                    if s > *slot {
                        *slot = s;
                    }
                })?;
            }
            for &d in &sc.tok_touched {
                let di = d as usize;
                if sc.scores[di] == 0.0 {
                    sc.touched.push(d);
                }
                sc.scores[di] += sc.token_best[di];
                sc.matched_idf[di] += tok_idf;
                sc.token_best[di] = 0.0;
            }
        }

        let mut hits: Vec<Hit> = sc
            .touched
            .iter()
            .map(|&d| Hit {
                doc: d,
                score: sc.scores[d as usize],
                confidence: if total_idf > 0.0 {
                    (sc.matched_idf[d as usize] / total_idf).min(1.0)
                } else {
                    0.0
                },
            })
            .collect();
        let order = |a: &Hit, b: &Hit| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc));
        // Rerank the best candidates by how closely their question matches the query's
        // word order: adjacent query words adjacent in the question, or the whole question.
        let keep = opts.limit.max(RERANK);
        if hits.len() > keep {
            hits.select_nth_unstable_by(keep - 1, order);
            hits.truncate(keep);
        }
        let pairs: Vec<(&str, &str)> = query_terms
            .windows(2)
            .map(|w| (w[0].as_str(), w[1].as_str()))
            .collect();
        if opts.phrase_boost > 0.0 && !pairs.is_empty() {
            let analyzer = bundle.analyzer();
            let mut prev = String::new();
            for h in &mut hits {
                let q = bundle.question(h.doc)?;
                prev.clear();
                let mut seen = 0u64;
                analyzer.each_term(q, |t| {
                    for (k, &(a, b)) in pairs.iter().enumerate().take(64) {
                        if b == t && a == prev {
                            seen |= 1 << k;
                        }
                    }
                    prev.clear();
                    prev.push_str(t);
                });
                let found = seen.count_ones();
                h.score *= 1.0 + opts.phrase_boost * found as f32 / pairs.len() as f32;
            }
        }
        if hits.len() > opts.limit && opts.limit > 0 {
            hits.select_nth_unstable_by(opts.limit - 1, order);
        }
        hits.truncate(opts.limit);
        hits.sort_unstable_by(order);
        Ok(Results {
            hits,
            matched_terms,
        })
    })
}

/// Per-query buffers, kept between queries so a search allocates only for its results.
/// Cleared through the touched lists, so the cost follows the postings read, not the size
/// of the bundle.
#[derive(Default)]
struct Scratch {
    scores: Vec<f32>,
    matched_idf: Vec<f32>,
    token_best: Vec<f32>,
    touched: Vec<u32>,
    tok_touched: Vec<u32>,
}

impl Scratch {
    fn reset(&mut self, n: usize) {
        for &d in &self.touched {
            let d = d as usize;
            if d < self.scores.len() {
                self.scores[d] = 0.0;
                self.matched_idf[d] = 0.0;
            }
        }
        self.touched.clear();
        for &d in &self.tok_touched {
            if let Some(slot) = self.token_best.get_mut(d as usize) {
                *slot = 0.0;
            }
        }
        self.tok_touched.clear();
        if self.scores.len() != n {
            self.scores = vec![0.0; n];
            self.matched_idf = vec![0.0; n];
            self.token_best = vec![0.0; n];
        }
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// Byte ranges of `text` whose analyzed term is one of `matched`: what the widget
/// wraps in `<mark>` so the shopper sees why an answer came up.
pub fn highlights(
    analyzer: &crate::text::Analyzer,
    text: &str,
    matched: &[String],
) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    analyzer.each(text, |t| {
        if !t.stop && matched.iter().any(|m| m == t.term) {
            match out.last_mut() {
                // CJK bigrams overlap: merge touching ranges.
                Some(last) if t.start <= last.1 => last.1 = last.1.max(t.end),
                _ => out.push((t.start, t.end)),
            }
        }
    });
    out
}

fn idf(df: f32, n: f32) -> f32 {
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

fn expand(terms: &fst::Map<Vec<u8>>, tok: &Token, prefix: bool, typos: bool) -> Vec<Expansion> {
    let mut out: Vec<Expansion> = Vec::new();
    let exact = terms.get(&tok.term);
    if let Some(ord) = exact {
        out.push(Expansion {
            ord,
            weight: 1.0,
            term: tok.term.clone(),
        });
    }
    let push = |out: &mut Vec<Expansion>, term: Vec<u8>, ord: u64, weight: f32| {
        if let Some(e) = out.iter_mut().find(|e| e.ord == ord) {
            e.weight = e.weight.max(weight);
        } else {
            out.push(Expansion {
                ord,
                weight,
                term: String::from_utf8_lossy(&term).into_owned(),
            });
        }
    };
    if prefix {
        for p in [&tok.term, &tok.folded] {
            let mut end = p.as_bytes().to_vec();
            // Upper bound of the prefix range: increment the last byte that is not 0xff.
            while let Some(&b) = end.last() {
                if b == 0xff {
                    end.pop();
                } else {
                    *end.last_mut().expect("non-empty") = b + 1;
                    break;
                }
            }
            let mut range = terms.range().ge(p.as_bytes());
            if !end.is_empty() {
                range = range.lt(&end);
            }
            let mut stream = range.into_stream();
            let mut n = 0;
            while let Some((term, ord)) = stream.next() {
                // Closer completions weigh more: "ship" → "shipment" beats "shipwreck-proof".
                let extra = term.len().saturating_sub(p.len()) as f32;
                push(&mut out, term.to_vec(), ord, 0.9 / (1.0 + 0.1 * extra));
                n += 1;
                if n >= MAX_PREFIX_EXPANSIONS {
                    break;
                }
            }
        }
    }
    let budget = typo_budget(&tok.folded);
    // A word that exists as typed is taken as meant ("shop" and "ship" are both words); only
    // unknown words are corrected.
    if typos && budget > 0 && exact.is_none() {
        if let Some(aut) = Levenshtein::new(&tok.term, budget) {
            let mut stream = terms.search(&aut).into_stream();
            let mut n = 0;
            while let Some((term, ord)) = stream.next() {
                let d = levenshtein::distance(tok.term.as_bytes(), term);
                if d == 0 {
                    continue;
                }
                push(
                    &mut out,
                    term.to_vec(),
                    ord,
                    if d == 1 { 0.6 } else { 0.35 },
                );
                n += 1;
                if n >= MAX_TYPO_EXPANSIONS {
                    break;
                }
            }
        }
    }
    out
}
