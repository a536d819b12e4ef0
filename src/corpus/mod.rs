//! Reading a corpus: decode a file, pick the parser that fits its content, and hand back a Chapter.

pub mod html;
pub mod page;
pub mod plain;

use std::path::Path;

use crate::chapter::{Chapter, Format};

/// Why a file was not turned into a chapter.
#[derive(Debug, thiserror::Error)]
pub enum Skip {
    #[error("empty file")]
    Empty,
    #[error("binary file ({0})")]
    Binary(&'static str),
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("too large: {size} bytes (limit {limit} bytes)")]
    TooLarge { size: u64, limit: u64 },
}

/// Files above this size are skipped with a reason rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Decode bytes as UTF-8, falling back to Windows-1252 (a superset of Latin-1) with a warning.
/// Returns `Err` for content that looks binary (NUL bytes or many control characters).
pub fn decode(bytes: &[u8]) -> Result<(String, Option<String>), Skip> {
    let head = &bytes[..bytes.len().min(8192)];
    if head.starts_with(b"%PDF") {
        return Err(Skip::Binary("PDF document"));
    }
    if bytes.contains(&0) {
        return Err(Skip::Binary("contains NUL bytes"));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Skip::Empty);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_owned(), None)),
        Err(e) => {
            let controls = head
                .iter()
                .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
                .count();
            if controls * 20 > head.len().max(1) {
                return Err(Skip::Binary("mostly control bytes"));
            }
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            let warning = format!(
                "not valid UTF-8 (first bad byte at offset {}); decoded as Windows-1252",
                e.valid_up_to()
            );
            Ok((text.into_owned(), Some(warning)))
        }
    }
}

/// Choose a format from the content first, the extension second (never the file name itself).
pub fn detect(path: &Path, text: &str) -> Format {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    let head: String = text
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
    let looks_html = head.trim_start().starts_with("<!doctype html")
        || head.contains("<html")
        || (head.contains("<meta") && head.contains("citation_"))
        || matches!(ext.as_deref(), Some("html" | "htm" | "xhtml"))
            && (head.contains('<') && head.contains('>'));
    if looks_html {
        Format::Html
    } else if page::looks_like_page(text) {
        Format::Page
    } else {
        Format::Plain
    }
}

/// Parse already-decoded text with the parser its content calls for, then extract citations.
pub fn parse_text(path: &Path, display: &str, text: &str) -> Chapter {
    let mut chapter = match detect(path, text) {
        Format::Html => html::parse(display, text),
        Format::Page => page::parse(display, text),
        Format::Plain => plain::parse(display, text),
    };
    crate::citation::annotate(&mut chapter);
    chapter
}

/// Read, decode and parse one file. `display` is the path recorded in the chapter.
pub fn parse_file(path: &Path, display: &str) -> Result<Chapter, Skip> {
    let size = std::fs::metadata(path)?.len();
    if size > MAX_FILE_BYTES {
        return Err(Skip::TooLarge {
            size,
            limit: MAX_FILE_BYTES,
        });
    }
    let bytes = std::fs::read(path)?;
    let (text, warning) = decode(&bytes)?;
    let mut chapter = parse_text(path, display, &text);
    if let Some(w) = warning {
        chapter.warnings.insert(0, w);
    }
    Ok(chapter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_rejects_nul_and_pdf() {
        assert!(matches!(decode(b"ab\0cd"), Err(Skip::Binary(_))));
        assert!(matches!(decode(b"%PDF-1.7\n..."), Err(Skip::Binary(_))));
    }

    #[test]
    fn decode_falls_back_to_windows_1252() {
        let (text, warning) = decode(b"Bo\xEBi caf\xE9").unwrap();
        assert_eq!(text, "Boëi café");
        assert!(warning.unwrap().contains("Windows-1252"));
    }

    #[test]
    fn decode_rejects_empty_files() {
        assert!(matches!(decode(b""), Err(Skip::Empty)));
        assert!(matches!(decode(b" \n\r\n"), Err(Skip::Empty)));
    }

    #[test]
    fn decode_strips_bom() {
        let (text, warning) = decode("\u{feff}Title".as_bytes()).unwrap();
        assert_eq!(text, "Title");
        assert!(warning.is_none());
    }

    #[test]
    fn detect_by_content_not_name() {
        let html = "<html><head><meta name=\"citation_title\" content=\"X\"></head></html>";
        assert_eq!(detect(Path::new("notes.txt"), html), Format::Html);
        assert_eq!(detect(Path::new("page.html"), "just words"), Format::Plain);
    }
}
