//! Stopword lists: the function words of each supported language, after folding.
//!
//! Kept short on purpose: words that carry meaning in shop questions ("not", "no", "free",
//! "off", "back") are not listed, so "not delivered" still differs from "delivered".

use super::Lang;

const EN: &[&str] = &[
    "a", "about", "am", "an", "and", "any", "are", "as", "at", "be", "been", "being", "but", "by",
    "can", "could", "did", "do", "does", "doing", "for", "from", "had", "has", "have", "having",
    "he", "her", "here", "hers", "him", "his", "how", "i", "if", "im", "in", "into", "is", "it",
    "its", "ive", "me", "my", "myself", "of", "on", "or", "our", "ours", "she", "should", "so",
    "some", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "to", "too", "us", "was", "we", "were", "what", "when", "where", "which", "while",
    "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "just", "also", "get",
    "got", "way", "possible", "please", "thanks", "hi", "hello",
];
const DE: &[&str] = &[
    "aber", "als", "am", "an", "auch", "auf", "aus", "bei", "bin", "bis", "bist", "da", "das",
    "dass", "dem", "den", "der", "des", "die", "du", "ein", "eine", "einem", "einen", "einer",
    "eines", "er", "es", "fur", "hat", "habe", "haben", "ich", "ihr", "im", "in", "ist", "ja",
    "kann", "mein", "meine", "mich", "mir", "mit", "nach", "oder", "sich", "sie", "sind", "so",
    "uber", "um", "und", "uns", "von", "vom", "war", "was", "wie", "wir", "wird", "wo", "zu",
    "zum", "zur", "wann", "welche", "welcher", "werden",
];
const FR: &[&str] = &[
    "a", "au", "aux", "avec", "ce", "ces", "comment", "dans", "de", "des", "du", "elle", "en",
    "est", "et", "eu", "il", "je", "la", "le", "les", "leur", "lui", "ma", "mais", "me", "mes",
    "moi", "mon", "ne", "nos", "notre", "nous", "on", "ou", "par", "pour", "qu", "que", "qui",
    "quand", "quel", "quelle", "sa", "se", "ses", "son", "sur", "ta", "te", "tes", "toi", "ton",
    "tu", "un", "une", "vos", "votre", "vous", "y", "l", "d", "j", "c", "s", "n", "est-ce",
];
const ES: &[&str] = &[
    "a", "al", "como", "con", "cuando", "de", "del", "donde", "el", "en", "es", "esta", "este",
    "ha", "la", "las", "le", "les", "lo", "los", "me", "mi", "mis", "mas", "nos", "o", "para",
    "pero", "por", "que", "se", "su", "sus", "te", "tu", "un", "una", "uno", "y", "yo", "hay",
    "puedo", "cual", "cuanto",
];
const NL: &[&str] = &[
    "aan", "al", "als", "bij", "dat", "de", "den", "der", "die", "dit", "een", "en", "er", "had",
    "heb", "hebben", "het", "hij", "hoe", "ik", "in", "is", "je", "kan", "me", "met", "mijn", "na",
    "naar", "of", "om", "op", "te", "tot", "u", "uw", "van", "voor", "waar", "wanneer", "wat",
    "we", "wij", "worden", "wordt", "zal", "ze", "zijn",
];
const IT: &[&str] = &[
    "a", "ad", "al", "alla", "che", "chi", "ci", "come", "con", "da", "dal", "della", "di", "del",
    "dove", "e", "ed", "gli", "ha", "ho", "i", "il", "in", "io", "la", "le", "lo", "ma", "mi",
    "mio", "mia", "ne", "nel", "nella", "per", "quando", "quale", "se", "si", "su", "sono", "un",
    "una", "uno", "l", "posso",
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
    list.contains(&word)
}
