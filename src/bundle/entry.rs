//! One FAQ or product Q&A entry: the type the CLI builds from sources, the writer encodes,
//! and the reader hands back — one type on both sides of the format.

use super::codec::{Dec, Enc};
use super::Field;
use crate::doc::{plain_text, safe_href, Answer, Block, Inline};
use crate::error::BundleError;
use serde::Serialize;

/// Where an entry belongs. Empty lists mean "anywhere".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Scope {
    /// Page types (`product`, `order_confirmation`, `cart`, `collection`, `faq`, `any`).
    pub pages: Vec<String>,
    /// Product SKUs.
    pub skus: Vec<String>,
    /// Product handles (URL slugs).
    pub handles: Vec<String>,
    /// Collection handles.
    pub collections: Vec<String>,
    /// Product tags.
    pub product_tags: Vec<String>,
}

impl Scope {
    /// True when the entry is not restricted to particular products.
    pub fn is_general(&self) -> bool {
        self.skus.is_empty()
            && self.handles.is_empty()
            && self.collections.is_empty()
            && self.product_tags.is_empty()
    }
}

/// A question with its answer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// Stable identifier, unique in the bundle (from the source, or derived from the question).
    pub id: String,
    /// The question as shown.
    pub question: String,
    /// Other ways shoppers ask the same thing; searched, not shown.
    pub alternatives: Vec<String>,
    /// The answer as a safe node list.
    pub answer: Answer,
    /// Topic tags (`shipping`, `returns`…).
    pub tags: Vec<String>,
    /// Where the entry applies.
    pub scope: Scope,
}

impl Entry {
    /// The text of each indexed field.
    pub fn field_texts(&self) -> [(Field, String); 4] {
        [
            (Field::Question, self.question.clone()),
            (Field::Alternatives, self.alternatives.join("\n")),
            (Field::Tags, self.tags.join(" ")),
            (Field::Answer, plain_text(&self.answer)),
        ]
    }

    pub(crate) fn encode(&self, e: &mut Enc) {
        e.str(&self.id);
        e.str(&self.question);
        e.strs(&self.alternatives);
        e.strs(&self.tags);
        e.strs(&self.scope.pages);
        e.strs(&self.scope.skus);
        e.strs(&self.scope.handles);
        e.strs(&self.scope.collections);
        e.strs(&self.scope.product_tags);
        e.usize(self.answer.len());
        for b in &self.answer {
            match b {
                Block::Para { children } => {
                    e.u8(0);
                    encode_inlines(e, children);
                }
                Block::List { ordered, items } => {
                    e.u8(if *ordered { 2 } else { 1 });
                    e.usize(items.len());
                    for item in items {
                        encode_inlines(e, item);
                    }
                }
                Block::Pre { text } => {
                    e.u8(3);
                    e.str(text);
                }
            }
        }
    }

    pub(crate) fn decode(d: &mut Dec<'_>) -> Result<Entry, BundleError> {
        read(d, true)
    }

    /// Checks one entry exactly as [`Entry::decode`] does, without building it: opening a
    /// bundle walks every entry this way, allocating nothing.
    pub(crate) fn check(d: &mut Dec<'_>) -> Result<(), BundleError> {
        read(d, false).map(drop)
    }
}

/// The one reader of an entry: with `keep` it builds the [`Entry`], without it it runs the same
/// checks and returns an empty one (empty `String`s and `Vec`s do not allocate).
fn read(d: &mut Dec<'_>, keep: bool) -> Result<Entry, BundleError> {
    let text = |d: &mut Dec<'_>| -> Result<String, BundleError> {
        let s = d.str()?;
        Ok(if keep { s.to_string() } else { String::new() })
    };
    let texts = |d: &mut Dec<'_>| -> Result<Vec<String>, BundleError> {
        let n = d.count()?;
        let mut out = Vec::with_capacity(if keep { n } else { 0 });
        for _ in 0..n {
            let s = d.str()?;
            if keep {
                out.push(s.to_string());
            }
        }
        Ok(out)
    };
    let id = text(d)?;
    let question = text(d)?;
    let alternatives = texts(d)?;
    let tags = texts(d)?;
    let scope = Scope {
        pages: texts(d)?,
        skus: texts(d)?,
        handles: texts(d)?,
        collections: texts(d)?,
        product_tags: texts(d)?,
    };
    let n = d.count()?;
    let mut answer = Vec::with_capacity(if keep { n } else { 0 });
    for _ in 0..n {
        let block = match d.u8()? {
            0 => Block::Para {
                children: read_inlines(d, 0, keep)?,
            },
            k @ (1 | 2) => {
                let m = d.count()?;
                let mut items = Vec::with_capacity(if keep { m } else { 0 });
                for _ in 0..m {
                    let item = read_inlines(d, 0, keep)?;
                    if keep {
                        items.push(item);
                    }
                }
                Block::List {
                    ordered: k == 2,
                    items,
                }
            }
            3 => Block::Pre { text: text(d)? },
            _ => return Err(BundleError::Malformed("unknown answer block kind")),
        };
        if keep {
            answer.push(block);
        }
    }
    Ok(Entry {
        id,
        question,
        alternatives,
        answer,
        tags,
        scope,
    })
}

fn encode_inlines(e: &mut Enc, items: &[Inline]) {
    e.usize(items.len());
    for i in items {
        match i {
            Inline::Text { text, marks } => {
                e.u8(0);
                e.u8(*marks);
                e.str(text);
            }
            Inline::Link { href, children } => {
                e.u8(1);
                e.str(href);
                encode_inlines(e, children);
            }
            Inline::Break => e.u8(2),
        }
    }
}

/// Nesting is only possible through links, and links never nest in Markdown; a depth limit
/// keeps hostile input from recursing deeply.
const MAX_DEPTH: u32 = 4;

fn read_inlines(d: &mut Dec<'_>, depth: u32, keep: bool) -> Result<Vec<Inline>, BundleError> {
    if depth > MAX_DEPTH {
        return Err(BundleError::Malformed("inline nesting too deep"));
    }
    let n = d.count()?;
    let mut out = Vec::with_capacity(if keep { n } else { 0 });
    for _ in 0..n {
        let inline = match d.u8()? {
            0 => {
                let marks = d.u8()?;
                let text = d.str()?;
                Inline::Text {
                    marks,
                    text: if keep {
                        text.to_string()
                    } else {
                        String::new()
                    },
                }
            }
            1 => {
                let href = d.str()?;
                // Re-checked on read: a bundle is input like any other.
                let href =
                    safe_href(href).ok_or(BundleError::Malformed("link with an unsafe scheme"))?;
                Inline::Link {
                    href: if keep {
                        href.to_string()
                    } else {
                        String::new()
                    },
                    children: read_inlines(d, depth + 1, keep)?,
                }
            }
            2 => Inline::Break,
            _ => return Err(BundleError::Malformed("unknown inline kind")),
        };
        if keep {
            out.push(inline);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text {
            text: s.into(),
            marks: crate::doc::mark::STRONG,
        }
    }

    #[test]
    fn checking_accepts_exactly_what_decoding_accepts() {
        let entry = Entry {
            id: "returns".into(),
            question: "Can I return it?".into(),
            alternatives: vec!["refund".into(), "返品".into()],
            tags: vec!["returns".into()],
            scope: Scope {
                skus: vec!["AB-1".into()],
                ..Scope::default()
            },
            answer: vec![
                Block::Para {
                    children: vec![
                        text("Within 30 days"),
                        Inline::Break,
                        Inline::Link {
                            href: "https://example.com/returns".into(),
                            children: vec![text("our form")],
                        },
                    ],
                },
                Block::List {
                    ordered: true,
                    items: vec![vec![text("pack it")], vec![text("post it")]],
                },
                Block::Pre {
                    text: "RMA-123".into(),
                },
            ],
        };
        let mut e = Enc::default();
        entry.encode(&mut e);
        let run = |b: &[u8]| {
            let (mut d1, mut d2) = (Dec::new(b, "t"), Dec::new(b, "t"));
            let decoded = Entry::decode(&mut d1).map(drop);
            let checked = Entry::check(&mut d2);
            assert_eq!(decoded, checked, "{b:?}");
            if decoded.is_ok() {
                assert_eq!(d1.remaining(), d2.remaining());
            }
            decoded.is_ok()
        };
        assert!(run(&e.buf));
        assert_eq!(Entry::decode(&mut Dec::new(&e.buf, "t")).unwrap(), entry);
        let mut rejected = 0;
        for i in 0..e.buf.len() {
            for x in [0x01u8, 0x02, 0x80, 0xff] {
                let mut b = e.buf.clone();
                b[i] ^= x;
                rejected += usize::from(!run(&b));
            }
            rejected += usize::from(!run(&e.buf[..i]));
        }
        assert!(rejected > e.buf.len(), "the damage reached the checks");
    }
}
