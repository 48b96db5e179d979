//! The browser layer (wasm32 only): fetch the bundle, mount a Shadow DOM host, wire the
//! search box, draw answers with DOM calls. Every decision is made by the core; this module
//! only reads the page and draws.

mod contact;
mod context_ui;
mod dom;
mod page;
mod render;

use crate::bundle::Bundle;
use crate::search::{highlights, search as run_search, SearchOptions, GOOD_CONFIDENCE};
use dom::{append_marked, el, text_el, toggle_attr};
use serde::Serialize;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, HtmlElement, HtmlInputElement, KeyboardEvent, ShadowRootInit, ShadowRootMode,
};

pub use contact::contact;
pub use render::render_answer;

#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

/// How long typing must pause before results redraw (ms). Searching is far faster than
/// this; the pause keeps the list and the screen reader's announcements from flickering.
const DEBOUNCE_MS: i32 = 90;

struct App {
    bundle: Bundle,
    panel: Element,
    /// The floating launcher button, when no slot on the page took the widget.
    launcher: Option<Element>,
    input: HtmlInputElement,
    list: Element,
    status: Element,
    answer: Element,
    /// Entries currently listed, best first.
    hits: Vec<u32>,
    /// Terms the current query matched, for highlighting.
    matched: Vec<String>,
    /// The option the keyboard points at (`aria-activedescendant`).
    active: Option<usize>,
    timer: Option<i32>,
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

/// What the loader passes to [`mount`].
struct Config {
    bundle: String,
    css: String,
    slot: String,
    /// The bundle's response, when the loader already asked for it (in parallel with the
    /// module, so the first answer does not wait for a request made after instantiation).
    prefetched: Option<js_sys::Promise>,
}

impl Config {
    /// Reads the loader's plain object by property (cheaper in the widget than a
    /// deserializer, and a missing property simply reads as empty).
    fn from_js(v: &JsValue) -> Config {
        let get = |k: &str| {
            js_sys::Reflect::get(v, &JsValue::from_str(k))
                .ok()
                .and_then(|x| x.as_string())
                .unwrap_or_default()
        };
        Config {
            bundle: get("bundle"),
            css: get("css"),
            slot: get("slot"),
            prefetched: js_sys::Reflect::get(v, &JsValue::from_str("prefetched"))
                .ok()
                .and_then(|p| p.dyn_into::<js_sys::Promise>().ok()),
        }
    }
}

fn err(what: &str, detail: &str) -> JsValue {
    let mut m = String::with_capacity(what.len() + detail.len() + 2);
    m.push_str(what);
    m.push_str(": ");
    m.push_str(detail);
    JsValue::from_str(&m)
}

fn bundle_err(e: crate::error::BundleError) -> JsValue {
    err("the answer bundle is unusable", e.reason())
}

#[derive(Serialize)]
struct HitJson {
    id: String,
    question: String,
    score: f32,
    confidence: f32,
}

/// Loads the bundle and puts the widget on the page. Called once by the loader.
#[wasm_bindgen]
pub async fn mount(config: JsValue) -> Result<(), JsValue> {
    let cfg = Config::from_js(&config);
    let fetch_failed = || err("fetching the answer bundle failed", &cfg.bundle);
    // The bundle's bytes, or a response still to be checked and read.
    enum Body {
        Read(Vec<u8>),
        Pending(gloo_net::http::Response),
    }
    let body = match &cfg.prefetched {
        Some(p) => {
            let v = wasm_bindgen_futures::JsFuture::from(p.clone())
                .await
                .map_err(|_| fetch_failed())?;
            match v.dyn_into::<js_sys::ArrayBuffer>() {
                // The loader read the body while the module compiled.
                Ok(buf) => Body::Read(js_sys::Uint8Array::new(&buf).to_vec()),
                Err(v) => Body::Pending(
                    v.dyn_into::<web_sys::Response>()
                        .map_err(|_| fetch_failed())?
                        .into(),
                ),
            }
        }
        None => Body::Pending(
            gloo_net::http::Request::get(&cfg.bundle)
                .send()
                .await
                .map_err(|_| fetch_failed())?,
        ),
    };
    let bytes = match body {
        Body::Read(bytes) => bytes,
        Body::Pending(resp) => {
            if !resp.ok() {
                let status = resp.status().to_string();
                return Err(err(
                    "fetching the answer bundle failed",
                    &(String::from("HTTP ") + &status),
                ));
            }
            resp.binary()
                .await
                .map_err(|_| err("reading the answer bundle failed", &cfg.bundle))?
        }
    };
    let bundle = {
        let _t = dom::Span::start("open");
        Bundle::from_bytes_deferred(bytes).map_err(bundle_err)?
    };
    // Opening, reading the page, making its dates and country names (when no earlier page left
    // them) and drawing each run in a task of their own, so the widget never holds the host
    // page's main thread for long (a long task delays the shopper's clicks and counts against
    // the page's responsiveness).
    yield_task().await;
    // Odd page markup costs the contextual block (one warning), never the search panel.
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
        draw_context(&bundle, &cfg.css, read)
    }
    .await
    .map_err(|e| warn(&e));
    // With a contextual answer on the page, the search panel waits for the next task so the
    // browser can paint that answer first.
    if matches!(drawn, Ok((_, Some(_)))) {
        yield_task().await;
    }
    let mut app = {
        let _t = dom::Span::start("search-panel");
        build_ui(bundle, &cfg)?
    };
    if let Ok(drawn) = drawn {
        adopt_context(&mut app, drawn);
    }
    APP.with(|a| *a.borrow_mut() = Some(app));
    // The search index is built in a task of its own once the answers are on screen: the
    // contextual block does not wait for it, nor does the shopper's first keystroke.
    let build_index = Closure::once_into_js(|| {
        let _t = dom::Span::start("index");
        with_app(|app| app.bundle.index().map(drop).map_err(bundle_err))
    });
    web_sys::window()
        .ok_or("no window")?
        .set_timeout_with_callback_and_timeout_and_arguments_0(build_index.unchecked_ref(), 0)?;
    Ok(())
}

/// Resolves in a later task: `scheduler.yield()` where the browser has it (the continuation
/// goes ahead of other queued tasks, so the wait is short), else `setTimeout` 0. Lets the
/// browser render, and the shopper's input through, between the widget's steps.
async fn yield_task() {
    let scheduler = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("scheduler"))
        .ok()
        .filter(|s| s.is_object());
    if let Some(s) = scheduler {
        let call = js_sys::Reflect::get(&s, &JsValue::from_str("yield"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .and_then(|f| f.call0(&s).ok())
            .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
        if let Some(p) = call {
            let _ = wasm_bindgen_futures::JsFuture::from(p).await;
            return;
        }
    }
    let p = js_sys::Promise::new(&mut |resolve, _| {
        let queued = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
                .ok()
        });
        if queued.is_none() {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
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
    if let Some(old) = app.context_host.take() {
        old.remove();
    }
    let read = decide(&app.bundle, snap);
    let drawn = draw_context(&app.bundle, &app.css, read)?;
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

/// Keeps what [`draw_context`] read and drew, and hands the page's facts to the contact form.
fn adopt_context(app: &mut App, (context, host): (crate::context::PageContext, Option<Element>)) {
    contact::page_facts(&page_facts(&context));
    app.context = context;
    app.context_host = host;
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
) -> Result<(crate::context::PageContext, Option<Element>), JsValue> {
    let d = dom::document()?;
    let Read {
        context,
        plan,
        formats,
        postcode,
    } = read;
    let _t = dom::Span::start("draw");
    let host = context_ui::render(&d, bundle, css, &context, &plan, &formats, &postcode)?;
    shipping_markup(&d, plan.shipping_json_ld.as_deref())?;
    if let Some(v) = &plan.delivery {
        emit(
            "delivery-shown",
            &(v.from.to_string() + "/" + &v.until.to_string()),
        );
    }
    Ok((context, host))
}

/// What the contact form should carry from this page: the order number on a confirmation,
/// the product on a product page.
fn page_facts(ctx: &crate::context::PageContext) -> Vec<(&'static str, String)> {
    let mut v = Vec::new();
    if let Some(o) = &ctx.order {
        if let Some(n) = &o.number {
            v.push(("order_number", n.clone()));
        }
    }
    if let Some(p) = &ctx.product {
        if let Some(sku) = &p.sku {
            v.push(("product_sku", sku.clone()));
        }
        if let Some(name) = &p.name {
            v.push(("product_name", name.clone()));
        }
        if let Some(h) = &p.handle {
            v.push(("product_handle", h.clone()));
        }
    }
    v
}

/// "Ask about this product": the contact form, tagged with the product, so the answer can
/// be published for everyone (`shop-answers inbox export`).
pub(crate) fn ask_about_product() {
    with_app(|app| {
        if app.launcher.is_some() {
            set_open(app, true)?;
        }
        contact::open(&page_facts(&app.context), true);
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

fn build_ui(bundle: Bundle, cfg: &Config) -> Result<App, JsValue> {
    let d = dom::document()?;
    let slot = if cfg.slot.is_empty() {
        // The search slot, else any slot but the one kept for contextual answers.
        match d.query_selector("[data-shop-answers-slot=\"search\"]")? {
            Some(s) => Some(s),
            None => d.query_selector(
                "[data-shop-answers-slot]:not([data-shop-answers-slot=\"context\"])",
            )?,
        }
    } else {
        d.query_selector(&cfg.slot)?
    };
    let host = el(&d, "div", "", &[("data-shop-answers", "")])?;
    let floating = slot.is_none();
    match slot {
        Some(s) => {
            s.append_child(&host)?;
        }
        None => {
            host.set_attribute("data-floating", "")?;
            d.body().ok_or("no body")?.append_child(&host)?;
        }
    }
    let root = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?;
    let link = el(&d, "link", "", &[("rel", "stylesheet"), ("href", &cfg.css)])?;
    root.append_child(&link)?;

    let text = |k: &str, default: &str| bundle.text(k, default);
    let title = text("widget.title", "Questions? Ask us");
    let placeholder = text("widget.placeholder", "Search our answers");
    let panel = el(
        &d,
        "section",
        "panel",
        &[("aria-label", &title), ("id", "sa-panel")],
    )?;
    // No slot on the page: a launcher button in the corner opens the panel.
    let launcher = if floating {
        let label = text("widget.launcher", "Questions?");
        let b = el(
            &d,
            "button",
            "launcher",
            &[
                ("type", "button"),
                ("aria-expanded", "false"),
                ("aria-controls", "sa-panel"),
            ],
        )?;
        b.set_text_content(Some(&label));
        let on_launch = Closure::<dyn Fn()>::new(|| {
            with_app(|app| {
                let open = app.panel.has_attribute("hidden");
                set_open(app, open)
            })
        });
        b.add_event_listener_with_callback("click", on_launch.as_ref().unchecked_ref())?;
        on_launch.forget();
        root.append_child(&b)?;
        panel.set_attribute("hidden", "")?;
        Some(b)
    } else {
        None
    };
    let h = text_el(&d, "h2", "title", &title)?;
    panel.append_child(&h)?;
    // WAI-ARIA combobox with a listbox popup: focus stays in the input, arrows move
    // aria-activedescendant, Enter opens the answer.
    let input: HtmlInputElement = el(
        &d,
        "input",
        "search",
        &[
            ("type", "search"),
            ("role", "combobox"),
            ("aria-autocomplete", "list"),
            ("aria-expanded", "false"),
            ("aria-controls", "sa-list"),
            ("aria-label", &placeholder),
            ("placeholder", &placeholder),
            ("autocomplete", "off"),
            ("enterkeyhint", "search"),
        ],
    )?
    .dyn_into()?;
    let status = el(
        &d,
        "p",
        "status",
        &[("role", "status"), ("aria-live", "polite")],
    )?;
    let list = el(
        &d,
        "ul",
        "results",
        &[
            ("id", "sa-list"),
            ("role", "listbox"),
            ("aria-label", &title),
        ],
    )?;
    list.set_attribute("hidden", "")?;
    let answer = el(&d, "div", "answer-view", &[("id", "sa-answer")])?;
    answer.set_attribute("hidden", "")?;
    panel.append_child(&input)?;
    panel.append_child(&status)?;
    panel.append_child(&list)?;
    panel.append_child(&answer)?;
    contact::mount(&d, &panel, bundle.meta())?;
    root.append_child(&panel)?;

    let on_input = Closure::<dyn Fn()>::new(schedule_refresh);
    input.add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref())?;
    on_input.forget();
    let on_key = Closure::<dyn Fn(KeyboardEvent)>::new(|ev: KeyboardEvent| {
        if let Err(e) = on_keydown(&ev) {
            warn(&e);
        }
    });
    input.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref())?;
    on_key.forget();
    // Keep focus in the input when an option is pressed, then show its answer.
    let on_down = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| ev.prevent_default());
    list.add_event_listener_with_callback("mousedown", on_down.as_ref().unchecked_ref())?;
    on_down.forget();
    let on_click = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
        let index = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest("[role=option]").ok().flatten())
            .and_then(|o| o.get_attribute("data-index"))
            .and_then(|i| i.parse::<usize>().ok());
        if let Some(i) = index {
            with_app(|app| show_answer(app, i, true));
        }
    });
    list.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
    on_click.forget();
    let on_answer_click = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
        let vote = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest("[data-vote]").ok().flatten());
        if let Some(b) = vote {
            with_app(|app| record_vote(app, &b));
        }
    });
    answer.add_event_listener_with_callback("click", on_answer_click.as_ref().unchecked_ref())?;
    on_answer_click.forget();
    Ok(App {
        bundle,
        panel,
        launcher,
        input,
        list,
        status,
        answer,
        hits: Vec::new(),
        matched: Vec::new(),
        active: None,
        timer: None,
        css: cfg.css.clone(),
        explicit: Vec::new(),
        context: crate::context::PageContext::default(),
        context_host: None,
    })
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

/// One console warning, prefixed like the loader's, so a shop's developer can find ours.
fn warn(e: &JsValue) {
    web_sys::console::warn_2(&JsValue::from_str("shop-answers:"), e);
}

fn schedule_refresh() {
    with_app(|app| {
        let w = web_sys::window().ok_or("no window")?;
        if let Some(t) = app.timer.take() {
            w.clear_timeout_with_handle(t);
        }
        let run = Closure::once_into_js(|| with_app(refresh_results));
        app.timer = Some(w.set_timeout_with_callback_and_timeout_and_arguments_0(
            run.unchecked_ref(),
            DEBOUNCE_MS,
        )?);
        Ok(())
    });
}

fn refresh_results(app: &mut App) -> Result<(), JsValue> {
    app.timer = None;
    let d = dom::document()?;
    let q = app.input.value();
    app.list.set_text_content(None);
    app.hits.clear();
    app.active = None;
    app.input.remove_attribute("aria-activedescendant")?;
    if q.trim().is_empty() {
        app.status.set_text_content(None);
        close_list(app)?;
        app.answer.set_attribute("hidden", "")?;
        return Ok(());
    }
    let opts = SearchOptions {
        limit: 6,
        ..SearchOptions::default()
    };
    let Ok(r) = run_search(&app.bundle, &q, &opts) else {
        // A damaged search index was reported once when it was built: point to contact.
        return no_answer(app);
    };
    let good = r
        .hits
        .first()
        .is_some_and(|h| h.confidence >= GOOD_CONFIDENCE);
    let analyzer = app.bundle.analyzer();
    for (i, h) in r.hits.iter().enumerate() {
        let question = app.bundle.question(h.doc).map_err(bundle_err)?;
        let id = String::from("sa-opt-") + &i.to_string();
        let li = el(
            &d,
            "li",
            "result",
            &[("role", "option"), ("id", &id), ("aria-selected", "false")],
        )?;
        li.set_attribute("data-index", &i.to_string())?;
        append_marked(
            &d,
            &li,
            question,
            &highlights(&analyzer, question, &r.matched_terms),
        )?;
        app.list.append_child(&li)?;
        app.hits.push(h.doc);
    }
    app.matched = r.matched_terms;
    let open = !app.hits.is_empty();
    toggle_attr(&app.list, "hidden", !open)?;
    app.input
        .set_attribute("aria-expanded", if open { "true" } else { "false" })?;
    if good {
        let n = app.hits.len();
        let label = n.to_string() + if n == 1 { " answer" } else { " answers" };
        app.status.set_text_content(Some(&label));
        // Answer without being asked: the best match is shown right away.
        show_answer(app, 0, false)?;
    } else {
        app.answer.set_attribute("hidden", "")?;
        no_answer(app)?;
    }
    Ok(())
}

fn close_list(app: &App) -> Result<(), JsValue> {
    app.list.set_attribute("hidden", "")?;
    app.input.set_attribute("aria-expanded", "false")
}

fn no_answer(app: &App) -> Result<(), JsValue> {
    let d = dom::document()?;
    let meta = app.bundle.meta();
    let msg = app
        .bundle
        .text("widget.no_answer", "No answer matches yet. Contact us:");
    app.status.set_text_content(Some(&msg));
    if let Some(email) = meta.get("contact.email") {
        let a = el(&d, "a", "", &[("href", &(String::from("mailto:") + email))])?;
        a.set_text_content(Some(&(String::from(" ") + email)));
        app.status.append_child(&a)?;
    }
    contact::offer();
    Ok(())
}

/// Shows entry `i` of the list in the answer region; `chosen` marks it selected (the
/// shopper picked it) rather than shown proactively.
fn show_answer(app: &mut App, i: usize, chosen: bool) -> Result<(), JsValue> {
    let Some(&doc) = app.hits.get(i) else {
        return Ok(());
    };
    let d = dom::document()?;
    let e = app.bundle.entry(doc).map_err(bundle_err)?;
    app.answer.set_text_content(None);
    let heading = el(&d, "h3", "answer-question", &[("tabindex", "-1")])?;
    heading.set_text_content(Some(&e.question));
    app.answer.append_child(&heading)?;
    let body = el(&d, "div", "answer", &[])?;
    render_answer(&d, &body, &e.answer)?;
    app.answer.append_child(&body)?;
    let ask = app
        .bundle
        .text("widget.helpful", "Did this answer your question?");
    let fb = el(&d, "p", "helpful", &[])?;
    let span = text_el(&d, "span", "", &ask)?;
    fb.append_child(&span)?;
    for (vote, label) in [
        ("yes", app.bundle.text("widget.yes", "Yes")),
        ("no", app.bundle.text("widget.no", "No")),
    ] {
        let b = el(
            &d,
            "button",
            "vote",
            &[
                ("type", "button"),
                ("data-vote", vote),
                ("data-entry", &e.id),
            ],
        )?;
        b.set_text_content(Some(&label));
        fb.append_child(&b)?;
    }
    app.answer.append_child(&fb)?;
    app.answer.remove_attribute("hidden")?;
    let opts = app.list.children();
    for k in 0..opts.length() {
        if let Some(o) = opts.item(k) {
            o.set_attribute(
                "aria-selected",
                if chosen && k as usize == i {
                    "true"
                } else {
                    "false"
                },
            )?;
        }
    }
    if chosen {
        close_list(app)?;
    }
    emit("answer-shown", &e.id);
    Ok(())
}

fn on_keydown(ev: &KeyboardEvent) -> Result<(), JsValue> {
    let key = ev.key();
    let mut handled = true;
    APP.with(|a| -> Result<(), JsValue> {
        let mut a = a.borrow_mut();
        let Some(app) = a.as_mut() else { return Ok(()) };
        let n = app.hits.len();
        match key.as_str() {
            "ArrowDown" | "ArrowUp" | "Home" | "End" if n > 0 => {
                let next = match (key.as_str(), app.active) {
                    ("ArrowDown", None) | ("Home", _) => 0,
                    ("ArrowDown", Some(i)) => (i + 1) % n,
                    ("ArrowUp", None) | ("End", _) => n - 1,
                    (_, Some(i)) => (i + n - 1) % n,
                    _ => 0,
                };
                set_active(app, Some(next))?;
            }
            "Enter" => match app.active {
                Some(i) => {
                    show_answer(app, i, true)?;
                    if let Some(h) = app.answer.query_selector("h3")? {
                        h.dyn_into::<HtmlElement>()?.focus()?;
                    }
                }
                None => handled = false,
            },
            "Escape" => {
                if app.list.has_attribute("hidden")
                    && app.input.value().is_empty()
                    && app.launcher.is_some()
                {
                    set_open(app, false)?;
                } else if app.list.has_attribute("hidden") {
                    app.input.set_value("");
                    app.answer.set_attribute("hidden", "")?;
                    app.status.set_text_content(None);
                } else {
                    close_list(app)?;
                }
                set_active(app, None)?;
            }
            _ => handled = false,
        }
        Ok(())
    })?;
    if handled {
        ev.prevent_default();
    }
    Ok(())
}

fn set_active(app: &mut App, i: Option<usize>) -> Result<(), JsValue> {
    app.active = i;
    let opts = app.list.children();
    for k in 0..opts.length() {
        if let Some(o) = opts.item(k) {
            toggle_attr(&o, "data-active", Some(k as usize) == i)?;
        }
    }
    match i {
        Some(i) => {
            app.list.remove_attribute("hidden")?;
            app.input.set_attribute("aria-expanded", "true")?;
            app.input.set_attribute(
                "aria-activedescendant",
                &(String::from("sa-opt-") + &i.to_string()),
            )
        }
        None => app.input.remove_attribute("aria-activedescendant"),
    }
}

/// Keeps the shopper's "did this help?" answer on their device (no cookies) and, when the
/// shop names a feedback endpoint, posts it there.
fn record_vote(app: &mut App, button: &Element) -> Result<(), JsValue> {
    let vote = button.get_attribute("data-vote").unwrap_or_default();
    let entry = button.get_attribute("data-entry").unwrap_or_default();
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        // Storage can be full or disabled: the vote is a nicety, never an error.
        let _ = storage.set_item(&(String::from("shop-answers:helpful:") + &entry), &vote);
    }
    contact::send_feedback(app.bundle.meta(), &entry, vote == "yes", &app.input.value());
    let thanks = app.bundle.text("widget.thanks", "Thanks for telling us.");
    if let Some(p) = button.parent_element() {
        p.set_text_content(Some(&thanks));
    }
    emit(
        if vote == "yes" {
            "helpful"
        } else {
            "not-helpful"
        },
        &entry,
    );
    Ok(())
}

/// Tells the page what happened, as a `shop-answers:<name>` event on `window` (the loader's
/// `ShopAnswers.on(name, fn)` listens to these).
fn emit(name: &str, detail: &str) {
    let Some(w) = web_sys::window() else { return };
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&JsValue::from_str(detail));
    if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict(
        &(String::from("shop-answers:") + name),
        &init,
    ) {
        let _ = w.dispatch_event(&ev);
    }
}

/// Shows or hides the floating panel; focus goes to the search box, and back to the
/// launcher on close, so keyboard users never lose their place.
fn set_open(app: &mut App, open: bool) -> Result<(), JsValue> {
    toggle_attr(&app.panel, "hidden", !open)?;
    if let Some(l) = &app.launcher {
        l.set_attribute("aria-expanded", if open { "true" } else { "false" })?;
        if !open {
            l.dyn_ref::<HtmlElement>().ok_or("launcher")?.focus()?;
        }
    }
    if open {
        app.input.focus()?;
    }
    Ok(())
}

/// Opens the widget: the floating panel, or focus on the inline search box.
#[wasm_bindgen]
pub fn open() {
    with_app(|app| set_open(app, true));
}

/// Closes the floating panel (inline widgets stay where they are).
#[wasm_bindgen]
pub fn close() {
    with_app(|app| {
        if app.launcher.is_some() {
            set_open(app, false)
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

/// Ranked answers for `q` as `[{id, question, score, confidence}]` (the `ShopAnswers.search` API).
#[wasm_bindgen]
pub fn search(q: &str) -> Result<JsValue, JsValue> {
    APP.with(|a| {
        let a = a.borrow();
        let app = a.as_ref().ok_or("the widget is not mounted")?;
        let r = run_search(&app.bundle, q, &SearchOptions::default()).map_err(bundle_err)?;
        let mut out = Vec::with_capacity(r.hits.len());
        for h in r.hits {
            let e = app.bundle.entry(h.doc).map_err(bundle_err)?;
            out.push(HitJson {
                id: e.id,
                question: e.question,
                score: h.score,
                confidence: h.confidence,
            });
        }
        emit("search", q);
        Ok(serde_wasm_bindgen::to_value(&out)?)
    })
}
