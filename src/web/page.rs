//! The browser's reader: the live DOM → [`PageSnapshot`], filled exactly as the contract in
//! [`crate::context`] says, from the same tables the CLI's HTML reader uses. It only copies;
//! [`crate::context::classify`] decides.

use crate::context::{
    clean_text, labels, truncate, CartForm, DataAttr, InlineScript, MicrodataItem, PageSnapshot,
    CART_FORMS, MAX_ATTR_BYTES, MAX_BUTTONS, MAX_CLASSES, MAX_DATA_ATTRS, MAX_DATA_ATTRS_PER_NAME,
    MAX_FORMS, MAX_INPUTS, MAX_ITEMS, MAX_JSON_LD, MAX_JSON_LD_BYTES, MAX_META, MAX_PROPS,
    MAX_SCRIPTS, MAX_SCRIPT_BYTES, MAX_SCRIPT_SRCS, MAX_SNIPPETS_PER_KEY, MAX_TEXT, SNIPPETS,
};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlElement};

fn cap(s: &str, max: usize) -> String {
    truncate(s.trim(), max).to_string()
}

/// `innerText` of an element, cleaned like the CLI reader's text.
fn text(e: &Element) -> String {
    let raw = match e.dyn_ref::<HtmlElement>() {
        Some(h) => h.inner_text(),
        None => e.text_content().unwrap_or_default(),
    };
    cap(&clean_text(&raw), MAX_TEXT)
}

/// The first `max` bytes of an element's `textContent`, cut in JavaScript before the copy into
/// the module: storefront themes inline scripts of hundreds of kilobytes, and only the start
/// is read. `max` UTF-16 units always cover `max` UTF-8 bytes; a pair of surrogates cut in two
/// at the end turns into U+FFFD, which starts at byte `max - 1` or later and so is cut off too.
fn text_up_to(e: &Element, max: usize) -> String {
    let Some(text) = js_sys::Reflect::get(e, &JsValue::from_str("textContent"))
        .ok()
        .and_then(|v| v.dyn_into::<js_sys::JsString>().ok())
    else {
        return String::new();
    };
    let units = text.length().min(max as u32);
    let head = String::from(text.slice(0, units));
    truncate(&head, max).to_string()
}

fn each(root: &Document, css: &str, max: usize, mut f: impl FnMut(Element)) -> Result<(), JsValue> {
    let list = root.query_selector_all(css)?;
    for i in 0..list.length().min(max as u32) {
        if let Some(e) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            f(e);
        }
    }
    Ok(())
}

/// Reads the page's head and microdata; [`read_body`], [`read_forms`], [`read_snippets`] and
/// [`read_labels`] read the rest, so the widget can read a large page in short tasks. `explicit` is what the shop passed to
/// `ShopAnswers.setContext`.
pub fn snapshot(d: &Document, explicit: &[(String, String)]) -> Result<PageSnapshot, JsValue> {
    let mut s = PageSnapshot {
        url: d.location().and_then(|l| l.href().ok()).unwrap_or_default(),
        explicit: explicit.to_vec(),
        ..PageSnapshot::default()
    };
    let title = d.title();
    if !title.trim().is_empty() {
        s.title = Some(cap(&title, MAX_TEXT));
    }
    if let Some(html) = d.document_element() {
        s.lang = html.get_attribute("lang").filter(|l| !l.trim().is_empty());
    }
    if let Some(body) = d.body() {
        s.body_id = Some(attr(&body, "id")).filter(|i| !i.is_empty());
        s.body_classes = attr(&body, "class")
            .split_whitespace()
            .take(MAX_CLASSES)
            .map(str::to_string)
            .collect();
    }
    each(d, "meta[content]", MAX_META, |m| {
        let key = m
            .get_attribute("name")
            .or_else(|| m.get_attribute("property"));
        if let (Some(k), Some(v)) = (key, m.get_attribute("content")) {
            s.meta.push((k, v));
        }
    })?;
    s.canonical = d
        .query_selector("link[rel=\"canonical\"]")?
        .and_then(|l| l.get_attribute("href"));
    let keywords = js_sys::RegExp::new(&crate::context::script_keyword_source(), "");
    each(d, "script", 4096, |sc| {
        if let Some(src) = sc.get_attribute("src") {
            if s.script_srcs.len() < MAX_SCRIPT_SRCS {
                s.script_srcs.push(src);
            }
            return;
        }
        let kind = sc.get_attribute("type").unwrap_or_default();
        if kind.trim().eq_ignore_ascii_case("application/ld+json") {
            if s.json_ld.len() < MAX_JSON_LD {
                s.json_ld.push(text_up_to(&sc, MAX_JSON_LD_BYTES));
            }
            return;
        }
        if s.scripts.len() >= MAX_SCRIPTS {
            return;
        }
        let has_keyword = js_sys::Reflect::get(&sc, &JsValue::from_str("textContent"))
            .ok()
            .and_then(|v| v.dyn_into::<js_sys::JsString>().ok())
            .is_some_and(|t| t.search(&keywords) >= 0);
        if crate::context::keeps_script(&kind, has_keyword, &s.scripts) {
            s.scripts.push(InlineScript {
                kind: kind.trim().to_ascii_lowercase(),
                text: text_up_to(&sc, MAX_SCRIPT_BYTES),
            });
        }
    })?;
    read_microdata(d, &mut s)?;
    Ok(s)
}

/// The identity attributes of the page's body.
pub fn read_body(d: &Document, s: &mut PageSnapshot) -> Result<(), JsValue> {
    read_data_attrs(d, s)
}

/// Every form, a platform's add-to-cart forms first.
pub fn read_forms(d: &Document, s: &mut PageSnapshot) -> Result<(), JsValue> {
    let mut seen: Vec<Element> = Vec::new();
    for css in CART_FORMS.iter().chain(std::iter::once(&"form")) {
        each(d, css, MAX_FORMS, |f| {
            if s.forms.len() < MAX_FORMS && !seen.contains(&f) {
                s.forms.push(read_form(&f));
                seen.push(f);
            }
        })?;
    }
    Ok(())
}

/// The snippet table's texts (order numbers, addresses, the heading).
pub fn read_snippets(d: &Document, s: &mut PageSnapshot) -> Result<(), JsValue> {
    // One pass over the document for every row of the table (a page's body has tens of
    // thousands of elements), then the hits dealt to their rows in table order.
    let mut all = String::new();
    for (i, row) in SNIPPETS.iter().enumerate() {
        if i > 0 {
            all.push(',');
        }
        all.push_str(row.css);
    }
    let hits = d.query_selector_all(&all)?;
    let hits: Vec<Element> = (0..hits.length())
        .filter_map(|i| hits.item(i).and_then(|n| n.dyn_into::<Element>().ok()))
        .collect();
    for row in SNIPPETS {
        let have = s.snippets.iter().filter(|(k, _)| k == row.key).count();
        let room = MAX_SNIPPETS_PER_KEY.saturating_sub(have);
        for e in hits
            .iter()
            .filter(|e| e.matches(row.css).unwrap_or(false))
            .take(room)
        {
            let v = match row.attr {
                Some(a) => e
                    .get_attribute(a)
                    .map(|v| cap(&v, MAX_TEXT))
                    .unwrap_or_default(),
                None => text(e),
            };
            s.snippets.push((row.key.to_string(), v));
        }
    }
    Ok(())
}

/// Attributes of forms are read with `getAttribute`: a form's `id`, `action` and
/// `className` *properties* return its controls when one is named so (Shopify's product form
/// has `<input name="id">`).
fn attr(e: &Element, name: &str) -> String {
    e.get_attribute(name).unwrap_or_default()
}

fn read_form(f: &Element) -> CartForm {
    let mut form = CartForm {
        id: attr(f, "id"),
        classes: attr(f, "class")
            .split_whitespace()
            .map(str::to_string)
            .collect(),
        action: attr(f, "action"),
        inputs: Vec::new(),
        buttons: Vec::new(),
    };
    if let Ok(list) =
        f.query_selector_all("button, input[type=submit], input[type=button], input[type=image]")
    {
        for i in 0..list.length().min(MAX_BUTTONS as u32) {
            if let Some(e) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                form.buttons.push(button_text(&e));
            }
        }
    }
    let Ok(list) = f.query_selector_all("input[name], select[name], button[name][value]") else {
        return form;
    };
    for i in 0..list.length() {
        if form.inputs.len() >= MAX_INPUTS {
            break;
        }
        let Some(e) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let name = e.get_attribute("name").unwrap_or_default();
        let value = if let Some(inp) = e.dyn_ref::<web_sys::HtmlInputElement>() {
            let t = inp.type_().to_ascii_lowercase();
            if (t == "checkbox" || t == "radio") && !inp.checked() {
                continue;
            }
            inp.value()
        } else if let Some(sel) = e.dyn_ref::<web_sys::HtmlSelectElement>() {
            sel.value()
        } else {
            e.get_attribute("value").unwrap_or_default()
        };
        form.inputs.push((name, cap(&value, MAX_TEXT)));
    }
    form
}

/// What a submit control says, as the CLI's reader reads it.
fn button_text(e: &Element) -> String {
    let a = |n: &str| cap(&e.get_attribute(n).unwrap_or_default(), MAX_TEXT);
    if e.tag_name().eq_ignore_ascii_case("button") {
        let t = text(e);
        return if t.is_empty() { a("value") } else { t };
    }
    if a("type").eq_ignore_ascii_case("image") {
        return a("alt");
    }
    a("value")
}

fn skipped_parent(n: &web_sys::Node) -> bool {
    n.parent_element().is_some_and(|p| {
        matches!(
            p.tag_name().to_ascii_lowercase().as_str(),
            "script" | "style" | "noscript" | "template"
        )
    })
}

/// Text nodes that start with a label, read in one go.
pub fn read_labels(d: &Document, s: &mut PageSnapshot) -> Result<(), JsValue> {
    if let Some(mut w) = LabelWalk::new(d)? {
        w.walk(s, f64::INFINITY)?;
    }
    Ok(())
}

/// The walk over a page's text nodes for labels, resumable so the widget can spread it over
/// tasks on large pages. Every node's text is tested in JavaScript by a case-insensitive
/// `RegExp` built from the table (a superset of [`labels::find`]) without copying it; only
/// its hits, and the few nodes after them, cross into the module.
pub struct LabelWalk {
    walker: web_sys::TreeWalker,
    re: js_sys::RegExp,
    data: JsValue,
    /// Labels waiting for their next text: (index in the labels, nodes still wanted).
    pending: Vec<(usize, usize)>,
}

impl LabelWalk {
    /// A walk over the body's text nodes, or `None` for a page without a body.
    pub fn new(d: &Document) -> Result<Option<LabelWalk>, JsValue> {
        let Some(body) = d.body() else {
            return Ok(None);
        };
        Ok(Some(LabelWalk {
            // NodeFilter.SHOW_TEXT = 4
            walker: d.create_tree_walker_with_what_to_show(&body, 4)?,
            re: js_sys::RegExp::new(&labels::prefilter_source(), "i"),
            data: JsValue::from_str("data"),
            pending: Vec::new(),
        }))
    }

    /// Walks on until the end (`true`) or until `performance.now()` passes `until`.
    pub fn walk(&mut self, s: &mut PageSnapshot, until: f64) -> Result<bool, JsValue> {
        let perf = web_sys::window().and_then(|w| w.performance());
        let mut n = 0u32;
        while let Some(node) = self.walker.next_node()? {
            n += 1;
            if n.is_multiple_of(512)
                && until.is_finite()
                && perf.as_ref().is_some_and(|p| p.now() > until)
            {
                return Ok(false);
            }
            let Some(t) = js_sys::Reflect::get(&node, &self.data)
                .ok()
                .and_then(|v| v.dyn_into::<js_sys::JsString>().ok())
            else {
                continue;
            };
            let candidate =
                t.length() as usize <= labels::MAX_LABEL_NODE && t.search(&self.re) == 0;
            if !candidate && self.pending.is_empty() {
                continue;
            }
            if t.trim().length() == 0 || skipped_parent(&node) {
                continue;
            }
            let text = String::from(&t);
            let collapsed = labels::collapse(&text);
            for (i, left) in self.pending.iter_mut() {
                let next = &mut s.labels[*i].1;
                if next.len() < MAX_TEXT {
                    if !next.is_empty() {
                        next.push('\n');
                    }
                    next.push_str(truncate(&collapsed, MAX_TEXT - next.len()));
                }
                *left -= 1;
            }
            self.pending.retain(|(_, left)| *left > 0);
            if !candidate {
                continue;
            }
            if let Some((label, _)) = labels::find(&text) {
                let kept = s
                    .labels
                    .iter()
                    .filter(|(t, _)| labels::find(t).is_some_and(|(l, _)| l.kind == label.kind))
                    .count();
                if kept < labels::MAX_LABELS_PER_KIND {
                    s.labels.push((collapsed, String::new()));
                    self.pending.push((s.labels.len() - 1, labels::NEXT_NODES));
                }
            }
        }
        Ok(true)
    }
}

fn read_microdata(d: &Document, s: &mut PageSnapshot) -> Result<(), JsValue> {
    let items = d.query_selector_all("[itemscope]")?;
    for i in 0..items.length().min(MAX_ITEMS as u32) {
        let Some(item) = items.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let mut m = MicrodataItem {
            itemtype: item.get_attribute("itemtype").unwrap_or_default(),
            prop: item.get_attribute("itemprop"),
            props: Vec::new(),
        };
        let props = item.query_selector_all("[itemprop]")?;
        for k in 0..props.length() {
            if m.props.len() >= MAX_PROPS {
                break;
            }
            let Some(p) = props.item(k).and_then(|n| n.dyn_into::<Element>().ok()) else {
                continue;
            };
            // Only properties whose nearest item is this one.
            let owner = p
                .parent_element()
                .and_then(|pe| pe.closest("[itemscope]").ok().flatten());
            if owner.as_ref() != Some(&item) {
                continue;
            }
            let name = p.get_attribute("itemprop").unwrap_or_default();
            let value = if p.has_attribute("itemscope") {
                String::new()
            } else {
                prop_value(&p)
            };
            for n in name.split_whitespace() {
                m.props.push((n.to_string(), value.clone()));
            }
        }
        s.microdata.push(m);
    }
    Ok(())
}

fn prop_value(p: &Element) -> String {
    let attr = match p.tag_name().to_ascii_lowercase().as_str() {
        "meta" => Some("content"),
        "a" | "link" | "area" => Some("href"),
        "img" | "source" | "video" | "audio" | "iframe" | "embed" => Some("src"),
        "data" | "meter" => Some("value"),
        "time" if p.has_attribute("datetime") => Some("datetime"),
        _ => None,
    };
    match attr {
        Some(a) => cap(&p.get_attribute(a).unwrap_or_default(), MAX_TEXT),
        None => text(p),
    }
}

/// Identity attributes, found with one CSS selector (the browser matches it natively), each
/// element's attributes in their order.
fn read_data_attrs(d: &Document, s: &mut PageSnapshot) -> Result<(), JsValue> {
    let list = d.query_selector_all(&crate::context::data_attr_selector())?;
    for i in 0..list.length() {
        let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let names = el.get_attribute_names();
        for j in 0..names.length() {
            let Some(name) = names.get(j).as_string().map(|n| n.to_ascii_lowercase()) else {
                continue;
            };
            if !crate::context::is_data_attr(&name) {
                continue;
            }
            if s.data_attrs.len() >= MAX_DATA_ATTRS {
                return Ok(());
            }
            if s.data_attrs.iter().filter(|a| a.name == name).count() >= MAX_DATA_ATTRS_PER_NAME {
                continue;
            }
            let value = truncate(
                el.get_attribute(&name).unwrap_or_default().trim(),
                MAX_ATTR_BYTES,
            )
            .to_string();
            let text = if value.is_empty() {
                text(&el)
            } else {
                String::new()
            };
            s.data_attrs.push(DataAttr { name, value, text });
        }
    }
    Ok(())
}
