//! Parser for publisher chapter pages saved as text (SpringerLink-like and other publishers):
//! title, book, authors, editors, year, DOI, publisher, abstract and notes, found by content
//! (headings, markers, boilerplate) rather than by line position.

use once_cell::sync::Lazy;
use regex::Regex;

use crate::chapter::{Chapter, Format, Note};

/// A first note numbered above this is not believed to start a notes list.
const MAX_FIRST_NOTE: u32 = 20;
/// Largest accepted jump between two consecutive note numbers (a page may drop a few notes).
const MAX_NOTE_GAP: u32 = 10;
/// How many later note candidates are examined when deciding whether a jump is real.
const GAP_LOOKAHEAD: usize = 200;
/// A numbered list counts as the section's content only if it starts within this many content lines.
const MAX_PREFACE_LINES: usize = 3;
/// At most this many "Authors"-like headings are read (a page has two or three).
const MAX_AUTHOR_HEADINGS: usize = 4;
/// Author/editor sections are read for at most this many lines.
const MAX_NAME_LINES: usize = 60;
/// The abstract never runs longer than this many paragraphs (guards against full-text pages).
const MAX_ABSTRACT_PARAGRAPHS: usize = 6;

// ---------------------------------------------------------------------------------------------
// Lines and line classification
// ---------------------------------------------------------------------------------------------

/// Split text into lines (LF, CRLF, or lone-CR files), with NBSP turned into a plain space and
/// byte-order marks dropped. Index `i` is file line `i + 1`.
fn split_lines(text: &str) -> Vec<String> {
    let sep = if !text.contains('\n') && text.contains('\r') {
        '\r'
    } else {
        '\n'
    };
    text.split(sep).map(normalize_line).collect()
}

fn normalize_line(raw: &str) -> String {
    let line = raw.trim_end_matches('\r');
    if !line.contains(['\u{feff}', '\u{a0}']) {
        return line.to_string();
    }
    line.chars()
        .filter(|&c| c != '\u{feff}')
        .map(|c| if c == '\u{a0}' { ' ' } else { c })
        .collect()
}

/// A comparison key for a heading-like line: trimmed, lower-cased, inner spaces collapsed, a
/// trailing colon dropped.
fn key(line: &str) -> String {
    // Headings, markers and boilerplate are short (the longest listed is 33 bytes): a long line's
    // key keeps only its start (enough for every prefix test) and ends in a mark no listed
    // heading contains, so it equals none.
    const LONGEST: usize = 48;
    let mut out = String::with_capacity(LONGEST + 4);
    let mut cut = false;
    for word in line.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        if out.len() + word.len() > LONGEST {
            out.push('\u{1}');
            cut = true;
            break;
        }
        out.push_str(word);
    }
    if !cut {
        let trimmed = out.trim_end_matches(':').trim_end().len();
        out.truncate(trimmed);
    }
    if out.is_ascii() {
        out.make_ascii_lowercase();
        out
    } else {
        out.to_lowercase()
    }
}

/// Which kind of notes-like list a heading opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum ListKind {
    Notes,
    References,
}

const NOTES_HEADINGS: &[&str] = &[
    "notes",
    "endnotes",
    "end notes",
    "footnotes",
    "foot notes",
    "notes and references",
    "notes & references",
];

const REFERENCE_HEADINGS: &[&str] = &[
    "references",
    "bibliography",
    "works cited",
    "literature cited",
    "reference list",
    "select bibliography",
];

/// Does the line name a notes or references list ("Notes", "Endnotes", "References", …)?
pub(crate) fn is_list_heading(line: &str) -> bool {
    list_heading(line).is_some()
}

fn list_heading(line: &str) -> Option<ListKind> {
    let k = key(line);
    if NOTES_HEADINGS.contains(&k.as_str()) {
        Some(ListKind::Notes)
    } else if REFERENCE_HEADINGS.contains(&k.as_str()) {
        Some(ListKind::References)
    } else {
        None
    }
}

/// Headings and boilerplate after which a notes list (or an author/editor list) has ended.
const SECTION_ENDS: &[&str] = &[
    "download references",
    "download citation",
    "authors",
    "author information",
    "authors and affiliations",
    "editor information",
    "editors and affiliations",
    "copyright information",
    "about this chapter",
    "about this article",
    "about this book",
    "about this paper",
    "cite this chapter",
    "cite this article",
    "cite this paper",
    "cite this entry",
    "how to cite",
    "rights and permissions",
    "reprints and permissions",
    "acknowledgements",
    "acknowledgments",
    "acknowledgement",
    "acknowledgment",
    "funding",
    "ethics declarations",
    "additional information",
    "supplementary information",
    "electronic supplementary material",
    "disclosure statement",
    "notes on contributors",
    "publish with us",
    "policies and ethics",
    "share this chapter",
    "share this article",
    "keywords",
    "appendix",
    "article metrics",
    "related research",
    "people also read",
    "recommended articles",
    "cited by",
    "citations",
    "metrics",
    "back to top",
    "access this chapter",
    "access this article",
    "sections",
    "figures",
    "tables",
    "corresponding author",
    "author notes",
    "conflict of interest",
    "competing interests",
    "data availability",
    "abstract",
    "introduction",
    "conclusion",
    "conclusions",
];

fn is_section_end(line: &str) -> bool {
    let k = key(line);
    SECTION_ENDS.contains(&k.as_str()) || k.starts_with('©')
}

/// A short stand-alone line that reads like a heading ("Publish with us", "Policies and ethics").
fn is_heading_like(t: &str) -> bool {
    let t = t.trim();
    let words = t.split_whitespace().count();
    !t.is_empty()
        && words <= 6
        && t.chars().count() <= 60
        && !t.chars().any(|c| c.is_ascii_digit())
        && t.chars().next().is_some_and(char::is_uppercase)
        && !t.ends_with(['.', ',', ';', ':', '!', '?', '"', '”', '’', ')', ']'])
}

/// A numbered section heading of a full-text page ("1 Introduction", "2.3. The Debate").
fn is_numbered_heading(t: &str) -> bool {
    static RE: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+\p{Lu}").expect("valid regex"));
    RE.is_match(t)
        && t.split_whitespace().count() <= 8
        && !t.ends_with(['.', ',', ';'])
        && !t.contains(':')
}

// ---------------------------------------------------------------------------------------------
// Link residue ("Google Scholar", "[Crossref]", "Article  Google Scholar")
// ---------------------------------------------------------------------------------------------

/// Residue that never ends a real note: stripping it from a line end is safe.
const STRONG_RESIDUE: &[&str] = &[
    "search google scholar",
    "google scholar",
    "crossref",
    "pubmed central",
    "pubmed",
    "mathscinet",
    "zbmath",
    "web of science",
    "google preview",
    "openurl placeholder text",
    "openurl",
    "worldcat",
    "download references",
    "download citation",
    "view article",
    "find this resource",
    "export citation",
    "scopus",
];

/// Residue words that are removed only next to strong residue, or when they make up a whole line.
const WEAK_RESIDUE: &[&str] = &[
    "article",
    "cas",
    "search ads",
    "ads",
    "link",
    "full text",
    "find it",
];

fn is_residue_sep(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | ';' | '|' | '[' | ']' | '®' | '·' | '•')
}

/// If `s` ends with a residue token (at a word boundary), return where it starts and whether it
/// is strong residue.
fn residue_suffix(s: &str) -> Option<(usize, bool)> {
    let lists = [(STRONG_RESIDUE, true), (WEAK_RESIDUE, false)];
    for (list, strong) in lists {
        for tok in list.iter() {
            let Some(start) = s.len().checked_sub(tok.len()) else {
                continue;
            };
            let Some(tail) = s.get(start..) else {
                continue;
            };
            let boundary = s[..start]
                .chars()
                .next_back()
                .is_none_or(|c| c.is_whitespace() || matches!(c, '[' | ',' | ';' | '|' | '('));
            if boundary && tail.eq_ignore_ascii_case(tok) {
                return Some((start, strong));
            }
        }
    }
    None
}

/// Is the whole line link residue ("Google Scholar", "Article  Google Scholar", "CAS")?
fn is_residue_line(t: &str) -> bool {
    let mut rest = t.trim_end_matches(is_residue_sep);
    let mut found = false;
    while let Some((start, _)) = residue_suffix(rest) {
        found = true;
        rest = rest[..start].trim_end_matches(is_residue_sep);
    }
    found && rest.is_empty()
}

/// Remove link residue glued at the end of a note line ("…p. 66. Google Scholar").
fn strip_residue_tail(s: &str) -> &str {
    let mut rest = s;
    let mut cut = None;
    let mut strong = false;
    loop {
        let trimmed = rest.trim_end_matches(is_residue_sep);
        match residue_suffix(trimmed) {
            Some((start, is_strong)) => {
                strong |= is_strong;
                cut = Some(start);
                rest = &trimmed[..start];
            }
            None => break,
        }
    }
    match cut {
        Some(c) if strong => s[..c].trim_end().trim_end_matches(['[', '|']).trim_end(),
        _ => s,
    }
}

// ---------------------------------------------------------------------------------------------
// Note numbers
// ---------------------------------------------------------------------------------------------

/// How a list numbers its notes; a list keeps one style throughout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// `1.`
    Dot,
    /// `1)`
    Paren,
    /// `[1]`
    Bracket,
    /// `1`
    Bare,
}

/// A line that may start a note: its number, numbering style, and the text after the number.
#[derive(Debug, Clone, Copy)]
struct Candidate<'a> {
    line: usize,
    number: u32,
    style: Style,
    rest: &'a str,
}

/// Read a note number at the start of a line: `1.`, `1)`, `[1]` or `1`, followed by text or by
/// nothing (the text then follows on the next lines).
fn note_start(line: &str) -> Option<(u32, Style, &str)> {
    static RE: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r#"^\s*(?:\[(\d{1,5})\]|(\d{1,5})([.)])|(\d{1,5}))(?:\s+|$|([\p{L}“"‘(]))"#)
            .expect("valid regex")
    });
    let caps = RE.captures(line)?;
    let (digits, style) = if let Some(m) = caps.get(1) {
        (m, Style::Bracket)
    } else if let (Some(m), Some(p)) = (caps.get(2), caps.get(3)) {
        (
            m,
            if p.as_str() == "." {
                Style::Dot
            } else {
                Style::Paren
            },
        )
    } else {
        (caps.get(4)?, Style::Bare)
    };
    // A bare number must be followed by whitespace or end the line ("5 (Sept" is allowed, "5x" not).
    if style == Style::Bare && caps.get(5).is_some() {
        return None;
    }
    let number: u32 = digits.as_str().parse().ok()?;
    let rest_start = caps.get(5).map_or(caps.get(0)?.end(), |m| m.start());
    Some((number, style, line.get(rest_start..)?.trim()))
}

/// Does a later candidate fill the gap between `last` and `n`? Then `n` is a false start
/// (e.g. a continuation line beginning with a number).
fn gap_is_filled(later: &[Candidate], last: u32, n: u32, style: Style) -> bool {
    later
        .iter()
        .take(GAP_LOOKAHEAD)
        .any(|c| c.style == style && c.number > last && c.number < n)
}

/// Keep only the candidates that continue a plausible note sequence.
fn accept_sequence<'a>(cands: &[Candidate<'a>]) -> Vec<Candidate<'a>> {
    let mut accepted: Vec<Candidate<'a>> = Vec::new();
    for (k, c) in cands.iter().enumerate() {
        let ok = match accepted.last() {
            None => (1..=MAX_FIRST_NOTE).contains(&c.number),
            Some(prev) => {
                c.style == prev.style
                    && c.number > prev.number
                    && c.number <= prev.number.saturating_add(MAX_NOTE_GAP)
                    && (c.number == prev.number + 1
                        || !gap_is_filled(&cands[k + 1..], prev.number, c.number, c.style))
            }
        };
        if ok {
            accepted.push(*c);
        }
    }
    accepted
}

// ---------------------------------------------------------------------------------------------
// Notes sections
// ---------------------------------------------------------------------------------------------

/// One notes-like section: heading line index, end (exclusive), and the notes found in it.
struct Section {
    kind: ListKind,
    heading: usize,
    end: usize,
    notes: Vec<Note>,
}

/// Where a notes list that starts after `heading` ends (exclusive line index).
fn section_end(lines: &[String], heading: usize) -> usize {
    let mut prev_blank = true;
    let mut prev_number_only = false;
    for (i, line) in lines.iter().enumerate().skip(heading + 1) {
        let t = line.trim();
        if t.is_empty() {
            prev_blank = true;
            continue;
        }
        if list_heading(t).is_some() || is_section_end(t) || abstract_heading(t).is_some() {
            return i;
        }
        let start = note_start(t);
        // After a number alone on its line, even a short line ("Ibid") is that note's text.
        if prev_blank
            && !prev_number_only
            && start.is_none()
            && !is_residue_line(t)
            && is_heading_like(t)
        {
            return i;
        }
        prev_blank = false;
        prev_number_only = start.is_some_and(|(_, _, rest)| rest.is_empty());
    }
    lines.len()
}

/// Parse every notes-like section of the page.
fn parse_sections(lines: &[String]) -> Vec<Section> {
    let mut sections = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(kind) = list_heading(&lines[i]) else {
            i += 1;
            continue;
        };
        let end = section_end(lines, i);
        let notes = parse_section_body(lines, i + 1, end);
        sections.push(Section {
            kind,
            heading: i,
            end,
            notes,
        });
        i = end.max(i + 1);
    }
    sections
}

/// The notes of one section: numbered when a plausible numbered list starts near its top,
/// otherwise one unnumbered note per entry.
fn parse_section_body(lines: &[String], start: usize, end: usize) -> Vec<Note> {
    let cands: Vec<Candidate> = (start..end)
        .filter_map(|i| {
            note_start(&lines[i]).map(|(number, style, rest)| Candidate {
                line: i,
                number,
                style,
                rest,
            })
        })
        .collect();
    let accepted = accept_sequence(&cands);
    match accepted.first() {
        Some(first) if content_lines_before(lines, start, first.line) <= MAX_PREFACE_LINES => {
            numbered_notes(lines, &accepted, end)
        }
        _ => unnumbered_notes(lines, start, end),
    }
}

fn content_lines_before(lines: &[String], start: usize, stop: usize) -> usize {
    lines[start..stop]
        .iter()
        .filter(|l| !l.trim().is_empty() && !is_residue_line(l.trim()))
        .count()
}

/// Build numbered notes from accepted starts; other lines up to the next start are continuations.
fn numbered_notes(lines: &[String], starts: &[Candidate], end: usize) -> Vec<Note> {
    let mut notes = Vec::new();
    for (k, c) in starts.iter().enumerate() {
        let stop = starts.get(k + 1).map_or(end, |next| next.line);
        let mut parts: Vec<&str> = Vec::new();
        push_part(&mut parts, c.rest);
        for line in &lines[c.line + 1..stop] {
            let t = line.trim();
            if !t.is_empty() && !is_residue_line(t) {
                push_part(&mut parts, t);
            }
        }
        let text = join_parts(&parts);
        if !text.is_empty() {
            notes.push(Note::new(Some(c.number), c.line + 1, text));
        }
    }
    notes
}

fn push_part<'a>(parts: &mut Vec<&'a str>, t: &'a str) {
    let t = strip_residue_tail(t.trim()).trim();
    if !t.is_empty() {
        parts.push(t);
    }
}

fn join_parts(parts: &[&str]) -> String {
    strip_residue_tail(&parts.join(" ")).trim().to_string()
}

/// One unnumbered note per paragraph (or per bullet, or per author-date entry line).
fn unnumbered_notes(lines: &[String], start: usize, end: usize) -> Vec<Note> {
    let mut notes = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    let mut cur_line = 0;
    let mut cur_indent = 0;
    for (i, line) in lines.iter().enumerate().take(end).skip(start) {
        let t = line.trim();
        if t.is_empty() {
            flush_entry(&mut notes, &mut cur, cur_line);
            continue;
        }
        if is_residue_line(t) {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let (bullet, t) = strip_bullet(t);
        let new_entry = cur.is_empty()
            || bullet
            || (indent <= cur_indent && starts_author_date_entry(cur.last().copied(), t));
        if new_entry {
            flush_entry(&mut notes, &mut cur, cur_line);
            cur_line = i + 1;
            cur_indent = indent;
        }
        push_part(&mut cur, t);
    }
    flush_entry(&mut notes, &mut cur, cur_line);
    notes
}

fn flush_entry(notes: &mut Vec<Note>, cur: &mut Vec<&str>, line: usize) {
    let text = join_parts(cur);
    if !text.is_empty() {
        notes.push(Note::new(None, line, text));
    }
    cur.clear();
}

fn strip_bullet(t: &str) -> (bool, &str) {
    for b in ["• ", "· ", "* ", "- ", "– "] {
        if let Some(rest) = t.strip_prefix(b) {
            return (true, rest.trim_start());
        }
    }
    (false, t)
}

/// Inside a paragraph, does `line` begin a new author-date entry ("Doe, Jane. 2005. …")?
fn starts_author_date_entry(prev: Option<&str>, line: &str) -> bool {
    static AUTHOR: Lazy<Regex> = Lazy::new(|| {
        // Lowercase particles may lead ("de Vries, Mark", "van der Berg, Anna").
        Regex::new(
            r"^(?:(?:de|van|von|der|den|da|di|du|le|la|bin|al|del|dos) )*\p{Lu}[\p{L}'’\-]+, (?:\p{Lu}\p{Ll}+|\p{Lu}\.)",
        )
        .expect("valid regex")
    });
    static YEAR: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"\b(?:1[5-9]\d\d|20\d\d)[a-z]?\b|n\.d\.").expect("valid regex"));
    // A corporate or one-word author: "Boeisho. 1984.", "U.S. Department of State. 1968.",
    // "Ministry of National Defense, Republic of Korea. 1976."
    static ORG_YEAR: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^\p{Lu}[^\d]{1,100}?\. (?:1[5-9]\d\d|20\d\d)[a-z]?\. ").expect("valid regex")
    });
    let prev_ends = prev.is_some_and(|p| p.trim_end().ends_with(['.', ')', ']']));
    if !prev_ends {
        return false;
    }
    if ORG_YEAR.is_match(line) {
        return true;
    }
    if !AUTHOR.is_match(line) {
        return false;
    }
    let Some(year) = YEAR.find(line) else {
        return false;
    };
    line.find(':').is_none_or(|colon| year.start() < colon)
}

// ---------------------------------------------------------------------------------------------
// Abstract
// ---------------------------------------------------------------------------------------------

/// An "Abstract" heading: `Some("")` when alone on its line, `Some(text)` when the abstract
/// starts on the same line ("Abstract: This chapter …").
fn abstract_heading(t: &str) -> Option<&str> {
    let t = t.trim();
    if key(t) == "abstract" {
        return Some("");
    }
    let head = t.get(..8)?;
    if !head.eq_ignore_ascii_case("abstract") {
        return None;
    }
    let rest = t.get(8..)?;
    let sep_ok = rest.starts_with([':', '.', '—', '–', ' ']);
    let rest = rest
        .trim_start_matches([':', '.', '—', '–', ' '])
        .trim_start();
    let starts_upper = rest.chars().next().is_some_and(char::is_uppercase);
    (sep_ok && starts_upper && rest.chars().count() >= 40).then_some(rest)
}

/// Phrases that begin paywall/boilerplate text: the abstract ends where one appears.
const BOILERPLATE: &[&str] = &[
    "this is a preview of subscription content",
    "access this chapter",
    "access this article",
    "log in via an institution",
    "buy chapter",
    "buy article",
    "buy ebook",
    "rent this article",
    "price excludes vat",
    "price includes vat",
    "tax calculation will be finalised",
    "purchases are for personal use only",
    "institutional subscriptions",
    "unable to display preview",
    "download preview pdf",
    "download to read the full",
    "to read the full-text",
    "sign in to access",
    "you do not currently have access",
    "get access",
    "check access",
];

/// Whole lines that end the abstract.
const ABSTRACT_STOP_LINES: &[&str] = &[
    "preview",
    "chapter",
    "article",
    "ebook",
    "softcover book",
    "hardcover book",
    "subscribe",
    "purchase",
];

fn boilerplate_pos(t: &str) -> Option<usize> {
    let lower = t.to_lowercase();
    let pos = BOILERPLATE.iter().filter_map(|p| lower.find(p)).min()?;
    // `lower` may differ in byte length from `t`; map via the char count to stay on a boundary.
    let chars = lower.get(..pos)?.chars().count();
    Some(t.char_indices().nth(chars).map_or(t.len(), |(b, _)| b))
}

fn is_price_line(t: &str) -> bool {
    static RE: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^(?:USD|EUR|GBP|JPY|CHF|CAD|AUD|US\$|\$|€|£|¥)\s?\d").expect("valid regex")
    });
    RE.is_match(t)
}

fn ends_abstract(t: &str, at_paragraph_start: bool) -> bool {
    let k = key(t);
    list_heading(t).is_some()
        || is_section_end(t)
        || abstract_heading(t).is_some()
        || ABSTRACT_STOP_LINES.contains(&k.as_str())
        || k.starts_with("keywords")
        || k.starts_with("key words")
        || is_price_line(t)
        || is_numbered_heading(t)
        || (at_paragraph_start && is_heading_like(t))
}

/// The abstract after the first "Abstract" heading that has any text, and its first line (1-based).
fn find_abstract(lines: &[String]) -> Option<(String, usize)> {
    for (h, line) in lines.iter().enumerate() {
        let Some(inline) = abstract_heading(line) else {
            continue;
        };
        if let Some(found) = collect_abstract(lines, h, inline) {
            return Some(found);
        }
    }
    None
}

fn collect_abstract(lines: &[String], heading: usize, inline: &str) -> Option<(String, usize)> {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    let mut first_line = None;
    let same_line = std::iter::once((heading, inline)).filter(|(_, t)| !t.is_empty());
    let following = lines.iter().enumerate().skip(heading + 1);
    for (i, t) in same_line.chain(following.map(|(i, l)| (i, l.trim()))) {
        if t.is_empty() {
            flush_paragraph(&mut paragraphs, &mut cur);
            if paragraphs.len() >= MAX_ABSTRACT_PARAGRAPHS {
                break;
            }
            continue;
        }
        if ends_abstract(t, cur.is_empty()) {
            break;
        }
        if let Some(pos) = boilerplate_pos(t) {
            let kept = t[..pos].trim();
            if !kept.is_empty() {
                first_line.get_or_insert(i + 1);
                cur.push(kept);
            }
            break;
        }
        first_line.get_or_insert(i + 1);
        cur.push(t);
    }
    flush_paragraph(&mut paragraphs, &mut cur);
    let text = paragraphs.join("\n\n");
    (!text.is_empty()).then_some((text, first_line?))
}

fn flush_paragraph(paragraphs: &mut Vec<String>, cur: &mut Vec<&str>) {
    if !cur.is_empty() {
        paragraphs.push(cur.join(" "));
        cur.clear();
    }
}

/// Abbreviations after which a glued number is a real number ("p.3"), not a note marker.
const NUMBER_ABBREVIATIONS: &[&str] = &[
    "p", "pp", "no", "nos", "vol", "vols", "ch", "chap", "sec", "art", "fig", "n", "nn", "ed",
    "eds", "para", "col", "ser", "pt",
];

/// Remove footnote markers glued to words or sentence ends ("modern era.1 As" → "modern era. As")
/// while leaving real numbers alone ("in 1950", "Article 9", "F-35", "2002–3", "G7").
/// `max_note` is the largest note number on the page (0 when the page has no numbered notes: then
/// only markers after sentence punctuation are removed).
pub fn strip_note_markers(text: &str, max_note: u32) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        let digits: String = chars[start..i].iter().collect();
        if !is_marker(&chars, start, i, &digits, max_note) {
            out.push_str(&digits);
        }
    }
    out
}

fn is_marker(chars: &[char], start: usize, end: usize, digits: &str, max_note: u32) -> bool {
    let followed_ok = chars.get(end).is_none_or(|c| c.is_whitespace());
    if !followed_ok || digits.len() > 3 || start == 0 {
        return false;
    }
    let Ok(n) = digits.parse::<u32>() else {
        return false;
    };
    let limit = if max_note == 0 { 999 } else { max_note };
    if n == 0 || n > limit {
        return false;
    }
    let prev = chars[start - 1];
    match prev {
        '”' | '’' | '"' | '\'' | ')' | ']' => true,
        '.' | ',' | ';' => word_before_is_sentence_end(chars, start - 1, prev == '.'),
        c if c.is_alphabetic() => max_note > 0 && glued_to_word(chars, start),
        _ => false,
    }
}

/// The word before the punctuation at `punct`: a real word (not a digit, not "p"/"vol"/"no").
fn word_before_is_sentence_end(chars: &[char], punct: usize, is_period: bool) -> bool {
    let mut j = punct;
    while j > 0 && chars[j - 1].is_alphabetic() {
        j -= 1;
    }
    if j == punct {
        // No letters before the punctuation: a closing quote/paren is fine ("…”.3"), digits are not.
        return punct > 0 && matches!(chars[punct - 1], '”' | '’' | '"' | ')' | ']');
    }
    let word: String = chars[j..punct].iter().collect::<String>().to_lowercase();
    !(is_period && NUMBER_ABBREVIATIONS.contains(&word.as_str()))
}

/// A number glued to a word: the word must be at least three letters and not an acronym
/// ("Japan3" yes; "G7", "CO2", "mp3"-like short words no).
fn glued_to_word(chars: &[char], digits_start: usize) -> bool {
    let mut j = digits_start;
    while j > 0 && chars[j - 1].is_alphabetic() {
        j -= 1;
    }
    let word = &chars[j..digits_start];
    let before_ok = j == 0 || !(chars[j - 1].is_ascii_digit() || chars[j - 1] == '-');
    word.len() >= 3 && word.iter().any(|c| c.is_lowercase()) && before_ok
}

// ---------------------------------------------------------------------------------------------
// Metadata: title, book, cite line, names, year, DOI
// ---------------------------------------------------------------------------------------------

/// Navigation lines that are never the title.
const NAVIGATION: &[&str] = &[
    "skip to main content",
    "skip to content",
    "skip to navigation",
    "skip to search",
    "skip to article",
    "advertisement",
    "log in",
    "login",
    "sign in",
    "register",
    "menu",
    "search",
    "cart",
    "home",
    "springer nature link",
    "springerlink",
    "find a journal",
    "publish with us",
    "track your research",
    "close",
    "open menu",
    "download pdf",
    "download book pdf",
    "download chapter pdf",
    "view pdf",
    "sections",
    "figures",
    "references",
    "share",
    "cite",
    "open access",
    "full access",
    "permissions",
];

const NAVIGATION_PREFIXES: &[&str] = &[
    "skip to",
    "access provided by",
    "published:",
    "published online",
    "first online",
    "part of the book series",
    "accepted:",
    "received:",
    "issue date",
    "©",
];

fn is_navigation(t: &str) -> bool {
    let k = key(t);
    NAVIGATION.contains(&k.as_str())
        || NAVIGATION_PREFIXES.iter().any(|p| k.starts_with(p))
        || t.contains(" > ")
        || t.contains(" › ")
        || t.starts_with(['•', '·', '*'])
}

/// A line that could be a title: some letters, not navigation, not a marker or heading.
fn is_substantial(t: &str) -> bool {
    let t = t.trim();
    t.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !is_navigation(t)
        && marker(t).is_none()
        && list_heading(t).is_none()
        && abstract_heading(t).is_none()
        && !is_section_end(t)
        && !t.contains("doi.org/")
}

/// Where the title sits relative to a type marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TitleSide {
    /// "Title / • Chapter / Book" (SpringerLink).
    Before,
    /// "Research Article / Title" (Taylor & Francis-like).
    After,
}

/// A content-type marker line ("• Chapter", "Article", "Research Article").
fn marker(t: &str) -> Option<TitleSide> {
    let (bullet, rest) = strip_bullet(t.trim());
    let k = key(rest);
    match k.as_str() {
        "chapter" | "article" | "book chapter" | "entry" | "reference work entry" => {
            Some(TitleSide::Before)
        }
        "research article" | "original article" | "review article" | "original paper"
        | "research paper" | "conference paper" | "original research" => Some(if bullet {
            TitleSide::Before
        } else {
            TitleSide::After
        }),
        _ => None,
    }
}

/// Index of the first abstract heading, notes list holding notes, or "Cite this" heading: the
/// page header lies above it. (A table-of-contents "References" line near the top does not count.)
fn header_end(lines: &[String], sections: &[Section]) -> usize {
    let first_notes = sections
        .iter()
        .filter(|s| !s.notes.is_empty())
        .map(|s| s.heading)
        .min();
    let first_heading = lines.iter().position(|l| {
        let k = key(l);
        abstract_heading(l).is_some() || k.starts_with("cite this") || k == "download references"
    });
    [first_notes, first_heading]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(lines.len())
}

/// The title, and the book (or a journal's name, byline and year), from the page header.
fn header(lines: &[String], sections: &[Section]) -> Header {
    let end = header_end(lines, sections);
    let found = lines[..end]
        .iter()
        .enumerate()
        .find_map(|(i, l)| marker(l).map(|side| (i, side)));
    match found {
        Some((m, TitleSide::Before)) => Header {
            title: paragraph_before(lines, m).or_else(|| first_substantial(lines, 0, m)),
            book: book_after_marker(lines, m, end),
            ..Header::default()
        },
        Some((m, TitleSide::After)) => Header {
            title: first_substantial(lines, m + 1, end),
            ..Header::default()
        },
        None => match masthead(lines, end) {
            Some(head) => {
                let at = (head.end..end).find(|&i| is_substantial(&lines[i]));
                Header {
                    title: at.map(|i| lines[i].trim().to_string()),
                    authors: at.map_or_else(Vec::new, |i| byline(lines, i + 1, end)),
                    book: Some(head.journal),
                    year: head.year,
                }
            }
            None => Header {
                title: first_substantial(lines, 0, end),
                ..Header::default()
            },
        },
    }
}

/// What the page header (above the abstract or notes) says.
#[derive(Default)]
struct Header {
    title: Option<String>,
    book: Option<String>,
    /// Only from a journal article's byline (chapter pages name authors elsewhere).
    authors: Vec<String>,
    year: Option<i32>,
}

/// The byline under an article's title: the first non-blank line in `from..to`, when every
/// part of it ("Mina Park, Kenji Abe and Yu Ito") reads as a name.
fn byline(lines: &[String], from: usize, to: usize) -> Vec<String> {
    let Some(line) = lines[from..to]
        .iter()
        .map(|l| l.trim())
        .find(|l| !l.is_empty())
    else {
        return Vec::new();
    };
    let names: Vec<String> = line
        .replace(" & ", ", ")
        .replace(" and ", ", ")
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    if names.iter().all(|n| looks_like_name(n)) {
        names
    } else {
        Vec::new()
    }
}

/// A journal's masthead block at the top of a saved article: the journal's name, then a
/// "Volume 37, Issue 8, January 1992, pp. 690–727"-like line (and perhaps a DOI).
struct Masthead {
    journal: String,
    year: Option<i32>,
    /// Index of the first line after the block.
    end: usize,
}

fn masthead(lines: &[String], header_end: usize) -> Option<Masthead> {
    static ISSUE: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^(?:vol(?:ume)?\.?\s*\d+|\d+\s*\(\d+\)).*?\b((?:1[5-9]|20)\d\d)\b")
            .expect("valid regex")
    });
    let start = lines[..header_end]
        .iter()
        .position(|l| !l.trim().is_empty())?;
    let end = lines[start..header_end]
        .iter()
        .position(|l| l.trim().is_empty())
        .map_or(header_end, |n| start + n);
    let block = &lines[start..end];
    let caps = block
        .iter()
        .skip(1)
        .find_map(|l| ISSUE.captures(l.trim()))?;
    let journal = block[0].trim();
    (is_substantial(journal) && end < header_end).then(|| Masthead {
        journal: journal.to_string(),
        year: caps.get(1).and_then(|y| y.as_str().parse().ok()),
        end,
    })
}

/// The nearest block of consecutive substantial lines above `m`, joined (titles may wrap).
fn paragraph_before(lines: &[String], m: usize) -> Option<String> {
    let mut j = m;
    while j > 0 && !is_substantial(&lines[j - 1]) {
        j -= 1;
    }
    let end = j;
    while j > 0 && is_substantial(&lines[j - 1]) && end - (j - 1) <= 3 {
        j -= 1;
    }
    let parts: Vec<&str> = lines[j..end].iter().map(|l| l.trim()).collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

fn first_substantial(lines: &[String], from: usize, to: usize) -> Option<String> {
    lines
        .get(from..to)?
        .iter()
        .map(|l| l.trim())
        .find(|l| is_substantial(l))
        .map(str::to_string)
}

/// The book title on the line after a "• Chapter" marker.
fn book_after_marker(lines: &[String], m: usize, end: usize) -> Option<String> {
    let next = lines
        .get(m + 1..end)?
        .iter()
        .map(|l| l.trim())
        .find(|l| !l.is_empty())?;
    is_substantial(next).then(|| next.to_string())
}

/// What a "Cite this chapter" line says.
#[derive(Debug, Default, PartialEq)]
struct Cite {
    authors: Vec<String>,
    year: Option<i32>,
    title: Option<String>,
    editors: Vec<String>,
    book: Option<String>,
    publisher: Option<String>,
}

static CITE_RE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?P<authors>.*?)\s*\((?P<year>\d{4})[a-z]?\)\.\s+(?P<rest>.+)$")
        .expect("valid regex")
});

/// The cite line: the first matching line after a "Cite this …" heading, else any line outside
/// the notes that reads like one ("Surname, I. (2011). Title. In: …").
fn find_cite_line<'a>(lines: &'a [String], in_notes: &[bool]) -> Option<&'a str> {
    let after_heading = lines.iter().enumerate().find_map(|(i, l)| {
        let k = key(l);
        if !(k.starts_with("cite this") || k == "how to cite") {
            return None;
        }
        lines
            .iter()
            .skip(i + 1)
            .take(6)
            .map(|l| l.trim())
            .find(|l| CITE_RE.is_match(l))
    });
    after_heading.or_else(|| {
        lines
            .iter()
            .enumerate()
            .filter(|(i, _)| !in_notes.get(*i).copied().unwrap_or(false))
            .map(|(_, l)| l.trim())
            .find(|l| CITE_RE.is_match(l) && l.contains(" In: "))
    })
}

/// For each line: is it inside a notes-like section (below its heading)?
fn section_mask(line_count: usize, sections: &[Section]) -> Vec<bool> {
    let mut mask = vec![false; line_count];
    for s in sections {
        for m in mask.iter_mut().take(s.end).skip(s.heading + 1) {
            *m = true;
        }
    }
    mask
}

fn parse_cite(line: &str) -> Option<Cite> {
    static EDS: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"\((?:[Ee]ds?|[Hh]rsg)\.?\)\s*").expect("valid regex"));
    // A run of "Family, I." names, as journal cite lines open:
    // "Choi, E., Tanabe, Y. Title. J Korea Jpn Stud 9, 45–70 (2018). https://doi.org/…".
    static NAME_RUN: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^(?:[\p{L}'’ -]+, (?:\p{Lu}\p{Ll}?\.[\s-]*)+(?:,\s*|\s*&\s*|\s+and\s+)?)+")
            .expect("valid regex")
    });
    let caps = CITE_RE.captures(line)?;
    let authors = caps.name("authors").map_or("", |m| m.as_str());
    let year = caps.name("year").and_then(|m| m.as_str().parse().ok());
    if let Some(run) = NAME_RUN.find(authors)
        && run.end() < authors.trim_end().len()
    {
        let title = authors[run.end()..]
            .split(". ")
            .next()
            .map(|t| t.trim().to_string());
        return Some(Cite {
            authors: split_names(run.as_str()),
            year,
            title: title.filter(|t| !t.is_empty()),
            ..Cite::default()
        });
    }
    let mut cite = Cite {
        authors: split_names(authors),
        year,
        ..Cite::default()
    };
    let rest = strip_link_tail(caps.name("rest").map_or("", |m| m.as_str()));
    let Some(in_pos) = rest.find(". In: ") else {
        cite.title = rest.split(". ").next().map(|t| t.trim().to_string());
        return Some(cite);
    };
    cite.title = Some(rest[..in_pos].trim().to_string());
    let after = &rest[in_pos + ". In: ".len()..];
    let book_part = match EDS.find(after) {
        Some(m) => {
            cite.editors = split_names(&after[..m.start()]);
            &after[m.end()..]
        }
        None => after,
    };
    let (book, publisher) = split_book_publisher(book_part);
    cite.book = book;
    cite.publisher = publisher;
    Some(cite)
}

/// Cut a trailing DOI link or "doi:" from a cite line.
fn strip_link_tail(s: &str) -> &str {
    let lower = s.to_ascii_lowercase();
    let cut = [" https://", " http://", " doi:", " doi "]
        .iter()
        .filter_map(|p| lower.find(p))
        .min();
    match cut {
        Some(c) => s.get(..c).unwrap_or(s).trim(),
        None => s.trim(),
    }
}

/// "Book Title. Series, vol 3. Palgrave Macmillan, New York." → book, publisher.
fn split_book_publisher(s: &str) -> (Option<String>, Option<String>) {
    static VOLUME: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"(?i)\bvol(?:ume)?\.?\s*\d+\s*$").expect("valid regex"));
    let s = s.trim().trim_end_matches('.').trim();
    if s.is_empty() {
        return (None, None);
    }
    let Some(p) = s.rfind(". ") else {
        return (Some(s.to_string()), None);
    };
    let mut book = s[..p].trim();
    let publisher = s[p + 2..].split(',').next().map(|x| x.trim().to_string());
    if let Some(q) = book.rfind(". ")
        && VOLUME.is_match(&book[q + 2..])
    {
        book = book[..q].trim();
    }
    let book = (!book.is_empty()).then(|| book.to_string());
    (book, publisher.filter(|p| !p.is_empty()))
}

/// "Inoguchi, T., Ikenberry, G.J., Sato, Y." → ["Inoguchi, T.", "Ikenberry, G.J.", "Sato, Y."].
fn split_names(s: &str) -> Vec<String> {
    let s = s
        .replace(" & ", ", ")
        .replace(", and ", ", ")
        .replace(" and ", ", ");
    let parts: Vec<&str> = s
        .split(',')
        .map(|p| p.trim())
        .filter(|p| !p.is_empty() && !p.eq_ignore_ascii_case("et al."))
        .collect();
    let mut names = Vec::new();
    let mut i = 0;
    while i < parts.len() {
        match parts.get(i + 1) {
            Some(next) if is_initials(next) && !is_initials(parts[i]) => {
                names.push(format!("{}, {}", parts[i], next));
                i += 2;
            }
            _ => {
                names.push(parts[i].to_string());
                i += 1;
            }
        }
    }
    names
}

fn is_initials(s: &str) -> bool {
    static RE: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^(?:(?:\p{Lu}\p{Ll}?\.[\s-]*)+|\p{Lu}{1,3})$").expect("valid regex")
    });
    RE.is_match(s.trim())
}

/// Words that mark a line as an affiliation or a link, not a person's name.
const NOT_NAME_WORDS: &[&str] = &[
    "university",
    "institute",
    "college",
    "school",
    "department",
    "faculty",
    "center",
    "centre",
    "laboratory",
    "affiliations",
    "view",
    "search",
    "author",
    "authors",
    "editor",
    "editors",
    "correspondence",
    "corresponding",
    "publications",
    "press",
    "information",
    "you",
    "also",
    "pubmed",
    "scholar",
];

const NAME_PARTICLES: &[&str] = &[
    "de", "van", "von", "der", "den", "da", "di", "du", "le", "la", "bin", "al", "del", "dos",
];

/// A line holding one person's name ("Yasuyo Sakata", "G. John Ikenberry").
fn looks_like_name(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && t.chars().count() <= 60
        && !t
            .chars()
            .any(|c| c.is_ascii_digit() || matches!(c, '@' | ':' | '/'))
        && t.matches(',').count() <= 1
        && words.iter().all(|w| is_name_word(w))
}

fn is_name_word(w: &str) -> bool {
    let lower = w.trim_matches(',').to_lowercase();
    !NOT_NAME_WORDS.contains(&lower.as_str())
        && (w.chars().next().is_some_and(char::is_uppercase)
            || NAME_PARTICLES.contains(&lower.as_str()))
}

/// Names listed under a heading (e.g. "Authors", "Editor information"), each line stripped of a
/// leading "1." number or bullet; long lines of run-together names are returned separately.
fn names_under(lines: &[String], heading: usize) -> (Vec<String>, Vec<String>) {
    let mut names = Vec::new();
    let mut run_together = Vec::new();
    for line in lines.iter().skip(heading + 1).take(MAX_NAME_LINES) {
        let t = line.trim();
        if t.is_empty() || is_residue_line(t) {
            continue;
        }
        if is_section_end(t) && !is_name_subheading(t) || list_heading(t).is_some() {
            break;
        }
        let t = match note_start(t) {
            Some((_, _, rest)) => rest,
            None => strip_bullet(t).1,
        };
        if looks_like_name(t) {
            if !names.iter().any(|n| n == t) {
                names.push(t.to_string());
            }
        } else if t.split_whitespace().count() > 4 && t.split_whitespace().all(is_name_word) {
            run_together.push(t.to_string());
        }
    }
    (names, run_together)
}

fn is_name_subheading(t: &str) -> bool {
    matches!(
        key(t).as_str(),
        "authors"
            | "authors and affiliations"
            | "editors and affiliations"
            | "corresponding author"
    )
}

fn heading_index(lines: &[String], keys: &[&str]) -> Option<usize> {
    lines.iter().position(|l| keys.contains(&key(l).as_str()))
}

/// Split "Takashi Inoguchi G. John Ikenberry Yoichiro Sato" at known surnames, in order.
fn split_at_surnames(line: &str, surnames: &[&str]) -> Option<Vec<String>> {
    let tokens: Vec<&str> = line.split_whitespace().collect();
    let mut names = Vec::new();
    let mut pos = 0;
    for surname in surnames {
        let last_word = surname.split_whitespace().last()?;
        let j = (pos..tokens.len()).find(|&j| tokens[j].trim_matches(',') == last_word)?;
        names.push(tokens[pos..=j].join(" ").trim_matches(',').to_string());
        pos = j + 1;
    }
    (pos == tokens.len() && !names.is_empty()).then_some(names)
}

/// Without surnames to guide: every name has exactly two full words plus any initials.
fn split_run_together(line: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    let mut full_words = 0;
    for tok in line.split_whitespace() {
        cur.push(tok);
        let particle = NAME_PARTICLES.contains(&tok.to_lowercase().as_str());
        if !is_initials(tok) && !particle {
            full_words += 1;
        }
        if full_words == 2 {
            names.push(cur.join(" "));
            cur.clear();
            full_words = 0;
        }
    }
    if !cur.is_empty() {
        return Vec::new();
    }
    names
}

fn surname_of(name: &str) -> &str {
    name.split(',').next().unwrap_or(name).trim()
}

/// Editors from the "Editor information" section (full names), guided by the cite line's editors.
fn editors(lines: &[String], cite_editors: &[String]) -> Vec<String> {
    let Some(h) = heading_index(lines, &["editor information", "editors and affiliations"]) else {
        return cite_editors.to_vec();
    };
    let (names, run_together) = names_under(lines, h);
    let surnames: Vec<&str> = cite_editors.iter().map(|e| surname_of(e)).collect();
    if let Some(line) = run_together.first() {
        if let Some(split) = split_at_surnames(line, &surnames) {
            return split;
        }
        if cite_editors.is_empty() {
            let split = split_run_together(line);
            if !split.is_empty() {
                return split;
            }
        }
    }
    if !names.is_empty() && (cite_editors.is_empty() || names.len() == cite_editors.len()) {
        return names;
    }
    cite_editors.to_vec()
}

/// Chapter authors from the "Authors" / "Author information" sections.
fn section_authors(lines: &[String]) -> Vec<String> {
    let mut all: Vec<String> = Vec::new();
    let headings = lines.iter().enumerate().filter(|(_, l)| {
        matches!(
            key(l).as_str(),
            "authors" | "author information" | "authors and affiliations"
        )
    });
    for (i, _) in headings.take(MAX_AUTHOR_HEADINGS) {
        for name in names_under(lines, i).0 {
            if !all.contains(&name) {
                all.push(name);
            }
        }
    }
    all
}

fn plausible_year(y: i32) -> Option<i32> {
    (1500..=2100).contains(&y).then_some(y)
}

/// The year from "© 2011" / "Copyright 2011", else from "Published: 12 March 2011"-like lines.
fn fallback_year(lines: &[String]) -> Option<i32> {
    static COPYRIGHT: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)(?:©|\(c\)|copyright)\s*(?:©\s*)?(\d{4})\b").expect("valid regex")
    });
    static PUBLISHED: Lazy<Regex> = Lazy::new(|| {
        Regex::new(
            r"(?i)\b(?:published(?: online)?|first online)\s*:?\s*[^\n]*?\b((?:1[5-9]|20)\d\d)\b",
        )
        .expect("valid regex")
    });
    let find = |re: &Regex| {
        lines.iter().find_map(|l| {
            re.captures(l)
                .and_then(|c| c.get(1)?.as_str().parse().ok())
                .and_then(plausible_year)
        })
    };
    find(&COPYRIGHT).or_else(|| find(&PUBLISHED))
}

/// A bare DOI ("10.1057/9780230120150_6") found in `s`, with trailing punctuation removed.
fn find_doi(s: &str) -> Option<String> {
    static RE: Lazy<Regex> =
        Lazy::new(|| Regex::new(r#"\b10\.\d{4,9}/[^\s"<>]+"#).expect("valid regex"));
    let m = RE.find(s)?;
    let mut doi = m.as_str().trim_end_matches(['.', ',', ';', ':']);
    while (doi.ends_with(')') && doi.matches('(').count() < doi.matches(')').count())
        || (doi.ends_with(']') && doi.matches('[').count() < doi.matches(']').count())
    {
        doi = doi[..doi.len() - 1].trim_end_matches(['.', ',', ';', ':']);
    }
    Some(doi.to_string())
}

/// The chapter's DOI: from the cite line, else the first one outside the notes (notes cite
/// other works' DOIs).
fn chapter_doi(lines: &[String], cite_line: Option<&str>, in_notes: &[bool]) -> Option<String> {
    cite_line.and_then(find_doi).or_else(|| {
        lines
            .iter()
            .enumerate()
            .filter(|(i, _)| !in_notes.get(*i).copied().unwrap_or(false))
            .find_map(|(_, l)| find_doi(l))
    })
}

/// The publisher from an "About this chapter" field ("Publisher Name" followed by the name).
fn publisher_field(lines: &[String]) -> Option<String> {
    let h = heading_index(lines, &["publisher name"])?;
    let next = lines
        .get(h + 1..)?
        .iter()
        .map(|l| l.trim())
        .find(|l| !l.is_empty())?;
    next.split(',').next().map(|p| p.trim().to_string())
}

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/// Does this text look like a saved chapter page? True when a notes-like heading is followed by
/// a numbered note (numbered 1–3), or when an "Abstract" heading comes with a "Cite this
/// chapter"/"Chapter"-like marker. Plain prose stays plain.
pub fn looks_like_page(text: &str) -> bool {
    let lines = split_lines(text);
    let numbered_notes = lines.iter().enumerate().any(|(i, l)| {
        list_heading(l).is_some()
            && lines
                .iter()
                .skip(i + 1)
                .map(|l| l.trim())
                .find(|l| !l.is_empty())
                .and_then(note_start)
                .is_some_and(|(n, _, _)| (1..=3).contains(&n))
    });
    if numbered_notes {
        return true;
    }
    let Some(abstract_at) = lines.iter().position(|l| abstract_heading(l).is_some()) else {
        return false;
    };
    let has_marker = lines.iter().any(|l| {
        let k = key(l);
        k.starts_with("cite this") || marker(l).is_some()
    });
    // A journal article saved as text: an abstract, then (after the body) a reference list.
    let list_after_abstract = lines[abstract_at + 1..]
        .iter()
        .any(|l| list_heading(l).is_some());
    has_marker || list_after_abstract
}

/// Parse a saved chapter page into a [`Chapter`] (citations are left empty for a later pass).
pub fn parse(path: &str, text: &str) -> Chapter {
    let mut chapter = Chapter::new(path, Format::Page);
    let lines = split_lines(text);
    let mut sections = parse_sections(&lines);
    let in_notes = section_mask(lines.len(), &sections);
    let cite_line = find_cite_line(&lines, &in_notes);
    let cite = cite_line.and_then(parse_cite).unwrap_or_default();

    let header = header(&lines, &sections);
    chapter.title = header
        .title
        .or_else(|| cite.title.clone())
        .or_else(|| first_substantial(&lines, 0, lines.len()))
        .unwrap_or_default();
    chapter.book = header.book.or_else(|| cite.book.clone());
    chapter.authors = if !cite.authors.is_empty() {
        cite.authors.clone()
    } else if !header.authors.is_empty() {
        header.authors
    } else {
        section_authors(&lines)
    };
    chapter.editors = editors(&lines, &cite.editors);
    chapter.year = cite
        .year
        .or(header.year)
        .and_then(plausible_year)
        .or_else(|| fallback_year(&lines));
    chapter.doi = chapter_doi(&lines, cite_line, &in_notes);
    chapter.publisher = cite.publisher.clone().or_else(|| publisher_field(&lines));

    // Notes lists first, then reference lists, each in page order.
    sections.sort_by_key(|s| (s.kind, s.heading));
    chapter.notes = sections.into_iter().flat_map(|s| s.notes).collect();

    let max_note = chapter
        .notes
        .iter()
        .filter_map(|n| n.number)
        .max()
        .unwrap_or(0);
    if let Some((text, line)) = find_abstract(&lines) {
        chapter.abstract_text = Some(strip_note_markers(&text, max_note));
        chapter.abstract_line = Some(line);
    }
    chapter
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    const FIXTURE: &str = "/work/shared/fixtures/000_b0af606797a47d4b.txt";

    fn numbers(c: &Chapter) -> Vec<Option<u32>> {
        c.notes.iter().map(|n| n.number).collect()
    }

    #[test]
    fn fixture_page_when_present() {
        let Ok(text) = std::fs::read_to_string(FIXTURE) else {
            return;
        };
        assert!(looks_like_page(&text));
        let c = parse("f.txt", &text);
        assert_eq!(c.format, Format::Page);
        assert_eq!(
            c.title,
            "Korea and the Japan-U.S. Alliance: A Japanese Perspective"
        );
        assert_eq!(c.book.as_deref(), Some("The U.S.-Japan Security Alliance"));
        assert_eq!(c.year, Some(2011));
        assert_eq!(c.doi.as_deref(), Some("10.1057/9780230120150_6"));
        assert!(
            c.authors.iter().any(|a| a.contains("Sakata")),
            "{:?}",
            c.authors
        );
        assert_eq!(c.publisher.as_deref(), Some("Palgrave Macmillan"));
        assert_eq!(c.editors.len(), 3, "{:?}", c.editors);
        assert!(c.editors.iter().any(|e| e.contains("Ikenberry")));

        let abs = c.abstract_text.as_deref().expect("abstract");
        assert!(!abs.contains("era.1") && !abs.contains("it.2"));
        assert!(!abs.contains("preview") && !abs.contains("USD"));
        assert_eq!(c.abstract_line, Some(10));
        let lines: Vec<&str> = text.lines().collect();
        // The abstract is its source line less exactly the two glued marker digits.
        let source = lines[9].replace('\u{a0}', " ");
        let source = source.trim();
        assert_eq!(source.len(), abs.len() + 2);
        assert_eq!(
            source.replacen(".1 ", ". ", 1).replacen(".2 ", ". ", 1),
            abs
        );

        assert_eq!(c.notes.len(), 42);
        let expected: Vec<Option<u32>> = (1..=42).map(Some).collect();
        assert_eq!(numbers(&c), expected);
        assert!(c.notes.iter().all(|n| !n.text.contains("Google Scholar")));
        assert!(c.notes.iter().all(|n| !n.text.contains('\u{a0}')));
        assert!(c.notes[17].text.ends_with("p. 89."));
        assert!(c.notes[14].text.ends_with("761–784."));
        // `grep -n '^  1\. '` on the fixture gives line 57; notes then come every 4 lines.
        assert_eq!(c.notes[0].line, 57);
        assert_eq!(c.notes[41].line, 57 + 41 * 4);
        // Each note is its source line, number removed, NBSP as space, exactly.
        for n in &c.notes {
            let start = format!("{}. ", n.number.unwrap_or(0));
            let source = lines[n.line - 1].replace('\u{a0}', " ");
            let body = source.trim().strip_prefix(&start).map(str::trim);
            assert_eq!(body, Some(n.text.as_str()), "line {}", n.line);
        }
    }

    #[test]
    fn springer_like_page_with_crlf_and_nbsp() {
        let text = "Skip to main content\r\n\r\nA Study of Things\r\n\r\n  \u{2022} Chapter\r\n\
                    Big Book\r\n\r\nAbstract\r\n\r\nThings matter.1 More things.\r\n\r\n\
                    This is a preview of subscription content.\r\n\r\nNotes\r\n\r\n  \
                    1. First\u{a0}note, p.\u{a0}3.\r\n\r\n    Google Scholar\u{a0}\r\n\r\n  \
                    2. Second note.\r\n\r\nDownload references\r\n";
        assert!(looks_like_page(text));
        let c = parse("x.txt", text);
        assert_eq!(c.title, "A Study of Things");
        assert_eq!(c.book.as_deref(), Some("Big Book"));
        assert_eq!(
            c.abstract_text.as_deref(),
            Some("Things matter. More things.")
        );
        assert_eq!(c.abstract_line, Some(10));
        assert_eq!(numbers(&c), vec![Some(1), Some(2)]);
        assert_eq!(c.notes[0].text, "First note, p. 3.");
        assert_eq!(c.notes[0].line, 16);
        assert_eq!(c.notes[1].line, 20);
    }

    #[test]
    fn missing_abstract_and_cite_line() {
        let text = "Title Only Page\n\n\u{2022} Chapter\nSome Book\n\nEndnotes\n\n1. A note.\n2. Another.\n";
        let c = parse("x.txt", text);
        assert_eq!(c.title, "Title Only Page");
        assert!(c.abstract_text.is_none() && c.abstract_line.is_none());
        assert!(c.authors.is_empty() && c.year.is_none() && c.doi.is_none());
        assert_eq!(numbers(&c), vec![Some(1), Some(2)]);
    }

    #[test]
    fn page_without_notes() {
        let text = "My Chapter\n\n\u{2022} Chapter\nBook\n\nAbstract\n\nJust an abstract.\n\n\
                    Cite this chapter\n\nDoe, J. (2019). My Chapter. In: Roe, R. (eds) Book. Springer, Cham. https://doi.org/10.1007/978-3-030-00000-0_1\n";
        assert!(looks_like_page(text));
        let c = parse("x.txt", text);
        assert!(c.notes.is_empty());
        assert_eq!(c.abstract_text.as_deref(), Some("Just an abstract."));
        assert_eq!(c.authors, vec!["Doe, J."]);
        assert_eq!(c.editors, vec!["Roe, R."]);
        assert_eq!(c.year, Some(2019));
        assert_eq!(c.publisher.as_deref(), Some("Springer"));
        assert_eq!(c.doi.as_deref(), Some("10.1007/978-3-030-00000-0_1"));
    }

    #[test]
    fn bracket_and_paren_numbering() {
        let c = parse("x.txt", "Notes\n[1] One.\n[2] Two.\n");
        assert_eq!(numbers(&c), vec![Some(1), Some(2)]);
        assert_eq!(c.notes[1].text, "Two.");
        let c = parse("x.txt", "Footnotes\n  1) One.\n  2) Two.\n  3) Three.\n");
        assert_eq!(numbers(&c), vec![Some(1), Some(2), Some(3)]);
        assert_eq!(c.notes[2].line, 4);
        let c = parse("x.txt", "Notes\n1 One.\n2 Two.\n");
        assert_eq!(numbers(&c), vec![Some(1), Some(2)]);
    }

    #[test]
    fn multi_line_notes_and_false_starts() {
        let text = "NOTES\n\n1. Smith, A Book (Tokyo:\n   Press, 2001).\n\n2. Jones, in Studies 4, no.\n\
                    5 (1999): 1–9.\n3. Brown, Ibid. published\n1999. The end.\n\n4. Last.\n";
        let c = parse("x.txt", text);
        assert_eq!(numbers(&c), vec![Some(1), Some(2), Some(3), Some(4)]);
        assert_eq!(c.notes[0].text, "Smith, A Book (Tokyo: Press, 2001).");
        assert_eq!(c.notes[1].text, "Jones, in Studies 4, no. 5 (1999): 1–9.");
        assert_eq!(c.notes[2].text, "Brown, Ibid. published 1999. The end.");
        assert_eq!(c.notes[3].line, 11);
    }

    #[test]
    fn gaps_are_allowed_but_not_wild_jumps() {
        let c = parse(
            "x.txt",
            "Notes\n1. A.\n2. B.\n5. E.\n6. F\n2020. Not a note.\n7. G.\n",
        );
        assert_eq!(
            numbers(&c),
            vec![1, 2, 5, 6, 7]
                .into_iter()
                .map(Some)
                .collect::<Vec<_>>()
        );
        assert_eq!(c.notes[3].text, "F 2020. Not a note.");
        // "8." inside note 3 is a false start when a real note 4 follows.
        let c = parse(
            "x.txt",
            "Notes\n1. A.\n2. B.\n3. C, pp.\n8. and more.\n4. D.\n",
        );
        assert_eq!(
            numbers(&c),
            vec![1, 2, 3, 4].into_iter().map(Some).collect::<Vec<_>>()
        );
        assert_eq!(c.notes[2].text, "C, pp. 8. and more.");
    }

    #[test]
    fn residue_lines_and_glued_residue() {
        let text = "Notes\n\n1. A, p. 66. Google Scholar\n\n    Article\u{a0} Google Scholar\u{a0}\n\n\
                    2. B [Crossref], [Web of Science ®], [Google Scholar]\n3. C.\nCAS\nPubMed\n\
                    4. A Study of Article\n";
        let c = parse("x.txt", text);
        let texts: Vec<&str> = c.notes.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(texts, vec!["A, p. 66.", "B", "C.", "A Study of Article"]);
    }

    #[test]
    fn unnumbered_reference_list() {
        let text = "References\n\nAbe, K. 2001. A Book. Tokyo: Iwanami.\n\n    Google Scholar\n\n\
                    Baba, T. 2005. Another\n  book, continued.\n\nDownload references\n";
        let c = parse("x.txt", text);
        assert_eq!(numbers(&c), vec![None, None]);
        assert_eq!(c.notes[0].line, 3);
        assert_eq!(c.notes[1].text, "Baba, T. 2005. Another book, continued.");
    }

    #[test]
    fn other_publisher_with_footnotes_and_references() {
        let text = "Skip to Main Content\nJournal of Things\nVolume 10, 2010 - Issue 2\n\
                    Research Article\nKorean Security and Japan\nJohn Smith\n\
                    Pages 101-120 | Published online: 12 Mar 2010\n\
                    https://doi.org/10.1080/12345678.2010.123456\n\nAbstract\n\
                    This article examines security.3 It argues.\nKeywords: Japan; Korea\n\
                    Footnotes\n1. See Smith, Korea (Tokyo: Press, 2001), 12. [Google Scholar]\n\
                    2. Ibid., 15; see also https://doi.org/10.1000/other.\n\
                    3. Ibid.\nReferences\n\
                    Smith, John. 2001. Korea and Japan. Tokyo: Press. [Google Scholar]\n\
                    Doe, Jane. 2005. \"Alliance.\" Asian Survey 45 (2): 1–20. [Crossref], [Web of Science ®], [Google Scholar]\n\
                    Cambridge, MA: Harvard, 2006.\n\nNotes on contributors\nJohn Smith is a professor.\n";
        assert!(looks_like_page(text));
        let c = parse("x.txt", text);
        assert_eq!(c.title, "Korean Security and Japan");
        assert_eq!(c.doi.as_deref(), Some("10.1080/12345678.2010.123456"));
        assert_eq!(c.year, Some(2010));
        assert_eq!(
            c.abstract_text.as_deref(),
            Some("This article examines security. It argues.")
        );
        assert_eq!(numbers(&c), vec![Some(1), Some(2), Some(3), None, None]);
        assert_eq!(
            c.notes[0].text,
            "See Smith, Korea (Tokyo: Press, 2001), 12."
        );
        assert_eq!(
            c.notes[3].text,
            "Smith, John. 2001. Korea and Japan. Tokyo: Press."
        );
        assert_eq!(
            c.notes[4].text,
            "Doe, Jane. 2005. \"Alliance.\" Asian Survey 45 (2): 1–20. Cambridge, MA: Harvard, 2006."
        );
        assert_eq!(c.notes[4].line, 19);
    }

    #[test]
    fn references_listed_before_footnotes_still_come_after() {
        let text =
            "References\n\n* Abe, K. 2001. A.\n* Baba, T. 2002. B.\n\nFootnotes\n\n1. Note one.\n";
        let c = parse("x.txt", text);
        assert_eq!(numbers(&c), vec![Some(1), None, None]);
        assert_eq!(c.notes[1].text, "Abe, K. 2001. A.");
    }

    #[test]
    fn numbers_on_their_own_line() {
        let c = parse(
            "x.txt",
            "Notes\n\n1\nFirst note\ncontinues.\nGoogle Scholar Google Preview OpenURL Placeholder Text WorldCat\n2\nSecond.\n",
        );
        assert_eq!(numbers(&c), vec![Some(1), Some(2)]);
        assert_eq!(c.notes[0].text, "First note continues.");
        assert_eq!(c.notes[0].line, 3);
    }

    #[test]
    fn marker_stripping_keeps_real_numbers() {
        let s = "In 1950 Article 9 and the F-35, 2002–3, pp. 79–84, the G7 and CO2 met p.3 and no.4 then \
                 “shinshi”5 and (so)6 Japan7 ended.8 Version 1.2 is 3.5 percent.";
        let out = strip_note_markers(s, 10);
        assert_eq!(
            out,
            "In 1950 Article 9 and the F-35, 2002–3, pp. 79–84, the G7 and CO2 met p.3 and no.4 then \
             “shinshi” and (so) Japan ended. Version 1.2 is 3.5 percent."
        );
        assert_eq!(strip_note_markers("era.12 As", 10), "era.12 As");
        assert_eq!(strip_note_markers("with it.2", 0), "with it.");
        assert_eq!(strip_note_markers("Japan7 x", 0), "Japan7 x");
    }

    #[test]
    fn detection_is_conservative() {
        assert!(!looks_like_page("Just some prose.\nIt has 2 lines.\n"));
        assert!(!looks_like_page(
            "Notes\n\nThe meeting went well. 1999 was a year.\n"
        ));
        assert!(!looks_like_page(
            "Abstract\n\nA thesis abstract without any page markers.\n"
        ));
        assert!(looks_like_page("Notes\n\n  1. A note.\n"));
        assert!(looks_like_page("Abstract\nText.\nCite this article\nX\n"));
        // An article: abstract, body, then an unnumbered reference list.
        assert!(looks_like_page(
            "A Title\n\nAbstract\n\nWe study ports.\n\n1. Introduction\n\nBody.\n\n\
             References\n\nAbe, Kenji. 2001. A Book. Tokyo: Iwanami.\n"
        ));
        // A references line above the abstract (a table of contents) does not make a page.
        assert!(!looks_like_page(
            "Contents\nReferences\n\nAbstract\n\nA thesis abstract.\n"
        ));
    }

    #[test]
    fn article_with_abstract_and_author_date_references() {
        let text = "Journal of Harbour Studies\nVolume 3, Issue 2, May 2004, pp. 10–30\n\n\
                    Lighthouses and Ledgers\n\nMina Park\n\nAbstract\n\n\
                    This article follows harbour ledgers across the strait.\n\n\
                    1. Introduction\n\nPorts mattered (Abe 2001).\n\nReferences\n\n\
                    Abe, Kenji. 2001. Minato no Rekishi. Tokyo: Iwanami.\n\
                    Baba, Toru. 2005. \u{201c}Ledgers at Sea.\u{201d} Harbour Review 4 (1): 1–20.\n\
                    Boeisho. 1984. Nihon no Boei. Tokyo: Boeisho.\n\
                    U.S. Department of State. 1968. Country Reports. Washington, DC: GPO.\n\
                    Ministry of Defense, Republic of Korea. 1976. White Paper. Seoul: MND.\n\
                    van der Berg, Anna. 1996. Harbours. Leiden: Brill.\n";
        let c = parse("a.txt", text);
        assert_eq!(c.title, "Lighthouses and Ledgers");
        assert!(c.abstract_text.unwrap().contains("harbour ledgers"));
        assert_eq!(c.book.as_deref(), Some("Journal of Harbour Studies"));
        assert_eq!(c.authors, vec!["Mina Park"]);
        assert_eq!(c.year, Some(2004));
        let starts: Vec<&str> = c.notes.iter().map(|n| &n.text[..8]).collect();
        assert_eq!(
            starts,
            [
                "Abe, Ken", "Baba, To", "Boeisho.", "U.S. Dep", "Ministry", "van der "
            ]
        );
    }

    #[test]
    fn inline_abstract_heading_and_heading_stop() {
        let text = "Research Article\nA Title\n\nAbstract: This chapter studies alliances over many years in Asia.\n\n\
                    Introduction\n\nBody text.\n";
        let c = parse("x.txt", text);
        assert_eq!(c.title, "A Title");
        assert_eq!(
            c.abstract_text.as_deref(),
            Some("This chapter studies alliances over many years in Asia.")
        );
        assert_eq!(c.abstract_line, Some(4));
    }

    #[test]
    fn journal_cite_line_without_year_after_the_authors() {
        let c = parse_cite(
            "Choi, E., Tanabe, Y. Civic Ties: Citizens and the Strait, 1995–2015. J Korea Stud 9, 45–70 (2018). https://doi.org/10.1/x",
        )
        .expect("cite line");
        assert_eq!(c.authors, vec!["Choi, E.", "Tanabe, Y."]);
        assert_eq!(c.year, Some(2018));
        assert_eq!(
            c.title.as_deref(),
            Some("Civic Ties: Citizens and the Strait, 1995–2015")
        );
    }

    #[test]
    fn cite_line_with_series_and_multiple_authors() {
        let cite = parse_cite(
            "Smith, J., Doe, A.-B. (2020). A Title. In: Roe, R., Poe, E.A. (eds) The Book. Lecture Notes, vol 12. Springer, Berlin, Heidelberg. https://doi.org/10.1/x",
        )
        .expect("cite");
        assert_eq!(cite.authors, vec!["Smith, J.", "Doe, A.-B."]);
        assert_eq!(cite.editors, vec!["Roe, R.", "Poe, E.A."]);
        assert_eq!(cite.book.as_deref(), Some("The Book"));
        assert_eq!(cite.publisher.as_deref(), Some("Springer"));
        assert_eq!(cite.title.as_deref(), Some("A Title"));
        assert_eq!(cite.year, Some(2020));
    }

    #[test]
    fn editors_split_without_cite_line() {
        assert_eq!(
            split_run_together("Takashi Inoguchi G. John Ikenberry Yoichiro Sato"),
            vec!["Takashi Inoguchi", "G. John Ikenberry", "Yoichiro Sato"]
        );
        assert_eq!(
            split_at_surnames("Ann van Berg Bo Li", &["van Berg", "Li"]),
            Some(vec!["Ann van Berg".to_string(), "Bo Li".to_string()])
        );
    }

    #[test]
    fn authors_section_lists_names() {
        let text = "T\n\n\u{2022} Chapter\nB\n\nNotes\n\n1. N.\n\nAuthor information\n\nAuthors and Affiliations\n\n\
                    1. Kanda University, Chiba, Japan\n\n    Yasuyo Sakata\n\nCorresponding author\n\n\
                    Correspondence to Yasuyo Sakata.\n\nRights and permissions\n";
        let c = parse("x.txt", text);
        assert_eq!(c.authors, vec!["Yasuyo Sakata"]);
        assert_eq!(numbers(&c), vec![Some(1)]);
    }

    #[test]
    fn number_only_line_then_short_note_text() {
        let c = parse("x.txt", "Notes\n\n1\n\nIbid\n\n2\n\nSee Smith, p. 4.\n");
        assert_eq!(numbers(&c), vec![Some(1), Some(2)]);
        assert_eq!(c.notes[0].text, "Ibid");
    }

    #[test]
    fn table_of_contents_does_not_hide_the_title() {
        let text = "Skip to main content\nSections\nReferences\n\nThe Real Title\n\n\u{2022} Chapter\n\
                    The Book\n\nAbstract\n\nText.\n\nReferences\n\n1. Ref one.\n";
        let c = parse("x.txt", text);
        assert_eq!(c.title, "The Real Title");
        assert_eq!(c.book.as_deref(), Some("The Book"));
        assert_eq!(numbers(&c), vec![Some(1)]);
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        for s in [
            "",
            "\r",
            "\n\n",
            "Notes",
            "Notes\n",
            "Abstract",
            "Abstract\n",
            "[",
            "1.",
            "Notes\n9999999999. x\n",
            "Abstract: é",
            "Notes\n\u{a0}\u{a0}1.\u{a0}x",
            "İİİİİİİİİİİİ this is a preview of subscription content",
            "Abstract\n\nx.1",
            "(2011). ",
            "A (2011). B. In: ",
            "10.1/",
            "Cite this chapter\n\n (2011). x",
        ] {
            let _ = looks_like_page(s);
            let _ = parse("x", s);
            let _ = strip_note_markers(s, 5);
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_page_like_text(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::string::string_regex("[ \u{a0}]{0,3}\\[?[0-9]{1,4}[.)\\]]?[ \u{a0}]?[A-Za-zé“”’.0-9 ]{0,20}").expect("regex"),
                    proptest::sample::select(vec![
                        "Notes", "Abstract", "References", "\u{2022} Chapter", "Cite this chapter",
                        "Google Scholar", "Authors", "Editor information", "\r", "", "© 2011",
                        "A, B. (2011). T. In: C, D. (eds) E. F, G.", "https://doi.org/10.1/x)",
                    ]).prop_map(str::to_string),
                    ".{0,30}",
                ],
                0..40,
            )
        ) {
            let text = parts.join("\n");
            let _ = looks_like_page(&text);
            let c = parse("p", &text);
            for n in &c.notes {
                proptest::prop_assert!(n.line >= 1 && !n.text.is_empty());
            }
        }
    }
}
