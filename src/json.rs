//! Writing JSON string literals: the one escaper behind every JSON the crate writes by hand
//! (page context, schema.org markup, contact and feedback bodies). No serde_json in the widget.

/// Appends `s` as a JSON string literal: quotes, backslashes and control characters escaped,
/// and `<`, `>`, `&`, U+2028/9 as `\u` escapes, so the text is also safe inside a `<script>`
/// and in JavaScript source. The escapes decode to the same string in any JSON parser.
pub(crate) fn push_str(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || matches!(c, '<' | '>' | '&' | '\u{2028}' | '\u{2029}') => {
                let n = c as u32;
                out.push_str("\\u");
                for shift in [12, 8, 4, 0] {
                    out.push(HEX[((n >> shift) & 15) as usize] as char);
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_what_json_and_script_need() {
        let mut o = String::new();
        super::push_str(&mut o, "a\"\\\n\u{1}<&>\u{2028}é");
        assert_eq!(o, r#""a\"\\\n\u0001\u003c\u0026\u003e\u2028é""#);
    }
}
