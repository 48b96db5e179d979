//! The widget's dependency stack, each used once: fetch a bundle with gloo-net, look a key up
//! in an `fst::Map` built from its bytes, put the answer on the page with web-sys, remember it
//! in localStorage, post a JSON message, and return a serde value through serde-wasm-bindgen.
//! Nothing here is the widget's: it is the floor its payload stands on.

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

/// Fetches `bundle` (an fst map), shows the value of `key` and posts it to `inbox`.
#[wasm_bindgen]
pub async fn mount(bundle: String, key: String, inbox: String) -> Result<JsValue, JsValue> {
    let resp = gloo_net::http::Request::get(&bundle)
        .send()
        .await
        .map_err(js_err)?;
    let map = fst::Map::new(resp.binary().await.map_err(js_err)?).map_err(js_err)?;
    let value = map.get(&key).unwrap_or_default();
    let window = web_sys::window().ok_or("no window")?;
    let doc = window.document().ok_or("no document")?;
    let block = doc.create_element("div")?;
    block.set_text_content(Some(&value.to_string()));
    doc.body().ok_or("no body")?.append_child(&block)?;
    if let Some(store) = window.local_storage()? {
        store.set_item("size-floor", &js_sys::Date::now().to_string())?;
    }
    gloo_net::http::Request::post(&inbox)
        .header("content-type", "application/json")
        .body(format!("{{\"key\":\"{key}\",\"value\":{value}}}"))
        .map_err(js_err)?
        .send()
        .await
        .map_err(js_err)?;
    let hits = vec![Hit {
        id: key,
        score: value as f32,
    }];
    serde_wasm_bindgen::to_value(&hits).map_err(js_err)
}
