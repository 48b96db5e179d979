//! The local contact inbox behind `serve`: message bodies (JSON, URL-encoded and multipart
//! forms), an append-only JSON Lines file that is synced to disk before a message is
//! acknowledged, deduplication by idempotency key, and the inbox page.

pub mod body;
pub mod page;

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// One stored message: one line of the inbox file.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Record {
    /// Stable id derived from the idempotency key.
    pub id: String,
    /// The idempotency key the client sent.
    pub key: String,
    /// When the message was received, RFC 3339 UTC with milliseconds.
    pub received: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referer: Option<String>,
    /// The form fields, without the idempotency key.
    pub fields: BTreeMap<String, String>,
}

impl Record {
    /// The first non-empty field among `names`.
    pub fn field(&self, names: &[&str]) -> Option<&str> {
        names
            .iter()
            .filter_map(|n| self.fields.get(*n))
            .map(|v| v.trim())
            .find(|v| !v.is_empty())
    }
}

/// The message id for an idempotency key: stable across restarts and exports.
pub fn id_for_key(key: &str) -> String {
    crate::fsx::content_hash(key.as_bytes())
}

/// Now as RFC 3339 UTC with milliseconds.
pub fn now_rfc3339() -> String {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    chrono::DateTime::from_timestamp(d.as_secs() as i64, d.subsec_nanos())
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Reads the records of an inbox file. Returns the records in file order (the first one
/// for a repeated key), warnings about lines that were skipped, and whether the last line
/// had no line end (a write that was cut off).
pub fn parse_records(bytes: &[u8]) -> (Vec<Record>, Vec<String>, bool) {
    let mut records = Vec::new();
    let mut warnings = Vec::new();
    let mut seen = HashMap::new();
    let torn = !bytes.is_empty() && !bytes.ends_with(b"\n");
    let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    let last = lines.len() - 1;
    for (n, line) in lines.iter().enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Record>(line) {
            Ok(r) => {
                if let Some(first) = seen.get(&r.key) {
                    warnings.push(format!(
                        "line {}: key already stored at line {first}, ignored",
                        n + 1
                    ));
                    continue;
                }
                seen.insert(r.key.clone(), n + 1);
                records.push(r);
            }
            Err(_) if torn && n == last => warnings.push(format!(
                "line {}: ignoring a torn last line ({} bytes, a write that was cut off before it was acknowledged)",
                n + 1,
                line.len()
            )),
            Err(e) => warnings.push(format!("line {}: not a valid record, ignored ({e})", n + 1)),
        }
    }
    (records, warnings, torn)
}

/// What happened to a submitted message.
pub enum Outcome {
    /// Newly stored and synced to disk.
    Stored(Record),
    /// The key was already stored: the original record, nothing new written.
    Duplicate(Record),
}

/// The append-only inbox file with its key index. One lock covers the append and the index,
/// so concurrent submissions of the same key store it once.
pub struct Store {
    pub path: PathBuf,
    inner: Mutex<Inner>,
}

struct Inner {
    file: File,
    keys: HashMap<String, usize>,
    records: Vec<Record>,
    /// A write failed part-way: end the torn line before the next append.
    dirty: bool,
}

impl Store {
    /// Opens (or creates) the inbox file and reloads its keys. Returns the store and warnings
    /// about lines that were skipped.
    pub fn open(path: &Path) -> std::io::Result<(Store, Vec<String>)> {
        let existed = path.exists();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(path)?;
        if !existed {
            // Make the new directory entry durable too.
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                if let Ok(d) = File::open(dir) {
                    let _ = d.sync_all();
                }
            }
        }
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        let (records, warnings, torn) = parse_records(&bytes);
        if torn {
            // End the cut-off line so the next record starts on a line of its own.
            file.write_all(b"\n")?;
            file.sync_data()?;
        }
        let keys = records
            .iter()
            .enumerate()
            .map(|(i, r)| (r.key.clone(), i))
            .collect();
        Ok((
            Store {
                path: path.to_path_buf(),
                inner: Mutex::new(Inner {
                    file,
                    keys,
                    records,
                    dirty: false,
                }),
            },
            warnings,
        ))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Stores the message unless its key is already stored. The record is written and synced
    /// (`sync_data`) before this returns `Stored`.
    pub fn submit(
        &self,
        key: &str,
        make: impl FnOnce(String) -> Record,
    ) -> std::io::Result<Outcome> {
        let mut g = self.lock();
        if let Some(&i) = g.keys.get(key) {
            return Ok(Outcome::Duplicate(g.records[i].clone()));
        }
        if g.dirty {
            g.file.write_all(b"\n")?;
            g.file.sync_data()?;
            g.dirty = false;
        }
        let record = make(id_for_key(key));
        let mut line = serde_json::to_vec(&record)?;
        line.push(b'\n');
        let written = g.file.write_all(&line).and_then(|()| g.file.sync_data());
        if let Err(e) = written {
            g.dirty = true;
            return Err(e);
        }
        let i = g.records.len();
        g.keys.insert(key.to_string(), i);
        g.records.push(record.clone());
        Ok(Outcome::Stored(record))
    }

    /// All records, newest first.
    pub fn newest_first(&self) -> Vec<Record> {
        let g = self.lock();
        g.records.iter().rev().cloned().collect()
    }

    pub fn len(&self) -> usize {
        self.lock().records.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(key: &str) -> Record {
        Record {
            id: id_for_key(key),
            key: key.into(),
            received: "2026-01-01T00:00:00.000Z".into(),
            content_type: None,
            user_agent: None,
            referer: None,
            fields: BTreeMap::from([("message".into(), "hi".into())]),
        }
    }

    #[test]
    fn torn_last_line_is_ignored_and_repeated_keys_keep_the_first() {
        let mut text = Vec::new();
        for k in ["a", "b", "a"] {
            text.extend(serde_json::to_vec(&rec(k)).unwrap());
            text.push(b'\n');
        }
        text.extend(b"{\"id\":\"x\",\"ke");
        let (records, warnings, torn) = parse_records(&text);
        assert!(torn);
        assert_eq!(records.len(), 2);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[1].contains("torn last line"), "{warnings:?}");
    }

    #[test]
    fn store_dedupes_and_reloads() {
        let dir = std::env::temp_dir().join(format!("shop-answers-store-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("inbox.jsonl");
        let (s, w) = Store::open(&path).unwrap();
        assert!(w.is_empty());
        assert!(matches!(
            s.submit("k1", |_| rec("k1")).unwrap(),
            Outcome::Stored(_)
        ));
        assert!(matches!(
            s.submit("k1", |_| rec("k1")).unwrap(),
            Outcome::Duplicate(_)
        ));
        drop(s);
        // A torn write after the good line.
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(b"{\"id\":").unwrap();
        drop(f);
        let (s, w) = Store::open(&path).unwrap();
        assert_eq!(w.len(), 1);
        assert!(matches!(
            s.submit("k1", |_| rec("k1")).unwrap(),
            Outcome::Duplicate(_)
        ));
        assert!(matches!(
            s.submit("k2", |_| rec("k2")).unwrap(),
            Outcome::Stored(_)
        ));
        drop(s);
        let (s, _) = Store::open(&path).unwrap();
        assert_eq!(s.len(), 2);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
