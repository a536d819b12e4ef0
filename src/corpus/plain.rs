//! Parser for any other text file (reading notes in Markdown, plain text): title = first non-empty
//! line; the items of a "Notes" / "References" list (a heading such as `## Notes`, then `-`, `*` or
//! `1.` items) each become a passage, and all the other text is one passage, so nothing is lost.

use crate::chapter::{Chapter, Format, Note};

pub fn parse(path: &str, text: &str) -> Chapter {
    let mut chapter = Chapter::new(path, Format::Plain);
    let text = text.replace("\r\n", "\n").replace('\u{a0}', " ");
    let lines: Vec<&str> = text.lines().collect();
    if let Some(first) = lines.iter().find(|l| !l.trim().is_empty()) {
        // A Markdown heading's `#` marks are not part of the title.
        chapter.title = first.trim().trim_start_matches('#').trim().to_string();
    }
    let items = list_items(&lines);
    // Everything outside the list items, as one passage starting at its first non-empty line.
    let mut in_item = vec![false; lines.len()];
    for item in &items {
        in_item[item.first..item.end].fill(true);
    }
    let rest: Vec<(usize, &str)> = lines
        .iter()
        .enumerate()
        .filter(|&(i, _)| !in_item[i])
        .map(|(i, l)| (i, *l))
        .collect();
    let start = rest.iter().position(|(_, l)| !l.trim().is_empty());
    let stop = rest.iter().rposition(|(_, l)| !l.trim().is_empty());
    if let (Some(start), Some(stop)) = (start, stop) {
        let body: Vec<&str> = rest[start..=stop].iter().map(|&(_, l)| l).collect();
        chapter
            .notes
            .push(Note::new(None, rest[start].0 + 1, body.join("\n").trim()));
    }
    for item in items {
        let text = lines[item.first..item.end]
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let (number, body) = item_body(&text);
        chapter.notes.push(Note::new(number, item.first + 1, body));
    }
    chapter
}

/// One list item: its lines `first..end` (continuation lines included).
struct Item {
    first: usize,
    end: usize,
}

/// The items of every notes / references list: under a heading that names one (`## Notes`,
/// `References`), each line opening with `-`, `*`, `+` or `1.`, with the indented lines after it.
/// A list ends at the next heading or at unindented text that is not an item.
fn list_items(lines: &[&str]) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    let mut in_list = false;
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        if let Some(heading) = t.strip_prefix('#') {
            in_list = super::page::is_list_heading(heading.trim_start_matches('#').trim());
            continue;
        }
        if super::page::is_list_heading(t) {
            in_list = true;
            continue;
        }
        if !in_list || t.is_empty() {
            continue;
        }
        if item_marker(t).is_some() {
            items.push(Item {
                first: i,
                end: i + 1,
            });
        } else if line.starts_with([' ', '\t'])
            && let Some(last) = items.last_mut()
            && last.end == i
        {
            last.end = i + 1;
        } else {
            in_list = false;
        }
    }
    items
}

/// The length of a list item's marker (`- `, `* `, `+ `, `12. `), and its number if it has one.
fn item_marker(t: &str) -> Option<(usize, Option<u32>)> {
    if let Some(rest) = t.strip_prefix(['-', '*', '+', '•'])
        && rest.starts_with(' ')
    {
        return Some((t.len() - rest.len(), None));
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let after = t.get(digits..)?;
    (1..=5)
        .contains(&digits)
        .then_some(())
        .and_then(|()| after.strip_prefix(['.', ')']))
        .filter(|rest| rest.starts_with(' '))
        .map(|_| (digits + 1, t[..digits].parse().ok()))
}

/// An item's number and its text without the marker.
fn item_body(t: &str) -> (Option<u32>, &str) {
    match item_marker(t) {
        Some((len, number)) => (number, t[len..].trim_start()),
        None => (None, t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

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

    #[test]
    fn markdown_notes_list_items_are_passages_and_the_rest_is_kept() {
        let md = "# Reading log\n\nSome prose about harbours.\n\n## Notes\n\n\
                  - Kenji Abe, Minato (Tokyo: Iwanami, 2001), p. 4.\n\
                  - Cf. Abe, Minato, p. 9.\n  continued on a second line.\n\
                  * Term: *kō* = port\n\n## Later\n\nMore prose.\n- a to-do bullet\n";
        let c = parse("r.md", md);
        assert_eq!(c.title, "Reading log");
        let texts: Vec<(usize, &str)> = c.notes.iter().map(|n| (n.line, n.text.as_str())).collect();
        assert_eq!(
            texts,
            [
                (
                    1,
                    "# Reading log\n\nSome prose about harbours.\n\n## Notes\n\n\n## Later\n\nMore prose.\n- a to-do bullet"
                ),
                (7, "Kenji Abe, Minato (Tokyo: Iwanami, 2001), p. 4."),
                (8, "Cf. Abe, Minato, p. 9. continued on a second line."),
                (10, "Term: *kō* = port"),
            ]
        );
    }

    #[test]
    fn numbered_references_keep_their_numbers_and_other_lists_stay_prose() {
        let c = parse(
            "r.txt",
            "Title\n\nReferences\n1. Abe, K. 2001. Minato.\n2) Baba, T. 2005. Umi.\n\nAfter the list.\n",
        );
        let got: Vec<(Option<u32>, &str)> = c
            .notes
            .iter()
            .map(|n| (n.number, n.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (None, "Title\n\nReferences\n\nAfter the list."),
                (Some(1), "Abe, K. 2001. Minato."),
                (Some(2), "Baba, T. 2005. Umi."),
            ]
        );
        let c = parse("s.txt", "Shopping\n\n- eggs\n- milk\n");
        assert_eq!(c.notes.len(), 1, "a list without a notes heading is prose");
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_keeps_every_word(
            lines in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(vec![
                        "## Notes", "# Title", "References", "Notes", "", "  ", "\r", "1.", "- ",
                    ]).prop_map(str::to_string),
                    proptest::string::string_regex("[ ]{0,2}([-*+•]|[0-9]{1,6}[.)])? ?[a-zé*]{0,8}( [a-z]{1,5}){0,3}")
                        .expect("regex"),
                    ".{0,20}",
                ],
                0..30,
            )
        ) {
            let text = lines.join("\n");
            let c = parse("p.md", &text);
            let lines = text.replace("\r\n", "\n").replace('\u{a0}', " ").lines().count();
            for n in &c.notes {
                proptest::prop_assert!(n.line >= 1 && n.line <= lines.max(1));
                proptest::prop_assert!(!n.text.trim().is_empty());
            }
            // Nothing is lost: every word of the file is in some passage (or is a list marker).
            let kept: String = c.notes.iter().map(|n| n.text.as_str()).collect::<Vec<_>>().join(" ");
            for word in text.split_whitespace() {
                let marker = item_marker(&format!("{word} ")).is_some();
                proptest::prop_assert!(marker || kept.contains(word), "lost {word:?}");
            }
        }
    }
}
