//! The page reader's JSON(-LD) parser on any text, then the classifier on a page carrying it.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = shop_answers::context::json::parse(text);
        let _ = shop_answers::context::json::parse_prefix(text);
        let snap = shop_answers::context::PageSnapshot {
            json_ld: vec![text.to_string()],
            ..Default::default()
        };
        let _ = shop_answers::classify(&snap);
    }
});
