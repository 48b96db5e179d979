//! The widget's dependency stack, each used once: fetch bytes and post a JSON message with
//! gloo-net, look a key up in an `fst::Map` built from bytes, put the answer on the page with
//! web-sys, remember it in localStorage, and return a serde value through serde-wasm-bindgen.
//! Nothing here is the widget's: it is the floor its payload stands on, and (in
//! bench/first-answer.mjs) the floor of its time to a first block on the page.

use wasm_bindgen::prelude::*;

#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

#[derive(serde::Serialize)]
struct Hit {
    id: String,
    score: f32,
}

fn js_err(e: impl std::fmt::Display) -> JsValue {
    JsValue::from_str(&e.to_string())
}

/// The body of `url`.
#[wasm_bindgen]
pub async fn fetch_bytes(url: String) -> Result<Vec<u8>, JsValue> {
    let resp = gloo_net::http::Request::get(&url)
        .send()
        .await
        .map_err(js_err)?;
    resp.binary().await.map_err(js_err)
}

/// Shows the value of `key` when `bytes` are an fst map (else their length) in a block marked
/// like the widget's contextual one, remembers when, and returns it as a search hit.
#[wasm_bindgen]
pub fn show(bytes: Vec<u8>, key: String) -> Result<JsValue, JsValue> {
    let len = bytes.len() as u64;
    let value = fst::Map::new(bytes)
        .ok()
        .and_then(|m| m.get(&key))
        .unwrap_or(len);
    let window = web_sys::window().ok_or("no window")?;
    let doc = window.document().ok_or("no document")?;
    let block = doc.create_element("div")?;
    block.set_attribute("data-shop-answers-context", "")?;
    block.set_text_content(Some(&value.to_string()));
    doc.body().ok_or("no body")?.append_child(&block)?;
    if let Some(store) = window.local_storage()? {
        store.set_item("size-floor", &js_sys::Date::now().to_string())?;
    }
    let hits = vec![Hit {
        id: key,
        score: value as f32,
    }];
    serde_wasm_bindgen::to_value(&hits).map_err(js_err)
}

/// Posts `{key, value}` to `inbox` as JSON.
#[wasm_bindgen]
pub async fn post(inbox: String, key: String, value: f64) -> Result<(), JsValue> {
    gloo_net::http::Request::post(&inbox)
        .header("content-type", "application/json")
        .body(format!("{{\"key\":\"{key}\",\"value\":{value}}}"))
        .map_err(js_err)?
        .send()
        .await
        .map_err(js_err)?;
    Ok(())
}
