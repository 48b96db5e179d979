//! CSV and TSV FAQ exports: a header row naming the columns, then one entry per record.
//!
//! Columns (case-insensitive, any order): `question` and `answer` (required), `id`, `tags`,
//! `alternatives`, `pages`, `skus`, `handles`, `collections`, `product_tags` (a `scope.`
//! prefix is allowed, as the other formats spell them). List cells separate items with `|`
//! (or `;` when `;` is not the separator). Records are read by the `csv` crate (RFC 4180
//! quoting, line breaks inside quotes, short rows); the separator is `,`, `;` or tab,
//! whichever the header row uses most (European spreadsheets save with `;`), unless named.

use super::{add_entry, did_you_mean, to_answer, Diagnostic, Format, ScopeToml, Sources};
use std::path::Path;

/// One parsed cell: its text and the byte offset where it starts in the file.
struct Cell {
    text: String,
    at: usize,
}

/// The separator the header row (the first line, outside quotes) uses most; ties go to
/// the extension's own (`,` for .csv, tab for .tsv).
pub(super) fn sniff(text: &str, default: u8) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let cands = [b',', b';', b'\t'];
    let best = counts.iter().copied().max().unwrap_or(0);
    if best == 0 || counts[cands.iter().position(|&c| c == default).unwrap_or(0)] == best {
        return default;
    }
    cands[counts.iter().position(|&c| c == best).unwrap_or(0)]
}

/// Byte offsets where each cell of the record at `start` begins, and the offset of an
/// opening quote that is never closed. The `csv` crate decodes the cells but keeps no
/// offsets inside a record, and diagnostics point at the cell.
fn cell_starts(text: &str, start: usize, delim: u8) -> (Vec<usize>, Option<usize>) {
    let b = text.as_bytes();
    let mut starts = vec![start];
    let mut i = start;
    let mut at_cell_start = true;
    while i < b.len() {
        let c = b[i];
        if at_cell_start && c == b'"' {
            let open = i;
            i += 1;
            loop {
                match b.get(i) {
                    None => return (starts, Some(open)),
                    Some(b'"') if b.get(i + 1) == Some(&b'"') => i += 2,
                    Some(b'"') => {
                        i += 1;
                        break;
                    }
                    Some(_) => i += 1,
                }
            }
            at_cell_start = false;
            continue;
        }
        at_cell_start = false;
        if c == delim {
            starts.push(i + 1);
            at_cell_start = true;
        } else if c == b'\n' || c == b'\r' {
            break;
        }
        i += 1;
    }
    (starts, None)
}

/// Splits `text` into records of cells. Returns an error offset for an unclosed quote.
fn records(text: &str, delim: u8) -> Result<Vec<Vec<Cell>>, (usize, &'static str)> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    let mut rec = csv::StringRecord::new();
    loop {
        let start = rdr.position().byte() as usize;
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            // The text is valid UTF-8 and the reader is flexible: nothing else can fail.
            Err(_) => return Err((start, "unreadable record")),
        }
        // The reader skips blank lines: find where this record's text begins.
        let start =
            start + text[start..].len() - text[start..].trim_start_matches(['\r', '\n']).len();
        let (starts, open) = cell_starts(text, start, delim);
        if let Some(open) = open {
            return Err((open, "quoted cell is never closed"));
        }
        if rec.len() == 1 && rec[0].is_empty() {
            continue;
        }
        out.push(
            rec.iter()
                .enumerate()
                .map(|(i, t)| Cell {
                    text: t.to_string(),
                    at: starts.get(i).copied().unwrap_or(start),
                })
                .collect(),
        );
    }
    Ok(out)
}

/// The columns, in the order of the entry keys the other formats use.
const COLUMNS: &[&str] = &[
    "id",
    "question",
    "answer",
    "tags",
    "alternatives",
    "pages",
    "skus",
    "handles",
    "collections",
    "product_tags",
];

fn list(cell: Option<&Cell>, delim: u8) -> Vec<String> {
    let seps: &[char] = if delim == b';' { &['|'] } else { &['|', ';'] };
    cell.map(|c| {
        c.text
            .split(seps)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    })
    .unwrap_or_default()
}

/// Reads a CSV or TSV file of entries; `delim` is the separator to use, else sniffed with
/// `default` winning ties.
pub(super) fn read(s: &mut Sources, file: &Path, text: &str, delim: Option<u8>, default: u8) {
    let delim = delim.unwrap_or_else(|| sniff(text, default));
    let recs = match records(text, delim) {
        Ok(r) => r,
        Err((at, msg)) => {
            s.diagnostics.push(
                Diagnostic::error(file, text, at, msg)
                    .hint("close the quote; a quote inside a quoted cell is written twice: \"\""),
            );
            return;
        }
    };
    let Some((header, rows)) = recs.split_first() else {
        s.diagnostics.push(
            Diagnostic::warning(file, text, 0, "empty file: no entries")
                .hint("the first row names the columns (question,answer,…), then one row per entry; or delete the file"),
        );
        return;
    };
    let mut cols: Vec<Option<usize>> = vec![None; COLUMNS.len()];
    let mut bad_header = false;
    for (i, h) in header.iter().enumerate() {
        let name = h.text.trim().to_ascii_lowercase();
        let name = name.strip_prefix("scope.").unwrap_or(&name);
        match COLUMNS.iter().position(|c| *c == name) {
            Some(k) if cols[k].is_some() => {
                bad_header = true;
                s.diagnostics.push(
                    Diagnostic::error(
                        file,
                        text,
                        h.at,
                        format!("duplicate column `{}`", h.text.trim()),
                    )
                    .hint(format!(
                        "column {} is `{name}` too; keep one of them",
                        cols[k].unwrap_or(0) + 1
                    )),
                );
            }
            Some(k) => cols[k] = Some(i),
            None => {
                let hint = match did_you_mean(name, COLUMNS) {
                    Some(n) => format!("did you mean `{n}`? known columns: {}", COLUMNS.join(", ")),
                    None if [';', ',', '\t'].iter().any(|c| name.contains(*c)) => format!(
                        "the separator looks wrong for this header: pass --delimiter with the one the file uses (known columns: {})",
                        COLUMNS.join(", ")
                    ),
                    None => format!("known columns: {}", COLUMNS.join(", ")),
                };
                s.diagnostics.push(
                    Diagnostic::error(
                        file,
                        text,
                        h.at,
                        format!("unknown column `{}`", h.text.trim()),
                    )
                    .hint(hint),
                );
            }
        }
    }
    for required in ["question", "answer"] {
        if cols[COLUMNS.iter().position(|c| *c == required).expect("listed")].is_none() {
            s.diagnostics.push(
                Diagnostic::error(file, text, 0, format!("no `{required}` column"))
                    .hint("the first row names the columns, e.g. question,answer,tags"),
            );
            return;
        }
    }
    if bad_header {
        return;
    }
    if rows.is_empty() {
        s.diagnostics.push(
            Diagnostic::warning(file, text, header[0].at, "only a header row: no entries")
                .hint("add one row per entry below the header, or delete the file"),
        );
    }
    let get = |row: &'_ [Cell], name: &str| -> Option<usize> {
        let k = COLUMNS.iter().position(|c| *c == name).expect("listed");
        cols[k].filter(|&i| i < row.len())
    };
    // Rows come in file order: their lines are counted on from the previous row's, so a large
    // export is read in one pass (counting from the top for every row was quadratic).
    let (mut line, mut line_at) = (1usize, 0usize);
    for row in rows {
        let at = row[0].at;
        line += text.as_bytes()[line_at.min(at)..at]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        line_at = line_at.max(at);
        if row.len() > header.len() {
            s.diagnostics.push(
                Diagnostic::error(
                    file,
                    text,
                    row[header.len()].at,
                    format!("{} cells in a row of {} columns", row.len(), header.len()),
                )
                .hint("quote cells that contain the separator"),
            );
            continue;
        }
        let cell = |name: &str| get(row, name).map(|i| &row[i]);
        let question = cell("question").map(|c| c.text.clone()).unwrap_or_default();
        let answer_md = cell("answer").map(|c| c.text.clone()).unwrap_or_default();
        let (answer, issues) = to_answer(&answer_md);
        let answer_at = cell("answer").map_or(at, |c| c.at);
        for is in issues
            .into_iter()
            .filter(|i| !i.message.starts_with("raw HTML"))
        {
            s.diagnostics
                .push(Diagnostic::error(file, text, answer_at, is.message).hint(is.hint));
        }
        // A blank id cell is a row without an id, as a blank spreadsheet cell means.
        let id = cell("id")
            .map(|c| c.text.trim().to_string())
            .filter(|t| !t.is_empty());
        let scope = ScopeToml {
            pages: list(cell("pages"), delim),
            skus: list(cell("skus"), delim),
            handles: list(cell("handles"), delim),
            collections: list(cell("collections"), delim),
            product_tags: list(cell("product_tags"), delim),
        };
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        add_entry(
            s,
            &super::Origin {
                file,
                text,
                at,
                line,
                span: at..end,
                format: Format::Csv,
            },
            id,
            question,
            list(cell("alternatives"), delim),
            list(cell("tags"), delim),
            answer,
            scope,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_cells_with_separators_quotes_and_newlines() {
        let r = records("a,b\n\"x, y\",\"say \"\"hi\"\"\nthere\"\r\nlast,\n", b',').unwrap();
        let t: Vec<Vec<&str>> = r
            .iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect();
        assert_eq!(
            t,
            vec![
                vec!["a", "b"],
                vec!["x, y", "say \"hi\"\nthere"],
                vec!["last", ""]
            ]
        );
        assert_eq!(r[1][1].at, 11);
        assert!(records("a\n\"open", b',').is_err());
        let t = records("q\ta\nx\ty", b'\t').unwrap();
        assert_eq!(t[1][1].text, "y");
    }

    #[test]
    fn the_separator_is_the_one_the_header_uses() {
        assert_eq!(sniff("id;question;answer\n1;a,b;c", b','), b';');
        assert_eq!(sniff("question\tanswer\n", b','), b'\t');
        assert_eq!(sniff("question,answer\n", b'\t'), b',');
        assert_eq!(sniff("question\n", b','), b',');
        assert_eq!(sniff("\"a;b\",c\n", b','), b',');
    }
}
