//! Stopword lists: the function words of each supported language, after folding.
//!
//! Kept short on purpose: words that carry meaning in shop questions ("not", "no", "free",
//! "off", "back") are not listed, so "not delivered" still differs from "delivered".

use super::Lang;

const EN: Words = Words::new(
    "a about also am an and any are as at be been being but by can could did do does doing \
     for from get got had has have having he hello her here hers hi him his how i if im in \
     into is it its ive just me my myself of on or our ours please possible she should so \
     some than thanks that the their them then there these they this those to too us was way \
     we were what when where which while who whom why will with would you your yours",
);
const DE: Words = Words::new(
    "aber als am an auch auf aus bei bin bis bist da das dass dem den der des die du ein eine \
     einem einen einer eines er es fur habe haben hat ich ihr im in ist ja kann mein meine \
     mich mir mit nach oder sich sie sind so uber um und uns vom von wann war was welche \
     welcher werden wie wir wird wo zu zum zur",
);
const FR: Words = Words::new(
    "a au aux avec c ce ces comment d dans de des du elle en est est-ce et eu il j je l la le \
     les leur lui ma mais me mes moi mon n ne nos notre nous on ou par pour qu quand que quel \
     quelle qui s sa se ses son sur ta te tes toi ton tu un une vos votre vous y",
);
const ES: Words = Words::new(
    "a al como con cual cuando cuanto de del donde el en es esta este ha hay la las le les lo \
     los mas me mi mis nos o para pero por puedo que se su sus te tu un una uno y yo",
);
const NL: Words = Words::new(
    "aan al als bij dat de den der die dit een en er had heb hebben het hij hoe ik in is je \
     kan me met mijn na naar of om op te tot u uw van voor waar wanneer wat we wij worden \
     wordt zal ze zijn",
);
const IT: Words = Words::new(
    "a ad al alla che chi ci come con da dal del della di dove e ed gli ha ho i il in io l la \
     le lo ma mi mia mio ne nel nella per posso quale quando se si sono su un una uno",
);

/// A sorted, space-separated word list with the offset where each initial letter starts,
/// computed at compile time: a compact table in the widget (no pointer per word) that is
/// still searched only among words sharing the first letter.
struct Words {
    text: &'static str,
    starts: [u16; 27],
}

impl Words {
    const fn new(text: &'static str) -> Words {
        let b = text.as_bytes();
        let mut starts = [u16::MAX; 27];
        let mut i = 0;
        while i < b.len() {
            if (i == 0 || b[i - 1] == b' ') && b[i].is_ascii_lowercase() {
                let k = (b[i] - b'a') as usize;
                if starts[k] == u16::MAX {
                    starts[k] = i as u16;
                }
            }
            i += 1;
        }
        starts[26] = b.len() as u16;
        let mut k = 26;
        while k > 0 {
            k -= 1;
            if starts[k] == u16::MAX {
                starts[k] = starts[k + 1];
            }
        }
        Words { text, starts }
    }

    fn contains(&self, word: &str) -> bool {
        let Some(&first) = word.as_bytes().first() else {
            return false;
        };
        if !first.is_ascii_lowercase() {
            return false;
        }
        let k = (first - b'a') as usize;
        let (a, b) = (self.starts[k] as usize, self.starts[k + 1] as usize);
        self.text[a..b].split(' ').any(|w| w == word)
    }
}

/// True when `word` (already folded) is a stopword of `lang`.
pub fn is_stopword(lang: Lang, word: &str) -> bool {
    let list = match lang {
        Lang::En => &EN,
        Lang::De => &DE,
        Lang::Fr => &FR,
        Lang::Es => &ES,
        Lang::Nl => &NL,
        Lang::It => &IT,
        Lang::Other => return false,
    };
    list.contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_and_every_word_is_found() {
        for list in [&EN, &DE, &FR, &ES, &NL, &IT] {
            let words: Vec<&str> = list.text.split(' ').collect();
            assert!(
                words.windows(2).all(|w| w[0] < w[1]),
                "{:?}",
                words.windows(2).find(|w| w[0] >= w[1])
            );
            for w in &words {
                assert!(list.contains(w), "{w}");
                assert!(!list.contains(&format!("{w}qq")));
            }
        }
        assert!(is_stopword(Lang::En, "the"));
        assert!(!is_stopword(Lang::En, "shipping"));
        assert!(!is_stopword(Lang::En, ""));
    }
}
