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
    out.extend(c.to_lowercase());
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
    }
}
