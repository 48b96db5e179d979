//! The bundle reader on any bytes: an error or a bundle whose every entry, delivery rule and
//! search reads without a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(b) = shop_answers::Bundle::from_bytes(data.to_vec()) {
        let _ = b.entries();
        let _ = b.delivery();
        let _ = shop_answers::search::search(&b, "shipping time", &Default::default());
    }
});
