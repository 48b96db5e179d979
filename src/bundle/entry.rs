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
        let id = d.string()?;
        let question = d.string()?;
        let alternatives = d.strings()?;
        let tags = d.strings()?;
        let scope = Scope {
            pages: d.strings()?,
            skus: d.strings()?,
            handles: d.strings()?,
            collections: d.strings()?,
            product_tags: d.strings()?,
        };
        let n = d.count()?;
        let mut answer = Vec::with_capacity(n);
        for _ in 0..n {
            answer.push(match d.u8()? {
                0 => Block::Para {
                    children: decode_inlines(d, 0)?,
                },
                k @ (1 | 2) => {
                    let m = d.count()?;
                    let mut items = Vec::with_capacity(m);
                    for _ in 0..m {
                        items.push(decode_inlines(d, 0)?);
                    }
                    Block::List {
                        ordered: k == 2,
                        items,
                    }
                }
                3 => Block::Pre { text: d.string()? },
                _ => return Err(BundleError::Malformed("unknown answer block kind")),
            });
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

fn decode_inlines(d: &mut Dec<'_>, depth: u32) -> Result<Vec<Inline>, BundleError> {
    if depth > MAX_DEPTH {
        return Err(BundleError::Malformed("inline nesting too deep"));
    }
    let n = d.count()?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(match d.u8()? {
            0 => {
                let marks = d.u8()?;
                Inline::Text {
                    marks,
                    text: d.string()?,
                }
            }
            1 => {
                let href = d.str()?;
                // Re-checked on read: a bundle is input like any other.
                let href = safe_href(href)
                    .ok_or(BundleError::Malformed("link with an unsafe scheme"))?
                    .to_string();
                Inline::Link {
                    href,
                    children: decode_inlines(d, depth + 1)?,
                }
            }
            2 => Inline::Break,
            _ => return Err(BundleError::Malformed("unknown inline kind")),
        });
    }
    Ok(out)
}
