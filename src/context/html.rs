//! The CLI's page reader (feature `cli`): an HTML document → [`PageSnapshot`], with the
//! `scraper` HTML parser and the selector tables of the core, following the reader contract
//! in the module docs of [`crate::context`]. The widget's DOM reader does the same with
//! `querySelectorAll`.

use super::*;
use scraper::{ElementRef, Html, Node, Selector};
use std::collections::HashSet;

/// Deepest element nesting walked for text and microdata; hostile pages nest far deeper.
const MAX_DEPTH: usize = 256;

/// Reads a page. `url` is the address it was served from; when empty, the canonical link
/// (or `og:url`) stands in.
pub fn read(html: &str, url: &str) -> PageSnapshot {
    read_counted(html, url).0
}

/// [`read`], also telling what the DOM bounds ([`crate::limits::MAX_DOM_DEPTH`],
/// [`crate::limits::MAX_DOM_NODES`]) left out of the page.
pub fn read_counted(html: &str, url: &str) -> (PageSnapshot, super::dom::ParseStats) {
    let (doc, stats) = super::dom::parse(html);
    let mut s = PageSnapshot {
        url: url.to_string(),
        ..PageSnapshot::default()
    };
    let root = doc.root_element();
    s.lang = root
        .attr("lang")
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from);
    if let Some(t) = first(&doc, "title") {
        s.title = Some(truncate(&clean_text(&t.text().collect::<String>()), MAX_TEXT).to_string());
    }
    if let Some(b) = first(&doc, "body") {
        s.body_id = b.attr("id").filter(|i| !i.is_empty()).map(String::from);
        s.body_classes = b
            .value()
            .classes()
            .take(MAX_CLASSES)
            .map(String::from)
            .collect();
    }
    for m in select(&doc, "meta[content]") {
        let key = m.attr("name").or_else(|| m.attr("property"));
        if let (Some(k), Some(v)) = (key, m.attr("content")) {
            if s.meta.len() < MAX_META {
                s.meta.push((
                    k.trim().to_string(),
                    truncate(v.trim(), MAX_TEXT).to_string(),
                ));
            }
        }
    }
    s.canonical = select(&doc, "link[rel~=\"canonical\"][href]")
        .next()
        .and_then(|l| l.attr("href"))
        .map(String::from);
    if s.url.is_empty() {
        s.url = s
            .canonical
            .clone()
            .or_else(|| {
                s.meta
                    .iter()
                    .find(|(k, _)| k == "og:url")
                    .map(|(_, v)| v.clone())
            })
            .unwrap_or_default();
    }
    scripts(&doc, &mut s);
    microdata(&doc, &mut s);
    data_attrs(&doc, &mut s);
    forms(&doc, &mut s);
    snippets(&doc, &mut s);
    labels(&doc, &mut s);
    (s, stats)
}

fn selector(css: &str) -> Option<Selector> {
    Selector::parse(css).ok()
}

fn select<'a>(doc: &'a Html, css: &str) -> impl Iterator<Item = ElementRef<'a>> + 'a {
    let sel = selector(css);
    let found: Vec<ElementRef<'a>> = sel.map(|s| doc.select(&s).collect()).unwrap_or_default();
    found.into_iter()
}

fn first<'a>(doc: &'a Html, css: &str) -> Option<ElementRef<'a>> {
    select(doc, css).next()
}

fn scripts(doc: &Html, s: &mut PageSnapshot) {
    for el in select(doc, "script") {
        if let Some(src) = el.attr("src") {
            if s.script_srcs.len() < MAX_SCRIPT_SRCS {
                s.script_srcs.push(src.trim().to_string());
            }
            continue;
        }
        let kind = el.attr("type").unwrap_or("").trim().to_ascii_lowercase();
        let text: String = el.text().collect();
        if kind == "application/ld+json" {
            if s.json_ld.len() < MAX_JSON_LD {
                s.json_ld
                    .push(truncate(&text, MAX_JSON_LD_BYTES).to_string());
            }
        } else {
            let has_keyword = SCRIPT_KEYWORDS.iter().any(|k| text.contains(k));
            if keeps_script(&kind, has_keyword, &s.scripts) {
                s.scripts.push(InlineScript {
                    kind,
                    text: truncate(&text, MAX_SCRIPT_BYTES).to_string(),
                });
            }
        }
    }
}

/// Element text like `innerText`: `<br>` and block boundaries become line breaks, scripts
/// and styles are skipped.
fn text_of(el: ElementRef) -> String {
    fn walk(el: ElementRef, out: &mut String, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        for child in el.children() {
            match child.value() {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => {
                    let name = e.name();
                    if matches!(name, "script" | "style" | "template" | "noscript") {
                        continue;
                    }
                    if name == "br" {
                        out.push('\n');
                        continue;
                    }
                    let block = matches!(
                        name,
                        "p" | "div"
                            | "li"
                            | "ul"
                            | "ol"
                            | "tr"
                            | "td"
                            | "th"
                            | "dt"
                            | "dd"
                            | "address"
                            | "h1"
                            | "h2"
                            | "h3"
                            | "h4"
                            | "h5"
                            | "h6"
                            | "section"
                            | "table"
                            | "dl"
                    );
                    if block {
                        out.push('\n');
                    }
                    if let Some(c) = ElementRef::wrap(child) {
                        walk(c, out, depth + 1);
                    }
                    if block {
                        out.push('\n');
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = String::new();
    walk(el, &mut out, 0);
    truncate(&clean_text(&out), MAX_TEXT).to_string()
}

fn microdata(doc: &Html, s: &mut PageSnapshot) {
    for item in select(doc, "[itemscope]").take(MAX_ITEMS) {
        let mut props = Vec::new();
        collect_props(item, &mut props, 0);
        s.microdata.push(MicrodataItem {
            itemtype: item.attr("itemtype").unwrap_or("").trim().to_string(),
            prop: item.attr("itemprop").map(|p| p.trim().to_string()),
            props,
        });
    }
}

fn collect_props(el: ElementRef, props: &mut Vec<(String, String)>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    for child in el.children().filter_map(ElementRef::wrap) {
        if props.len() >= MAX_PROPS {
            return;
        }
        let scope = child.attr("itemscope").is_some();
        if let Some(name) = child.attr("itemprop") {
            let value = if scope {
                String::new()
            } else {
                prop_value(child)
            };
            props.push((name.trim().to_string(), value));
        }
        if !scope {
            collect_props(child, props, depth + 1);
        }
    }
}

fn prop_value(el: ElementRef) -> String {
    let attr = match el.value().name() {
        "meta" => "content",
        "a" | "link" | "area" => "href",
        "img" | "source" | "video" | "audio" | "iframe" | "embed" => "src",
        "object" => "data",
        "data" | "meter" => "value",
        "time" if el.attr("datetime").is_some() => "datetime",
        _ => return text_of(el),
    };
    truncate(el.attr(attr).unwrap_or("").trim(), MAX_TEXT).to_string()
}

fn data_attrs(doc: &Html, s: &mut PageSnapshot) {
    for el in select(doc, &data_attr_selector()) {
        for (name, value) in el.value().attrs() {
            let name = name.to_ascii_lowercase();
            if !is_data_attr(&name) {
                continue;
            }
            if s.data_attrs.len() >= MAX_DATA_ATTRS {
                return;
            }
            if s.data_attrs.iter().filter(|a| a.name == name).count() >= MAX_DATA_ATTRS_PER_NAME {
                continue;
            }
            let value = truncate(value.trim(), MAX_ATTR_BYTES).to_string();
            let text = if value.is_empty() {
                text_of(el)
            } else {
                String::new()
            };
            s.data_attrs.push(DataAttr { name, value, text });
        }
    }
}

fn forms(doc: &Html, s: &mut PageSnapshot) {
    let mut seen = HashSet::new();
    let controls = selector("input[name], select[name], button[name][value], textarea[name]");
    let buttons = selector("button, input[type=submit], input[type=button], input[type=image]");
    for css in CART_FORMS.iter().chain(std::iter::once(&"form")) {
        for form in select(doc, css) {
            if s.forms.len() >= MAX_FORMS || !seen.insert(form.id()) {
                continue;
            }
            let mut inputs = Vec::new();
            if let Some(c) = &controls {
                for input in form.select(c).take(MAX_INPUTS) {
                    let name = input.attr("name").unwrap_or("").to_string();
                    let value = match input.value().name() {
                        "select" => {
                            let opts =
                                selector("option").map(|o| input.select(&o).collect::<Vec<_>>());
                            let opts = opts.unwrap_or_default();
                            let chosen = opts
                                .iter()
                                .find(|o| o.attr("selected").is_some())
                                .or(opts.first());
                            chosen
                                .map(|o| {
                                    o.attr("value")
                                        .map(String::from)
                                        .unwrap_or_else(|| text_of(*o))
                                })
                                .unwrap_or_default()
                        }
                        "textarea" => text_of(input),
                        _ => {
                            let t = input.attr("type").unwrap_or("").to_ascii_lowercase();
                            if matches!(t.as_str(), "checkbox" | "radio")
                                && input.attr("checked").is_none()
                            {
                                continue;
                            }
                            input.attr("value").unwrap_or("").to_string()
                        }
                    };
                    inputs.push((name, truncate(value.trim(), MAX_TEXT).to_string()));
                }
            }
            let mut texts = Vec::new();
            if let Some(b) = &buttons {
                for el in form.select(b).take(MAX_BUTTONS) {
                    texts.push(button_text(el));
                }
            }
            s.forms.push(CartForm {
                id: form.attr("id").unwrap_or("").to_string(),
                classes: form.value().classes().map(String::from).collect(),
                action: form.attr("action").unwrap_or("").to_string(),
                inputs,
                buttons: texts,
            });
        }
    }
}

/// What a submit control says: a button's text, else its `value`; an input's `value`, or
/// an image button's `alt`.
fn button_text(el: ElementRef) -> String {
    let attr = |a: &str| truncate(el.attr(a).unwrap_or("").trim(), MAX_TEXT).to_string();
    if el.value().name() == "button" {
        let t = text_of(el);
        return if t.is_empty() { attr("value") } else { t };
    }
    if el
        .attr("type")
        .is_some_and(|t| t.eq_ignore_ascii_case("image"))
    {
        return attr("alt");
    }
    attr("value")
}

/// Text nodes that start with a label, and the text after each (see the module docs of
/// [`crate::context`]). One walk over the tree in document order with an explicit count of
/// the skipped elements it is inside, so depth costs nothing.
fn labels(doc: &Html, s: &mut PageSnapshot) {
    use ego_tree::iter::Edge;
    let Some(body) = first(doc, "body") else {
        return;
    };
    let mut skip = 0usize;
    // Labels waiting for their next text: (index in s.labels, nodes still wanted).
    let mut pending: Vec<(usize, usize)> = Vec::new();
    for edge in body.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(e) if skipped(e.name()) => skip += 1,
                Node::Text(t) if skip == 0 => {
                    let text: &str = t;
                    if text.trim().is_empty() {
                        continue;
                    }
                    let collapsed = labels::collapse(text);
                    for (i, left) in pending.iter_mut() {
                        let next = &mut s.labels[*i].1;
                        if next.len() < MAX_TEXT {
                            if !next.is_empty() {
                                next.push('\n');
                            }
                            next.push_str(truncate(&collapsed, MAX_TEXT - next.len()));
                        }
                        *left -= 1;
                    }
                    pending.retain(|(_, left)| *left > 0);
                    if let Some((label, _)) = labels::find(text) {
                        let kept = s
                            .labels
                            .iter()
                            .filter(|(t, _)| {
                                labels::find(t).is_some_and(|(l, _)| l.kind == label.kind)
                            })
                            .count();
                        if kept < labels::MAX_LABELS_PER_KIND {
                            s.labels.push((collapsed, String::new()));
                            pending.push((s.labels.len() - 1, labels::NEXT_NODES));
                        }
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(e) = node.value() {
                    if skipped(e.name()) {
                        skip -= 1;
                    }
                }
            }
        }
    }
}

fn skipped(name: &str) -> bool {
    matches!(name, "script" | "style" | "noscript" | "template")
}

fn snippets(doc: &Html, s: &mut PageSnapshot) {
    for row in SNIPPETS {
        for el in select(doc, row.css) {
            if s.snippets.iter().filter(|(k, _)| k == row.key).count() >= MAX_SNIPPETS_PER_KEY {
                break;
            }
            let text = match row.attr {
                Some(a) => truncate(el.attr(a).unwrap_or("").trim(), MAX_TEXT).to_string(),
                None => text_of(el),
            };
            s.snippets.push((row.key.to_string(), text));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_selector_parses() {
        for css in CART_FORMS.iter().chain(SNIPPETS.iter().map(|r| &r.css)) {
            assert!(Selector::parse(css).is_ok(), "{css}");
        }
    }

    #[test]
    fn reads_the_basics() {
        let s = read(
            "<html lang=de><head><title>T</title><meta property=og:type content=product><link rel=canonical href=https://x.test/p></head><body id=product class='a b'><div itemscope itemtype=https://schema.org/Product><span itemprop=name>Hut</span><div itemprop=offers itemscope itemtype=https://schema.org/Offer><meta itemprop=price content=9></div></div><address class=x>A<br>B</address></body></html>",
            "",
        );
        assert_eq!(s.url, "https://x.test/p");
        assert_eq!(s.lang.as_deref(), Some("de"));
        assert_eq!(s.body_classes, ["a", "b"]);
        assert_eq!(s.microdata.len(), 2);
        assert_eq!(
            s.microdata[0].props,
            [
                ("name".into(), "Hut".into()),
                ("offers".into(), String::new())
            ]
        );
        assert_eq!(s.microdata[1].prop.as_deref(), Some("offers"));
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let n = 2_000;
        let page = format!(
            "<body><address class=woocommerce-column--shipping-address><div itemscope itemtype=x>{}<span itemprop=name>deep</span>{}</div></address></body>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        let s = read(&page, "");
        assert_eq!(s.microdata.len(), 1);
    }
}
