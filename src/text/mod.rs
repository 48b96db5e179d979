//! The text analyzer: one implementation, run by the CLI when it indexes and by the widget
//! when a shopper types, so both sides always agree on what a "term" is.
//!
//! Pipeline: fold (compatibility forms, case, diacritics) → segment (words; CJK as bigrams)
//! → drop stopwords → stem (light, rule-based, per language).

mod fold;
mod stem;
mod stop;
mod synonyms;

pub use fold::{fold_char, is_word_char};
pub use stem::stem;
pub use synonyms::builtin as builtin_synonyms;

/// Languages with their own stopwords and stemming rules; anything else is analyzed
/// language-neutrally (folding and segmentation only), which degrades recall, not correctness.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English.
    En,
    /// German.
    De,
    /// French.
    Fr,
    /// Spanish.
    Es,
    /// Dutch.
    Nl,
    /// Italian.
    It,
    /// Any other language: no stopwords, no stemming.
    Other,
}

impl Lang {
    /// Reads a BCP 47 tag (`en`, `en-GB`, `de_AT`); unknown tags give [`Lang::Other`].
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        match primary.to_ascii_lowercase().as_str() {
            "en" => Lang::En,
            "de" => Lang::De,
            "fr" => Lang::Fr,
            "es" => Lang::Es,
            "nl" => Lang::Nl,
            "it" => Lang::It,
            _ => Lang::Other,
        }
    }

    /// Stable one-byte code stored in bundles.
    pub fn code(self) -> u8 {
        match self {
            Lang::En => 1,
            Lang::De => 2,
            Lang::Fr => 3,
            Lang::Es => 4,
            Lang::Nl => 5,
            Lang::It => 6,
            Lang::Other => 0,
        }
    }

    /// Inverse of [`Lang::code`]; unknown codes read as [`Lang::Other`].
    pub fn from_code(code: u8) -> Lang {
        match code {
            1 => Lang::En,
            2 => Lang::De,
            3 => Lang::Fr,
            4 => Lang::Es,
            5 => Lang::Nl,
            6 => Lang::It,
            _ => Lang::Other,
        }
    }
}

/// One analyzed token: the index term plus where it came from, so the widget can highlight
/// the shopper's own words and the ranker can tell a finished word from one being typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// The normalized, stemmed term as stored in the index.
    pub term: String,
    /// The folded surface form before stemming (used for prefix matching while typing).
    pub folded: String,
    /// Byte range of the token in the original text.
    pub start: usize,
    /// End of the byte range (exclusive).
    pub end: usize,
    /// Position among the text's tokens (stopwords count), for phrase proximity.
    pub position: u32,
    /// True for a stopword; kept in the stream so phrase positions stay honest.
    pub stop: bool,
}

/// True for a term that is almost certainly not a word a shopper types: long digit-letter
/// mixes (hashes, tracking codes, URL fragments) and runs over 24 bytes. The writer leaves
/// such terms of answer texts out of the index; questions, phrasings and tags keep them,
/// so a SKU named there is still found.
pub fn is_noise(term: &str) -> bool {
    term.len() > 24 || (term.len() > 4 && term.bytes().any(|b| b.is_ascii_digit()))
}

/// Analyzes text the same way at build and query time.
#[derive(Clone, Copy, Debug)]
pub struct Analyzer {
    lang: Lang,
}

/// Longest term kept, in bytes; longer runs (hashes, URLs) are truncated so the index stays small.
pub const MAX_TERM_BYTES: usize = 40;

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // Hiragana, Katakana
        | 0x3400..=0x4DBF // CJK Extension A
        | 0x4E00..=0x9FFF // CJK Unified Ideographs
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0xF900..=0xFAFF // CJK Compatibility Ideographs
        | 0x20000..=0x2FFFF)
}

impl Analyzer {
    /// An analyzer for the given language.
    pub fn new(lang: Lang) -> Analyzer {
        Analyzer { lang }
    }

    /// The analyzer's language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Splits, folds and stems `text`. Stopwords are returned with `stop = true`.
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        self.each(text, |t| {
            out.push(Token {
                term: t.term.to_string(),
                folded: t.folded.to_string(),
                start: t.start,
                end: t.end,
                position: t.position,
                stop: t.stop,
            })
        });
        out
    }

    /// The non-stopword index terms of `text`, in order.
    pub fn terms(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.each_term(text, |t| out.push(t.to_string()));
        out
    }

    /// Calls `f` with each non-stopword index term of `text`, without allocating per term:
    /// the indexing hot path.
    pub fn each_term(&self, text: &str, mut f: impl FnMut(&str)) {
        self.each(text, |t| {
            if !t.stop {
                f(t.term)
            }
        });
    }

    /// The one tokenizer loop behind every other method.
    pub fn each(&self, text: &str, mut f: impl FnMut(TokenRef<'_>)) {
        let mut word = String::new();
        let mut word_start = 0;
        let mut cjk: Vec<(char, usize, usize)> = Vec::new();
        let mut position = 0u32;
        for (i, c) in text.char_indices() {
            if is_cjk(c) {
                self.flush_word(&mut word, word_start, i, &mut position, &mut f);
                cjk.push((c, i, i + c.len_utf8()));
                continue;
            }
            flush_cjk(&mut cjk, &mut position, &mut f);
            if fold::is_word_char(c) || fold::is_combining(c) {
                if word.is_empty() {
                    word_start = i;
                }
                fold_char(c, &mut word);
            } else if (c == '\'' || c == '\u{2019}') && !word.is_empty() {
                // "don't" → "dont", "shop's" → "shops": apostrophes join, never split.
            } else {
                self.flush_word(&mut word, word_start, i, &mut position, &mut f);
            }
        }
        self.flush_word(&mut word, word_start, text.len(), &mut position, &mut f);
        flush_cjk(&mut cjk, &mut position, &mut f);
    }

    fn flush_word(
        &self,
        word: &mut String,
        start: usize,
        end: usize,
        position: &mut u32,
        f: &mut impl FnMut(TokenRef<'_>),
    ) {
        if word.is_empty() {
            return;
        }
        // A fold can expand one char into several letters (ß → ss); cut at a char boundary.
        if word.len() > MAX_TERM_BYTES {
            let mut cut = MAX_TERM_BYTES;
            while !word.is_char_boundary(cut) {
                cut -= 1;
            }
            word.truncate(cut);
        }
        f(TokenRef {
            term: stem(self.lang, word),
            folded: word,
            start,
            end,
            position: *position,
            stop: stop::is_stopword(self.lang, word),
        });
        *position += 1;
        word.clear();
    }
}

/// A token borrowed from the analyzer's buffers (see [`Analyzer::each`]).
#[derive(Clone, Copy, Debug)]
pub struct TokenRef<'a> {
    /// The index term.
    pub term: &'a str,
    /// The folded surface form.
    pub folded: &'a str,
    /// Byte offset in the original text.
    pub start: usize,
    /// End of the byte range (exclusive).
    pub end: usize,
    /// Position among the text's tokens.
    pub position: u32,
    /// True for a stopword.
    pub stop: bool,
}

/// CJK runs have no spaces: index overlapping bigrams (a lone character stays a unigram).
fn flush_cjk(
    run: &mut Vec<(char, usize, usize)>,
    position: &mut u32,
    f: &mut impl FnMut(TokenRef<'_>),
) {
    let mut buf = [0u8; 8];
    if run.len() == 1 {
        let (c, s, e) = run[0];
        let t = c.encode_utf8(&mut buf);
        f(TokenRef {
            term: t,
            folded: t,
            start: s,
            end: e,
            position: *position,
            stop: false,
        });
        *position += 1;
    } else {
        for w in run.windows(2) {
            let n = w[0].0.encode_utf8(&mut buf).len();
            let m = w[1].0.encode_utf8(&mut buf[n..]).len();
            let t = std::str::from_utf8(&buf[..n + m]).expect("two encoded chars");
            f(TokenRef {
                term: t,
                folded: t,
                start: w[0].1,
                end: w[1].2,
                position: *position,
                stop: false,
            });
            *position += 1;
        }
    }
    run.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(lang: Lang, s: &str) -> Vec<String> {
        Analyzer::new(lang).terms(s)
    }

    #[test]
    fn folds_case_and_diacritics() {
        assert_eq!(terms(Lang::Other, "Crème BRÛLÉE"), vec!["creme", "brulee"]);
        assert_eq!(terms(Lang::Other, "Straße"), vec!["strasse"]);
        assert_eq!(terms(Lang::Other, "ＡＢＣ１２"), vec!["abc12"]);
    }

    #[test]
    fn english_stopwords_and_stems() {
        assert_eq!(
            terms(Lang::En, "How long does shipping take?"),
            vec!["long", "ship", "tak"]
        );
        assert_eq!(terms(Lang::En, "returns"), terms(Lang::En, "return"));
        assert_eq!(terms(Lang::En, "delivered"), terms(Lang::En, "delivery"));
    }

    #[test]
    fn cjk_bigrams() {
        assert_eq!(terms(Lang::Other, "配送料金"), vec!["配送", "送料", "料金"]);
        assert_eq!(terms(Lang::Other, "送"), vec!["送"]);
        assert_eq!(terms(Lang::Other, "abc配送"), vec!["abc", "配送"]);
    }

    #[test]
    fn apostrophes_join() {
        assert_eq!(terms(Lang::Other, "don't"), vec!["dont"]);
    }

    #[test]
    fn offsets_point_into_original() {
        let text = "Où est ma commande?";
        for t in Analyzer::new(Lang::Fr).tokens(text) {
            assert!(text.get(t.start..t.end).is_some());
        }
    }

    #[test]
    fn long_runs_are_truncated_at_char_boundary() {
        let s = "ß".repeat(50);
        let t = Analyzer::new(Lang::Other).tokens(&s);
        assert!(t[0].folded.len() <= MAX_TERM_BYTES);
    }
}
