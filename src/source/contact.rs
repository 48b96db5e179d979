//! `shop.toml` `[contact]`: the contact form's settings, validated with file:line:column
//! diagnostics into a [`ContactConfig`] (which writes the bundle's `contact.*` meta keys).

use super::{Diagnostic, Sources};
use crate::contact::{
    is_email, ContactConfig, Encoding, FieldKind, FieldSpec, Method, BUILTIN_FIELDS,
    DEFAULT_MIN_FILL_SECS, FEEDBACK_ENDPOINT, IDEMPOTENCY_FIELD,
};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct ContactToml {
    email: Option<Spanned<String>>,
    endpoint: Option<Spanned<String>>,
    feedback_endpoint: Option<Spanned<String>>,
    method: Option<Spanned<String>>,
    encoding: Option<Spanned<String>>,
    #[serde(default)]
    headers: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    mapping: BTreeMap<Spanned<String>, Spanned<String>>,
    consent: Option<Spanned<String>>,
    min_fill_seconds: Option<Spanned<i64>>,
    fields: Option<Vec<Spanned<FieldToml>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldToml {
    name: Spanned<String>,
    label: Option<String>,
    #[serde(rename = "type")]
    kind: Option<Spanned<String>>,
    required: Option<bool>,
    options: Option<Spanned<Vec<String>>>,
    pattern: Option<Spanned<String>>,
    min_length: Option<u32>,
    max_length: Option<u32>,
}

/// Request headers the browser or the widget sets itself.
const RESERVED_HEADERS: &[&str] = &[
    "content-type",
    "content-length",
    "idempotency-key",
    "host",
    "cookie",
    "origin",
    "referer",
];

/// An `http://` URL to a host other than this machine: allowed (a local backend is fine),
/// but worth a warning.
fn plain_http_off_machine(u: &str) -> bool {
    let Some(rest) = u
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("http://"))
        .map(|_| &u[7..])
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.rsplit_once(':').map_or(host, |(h, _)| h);
    !matches!(host, "localhost" | "127.0.0.1" | "[::1]") && !host.ends_with(".localhost")
}

/// Accepts `/path`, `https://host/…` and `http://host/…` (for local backends).
fn endpoint_ok(u: &str) -> bool {
    if u.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    if let Some(rest) = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
    {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
        return !host.is_empty() && !host.starts_with(':') && !host.starts_with('.');
    }
    u.starts_with('/') && !u.starts_with("//")
}

fn token_ok(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn name_ok(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Validates `[contact]` and stores it in the bundle's meta.
pub(super) fn read(s: &mut Sources, file: &Path, text: &str, c: ContactToml) {
    let mut errs: Vec<Diagnostic> = Vec::new();
    let mut error = |at: usize, msg: String, hint: &str| {
        errs.push(Diagnostic::error(file, text, at, msg).hint(hint));
    };
    let mut cfg = ContactConfig {
        min_fill_secs: DEFAULT_MIN_FILL_SECS,
        ..ContactConfig::default()
    };
    if let Some(e) = &c.email {
        if !is_email(e.get_ref()) {
            error(
                e.span().start,
                format!("`{}` is not an email address", e.get_ref()),
                "the mailto fallback shown when the form cannot be used, e.g. \"help@example.com\"",
            );
        }
        cfg.email = e.get_ref().clone();
    }
    let form_settings = c.method.is_some()
        || c.encoding.is_some()
        || !c.headers.is_empty()
        || !c.mapping.is_empty()
        || c.consent.is_some()
        || c.min_fill_seconds.is_some()
        || c.fields.is_some();
    match &c.endpoint {
        Some(e) => {
            if !endpoint_ok(e.get_ref()) {
                error(
                    e.span().start,
                    format!("`{}` is not a usable endpoint URL", e.get_ref()),
                    "use an https:// URL or a path on the shop's own site such as \"/contact\"",
                );
            }
            cfg.endpoint = e.get_ref().clone();
        }
        None if form_settings => error(
            0,
            "[contact] has form settings but no `endpoint`".into(),
            "add endpoint = \"https://…\" (where messages are sent), or remove the form settings",
        ),
        None => {}
    }
    if let Some(m) = &c.method {
        match m.get_ref().to_ascii_uppercase().as_str() {
            "POST" => cfg.method = Method::Post,
            "PUT" => cfg.method = Method::Put,
            other => error(
                m.span().start,
                format!("unsupported method `{other}`"),
                "method is \"POST\" or \"PUT\"",
            ),
        }
    }
    if let Some(e) = &c.encoding {
        match Encoding::parse(e.get_ref()) {
            Some(enc) => cfg.encoding = enc,
            None => error(
                e.span().start,
                format!("unknown encoding `{}`", e.get_ref()),
                "encoding is \"json\", \"form\" (x-www-form-urlencoded) or \"multipart\"",
            ),
        }
    }
    for (k, v) in &c.headers {
        let lower = k.get_ref().to_ascii_lowercase();
        if !token_ok(k.get_ref()) {
            error(
                k.span().start,
                format!("`{}` is not a header name", k.get_ref()),
                "header names are letters, digits and - (e.g. \"X-Shop-Token\")",
            );
        } else if RESERVED_HEADERS.contains(&lower.as_str()) {
            error(
                k.span().start,
                format!(
                    "the header `{}` is set by the widget or the browser",
                    k.get_ref()
                ),
                "remove it; Content-Type follows `encoding`, Idempotency-Key is always sent",
            );
        } else if v.get_ref().chars().any(char::is_control) {
            error(
                v.span().start,
                "header values cannot contain control characters or line breaks".into(),
                "put the value on one line",
            );
        }
        cfg.headers.push((k.get_ref().clone(), v.get_ref().clone()));
    }
    // Fields: the built-ins unless `[[contact.fields]]` lists them.
    match &c.fields {
        None => {
            cfg.fields = BUILTIN_FIELDS
                .iter()
                .filter_map(|n| FieldSpec::builtin(n))
                .collect();
        }
        Some(list) => {
            if list.is_empty() {
                error(
                    0,
                    "[contact] `fields` is empty".into(),
                    "list at least the message field, or leave `fields` out for name, email, order number and message",
                );
            }
            for f in list {
                let at = f.span().start;
                let f = f.get_ref();
                let name = f.name.get_ref();
                if !name_ok(name) {
                    error(
                        f.name.span().start,
                        format!("field name `{name}` is not usable"),
                        "field names are lower-case letters, digits and _ (at most 40)",
                    );
                }
                if name == IDEMPOTENCY_FIELD || name == "consent" {
                    error(
                        f.name.span().start,
                        format!("the field name `{name}` is reserved"),
                        "choose another name",
                    );
                }
                if cfg.fields.iter().any(|x| &x.name == name) {
                    error(
                        f.name.span().start,
                        format!("the field `{name}` is listed twice"),
                        "each field appears once in [[contact.fields]]",
                    );
                }
                let mut spec = FieldSpec::builtin(name).unwrap_or_else(|| FieldSpec {
                    name: name.clone(),
                    label: name.clone(),
                    ..FieldSpec::default()
                });
                if let Some(k) = &f.kind {
                    match FieldKind::parse(k.get_ref()) {
                        Some(kind) => spec.kind = kind,
                        None => error(
                            k.span().start,
                            format!("unknown field type `{}`", k.get_ref()),
                            "type is one of: text, email, select, checkbox, textarea",
                        ),
                    }
                }
                if FieldSpec::builtin(name).is_none() && f.label.is_none() {
                    error(
                        at,
                        format!("the field `{name}` has no label"),
                        "add label = \"…\": the text shoppers see next to the field",
                    );
                }
                if let Some(l) = &f.label {
                    spec.label = l.clone();
                }
                if let Some(r) = f.required {
                    spec.required = r;
                }
                if let Some(min) = f.min_length {
                    spec.min_len = min;
                }
                if let Some(max) = f.max_length {
                    spec.max_len = max;
                }
                if spec.max_len > 0 && spec.min_len > spec.max_len {
                    error(
                        at,
                        format!(
                            "the field `{name}` has min_length {} above max_length {}",
                            spec.min_len, spec.max_len
                        ),
                        "min_length must not exceed max_length",
                    );
                }
                if let Some(p) = &f.pattern {
                    if p.get_ref().is_empty() || p.get_ref().contains('\n') {
                        error(
                            p.span().start,
                            "the pattern is empty or spans lines".into(),
                            "a JavaScript regular expression the whole value must match, e.g. \"[A-Z]{2}[0-9]{6}\"",
                        );
                    }
                    spec.pattern = p.get_ref().clone();
                }
                match (&f.options, spec.kind) {
                    (None, FieldKind::Select) => error(
                        at,
                        format!("the select field `{name}` has no options"),
                        "add options = [\"…\", \"…\"]",
                    ),
                    (Some(o), FieldKind::Select) => {
                        if o.get_ref().is_empty()
                            || o.get_ref()
                                .iter()
                                .any(|x| x.trim().is_empty() || x.contains('\n'))
                        {
                            error(
                                o.span().start,
                                format!(
                                    "the select field `{name}` needs non-empty one-line options"
                                ),
                                "options = [\"S\", \"M\", \"L\"]",
                            );
                        }
                        spec.options = o.get_ref().clone();
                    }
                    (Some(o), _) => error(
                        o.span().start,
                        format!("`options` on the field `{name}`, which is not a select"),
                        "add type = \"select\", or remove the options",
                    ),
                    (None, _) => {}
                }
                cfg.fields.push(spec);
            }
        }
    }
    for (k, v) in &c.mapping {
        let known = k.get_ref() == IDEMPOTENCY_FIELD
            || k.get_ref() == "consent"
            || cfg.fields.iter().any(|f| &f.name == k.get_ref());
        if !known {
            error(
                k.span().start,
                format!("`{}` in [contact.mapping] is not a field of the form", k.get_ref()),
                "map our field names (name, email, order_number, message, your custom fields, idempotency_key) to the backend's",
            );
        } else if v.get_ref().trim().is_empty() {
            error(
                v.span().start,
                format!("empty backend name for `{}`", k.get_ref()),
                "give the name the backend expects, e.g. full_name = \"customer_name\"",
            );
        }
        cfg.mapping.push((k.get_ref().clone(), v.get_ref().clone()));
    }
    if let Some(t) = &c.consent {
        if t.get_ref().trim().is_empty() {
            error(
                t.span().start,
                "empty consent text".into(),
                "the text next to the consent checkbox, or remove `consent`",
            );
        }
        cfg.consent = t.get_ref().clone();
    }
    if let Some(n) = &c.min_fill_seconds {
        match u32::try_from(*n.get_ref()) {
            Ok(v) if v <= 60 => cfg.min_fill_secs = v,
            _ => error(
                n.span().start,
                format!("min_fill_seconds = {} is out of range", n.get_ref()),
                "0 to 60 seconds (default 3): faster submissions are treated as bots",
            ),
        }
    }
    if let Some(e) = &c.feedback_endpoint {
        if !endpoint_ok(e.get_ref()) {
            error(
                e.span().start,
                format!("`{}` is not a usable endpoint URL", e.get_ref()),
                "where \"did this help?\" votes are posted: an https:// URL or a path such as \"/feedback\"",
            );
        }
    }
    for e in [&c.endpoint, &c.feedback_endpoint].into_iter().flatten() {
        if plain_http_off_machine(e.get_ref()) {
            s.diagnostics.push(
                Diagnostic::warning(
                    file,
                    text,
                    e.span().start,
                    format!("`{}` is sent unencrypted", e.get_ref()),
                )
                .hint("shoppers' messages would cross the network in clear, and browsers block http:// requests from an https:// shop page; use https://"),
            );
        }
    }
    if errs.is_empty() {
        cfg.to_meta(&mut s.meta);
        if let Some(e) = c.feedback_endpoint {
            s.meta.insert(FEEDBACK_ENDPOINT.into(), e.into_inner());
        }
    }
    s.diagnostics.extend(errs);
}

#[cfg(test)]
mod tests {
    use super::super::{read_shop_toml, Sources};
    use crate::contact::{ContactConfig, Encoding, FieldKind, Method};
    use std::path::Path;

    fn load(toml: &str) -> Sources {
        let mut s = Sources::default();
        read_shop_toml(&mut s, Path::new("shop.toml"), toml);
        s
    }

    fn errors(toml: &str) -> Vec<String> {
        load(toml)
            .diagnostics
            .iter()
            .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
            .collect()
    }

    #[test]
    fn full_config_reaches_the_meta() {
        let s = load(
            r#"[shop]
name = "x"
[contact]
email = "help@x.example"
endpoint = "https://api.x.example/contact"
method = "put"
encoding = "multipart"
consent = "I agree to be contacted"
min_fill_seconds = 0
headers = { "X-Shop" = "alpine" }
[contact.mapping]
message = "body"
idempotency_key = "request_id"
[[contact.fields]]
name = "email"
[[contact.fields]]
name = "message"
label = "Your question"
min_length = 10
[[contact.fields]]
name = "size"
label = "Size"
type = "select"
options = ["S", "M"]
required = true
[[contact.fields]]
name = "zip"
label = "Postcode"
pattern = "[0-9]{5}"
"#,
        );
        assert!(s.diagnostics.is_empty(), "{:?}", s.diagnostics);
        let c = ContactConfig::from_meta(&s.meta).unwrap();
        assert_eq!(c.method, Method::Put);
        assert_eq!(c.encoding, Encoding::Multipart);
        assert_eq!(c.min_fill_secs, 0);
        assert_eq!(
            c.headers,
            vec![("X-Shop".to_string(), "alpine".to_string())]
        );
        assert_eq!(c.wire_name("idempotency_key"), "request_id");
        let names: Vec<&str> = c.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["email", "message", "size", "zip"]);
        assert_eq!(c.fields[1].label, "Your question");
        assert_eq!((c.fields[1].min_len, c.fields[1].max_len), (10, 5000));
        assert!(c.fields[0].required && c.fields[2].required && !c.fields[3].required);
        assert_eq!(c.fields[2].kind, FieldKind::Select);
        assert_eq!(c.fields[3].pattern, "[0-9]{5}");
        assert_eq!(c.email, "help@x.example");
    }

    #[test]
    fn mistakes_point_at_their_place() {
        let e = errors("[contact]\nendpoint = \"/inbox\"\ncolour = \"red\"\n");
        assert_eq!(e.len(), 1);
        assert!(e[0].starts_with("3:1: unknown field `colour`"), "{e:?}");
        let e = errors("[contact]\nfeedback_endpoint = \"mailto:x@y\"\n");
        assert_eq!(e.len(), 1);
        assert!(
            e[0].starts_with("2:21: `mailto:x@y` is not a usable endpoint URL"),
            "{e:?}"
        );
        let e = errors(
            "[contact]\nendpoint = \"ftp://x\"\nencoding = \"xml\"\nmethod = \"GET\"\nemail = \"nope\"\n\
headers = { \"Content-Type\" = \"x\" }\nmin_fill_seconds = 99\n[contact.mapping]\nphone = \"tel\"\n\
[[contact.fields]]\nname = \"size\"\nlabel = \"Size\"\ntype = \"select\"\n[[contact.fields]]\nname = \"x\"\nlabel = \"X\"\ntype = \"radio\"\n\
[[contact.fields]]\nname = \"x\"\nlabel = \"X\"\noptions = [\"a\"]\n",
        );
        let want = [
            "2:12: `ftp://x` is not a usable endpoint URL",
            "3:12: unknown encoding `xml`",
            "4:10: unsupported method `GET`",
            "5:9: `nope` is not an email address",
            "6:13: the header `Content-Type` is set by the widget",
            "7:20: min_fill_seconds = 99 is out of range",
            "9:1: `phone` in [contact.mapping] is not a field",
            "10:1: the select field `size` has no options",
            "17:8: unknown field type `radio`",
            "19:8: the field `x` is listed twice",
            "21:11: `options` on the field `x`, which is not a select",
        ];
        for w in want {
            assert!(e.iter().any(|x| x.contains(w)), "missing {w:?} in {e:#?}");
        }
        assert_eq!(e.len(), want.len(), "{e:#?}");
        let e = errors("[contact]\nconsent = \"ok\"\n");
        assert!(e[0].contains("no `endpoint`"), "{e:?}");
        let e = errors("[contact]\nendpoint = \"/x\"\n[[contact.fields]]\nname = \"Bad Name\"\nlabel = \"B\"\n");
        assert!(
            e[0].contains("4:8: field name `Bad Name` is not usable"),
            "{e:?}"
        );
    }

    #[test]
    fn mailto_only_and_endpoints() {
        let s = load("[contact]\nemail = \"a@b.example\"\n");
        assert!(s.diagnostics.is_empty());
        assert_eq!(s.meta.len(), 1);
        assert!(ContactConfig::from_meta(&s.meta).is_none());
        for ok in [
            "/inbox",
            "https://x.example",
            "http://127.0.0.1:8080/inbox",
            "https://x.example/a?b=c",
        ] {
            assert!(super::endpoint_ok(ok), "{ok}");
        }
        for bad in [
            "",
            "inbox",
            "//x.example",
            "https://",
            "https:///x",
            "/a b",
            "javascript:alert(1)",
        ] {
            assert!(!super::endpoint_ok(bad), "{bad}");
        }
    }
}
