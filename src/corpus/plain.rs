//! Parser for any other text file: title = first non-empty line, the whole text as one passage.

use crate::chapter::{Chapter, Format, Note};

pub fn parse(path: &str, text: &str) -> Chapter {
    let mut chapter = Chapter::new(path, Format::Plain);
    let text = text.replace("\r\n", "\n").replace('\u{a0}', " ");
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    if let Some((_, first)) = lines.next() {
        chapter.title = first.trim().to_string();
    }
    if let Some((i, _)) = text.lines().enumerate().find(|(_, l)| !l.trim().is_empty()) {
        let body = text.trim();
        if !body.is_empty() {
            chapter.notes.push(Note::new(None, i + 1, body));
        }
    }
    chapter
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_line_is_title_and_text_is_one_passage() {
        let c = parse("a.txt", "\n\nMy Title\r\nline two\nline three\n");
        assert_eq!(c.title, "My Title");
        assert_eq!(c.notes.len(), 1);
        assert_eq!(c.notes[0].line, 3);
        assert_eq!(c.notes[0].text, "My Title\nline two\nline three");
    }

    #[test]
    fn empty_file_has_no_passage() {
        let c = parse("e.txt", "  \n");
        assert!(c.notes.is_empty());
        assert_eq!(c.title, "");
    }
}
