//! A small, lenient JSON reader for JSON-LD blocks, `data-product` attributes and the object
//! literals that storefront platforms assign to globals.
//!
//! Page authors write JSON-LD by hand and templates print JS object literals, so strict JSON
//! would lose real pages: this reader accepts trailing commas, missing commas, `//` and
//! `/* */` comments, HTML comment and CDATA wrappers, raw control characters in strings,
//! single-quoted strings, bare identifier keys, `undefined`, and JSON that a template
//! entity-encoded as a whole (`{&quot;a&quot;: 1}`). HTML entities inside string values are
//! decoded. It never panics, nests at most [`MAX_DEPTH`] deep, reads at most [`MAX_INPUT`]
//! bytes and builds at most [`MAX_NODES`] values, so hostile pages cost bounded time and
//! memory. Numbers stay text: prices keep their notation and ids beyond 2^53 stay exact.

use std::borrow::Cow;

/// Deepest nesting accepted; deeper input is an error rather than a stack overflow.
pub const MAX_DEPTH: usize = 64;
/// Largest input parsed, in bytes; longer input is an error.
pub const MAX_INPUT: usize = 1 << 20;
/// Most values built from one input.
pub const MAX_NODES: usize = 200_000;

/// A parsed value. Objects keep their keys in source order (duplicates kept, first wins on
/// lookup) because that is what a page meant and it needs no hashing.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`, `undefined`, or an identifier whose value only a script would know.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Num(String),
    /// A string, escapes and HTML entities decoded.
    Str(String),
    /// An array.
    Arr(Vec<Value>),
    /// An object, in source order.
    Obj(Vec<(String, Value)>),
}

/// Why a text is not readable as (lenient) JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonError {
    /// Longer than [`MAX_INPUT`].
    TooLarge,
    /// Nested deeper than [`MAX_DEPTH`], or more than [`MAX_NODES`] values.
    TooDeep,
    /// Not a value at this byte offset.
    Syntax(usize),
}

impl Value {
    /// The member `key` of an object (first occurrence).
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Obj(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// A scalar as text: strings, numbers and booleans; `None` for null, arrays and objects.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Str(s) | Value::Num(s) => Some(s.as_str()),
            Value::Bool(true) => Some("true"),
            Value::Bool(false) => Some("false"),
            _ => None,
        }
    }

    /// Text of the member `key`, trimmed, when it is a non-empty scalar.
    pub fn text(&self, key: &str) -> Option<String> {
        let t = self.get(key)?.as_text()?.trim();
        (!t.is_empty()).then(|| t.to_string())
    }

    /// The value itself when it is not an array, otherwise its elements: schema.org allows
    /// one or many almost everywhere.
    pub fn items(&self) -> &[Value] {
        match self {
            Value::Arr(a) => a,
            other => std::slice::from_ref(other),
        }
    }
}

/// Parses one value; text after it is ignored (a `;` after an object literal, say).
pub fn parse(text: &str) -> Result<Value, JsonError> {
    parse_prefix(text).map(|(v, _)| v)
}

/// Parses one value at the start of `text` and returns it with the number of bytes read.
pub fn parse_prefix(text: &str) -> Result<(Value, usize), JsonError> {
    if text.len() > MAX_INPUT {
        return Err(JsonError::TooLarge);
    }
    // JSON printed entity-encoded as a whole has no raw quote at all.
    let decoded: Cow<str> = if !text.contains('"') && text.contains("&quot;") {
        Cow::Owned(decode_entities(text).into_owned())
    } else {
        Cow::Borrowed(text)
    };
    let mut p = Parser {
        s: decoded.as_bytes(),
        src: &decoded,
        i: 0,
        nodes: 0,
    };
    let v = p.value(0)?;
    let used = if matches!(decoded, Cow::Borrowed(_)) {
        p.i
    } else {
        text.len()
    };
    Ok((v, used))
}

struct Parser<'a> {
    s: &'a [u8],
    src: &'a str,
    i: usize,
    nodes: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn starts(&self, lit: &str) -> bool {
        self.s
            .get(self.i..)
            .is_some_and(|r| r.starts_with(lit.as_bytes()))
    }

    /// Skips whitespace, comments and the wrappers pages put around script data.
    fn skip_ws(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0c) => self.i += 1,
                Some(0xef) if self.starts("\u{feff}") => self.i += 3,
                Some(b'/') if self.starts("//") => {
                    while let Some(c) = self.peek() {
                        if c == b'\n' {
                            break;
                        }
                        self.i += 1;
                    }
                }
                Some(b'/') if self.starts("/*") => match find(self.s, self.i + 2, b"*/") {
                    Some(end) => self.i = end + 2,
                    None => self.i = self.s.len(),
                },
                Some(b'<') if self.starts("<!--") => self.i += 4,
                Some(b'<') if self.starts("<![CDATA[") => self.i += 9,
                Some(b'-') if self.starts("-->") => self.i += 3,
                _ => return,
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        if depth > MAX_DEPTH || self.nodes >= MAX_NODES {
            return Err(JsonError::TooDeep);
        }
        self.nodes += 1;
        self.skip_ws();
        match self.peek() {
            None => Err(JsonError::Syntax(self.i)),
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(q @ (b'"' | b'\'')) => self.string(q).map(Value::Str),
            Some(b'-' | b'+' | b'.' | b'0'..=b'9') => self.number(),
            Some(c) if is_ident_start(c) => {
                let w = self.ident();
                Ok(match w {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    "NaN" | "Infinity" => Value::Num(w.to_string()),
                    _ => Value::Null,
                })
            }
            Some(_) => Err(JsonError::Syntax(self.i)),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.i += 1;
        let mut members = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Value::Obj(members));
                }
                Some(b',') => self.i += 1, // trailing or doubled comma
                Some(q @ (b'"' | b'\'')) => {
                    let key = self.string(q)?;
                    members.push((key, self.member_value(depth)?));
                }
                Some(c) if is_ident_start(c) || c.is_ascii_digit() => {
                    let key = self.ident().to_string();
                    members.push((key, self.member_value(depth)?));
                }
                _ => return Err(JsonError::Syntax(self.i)),
            }
        }
    }

    fn member_value(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.skip_ws();
        if self.peek() != Some(b':') {
            return Err(JsonError::Syntax(self.i));
        }
        self.i += 1;
        self.value(depth + 1)
    }

    fn array(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.i += 1;
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b']') => {
                    self.i += 1;
                    return Ok(Value::Arr(items));
                }
                Some(b',') => self.i += 1,
                None => return Err(JsonError::Syntax(self.i)),
                Some(_) => items.push(self.value(depth + 1)?),
            }
        }
    }

    fn ident(&mut self) -> &str {
        let start = self.i;
        while self
            .peek()
            .is_some_and(|c| is_ident_start(c) || c.is_ascii_digit())
        {
            self.i += 1;
        }
        self.src.get(start..self.i).unwrap_or("")
    }

    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.i;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.' | b'e' | b'E'))
        {
            self.i += 1;
        }
        let t = self.src.get(start..self.i).unwrap_or("");
        if !t.bytes().any(|c| c.is_ascii_digit()) {
            return Err(JsonError::Syntax(start));
        }
        Ok(Value::Num(t.trim_start_matches('+').to_string()))
    }

    fn string(&mut self, quote: u8) -> Result<String, JsonError> {
        self.i += 1;
        let mut out = String::new();
        let mut run = self.i;
        loop {
            let Some(c) = self.peek() else {
                return Err(JsonError::Syntax(self.i));
            };
            if c == quote {
                out.push_str(self.src.get(run..self.i).unwrap_or(""));
                self.i += 1;
                break;
            }
            if c != b'\\' {
                self.i += 1;
                continue;
            }
            out.push_str(self.src.get(run..self.i).unwrap_or(""));
            self.i += 1;
            let Some(e) = self.peek() else {
                return Err(JsonError::Syntax(self.i));
            };
            self.i += 1;
            match e {
                b'n' => out.push('\n'),
                b't' => out.push('\t'),
                b'r' => out.push('\r'),
                b'b' => out.push('\u{8}'),
                b'f' => out.push('\u{c}'),
                b'u' => out.push(self.unicode_escape()),
                b'\n' => {} // a JS line continuation
                _ => {
                    // `\"`, `\\`, `\/`, `\'` and unknown escapes stand for the character.
                    self.i -= 1;
                    let ch = self.src.get(self.i..).and_then(|r| r.chars().next());
                    if let Some(ch) = ch {
                        out.push(ch);
                        self.i += ch.len_utf8();
                    }
                }
            }
            run = self.i;
        }
        if out.contains('&') {
            out = decode_entities(&out).into_owned();
        }
        Ok(out)
    }

    /// Reads the 4 hex digits after `\u` (and a low surrogate after a high one).
    fn unicode_escape(&mut self) -> char {
        let hi = match self.hex4() {
            Some(h) => h,
            None => return '\u{fffd}',
        };
        if (0xd800..0xdc00).contains(&hi) && self.starts("\\u") {
            let save = self.i;
            self.i += 2;
            if let Some(lo) = self.hex4().filter(|lo| (0xdc00..0xe000).contains(lo)) {
                let c = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
                return char::from_u32(c).unwrap_or('\u{fffd}');
            }
            self.i = save;
        }
        char::from_u32(hi).unwrap_or('\u{fffd}')
    }

    fn hex4(&mut self) -> Option<u32> {
        let h = self.src.get(self.i..self.i + 4)?;
        let v = u32::from_str_radix(h, 16).ok()?;
        self.i += 4;
        Some(v)
    }
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c == b'$'
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Decodes the HTML entities templates leave in JSON: numeric ones and the common named
/// ones. Unknown entities stay as written.
pub fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let end = rest.as_bytes().iter().take(12).position(|&b| b == b';');
        let decoded = end.and_then(|e| entity(&rest[1..e]).map(|c| (c, e)));
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let v = match num.strip_prefix(['x', 'X']) {
            Some(h) => u32::from_str_radix(h, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(v);
    }
    Some(match name {
        "quot" => '"',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "rsquo" => '’',
        "lsquo" => '‘',
        "ldquo" => '“',
        "rdquo" => '”',
        "hellip" => '…',
        "euro" => '€',
        "pound" => '£',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Value {
        Value::Str(x.into())
    }

    #[test]
    fn strict_json() {
        let v = parse(r#"{"a": [1, -2.50, "x\u00e9\n", true, null], "b": {}}"#).unwrap();
        assert_eq!(
            v.get("a").unwrap().items(),
            &[
                Value::Num("1".into()),
                Value::Num("-2.50".into()),
                s("xé\n"),
                Value::Bool(true),
                Value::Null
            ]
        );
        assert_eq!(v.get("b"), Some(&Value::Obj(vec![])));
    }

    #[test]
    fn lenient_json() {
        let v = parse(
            "{\n // c\n \"name\": \"Tom&#039;s &amp; co\", \"x\": 'single', /* b */ bare: undefined,\n \"n\": \"two\nlines\",\n \"list\": [1, 2,],\n}",
        )
        .unwrap();
        assert_eq!(v.text("name").as_deref(), Some("Tom's & co"));
        assert_eq!(v.text("x").as_deref(), Some("single"));
        assert_eq!(v.get("bare"), Some(&Value::Null));
        assert_eq!(v.text("n").as_deref(), Some("two\nlines"));
        assert_eq!(v.get("list").unwrap().items().len(), 2);
    }

    #[test]
    fn entity_encoded_json_and_surrogates() {
        let v = parse(
            "{&quot;id_product&quot;:&quot;7&quot;,&quot;e&quot;:&quot;\\ud83d\\ude00&quot;}",
        )
        .unwrap();
        assert_eq!(v.text("id_product").as_deref(), Some("7"));
        assert_eq!(v.text("e").as_deref(), Some("😀"));
    }

    #[test]
    fn bounded() {
        let deep = "[".repeat(10_000);
        assert_eq!(parse(&deep), Err(JsonError::TooDeep));
        assert!(parse("{\"a\": ").is_err());
        assert!(parse("\"unterminated").is_err());
        assert!(parse("").is_err());
        assert!(parse("\\u12").is_err());
        assert_eq!(parse("\"\\u12\"").unwrap(), s("\u{fffd}12"));
        let big = format!("[{}]", "1,".repeat(MAX_INPUT));
        assert_eq!(parse(&big), Err(JsonError::TooLarge));
    }

    #[test]
    fn prefix_reports_bytes_read() {
        let (v, n) = parse_prefix("{\"a\":1}; for (var x in meta) {}").unwrap();
        assert_eq!(v.text("a").as_deref(), Some("1"));
        assert_eq!(n, 7);
    }
}
