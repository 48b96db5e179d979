//! Answers as data: a small tree of safe nodes parsed from Markdown at build time.
//!
//! The widget turns these into DOM nodes with `createElement` and text nodes, so nothing
//! in a bundle is ever parsed as HTML; links are limited to schemes that cannot run code.

use serde::Serialize;

/// Inline text styling, as bit flags, so one text run carries several marks.
pub mod mark {
    /// Emphasis (`*text*`).
    pub const EM: u8 = 1;
    /// Strong emphasis (`**text**`).
    pub const STRONG: u8 = 2;
    /// Inline code (`` `text` ``).
    pub const CODE: u8 = 4;
    /// Struck-through text (`~~text~~`).
    pub const STRIKE: u8 = 8;
}

/// A run of inline content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum Inline {
    /// Plain text with style marks (see [`mark`]).
    Text {
        /// The text, never interpreted as markup.
        text: String,
        /// Bit set of [`mark`] flags.
        #[serde(skip_serializing_if = "is_zero")]
        marks: u8,
    },
    /// A link; `href` is guaranteed to be `http:`, `https:`, `mailto:`, `tel:` or a relative path.
    Link {
        /// Target URL, already checked by [`safe_href`].
        href: String,
        /// Link text.
        children: Vec<Inline>,
    },
    /// A hard line break.
    Break,
}

fn is_zero(v: &u8) -> bool {
    *v == 0
}

/// A block of an answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum Block {
    /// A paragraph.
    Para {
        /// Paragraph content.
        children: Vec<Inline>,
    },
    /// A bulleted or numbered list; each item is one line of inline content.
    List {
        /// Numbered when true.
        ordered: bool,
        /// The items.
        items: Vec<Vec<Inline>>,
    },
    /// Preformatted text (code blocks, tables flattened to text).
    Pre {
        /// The text, verbatim.
        text: String,
    },
}

/// A whole answer.
pub type Answer = Vec<Block>;

/// Accepts a link target only if following it cannot execute script: `http(s):`, `mailto:`,
/// `tel:`, or a scheme-less relative URL. Returns the trimmed href, or `None`.
///
/// `//host/x` has no scheme but is not relative: browsers open it on `host`, and they read
/// `\\` as `/` in web addresses, so `\\host\x` and `/\host` go there too. An answer that
/// sends the shopper to another site spells it out (`https://…`), so those are refused.
pub fn safe_href(href: &str) -> Option<&str> {
    let h = href.trim();
    if h.is_empty() || h.chars().any(|c| c.is_control()) {
        return None;
    }
    let mut lead = h.chars().take(2);
    if lead.clone().count() == 2 && lead.all(|c| c == '/' || c == '\\') {
        return None;
    }
    let lower = h.to_ascii_lowercase();
    for scheme in ["https://", "http://", "mailto:", "tel:"] {
        if lower.starts_with(scheme) {
            return Some(h);
        }
    }
    // No scheme at all: a relative link ("/pages/returns", "#size-guide", "returns.html").
    let before_delim = h.split(['/', '?', '#']).next().unwrap_or("");
    if before_delim.contains(':') {
        None
    } else {
        Some(h)
    }
}

/// Plain text of an answer, for indexing and for snippets.
pub fn plain_text(answer: &[Block]) -> String {
    fn inline(out: &mut String, items: &[Inline]) {
        for i in items {
            match i {
                Inline::Text { text, .. } => out.push_str(text),
                Inline::Link { children, .. } => inline(out, children),
                Inline::Break => out.push('\n'),
            }
        }
    }
    let mut out = String::new();
    for b in answer {
        if !out.is_empty() {
            out.push('\n');
        }
        match b {
            Block::Para { children } => inline(&mut out, children),
            Block::List { items, .. } => {
                for (n, item) in items.iter().enumerate() {
                    if n > 0 {
                        out.push('\n');
                    }
                    inline(&mut out, item);
                }
            }
            Block::Pre { text } => out.push_str(text),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_harmless_links_pass() {
        assert_eq!(
            safe_href(" https://shop.example/a "),
            Some("https://shop.example/a")
        );
        assert_eq!(
            safe_href("mailto:help@shop.example"),
            Some("mailto:help@shop.example")
        );
        assert_eq!(
            safe_href("/pages/returns#policy"),
            Some("/pages/returns#policy")
        );
        assert_eq!(safe_href("javascript:alert(1)"), None);
        assert_eq!(safe_href("JaVaScRiPt:alert(1)"), None);
        assert_eq!(safe_href("data:text/html,x"), None);
        assert_eq!(safe_href("java\nscript:alert(1)"), None);
        assert_eq!(safe_href(""), None);
        for off_site in [
            "//evil.example/x",
            "\\\\evil.example\\x",
            "/\\evil.example",
            "\\/evil.example",
        ] {
            assert_eq!(safe_href(off_site), None, "{off_site}");
        }
        assert_eq!(safe_href("/pages/a\\b"), Some("/pages/a\\b"));
    }

    #[test]
    fn plain_text_joins_blocks() {
        let a = vec![
            Block::Para {
                children: vec![Inline::Text {
                    text: "Hi".into(),
                    marks: 0,
                }],
            },
            Block::List {
                ordered: false,
                items: vec![vec![Inline::Text {
                    text: "a".into(),
                    marks: mark::EM,
                }]],
            },
        ];
        assert_eq!(plain_text(&a), "Hi\na");
    }
}
