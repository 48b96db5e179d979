//! Stopword lists: the function words of each supported language, after folding.
//!
//! Kept short on purpose: words that carry meaning in shop questions ("not", "no", "free",
//! "off", "back") are not listed, so "not delivered" still differs from "delivered".

use super::Lang;

const EN: &[&str] = &[
    "a", "about", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been", "being",
    "but", "by", "can", "could", "did", "do", "does", "doing", "for", "from", "get", "got", "had",
    "has", "have", "having", "he", "hello", "her", "here", "hers", "hi", "him", "his", "how", "i",
    "if", "im", "in", "into", "is", "it", "its", "ive", "just", "me", "my", "myself", "of", "on",
    "or", "our", "ours", "please", "possible", "she", "should", "so", "some", "than", "thanks",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "too",
    "us", "was", "way", "we", "were", "what", "when", "where", "which", "while", "who", "whom",
    "why", "will", "with", "would", "you", "your", "yours",
];
const DE: &[&str] = &[
    "aber", "als", "am", "an", "auch", "auf", "aus", "bei", "bin", "bis", "bist", "da", "das",
    "dass", "dem", "den", "der", "des", "die", "du", "ein", "eine", "einem", "einen", "einer",
    "eines", "er", "es", "fur", "habe", "haben", "hat", "ich", "ihr", "im", "in", "ist", "ja",
    "kann", "mein", "meine", "mich", "mir", "mit", "nach", "oder", "sich", "sie", "sind", "so",
    "uber", "um", "und", "uns", "vom", "von", "wann", "war", "was", "welche", "welcher", "werden",
    "wie", "wir", "wird", "wo", "zu", "zum", "zur",
];
const FR: &[&str] = &[
    "a", "au", "aux", "avec", "c", "ce", "ces", "comment", "d", "dans", "de", "des", "du", "elle",
    "en", "est", "est-ce", "et", "eu", "il", "j", "je", "l", "la", "le", "les", "leur", "lui",
    "ma", "mais", "me", "mes", "moi", "mon", "n", "ne", "nos", "notre", "nous", "on", "ou", "par",
    "pour", "qu", "quand", "que", "quel", "quelle", "qui", "s", "sa", "se", "ses", "son", "sur",
    "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre", "vous", "y",
];
const ES: &[&str] = &[
    "a", "al", "como", "con", "cual", "cuando", "cuanto", "de", "del", "donde", "el", "en", "es",
    "esta", "este", "ha", "hay", "la", "las", "le", "les", "lo", "los", "mas", "me", "mi", "mis",
    "nos", "o", "para", "pero", "por", "puedo", "que", "se", "su", "sus", "te", "tu", "un", "una",
    "uno", "y", "yo",
];
const NL: &[&str] = &[
    "aan", "al", "als", "bij", "dat", "de", "den", "der", "die", "dit", "een", "en", "er", "had",
    "heb", "hebben", "het", "hij", "hoe", "ik", "in", "is", "je", "kan", "me", "met", "mijn", "na",
    "naar", "of", "om", "op", "te", "tot", "u", "uw", "van", "voor", "waar", "wanneer", "wat",
    "we", "wij", "worden", "wordt", "zal", "ze", "zijn",
];
const IT: &[&str] = &[
    "a", "ad", "al", "alla", "che", "chi", "ci", "come", "con", "da", "dal", "del", "della", "di",
    "dove", "e", "ed", "gli", "ha", "ho", "i", "il", "in", "io", "l", "la", "le", "lo", "ma", "mi",
    "mia", "mio", "ne", "nel", "nella", "per", "posso", "quale", "quando", "se", "si", "sono",
    "su", "un", "una", "uno",
];

/// True when `word` (already folded) is a stopword of `lang`.
pub fn is_stopword(lang: Lang, word: &str) -> bool {
    let list = match lang {
        Lang::En => EN,
        Lang::De => DE,
        Lang::Fr => FR,
        Lang::Es => ES,
        Lang::Nl => NL,
        Lang::It => IT,
        Lang::Other => return false,
    };
    list.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn lists_are_sorted_for_binary_search() {
        for list in [
            super::EN,
            super::DE,
            super::FR,
            super::ES,
            super::NL,
            super::IT,
        ] {
            assert!(
                list.windows(2).all(|w| w[0] < w[1]),
                "{:?}",
                list.windows(2).find(|w| w[0] >= w[1])
            );
        }
    }
}
