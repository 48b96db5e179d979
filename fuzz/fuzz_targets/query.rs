//! The query path: any text searched in the example shop's bundle, typing or not.
#![no_main]
use libfuzzer_sys::fuzz_target;
use shop_answers::search::{search, SearchOptions};

thread_local! {
    /// Built once per fuzzing thread (a bundle caches its index and is not `Sync`).
    static BUNDLE: &'static shop_answers::Bundle = {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../pkg-config");
        let s = shop_answers::source::load(&root);
        let bytes = shop_answers::bundle::write(&s.meta, &s.entries, &s.synonyms);
        Box::leak(Box::new(
            shop_answers::Bundle::from_bytes(bytes).expect("the example bundle"),
        ))
    };
}

fuzz_target!(|data: &[u8]| {
    if let Ok(q) = std::str::from_utf8(data) {
        for prefix_last in [false, true] {
            let opts = SearchOptions {
                prefix_last,
                ..SearchOptions::default()
            };
            BUNDLE.with(|b| {
                let _ = search(b, q, &opts);
            });
        }
    }
});
