//! Source bytes → text, as shops save them: a UTF-8 byte-order mark (Excel's "CSV UTF-8",
//! Notepad) is dropped, and a file in another encoding is refused at the line and column of
//! its first bad byte, naming the encoding it looks like, because "must be UTF-8" at 1:1
//! leaves the owner guessing which program and which setting.

use super::Diagnostic;
use std::path::Path;

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The text of a source file, or the diagnostic that says why it is not UTF-8.
pub(super) fn decode(file: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let utf16 = bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF")
        || bytes.iter().take(64).any(|&b| b == 0);
    if utf16 {
        return Err(Diagnostic::error(
            file,
            "",
            0,
            "this file is UTF-16 (or another two-byte encoding), not UTF-8",
        )
        .hint("save it as UTF-8: in Excel \"CSV UTF-8\", in a text editor the UTF-8 encoding"));
    }
    match std::str::from_utf8(bytes) {
        Ok(t) => Ok(t.to_string()),
        Err(e) => {
            let at = e.valid_up_to();
            // The valid prefix locates the byte; the rest only names the encoding.
            let prefix = std::str::from_utf8(&bytes[..at]).unwrap_or("");
            let bad = bytes[at];
            let guess = if bytes[at..].iter().any(|b| (0x80..0xA0).contains(b)) {
                "Windows-1252"
            } else {
                "Latin-1 (ISO-8859-1) or Windows-1252"
            };
            Err(Diagnostic::error(
                file,
                prefix,
                at,
                format!("byte 0x{bad:02X} is not UTF-8; the file looks like {guess}"),
            )
            .hint(
                "save it as UTF-8 (Excel: \"CSV UTF-8\"; iconv -f WINDOWS-1252 -t UTF-8 in.csv > out.csv)",
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_dropped_and_bad_bytes_are_located() {
        let f = Path::new("f.csv");
        assert_eq!(decode(f, b"\xEF\xBB\xBFid,q").unwrap(), "id,q");
        let d = decode(f, b"a,b\nx,caf\xE9\n").unwrap_err();
        assert_eq!((d.line, d.column), (2, 6));
        assert!(d.message.contains("Latin-1"), "{}", d.message);
        let d = decode(f, b"\xFF\xFEi\0d\0").unwrap_err();
        assert!(d.message.contains("UTF-16"));
    }
}
