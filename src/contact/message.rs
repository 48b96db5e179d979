//! A message: validation of the shopper's input, the idempotency key, and the body in the
//! backend's encoding.

use super::config::{ContactConfig, Encoding, FieldKind};

/// The body field that carries the idempotency key (besides the `Idempotency-Key` header).
pub const IDEMPOTENCY_FIELD: &str = "idempotency_key";

/// Why a field's value is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldError {
    /// Empty (unchecked) but required.
    Required,
    /// Not shaped like an email address.
    Email,
    /// Shorter than this many characters.
    TooShort(u32),
    /// Longer than this many characters.
    TooLong(u32),
    /// Does not match the field's pattern.
    Pattern,
    /// Not one of the select's options.
    Choice,
}

/// A lenient email shape check: `local@domain.tld`, no spaces, one `@`, a dot inside the
/// domain. Deliverability is the backend's business.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.len() <= 64
        && domain.len() <= 253
        && !domain.contains('@')
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';'))
        && domain.split('.').count() >= 2
        && domain
            .split('.')
            .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'))
}

fn value<'a>(values: &'a [(String, String)], name: &str) -> &'a str {
    values
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// Checks `values` (our field names → the shopper's input) against the form. `pattern_ok(pattern,
/// value)` decides pattern matches (the browser's RegExp in the widget). Returns the errors in
/// field order, then `consent` when the consent box is required and unchecked.
pub fn validate(
    cfg: &ContactConfig,
    values: &[(String, String)],
    pattern_ok: &dyn Fn(&str, &str) -> bool,
) -> Vec<(String, FieldError)> {
    let mut out = Vec::new();
    for f in &cfg.fields {
        let v = value(values, &f.name).trim();
        let n = v.chars().count() as u32;
        let err = if v.is_empty() {
            f.required.then_some(FieldError::Required)
        } else if f.kind == FieldKind::Email && !is_email(v) {
            Some(FieldError::Email)
        } else if f.kind == FieldKind::Select && !f.options.iter().any(|o| o == v) {
            Some(FieldError::Choice)
        } else if f.min_len > 0 && n < f.min_len {
            Some(FieldError::TooShort(f.min_len))
        } else if f.max_len > 0 && n > f.max_len {
            Some(FieldError::TooLong(f.max_len))
        } else if !f.pattern.is_empty() && !pattern_ok(&f.pattern, v) {
            Some(FieldError::Pattern)
        } else {
            None
        };
        if let Some(e) = err {
            out.push((f.name.clone(), e));
        }
    }
    if !cfg.consent.is_empty() && value(values, "consent").is_empty() {
        out.push(("consent".into(), FieldError::Required));
    }
    out
}

const HEX: &[u8; 16] = b"0123456789abcdef";

fn hex(bytes: &[u8], out: &mut String) {
    for b in bytes {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 15)] as char);
    }
}

/// A UUID version 4 from 16 random bytes (the widget passes `crypto.getRandomValues`).
pub fn idempotency_key(random: &[u8; 16]) -> String {
    let mut b = *random;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let mut s = String::with_capacity(36);
    for (i, range) in [0..4, 4..6, 6..8, 8..10, 10..16].into_iter().enumerate() {
        if i > 0 {
            s.push('-');
        }
        hex(&b[range], &mut s);
    }
    s
}

/// An encoded request body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Body {
    /// The `Content-Type` header.
    pub content_type: String,
    /// The body text.
    pub body: String,
}

/// Meta key of the endpoint that receives "did this help?" votes (`[contact]
/// feedback_endpoint`); without it votes stay on the shopper's device.
pub const FEEDBACK_ENDPOINT: &str = "contact.feedback_endpoint";

/// The JSON body of one "did this help?" vote: which answer, the verdict, what the shopper had
/// typed and on which page, with an idempotency key so a backend (or `shop-answers serve`'s
/// inbox) can tell a repeated delivery from a second vote.
pub fn feedback_body(key: &str, entry: &str, helpful: bool, query: &str, page: &str) -> String {
    let mut out = String::from("{\"kind\":\"feedback\",\"entry\":");
    crate::json::push_str(&mut out, entry);
    out.push_str(if helpful {
        ",\"helpful\":\"yes\",\"query\":"
    } else {
        ",\"helpful\":\"no\",\"query\":"
    });
    crate::json::push_str(&mut out, query);
    out.push_str(",\"page\":");
    crate::json::push_str(&mut out, page);
    out.push_str(",\"idempotency_key\":");
    crate::json::push_str(&mut out, key);
    out.push('}');
    out
}

fn url_encode(s: &str, out: &mut String) {
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(HEX[usize::from(b >> 4)].to_ascii_uppercase() as char);
                out.push(HEX[usize::from(b & 15)].to_ascii_uppercase() as char);
            }
        }
    }
}

/// A multipart name, escaped as browsers do (`"` and line breaks percent-encoded).
fn part_name(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("%22"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
}

/// Encodes a message: `values` (our names → text) renamed by the config's mapping, plus the
/// idempotency key as [`IDEMPOTENCY_FIELD`] (also mappable). `random` makes the multipart
/// boundary.
pub fn encode(cfg: &ContactConfig, key: &str, values: &[(String, String)], random: &[u8]) -> Body {
    let mut pairs: Vec<(&str, &str)> = values
        .iter()
        .map(|(k, v)| (cfg.wire_name(k), v.as_str()))
        .collect();
    pairs.push((cfg.wire_name(IDEMPOTENCY_FIELD), key));
    let mut body = String::new();
    let content_type = match cfg.encoding {
        Encoding::Json => {
            body.push('{');
            for (i, (k, v)) in pairs.iter().enumerate() {
                if i > 0 {
                    body.push(',');
                }
                crate::json::push_str(&mut body, k);
                body.push(':');
                crate::json::push_str(&mut body, v);
            }
            body.push('}');
            String::from("application/json")
        }
        Encoding::Form => {
            for (i, (k, v)) in pairs.iter().enumerate() {
                if i > 0 {
                    body.push('&');
                }
                url_encode(k, &mut body);
                body.push('=');
                url_encode(v, &mut body);
            }
            String::from("application/x-www-form-urlencoded")
        }
        Encoding::Multipart => {
            let mut boundary = String::from("----shop-answers-");
            hex(random, &mut boundary);
            // A byte-window scan: `str::contains` with a string pattern costs the widget 2 KB.
            let found = |s: &str, b: &str| s.as_bytes().windows(b.len()).any(|w| w == b.as_bytes());
            while pairs
                .iter()
                .any(|(k, v)| found(k, &boundary) || found(v, &boundary))
            {
                boundary.push('x');
            }
            for (k, v) in &pairs {
                body.push_str("--");
                body.push_str(&boundary);
                body.push_str("\r\nContent-Disposition: form-data; name=\"");
                part_name(k, &mut body);
                body.push_str("\"\r\n\r\n");
                body.push_str(v);
                body.push_str("\r\n");
            }
            body.push_str("--");
            body.push_str(&boundary);
            body.push_str("--\r\n");
            String::from("multipart/form-data; boundary=") + &boundary
        }
    };
    Body { content_type, body }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact::{FieldSpec, BUILTIN_FIELDS};

    fn cfg() -> ContactConfig {
        ContactConfig {
            endpoint: "/inbox".into(),
            fields: BUILTIN_FIELDS
                .iter()
                .map(|n| FieldSpec::builtin(n).unwrap())
                .collect(),
            ..ContactConfig::default()
        }
    }

    fn vals(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn emails() {
        for ok in ["a@b.co", "first.last+tag@sub.example.org", "ü@exämple.de"] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "", "a", "a@b", "@b.co", "a@b..co", "a b@c.de", "a@b@c.de", "a@.b.co", "a@b.co.",
            "a@-b.co",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn validation_reports_every_field_in_order() {
        let mut c = cfg();
        c.consent = "I agree".into();
        c.fields.push(FieldSpec {
            name: "size".into(),
            kind: FieldKind::Select,
            options: vec!["S".into(), "M".into()],
            ..FieldSpec::default()
        });
        c.fields.push(FieldSpec {
            name: "zip".into(),
            pattern: "\\d+".into(),
            min_len: 3,
            max_len: 5,
            ..FieldSpec::default()
        });
        let digits = |_: &str, v: &str| v.chars().all(|c| c.is_ascii_digit());
        let e = validate(
            &c,
            &vals(&[
                ("email", "nope"),
                ("message", "   "),
                ("size", "XL"),
                ("zip", "12"),
            ]),
            &digits,
        );
        assert_eq!(
            e,
            vec![
                ("name".into(), FieldError::Required),
                ("email".into(), FieldError::Email),
                ("message".into(), FieldError::Required),
                ("size".into(), FieldError::Choice),
                ("zip".into(), FieldError::TooShort(3)),
                ("consent".into(), FieldError::Required),
            ]
        );
        let e = validate(&c, &vals(&[("zip", "12a45"), ("size", "")]), &digits);
        assert!(e.contains(&("zip".into(), FieldError::Pattern)));
        assert!(
            !e.iter().any(|(k, _)| k == "size"),
            "optional and empty is fine"
        );
        let long = "x".repeat(5001);
        let e = validate(
            &c,
            &vals(&[
                ("name", "Ann"),
                ("email", "a@b.co"),
                ("message", &long),
                ("zip", "123456"),
                ("consent", "yes"),
            ]),
            &digits,
        );
        assert_eq!(
            e,
            vec![
                ("message".into(), FieldError::TooLong(5000)),
                ("zip".into(), FieldError::TooLong(5))
            ]
        );
        let e = validate(
            &c,
            &vals(&[
                ("name", "Ann"),
                ("email", "a@b.co"),
                ("message", "Hi"),
                ("consent", "yes"),
            ]),
            &digits,
        );
        assert!(e.is_empty(), "{e:?}");
    }

    #[test]
    fn keys_are_uuid_v4() {
        let k = idempotency_key(&[0xff; 16]);
        assert_eq!(k, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(
            idempotency_key(&[0; 16]),
            "00000000-0000-4000-8000-000000000000"
        );
    }

    #[test]
    fn json_body_escapes_and_maps() {
        let mut c = cfg();
        c.mapping = vec![
            ("message".into(), "body".into()),
            (IDEMPOTENCY_FIELD.into(), "key".into()),
        ];
        let b = encode(
            &c,
            "k1",
            &vals(&[("name", "A \"q\" \\ é\n\u{1}"), ("message", "hi")]),
            &[],
        );
        assert_eq!(b.content_type, "application/json");
        assert_eq!(
            b.body,
            r#"{"name":"A \"q\" \\ é\n\u0001","body":"hi","key":"k1"}"#
        );
    }

    #[test]
    fn form_and_multipart_bodies() {
        let mut c = cfg();
        c.encoding = Encoding::Form;
        let b = encode(
            &c,
            "k/1",
            &vals(&[("name", "Zoë & co=1"), ("message", "a+b")]),
            &[],
        );
        assert_eq!(
            b.body,
            "name=Zo%C3%AB+%26+co%3D1&message=a%2Bb&idempotency_key=k%2F1"
        );
        c.encoding = Encoding::Multipart;
        let b = encode(
            &c,
            "k",
            &vals(&[("na\"me", "line1\r\nline2")]),
            &[0xab, 0x01],
        );
        assert_eq!(
            b.content_type,
            "multipart/form-data; boundary=----shop-answers-ab01"
        );
        assert_eq!(
            b.body,
            "------shop-answers-ab01\r\nContent-Disposition: form-data; name=\"na%22me\"\r\n\r\nline1\r\nline2\r\n\
------shop-answers-ab01\r\nContent-Disposition: form-data; name=\"idempotency_key\"\r\n\r\nk\r\n------shop-answers-ab01--\r\n"
        );
        // A value containing the boundary gets a longer one.
        let b = encode(
            &c,
            "k",
            &vals(&[("m", "----shop-answers-ab01")]),
            &[0xab, 0x01],
        );
        assert!(b.content_type.ends_with("ab01x"));
    }

    #[test]
    fn feedback_is_one_json_object_of_strings() {
        let b = feedback_body(
            "k-1",
            "returns",
            false,
            "how do I \"return\"",
            "/products/a",
        );
        assert_eq!(
            b,
            r#"{"kind":"feedback","entry":"returns","helpful":"no","query":"how do I \"return\"","page":"/products/a","idempotency_key":"k-1"}"#
        );
    }
}
