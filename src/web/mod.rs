//! The browser layer (wasm32 only), in two modules the loader fetches apart, so the page
//! pays first for what its first answer needs:
//!
//! - the **first-paint module** (feature `widget-context`, [`first`]): opens the bundle's
//!   contextual part, reads the page, draws the contextual block, and draws the search box
//!   and launcher as a still *shell*, so nothing moves when the rest arrives;
//! - the **interactive module** (feature `widget-search`, [`interact`]): search, results,
//!   answers, votes, the contact form and its outbox. The loader fetches it on intent
//!   (focus or pointer on the search box or launcher, a click on "contact") or when the page
//!   is idle, and it takes over the shell.
//!
//! Built with both features, one module does both (the wasm tests use that). Every decision
//! is made by the core; this layer only reads the page and draws.

// Helpers shared by the two modules are each used by one of them or both: a module built
// alone leaves the other's unused.
#![cfg_attr(
    not(all(feature = "widget-context", feature = "widget-search")),
    allow(dead_code)
)]

#[cfg(feature = "widget-search")]
mod contact;
#[cfg(feature = "widget-context")]
mod context_ui;
mod dom;
#[cfg(feature = "widget-context")]
pub mod first;
#[cfg(feature = "widget-search")]
pub mod interact;
#[cfg(feature = "widget-context")]
mod page;
mod render;
mod shell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[cfg(feature = "widget-search")]
pub use contact::contact;
pub use render::render_answer;

#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

/// What the loader passes to [`mount`].
pub(crate) struct Config {
    pub(crate) bundle: String,
    pub(crate) css: String,
    pub(crate) slot: String,
    /// The bundle's response, when the loader already asked for it (in parallel with the
    /// module, so the first answer does not wait for a request made after instantiation).
    pub(crate) prefetched: Option<js_sys::Promise>,
}

impl Config {
    /// Reads the loader's plain object by property (cheaper in the widget than a
    /// deserializer, and a missing property simply reads as empty).
    pub(crate) fn from_js(v: &JsValue) -> Config {
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

pub(crate) fn err(what: &str, detail: &str) -> JsValue {
    let mut m = String::with_capacity(what.len() + detail.len() + 2);
    m.push_str(what);
    m.push_str(": ");
    m.push_str(detail);
    JsValue::from_str(&m)
}

pub(crate) fn bundle_err(e: crate::error::BundleError) -> JsValue {
    err("the answer bundle is unusable", e.reason())
}

/// Resolves in a later task: `scheduler.yield()` where the browser has it (the continuation
/// goes ahead of other queued tasks, so the wait is short), else `setTimeout` 0. Lets the
/// browser render, and the shopper's input through, between the widget's steps.
pub(crate) async fn yield_task() {
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

/// One console warning, prefixed like the loader's, so a shop's developer can find ours.
pub(crate) fn warn(e: &JsValue) {
    web_sys::console::warn_2(&JsValue::from_str("shop-answers:"), e);
}

/// Tells the page what happened, as a `shop-answers:<name>` event on `window` (the loader's
/// `ShopAnswers.on(name, fn)` listens to these).
pub(crate) fn emit(name: &str, detail: &str) {
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

/// The bundle's bytes: the loader's prefetched response (read while the module compiled), or
/// a fetch of `cfg.bundle`.
pub(crate) async fn bundle_bytes(cfg: &Config) -> Result<Vec<u8>, JsValue> {
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
    match body {
        Body::Read(bytes) => Ok(bytes),
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
                .map_err(|_| err("reading the answer bundle failed", &cfg.bundle))
        }
    }
}

/// Asks the loader for the interactive module (`shop-answers:intent`, detail: what the
/// shopper did: `search`, `open`, `contact`), once per page.
pub(crate) fn intent(what: &str) {
    emit("intent", what);
}
