//! CSV and TSV FAQ exports: a header row naming the columns, then one entry per record.
//!
//! Columns (case-insensitive, any order): `question` and `answer` (required), `id`, `tags`,
//! `alternatives`, `pages`, `skus`, `handles`, `collections`, `product_tags`. List cells
//! separate items with `|` (or `;`). Quoting follows RFC 4180: `"…"` with `""` for a quote,
//! line breaks allowed inside quotes; TSV may quote the same way.

use super::{add_entry, to_answer, Diagnostic, ScopeToml, Sources};
use std::path::Path;

/// One parsed cell: its text and the byte offset where it starts in the file.
struct Cell {
    text: String,
    at: usize,
}

/// Splits `text` into records of cells. Returns an error offset for an unclosed quote.
fn records(text: &str, delim: char) -> Result<Vec<Vec<Cell>>, (usize, &'static str)> {
    let mut out = Vec::new();
    let mut record: Vec<Cell> = Vec::new();
    let mut cell = String::new();
    let mut cell_at = 0usize;
    let mut quoted = false;
    let mut quote_open_at = 0usize;
    let mut chars = text.char_indices().peekable();
    let mut at_cell_start = true;
    while let Some((i, c)) = chars.next() {
        if at_cell_start {
            cell_at = i;
            at_cell_start = false;
            if c == '"' {
                quoted = true;
                quote_open_at = i;
                continue;
            }
        }
        if quoted {
            if c == '"' {
                if chars.peek().map(|&(_, n)| n) == Some('"') {
                    chars.next();
                    cell.push('"');
                } else {
                    quoted = false;
                }
            } else {
                cell.push(c);
            }
            continue;
        }
        if c == delim {
            record.push(Cell {
                text: std::mem::take(&mut cell),
                at: cell_at,
            });
            at_cell_start = true;
        } else if c == '\n' || c == '\r' {
            if c == '\r' && chars.peek().map(|&(_, n)| n) == Some('\n') {
                chars.next();
            }
            record.push(Cell {
                text: std::mem::take(&mut cell),
                at: cell_at,
            });
            if !(record.len() == 1 && record[0].text.is_empty()) {
                out.push(std::mem::take(&mut record));
            }
            record.clear();
            at_cell_start = true;
        } else {
            cell.push(c);
        }
    }
    if quoted {
        return Err((quote_open_at, "quoted cell is never closed"));
    }
    if !at_cell_start || !record.is_empty() {
        record.push(Cell {
            text: cell,
            at: cell_at,
        });
        if !(record.len() == 1 && record[0].text.is_empty()) {
            out.push(record);
        }
    }
    Ok(out)
}

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

fn list(cell: Option<&Cell>) -> Vec<String> {
    cell.map(|c| {
        c.text
            .split(['|', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    })
    .unwrap_or_default()
}

/// Reads a CSV (`delim = ','`) or TSV (`'\t'`) file of entries.
pub(super) fn read(s: &mut Sources, file: &Path, text: &str, delim: char) {
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
        return;
    };
    let mut cols: Vec<Option<usize>> = vec![None; COLUMNS.len()];
    for (i, h) in header.iter().enumerate() {
        let name = h.text.trim().to_ascii_lowercase();
        match COLUMNS.iter().position(|c| *c == name) {
            Some(k) => cols[k] = Some(i),
            None => s.diagnostics.push(
                Diagnostic::error(
                    file,
                    text,
                    h.at,
                    format!("unknown column `{}`", h.text.trim()),
                )
                .hint(format!("known columns: {}", COLUMNS.join(", "))),
            ),
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
        let id = cell("id")
            .map(|c| c.text.trim().to_string())
            .filter(|t| !t.is_empty());
        let scope = ScopeToml {
            pages: list(cell("pages")),
            skus: list(cell("skus")),
            handles: list(cell("handles")),
            collections: list(cell("collections")),
            product_tags: list(cell("product_tags")),
        };
        add_entry(
            s,
            file,
            text,
            at,
            line,
            id,
            question,
            list(cell("alternatives")),
            list(cell("tags")),
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
        let r = records("a,b\n\"x, y\",\"say \"\"hi\"\"\nthere\"\r\nlast,\n", ',').unwrap();
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
        assert!(records("a\n\"open", ',').is_err());
        let t = records("q\ta\nx\ty", '\t').unwrap();
        assert_eq!(t[1][1].text, "y");
    }
}
