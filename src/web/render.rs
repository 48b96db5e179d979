//! Answer nodes → DOM nodes. Only `createElement`, attributes and text nodes: no string of
//! the bundle is ever parsed as HTML.

use crate::doc::{mark, safe_href, Block, Inline};
use wasm_bindgen::JsValue;
use web_sys::{Document, Element};

/// Appends the DOM for `answer` to `parent`.
pub fn render_answer(d: &Document, parent: &Element, answer: &[Block]) -> Result<(), JsValue> {
    for b in answer {
        match b {
            Block::Para { children } => {
                let p = d.create_element("p")?;
                inlines(d, &p, children)?;
                parent.append_child(&p)?;
            }
            Block::List { ordered, items } => {
                let l = d.create_element(if *ordered { "ol" } else { "ul" })?;
                for item in items {
                    let li = d.create_element("li")?;
                    inlines(d, &li, item)?;
                    l.append_child(&li)?;
                }
                parent.append_child(&l)?;
            }
            Block::Pre { text } => {
                let pre = d.create_element("pre")?;
                pre.set_text_content(Some(text));
                parent.append_child(&pre)?;
            }
        }
    }
    Ok(())
}

fn inlines(d: &Document, parent: &Element, items: &[Inline]) -> Result<(), JsValue> {
    for i in items {
        match i {
            Inline::Text { text, marks } => {
                let mut node: web_sys::Node = d.create_text_node(text).into();
                for (bit, tag) in [
                    (mark::CODE, "code"),
                    (mark::STRIKE, "s"),
                    (mark::EM, "em"),
                    (mark::STRONG, "strong"),
                ] {
                    if marks & bit != 0 {
                        let el = d.create_element(tag)?;
                        el.append_child(&node)?;
                        node = el.into();
                    }
                }
                parent.append_child(&node)?;
            }
            Inline::Link { href, children } => {
                // Checked again at the last moment: the node list came over the network.
                match safe_href(href) {
                    Some(h) => {
                        let a = d.create_element("a")?;
                        a.set_attribute("href", h)?;
                        if h.starts_with("http") {
                            a.set_attribute("rel", "noopener noreferrer")?;
                        }
                        inlines(d, &a, children)?;
                        parent.append_child(&a)?;
                    }
                    None => inlines(d, parent, children)?,
                }
            }
            Inline::Break => {
                let br = d.create_element("br")?;
                parent.append_child(&br)?;
            }
        }
    }
    Ok(())
}
