//! Output: search results, index summaries and parsed chapters, for a terminal (with or without
//! colour) or as JSON.

use std::borrow::Cow;
use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use crate::chapter::Chapter;
use crate::citation;
use crate::index::IndexReport;
use crate::search::{Hit, Results};

/// Styles for the terminal; all plain when colour is off.
struct Palette {
    path: Style,
    line: Style,
    label: Style,
    matched: Style,
    dim: Style,
    color: bool,
}

impl Palette {
    fn new(color: bool) -> Palette {
        if !color {
            let plain = Style::new();
            return Palette {
                path: plain,
                line: plain,
                label: plain,
                matched: plain,
                dim: plain,
                color,
            };
        }
        Palette {
            path: AnsiColor::Magenta.on_default(),
            line: AnsiColor::Green.on_default(),
            label: Style::new().bold(),
            matched: AnsiColor::Red.on_default().bold(),
            dim: Style::new().dimmed(),
            color,
        }
    }

    fn paint(&self, style: Style, text: &str) -> String {
        let text = visible(text);
        if self.color {
            format!("{style}{text}{style:#}")
        } else {
            text.into_owned()
        }
    }
}

/// A control character as something a terminal shows rather than obeys: a saved page may hold
/// escape sequences (`ESC [2J` clears the screen, `ESC ]0;…` retitles the window). C0 controls
/// become their Unicode control pictures (`␛`), DEL `␡`, C1 controls `�`; tab and newline stay,
/// other line and page breaks become spaces.
/// One character for one, so highlight offsets (counted in characters) still fit.
fn visible_char(c: char) -> char {
    match c {
        '\t' | '\n' => c,
        // Carriage return, vertical tab, form feed, NEL: spacing, as they were to the snippet.
        '\r' | '\u{b}' | '\u{c}' | '\u{85}' => ' ',
        '\0'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        '\u{80}'..='\u{9f}' => '\u{fffd}',
        _ => c,
    }
}

/// Text from the corpus (or a file name) made safe to print on a terminal (see `visible_char`).
pub fn visible(text: &str) -> Cow<'_, str> {
    if text.chars().any(|c| visible_char(c) != c) {
        Cow::Owned(text.chars().map(visible_char).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// The snippet with its highlights marked: colour on a terminal, `**word**` without colour.
pub fn mark_snippet(snippet: &str, highlights: &[[usize; 2]], color: bool) -> String {
    let palette = Palette::new(color);
    let chars: Vec<char> = snippet.chars().map(visible_char).collect();
    let mut out = String::with_capacity(snippet.len() + highlights.len() * 8);
    let mut at = 0;
    for &[start, end] in highlights {
        let (start, end) = (start.min(chars.len()), end.min(chars.len()));
        if start < at || start >= end {
            continue;
        }
        out.extend(&chars[at..start]);
        let word: String = chars[start..end].iter().collect();
        if color {
            out.push_str(&palette.paint(palette.matched, &word));
        } else {
            out.push_str("**");
            out.push_str(&word);
            out.push_str("**");
        }
        at = end;
    }
    out.extend(&chars[at..]);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn write_hit(out: &mut impl Write, hit: &Hit, p: &Palette) -> io::Result<()> {
    let passage = &hit.passage;
    let which = match (passage.kind.as_str(), passage.note) {
        ("abstract", _) => "abstract".to_string(),
        (_, Some(n)) => format!("note {n}"),
        _ => "passage".to_string(),
    };
    writeln!(
        out,
        "{:>2}. {}:{}  {}  {}",
        hit.rank,
        p.paint(p.path, &passage.path),
        p.paint(p.line, &passage.line.to_string()),
        p.paint(p.label, &which),
        p.paint(p.dim, &format!("score {:.2}", hit.score)),
    )?;
    let mut chapter = passage.chapter.title.clone();
    if let Some(y) = passage.chapter.year {
        chapter.push_str(&format!(" ({y})"));
    }
    if !passage.chapter.authors.is_empty() {
        chapter = format!("{} — {}", passage.chapter.authors.join("; "), chapter);
    }
    writeln!(out, "    {}", p.paint(p.dim, &chapter))?;
    for c in passage.citations.iter().take(3) {
        writeln!(out, "    ↳ {}", visible(&citation::one_line(c)))?;
    }
    writeln!(
        out,
        "    {}",
        mark_snippet(&hit.snippet, &hit.highlights, p.color)
    )?;
    Ok(())
}

/// Print search results for a terminal.
pub fn results_text(out: &mut impl Write, results: &Results, color: bool) -> io::Result<()> {
    let p = Palette::new(color);
    for hit in &results.hits {
        write_hit(out, hit, &p)?;
        writeln!(out)?;
    }
    let shown = results.hits.len();
    let noun = if results.total == 1 {
        "passage"
    } else {
        "passages"
    };
    if results.total == 0 {
        writeln!(out, "no matching passages")?;
    } else {
        writeln!(out, "{shown} of {} matching {noun} shown", results.total)?;
    }
    let f = &results.facets;
    if !f.author.is_empty() || !f.year.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", p.paint(p.label, "Cited authors"))?;
        for a in f.author.iter().take(20) {
            writeln!(out, "  {:>5}  {}", a.count, visible(&a.value))?;
        }
        if f.author.len() > 20 {
            writeln!(out, "  … {} more", f.author.len() - 20)?;
        }
        writeln!(out, "{}", p.paint(p.label, "Years"))?;
        for y in f.year.iter().take(20) {
            writeln!(out, "  {:>5}  {}", y.count, y.value)?;
        }
        if f.year.len() > 20 {
            writeln!(out, "  … {} more", f.year.len() - 20)?;
        }
    }
    Ok(())
}

/// Print any serialisable value as one line of JSON.
pub fn json_line(out: &mut impl Write, value: &impl serde::Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(|e| match e.io_error_kind() {
        // Keep the kind (a closed pipe stays a closed pipe).
        Some(kind) => io::Error::new(kind, e),
        None => io::Error::other(e),
    })?;
    writeln!(out)
}

/// The one-line summary of an indexing run.
pub fn index_summary(report: &IndexReport) -> String {
    // `files` counts every file met, skipped ones included.
    let skipped = report.skipped.len();
    let files = if skipped == 0 {
        format!("{}", report.files)
    } else {
        format!(
            "{} of {}",
            report.files.saturating_sub(skipped),
            report.files
        )
    };
    let mut s = format!(
        "indexed {files} files: {} chapters, {} notes, {} abstracts (added {}, updated {}, removed {}, unchanged {})",
        report.chapters,
        report.notes,
        report.abstracts,
        report.added,
        report.updated,
        report.removed,
        report.unchanged,
    );
    if skipped > 0 {
        s.push_str(&format!(", skipped {skipped}"));
    }
    s.push_str(&format!(" in {:.2} s", report.seconds));
    s
}

/// Print a parsed chapter for a person.
pub fn chapter_text(out: &mut impl Write, c: &Chapter) -> io::Result<()> {
    writeln!(out, "{}  ({})", visible(&c.path), c.format.as_str())?;
    let field = |out: &mut dyn Write, name: &str, value: Option<String>| -> io::Result<()> {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            writeln!(out, "  {name:<10} {}", visible(&v))?;
        }
        Ok(())
    };
    field(out, "title", Some(c.title.clone()))?;
    field(out, "book", c.book.clone())?;
    field(out, "authors", Some(c.authors.join("; ")))?;
    field(out, "editors", Some(c.editors.join("; ")))?;
    field(out, "year", c.year.map(|y| y.to_string()))?;
    field(out, "publisher", c.publisher.clone())?;
    field(out, "doi", c.doi.clone())?;
    for w in &c.warnings {
        writeln!(out, "  warning    {}", visible(w))?;
    }
    if let Some(a) = &c.abstract_text {
        let line = c
            .abstract_line
            .map_or(String::new(), |l| format!(" (line {l})"));
        writeln!(out, "  abstract{line}:")?;
        writeln!(out, "    {}", visible(a))?;
    }
    writeln!(out, "  notes: {}", c.notes.len())?;
    for n in &c.notes {
        let number = n.number.map_or("-".to_string(), |n| n.to_string());
        writeln!(out, "  {number:>4}. [line {}] {}", n.line, visible(&n.text))?;
        for cit in &n.citations {
            writeln!(out, "        ↳ {}", visible(&citation::one_line(cit)))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_marks_without_color() {
        let s = mark_snippet("Nihon no Misairu Bōei", &[[17, 21]], false);
        assert_eq!(s, "Nihon no Misairu **Bōei**");
    }

    #[test]
    fn snippet_marks_with_color() {
        let s = mark_snippet("a missile b", &[[2, 9]], true);
        assert!(s.contains("\u{1b}["));
        assert!(s.contains("missile"));
        assert!(!s.contains("**"));
    }

    #[test]
    fn control_characters_from_the_corpus_are_shown_not_obeyed() {
        assert_eq!(visible("plain Bōei"), Cow::Borrowed("plain Bōei"));
        assert_eq!(
            visible("a\u{1b}[2Jb\u{7}\tc\u{7f}\u{9b}"),
            "a␛[2Jb␇\tc␡\u{fffd}"
        );
        assert_eq!(visible("line\r\nnext\u{c}"), "line \nnext ");
        // A carriage return in a snippet is spacing, collapsed like any other.
        assert_eq!(mark_snippet("one\r\ntwo", &[[5, 8]], false), "one **two**");
        // One character for one: the highlight still lands on the word.
        let s = mark_snippet("\u{1b}[31m alliance", &[[6, 14]], false);
        assert_eq!(s, "␛[31m **alliance**");
        let p = Palette::new(true);
        let painted = p.paint(p.path, "x\u{1b}]0;t\u{7}");
        assert_eq!(painted.matches('\u{1b}').count(), 2, "{painted:?}");
    }

    #[test]
    fn snippet_ignores_bad_ranges() {
        let s = mark_snippet("abc", &[[2, 10], [0, 1]], false);
        assert_eq!(s, "ab**c**");
    }
}
