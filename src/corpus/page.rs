//! Parser for publisher chapter pages saved as text (SpringerLink-like and other publishers).

use crate::chapter::{Chapter, Format};

/// Does this text look like a saved chapter page (a notes/references heading followed by numbered notes)?
pub fn looks_like_page(_text: &str) -> bool {
    false
}

pub fn parse(path: &str, _text: &str) -> Chapter {
    Chapter::new(path, Format::Page)
}
