//! The CLI's HTML reader (bounded parser, decoding by BOM and <meta charset>) and the
//! classifier on any bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (html, _) = shop_answers::context::dom::decode_page(data);
    let snap = shop_answers::context::html::read(&html, "https://shop.example/products/x");
    let _ = shop_answers::classify(&snap);
});
