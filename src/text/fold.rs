//! Character folding: compatibility forms (full-width Latin, ligatures), case and diacritics.
//!
//! A table instead of full Unicode normalization tables keeps the widget small; it covers the
//! Latin-1 Supplement, Latin Extended-A, full-width forms and combining marks, which is what
//! shop text in the supported European languages uses. Other scripts are lowercased as they are.

const LATIN1: &[u8; 32] = b"aaaaaa\0ceeeeiiiidnooooo\0ouuuuy\0\0";
const LATIN_EXT_A: &[u8; 128] = b"aaaaaaccccccccdd\
    ddeeeeeeeeeegggg\
    gggghhhhiiiiiiii\
    ii\0\0jjkkklllllll\
    lllnnnnnnnnnoooo\
    oo\0\0rrrrrrssssss\
    ssttttttuuuuuuuu\
    uuuuwwyyyzzzzzzs";

/// True for combining diacritical marks, which folding drops (so "e\u{301}" folds to "e").
pub(crate) fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF)
}

/// Appends the folded form of `c` to `out`: lowercase, without diacritics, compatibility
/// forms replaced by their plain letters. Combining marks append nothing.
pub fn fold_char(c: char, out: &mut String) {
    let cp = c as u32;
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if is_combining(c) {
        return;
    }
    let special = match cp {
        0xC6 | 0xE6 => Some("ae"),
        0xDE | 0xFE => Some("th"),
        0xDF | 0x1E9E => Some("ss"),
        0x132 | 0x133 => Some("ij"),
        0x152 | 0x153 => Some("oe"),
        0xFB00 => Some("ff"),
        0xFB01 => Some("fi"),
        0xFB02 => Some("fl"),
        0xFB03 => Some("ffi"),
        0xFB04 => Some("ffl"),
        0xFF => Some("y"),
        _ => None,
    };
    if let Some(s) = special {
        out.push_str(s);
        return;
    }
    let base = match cp {
        0xC0..=0xFF => LATIN1[((cp - 0xC0) & 31) as usize],
        0x100..=0x17F => LATIN_EXT_A[(cp - 0x100) as usize],
        // Full-width ASCII (common in CJK text) → ASCII.
        0xFF01..=0xFF5E => {
            let ascii = (cp - 0xFEE0) as u8;
            ascii.to_ascii_lowercase()
        }
        _ => 0,
    };
    if base != 0 {
        out.push(base as char);
        return;
    }
    out.push(lower(c));
}

/// Lowercase for the cased scripts shops write in (Greek, Cyrillic, Armenian, Latin
/// Extended-B/Additional) by block arithmetic, instead of the full Unicode case tables that
/// would weigh kilobytes in the widget. Other characters come back unchanged.
fn lower(c: char) -> char {
    let cp = c as u32;
    let l = match cp {
        // Greek capitals (U+03A2 is unassigned) and accented capitals.
        0x0391..=0x03A1 | 0x03A3..=0x03AB => cp + 32,
        0x0386 => 0x03AC,
        0x0388..=0x038A => cp + 37,
        0x038C => 0x03CC,
        0x038E..=0x038F => cp + 63,
        // Cyrillic: Ѐ–Џ, А–Я, and the paired blocks above.
        0x0400..=0x040F => cp + 80,
        0x0410..=0x042F => cp + 32,
        0x0460..=0x0481 | 0x048A..=0x04BF | 0x04D0..=0x052F if cp.is_multiple_of(2) => cp + 1,
        0x04C1..=0x04CE if cp % 2 == 1 => cp + 1,
        // Armenian.
        0x0531..=0x0556 => cp + 48,
        // Latin Extended-B pairs commonly used (Romanian ș/ț, etc.) and Latin Extended
        // Additional (Vietnamese), where capitals sit on even code points.
        0x0218..=0x021B | 0x1E00..=0x1E95 | 0x1EA0..=0x1EFF if cp.is_multiple_of(2) => cp + 1,
        _ => cp,
    };
    char::from_u32(l).unwrap_or(c)
}

/// True for characters that belong to words: letters and digits of any script. A compact
/// test (ASCII, then the punctuation, symbol and space blocks excluded) in place of the
/// Unicode alphanumeric tables, which would weigh kilobytes in the widget.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    !matches!(c as u32,
        0x0080..=0x00A9 | 0x00AB..=0x00B1 | 0x00B4 | 0x00B6..=0x00B8 | 0x00BB | 0x00BF
        | 0x00D7 | 0x00F7
        | 0x02C2..=0x02C5 | 0x02D2..=0x02DF
        | 0x037E | 0x0387 | 0x055A..=0x055F | 0x0589 | 0x05BE | 0x05C0 | 0x05C3 | 0x05F3..=0x05F4
        | 0x060C | 0x061B | 0x061F | 0x066A..=0x066D | 0x06D4
        | 0x0964..=0x0965 | 0x0E4F | 0x0E5A..=0x0E5B
        | 0x2000..=0x206F // spaces, dashes, quotes, bullets
        | 0x20A0..=0x20CF // currency signs
        | 0x2100..=0x214F // letterlike symbols (℃, №, ™)
        | 0x2190..=0x2BFF // arrows, math, technical, box drawing, shapes, dingbats
        | 0x2E00..=0x2E7F // supplemental punctuation
        | 0x3000..=0x3004 | 0x3008..=0x3020 | 0x3030 | 0x303D | 0x30FB // CJK punctuation
        | 0xFE10..=0xFE1F | 0xFE30..=0xFE6F // vertical and small forms
        | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 // full-width punctuation
        | 0xFFF0..=0xFFFF
        | 0xE000..=0xF8FF // private use
        | 0x1F000..=0x1FAFF // emoji and pictographs
    ) && !c.is_control()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            fold_char(c, &mut out);
        }
        out
    }

    #[test]
    fn tables_have_the_intended_shape() {
        assert_eq!(f("ÀÉÎÕÜÇÑÝ"), "aeioucny");
        assert_eq!(f("àéîõüçñýÿ"), "aeioucnyy");
        assert_eq!(
            f("ĀăĆčĎđĘěĞğĦĩİıĴĶĹłŃňŌőŔřŚšŢťŨůŰųŴŷŸŹžſ"),
            "aaccddeegghiiijkllnnoorrssttuuuuwyyzzs"
        );
        assert_eq!(f("ŒæÞß"), "oeaethss");
        assert_eq!(f("ﬁＡｚ！"), "fiaz!");
        assert_eq!(f("e\u{301}"), "e");
        assert_eq!(f("ΑΒΓ Жд"), "αβγ жд");
        assert_eq!(f("ΆΈΏ ЁЯ ԱՖ ȘȚ ẠỆ"), "άέώ ёя աֆ șț ạệ");
    }

    #[test]
    fn word_chars() {
        for c in [
            'a', 'Z', '7', 'é', 'ß', 'Ж', 'α', '配', 'カ', '한', 'ع', 'ª', '²',
        ] {
            assert!(is_word_char(c), "{c}");
        }
        for c in [
            ' ', '-', '\u{a0}', '€', '—', '“', '»', '・', '。', '、', '！', '😀', '™', '×',
            '\u{200b}',
        ] {
            assert!(!is_word_char(c), "{c:?}");
        }
    }
}
