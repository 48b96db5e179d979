//! `serve`: a local preview — the built widget under `/dist/`, the demo storefront pages at
//! `/`, with the strict Content-Security-Policy a careful shop would send.

use anyhow::Context;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
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
}

/// The policy every page is served with: no inline script or style, wasm allowed.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

struct Site {
    dist: PathBuf,
    www: PathBuf,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let listener = TcpListener::bind(("127.0.0.1", a.port))
        .with_context(|| format!("binding 127.0.0.1:{}", a.port))?;
    let addr = listener.local_addr()?;
    println!(
        "serving the demo storefront on http://{addr}/  (widget from {}, pages from {})",
        a.dist.display(),
        a.www.display()
    );
    std::io::stdout().flush()?;
    let site = Arc::new(Site {
        dist: a.dist,
        www: a.www,
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

fn handle(site: &Site, stream: TcpStream) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line)? == 0 {
            return Ok(());
        }
        let mut parts = request_line.split_whitespace();
        let method = parts.next().unwrap_or("").to_string();
        let target = parts.next().unwrap_or("/").to_string();
        let mut content_length = 0usize;
        let mut keep_alive = true;
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h)? == 0 || h.trim().is_empty() {
                break;
            }
            let lower = h.to_ascii_lowercase();
            if let Some(v) = lower.strip_prefix("content-length:") {
                content_length = v.trim().parse().unwrap_or(0);
            }
            if lower.starts_with("connection:") && lower.contains("close") {
                keep_alive = false;
            }
        }
        let mut body = vec![0; content_length.min(1 << 20)];
        reader.read_exact(&mut body)?;
        let mut out = stream.try_clone()?;
        respond(site, &method, &target, &mut out)?;
        if !keep_alive {
            return Ok(());
        }
    }
}

fn respond(site: &Site, method: &str, target: &str, out: &mut TcpStream) -> std::io::Result<()> {
    if method != "GET" && method != "HEAD" {
        return send(
            out,
            405,
            "text/plain",
            b"method not allowed",
            "no-store",
            method,
        );
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let (root, rel) = match path.strip_prefix("/dist/") {
        Some(rest) => (&site.dist, rest.to_string()),
        None => (&site.www, path.trim_start_matches('/').to_string()),
    };
    let rel = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel
    };
    let Some(file) = safe_join(root, &rel) else {
        return send(out, 400, "text/plain", b"bad path", "no-store", method);
    };
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
            let cache = if hashed {
                "public, max-age=31536000, immutable"
            } else {
                "no-cache"
            };
            send(out, 200, content_type(&file), &bytes, cache, method)
        }
        Err(_) => send(out, 404, "text/plain", b"not found", "no-store", method),
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

fn send(
    out: &mut TcpStream,
    status: u16,
    ctype: &str,
    body: &[u8],
    cache: &str,
    method: &str,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Error",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: {cache}\r\n\
Content-Security-Policy: {CSP}\r\nX-Content-Type-Options: nosniff\r\n\r\n",
        body.len()
    );
    out.write_all(head.as_bytes())?;
    if method != "HEAD" {
        out.write_all(body)?;
    }
    out.flush()
}
