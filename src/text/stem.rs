//! Light stemmers: strip inflectional and common derivational suffixes so that "shipping",
//! "shipped" and "shipment" meet at one term.
//!
//! They are rule lists in the spirit of Savoy's light stemmers rather than full Snowball
//! machines: a fraction of the code size in the widget, and recall on short shop questions
//! is about the same. Each rule strips the longest matching suffix while a minimum stem
//! length remains; then a few clean-ups run (final vowel, doubled consonant).

use super::Lang;

/// (suffix, minimum stem length left after stripping)
type Rules = &'static [(&'static str, usize)];

const EN: Rules = &[
    ("izations", 3),
    ("ization", 3),
    ("ational", 3),
    ("fulness", 3),
    ("iveness", 3),
    ("ousness", 3),
    ("ations", 3),
    ("ation", 3),
    ("ements", 3),
    ("ement", 3),
    ("ments", 3),
    ("ment", 3),
    ("nesses", 3),
    ("ness", 3),
    ("ities", 3),
    ("ity", 3),
    ("ably", 3),
    ("ables", 3),
    ("able", 3),
    ("ibly", 3),
    ("ible", 3),
    ("ingly", 3),
    ("edly", 3),
    ("ings", 3),
    ("ing", 3),
    ("ies", 3),
    ("ied", 3),
    ("iers", 3),
    ("ier", 3),
    ("iest", 3),
    ("ed", 3),
    ("ives", 4),
    ("ive", 4),
    ("als", 4),
    ("al", 4),
    ("fully", 3),
    ("ful", 3),
    ("ly", 4),
    ("es", 3),
    ("s", 3),
];
const DE: Rules = &[
    ("ungen", 3),
    ("ung", 3),
    ("heiten", 3),
    ("heit", 3),
    ("keiten", 3),
    ("keit", 3),
    ("lich", 3),
    ("ern", 3),
    ("em", 3),
    ("en", 3),
    ("er", 3),
    ("es", 3),
    ("e", 3),
    ("s", 3),
    ("n", 4),
    ("t", 4),
];
const FR: Rules = &[
    ("issements", 3),
    ("issement", 3),
    ("ements", 3),
    ("ement", 3),
    ("ations", 3),
    ("ation", 3),
    ("euses", 3),
    ("euse", 3),
    ("eux", 3),
    ("aux", 3),
    ("ees", 3),
    ("ee", 3),
    ("es", 3),
    ("er", 3),
    ("ez", 3),
    ("e", 3),
    ("s", 3),
    ("x", 3),
];
const ES: Rules = &[
    ("aciones", 3),
    ("acion", 3),
    ("amente", 3),
    ("mente", 3),
    ("idades", 3),
    ("idad", 3),
    ("iendo", 3),
    ("ando", 3),
    ("ados", 3),
    ("adas", 3),
    ("ado", 3),
    ("ada", 3),
    ("es", 3),
    ("os", 3),
    ("as", 3),
    ("ar", 3),
    ("er", 3),
    ("ir", 3),
    ("s", 3),
    ("o", 3),
    ("a", 3),
    ("e", 3),
];
const NL: Rules = &[
    ("heden", 3),
    ("heid", 3),
    ("ingen", 3),
    ("ing", 3),
    ("tjes", 3),
    ("tje", 3),
    ("jes", 3),
    ("je", 3),
    ("en", 3),
    ("er", 4),
    ("es", 3),
    ("s", 3),
    ("e", 3),
];
const IT: Rules = &[
    ("azioni", 3),
    ("azione", 3),
    ("amente", 3),
    ("mente", 3),
    ("ando", 3),
    ("endo", 3),
    ("ati", 3),
    ("ate", 3),
    ("ato", 3),
    ("ata", 3),
    ("are", 3),
    ("ere", 3),
    ("ire", 3),
    ("i", 3),
    ("e", 3),
    ("o", 3),
    ("a", 3),
];

fn rules(lang: Lang) -> Option<Rules> {
    Some(match lang {
        Lang::En => EN,
        Lang::De => DE,
        Lang::Fr => FR,
        Lang::Es => ES,
        Lang::Nl => NL,
        Lang::It => IT,
        Lang::Other => return None,
    })
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// Stems a folded word. Stemming here only ever removes a suffix, so the stem is a prefix
/// of the word and comes back as a borrowed slice (no allocation on the indexing hot path).
/// Words with digits, very short words and words in scripts without rules come back whole.
pub fn stem(lang: Lang, word: &str) -> &str {
    let Some(rules) = rules(lang) else {
        return word;
    };
    if word.len() <= 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word;
    }
    let mut w = word;
    let last = word.as_bytes()[word.len() - 1];
    for &(suffix, min) in rules {
        // Cheap reject on the last byte before comparing whole suffixes.
        if suffix.as_bytes()[suffix.len() - 1] != last {
            continue;
        }
        if w.len() >= suffix.len() + min && w.ends_with(suffix) {
            let stem = &w[..w.len() - suffix.len()];
            // English plural "s": keep "ss", "us", "is" endings (address, status, analysis).
            if lang == Lang::En
                && suffix == "s"
                && (stem.ends_with('s') || stem.ends_with('u') || stem.ends_with('i'))
            {
                continue;
            }
            // A stem needs a vowel, or "rings" would become "r".
            if !stem.bytes().any(is_vowel) {
                continue;
            }
            w = stem;
            break;
        }
    }
    let b = w.as_bytes();
    let mut n = b.len();
    if lang == Lang::En {
        // deliver-y / deliver-i-es / happi-ness: a final e, y or i is not part of the stem.
        while n > 3 && matches!(b[n - 1], b'e' | b'y' | b'i') {
            n -= 1;
        }
    }
    // shipp-ed → ship, cancell-ation → cancel.
    if n > 3 && b[n - 1] == b[n - 2] && !is_vowel(b[n - 1]) && b[n - 1] != b's' {
        n -= 1;
    }
    &w[..n]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(lang: Lang, words: &[&str]) {
        let first = stem(lang, words[0]);
        for w in words {
            assert_eq!(stem(lang, w), first, "{w} vs {}", words[0]);
        }
    }

    #[test]
    fn english_families_meet() {
        same(
            Lang::En,
            &[
                "ship",
                "ships",
                "shipping",
                "shipped",
                "shipment",
                "shipments",
            ],
        );
        same(
            Lang::En,
            &[
                "deliver",
                "delivery",
                "deliveries",
                "delivered",
                "delivering",
            ],
        );
        same(Lang::En, &["return", "returns", "returned", "returning"]);
        same(
            Lang::En,
            &[
                "cancel",
                "cancelled",
                "canceled",
                "cancellation",
                "cancelling",
            ],
        );
        same(Lang::En, &["track", "tracking", "tracked"]);
        same(Lang::En, &["size", "sizes", "sizing"]);
        same(Lang::En, &["box", "boxes"]);
        assert_eq!(stem(Lang::En, "address"), "address");
        assert_eq!(stem(Lang::En, "status"), "status");
        assert_eq!(stem(Lang::En, "order"), "order");
    }

    #[test]
    fn other_languages_strip_plurals() {
        same(Lang::De, &["lieferung", "lieferungen"]);
        same(Lang::Fr, &["livraison", "livraisons"]);
        same(Lang::Es, &["envio", "envios"]);
        same(Lang::Nl, &["bestelling", "bestellingen"]);
        same(Lang::It, &["spedizione", "spedizioni"]);
    }

    #[test]
    fn leaves_unknown_and_numeric_words() {
        assert_eq!(stem(Lang::Other, "shipping"), "shipping");
        assert_eq!(stem(Lang::En, "a4s"), "a4s");
    }
}
