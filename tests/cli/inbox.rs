//! The local contact inbox of `serve`: a real server on port 0 in a child process, spoken to
//! with a tiny HTTP/1.1 client over std TcpStream.

use super::{cli, root, tmpdir};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// A running `shop-answers serve`, killed on drop.
struct Server {
    child: Child,
    /// Kept open: the server's stdout is never a closed pipe.
    _stdout: BufReader<std::process::ChildStdout>,
    addr: String,
    stderr: PathBuf,
}

impl Server {
    fn start(dir: &Path, inbox: &Path, extra: &[&str]) -> Server {
        let stderr = dir.join(format!("stderr-{}.txt", extra.len()));
        // serve refuses a missing folder; the inbox needs no built widget.
        let dist = dir.join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        let mut child = cli()
            .arg("serve")
            .arg(&dist)
            .args(["--www", "www/demo", "--port", "0", "--inbox"])
            .arg(inbox)
            .args(extra)
            .current_dir(root())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .spawn()
            .unwrap();
        let mut line = String::new();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        stdout.read_line(&mut line).unwrap();
        let start = line.find("http://127.0.0.1:").expect(&line) + "http://".len();
        let end = line[start..].find('/').unwrap() + start;
        Server {
            child,
            _stdout: stdout,
            addr: line[start..end].to_string(),
            stderr,
        }
    }

    fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap()
    }

    /// Kills the server at once, as a crash would.
    fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Resp {
    status: u16,
    head: String,
    body: String,
}

impl Resp {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// One request on a fresh connection; an error when the server drops the connection.
fn request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<Resp> {
    let mut s = TcpStream::connect_timeout(&addr.parse().unwrap(), Duration::from_secs(2))?;
    s.set_read_timeout(Some(Duration::from_secs(4)))?;
    s.set_write_timeout(Some(Duration::from_secs(4)))?;
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes())?;
    s.write_all(body)?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let mut text = String::from_utf8_lossy(&raw).into_owned();
    // Interim answers (100 Continue) come before the final one.
    while text.starts_with("HTTP/1.1 1") {
        let Some(i) = text.find("\r\n\r\n") else {
            break;
        };
        text.drain(..i + 4);
    }
    let Some((head, body)) = text.split_once("\r\n\r\n") else {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            format!("no response: {text:?}"),
        ));
    };
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok(Resp {
        status,
        head: head.to_string(),
        body: body.to_string(),
    })
}

fn post_json(addr: &str, key: Option<&str>, body: &serde_json::Value) -> Resp {
    let mut h = vec![("Content-Type", "application/json")];
    if let Some(k) = key {
        h.push(("Idempotency-Key", k));
    }
    request(addr, "POST", "/inbox", &h, body.to_string().as_bytes()).unwrap()
}

fn get(addr: &str, path: &str) -> Resp {
    request(addr, "GET", path, &[], b"").unwrap()
}

fn multipart(fields: &[(&str, &str)]) -> (String, Vec<u8>) {
    let b = "----shopanswers7MA4YWxk";
    let mut body = String::new();
    for (k, v) in fields {
        body.push_str(&format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
        ));
    }
    body.push_str(&format!("--{b}--\r\n"));
    (
        format!("multipart/form-data; boundary={b}"),
        body.into_bytes(),
    )
}

fn stored(inbox: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(inbox).unwrap();
    assert!(text.ends_with('\n'), "every record is a whole line");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn inbox_takes_json_form_and_multipart_and_dedupes_by_key() {
    let dir = tmpdir("inbox-post");
    let inbox = dir.join("inbox.jsonl");
    let srv = Server::start(&dir, &inbox, &[]);
    let a = srv.addr.as_str();

    let msg = serde_json::json!({
        "name": "Ann <b>Lee</b>", "email": "ann@example.com", "order_number": 1042,
        "message": "<script>alert('x')</script> where is it?"
    });
    let r = post_json(a, Some("json-1"), &msg);
    assert_eq!(r.status, 201, "{}", r.body);
    let first = r.json();
    assert_eq!(first["status"], "stored");
    let id = first["id"].as_str().unwrap().to_string();
    // A retry with the same key: the original id, nothing new stored.
    let r = post_json(a, Some("json-1"), &msg);
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["status"], "duplicate");
    assert_eq!(r.json()["id"], id.as_str());
    assert_eq!(r.header("Idempotent-Replayed"), Some("true"));

    let form = b"name=Bo+Z&message=caf%C3%A9+%26+more&product_sku=AT-100&idempotency_key=form-1";
    let form_ct = [("Content-Type", "application/x-www-form-urlencoded")];
    let r = request(a, "POST", "/inbox", &form_ct, form).unwrap();
    assert_eq!(r.status, 201, "{}", r.body);
    let r = request(a, "POST", "/inbox", &form_ct, form).unwrap();
    assert_eq!(r.json()["status"], "duplicate");

    let (ct, body) = multipart(&[
        ("name", "Cy"),
        ("message", "two\r\nlines"),
        ("idempotency_key", "multi-1"),
    ]);
    let h = [("Content-Type", ct.as_str()), ("Expect", "100-continue")];
    let r = request(a, "POST", "/inbox", &h, &body).unwrap();
    assert_eq!(r.status, 201, "{}", r.body);

    // No key: 400 with a JSON error, nothing stored.
    let r = post_json(a, None, &serde_json::json!({"message": "hi"}));
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["status"], "error");
    assert!(r.json()["error"].as_str().unwrap().contains("idempotency"));
    // Too large: 413, without reading it into the store.
    let big = format!("{{\"message\": \"{}\"}}", "a".repeat(70 * 1024));
    let h = [
        ("Content-Type", "application/json"),
        ("Idempotency-Key", "big"),
    ];
    let r = request(a, "POST", "/inbox", &h, big.as_bytes()).unwrap();
    assert_eq!(r.status, 413);
    // Other bodies.
    let h = [("Content-Type", "text/plain"), ("Idempotency-Key", "t")];
    assert_eq!(request(a, "POST", "/inbox", &h, b"hi").unwrap().status, 415);
    let h = [
        ("Content-Type", "application/json"),
        ("Idempotency-Key", "t"),
    ];
    assert_eq!(
        request(a, "POST", "/inbox", &h, b"{oops").unwrap().status,
        400
    );
    assert_eq!(request(a, "POST", "/inbox", &h, b"{}").unwrap().status, 400);

    // Same origin may read the answer; another origin may not post at all.
    let own = srv.origin();
    let h = [
        ("Content-Type", "application/json"),
        ("Idempotency-Key", "json-1"),
        ("Origin", own.as_str()),
    ];
    let r = request(a, "POST", "/inbox", &h, msg.to_string().as_bytes()).unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.header("Access-Control-Allow-Origin"), Some(own.as_str()));
    let h = [
        ("Content-Type", "application/json"),
        ("Idempotency-Key", "evil-1"),
        ("Origin", "https://evil.example"),
    ];
    let r = request(a, "POST", "/inbox", &h, b"{\"message\":\"x\"}").unwrap();
    assert_eq!(r.status, 403);
    assert_eq!(r.header("Access-Control-Allow-Origin"), None);
    let h = [
        ("Origin", own.as_str()),
        ("Access-Control-Request-Method", "POST"),
        (
            "Access-Control-Request-Headers",
            "content-type, idempotency-key",
        ),
    ];
    let r = request(a, "OPTIONS", "/inbox", &h, b"").unwrap();
    assert_eq!(r.status, 204);
    assert_eq!(r.header("Access-Control-Allow-Origin"), Some(own.as_str()));
    assert!(r
        .header("Access-Control-Allow-Headers")
        .unwrap()
        .contains("Idempotency-Key"));
    let h = [("Origin", "https://evil.example")];
    assert_eq!(
        request(a, "OPTIONS", "/inbox", &h, b"").unwrap().status,
        403
    );

    // One fsync'd line per unique key.
    let lines = stored(&inbox);
    let keys: Vec<&str> = lines.iter().map(|l| l["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["json-1", "form-1", "multi-1"]);
    assert_eq!(lines[0]["id"], id.as_str());
    assert_eq!(lines[0]["fields"]["order_number"], "1042");
    assert_eq!(lines[0]["content_type"], "application/json");
    assert!(lines[0]["received"].as_str().unwrap().ends_with('Z'));
    assert_eq!(lines[1]["fields"]["message"], "café & more");
    assert!(lines[1]["fields"].get("idempotency_key").is_none());
    assert_eq!(lines[2]["fields"]["message"], "two\r\nlines");
    assert_eq!(lines[2]["content_type"], "multipart/form-data");

    // The inbox page: server-rendered, escaped, newest first, under the CSP.
    let page = get(a, "/inbox");
    assert_eq!(page.status, 200);
    assert!(page
        .header("Content-Security-Policy")
        .unwrap()
        .contains("script-src 'self'"));
    assert!(!page.body.contains("<script"), "{}", page.body);
    assert!(!page.body.contains("<b>"), "{}", page.body);
    assert!(page
        .body
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(page.body.contains("Ann &lt;b&gt;Lee&lt;/b&gt;"));
    assert!(page
        .body
        .contains("<link rel=\"stylesheet\" href=\"/inbox.css\">"));
    assert!(page.body.find("Cy").unwrap() < page.body.find("Bo Z").unwrap());
    let css = get(a, "/inbox.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("Content-Type"), Some("text/css; charset=utf-8"));
    let list = get(a, "/inbox.json").json();
    assert_eq!(list["count"], 3);
    assert_eq!(list["messages"][0]["key"], "multi-1");
    // The storefront is still served.
    assert_eq!(get(a, "/").status, 200);
}

#[test]
fn dedupe_survives_a_restart_and_a_torn_last_line() {
    let dir = tmpdir("inbox-restart");
    let inbox = dir.join("inbox.jsonl");
    let srv = Server::start(&dir, &inbox, &[]);
    let msg = serde_json::json!({"message": "first"});
    assert_eq!(post_json(&srv.addr, Some("r-1"), &msg).status, 201);
    srv.kill();
    // A crash in the middle of a later write.
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&inbox)
        .unwrap();
    f.write_all(b"{\"id\":\"0000\",\"key\":\"r-2\",\"recei")
        .unwrap();
    drop(f);

    let srv = Server::start(&dir, &inbox, &["--verbose"]);
    assert!(srv.stderr().contains("torn last line"), "{}", srv.stderr());
    let r = post_json(&srv.addr, Some("r-1"), &msg);
    assert_eq!(
        (r.status, r.json()["status"].as_str()),
        (200, Some("duplicate"))
    );
    assert_eq!(post_json(&srv.addr, Some("r-2"), &msg).status, 201);
    srv.kill();
    let keys: Vec<String> = std::fs::read_to_string(&inbox)
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| v["key"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(keys, ["r-1", "r-2"]);
}

#[test]
fn every_message_is_stored_once_under_injected_faults() {
    let dir = tmpdir("inbox-faults");
    let inbox = dir.join("inbox.jsonl");
    let srv = Server::start(
        &dir,
        &inbox,
        &["--faults", "0.5", "--fault-seed", "42", "--verbose"],
    );
    let addr = srv.addr.clone();
    const MESSAGES: usize = 100;
    const THREADS: usize = 10;
    const MAX_ATTEMPTS: usize = 40;
    let deadline = Instant::now() + Duration::from_secs(15);
    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                let mut attempts = 0;
                for i in (t..MESSAGES).step_by(THREADS) {
                    let key = format!("fault-{i}");
                    let fields = [
                        ("name", format!("Shopper {i}")),
                        ("message", format!("message number {i}")),
                        ("idempotency_key", key.clone()),
                    ];
                    let (ct, body) = match i % 3 {
                        0 => (
                            "application/json".to_string(),
                            serde_json::to_vec(&HashMap::from(fields.clone())).unwrap(),
                        ),
                        1 => (
                            "application/x-www-form-urlencoded".to_string(),
                            fields
                                .iter()
                                .map(|(k, v)| format!("{k}={}", v.replace(' ', "+")))
                                .collect::<Vec<_>>()
                                .join("&")
                                .into_bytes(),
                        ),
                        _ => {
                            let f: Vec<(&str, &str)> =
                                fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                            multipart(&f)
                        }
                    };
                    let mut ok = false;
                    for _ in 0..MAX_ATTEMPTS {
                        assert!(Instant::now() < deadline, "retrying took too long");
                        attempts += 1;
                        // Same key on every retry; the header is left out on odd messages
                        // so the body field carries it.
                        let mut h = vec![("Content-Type", ct.as_str())];
                        if i % 2 == 0 {
                            h.push(("Idempotency-Key", key.as_str()));
                        }
                        match request(&addr, "POST", "/inbox", &h, &body) {
                            Ok(r) if r.status == 200 || r.status == 201 => {
                                ok = true;
                                break;
                            }
                            Ok(r) => assert_eq!(r.status, 500, "{}", r.body),
                            Err(_) => {} // dropped connection or timeout
                        }
                        std::thread::sleep(Duration::from_millis(10));
                    }
                    assert!(ok, "{key} not accepted after {MAX_ATTEMPTS} attempts");
                }
                attempts
            })
        })
        .collect();
    let attempts: usize = workers.into_iter().map(|w| w.join().unwrap()).sum();
    assert!(
        attempts > MESSAGES,
        "faults were injected ({attempts} attempts)"
    );
    let err = srv.stderr();
    for mode in [
        "500 without storing",
        "store, then 500",
        "delay",
        "drop the connection without storing",
        "store, then drop",
    ] {
        assert!(err.contains(mode), "no `{mode}` fault in {err}");
    }

    let lines = stored(&inbox);
    let mut keys: Vec<String> = lines
        .iter()
        .map(|l| l["key"].as_str().unwrap().to_string())
        .collect();
    keys.sort();
    let mut want: Vec<String> = (0..MESSAGES).map(|i| format!("fault-{i}")).collect();
    want.sort();
    assert_eq!(keys, want, "every message stored exactly once");
    for l in &lines {
        let i = &l["key"].as_str().unwrap()["fault-".len()..];
        assert_eq!(l["fields"]["message"], format!("message number {i}"));
    }
    assert_eq!(get(&srv.addr, "/inbox.json").json()["count"], MESSAGES);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn export_turns_product_questions_into_entries_check_refuses_until_answered() {
    let dir = tmpdir("inbox-export");
    let inbox = dir.join("inbox.jsonl");
    let srv = Server::start(&dir, &inbox, &[]);
    for (key, body) in [
        (
            "q-1",
            serde_json::json!({"name": "Ann", "email": "ann@example.com",
            "product_sku": "AT-100", "product_name": "Ridge Jacket",
            "message": "Does the Ridge jacket fit\nover a \"thick\" fleece?"}),
        ),
        (
            "q-2",
            serde_json::json!({"product_handle": "merino-beanie",
            "question": "Is the beanie itchy?"}),
        ),
        (
            "q-3",
            serde_json::json!({"message": "Where is my order?", "order_number": "1042"}),
        ),
    ] {
        assert_eq!(post_json(&srv.addr, Some(key), &body).status, 201);
    }
    srv.kill();

    let shop = dir.join("shop");
    copy_dir(&root().join("pkg-config"), &shop);
    let out_dir = shop.join("inbox");
    let export = || {
        let o = cli()
            .args(["inbox", "export", "--inbox"])
            .arg(&inbox)
            .arg("--out")
            .arg(&out_dir)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let said = export();
    assert!(
        said.contains("exported 2 new product question(s)"),
        "{said}"
    );
    assert!(
        said.contains("1 message(s) without a product question"),
        "{said}"
    );
    let mut files: Vec<PathBuf> = std::fs::read_dir(&out_dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 2);
    let all: String = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    assert!(
        all.contains("question = \"Does the Ridge jacket fit over a \\\"thick\\\" fleece?\""),
        "{all}"
    );
    assert!(all.contains("scope.skus = [\"AT-100\"]"), "{all}");
    assert!(all.contains("scope.handles = [\"merino-beanie\"]"), "{all}");
    assert!(all.contains("TODO: answer"), "{all}");
    assert!(
        !all.contains("ann@example.com"),
        "no personal data in sources"
    );

    // Exporting again adds nothing.
    let said = export();
    assert!(
        said.contains("exported 0 new") && said.contains("2 already exported"),
        "{said}"
    );
    assert_eq!(std::fs::read_dir(&out_dir).unwrap().count(), 2);

    // Unanswered entries cannot be built by accident.
    let o = cli().arg("check").arg(&shop).output().unwrap();
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error: the entry \"Is the beanie itchy?\" has no answer"),
        "{err}"
    );
    assert_eq!(err.matches("has no answer").count(), 2, "{err}");

    // Answered, they check.
    for f in &files {
        let mut text = std::fs::read_to_string(f).unwrap();
        text.push_str("Yes, it does.\n");
        std::fs::write(f, text).unwrap();
    }
    let o = cli().arg("check").arg(&shop).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(export().contains("exported 0 new"));
}

#[test]
fn serve_refuses_a_missing_folder_and_a_second_server_on_one_inbox() {
    let dir = tmpdir("serve-refuse");
    let o = cli()
        .args(["serve", "/nonexistent", "--port", "0", "--www", "www/demo"])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("/nonexistent (the built dist folder) is not a folder"),
        "{err}"
    );
    let inbox = dir.join("inbox.jsonl");
    let _first = Server::start(&dir, &inbox, &[]);
    let o = cli()
        .arg("serve")
        .arg(dir.join("dist"))
        .args(["--www", "www/demo", "--port", "0", "--inbox"])
        .arg(&inbox)
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("another `shop-answers serve` is using the inbox"),
        "{err}"
    );
}

#[test]
fn serve_keeps_to_its_folders_takes_put_and_shows_control_characters() {
    let dir = tmpdir("serve-safe");
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("ok.txt"), "ok").unwrap();
    std::fs::write(dist.join(".env"), "SECRET=1").unwrap();
    let outside = dir.join("outside.txt");
    std::fs::write(&outside, "private").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, dist.join("leak.txt")).unwrap();
    let inbox = dir.join("inbox.jsonl");
    let srv = Server::start(&dir, &inbox, &[]);
    let a = srv.addr.as_str();
    assert_eq!(get(a, "/dist/ok.txt").status, 200);
    assert_eq!(get(a, "/dist/.env").status, 404);
    #[cfg(unix)]
    assert_eq!(get(a, "/dist/leak.txt").status, 404);
    let body = serde_json::json!({"email": "a@example.com", "message": "nul\u{0}here \u{1b}[31m"});
    let r = request(
        a,
        "PUT",
        "/inbox",
        &[
            ("Content-Type", "application/json"),
            ("Idempotency-Key", "put-1"),
        ],
        body.to_string().as_bytes(),
    )
    .unwrap();
    assert_eq!(r.status, 201, "{}", r.body);
    let page = get(a, "/inbox").body;
    assert!(
        !page.contains('\u{0}') && !page.contains('\u{1b}'),
        "{page}"
    );
    assert!(page.contains("nul\u{2400}here \u{241b}[31m"), "{page}");
}

/// One GET with `headers`, the response's head and its raw body bytes.
fn get_raw(addr: &str, path: &str, headers: &[(&str, &str)]) -> (String, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head")
        + 4;
    (
        String::from_utf8_lossy(&raw[..split]).into_owned(),
        raw[split..].to_vec(),
    )
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

#[test]
fn serve_compresses_and_revalidates_as_a_cdn_does() {
    let dir = tmpdir("serve-cdn");
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    let wasm: Vec<u8> = (0..40_000u32)
        .map(|i| (i % 251) as u8 ^ (i / 97) as u8)
        .collect();
    std::fs::write(dist.join("widget.0123456789ab.wasm"), &wasm).unwrap();
    let js = "export function answer(q) { return q; }\n".repeat(200);
    std::fs::write(dist.join("shop-answers.js"), &js).unwrap();
    std::fs::write(dist.join("tiny.js"), "x").unwrap();
    let srv = Server::start(&dir, &dir.join("inbox.jsonl"), &[]);
    let a = srv.addr.as_str();

    // Brotli where the client takes it, with the type, immutable caching and its own validator.
    let (head, body) = get_raw(
        a,
        "/dist/widget.0123456789ab.wasm",
        &[("Accept-Encoding", "gzip, deflate, br")],
    );
    assert_eq!(header(&head, "content-encoding"), Some("br"), "{head}");
    assert_eq!(header(&head, "content-type"), Some("application/wasm"));
    assert_eq!(header(&head, "vary"), Some("Accept-Encoding"));
    assert_eq!(
        header(&head, "cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    let mut plain = Vec::new();
    brotli::BrotliDecompress(&mut &body[..], &mut plain).unwrap();
    assert_eq!(plain, wasm);
    assert!(
        body.len() < wasm.len() / 2,
        "{} of {}",
        body.len(),
        wasm.len()
    );
    let br_tag = header(&head, "etag").unwrap().to_string();
    assert!(br_tag.ends_with("-br\""), "{br_tag}");

    // gzip when brotli is refused; identity without Accept-Encoding; tiny files as they are.
    let (head, body) = get_raw(
        a,
        "/dist/shop-answers.js",
        &[("Accept-Encoding", "br;q=0, gzip")],
    );
    assert_eq!(header(&head, "content-encoding"), Some("gzip"), "{head}");
    assert_eq!(header(&head, "cache-control"), Some("no-cache"));
    let mut text = String::new();
    flate2::read::GzDecoder::new(&body[..])
        .read_to_string(&mut text)
        .unwrap();
    assert_eq!(text, js);
    let (head, body) = get_raw(a, "/dist/shop-answers.js", &[]);
    assert_eq!(header(&head, "content-encoding"), None);
    assert_eq!(body, js.as_bytes());
    let plain_tag = header(&head, "etag").unwrap().to_string();
    let (head, _) = get_raw(a, "/dist/tiny.js", &[("Accept-Encoding", "br")]);
    assert_eq!(header(&head, "content-encoding"), None);

    // Revalidation: the validator of what was sent answers 304 with no body; another one 200.
    let (head, body) = get_raw(a, "/dist/shop-answers.js", &[("If-None-Match", &plain_tag)]);
    assert!(head.starts_with("HTTP/1.1 304 "), "{head}");
    assert!(body.is_empty());
    let (head, _) = get_raw(
        a,
        "/dist/widget.0123456789ab.wasm",
        &[("Accept-Encoding", "br"), ("If-None-Match", &br_tag)],
    );
    assert!(head.starts_with("HTTP/1.1 304 "), "{head}");
    let (head, _) = get_raw(
        a,
        "/dist/widget.0123456789ab.wasm",
        &[("Accept-Encoding", "gzip"), ("If-None-Match", &br_tag)],
    );
    assert!(
        head.starts_with("HTTP/1.1 200 "),
        "a gzip copy is another representation: {head}"
    );
}
