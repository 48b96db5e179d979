//! Markdown → safe answer nodes, with a real CommonMark parser (pulldown-cmark).
//!
//! Raw HTML in the source is kept as visible text, never as markup; links with schemes that
//! could run code are reported and dropped to their text.

use crate::doc::{mark, safe_href, Answer, Block, Inline};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// A problem found while converting, at a byte offset of the Markdown text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MdIssue {
    /// Byte offset in the Markdown text.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: &'static str,
}

#[derive(Default)]
struct Builder {
    blocks: Answer,
    /// Inline containers being filled: the bottom one is the current block's content,
    /// each open link pushes one more.
    stack: Vec<Vec<Inline>>,
    links: Vec<Option<String>>,
    marks: u8,
    list: Option<(bool, Vec<Vec<Inline>>)>,
    list_depth: u32,
    pre: Option<String>,
}

impl Builder {
    fn text(&mut self, text: &str, extra: u8) {
        if let Some(pre) = &mut self.pre {
            pre.push_str(text);
            return;
        }
        if self.stack.is_empty() {
            self.stack.push(Vec::new());
        }
        let marks = self.marks | extra;
        let top = self.stack.last_mut().expect("non-empty");
        if let Some(Inline::Text { text: t, marks: m }) = top.last_mut() {
            if *m == marks {
                t.push_str(text);
                return;
            }
        }
        top.push(Inline::Text {
            text: text.to_string(),
            marks,
        });
    }

    fn end_inline_block(&mut self) {
        let mut content = Vec::new();
        while let Some(c) = self.stack.pop() {
            // Unclosed links (cannot happen with a well-formed event stream) fold into text.
            let mut c = c;
            c.append(&mut content);
            content = c;
        }
        trim(&mut content);
        if content.is_empty() {
            return;
        }
        if let Some((_, items)) = &mut self.list {
            items.push(content);
        } else {
            self.blocks.push(Block::Para { children: content });
        }
    }
}

fn trim(content: &mut Vec<Inline>) {
    if let Some(Inline::Text { text, .. }) = content.first_mut() {
        *text = text.trim_start().to_string();
    }
    if let Some(Inline::Text { text, .. }) = content.last_mut() {
        *text = text.trim_end().to_string();
    }
    content.retain(|i| !matches!(i, Inline::Text { text, .. } if text.is_empty()));
}

/// Converts Markdown to answer blocks; problems are returned beside the result.
pub fn to_answer(md: &str) -> (Answer, Vec<MdIssue>) {
    let mut b = Builder::default();
    let mut issues = Vec::new();
    let opts = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES;
    for (ev, range) in Parser::new_ext(md, opts).into_offset_iter() {
        match ev {
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell) => {}
            // Inside a list a paragraph ends an item (loose lists put items in paragraphs).
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_)) => b.end_inline_block(),
            Event::End(TagEnd::TableCell) => b.text(" | ", 0),
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => b.end_inline_block(),
            Event::Start(Tag::List(start)) => {
                b.end_inline_block();
                b.list_depth += 1;
                if b.list.is_none() {
                    b.list = Some((start.is_some(), Vec::new()));
                }
            }
            Event::End(TagEnd::List(_)) => {
                b.end_inline_block();
                // Nested lists are flattened into the outer one; close on the outermost end.
                b.list_depth = b.list_depth.saturating_sub(1);
                if b.list_depth == 0 {
                    if let Some((ordered, items)) = b.list.take() {
                        if !items.is_empty() {
                            b.blocks.push(Block::List { ordered, items });
                        }
                    }
                }
            }
            Event::Start(Tag::Item) => b.end_inline_block(),
            Event::End(TagEnd::Item) => b.end_inline_block(),
            Event::Start(Tag::Emphasis) => b.marks |= mark::EM,
            Event::End(TagEnd::Emphasis) => b.marks &= !mark::EM,
            Event::Start(Tag::Strong) => b.marks |= mark::STRONG,
            Event::End(TagEnd::Strong) => b.marks &= !mark::STRONG,
            Event::Start(Tag::Strikethrough) => b.marks |= mark::STRIKE,
            Event::End(TagEnd::Strikethrough) => b.marks &= !mark::STRIKE,
            Event::Start(Tag::CodeBlock(_)) => {
                b.end_inline_block();
                b.pre = Some(String::new());
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(text) = b.pre.take() {
                    b.blocks.push(Block::Pre {
                        text: text.trim_end().to_string(),
                    });
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let href = match safe_href(&dest_url) {
                    Some(h) => Some(h.to_string()),
                    None => {
                        issues.push(MdIssue {
                            offset: range.start,
                            message: format!("link target `{dest_url}` is not allowed"),
                            hint: "links may use https:, http:, mailto:, tel: or a path on this shop's site (/pages/returns); write a link to another site in full (https://…)",
                        });
                        None
                    }
                };
                b.links.push(href);
                if b.stack.is_empty() {
                    b.stack.push(Vec::new());
                }
                b.stack.push(Vec::new());
            }
            Event::End(TagEnd::Link) => {
                let children = b.stack.pop().unwrap_or_default();
                let href = b.links.pop().flatten();
                let parent = b.stack.last_mut().expect("link opened a container");
                match href {
                    Some(href) => parent.push(Inline::Link { href, children }),
                    None => parent.extend(children),
                }
            }
            Event::Start(Tag::Image { .. }) => {}
            Event::End(TagEnd::Image) => {}
            Event::Text(t) => b.text(&t, 0),
            Event::Code(t) => b.text(&t, mark::CODE),
            Event::Html(t) | Event::InlineHtml(t) => {
                issues.push(MdIssue {
                    offset: range.start,
                    message: "raw HTML in an answer is shown as text".into(),
                    hint: "write it in Markdown instead (links, lists, emphasis)",
                });
                b.text(&t, 0);
            }
            Event::SoftBreak => b.text(" ", 0),
            Event::HardBreak => {
                if b.stack.is_empty() {
                    b.stack.push(Vec::new());
                }
                b.stack.last_mut().expect("non-empty").push(Inline::Break);
            }
            Event::Rule | Event::TaskListMarker(_) | Event::FootnoteReference(_) => {}
            _ => {}
        }
    }
    b.end_inline_block();
    if let Some((ordered, items)) = b.list.take() {
        if !items.is_empty() {
            b.blocks.push(Block::List { ordered, items });
        }
    }
    (b.blocks, issues)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Inline {
        Inline::Text {
            text: s.into(),
            marks: 0,
        }
    }

    #[test]
    fn paragraphs_lists_links() {
        let (a, issues) = to_answer(
            "We ship in **2 days**.\n\n- UK: free\n- EU: [rates](https://x.example/rates)\n\nAsk us.",
        );
        assert!(issues.is_empty());
        assert_eq!(
            a,
            vec![
                Block::Para {
                    children: vec![
                        t("We ship in "),
                        Inline::Text {
                            text: "2 days".into(),
                            marks: mark::STRONG
                        },
                        t("."),
                    ]
                },
                Block::List {
                    ordered: false,
                    items: vec![
                        vec![t("UK: free")],
                        vec![
                            t("EU: "),
                            Inline::Link {
                                href: "https://x.example/rates".into(),
                                children: vec![t("rates")]
                            }
                        ],
                    ]
                },
                Block::Para {
                    children: vec![t("Ask us.")]
                },
            ]
        );
    }

    #[test]
    fn unsafe_links_and_html_become_text() {
        let (a, issues) = to_answer("Click [here](javascript:alert(1)) <b>now</b>");
        assert_eq!(issues.len(), 3, "{issues:?}");
        let text = crate::doc::plain_text(&a);
        assert_eq!(text, "Click here <b>now</b>");
        assert!(!format!("{a:?}").contains("javascript"));
    }
}
