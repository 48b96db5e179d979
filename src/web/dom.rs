//! Small DOM helpers so the UI code reads as structure, not as web-sys plumbing.

use wasm_bindgen::JsValue;
use web_sys::{Document, Element};

/// The page's document.
pub fn document() -> Result<Document, JsValue> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))
}

/// A User Timing measure (`shop-answers:NAME`) over the life of the value: the widget's
/// steps show by name in the browser's performance panel, where a shop's developer can see
/// what the widget costs their page.
pub struct Span(&'static str);

impl Span {
    /// Starts the measure `shop-answers:NAME`.
    pub fn start(name: &'static str) -> Span {
        if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
            let _ = p.mark(name);
        }
        Span(name)
    }
}

impl Drop for Span {
    fn drop(&mut self) {
        if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
            let _ = p.measure_with_start_mark(&(String::from("shop-answers:") + self.0), self.0);
            p.clear_marks_with_mark_name(self.0);
        }
    }
}

/// Creates `<tag class=…>` with the given attributes.
pub fn el(
    d: &Document,
    tag: &str,
    class: &str,
    attrs: &[(&str, &str)],
) -> Result<Element, JsValue> {
    let e = d.create_element(tag)?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    for (k, v) in attrs {
        e.set_attribute(k, v)?;
    }
    Ok(e)
}

/// Creates an element holding `text` as a text node.
pub fn text_el(d: &Document, tag: &str, class: &str, text: &str) -> Result<Element, JsValue> {
    let e = el(d, tag, class, &[])?;
    e.set_text_content(Some(text));
    Ok(e)
}

/// Appends `text` to `parent`, wrapping the byte ranges in `marks` (sorted, non-overlapping,
/// on char boundaries) in `<mark>`: highlighting without ever parsing markup.
pub fn append_marked(
    d: &Document,
    parent: &Element,
    text: &str,
    marks: &[(usize, usize)],
) -> Result<(), JsValue> {
    let mut at = 0;
    for &(s, e) in marks {
        if s < at
            || e > text.len()
            || s >= e
            || !text.is_char_boundary(s)
            || !text.is_char_boundary(e)
        {
            continue;
        }
        if s > at {
            parent.append_child(&d.create_text_node(&text[at..s]))?;
        }
        let m = text_el(d, "mark", "", &text[s..e])?;
        parent.append_child(&m)?;
        at = e;
    }
    if at < text.len() {
        parent.append_child(&d.create_text_node(&text[at..]))?;
    }
    Ok(())
}

/// Sets or removes a boolean attribute.
pub fn toggle_attr(e: &Element, name: &str, on: bool) -> Result<(), JsValue> {
    if on {
        e.set_attribute(name, "")
    } else {
        e.remove_attribute(name)
    }
}
