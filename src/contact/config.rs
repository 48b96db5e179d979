//! The contact form's settings (`shop.toml` `[contact]`), carried in the bundle as `contact.*`
//! meta keys. One type for the CLI that writes them and the widget that reads them.
//!
//! Meta keys (all text):
//!
//! ```text
//! contact.endpoint            URL the form posts to (absent: no form, mailto only)
//! contact.email               mailto fallback address
//! contact.method              "PUT" (absent: POST)
//! contact.encoding            "form" | "multipart" (absent: json)
//! contact.header.<Name>       extra request header
//! contact.map.<ours>          backend field name for one of our fields
//! contact.consent             consent checkbox text (absent: no checkbox)
//! contact.min_fill            minimum fill time in seconds (absent: 3)
//! contact.fields              field names in display order, comma-separated
//! contact.field.<name>.type   text | email | select | checkbox | textarea
//! contact.field.<name>.label  label text
//! contact.field.<name>.required  "1" when required
//! contact.field.<name>.min / .max   length limits in characters (absent: none)
//! contact.field.<name>.pattern      a JavaScript regular expression the whole value matches
//! contact.field.<name>.options      select options, one per line
//! ```

use crate::bundle::Meta;

/// Default minimum time (seconds) between showing the form and a human submitting it.
pub const DEFAULT_MIN_FILL_SECS: u32 = 3;

/// The built-in fields, in their default order.
pub const BUILTIN_FIELDS: [&str; 4] = ["name", "email", "order_number", "message"];

/// HTTP method of the submission.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Method {
    /// POST (default).
    #[default]
    Post,
    /// PUT.
    Put,
}

impl Method {
    /// The method name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Post => "POST",
            Method::Put => "PUT",
        }
    }
}

/// How the message body is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    /// `application/json`, one object of string fields (default).
    #[default]
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
}

impl Encoding {
    /// Parses the `shop.toml` name.
    pub fn parse(s: &str) -> Option<Encoding> {
        match s {
            "json" => Some(Encoding::Json),
            "form" => Some(Encoding::Form),
            "multipart" => Some(Encoding::Multipart),
            _ => None,
        }
    }

    /// The `shop.toml` name.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Json => "json",
            Encoding::Form => "form",
            Encoding::Multipart => "multipart",
        }
    }
}

/// The kind of input a field is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum FieldKind {
    /// One line of text.
    #[default]
    Text,
    /// An email address.
    Email,
    /// One of fixed options.
    Select,
    /// A checkbox; its value is "yes" when checked, empty otherwise.
    Checkbox,
    /// Several lines of text.
    Textarea,
}

impl FieldKind {
    /// Parses the `shop.toml` name.
    pub fn parse(s: &str) -> Option<FieldKind> {
        match s {
            "text" => Some(FieldKind::Text),
            "email" => Some(FieldKind::Email),
            "select" => Some(FieldKind::Select),
            "checkbox" => Some(FieldKind::Checkbox),
            "textarea" => Some(FieldKind::Textarea),
            _ => None,
        }
    }

    /// The `shop.toml` name.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Email => "email",
            FieldKind::Select => "select",
            FieldKind::Checkbox => "checkbox",
            FieldKind::Textarea => "textarea",
        }
    }
}

/// One form field.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct FieldSpec {
    /// Our name for the field (also its name on the wire unless mapped).
    pub name: String,
    /// The visible label.
    pub label: String,
    /// Input kind.
    pub kind: FieldKind,
    /// Must be filled (checked, for a checkbox).
    pub required: bool,
    /// Select options.
    pub options: Vec<String>,
    /// A JavaScript regular expression the whole value must match (empty: none).
    pub pattern: String,
    /// Minimum length in characters (0: none).
    pub min_len: u32,
    /// Maximum length in characters (0: none).
    pub max_len: u32,
}

impl FieldSpec {
    /// The built-in field `name`, if it is one.
    pub fn builtin(name: &str) -> Option<FieldSpec> {
        let (label, kind, required, max_len) = match name {
            "name" => ("Your name", FieldKind::Text, true, 200),
            "email" => ("Email", FieldKind::Email, true, 254),
            "order_number" => ("Order number (optional)", FieldKind::Text, false, 64),
            "message" => ("How can we help?", FieldKind::Textarea, true, 5000),
            _ => return None,
        };
        Some(FieldSpec {
            name: name.into(),
            label: label.into(),
            kind,
            required,
            max_len,
            ..FieldSpec::default()
        })
    }
}

/// The contact form's settings.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ContactConfig {
    /// Where messages go.
    pub endpoint: String,
    /// POST or PUT.
    pub method: Method,
    /// Body encoding.
    pub encoding: Encoding,
    /// Extra request headers, sorted by name.
    pub headers: Vec<(String, String)>,
    /// Our field name → the backend's, sorted by our name.
    pub mapping: Vec<(String, String)>,
    /// Fields in display order.
    pub fields: Vec<FieldSpec>,
    /// Consent checkbox text (empty: no checkbox).
    pub consent: String,
    /// Mailto fallback address (may be empty).
    pub email: String,
    /// Minimum seconds between showing the form and submitting it; faster is a bot.
    pub min_fill_secs: u32,
}

fn put(m: &mut Meta, k: &str, v: &str) {
    m.insert(k.to_string(), v.to_string());
}

impl ContactConfig {
    /// The backend's name for our field `name`.
    pub fn wire_name<'a>(&'a self, name: &'a str) -> &'a str {
        self.mapping
            .iter()
            .find(|(ours, _)| ours == name)
            .map_or(name, |(_, theirs)| theirs.as_str())
    }

    /// Writes the settings as `contact.*` meta keys (see the module docs). Writes nothing
    /// but `contact.email` when there is no endpoint.
    pub fn to_meta(&self, m: &mut Meta) {
        if !self.email.is_empty() {
            put(m, "contact.email", &self.email);
        }
        if self.endpoint.is_empty() {
            return;
        }
        put(m, "contact.endpoint", &self.endpoint);
        if self.method != Method::Post {
            put(m, "contact.method", self.method.as_str());
        }
        if self.encoding != Encoding::Json {
            put(m, "contact.encoding", self.encoding.as_str());
        }
        for (k, v) in &self.headers {
            put(m, &format!("contact.header.{k}"), v);
        }
        for (k, v) in &self.mapping {
            put(m, &format!("contact.map.{k}"), v);
        }
        if !self.consent.is_empty() {
            put(m, "contact.consent", &self.consent);
        }
        if self.min_fill_secs != DEFAULT_MIN_FILL_SECS {
            put(m, "contact.min_fill", &self.min_fill_secs.to_string());
        }
        let names: Vec<&str> = self.fields.iter().map(|f| f.name.as_str()).collect();
        put(m, "contact.fields", &names.join(","));
        for f in &self.fields {
            let p = format!("contact.field.{}.", f.name);
            put(m, &(p.clone() + "type"), f.kind.as_str());
            put(m, &(p.clone() + "label"), &f.label);
            if f.required {
                put(m, &(p.clone() + "required"), "1");
            }
            if f.min_len > 0 {
                put(m, &(p.clone() + "min"), &f.min_len.to_string());
            }
            if f.max_len > 0 {
                put(m, &(p.clone() + "max"), &f.max_len.to_string());
            }
            if !f.pattern.is_empty() {
                put(m, &(p.clone() + "pattern"), &f.pattern);
            }
            if !f.options.is_empty() {
                put(m, &(p + "options"), &f.options.join("\n"));
            }
        }
    }

    /// Reads the settings back; `None` when the bundle has no form (no `contact.endpoint`).
    pub fn from_meta(m: &Meta) -> Option<ContactConfig> {
        let endpoint = m.get("contact.endpoint")?.clone();
        // One key buffer, reused: the widget reads this once, small code beats fewer lookups.
        let mut key = String::new();
        let mut get = |a: &str, b: &str, c: &str| -> Option<&String> {
            key.clear();
            key.push_str(a);
            key.push_str(b);
            key.push_str(c);
            m.get(&key)
        };
        let text = |v: Option<&String>| v.cloned().unwrap_or_default();
        let num = |v: Option<&String>| v.and_then(|v| v.parse::<u32>().ok());
        let prefixed = |p: &str| -> Vec<(String, String)> {
            let mut out = Vec::new();
            for (k, v) in m {
                if let Some(rest) = k.strip_prefix(p) {
                    out.push((rest.to_string(), v.clone()));
                }
            }
            out
        };
        let names: Vec<&str> = match m.get("contact.fields") {
            Some(s) => s.split(',').filter(|s| !s.is_empty()).collect(),
            None => BUILTIN_FIELDS.to_vec(),
        };
        let mut fields = Vec::with_capacity(names.len());
        for name in names {
            let mut f = FieldSpec::builtin(name).unwrap_or_else(|| FieldSpec {
                label: name.to_string(),
                name: name.to_string(),
                ..FieldSpec::default()
            });
            const P: &str = "contact.field.";
            if let Some(k) = get(P, name, ".type").and_then(|t| FieldKind::parse(t)) {
                // Written fields carry every setting: absent means off.
                f.kind = k;
                f.required = get(P, name, ".required").is_some_and(|v| v == "1");
                f.min_len = num(get(P, name, ".min")).unwrap_or(0);
                f.max_len = num(get(P, name, ".max")).unwrap_or(0);
            }
            if let Some(l) = get(P, name, ".label") {
                f.label = l.clone();
            }
            f.pattern = text(get(P, name, ".pattern"));
            f.options = get(P, name, ".options").map_or_else(Vec::new, |o| {
                o.split('\n')
                    .filter(|o| !o.is_empty())
                    .map(str::to_string)
                    .collect()
            });
            fields.push(f);
        }
        let get = |k: &str| m.get(k);
        Some(ContactConfig {
            endpoint,
            method: if get("contact.method").is_some_and(|v| v == "PUT") {
                Method::Put
            } else {
                Method::Post
            },
            encoding: get("contact.encoding")
                .and_then(|e| Encoding::parse(e))
                .unwrap_or_default(),
            headers: prefixed("contact.header."),
            mapping: prefixed("contact.map."),
            fields,
            consent: text(get("contact.consent")),
            email: text(get("contact.email")),
            min_fill_secs: num(get("contact.min_fill")).unwrap_or(DEFAULT_MIN_FILL_SECS),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> ContactConfig {
        let mut fields: Vec<FieldSpec> = BUILTIN_FIELDS
            .iter()
            .map(|n| FieldSpec::builtin(n).unwrap())
            .collect();
        fields.push(FieldSpec {
            name: "size".into(),
            label: "Size".into(),
            kind: FieldKind::Select,
            required: true,
            options: vec!["S".into(), "M".into(), "L".into()],
            ..FieldSpec::default()
        });
        fields.push(FieldSpec {
            name: "zip".into(),
            label: "Postcode".into(),
            pattern: "[0-9]{5}".into(),
            min_len: 5,
            max_len: 5,
            ..FieldSpec::default()
        });
        ContactConfig {
            endpoint: "https://api.example/contact".into(),
            method: Method::Put,
            encoding: Encoding::Multipart,
            headers: vec![("X-Shop".into(), "alpine".into())],
            mapping: vec![
                ("message".into(), "body".into()),
                ("name".into(), "full_name".into()),
            ],
            fields,
            consent: "I agree".into(),
            email: "help@example.com".into(),
            min_fill_secs: 1,
        }
    }

    #[test]
    fn meta_round_trips() {
        let c = full();
        let mut m = Meta::new();
        c.to_meta(&mut m);
        assert_eq!(ContactConfig::from_meta(&m), Some(c.clone()));
        assert_eq!(c.wire_name("name"), "full_name");
        assert_eq!(c.wire_name("email"), "email");
    }

    #[test]
    fn defaults_and_no_endpoint() {
        let mut m = Meta::new();
        ContactConfig {
            email: "a@b.c".into(),
            ..ContactConfig::default()
        }
        .to_meta(&mut m);
        assert_eq!(m.len(), 1, "only the mailto address: {m:?}");
        assert_eq!(ContactConfig::from_meta(&m), None);
        m.insert("contact.endpoint".into(), "/inbox".into());
        let c = ContactConfig::from_meta(&m).unwrap();
        assert_eq!(c.fields.len(), 4);
        assert_eq!(c.min_fill_secs, DEFAULT_MIN_FILL_SECS);
        assert_eq!((c.method, c.encoding), (Method::Post, Encoding::Json));
        assert!(c.fields[0].required && !c.fields[2].required);
    }
}
