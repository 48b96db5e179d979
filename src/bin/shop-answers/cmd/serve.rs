//! `serve`: a local preview — the built widget under `/dist/`, the demo storefront pages at
//! `/`, with the strict Content-Security-Policy a careful shop would send — and a local contact
//! backend (the inbox) that stores every message durably, deduplicated by idempotency key.

use crate::inbox::body::{self, BodyError};
use crate::inbox::{page, Outcome, Record, Store};
use anyhow::{bail, Context};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(clap::Args)]
pub struct Args {
    /// The built dist directory.
    #[arg(default_value = "dist")]
    pub dist: PathBuf,
    /// Directory with the storefront pages to serve at `/`.
    #[arg(long, default_value = "www/demo")]
    pub www: PathBuf,
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// The inbox file (JSON Lines, append-only) for messages posted to the inbox
    /// [default: inbox.jsonl in shop-answers/ in the temp directory].
    #[arg(long, value_name = "FILE")]
    pub inbox: Option<PathBuf>,
    /// Path of the contact backend: POST messages there, GET it for the inbox page
    /// (`PATH.json` for JSON).
    #[arg(long, default_value = "/inbox", value_parser = parse_inbox_path)]
    pub inbox_path: String,
    /// Fault injection for reliability tests: the probability (0.0–1.0) that a POST to the
    /// inbox fails (500 before or after storing, a delay of up to 2 s, or a dropped connection).
    #[arg(long, default_value_t = 0.0, value_parser = parse_rate, value_name = "RATE")]
    pub faults: f64,
    /// Seed for the fault injection's random choices.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub fault_seed: u64,
    /// Print a line to stderr for every injected fault and stored message.
    #[arg(long, short)]
    pub verbose: bool,
}

fn parse_inbox_path(s: &str) -> Result<String, String> {
    let ok = s.starts_with('/')
        && s.len() > 1
        && !s.ends_with('/')
        && !s.contains(['?', '#', ' '])
        && !s.starts_with("/dist/");
    if ok {
        Ok(s.to_string())
    } else {
        Err("a path like /inbox: starting with /, not ending with /, outside /dist/".into())
    }
}

fn parse_rate(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(r) if (0.0..=1.0).contains(&r) => Ok(r),
        _ => Err("a probability between 0.0 and 1.0".into()),
    }
}

/// The policy every page is served with: no inline script or style, wasm allowed.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Largest message body the inbox takes.
pub const MAX_MESSAGE: usize = 64 * 1024;
/// Largest body any other route reads.
const MAX_BODY: usize = 1 << 20;
/// Largest request line plus headers.
const MAX_HEAD: u64 = 32 * 1024;

struct Site {
    dist: PathBuf,
    www: PathBuf,
    inbox: Inbox,
    /// Compressed files, by path, size, modification time and encoding: each file is
    /// compressed once, as a CDN keeps its compressed copies.
    compressed: Mutex<HashMap<CompressedKey, Arc<Vec<u8>>>>,
}

type CompressedKey = (PathBuf, u64, Option<std::time::SystemTime>, &'static str);

struct Inbox {
    path: String,
    json_path: String,
    css_path: String,
    store: Store,
    /// Origins whose pages may post and read the answers: the server's own.
    origins: Vec<String>,
    faults: Option<Faults>,
    verbose: bool,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    for (dir, what) in [(&a.dist, "the built dist folder"), (&a.www, "--www")] {
        if !dir.is_dir() {
            bail!(
                "{} ({what}) is not a folder: build first (shop-answers build SOURCES --out {}) or name an existing one",
                dir.display(),
                dir.display()
            );
        }
    }
    let listener = TcpListener::bind(("127.0.0.1", a.port))
        .with_context(|| format!("binding 127.0.0.1:{}", a.port))?;
    let addr = listener.local_addr()?;
    let file = a.inbox.unwrap_or_else(|| {
        std::env::temp_dir()
            .join("shop-answers")
            .join("inbox.jsonl")
    });
    let _lock = lock_inbox(&file)?;
    let (store, warnings) =
        Store::open(&file).with_context(|| format!("opening the inbox {}", file.display()))?;
    for w in warnings {
        eprintln!("{}: {w}", file.display());
    }
    // One write: a reader that takes the first line and closes the pipe must not make a
    // later startup line fail.
    let mut banner = format!(
        "serving the demo storefront on http://{addr}/  (widget from {}, pages from {})\n\
inbox: POST messages to http://{addr}{p}, read them at http://{addr}{p} — {} message(s) in {}\n",
        a.dist.display(),
        a.www.display(),
        store.len(),
        file.display(),
        p = a.inbox_path,
    );
    if a.faults > 0.0 {
        banner.push_str(&format!(
            "faults: injecting faults into {:.0}% of inbox POSTs (seed {})\n",
            a.faults * 100.0,
            a.fault_seed
        ));
    }
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(banner.as_bytes())?;
    stdout.flush()?;
    drop(stdout);
    let port = addr.port();
    let site = Arc::new(Site {
        compressed: Mutex::new(HashMap::new()),
        dist: a.dist,
        www: a.www,
        inbox: Inbox {
            json_path: format!("{}.json", a.inbox_path),
            css_path: format!("{}.css", a.inbox_path),
            path: a.inbox_path,
            store,
            origins: vec![
                format!("http://127.0.0.1:{port}"),
                format!("http://localhost:{port}"),
            ],
            faults: (a.faults > 0.0).then(|| Faults::new(a.faults, a.fault_seed)),
            verbose: a.verbose,
        },
    });
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let site = Arc::clone(&site);
        std::thread::spawn(move || {
            let _ = handle(&site, stream);
        });
    }
    Ok(ExitCode::SUCCESS)
}

/// One parsed request.
struct Request {
    method: String,
    target: String,
    /// Names in lower case.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn path(&self) -> &str {
        self.target.split(['?', '#']).next().unwrap_or("/")
    }
}

/// One response.
struct Response {
    status: u16,
    ctype: &'static str,
    body: Vec<u8>,
    cache: &'static str,
    headers: Vec<(&'static str, String)>,
}

impl Response {
    fn new(status: u16, ctype: &'static str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            ctype,
            body: body.into(),
            cache: "no-store",
            headers: Vec::new(),
        }
    }

    fn text(status: u16, body: &str) -> Response {
        Response::new(status, "text/plain; charset=utf-8", body)
    }

    fn json(status: u16, v: &serde_json::Value) -> Response {
        Response::new(status, "application/json", v.to_string())
    }

    fn error(status: u16, message: &str) -> Response {
        Response::json(
            status,
            &serde_json::json!({"status": "error", "error": message}),
        )
    }

    fn with(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }
}

/// What to do with the connection after a request.
enum Action {
    Respond(Response),
    /// Close the connection without answering (fault injection).
    Drop,
}

fn handle(site: &Site, stream: TcpStream) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut out = stream;
    loop {
        let head = match read_head(&mut reader)? {
            Head::Closed => return Ok(()),
            Head::Bad(status, msg) => {
                send(&mut out, Response::text(status, msg), "GET", true)?;
                return linger(&mut reader, &out);
            }
            Head::Ok(h) => h,
        };
        let ReqHead {
            method,
            target,
            headers,
            content_length,
            mut close,
        } = head;
        let path = target.split(['?', '#']).next().unwrap_or("/");
        let limit = if path == site.inbox.path {
            MAX_MESSAGE
        } else {
            MAX_BODY
        };
        if content_length > limit {
            let msg = format!("the body is larger than {} KB", limit / 1024);
            send(&mut out, Response::error(413, &msg), &method, true)?;
            return linger(&mut reader, &out);
        }
        let expects_continue = headers
            .iter()
            .any(|(k, v)| k == "expect" && v.eq_ignore_ascii_case("100-continue"));
        if expects_continue && content_length > 0 {
            // curl waits for this before sending bodies over 1 KB.
            out.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
            out.flush()?;
        }
        let mut body = vec![0; content_length];
        reader.read_exact(&mut body)?;
        let req = Request {
            method,
            target,
            headers,
            body,
        };
        match route(site, &req) {
            Action::Respond(resp) => {
                close |= resp.status >= 500;
                send(&mut out, resp, &req.method, close)?;
            }
            Action::Drop => {
                let _ = out.shutdown(Shutdown::Both);
                return Ok(());
            }
        }
        if close {
            return Ok(());
        }
    }
}

/// After an error answer: stop writing and read what the client still sends (bounded), so
/// closing does not reset the connection before the client reads the answer.
fn linger(reader: &mut BufReader<TcpStream>, out: &TcpStream) -> std::io::Result<()> {
    out.shutdown(Shutdown::Write)?;
    out.set_read_timeout(Some(Duration::from_secs(2)))?;
    let _ = std::io::copy(&mut reader.take(16 * MAX_BODY as u64), &mut std::io::sink());
    Ok(())
}

struct ReqHead {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    content_length: usize,
    close: bool,
}

enum Head {
    Closed,
    Bad(u16, &'static str),
    Ok(ReqHead),
}

fn read_head(reader: &mut BufReader<TcpStream>) -> std::io::Result<Head> {
    let mut limited = reader.take(MAX_HEAD);
    let mut line = Vec::new();
    // Tolerate one empty line before the request line (RFC 9112 §2.2).
    for _ in 0..2 {
        line.clear();
        if limited.read_until(b'\n', &mut line)? == 0 {
            return Ok(Head::Closed);
        }
        if !line.trim_ascii().is_empty() {
            break;
        }
    }
    let request_line = String::from_utf8_lossy(&line).into_owned();
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("/").to_string();
    let version = parts.next().unwrap_or("");
    if method.is_empty() || !version.starts_with("HTTP/1.") {
        return Ok(Head::Bad(400, "bad request line"));
    }
    let mut headers = Vec::new();
    let mut content_length = 0usize;
    let mut close = version == "HTTP/1.0";
    loop {
        line.clear();
        if limited.read_until(b'\n', &mut line)? == 0 {
            if limited.limit() == 0 {
                return Ok(Head::Bad(431, "request headers too large"));
            }
            return Ok(Head::Closed);
        }
        if line.trim_ascii().is_empty() {
            break;
        }
        let text = String::from_utf8_lossy(&line);
        let Some((name, value)) = text.split_once(':') else {
            return Ok(Head::Bad(400, "bad header line"));
        };
        let name = name.trim().to_ascii_lowercase();
        let value = value.trim().to_string();
        match name.as_str() {
            "content-length" => match value.parse() {
                Ok(n) => content_length = n,
                Err(_) => return Ok(Head::Bad(400, "bad Content-Length")),
            },
            "transfer-encoding" => {
                return Ok(Head::Bad(
                    501,
                    "Transfer-Encoding is not supported: send a Content-Length",
                ))
            }
            "connection" => {
                let v = value.to_ascii_lowercase();
                if v.contains("close") {
                    close = true;
                } else if v.contains("keep-alive") {
                    close = false;
                }
            }
            _ => {}
        }
        headers.push((name, value));
    }
    Ok(Head::Ok(ReqHead {
        method,
        target,
        headers,
        content_length,
        close,
    }))
}

fn route(site: &Site, req: &Request) -> Action {
    let ib = &site.inbox;
    let path = req.path();
    if path == ib.path {
        return match req.method.as_str() {
            // PUT too: shop.toml may send the form with method = "PUT".
            "POST" | "PUT" => post_message(ib, req),
            "OPTIONS" => Action::Respond(preflight(ib, req)),
            "GET" | "HEAD" => {
                let html = page::render(
                    &ib.store.newest_first(),
                    &ib.path,
                    &ib.store.path.display().to_string(),
                );
                Action::Respond(cors(
                    ib,
                    req,
                    Response::new(200, "text/html; charset=utf-8", html),
                ))
            }
            _ => Action::Respond(
                Response::text(405, "method not allowed")
                    .with("Allow", "GET, HEAD, POST, PUT, OPTIONS"),
            ),
        };
    }
    if path == ib.json_path || path == ib.css_path {
        if req.method != "GET" && req.method != "HEAD" {
            return Action::Respond(
                Response::text(405, "method not allowed").with("Allow", "GET, HEAD"),
            );
        }
        let resp = if path == ib.css_path {
            let mut r = Response::new(200, "text/css; charset=utf-8", page::CSS);
            r.cache = "no-cache";
            r
        } else {
            let messages = ib.store.newest_first();
            Response::json(
                200,
                &serde_json::json!({"count": messages.len(), "messages": messages}),
            )
        };
        return Action::Respond(cors(ib, req, resp));
    }
    Action::Respond(static_file(site, req))
}

/// The request's `Origin`, when it is not one of the server's own.
fn foreign_origin<'a>(ib: &Inbox, req: &'a Request) -> Option<&'a str> {
    req.header("origin")
        .filter(|o| !ib.origins.iter().any(|a| a == o))
}

/// Lets the server's own origins read the answer (never a wildcard).
fn cors(ib: &Inbox, req: &Request, resp: Response) -> Response {
    match req.header("origin") {
        Some(o) if ib.origins.iter().any(|a| a == o) => resp
            .with("Access-Control-Allow-Origin", o)
            .with("Vary", "Origin"),
        _ => resp.with("Vary", "Origin"),
    }
}

fn preflight(ib: &Inbox, req: &Request) -> Response {
    if foreign_origin(ib, req).is_some() {
        return Response::error(403, "cross-origin requests are not accepted");
    }
    let resp = Response::new(204, "text/plain", "").with("Allow", "GET, HEAD, POST, OPTIONS");
    if req.header("origin").is_none() {
        return resp;
    }
    cors(
        ib,
        req,
        resp.with("Access-Control-Allow-Methods", "POST, PUT, GET, OPTIONS")
            .with(
                "Access-Control-Allow-Headers",
                "Content-Type, Idempotency-Key",
            )
            .with("Access-Control-Max-Age", "600"),
    )
}

fn post_message(ib: &Inbox, req: &Request) -> Action {
    if let Some(o) = foreign_origin(ib, req) {
        if ib.verbose {
            eprintln!("inbox: refused a message from origin {o}");
        }
        return Action::Respond(Response::error(
            403,
            "cross-origin messages are not accepted",
        ));
    }
    let fault = ib.faults.as_ref().and_then(Faults::pick);
    if let (Some(f), true) = (fault, ib.verbose) {
        eprintln!("fault: {} ({} {})", f.describe(), req.method, req.target);
    }
    match fault {
        Some(Fault::ErrorBeforeStore) => {
            return Action::Respond(Response::error(500, "injected fault"))
        }
        Some(Fault::DropBeforeStore) => return Action::Drop,
        Some(Fault::Delay(ms)) => std::thread::sleep(Duration::from_millis(ms)),
        _ => {}
    }
    let resp = cors(ib, req, accept(ib, req));
    match fault {
        Some(Fault::ErrorAfterStore) => {
            Action::Respond(cors(ib, req, Response::error(500, "injected fault")))
        }
        Some(Fault::DropAfterStore) => Action::Drop,
        _ => Action::Respond(resp),
    }
}

/// Validates, deduplicates and stores one message.
fn accept(ib: &Inbox, req: &Request) -> Response {
    let content_type = req.header("content-type");
    let mut fields = match body::parse(content_type, &req.body) {
        Ok(f) => f,
        Err(BodyError::Unsupported(m)) => return Response::error(415, &m),
        Err(BodyError::Bad(m)) => return Response::error(400, &m),
    };
    let field_key = fields.remove("idempotency_key");
    let Some(raw) = req.header("idempotency-key").or(field_key.as_deref()) else {
        return Response::error(
            400,
            "missing idempotency key: send an Idempotency-Key header or an idempotency_key field, the same for every retry of a message",
        );
    };
    // The header is a structured-field string in the IETF draft: accept it quoted or bare.
    let key = raw.trim();
    let key = key
        .strip_prefix('"')
        .and_then(|k| k.strip_suffix('"'))
        .unwrap_or(key);
    if key.is_empty() || key.len() > 255 || key.chars().any(char::is_control) {
        return Response::error(
            400,
            "invalid idempotency key: 1 to 255 characters, no control characters",
        );
    }
    if fields.values().all(|v| v.trim().is_empty()) {
        return Response::error(400, "the message is empty");
    }
    let received = crate::inbox::now_rfc3339();
    let outcome = ib.store.submit(key, |id| Record {
        id,
        key: key.to_string(),
        received,
        // The media type, without parameters such as a multipart boundary.
        content_type: content_type.map(|c| c.split(';').next().unwrap_or("").trim().to_string()),
        user_agent: req.header("user-agent").map(str::to_string),
        referer: req.header("referer").map(str::to_string),
        fields,
    });
    match outcome {
        Ok(Outcome::Stored(r)) => {
            if ib.verbose {
                eprintln!("inbox: stored {} (key {})", r.id, r.key);
            }
            Response::json(
                201,
                &serde_json::json!({"status": "stored", "id": r.id, "received": r.received}),
            )
        }
        Ok(Outcome::Duplicate(r)) => Response::json(
            200,
            &serde_json::json!({"status": "duplicate", "id": r.id, "received": r.received}),
        )
        .with("Idempotent-Replayed", "true"),
        Err(e) => {
            eprintln!(
                "inbox: cannot store a message in {}: {e}",
                ib.store.path.display()
            );
            Response::error(
                500,
                "the message could not be stored: retry with the same idempotency key",
            )
        }
    }
}

/// One injected fault.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Fault {
    ErrorBeforeStore,
    ErrorAfterStore,
    Delay(u64),
    DropBeforeStore,
    DropAfterStore,
}

impl Fault {
    fn describe(self) -> String {
        match self {
            Fault::ErrorBeforeStore => "500 without storing".into(),
            Fault::ErrorAfterStore => "store, then 500".into(),
            Fault::Delay(ms) => format!("delay {ms} ms, then answer normally"),
            Fault::DropBeforeStore => "drop the connection without storing".into(),
            Fault::DropAfterStore => "store, then drop the connection".into(),
        }
    }
}

/// Deterministic fault choices: a SplitMix64 stream from the seed, one draw sequence per
/// server, in the order requests reach it.
struct Faults {
    rate: f64,
    state: Mutex<u64>,
}

impl Faults {
    fn new(rate: f64, seed: u64) -> Faults {
        Faults {
            rate,
            state: Mutex::new(seed),
        }
    }

    fn next(state: &mut u64) -> u64 {
        *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn pick(&self) -> Option<Fault> {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let roll = (Self::next(&mut s) >> 11) as f64 / (1u64 << 53) as f64;
        if roll >= self.rate {
            return None;
        }
        Some(match Self::next(&mut s) % 5 {
            0 => Fault::ErrorBeforeStore,
            1 => Fault::ErrorAfterStore,
            2 => Fault::Delay(Self::next(&mut s) % 2001),
            3 => Fault::DropBeforeStore,
            _ => Fault::DropAfterStore,
        })
    }
}

fn static_file(site: &Site, req: &Request) -> Response {
    if req.method != "GET" && req.method != "HEAD" {
        return Response::text(405, "method not allowed").with("Allow", "GET, HEAD");
    }
    let path = req.path();
    let (root, rel) = match path.strip_prefix("/dist/") {
        Some(rest) => (&site.dist, rest.to_string()),
        None => (&site.www, path.trim_start_matches('/').to_string()),
    };
    let rel = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel
    };
    let Some(mut file) = safe_join(root, &rel) else {
        return Response::text(400, "bad path");
    };
    // Dotfiles (.env, .git) are never part of a site.
    if rel.split('/').any(|c| c.starts_with('.')) {
        return Response::text(404, "not found");
    }
    // Storefront-style paths without an extension ("/products/ridge-jacket") serve the page
    // file of that name, as a shop's router would.
    if file.extension().is_none() && !file.is_file() {
        file.set_extension("html");
    }
    // A symlink may lead anywhere on the machine: serve only what resolves inside the root.
    let inside = match (file.canonicalize(), root.canonicalize()) {
        (Ok(f), Ok(r)) => f.starts_with(r),
        _ => false,
    };
    if !inside {
        return Response::text(404, "not found");
    }
    match std::fs::read(&file) {
        Ok(bytes) => {
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            // Content-hashed names never change: cache them for a year.
            let hashed = name
                .split('.')
                .any(|p| p.len() == 12 && p.bytes().all(|b| b.is_ascii_hexdigit()));
            let ctype = content_type(&file);
            let cache = if hashed {
                "public, max-age=31536000, immutable"
            } else {
                "no-cache"
            };
            // The representation sent: compressed when the client takes it and it pays, each
            // encoding with its own strong validator.
            let encoding = encoding_for(req.header("accept-encoding"), ctype, bytes.len());
            let etag = format!(
                "\"{}{}\"",
                &crate::fsx::content_hash(&bytes)[..16],
                encoding.map_or(String::new(), |e| format!("-{e}"))
            );
            let vary = ("Vary", "Accept-Encoding".to_string());
            if req
                .header("if-none-match")
                .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
            {
                let mut r = Response::new(304, ctype, Vec::new()).with("ETag", etag);
                r.headers.push(vary);
                r.cache = cache;
                return r;
            }
            let body = match encoding {
                Some(e) => {
                    let meta = std::fs::metadata(&file).ok();
                    let key = (
                        file.clone(),
                        bytes.len() as u64,
                        meta.and_then(|m| m.modified().ok()),
                        e,
                    );
                    let cached = site
                        .compressed
                        .lock()
                        .expect("not poisoned")
                        .get(&key)
                        .cloned();
                    match cached {
                        Some(c) => c.as_ref().clone(),
                        None => {
                            let c = compress(&bytes, e, hashed);
                            site.compressed
                                .lock()
                                .expect("not poisoned")
                                .insert(key, Arc::new(c.clone()));
                            c
                        }
                    }
                }
                None => bytes,
            };
            let mut r = Response::new(200, ctype, body).with("ETag", etag);
            r.headers.push(vary);
            if let Some(e) = encoding {
                r = r.with("Content-Encoding", e);
            }
            r.cache = cache;
            r
        }
        Err(_) => Response::text(404, "not found"),
    }
}

/// Holds `<inbox>.lock` for the server's life: two servers appending to one inbox file
/// would each dedupe against only their own memory and interleave their lines.
fn lock_inbox(file: &Path) -> anyhow::Result<std::fs::File> {
    let mut name = file.as_os_str().to_os_string();
    name.push(".lock");
    let path = PathBuf::from(name);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("opening {}", path.display()))?;
    match f.try_lock() {
        Ok(()) => Ok(f),
        Err(std::fs::TryLockError::WouldBlock) => bail!(
            "another `shop-answers serve` is using the inbox {} (it holds {}): stop it, or pass --inbox with another file",
            file.display(),
            path.display()
        ),
        Err(std::fs::TryLockError::Error(e)) => {
            Err(e).with_context(|| format!("locking {}", path.display()))
        }
    }
}

fn safe_join(root: &Path, rel: &str) -> Option<PathBuf> {
    let rel = Path::new(rel);
    if rel.components().all(|c| matches!(c, Component::Normal(_))) {
        Some(root.join(rel))
    } else {
        None
    }
}

/// The encoding to send a file of this type and size in: brotli, then gzip, as the client's
/// Accept-Encoding allows (`q=0` refuses); none for types that are compressed already
/// (images) and for files too small to gain from it.
fn encoding_for(accept: Option<&str>, ctype: &str, len: usize) -> Option<&'static str> {
    let compressible =
        ctype.starts_with("text/") || ctype.starts_with("application/") || ctype == "image/svg+xml";
    if !compressible || len < 512 {
        return None;
    }
    let accepts = |name: &str| {
        accept.is_some_and(|a| {
            a.split(',').any(|part| {
                let mut it = part.split(';');
                let token = it.next().unwrap_or("").trim();
                let q = it
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .unwrap_or(1.0);
                token.eq_ignore_ascii_case(name) && q > 0.0
            })
        })
    };
    ["br", "gzip"].into_iter().find(|e| accepts(e))
}

/// `bytes` in `encoding`: content-hashed files, compressed once and cached for a year, at
/// the highest levels (as a CDN or a build step precompresses them), others at the levels
/// servers use on the fly.
fn compress(bytes: &[u8], encoding: &str, hashed: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if encoding == "br" {
        let params = brotli::enc::BrotliEncoderParams {
            quality: if hashed { 11 } else { 5 },
            lgwin: 22,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("in-memory");
    } else {
        let level = flate2::Compression::new(if hashed { 9 } else { 6 });
        let mut enc = flate2::write::GzEncoder::new(out, level);
        enc.write_all(bytes).expect("in-memory");
        out = enc.finish().expect("in-memory");
    }
    out
}

fn content_type(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        _ => "Error",
    }
}

fn send(out: &mut TcpStream, r: Response, method: &str, close: bool) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", r.status, reason(r.status));
    let bodiless = matches!(r.status, 204 | 304);
    if !bodiless {
        head.push_str(&format!(
            "Content-Type: {}\r\nContent-Length: {}\r\n",
            r.ctype,
            r.body.len()
        ));
    }
    head.push_str(&format!(
        "Cache-Control: {}\r\nContent-Security-Policy: {CSP}\r\nX-Content-Type-Options: nosniff\r\n",
        r.cache
    ));
    for (k, v) in &r.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if close {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())?;
    if method != "HEAD" && !bodiless {
        out.write_all(&r.body)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_are_deterministic_and_near_the_rate() {
        let picks = |seed| {
            let f = Faults::new(0.5, seed);
            (0..1000).map(|_| f.pick()).collect::<Vec<_>>()
        };
        let a = picks(7);
        assert_eq!(a, picks(7));
        assert_ne!(a, picks(8));
        let n = a.iter().filter(|f| f.is_some()).count();
        assert!((400..600).contains(&n), "{n}");
        for kind in 0..5 {
            assert!(a.iter().flatten().any(|f| match (kind, f) {
                (0, Fault::ErrorBeforeStore) | (1, Fault::ErrorAfterStore) => true,
                (2, Fault::Delay(ms)) => *ms <= 2000,
                (3, Fault::DropBeforeStore) | (4, Fault::DropAfterStore) => true,
                _ => false,
            }));
        }
        assert!(Faults::new(0.0, 1).pick().is_none());
    }

    #[test]
    fn inbox_path_and_rate_are_validated() {
        assert!(parse_inbox_path("/inbox").is_ok());
        assert!(parse_inbox_path("/api/contact").is_ok());
        for bad in ["inbox", "/", "/inbox/", "/dist/x", "/a?b"] {
            assert!(parse_inbox_path(bad).is_err(), "{bad}");
        }
        assert!(parse_rate("0.5").is_ok());
        assert!(parse_rate("1.5").is_err());
        assert!(parse_rate("x").is_err());
    }
}
