//! The text analyzer: one implementation, run by the CLI when it indexes and by the widget
//! when a shopper types, so both sides always agree on what a "term" is.
//!
//! Pipeline: fold (compatibility forms, case, diacritics) → segment (words; CJK as bigrams)
//! → drop stopwords → stem (light, rule-based, per language).

mod fold;
mod stem;
mod stop;
mod synonyms;

pub use fold::fold_char;
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
        let mut word = String::new();
        let mut word_start = 0;
        let mut cjk: Vec<(char, usize, usize)> = Vec::new();
        let mut position = 0u32;
        for (i, c) in text.char_indices() {
            let end = i + c.len_utf8();
            if is_cjk(c) {
                self.flush_word(&mut word, word_start, i, &mut position, &mut out);
                cjk.push((c, i, end));
                continue;
            }
            Self::flush_cjk(&mut cjk, &mut position, &mut out);
            if c.is_alphanumeric() || fold::is_combining(c) {
                if word.is_empty() {
                    word_start = i;
                }
                fold_char(c, &mut word);
            } else if (c == '\'' || c == '\u{2019}') && !word.is_empty() {
                // "don't" → "dont", "shop's" → "shops": apostrophes join, never split.
            } else {
                self.flush_word(&mut word, word_start, i, &mut position, &mut out);
            }
        }
        self.flush_word(&mut word, word_start, text.len(), &mut position, &mut out);
        Self::flush_cjk(&mut cjk, &mut position, &mut out);
        out
    }

    /// The non-stopword index terms of `text`, in order.
    pub fn terms(&self, text: &str) -> Vec<String> {
        self.tokens(text)
            .into_iter()
            .filter(|t| !t.stop)
            .map(|t| t.term)
            .collect()
    }

    fn flush_word(
        &self,
        word: &mut String,
        start: usize,
        end: usize,
        position: &mut u32,
        out: &mut Vec<Token>,
    ) {
        if word.is_empty() {
            return;
        }
        let mut folded = std::mem::take(word);
        // A fold can expand one char into several letters (ß → ss); cut at a char boundary.
        if folded.len() > MAX_TERM_BYTES {
            let mut cut = MAX_TERM_BYTES;
            while !folded.is_char_boundary(cut) {
                cut -= 1;
            }
            folded.truncate(cut);
        }
        let stop = stop::is_stopword(self.lang, &folded);
        let term = stem(self.lang, &folded);
        out.push(Token {
            term,
            folded,
            start,
            end,
            position: *position,
            stop,
        });
        *position += 1;
    }

    /// CJK runs have no spaces: index overlapping bigrams (a lone character stays a unigram).
    fn flush_cjk(run: &mut Vec<(char, usize, usize)>, position: &mut u32, out: &mut Vec<Token>) {
        if run.is_empty() {
            return;
        }
        if run.len() == 1 {
            let (c, s, e) = run[0];
            out.push(Token {
                term: c.to_string(),
                folded: c.to_string(),
                start: s,
                end: e,
                position: *position,
                stop: false,
            });
            *position += 1;
        } else {
            for w in run.windows(2) {
                let term: String = [w[0].0, w[1].0].iter().collect();
                out.push(Token {
                    folded: term.clone(),
                    term,
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
