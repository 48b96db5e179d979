//! The first-paint module (feature `widget-context`): opens the bundle, reads the page in
//! short tasks, draws the contextual block and the search [`Shell`], and answers the
//! context half of the JS API (`context`, `setContext`, `refresh`, `open`, `close`).

use super::dom::{self, el};
use super::shell::Shell;
use super::{bundle_err, context_ui, emit, page, warn, yield_task, Config};
use crate::bundle::Bundle;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

struct App {
    bundle: Bundle,
    shell: Shell,
    /// The widget stylesheet, for every Shadow DOM host the widget adds.
    css: String,
    /// What the shop stated with `ShopAnswers.setContext`.
    explicit: Vec<(String, String)>,
    /// The page as last read.
    context: crate::context::PageContext,
    /// The contextual block currently on the page.
    context_host: Option<Element>,
}

thread_local! {
    static APP: RefCell<Option<App>> = const { RefCell::new(None) };
}

fn with_app(f: impl FnOnce(&mut App) -> Result<(), JsValue>) {
    APP.with(|a| {
        if let Some(app) = a.borrow_mut().as_mut() {
            if let Err(e) = f(app) {
                warn(&e);
            }
        }
    });
}

/// Loads the bundle and puts the widget on the page. Called once by the loader.
#[wasm_bindgen]
pub async fn mount(config: JsValue) -> Result<(), JsValue> {
    let cfg = Config::from_js(&config);
    let bytes = super::bundle_bytes(&cfg).await?;
    let bundle = {
        let _t = dom::Span::start("open");
        Bundle::from_bytes_deferred(bytes).map_err(bundle_err)?
    };
    // Opening, reading the page, making its dates and country names (when no earlier page left
    // them) and drawing each run in a task of their own, so the widget never holds the host
    // page's main thread for long (a long task delays the shopper's clicks and counts against
    // the page's responsiveness).
    yield_task().await;
    // Odd page markup costs the contextual block (one warning), never the search box.
    let drawn = async {
        let snap = read_page(&[]).await?;
        yield_task().await;
        let read = decide(&bundle, &snap);
        yield_task().await;
        if read.formats.prepare_dates(&read.plan) {
            yield_task().await;
        }
        if read.formats.prepare_countries(&read.plan) {
            yield_task().await;
        }
        draw_context(&bundle, &cfg.css, read, None)
    }
    .await
    .map_err(|e| warn(&e));
    // With a contextual answer on the page, the search box waits for the next task so the
    // browser can paint that answer first.
    if matches!(drawn, Ok((_, Some(_)))) {
        yield_task().await;
    }
    let shell = {
        let _t = dom::Span::start("shell");
        Shell::build(&dom::document()?, &bundle, &cfg)?
    };
    let mut app = App {
        bundle,
        shell,
        css: cfg.css.clone(),
        explicit: Vec::new(),
        context: crate::context::PageContext::default(),
        context_host: None,
    };
    if let Ok(drawn) = drawn {
        adopt_context(&mut app, drawn);
    }
    APP.with(|a| *a.borrow_mut() = Some(app));
    Ok(())
}

/// Reads the page, decides what belongs on it and (re)draws the contextual block, in one
/// step: for the shopper's own choices (a destination), where the answer must follow at once.
fn refresh_context(app: &mut App) -> Result<(), JsValue> {
    let d = dom::document()?;
    let mut snap = page::snapshot(&d, &app.explicit)?;
    page::read_body(&d, &mut snap)?;
    page::read_forms(&d, &mut snap)?;
    page::read_snippets(&d, &mut snap)?;
    page::read_labels(&d, &mut snap)?;
    redraw(app, &snap)
}

/// Decides what belongs on the page read into `snap` and redraws the contextual block.
fn redraw(app: &mut App, snap: &crate::context::PageSnapshot) -> Result<(), JsValue> {
    let old = app.context_host.take();
    let read = decide(&app.bundle, snap);
    let drawn = draw_context(&app.bundle, &app.css, read, old.as_ref());
    if let Some(old) = old {
        // Replaced in place when there is a new block; gone when there is none.
        old.remove();
    }
    let drawn = drawn?;
    adopt_context(app, drawn);
    Ok(())
}

/// Longest stretch of the walk over a page's text in one task, in milliseconds.
const LABEL_SLICE_MS: f64 = 25.0;

/// Reads the page in five tasks (or more on a very large page): its head, the identity
/// attributes of its body, its forms, its snippets, then the walk over its text for labels. On a large page each takes a few tens of milliseconds.
async fn read_page(explicit: &[(String, String)]) -> Result<crate::context::PageSnapshot, JsValue> {
    let d = dom::document()?;
    let mut snap = {
        let _t = dom::Span::start("read-head");
        page::snapshot(&d, explicit)?
    };
    yield_task().await;
    {
        let _t = dom::Span::start("read-body");
        page::read_body(&d, &mut snap)?;
    }
    yield_task().await;
    {
        let _t = dom::Span::start("read-forms");
        page::read_forms(&d, &mut snap)?;
    }
    yield_task().await;
    {
        let _t = dom::Span::start("read-snippets");
        page::read_snippets(&d, &mut snap)?;
    }
    yield_task().await;
    if let Some(mut walk) = page::LabelWalk::new(&d)? {
        let perf = web_sys::window().and_then(|w| w.performance());
        loop {
            let done = {
                let _t = dom::Span::start("read-labels");
                let until = perf
                    .as_ref()
                    .map_or(f64::INFINITY, |p| p.now() + LABEL_SLICE_MS);
                walk.walk(&mut snap, until)?
            };
            if done {
                break;
            }
            yield_task().await;
        }
    }
    Ok(snap)
}

/// Keeps what [`draw_context`] read and drew, and tells the page (and through the loader the
/// interactive module's contact form) what the page is about.
fn adopt_context(app: &mut App, (context, host): (crate::context::PageContext, Option<Element>)) {
    app.context = context;
    app.context_host = host;
    emit("context", &app.context.to_json());
}

/// What the page is and what belongs on it: read, classified and planned. Needs only the
/// bundle, so [`mount`] does it before it builds the search panel: the answer that belongs on
/// the page comes first.
struct Read {
    context: crate::context::PageContext,
    plan: crate::answer::Plan,
    formats: context_ui::Formats,
    postcode: String,
}

fn decide(bundle: &Bundle, snap: &crate::context::PageSnapshot) -> Read {
    let _t = dom::Span::start("decide");
    let context = crate::context::classify(snap);
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let stored = remembered_destination();
    let dest = stored
        .as_ref()
        .map(|(c, r, p)| crate::delivery::Destination {
            country: c,
            region: r.as_deref(),
            postcode: p.as_deref(),
        });
    let plan = crate::answer::plan(bundle, &context, now, dest.as_ref());
    let locale = context
        .lang
        .clone()
        .or_else(|| bundle.meta().get(crate::bundle::META_LOCALE).cloned())
        .unwrap_or_else(|| "en".into());
    let postcode = stored.and_then(|s| s.2).unwrap_or_default();
    Read {
        context,
        plan,
        formats: context_ui::Formats::new(locale),
        postcode,
    }
}

/// Draws what [`read_context`] decided: the page's context and its contextual block.
fn draw_context(
    bundle: &Bundle,
    css: &str,
    read: Read,
    previous: Option<&Element>,
) -> Result<(crate::context::PageContext, Option<Element>), JsValue> {
    let d = dom::document()?;
    let Read {
        context,
        plan,
        formats,
        postcode,
    } = read;
    let _t = dom::Span::start("draw");
    let host = context_ui::render(
        &d, bundle, css, &context, &plan, &formats, &postcode, previous,
    )?;
    shipping_markup(&d, plan.shipping_json_ld.as_deref())?;
    if let Some(v) = &plan.delivery {
        emit(
            "delivery-shown",
            &(v.from.to_string() + "/" + &v.until.to_string()),
        );
    }
    Ok((context, host))
}

/// "Ask about this product": the contact form, tagged with the product, so the answer can
/// be published for everyone (`shop-answers inbox export`). The interactive module opens it.
pub(crate) fn ask_about_product() {
    with_app(|app| {
        if app.shell.launcher.is_some() {
            app.shell.set_open(true)?;
        }
        super::intent("contact");
        Ok(())
    });
}

/// Keeps one `<script type="application/ld+json">` with the page's schema.org shipping
/// details in `<head>`: replaced on every refresh, removed when there is none.
fn shipping_markup(d: &web_sys::Document, json: Option<&str>) -> Result<(), JsValue> {
    const SEL: &str = "script[data-shop-answers=\"shipping\"]";
    if let Some(old) = d.query_selector(SEL)? {
        old.remove();
    }
    if let (Some(json), Some(head)) = (json, d.query_selector("head")?) {
        let s = el(
            d,
            "script",
            "",
            &[
                ("type", "application/ld+json"),
                ("data-shop-answers", "shipping"),
            ],
        )?;
        s.set_text_content(Some(json));
        head.append_child(&s)?;
    }
    Ok(())
}

const DESTINATION_KEY: &str = "shop-answers:destination";

/// The shopper picked a destination: remember it on their device (`CC||POSTCODE`), redraw,
/// and give the keyboard back to the picker in the new block.
pub(crate) fn choose_destination(country: &str, postcode: &str) {
    if country.len() != 2 {
        return;
    }
    let postcode: String = postcode.trim().chars().filter(|c| *c != '|').collect();
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(DESTINATION_KEY, &(country.to_string() + "||" + &postcode));
    }
    with_app(|app| {
        refresh_context(app)?;
        let root = app.context_host.as_ref().and_then(|h| h.shadow_root());
        if let Some(det) = root.and_then(|r| r.query_selector("details.dest").ok().flatten()) {
            det.set_attribute("open", "")?;
            if let Some(sel) = det.query_selector("select")? {
                sel.unchecked_into::<HtmlElement>().focus()?;
            }
        }
        Ok(())
    });
}

/// The destination the shopper chose earlier, kept on their device: `CC`, `CC|REGION` or
/// `CC|REGION|POSTCODE`.
fn remembered_destination() -> Option<(String, Option<String>, Option<String>)> {
    let storage = web_sys::window()?.local_storage().ok().flatten()?;
    let v = storage.get_item(DESTINATION_KEY).ok().flatten()?;
    let mut parts = v.split('|').map(|p| p.trim().to_string());
    let country = parts.next().filter(|c| c.len() == 2)?;
    let region = parts.next().filter(|r| !r.is_empty());
    let postcode = parts.next().filter(|p| !p.is_empty());
    Some((country, region, postcode))
}

/// Opens the widget: the floating panel, or focus on the inline search box.
#[wasm_bindgen]
pub fn open() {
    with_app(|app| app.shell.set_open(true));
    super::intent("open");
}

/// Closes the floating panel (inline widgets stay where they are).
#[wasm_bindgen]
pub fn close() {
    with_app(|app| {
        if app.shell.launcher.is_some() {
            app.shell.set_open(false)
        } else {
            Ok(())
        }
    });
}

/// The page as the widget reads it: `{page_type, platform, product, order, lang, signals}`.
#[wasm_bindgen]
pub fn context() -> Result<JsValue, JsValue> {
    APP.with(|a| {
        let a = a.borrow();
        let app = a.as_ref().ok_or("the widget is not mounted")?;
        js_sys::JSON::parse(&app.context.to_json())
    })
}

/// States facts the page cannot show (`{page_type: "product", sku: "AB-1"}`); they outrank
/// everything read from the markup. Then re-reads the page.
#[wasm_bindgen]
pub fn set_context(ctx: JsValue) {
    let mut explicit = Vec::new();
    if let Some(obj) = ctx.dyn_ref::<js_sys::Object>() {
        for pair in js_sys::Object::entries(obj).iter() {
            let pair: js_sys::Array = pair.unchecked_into();
            let (k, v) = (pair.get(0).as_string().unwrap_or_default(), pair.get(1));
            let v = if let Some(arr) = v.dyn_ref::<js_sys::Array>() {
                arr.iter()
                    .filter_map(|x| x.as_string())
                    .collect::<Vec<_>>()
                    .join(",")
            } else if let Some(s) = v.as_string() {
                s
            } else if v.as_f64().is_some() {
                // JavaScript's own number formatting, not Rust's float printer.
                String::from(js_sys::JsString::from(v))
            } else {
                continue;
            };
            explicit.push((k, v));
        }
    }
    with_app(|app| {
        app.explicit = explicit;
        refresh_context(app)
    });
}

/// Re-reads the page after client-side navigation or a variant change, in short tasks as
/// [`mount`] does: the page's markup, its text, then deciding and drawing.
#[wasm_bindgen]
pub async fn refresh() {
    let Some(explicit) = APP.with(|a| a.borrow().as_ref().map(|app| app.explicit.clone())) else {
        return;
    };
    match read_page(&explicit).await {
        Ok(snap) => {
            yield_task().await;
            with_app(|app| redraw(app, &snap));
        }
        Err(e) => warn(&e),
    }
}
