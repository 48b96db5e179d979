//! The browser layer (wasm32 only): fetch the bundle, mount a Shadow DOM host, wire the
//! search box, draw answers with DOM calls. Every decision is made by the core; this module
//! only reads the page and draws.

mod render;

use crate::bundle::Bundle;
use crate::search::{search as run_search, SearchOptions, GOOD_CONFIDENCE};
use serde::Serialize;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlInputElement, ShadowRootInit, ShadowRootMode};

pub use render::render_answer;

struct App {
    bundle: Bundle,
    input: HtmlInputElement,
    results: Element,
    status: Element,
}

thread_local! {
    static APP: RefCell<Option<App>> = const { RefCell::new(None) };
}

/// What the loader passes to [`mount`].
struct Config {
    bundle: String,
    css: String,
    slot: String,
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

fn doc() -> Result<Document, JsValue> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))
}

/// Loads the bundle and puts the widget on the page. Called once by the loader.
#[wasm_bindgen]
pub async fn mount(config: JsValue) -> Result<(), JsValue> {
    let cfg = Config::from_js(&config);
    let resp = gloo_net::http::Request::get(&cfg.bundle)
        .send()
        .await
        .map_err(|_| err("fetching the answer bundle failed", &cfg.bundle))?;
    if !resp.ok() {
        let status = resp.status().to_string();
        return Err(err(
            "fetching the answer bundle failed",
            &(String::from("HTTP ") + &status),
        ));
    }
    let bytes = resp
        .binary()
        .await
        .map_err(|_| err("reading the answer bundle failed", &cfg.bundle))?;
    let bundle = Bundle::from_bytes(bytes).map_err(bundle_err)?;
    let app = build_ui(bundle, &cfg)?;
    APP.with(|a| *a.borrow_mut() = Some(app));
    Ok(())
}

fn build_ui(bundle: Bundle, cfg: &Config) -> Result<App, JsValue> {
    let d = doc()?;
    let slot = if cfg.slot.is_empty() {
        d.query_selector("[data-shop-answers-slot]")?
    } else {
        d.query_selector(&cfg.slot)?
    };
    let host = d.create_element("div")?;
    host.set_attribute("data-shop-answers", "")?;
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
    let link = d.create_element("link")?;
    link.set_attribute("rel", "stylesheet")?;
    link.set_attribute("href", &cfg.css)?;
    root.append_child(&link)?;

    let meta = bundle.meta();
    let text = |k: &str, default: &str| meta.get(k).cloned().unwrap_or_else(|| default.to_string());
    let panel = d.create_element("section")?;
    panel.set_class_name("panel");
    panel.set_attribute("aria-label", &text("widget.title", "Questions and answers"))?;
    let title = d.create_element("h2")?;
    title.set_class_name("title");
    title.set_text_content(Some(&text("widget.title", "Questions? Ask us")));
    let input: HtmlInputElement = d.create_element("input")?.dyn_into()?;
    input.set_class_name("search");
    input.set_type("search");
    input.set_attribute(
        "aria-label",
        &text("widget.placeholder", "Search our answers"),
    )?;
    input.set_placeholder(&text("widget.placeholder", "Search our answers"));
    input.set_attribute("autocomplete", "off")?;
    let results = d.create_element("ul")?;
    results.set_class_name("results");
    let status = d.create_element("p")?;
    status.set_class_name("status");
    status.set_attribute("role", "status")?;
    status.set_attribute("aria-live", "polite")?;
    panel.append_child(&title)?;
    panel.append_child(&input)?;
    panel.append_child(&status)?;
    panel.append_child(&results)?;
    root.append_child(&panel)?;

    let on_input = Closure::<dyn Fn()>::new(|| {
        if let Err(e) = refresh_results() {
            web_sys::console::warn_1(&e);
        }
    });
    input.add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref())?;
    on_input.forget();
    // One delegated listener expands and collapses every answer, however often results change.
    let on_click = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
        let Some(btn) = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest(".question").ok().flatten())
        else {
            return;
        };
        let Some(body) = btn.next_element_sibling() else {
            return;
        };
        let hidden = body.has_attribute("hidden");
        let _ = if hidden {
            body.remove_attribute("hidden")
        } else {
            body.set_attribute("hidden", "")
        };
        let _ = btn.set_attribute("aria-expanded", if hidden { "true" } else { "false" });
    });
    results.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
    on_click.forget();
    Ok(App {
        bundle,
        input,
        results,
        status,
    })
}

fn refresh_results() -> Result<(), JsValue> {
    APP.with(|a| {
        let a = a.borrow();
        let Some(app) = a.as_ref() else { return Ok(()) };
        let d = doc()?;
        let q = app.input.value();
        app.results.set_text_content(None);
        if q.trim().is_empty() {
            app.status.set_text_content(None);
            return Ok(());
        }
        let opts = SearchOptions {
            limit: 5,
            ..SearchOptions::default()
        };
        let r = run_search(&app.bundle, &q, &opts).map_err(bundle_err)?;
        let good = r
            .hits
            .first()
            .is_some_and(|h| h.confidence >= GOOD_CONFIDENCE);
        if !good {
            let meta = app.bundle.meta();
            let msg = meta
                .get("widget.no_answer")
                .cloned()
                .unwrap_or_else(|| "No answer matches yet. Contact us:".into());
            app.status.set_text_content(Some(&msg));
            if let Some(email) = meta.get("contact.email") {
                let a = d.create_element("a")?;
                a.set_attribute("href", &(String::from("mailto:") + email))?;
                a.set_text_content(Some(&(String::from(" ") + email)));
                app.status.append_child(&a)?;
            }
        } else {
            let n = r.hits.len();
            let label = n.to_string() + if n == 1 { " answer" } else { " answers" };
            app.status.set_text_content(Some(&label));
        }
        for (i, h) in r.hits.iter().enumerate() {
            let e = app.bundle.entry(h.doc).map_err(bundle_err)?;
            let li = d.create_element("li")?;
            li.set_class_name("result");
            let q = d.create_element("button")?;
            q.set_class_name("question");
            q.set_attribute("type", "button")?;
            q.set_text_content(Some(&e.question));
            let body = d.create_element("div")?;
            body.set_class_name("answer");
            let body_id = String::from("sa-answer-") + &i.to_string();
            body.set_id(&body_id);
            q.set_attribute("aria-controls", &body_id)?;
            render_answer(&d, &body, &e.answer)?;
            let open = i == 0 && good;
            q.set_attribute("aria-expanded", if open { "true" } else { "false" })?;
            if !open {
                body.set_attribute("hidden", "")?;
            }
            li.append_child(&q)?;
            li.append_child(&body)?;
            app.results.append_child(&li)?;
        }
        Ok(())
    })
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
        Ok(serde_wasm_bindgen::to_value(&out)?)
    })
}
