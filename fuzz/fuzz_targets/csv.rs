//! `faq.csv` as a shop saves it: any bytes (decoded as the CLI decodes them) must give entries
//! or diagnostics, never a panic or a hang.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = shop_answers::source::read_text_as("faq.csv", text);
    }
});
