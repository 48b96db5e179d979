//! The interactive module (feature `widget-search`): takes over the search [`Shell`] the
//! first-paint module drew, and brings search, results, answers, votes and the contact form
//! with its outbox. The loader fetches it on intent or when the page is idle; the outbox
//! resumes as soon as it runs, from any page.

use super::dom::{self, append_marked, el, text_el, toggle_attr};
use super::shell::Shell;
use super::{bundle_err, contact, emit, render_answer, warn, Config};
use crate::bundle::Bundle;
use crate::search::{highlights, search as run_search, SearchOptions, GOOD_CONFIDENCE};
use serde::Serialize;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};

/// How long typing must pause before results redraw (ms). Searching is far faster than
/// this; the pause keeps the list and the screen reader's announcements from flickering.
const DEBOUNCE_MS: i32 = 90;

struct App {
    bundle: Bundle,
    shell: Shell,
    /// Entries currently listed, best first.
    hits: Vec<u32>,
    /// Terms the current query matched, for highlighting.
    matched: Vec<String>,
    /// The option the keyboard points at (`aria-activedescendant`).
    active: Option<usize>,
    timer: Option<i32>,
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

#[derive(Serialize)]
struct HitJson {
    id: String,
    question: String,
    score: f32,
    confidence: f32,
}

/// Takes over the search shell: opens the bundle with its search index, wires the search
/// box, the results and the contact form, and carries out what the shopper already asked
/// for (`intent`: `search`, `open`, `contact`, or `idle` when nothing was asked). Called once
/// by the loader.
#[wasm_bindgen]
pub async fn attach(config: JsValue, intent: String) -> Result<(), JsValue> {
    let cfg = Config::from_js(&config);
    let bytes = super::bundle_bytes(&cfg).await?;
    super::yield_task().await;
    let bundle = {
        let _t = dom::Span::start("open-search");
        Bundle::from_bytes_deferred(bytes).map_err(bundle_err)?
    };
    super::yield_task().await;
    {
        let _t = dom::Span::start("index");
        if let Err(e) = bundle.index() {
            // A damaged search index still leaves the contact form: one warning.
            warn(&bundle_err(e));
        }
    }
    super::yield_task().await;
    let _t = dom::Span::start("attach");
    let d = dom::document()?;
    let shell = match Shell::find(&d) {
        Some(s) => s,
        None => Shell::build(&d, &bundle, &cfg)?,
    };
    contact::mount(&d, &shell.panel, bundle.meta())?;
    let input = shell.input.clone();
    let list = shell.list.clone();
    let answer = shell.answer.clone();
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
    APP.with(|a| {
        *a.borrow_mut() = Some(App {
            bundle,
            shell,
            hits: Vec::new(),
            matched: Vec::new(),
            active: None,
            timer: None,
        })
    });
    if let Some(json) = js_sys::Reflect::get(&config, &JsValue::from_str("context"))
        .ok()
        .and_then(|c| c.as_string())
    {
        page_context(&json);
    }
    // Facts of later pages (client-side navigation) arrive with each redraw.
    let on_context = Closure::<dyn Fn(web_sys::CustomEvent)>::new(|e: web_sys::CustomEvent| {
        if let Some(json) = e.detail().as_string() {
            page_context(&json);
        }
    });
    web_sys::window()
        .ok_or("no window")?
        .add_event_listener_with_callback(
            "shop-answers:context",
            on_context.as_ref().unchecked_ref(),
        )?;
    on_context.forget();
    match intent.as_str() {
        "contact" => contact::open(&[], true),
        _ => {
            if !input.value().trim().is_empty() {
                schedule_refresh();
            }
        }
    }
    Ok(())
}

/// What the contact form should carry from the page the first-paint module read (its
/// context JSON): the order number on a confirmation, the product on a product page.
fn page_context(json: &str) {
    let Ok(v) = js_sys::JSON::parse(json) else {
        return;
    };
    let get = |o: &JsValue, k: &str| {
        js_sys::Reflect::get(o, &JsValue::from_str(k))
            .ok()
            .and_then(|x| x.as_string())
    };
    let mut facts: Vec<(&str, String)> = Vec::new();
    if let Ok(o) = js_sys::Reflect::get(&v, &JsValue::from_str("order")) {
        if let Some(n) = get(&o, "number") {
            facts.push(("order_number", n));
        }
    }
    if let Ok(p) = js_sys::Reflect::get(&v, &JsValue::from_str("product")) {
        for (k, key) in [
            ("sku", "product_sku"),
            ("name", "product_name"),
            ("handle", "product_handle"),
        ] {
            if let Some(x) = get(&p, k) {
                facts.push((key, x));
            }
        }
    }
    contact::page_facts(&facts);
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
    let q = app.shell.input.value();
    app.shell.list.set_text_content(None);
    app.hits.clear();
    app.active = None;
    app.shell.input.remove_attribute("aria-activedescendant")?;
    if q.trim().is_empty() {
        app.shell.status.set_text_content(None);
        close_list(app)?;
        app.shell.answer.set_attribute("hidden", "")?;
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
        app.shell.list.append_child(&li)?;
        app.hits.push(h.doc);
    }
    app.matched = r.matched_terms;
    let open = !app.hits.is_empty();
    toggle_attr(&app.shell.list, "hidden", !open)?;
    app.shell
        .input
        .set_attribute("aria-expanded", if open { "true" } else { "false" })?;
    if good {
        let n = app.hits.len();
        let label = n.to_string() + if n == 1 { " answer" } else { " answers" };
        app.shell.status.set_text_content(Some(&label));
        // Answer without being asked: the best match is shown right away.
        show_answer(app, 0, false)?;
    } else {
        app.shell.answer.set_attribute("hidden", "")?;
        no_answer(app)?;
    }
    Ok(())
}

fn close_list(app: &App) -> Result<(), JsValue> {
    app.shell.list.set_attribute("hidden", "")?;
    app.shell.input.set_attribute("aria-expanded", "false")
}

fn no_answer(app: &App) -> Result<(), JsValue> {
    let d = dom::document()?;
    let meta = app.bundle.meta();
    let msg = app
        .bundle
        .text("widget.no_answer", "No answer matches yet. Contact us:");
    app.shell.status.set_text_content(Some(&msg));
    if let Some(email) = meta.get("contact.email") {
        let a = el(&d, "a", "", &[("href", &(String::from("mailto:") + email))])?;
        a.set_text_content(Some(&(String::from(" ") + email)));
        app.shell.status.append_child(&a)?;
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
    app.shell.answer.set_text_content(None);
    let heading = el(&d, "h3", "answer-question", &[("tabindex", "-1")])?;
    heading.set_text_content(Some(&e.question));
    app.shell.answer.append_child(&heading)?;
    let body = el(&d, "div", "answer", &[])?;
    render_answer(&d, &body, &e.answer)?;
    app.shell.answer.append_child(&body)?;
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
    app.shell.answer.append_child(&fb)?;
    app.shell.answer.remove_attribute("hidden")?;
    let opts = app.shell.list.children();
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
                    if let Some(h) = app.shell.answer.query_selector("h3")? {
                        h.dyn_into::<HtmlElement>()?.focus()?;
                    }
                }
                None => handled = false,
            },
            "Escape" => {
                if app.shell.list.has_attribute("hidden")
                    && app.shell.input.value().is_empty()
                    && app.shell.launcher.is_some()
                {
                    app.shell.set_open(false)?;
                } else if app.shell.list.has_attribute("hidden") {
                    app.shell.input.set_value("");
                    app.shell.answer.set_attribute("hidden", "")?;
                    app.shell.status.set_text_content(None);
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
    let opts = app.shell.list.children();
    for k in 0..opts.length() {
        if let Some(o) = opts.item(k) {
            toggle_attr(&o, "data-active", Some(k as usize) == i)?;
        }
    }
    match i {
        Some(i) => {
            app.shell.list.remove_attribute("hidden")?;
            app.shell.input.set_attribute("aria-expanded", "true")?;
            app.shell.input.set_attribute(
                "aria-activedescendant",
                &(String::from("sa-opt-") + &i.to_string()),
            )
        }
        None => app.shell.input.remove_attribute("aria-activedescendant"),
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
    contact::send_feedback(
        app.bundle.meta(),
        &entry,
        vote == "yes",
        &app.shell.input.value(),
    );
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
