//! Message bodies: `application/json` (one object), `application/x-www-form-urlencoded` and
//! `multipart/form-data`, each into a flat map of text fields.

use std::collections::BTreeMap;

/// Why a body was refused.
#[derive(Debug, PartialEq)]
pub enum BodyError {
    /// 415: a content type (or a part) the inbox does not take.
    Unsupported(String),
    /// 400: the body does not parse.
    Bad(String),
}

pub type Fields = BTreeMap<String, String>;

/// Parses a body by its `Content-Type` header.
pub fn parse(content_type: Option<&str>, body: &[u8]) -> Result<Fields, BodyError> {
    let ct = content_type.unwrap_or("");
    let mut parts = ct.split(';');
    let media = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    match media.as_str() {
        "application/json" => json(body),
        "application/x-www-form-urlencoded" => urlencoded(body),
        "multipart/form-data" => {
            let boundary = parts
                .filter_map(|p| p.split_once('='))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case("boundary"))
                .map(|(_, v)| v.trim().trim_matches('"').to_string())
                .filter(|b| !b.is_empty() && b.len() <= 70)
                .ok_or_else(|| BodyError::Bad("multipart/form-data without a boundary".into()))?;
            multipart(body, &boundary)
        }
        _ => Err(BodyError::Unsupported(format!(
            "content type `{}` is not accepted: send application/json, application/x-www-form-urlencoded or multipart/form-data",
            if ct.is_empty() { "(none)" } else { ct }
        ))),
    }
}

fn json(body: &[u8]) -> Result<Fields, BodyError> {
    let v: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| BodyError::Bad(format!("invalid JSON: {e}")))?;
    let serde_json::Value::Object(map) = v else {
        return Err(BodyError::Bad(
            "the JSON body must be an object of fields".into(),
        ));
    };
    let mut out = Fields::new();
    for (k, v) in map {
        let text = match v {
            serde_json::Value::Null => continue,
            serde_json::Value::String(s) => s,
            serde_json::Value::Bool(b) => b.to_string(),
            serde_json::Value::Number(n) => n.to_string(),
            _ => {
                return Err(BodyError::Bad(format!(
                    "field `{k}` must be a string, number or boolean"
                )))
            }
        };
        out.insert(k, text);
    }
    Ok(out)
}

fn urlencoded(body: &[u8]) -> Result<Fields, BodyError> {
    let mut out = Fields::new();
    for pair in body.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
        let (k, v) = match pair.iter().position(|&b| b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &b""[..]),
        };
        out.insert(percent_decode(k)?, percent_decode(v)?);
    }
    Ok(out)
}

fn percent_decode(s: &[u8]) -> Result<String, BodyError> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = s
                    .get(i + 1..i + 3)
                    .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| BodyError::Bad("invalid percent escape in form body".into()))?;
                out.push(hex);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| BodyError::Bad("form body is not UTF-8".into()))
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn multipart(body: &[u8], boundary: &str) -> Result<Fields, BodyError> {
    let bad = |m: &str| BodyError::Bad(format!("multipart body: {m}"));
    let dash = format!("--{boundary}");
    let delim = format!("\r\n--{boundary}");
    // The first delimiter, at the start or after a preamble.
    let mut pos = if body.starts_with(dash.as_bytes()) {
        dash.len()
    } else {
        find(body, delim.as_bytes(), 0).ok_or_else(|| bad("no boundary found"))? + delim.len()
    };
    let mut out = Fields::new();
    loop {
        if body[pos..].starts_with(b"--") {
            return Ok(out);
        }
        // Transport padding, then the line end after the delimiter.
        while matches!(body.get(pos), Some(b' ' | b'\t')) {
            pos += 1;
        }
        if !body[pos..].starts_with(b"\r\n") {
            return Err(bad("malformed boundary line"));
        }
        pos += 2;
        let end = find(body, delim.as_bytes(), pos)
            .ok_or_else(|| bad("the closing boundary is missing"))?;
        let part = &body[pos..end];
        pos = end + delim.len();
        let (head, content) = match find(part, b"\r\n\r\n", 0) {
            Some(i) => (&part[..i], &part[i + 4..]),
            None if part.starts_with(b"\r\n") => (&b""[..], &part[2..]),
            None => return Err(bad("a part has no blank line after its headers")),
        };
        let head = std::str::from_utf8(head).map_err(|_| bad("part headers are not UTF-8"))?;
        let disposition = head
            .split("\r\n")
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-disposition"))
            .map(|(_, v)| v.trim())
            .ok_or_else(|| bad("a part has no Content-Disposition"))?;
        let params = disposition_params(disposition);
        let name = params
            .iter()
            .find(|(k, _)| k == "name")
            .map(|(_, v)| v.clone())
            .ok_or_else(|| bad("a part has no name"))?;
        if let Some((_, file)) = params.iter().find(|(k, _)| k == "filename") {
            if file.is_empty() && content.is_empty() {
                continue; // an empty file input
            }
            return Err(BodyError::Unsupported(format!(
                "file uploads are not accepted (part `{name}`)"
            )));
        }
        let value = String::from_utf8(content.to_vec())
            .map_err(|_| bad(&format!("part `{name}` is not UTF-8 text")))?;
        out.insert(name, value);
    }
}

/// `form-data; name="a"; filename="b"` → [("name", "a"), ("filename", "b")].
fn disposition_params(v: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = v.split_once(';').map_or("", |(_, r)| r);
    loop {
        rest = rest.trim_start_matches([' ', '\t', ';']);
        let Some(eq) = rest.find('=') else { break };
        let key = rest[..eq].trim().to_ascii_lowercase();
        rest = &rest[eq + 1..];
        let value;
        if let Some(q) = rest.strip_prefix('"') {
            let mut s = String::new();
            let mut chars = q.char_indices();
            let mut end = q.len();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => {
                        if let Some((_, n)) = chars.next() {
                            s.push(n);
                        }
                    }
                    '"' => {
                        end = i + 1;
                        break;
                    }
                    c => s.push(c),
                }
            }
            value = s;
            rest = &q[end.min(q.len())..];
        } else {
            let end = rest.find(';').unwrap_or(rest.len());
            value = rest[..end].trim().to_string();
            rest = &rest[end..];
        }
        out.push((key, value));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_objects_become_text_fields() {
        let f = parse(
            Some("application/json; charset=utf-8"),
            br#"{"name":"Ann","order_number":1234,"gift":true,"x":null}"#,
        )
        .unwrap();
        assert_eq!(f["name"], "Ann");
        assert_eq!(f["order_number"], "1234");
        assert_eq!(f["gift"], "true");
        assert!(!f.contains_key("x"));
        assert!(matches!(
            parse(Some("application/json"), b"[1]"),
            Err(BodyError::Bad(_))
        ));
        assert!(matches!(
            parse(Some("application/json"), br#"{"a":{"b":1}}"#),
            Err(BodyError::Bad(_))
        ));
        assert!(matches!(
            parse(Some("text/plain"), b"hi"),
            Err(BodyError::Unsupported(_))
        ));
        assert!(matches!(parse(None, b"hi"), Err(BodyError::Unsupported(_))));
    }

    #[test]
    fn urlencoded_decodes_plus_and_percent() {
        let f = parse(
            Some("application/x-www-form-urlencoded"),
            b"name=Ann+B%C3%A9&message=a%26b%3Dc&empty=&flag",
        )
        .unwrap();
        assert_eq!(f["name"], "Ann Bé");
        assert_eq!(f["message"], "a&b=c");
        assert_eq!(f["empty"], "");
        assert_eq!(f["flag"], "");
        assert!(parse(Some("application/x-www-form-urlencoded"), b"a=%zz").is_err());
        assert!(parse(Some("application/x-www-form-urlencoded"), b"a=%ff").is_err());
    }

    #[test]
    fn multipart_parts_with_quoted_names() {
        let body = b"preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nAnn\r\n--XyZ\r\nContent-Disposition: form-data; name=\"message\"\r\nContent-Type: text/plain\r\n\r\nline 1\r\nline 2 --XyZ not a boundary\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\n\r\n--XyZ--\r\n";
        let f = parse(Some("multipart/form-data; boundary=XyZ"), body).unwrap();
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f["name"], "Ann");
        assert_eq!(f["message"], "line 1\r\nline 2 --XyZ not a boundary");
        let upload = b"--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n\r\nhello\r\n--b--";
        assert!(matches!(
            parse(Some("multipart/form-data; boundary=\"b\""), upload),
            Err(BodyError::Unsupported(_))
        ));
        let unclosed = b"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx";
        assert!(matches!(
            parse(Some("multipart/form-data; boundary=b"), unclosed),
            Err(BodyError::Bad(_))
        ));
        assert!(parse(Some("multipart/form-data"), b"").is_err());
    }

    #[test]
    fn disposition_params_handle_quotes_and_semicolons() {
        assert_eq!(
            disposition_params(r#"form-data; name="a;b \"c\""; filename=x.txt"#),
            vec![
                ("name".to_string(), "a;b \"c\"".to_string()),
                ("filename".to_string(), "x.txt".to_string())
            ]
        );
    }
}
