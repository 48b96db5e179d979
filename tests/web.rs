//! The core and the renderer, compiled to wasm32 and run in headless Chromium.
#![cfg(target_arch = "wasm32")]

use shop_answers::bundle::{self, Entry, Meta};
use shop_answers::doc::{Block, Inline};
use shop_answers::search::{search, SearchOptions};
use shop_answers::Bundle;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn para(text: &str) -> Vec<Block> {
    vec![Block::Para {
        children: vec![Inline::Text {
            text: text.into(),
            marks: 0,
        }],
    }]
}

fn entries() -> Vec<Entry> {
    vec![
        Entry {
            id: "ship".into(),
            question: "How long does shipping take?".into(),
            answer: para("Two to three days."),
            ..Entry::default()
        },
        Entry {
            id: "ret".into(),
            question: "What is your return policy?".into(),
            answer: para("Thirty days."),
            ..Entry::default()
        },
    ]
}

#[wasm_bindgen_test]
fn bundle_round_trips_and_searches_in_the_browser() {
    let mut meta = Meta::new();
    meta.insert("locale".into(), "en".into());
    let bytes = bundle::write(&meta, &entries(), &[]);
    let b = Bundle::from_bytes(bytes).expect("valid bundle");
    let r = search(&b, "retrun polcy", &SearchOptions::default()).unwrap();
    assert_eq!(b.entry(r.hits[0].doc).unwrap().id, "ret");
    let r = search(&b, "shipp", &SearchOptions::default()).unwrap();
    assert_eq!(b.entry(r.hits[0].doc).unwrap().id, "ship");
}

#[wasm_bindgen_test]
fn hostile_text_renders_as_text() {
    let d = web_sys::window().unwrap().document().unwrap();
    let host = d.create_element("div").unwrap();
    let answer = vec![Block::Para {
        children: vec![
            Inline::Text {
                text: "<img src=x onerror=alert(1)>".into(),
                marks: 0,
            },
            Inline::Link {
                href: "javascript:alert(1)".into(),
                children: vec![Inline::Text {
                    text: "click".into(),
                    marks: 0,
                }],
            },
            Inline::Link {
                href: "https://shop.example/returns".into(),
                children: vec![Inline::Text {
                    text: "returns".into(),
                    marks: 0,
                }],
            },
        ],
    }];
    shop_answers::web::render_answer(&d, &host, &answer).unwrap();
    assert_eq!(host.query_selector_all("img").unwrap().length(), 0);
    assert_eq!(
        host.text_content().unwrap(),
        "<img src=x onerror=alert(1)>clickreturns"
    );
    let links = host.query_selector_all("a").unwrap();
    assert_eq!(
        links.length(),
        1,
        "the javascript: link is dropped to its text"
    );
}

#[wasm_bindgen_test]
fn corrupt_bundle_is_an_error_not_a_panic() {
    let mut meta = Meta::new();
    meta.insert("locale".into(), "en".into());
    let mut bytes = bundle::write(&meta, &entries(), &[]);
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x55;
    assert!(Bundle::from_bytes(bytes).is_err());
    assert!(Bundle::from_bytes(b"<!doctype html>".to_vec()).is_err());
}

#[wasm_bindgen_test]
fn contact_core_behaves_the_same_in_wasm32() {
    use shop_answers::contact::{classify, encode, Outbox, State, LEASE_MS};
    let mut meta = Meta::new();
    meta.insert("contact.endpoint".into(), "/inbox".into());
    let cfg = shop_answers::contact::ContactConfig::from_meta(&meta).unwrap();
    let body = encode(
        &cfg,
        "k",
        &[("message".into(), "Grüße\n\"x\"".into())],
        &[1, 2],
    );
    assert_eq!(
        body.body,
        r#"{"message":"Grüße\n\"x\"","idempotency_key":"k"}"#
    );
    // Times past 2^32 ms (all of them, today) survive the storage format on a 32-bit target.
    let now = 1_795_000_000_000u64;
    let mut o = Outbox::default();
    o.add("k", "POST", "/inbox", &body.content_type, &body.body, now);
    assert_eq!(o.begin("k", now).unwrap().next_at, now + LEASE_MS);
    o.finish("k", classify(Some(503), Some("2"), ""), now, 0);
    let back = Outbox::parse(&o.serialize());
    assert_eq!(back, o);
    assert_eq!(back.items[0].state, State::Pending);
    assert_eq!(back.items[0].next_at, now + 2000);
}
