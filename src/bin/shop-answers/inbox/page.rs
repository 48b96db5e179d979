//! The inbox page: every message, newest first, rendered on the server with every value
//! HTML-escaped. No script and no inline style, so it works under the serve CSP.

use super::Record;
use std::fmt::Write;

/// The page's stylesheet, served as a file next to the page.
pub const CSS: &str = include_str!("../../../../www/inbox.css");

/// Fields shown in their own columns; everything else is listed under the message.
const NAME: &[&str] = &["name", "full_name"];
const EMAIL: &[&str] = &["email"];
const ORDER: &[&str] = &["order_number", "order", "order_id"];
const MESSAGE: &[&str] = &["message", "question"];
const PRODUCT: &[&str] = &["product_name", "product_sku", "product_handle"];

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            // Control characters (NUL, escape, bidi overrides are not among them, but the C0
            // and C1 ranges are) are shown as visible symbols: raw, they hide or garble what
            // a shopper wrote, and a NUL truncates the text in some viewers.
            '\n' | '\t' => o.push(c),
            c if (c as u32) < 0x20 => {
                o.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'))
            }
            '\u{7F}' => o.push('\u{2421}'),
            c if c.is_control() => o.push('\u{FFFD}'),
            c => o.push(c),
        }
    }
    o
}

/// The whole page. `base` is the inbox path (the stylesheet is at `{base}.css`, the JSON
/// at `{base}.json`).
pub fn render(records: &[Record], base: &str, file: &str) -> String {
    let mut h = String::new();
    let n = records.len();
    let _ = write!(
        h,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"robots\" content=\"noindex\">\n<title>Inbox ({n})</title>\n\
<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"{css}\">\n</head>\n<body>\n\
<header><h1>Inbox</h1><p>{n} message{s}, newest first · stored in <code>{file}</code> · \
<a href=\"{json}\">JSON</a></p></header>\n<main>\n",
        css = escape(&format!("{base}.css")),
        json = escape(&format!("{base}.json")),
        s = if n == 1 { "" } else { "s" },
        file = escape(file),
    );
    if records.is_empty() {
        h.push_str("<p class=\"empty\">No messages yet.</p>\n");
    } else {
        h.push_str(
            "<table>\n<thead><tr><th>Received</th><th>Name</th><th>Email</th><th>Order</th>\
<th>Product</th><th>Message</th></tr></thead>\n<tbody>\n",
        );
        for r in records {
            let product: Vec<&str> = PRODUCT.iter().filter_map(|f| r.field(&[f])).collect();
            let _ = write!(
                h,
                "<tr id=\"m-{id}\"><td class=\"time\"><time datetime=\"{t}\">{t}</time></td>\
<td>{name}</td><td>{email}</td><td>{order}</td><td>{product}</td><td><p class=\"message\">{msg}</p>",
                id = escape(&r.id),
                t = escape(&r.received),
                name = escape(r.field(NAME).unwrap_or("")),
                email = escape(r.field(EMAIL).unwrap_or("")),
                order = escape(r.field(ORDER).unwrap_or("")),
                product = escape(&product.join(" · ")),
                msg = escape(r.field(MESSAGE).unwrap_or("")),
            );
            let shown: Vec<&str> = [NAME, EMAIL, ORDER, MESSAGE, PRODUCT].concat();
            let extra: Vec<_> = r
                .fields
                .iter()
                .filter(|(k, v)| !shown.contains(&k.as_str()) && !v.trim().is_empty())
                .collect();
            if !extra.is_empty() {
                h.push_str("<dl class=\"extra\">");
                for (k, v) in extra {
                    let _ = write!(h, "<dt>{}</dt><dd>{}</dd>", escape(k), escape(v));
                }
                h.push_str("</dl>");
            }
            h.push_str("</td></tr>\n");
        }
        h.push_str("</tbody>\n</table>\n");
    }
    h.push_str("</main>\n</body>\n</html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_is_escaped() {
        let r = Record {
            id: "1".into(),
            key: "k".into(),
            received: "t".into(),
            content_type: None,
            user_agent: None,
            referer: None,
            fields: [
                ("name", "<b>Ann</b>"),
                ("message", "<script>alert('x')</script>"),
                ("<odd key>", "\"quoted\" & more"),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        };
        let html = render(&[r], "/inbox", "/tmp/<x>.jsonl");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assert!(html.contains("<dt>&lt;odd key&gt;</dt><dd>&quot;quoted&quot; &amp; more</dd>"));
        assert!(html.contains("/tmp/&lt;x&gt;.jsonl"));
        assert!(!html.contains("style="));
    }
}
