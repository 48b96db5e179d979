//! The CLI's HTML parser, bounded: scraper's tree sink behind html5ever, with a filter
//! between the tokenizer and the tree builder that drops start tags once the tree is
//! [`MAX_DOM_DEPTH`] deep and stops feeding it at [`MAX_DOM_NODES`] nodes. The tree-building
//! rules scan the stack of open elements on almost every tag, so the stack's height is what
//! makes a parse quadratic; keeping it bounded keeps the parse linear in the page's size.

use crate::limits::{MAX_DOM_DEPTH, MAX_DOM_NODES};
use ego_tree::NodeId;
use html5ever::interface::TokenizerResult;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeBuilder, TreeSink};
use html5ever::{Attribute, QualName};
use scraper::{Html, HtmlTreeSink};
use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};
use std::collections::HashMap;

/// What the bounds cost a page: how much was built and how much was left out.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ParseStats {
    /// Nodes built (elements, text runs, comments).
    pub nodes: usize,
    /// The deepest element nesting built.
    pub max_depth: usize,
    /// Start tags left out because the tree was already [`MAX_DOM_DEPTH`] deep.
    pub dropped_deep: usize,
    /// Whether the page was cut at [`MAX_DOM_NODES`].
    pub truncated: bool,
}

/// Parses a whole document within the bounds.
pub fn parse(html: &str) -> (Html, ParseStats) {
    let sink = Sink {
        inner: HtmlTreeSink::new(Html::new_document()),
        depth: RefCell::new(HashMap::new()),
        current: Cell::new(0),
        nodes: Cell::new(0),
        max_depth: Cell::new(0),
    };
    let filter = Filter {
        tb: TreeBuilder::new(sink, Default::default()),
        dropped_deep: Cell::new(0),
        truncated: Cell::new(false),
    };
    let tok = Tokenizer::new(filter, Default::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    // The tokenizer pauses for scripts and `<meta charset>`; neither changes what is read here.
    while !matches!(tok.feed(&input), TokenizerResult::Done) {}
    tok.end();
    let filter = tok.sink;
    let stats = ParseStats {
        nodes: filter.tb.sink.nodes.get(),
        max_depth: filter.tb.sink.max_depth.get(),
        dropped_deep: filter.dropped_deep.get(),
        truncated: filter.truncated.get(),
    };
    (filter.tb.sink.inner.finish(), stats)
}

/// Void elements: never pushed on the stack of open elements, so they add no depth.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Sits between the tokenizer and the tree builder.
struct Filter {
    tb: TreeBuilder<NodeId, Sink>,
    dropped_deep: Cell<usize>,
    truncated: Cell<bool>,
}

impl TokenSink for Filter {
    type Handle = NodeId;

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<NodeId> {
        if self.truncated.get() {
            return TokenSinkResult::Continue;
        }
        if self.tb.sink.nodes.get() >= MAX_DOM_NODES {
            self.truncated.set(true);
            return TokenSinkResult::Continue;
        }
        let mut void = false;
        if let Token::TagToken(tag) = &token {
            if tag.kind == TagKind::StartTag {
                void = tag.self_closing || is_void(&tag.name);
                if !void && self.tb.sink.current.get() >= MAX_DOM_DEPTH {
                    self.dropped_deep.set(self.dropped_deep.get() + 1);
                    return TokenSinkResult::Continue;
                }
            }
        }
        let before = self.tb.sink.current.get();
        let r = self.tb.process_token(token, line);
        if void {
            self.tb.sink.current.set(before);
        }
        r
    }

    fn end(&self) {
        self.tb.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.tb
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

/// scraper's sink, also keeping each element's depth and the depth of the node the builder
/// is inserting into (the last element appended, or the parent of the last one popped).
struct Sink {
    inner: HtmlTreeSink,
    depth: RefCell<HashMap<NodeId, usize>>,
    current: Cell<usize>,
    nodes: Cell<usize>,
    max_depth: Cell<usize>,
}

impl Sink {
    fn depth_of(&self, id: &NodeId) -> usize {
        self.depth.borrow().get(id).copied().unwrap_or(0)
    }

    fn placed(&self, parent_depth: usize, child: &NodeOrText<NodeId>) {
        self.nodes.set(self.nodes.get() + 1);
        if let NodeOrText::AppendNode(id) = child {
            let d = parent_depth + 1;
            self.depth.borrow_mut().insert(*id, d);
            self.current.set(d);
            self.max_depth.set(self.max_depth.get().max(d));
        }
    }
}

impl TreeSink for Sink {
    type Handle = NodeId;
    type Output = Html;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Html {
        self.inner.finish()
    }
    fn parse_error(&self, msg: Cow<'static, str>) {
        self.inner.parse_error(msg)
    }
    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }
    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Ref<'a, QualName> {
        self.inner.elem_name(target)
    }
    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        self.inner.create_element(name, attrs, flags)
    }
    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.inner.create_comment(text)
    }
    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.inner.create_pi(target, data)
    }
    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.placed(self.depth_of(parent), &child);
        self.inner.append(parent, child)
    }
    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        self.placed(self.depth_of(prev_element), &child);
        self.inner
            .append_based_on_parent_node(element, prev_element, child)
    }
    fn append_doctype_to_document(&self, name: StrTendril, public: StrTendril, system: StrTendril) {
        self.inner.append_doctype_to_document(name, public, system)
    }
    fn pop(&self, node: &NodeId) {
        self.current.set(self.depth_of(node).saturating_sub(1));
        self.inner.pop(node)
    }
    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }
    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }
    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode)
    }
    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        self.placed(self.depth_of(sibling).saturating_sub(1), &new_node);
        self.inner.append_before_sibling(sibling, new_node)
    }
    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs)
    }
    fn remove_from_parent(&self, target: &NodeId) {
        self.inner.remove_from_parent(target)
    }
    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.inner.reparent_children(node, new_parent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_thousand_unclosed_divs_stop_at_the_depth_limit() {
        let page = format!("<body>{}<p>deep</p>", "<div>".repeat(20_000));
        let (doc, stats) = parse(&page);
        assert!(stats.max_depth <= MAX_DOM_DEPTH + 1, "{stats:?}");
        assert!(stats.dropped_deep > 19_000, "{stats:?}");
        assert!(doc.root_element().text().any(|t| t == "deep"));
    }

    #[test]
    fn node_limit_cuts_the_page() {
        let page = "<p>x</p>".repeat(MAX_DOM_NODES);
        let (_, stats) = parse(&page);
        assert!(stats.truncated);
        assert!(stats.nodes <= MAX_DOM_NODES + 4, "{stats:?}");
    }

    #[test]
    fn ordinary_pages_parse_as_scraper_parses_them() {
        let page = "<!doctype html><html><head><meta charset=utf-8><title>T</title></head><body><table><tr><td>a<b>b<i>c</b>d</i></table><ul><li>1<li>2</ul><img src=x><br/></body></html>";
        let (doc, stats) = parse(page);
        assert_eq!(doc.html(), Html::parse_document(page).html());
        assert_eq!(stats.dropped_deep, 0);
        assert!(!stats.truncated);
    }
}

/// The text of a saved page, decoded as a browser would: a byte-order mark first, else the
/// `<meta charset>` (or `http-equiv` content type) in the first 1024 bytes, else UTF-8.
/// Returns the text and the encoding's name. Read as UTF-8, a Latin-1 page loses its
/// accented letters and a UTF-16 page reads as nothing at all.
pub fn decode_page(bytes: &[u8]) -> (String, &'static str) {
    use encoding_rs::{Encoding, UTF_8};
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        return (text.into_owned(), enc.name());
    }
    let enc = meta_charset(&bytes[..bytes.len().min(1024)])
        .and_then(|l| Encoding::for_label(l.as_bytes()))
        // A page that reached the parser as bytes cannot be UTF-16: the spec reads it as UTF-8.
        .map(|e| {
            if e.is_single_byte() || e == UTF_8 {
                e
            } else {
                e.output_encoding()
            }
        })
        .unwrap_or(UTF_8);
    let (text, _) = enc.decode_without_bom_handling(bytes);
    (text.into_owned(), enc.name())
}

/// The charset label a page's head declares, found the simple way: `charset=` inside a
/// `<meta` tag (covers `<meta charset=…>` and `content="text/html; charset=…"`).
fn meta_charset(head: &[u8]) -> Option<String> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = find(&lower[from..], b"<meta") {
        let start = from + i;
        let end = find(&lower[start..], b">").map_or(lower.len(), |j| start + j);
        let tag = &lower[start..end];
        if let Some(k) = find(tag, b"charset") {
            let rest = &tag[k + 7..];
            let rest = rest.trim_ascii_start();
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = rest.trim_ascii_start();
                let rest = rest
                    .strip_prefix(b"\"")
                    .or(rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let label: Vec<u8> = rest
                    .iter()
                    .copied()
                    .take_while(|b| !matches!(b, b'"' | b'\'' | b';' | b'/' | b' ' | b'>'))
                    .collect();
                if !label.is_empty() {
                    return String::from_utf8(label).ok();
                }
            }
        }
        from = end;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod decode_tests {
    use super::*;

    #[test]
    fn pages_are_read_in_the_encoding_they_declare() {
        let (t, e) = decode_page(b"<html><head><meta charset=iso-8859-1><title>Caf\xE9</title>");
        assert_eq!(e, "windows-1252");
        assert!(t.contains("Café"));
        let (t, _) = decode_page(
            b"<meta http-equiv=Content-Type content=\"text/html; charset=windows-1252\">\x80",
        );
        assert!(t.contains('€'));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("<title>Ü</title>".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let (t, e) = decode_page(&utf16);
        assert_eq!((t.as_str(), e), ("<title>Ü</title>", "UTF-16LE"));
        assert_eq!(decode_page("<p>é</p>".as_bytes()).1, "UTF-8");
    }
}
