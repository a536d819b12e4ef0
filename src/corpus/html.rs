//! Parser for saved HTML pages: Highwire `citation_*` meta tags, abstract section, note lists.
//!
//! The page is parsed with `scraper` (html5ever), which never fails on malformed input. Metadata
//! comes from meta tags (Highwire/Google Scholar first, then Dublin Core and Open Graph, then
//! `<h1>`/`<title>`). The abstract is the first element whose id/class/role names an abstract, or
//! the content after an "Abstract" heading. Notes come from note/footnote containers, from lists
//! after a "Notes" heading, or from loose `id="fn1"`-style elements; reference lists are used only
//! when a page has no notes, and `citation_reference` meta tags only when the body has neither.
//! scraper keeps no source positions, so each note's line is found by searching the raw text
//! forward from the previous note (see `Locator`).

use std::cell::{OnceCell, RefCell};
use std::collections::{HashMap, HashSet};

use once_cell::sync::Lazy;
use regex::Regex;
use scraper::{ElementRef, Html, Node};

use crate::chapter::{Chapter, Format, Note};

/// Parse a saved HTML page into a chapter. Never panics; malformed HTML yields what it can.
pub fn parse(path: &str, text: &str) -> Chapter {
    let doc = Html::parse_document(text);
    let root = doc.root_element();
    let meta = Meta::collect(root);
    let locator = Locator::new(text);
    let mut chapter = Chapter::new(path, Format::Html);

    fill_metadata(&mut chapter, &meta, root);
    fill_abstract(&mut chapter, &meta, root, &locator);
    chapter.notes = body_notes(root, &locator);
    if chapter.notes.is_empty() {
        chapter.notes = meta_reference_notes(&meta, &locator);
    }
    if chapter.title.is_empty() {
        chapter
            .warnings
            .push("no title found in HTML page".to_string());
    }
    chapter
}

// ---------------------------------------------------------------------------------------------
// Meta tags
// ---------------------------------------------------------------------------------------------

/// All `<meta>` name/property → content pairs, in document order (names lowercased).
struct Meta {
    entries: Vec<(String, String)>,
}

impl Meta {
    fn collect(root: ElementRef<'_>) -> Self {
        let entries = root
            .descendent_elements()
            .filter(|e| e.value().name() == "meta")
            .filter_map(|e| {
                let v = e.value();
                let name = v.attr("name").or_else(|| v.attr("property"))?;
                let content = collapse_ws(v.attr("content")?);
                (!content.is_empty()).then(|| (name.trim().to_ascii_lowercase(), content))
            })
            .collect();
        Meta { entries }
    }

    /// Every non-empty value of one key, in order.
    fn all(&self, key: &str) -> Vec<String> {
        self.entries
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// The first value of the first key (in priority order) that has one.
    fn first(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|key| {
            self.entries
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        })
    }
}

fn fill_metadata(chapter: &mut Chapter, meta: &Meta, root: ElementRef<'_>) {
    chapter.title = meta
        .first(&["citation_title", "dc.title", "og:title"])
        .or_else(|| first_heading_text(root))
        .or_else(|| page_title(root))
        .unwrap_or_default();

    chapter.authors = meta.all("citation_author");
    if chapter.authors.is_empty() {
        chapter.authors = meta
            .all("citation_authors")
            .iter()
            .flat_map(|v| v.split(';'))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
    }
    if chapter.authors.is_empty() {
        chapter.authors = meta.all("dc.creator");
    }
    chapter.editors = meta.all("citation_editor");

    chapter.year = [
        "citation_publication_date",
        "citation_date",
        "citation_online_date",
        "citation_year",
        "dc.date",
        "dc.date.issued",
    ]
    .iter()
    .find_map(|k| meta.first(&[k]).and_then(|v| first_year(&v)));

    chapter.doi = meta
        .first(&["citation_doi", "prism.doi"])
        .map(|d| strip_doi_prefix(&d))
        .or_else(|| {
            meta.all("dc.identifier")
                .iter()
                .map(|d| strip_doi_prefix(d))
                .find(|d| d.starts_with("10."))
        })
        .filter(|d| !d.is_empty());

    chapter.book = meta.first(&[
        "citation_inbook_title",
        "citation_book_title",
        "citation_journal_title",
    ]);
    chapter.publisher = meta.first(&["citation_publisher", "dc.publisher"]);
}

/// The first 4-digit run not preceded by a digit ("2019-03-01" → 2019, "20190301" → 2019).
fn first_year(s: &str) -> Option<i32> {
    static YEAR: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?:^|\D)(\d{4})").expect("year regex"));
    YEAR.captures(s)
        .and_then(|c| c.get(1))
        .and_then(|m| m.as_str().parse().ok())
}

/// "https://doi.org/10.1/x", "doi:10.1/x", "info:doi/10.1/x" → "10.1/x".
fn strip_doi_prefix(s: &str) -> String {
    static PREFIX: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^\s*(?:https?://(?:dx\.)?doi\.org/|info:doi/|doi:\s*)").expect("doi regex")
    });
    PREFIX.replace(s.trim(), "").trim().to_string()
}

/// Text of the first non-empty `<h1>` outside navigation.
fn first_heading_text(root: ElementRef<'_>) -> Option<String> {
    root.descendent_elements()
        .filter(|e| e.value().name() == "h1" && !in_skipped_region(*e))
        .map(|e| collapse_ws(&element_text(e, TextOptions::default()).text))
        .find(|t| !t.is_empty())
}

/// The `<title>` text, without a trailing " | Site name".
fn page_title(root: ElementRef<'_>) -> Option<String> {
    let title = root
        .descendent_elements()
        .find(|e| e.value().name() == "title")?;
    let text = collapse_ws(&title.text().collect::<String>());
    let text = text
        .split(" | ")
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    (!text.is_empty()).then_some(text)
}

// ---------------------------------------------------------------------------------------------
// Text extraction
// ---------------------------------------------------------------------------------------------

/// Elements whose content is never page text (boilerplate, code, controls).
const SKIPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "button", "select",
    "svg", "iframe", "object", "head",
];

/// Elements that do not break words; everything else is treated as a block (adds a space).
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
];

const HEADING_TAGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

/// Link texts that are navigation residue after a reference, not part of it.
const RESIDUE_LINKS: &[&str] = &[
    "google scholar",
    "crossref",
    "pubmed",
    "pubmed central",
    "article",
    "cas",
    "mathscinet",
    "math",
    "ads",
    "web of science",
    "scopus",
];

/// Texts of back-links from a note to its marker.
const BACK_LINKS: &[&str] = &["↩", "^", "↑", "⤴", "back", "return to text", "back to text"];

#[derive(Clone, Copy, Default)]
struct TextOptions {
    /// Drop footnote markers anywhere (`<sup>1</sup>`, `<a href="#fn1">1</a>`).
    drop_markers: bool,
    /// Drop elements whose whole text is the label "Abstract".
    drop_abstract_label: bool,
    /// Drop link residue ("Google Scholar", "Crossref", back-links "↩").
    drop_residue: bool,
    /// Take a marker element at the very start as the note's number and drop it.
    capture_leading_marker: bool,
}

struct Extracted {
    text: String,
    leading_marker: Option<u32>,
}

/// The visible text of an element (the root itself is never skipped), whitespace collapsed.
fn element_text(root: ElementRef<'_>, opts: TextOptions) -> Extracted {
    let mut out = String::new();
    let mut leading_marker = None;
    // Iterative walk (deeply nested malformed pages must not overflow the stack).
    let mut stack = vec![(root.children(), false)];
    while let Some((iter, _)) = stack.last_mut() {
        let Some(node) = iter.next() else {
            if let Some((_, true)) = stack.pop() {
                out.push(' ');
            }
            continue;
        };
        match node.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(_) => {
                let Some(el) = ElementRef::wrap(node) else {
                    continue;
                };
                let name = el.value().name();
                if SKIPPED_TAGS.contains(&name) {
                    continue;
                }
                if opts.capture_leading_marker
                    && leading_marker.is_none()
                    && out.trim().is_empty()
                    && is_marker_element(el)
                {
                    leading_marker = marker_number(el);
                    continue;
                }
                if (opts.drop_markers && is_marker_element(el))
                    || (opts.drop_residue && is_residue_element(el))
                    || (opts.drop_abstract_label && is_abstract_label(el))
                {
                    continue;
                }
                if name == "br" {
                    out.push(' ');
                    continue;
                }
                let block = !INLINE_TAGS.contains(&name);
                if block {
                    out.push(' ');
                }
                stack.push((node.children(), block));
            }
            _ => {}
        }
    }
    Extracted {
        text: collapse_ws(&out),
        leading_marker,
    }
}

/// Collapse runs of whitespace (NBSP included) into single spaces and trim.
fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The element's text if it is at most `max` chars long (cheap check for labels and markers).
fn short_text(el: ElementRef<'_>, max: usize) -> Option<String> {
    // Labels and markers are tiny: give up after a few nodes (keeps deep trees linear).
    const MAX_NODES: usize = 64;
    let mut s = String::new();
    for (i, node) in el.descendants().enumerate() {
        if i > MAX_NODES || s.len() > max * 8 {
            return None;
        }
        if let Node::Text(t) = node.value() {
            s.push_str(t);
        }
    }
    let s = collapse_ws(&s);
    (s.chars().count() <= max).then_some(s)
}

static MARKER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^[\[(]?\s*(?:\d{1,4}(?:\s*[,–—-]\s*\d{1,4})*|[*†‡§¶]{1,3})\s*[\])]?$")
        .expect("marker regex")
});

/// A footnote marker: `<sup>1</sup>`, `<sup>[2]</sup>`, `<a href="#fn3">3</a>`.
fn is_marker_element(el: ElementRef<'_>) -> bool {
    let v = el.value();
    let candidate = match v.name() {
        "sup" => true,
        "a" => v
            .attr("href")
            .is_some_and(|h| h.trim_start().starts_with('#')),
        _ => false,
    };
    candidate && short_text(el, 16).is_some_and(|t| MARKER.is_match(&t))
}

fn marker_number(el: ElementRef<'_>) -> Option<u32> {
    let text = short_text(el, 16)?;
    leading_digits(text.trim_start_matches(['[', '(', ' ']))
}

fn leading_digits(s: &str) -> Option<u32> {
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok()
}

/// Link residue ("Google Scholar") or a back-link ("↩") inside a note.
fn is_residue_element(el: ElementRef<'_>) -> bool {
    let v = el.value();
    if !matches!(v.name(), "a" | "span" | "button") {
        return false;
    }
    let class = v.attr("class").unwrap_or_default().to_ascii_lowercase();
    if class.contains("backref")
        || class.contains("backlink")
        || v.attr("role") == Some("doc-backlink")
    {
        return true;
    }
    short_text(el, 20).is_some_and(|t| {
        let t = t.replace(['\u{fe0e}', '\u{fe0f}'], "").to_lowercase();
        let t = t.trim();
        BACK_LINKS.contains(&t) || (v.name() == "a" && RESIDUE_LINKS.contains(&t))
    })
}

/// An element whose whole text is "Abstract" (a heading or label).
fn is_abstract_label(el: ElementRef<'_>) -> bool {
    short_text(el, 12).is_some_and(|t| is_abstract_word(&t))
}

fn is_abstract_word(t: &str) -> bool {
    t.trim()
        .trim_end_matches([':', '.'])
        .trim()
        .eq_ignore_ascii_case("abstract")
}

/// Inside navigation or code, where no abstract or note list lives.
fn in_skipped_region(el: ElementRef<'_>) -> bool {
    el.ancestors().any(|a| {
        a.value().as_element().is_some_and(|e| {
            matches!(
                e.name(),
                "nav" | "script" | "style" | "template" | "noscript" | "head"
            )
        })
    })
}

/// id, class, role, aria-labelledby, data-title and epub:type of an element, lowercased.
fn attr_haystack(el: ElementRef<'_>) -> String {
    let mut hay = String::new();
    for (name, value) in el.value().attrs() {
        if matches!(
            name,
            "id" | "class" | "role" | "aria-labelledby" | "data-title" | "epub:type"
        ) {
            hay.push_str(&value.to_lowercase());
            hay.push(' ');
        }
    }
    hay
}

fn is_heading(el: ElementRef<'_>) -> bool {
    HEADING_TAGS.contains(&el.value().name())
}

/// A heading of level 1–3, or an element holding one: where a section after a heading ends.
fn is_section_break(el: ElementRef<'_>) -> bool {
    el.descendent_elements()
        .any(|e| matches!(e.value().name(), "h1" | "h2" | "h3"))
}

// ---------------------------------------------------------------------------------------------
// Abstract
// ---------------------------------------------------------------------------------------------

const ABSTRACT_OPTS: TextOptions = TextOptions {
    drop_markers: true,
    drop_abstract_label: true,
    drop_residue: false,
    capture_leading_marker: false,
};

/// Tags never taken as the abstract's container (too broad, or not containers).
const NOT_ABSTRACT_CONTAINER: &[&str] = &[
    "html", "body", "main", "article", "meta", "link", "a", "button", "nav", "script", "style",
    "input", "img", "h1", "h2", "h3", "h4", "h5", "h6", "sup", "sub", "label", "option",
];

/// Shorter texts in an "abstract" element are controls ("Show abstract"), not the abstract.
const MIN_ABSTRACT_WORDS: usize = 4;

/// Abstracts longer than this are a wrapper that happens to mention "abstract".
const MAX_ABSTRACT_CHARS: usize = 20_000;

fn fill_abstract(chapter: &mut Chapter, meta: &Meta, root: ElementRef<'_>, loc: &Locator<'_>) {
    if let Some(text) = abstract_from_body(root) {
        chapter.abstract_line = loc.find_text(&text, 0).map(|p| loc.line_of(p));
        chapter.abstract_text = Some(text);
        return;
    }
    if let Some(raw) = meta.first(&["citation_abstract"]) {
        let text = collapse_ws(&strip_tags(&raw));
        let text = strip_abstract_prefix(&text);
        if !text.is_empty() {
            chapter.abstract_line = loc
                .find_ascii_ci("citation_abstract", 0)
                .map(|p| loc.line_of(loc.tag_start_before(p)));
            chapter.abstract_text = Some(text);
        }
    }
}

fn abstract_from_body(root: ElementRef<'_>) -> Option<String> {
    static ABS_ID: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?:^|\s)abs\d").expect("abs id regex"));
    let by_attr = root
        .descendent_elements()
        .filter(|e| !NOT_ABSTRACT_CONTAINER.contains(&e.value().name()))
        .filter(|e| {
            let hay = attr_haystack(*e);
            hay.contains("abstract") || ABS_ID.is_match(&hay)
        })
        .filter(|e| !in_skipped_region(*e))
        .map(|e| strip_abstract_prefix(&element_text(e, ABSTRACT_OPTS).text))
        .find(|t| {
            t.split_whitespace().count() >= MIN_ABSTRACT_WORDS && t.len() <= MAX_ABSTRACT_CHARS
        });
    by_attr.or_else(|| {
        root.descendent_elements()
            .filter(|e| matches!(e.value().name(), "h1" | "h2" | "h3" | "h4"))
            .filter(|e| is_abstract_label(*e) && !in_skipped_region(*e))
            .map(|h| strip_abstract_prefix(&text_after_heading(h)))
            .find(|t| !t.is_empty())
    })
}

/// The text of the siblings after a heading, up to the next section; climbs out of wrappers
/// (`<div><h2>Abstract</h2></div><p>…`) when the heading has no following siblings.
fn text_after_heading(heading: ElementRef<'_>) -> String {
    let mut current = heading;
    for _ in 0..3 {
        let mut out = String::new();
        for sib in current.next_siblings() {
            match sib.value() {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => {
                    let Some(el) = ElementRef::wrap(sib) else {
                        continue;
                    };
                    if SKIPPED_TAGS.contains(&e.name()) {
                        continue;
                    }
                    if is_section_break(el) {
                        break;
                    }
                    if ABSTRACT_OPTS.drop_markers && is_marker_element(el) {
                        continue;
                    }
                    out.push(' ');
                    out.push_str(&element_text(el, ABSTRACT_OPTS).text);
                }
                _ => {}
            }
        }
        let out = collapse_ws(&out);
        if !out.is_empty() {
            return out;
        }
        match current.parent().and_then(ElementRef::wrap) {
            Some(p) if !matches!(p.value().name(), "body" | "html") => current = p,
            _ => break,
        }
    }
    String::new()
}

/// "Abstract: Text" → "Text".
fn strip_abstract_prefix(s: &str) -> String {
    static PREFIX: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^(?:(?i:abstract)\s*[:.–—-]|ABSTRACT\b|Abstract\s*$)\s*").expect("prefix")
    });
    PREFIX.replace(s.trim(), "").trim().to_string()
}

fn strip_tags(s: &str) -> String {
    static TAG: Lazy<Regex> = Lazy::new(|| Regex::new(r"<[^>]*>").expect("tag regex"));
    TAG.replace_all(s, " ").into_owned()
}

// ---------------------------------------------------------------------------------------------
// Notes: finding the note elements
// ---------------------------------------------------------------------------------------------

/// Notes proper (footnotes/endnotes) are preferred over reference lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Notes,
    References,
}

/// One element that holds one note, with the number its list position gives it.
#[derive(Clone, Copy)]
struct Candidate<'a> {
    el: ElementRef<'a>,
    kind: Kind,
    list_number: Option<u32>,
}

/// Tags never taken as a note container.
const NOT_NOTE_CONTAINER: &[&str] = &[
    "html", "body", "main", "article", "head", "meta", "link", "script", "style", "title", "a",
    "li", "button", "nav", "input", "img", "h1", "h2", "h3", "h4", "h5", "h6", "sup", "sub",
    "span", "i", "b", "em", "strong", "small", "abbr", "cite", "label", "option",
];

/// Tags that can hold one loose note (`<p class="footnote">`, `<div id="fn1">`).
const NOTE_ELEMENT_TAGS: &[&str] = &["p", "div", "aside", "li", "section", "dd", "blockquote"];

/// Which kind of note container an element's id/class/role names, if any.
fn container_kind(el: ElementRef<'_>) -> Option<Kind> {
    let name = el.value().name();
    if NOT_NOTE_CONTAINER.contains(&name) {
        return None;
    }
    let hay = attr_haystack(el);
    if hay.contains("notes") || hay.contains("fn-group") {
        return Some(Kind::Notes);
    }
    if [
        "references",
        "bibliography",
        "ref-list",
        "reflist",
        "doc-biblio",
    ]
    .iter()
    .any(|k| hay.contains(k))
    {
        return Some(Kind::References);
    }
    if matches!(name, "ol" | "ul") && (hay.contains("footnote") || hay.contains("endnote")) {
        return Some(Kind::Notes);
    }
    None
}

/// The kind a heading's text names ("Notes", "References", …), if any.
fn heading_kind(el: ElementRef<'_>) -> Option<Kind> {
    let text = short_text(el, 24)?;
    let label = text
        .trim()
        .trim_end_matches([':', '.'])
        .trim()
        .to_lowercase();
    match label.as_str() {
        "notes" | "note" | "endnotes" | "footnotes" | "chapter notes" => Some(Kind::Notes),
        "references" | "bibliography" | "works cited" | "literature cited" | "sources"
        | "reference list" => Some(Kind::References),
        _ => None,
    }
}

/// A single loose note: `<div id="fn1">`, `<p class="footnote">`, `<aside role="doc-footnote">`.
fn is_note_element(el: ElementRef<'_>) -> bool {
    static NOTE_ID: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^_?(?:fn|ftn|note|endnote|footnote|en)[-_:]?\d+$").expect("note id")
    });
    let v = el.value();
    if !NOTE_ELEMENT_TAGS.contains(&v.name()) {
        return false;
    }
    if v.id().is_some_and(|id| NOTE_ID.is_match(id)) {
        return true;
    }
    let hay = attr_haystack(el);
    let named = hay.split_whitespace().any(|token| {
        (token.contains("footnote") || token.contains("endnote"))
            && !["ref", "marker", "link", "back", "call", "anchor"]
                .iter()
                .any(|x| token.contains(x))
    });
    named && !hay.contains("notes")
}

/// The notes inside a container: its top-level `<li>`s, else loose note elements, else `<p>`s.
fn container_items<'a>(container: ElementRef<'a>, kind: Kind) -> Vec<Candidate<'a>> {
    let items = list_items(container, kind);
    if !items.is_empty() {
        return items;
    }
    let loose: Vec<_> = outermost(container, is_note_element)
        .into_iter()
        .map(|el| Candidate {
            el,
            kind,
            list_number: None,
        })
        .collect();
    if !loose.is_empty() {
        return loose;
    }
    let paragraphs = outermost(container, |e| e.value().name() == "p");
    let blocks = if paragraphs.is_empty() {
        container
            .child_elements()
            .filter(|e| {
                let name = e.value().name();
                !INLINE_TAGS.contains(&name)
                    && !SKIPPED_TAGS.contains(&name)
                    && !is_heading(*e)
                    && name != "br"
            })
            .collect()
    } else {
        paragraphs
    };
    blocks
        .into_iter()
        .map(|el| Candidate {
            el,
            kind,
            list_number: None,
        })
        .collect()
}

/// Descendants (not the root) matching `pred` that have no matching ancestor below the root.
fn outermost<'a>(
    root: ElementRef<'a>,
    pred: impl Fn(ElementRef<'a>) -> bool,
) -> Vec<ElementRef<'a>> {
    // A pruned iterative walk: linear in the tree size, whatever its depth.
    let mut found = Vec::new();
    let mut stack = vec![root.children()];
    while let Some(iter) = stack.last_mut() {
        let Some(node) = iter.next() else {
            stack.pop();
            continue;
        };
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        if SKIPPED_TAGS.contains(&el.value().name()) {
            continue;
        }
        if pred(el) {
            found.push(el);
        } else {
            stack.push(node.children());
        }
    }
    found
}

/// Top-level `<li>`s of the lists in a container, numbered by `<ol start>` / `value`.
fn list_items<'a>(container: ElementRef<'a>, kind: Kind) -> Vec<Candidate<'a>> {
    let lis = outermost(container, |e| e.value().name() == "li");
    let mut items = Vec::with_capacity(lis.len());
    let mut counter_parent: Option<ElementRef<'a>> = None;
    let mut counter: i64 = 1;
    for li in lis {
        let parent = li.parent().and_then(ElementRef::wrap);
        if parent != counter_parent {
            counter_parent = parent;
            counter = parent
                .and_then(|p| p.value().attr("start"))
                .and_then(|s| s.trim().parse::<i64>().ok())
                .unwrap_or(1);
        }
        if let Some(v) = li
            .value()
            .attr("value")
            .and_then(|s| s.trim().parse::<i64>().ok())
        {
            counter = v;
        }
        let in_ol = parent.is_some_and(|p| p.value().name() == "ol");
        let list_number = if in_ol {
            u32::try_from(counter).ok()
        } else {
            None
        };
        counter = counter.saturating_add(1);
        items.push(Candidate {
            el: li,
            kind,
            list_number,
        });
    }
    items
}

/// Note items after a "Notes"/"References" heading: the lists up to the next section, else the
/// paragraphs. Climbs out of a wrapper when the heading has no following siblings.
fn items_after_heading<'a>(heading: ElementRef<'a>, kind: Kind) -> Vec<Candidate<'a>> {
    let mut current = heading;
    for _ in 0..3 {
        let mut lists = Vec::new();
        let mut paragraphs = Vec::new();
        let mut any_sibling = false;
        for sib in current.next_siblings().filter_map(ElementRef::wrap) {
            if is_section_break(sib) || in_skipped_region(sib) {
                break;
            }
            any_sibling = true;
            let items = list_items(sib, kind);
            if !items.is_empty() {
                lists.extend(items);
            } else if matches!(sib.value().name(), "p" | "div") {
                paragraphs.push(Candidate {
                    el: sib,
                    kind,
                    list_number: None,
                });
            }
        }
        if !lists.is_empty() {
            return lists;
        }
        if !paragraphs.is_empty() {
            return paragraphs;
        }
        if any_sibling {
            break;
        }
        match current.parent().and_then(ElementRef::wrap) {
            Some(p) if !matches!(p.value().name(), "body" | "html") => current = p,
            _ => break,
        }
    }
    Vec::new()
}

/// Every candidate note element of the page, deduplicated, in document order, of one kind.
fn note_candidates(root: ElementRef<'_>) -> Vec<Candidate<'_>> {
    let mut found = Vec::new();

    // 1. Containers named notes/references (outermost that yields items).
    let mut accepted = HashSet::new();
    for el in root.descendent_elements() {
        let Some(kind) = container_kind(el) else {
            continue;
        };
        if el.ancestors().any(|a| accepted.contains(&a.id()))
            || in_skipped_region(el)
            || el.descendent_elements().any(|d| d.value().name() == "h1")
        {
            continue;
        }
        let items = container_items(el, kind);
        if !items.is_empty() {
            accepted.insert(el.id());
            found.extend(items);
        }
    }

    // 2. Lists after "Notes" / "References" headings.
    for heading in root.descendent_elements().filter(|e| is_heading(*e)) {
        if let Some(kind) = heading_kind(heading)
            && !in_skipped_region(heading)
        {
            found.extend(items_after_heading(heading, kind));
        }
    }

    // 3. Loose note elements anywhere.
    found.extend(
        outermost(root, is_note_element)
            .into_iter()
            .filter(|e| !in_skipped_region(*e))
            .map(|el| Candidate {
                el,
                kind: Kind::Notes,
                list_number: None,
            }),
    );

    let kind = if found.iter().any(|c| c.kind == Kind::Notes) {
        Kind::Notes
    } else {
        Kind::References
    };
    // First finding of an element wins (containers before headings before loose elements).
    let mut by_id = HashMap::new();
    for c in found.into_iter().filter(|c| c.kind == kind) {
        by_id.entry(c.el.id()).or_insert(c);
    }
    let mut emitted = HashSet::new();
    let mut ordered = Vec::new();
    for el in root.descendent_elements() {
        let Some(c) = by_id.get(&el.id()) else {
            continue;
        };
        if el.ancestors().any(|a| emitted.contains(&a.id())) {
            continue;
        }
        emitted.insert(el.id());
        ordered.push(*c);
    }
    ordered
}

// ---------------------------------------------------------------------------------------------
// Notes: numbers, text, lines
// ---------------------------------------------------------------------------------------------

const NOTE_OPTS: TextOptions = TextOptions {
    drop_markers: false,
    drop_abstract_label: false,
    drop_residue: true,
    capture_leading_marker: true,
};

static LEADING_NUMBER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,3})[.)](?:\s|$))\s*").expect("lead num")
});

static TRAILING_RESIDUE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?:\s*(?:Google Scholar|Crossref|CrossRef|PubMed(?: Central)?|Article|CAS|MathSciNet|Web of Science|↩[\x{FE0E}\x{FE0F}]?|↑|\^))+\s*$",
    )
    .expect("residue regex")
});

/// The notes in the page body, with numbers, cleaned text and source lines.
fn body_notes(root: ElementRef<'_>, loc: &Locator<'_>) -> Vec<Note> {
    let mut notes = Vec::new();
    let mut cursor = 0;
    let mut prev_line = 1;
    for c in note_candidates(root) {
        let extracted = element_text(c.el, NOTE_OPTS);
        let (number, text) = number_and_text(c, &extracted);
        if text.is_empty() {
            continue;
        }
        let line = match locate_element(loc, c.el, &text, cursor) {
            Some(start) => {
                cursor = start + 1;
                loc.line_of(start)
            }
            None => prev_line,
        };
        prev_line = line;
        notes.push(Note::new(number, line, text));
    }
    notes
}

/// A note's number (value, data-counter, leading marker or "1.", list position, id) and its
/// text without that leading number and without trailing link residue.
fn number_and_text(c: Candidate<'_>, extracted: &Extracted) -> (Option<u32>, String) {
    let v = c.el.value();
    let mut text = TRAILING_RESIDUE
        .replace(&extracted.text, "")
        .trim()
        .to_string();
    let from_text = LEADING_NUMBER.captures(&text).and_then(|caps| {
        let n = (1..=3)
            .find_map(|i| caps.get(i))?
            .as_str()
            .parse::<u32>()
            .ok()?;
        Some((n, caps.get(0)?.end()))
    });
    let number = v
        .attr("value")
        .and_then(|s| s.trim().parse::<u32>().ok())
        .or_else(|| {
            v.attr("data-counter")
                .and_then(|s| leading_digits(s.trim()))
        })
        .or(extracted.leading_marker)
        .or(from_text.map(|(n, _)| n))
        .or(c.list_number)
        .or_else(|| first_id(c.el).and_then(id_number));
    if let Some((n, end)) = from_text
        && Some(n) == number
    {
        text = text.get(end..).unwrap_or_default().trim().to_string();
    }
    (number, text)
}

/// The note number an id carries: `fn12`, `ref-CR12`, `cite_note-12`, `B12`.
fn id_number(id: &str) -> Option<u32> {
    static ID_NUM: Lazy<Regex> = Lazy::new(|| {
        Regex::new(
            r"(?i)(?:^|[^a-z])(?:fn|ftn|note|endnote|footnote|en|ref|cr|bib|b|r|c)[-_:]?(\d{1,4})$",
        )
        .expect("id number")
    });
    ID_NUM.captures(id)?.get(1)?.as_str().parse().ok()
}

/// The element's own id, else the first id among its first few descendants.
fn first_id(el: ElementRef<'_>) -> Option<&str> {
    el.descendent_elements()
        .take(8)
        .find_map(|e| e.value().id())
        .filter(|id| !id.trim().is_empty())
}

/// Byte offset where a note element starts in the raw text, searching from `from`: by its id
/// attribute, else by the start of its text (then back to the opening tag).
fn locate_element(loc: &Locator<'_>, el: ElementRef<'_>, text: &str, from: usize) -> Option<usize> {
    let tag = el.value().name();
    if let Some(id) = first_id(el)
        && let Some(p) = loc.find_id_attr(id, from)
    {
        let start = if el.value().id() == Some(id) {
            loc.tag_start_before(p)
        } else {
            loc.rfind_tag_open(tag, from, p)
                .unwrap_or_else(|| loc.tag_start_before(p))
        };
        return Some(start.max(from));
    }
    let p = loc.find_text(text, from)?;
    Some(loc.rfind_tag_open(tag, from, p).unwrap_or(p))
}

// ---------------------------------------------------------------------------------------------
// Notes from citation_reference meta tags
// ---------------------------------------------------------------------------------------------

fn meta_reference_notes(meta: &Meta, loc: &Locator<'_>) -> Vec<Note> {
    let mut notes = Vec::new();
    let mut cursor = 0;
    let mut prev_line = 1;
    for content in meta.all("citation_reference") {
        let text = render_reference(&content);
        if text.is_empty() {
            continue;
        }
        let line = match loc.find_ascii_ci("citation_reference", cursor) {
            Some(p) => {
                cursor = p + 1;
                loc.line_of(loc.tag_start_before(p))
            }
            None => prev_line,
        };
        prev_line = line;
        let number = u32::try_from(notes.len() + 1).ok();
        notes.push(Note::new(number, line, text));
    }
    notes
}

/// A `citation_reference` content as one readable line: key=value form becomes
/// "Author, Author. Title. Journal, Year."; plain text is kept (tags stripped).
fn render_reference(content: &str) -> String {
    static KEY: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"citation_([a-z_]+)\s*=").expect("reference key"));
    let keys: Vec<_> = KEY.captures_iter(content).collect();
    if keys.is_empty() {
        return collapse_ws(&strip_tags(content));
    }
    let mut fields: Vec<(&str, String)> = Vec::new();
    for (i, caps) in keys.iter().enumerate() {
        let (Some(whole), Some(name)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        let end = keys
            .get(i + 1)
            .and_then(|next| next.get(0))
            .map_or(content.len(), |m| m.start());
        let value = content.get(whole.end()..end).unwrap_or_default();
        let value = collapse_ws(value.trim().trim_end_matches(';'));
        if !value.is_empty() {
            fields.push((name.as_str(), value));
        }
    }
    let get = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()))
    };
    let authors: Vec<String> = fields
        .iter()
        .filter(|(n, _)| *n == "author" || *n == "authors")
        .flat_map(|(_, v)| v.split(';').map(|a| a.trim().to_string()))
        .filter(|a| !a.is_empty())
        .collect();
    let title = get(&["title", "article_title", "chapter_title"]);
    let venue = get(&[
        "journal_title",
        "inbook_title",
        "book_title",
        "conference_title",
        "journal_abbrev",
        "publisher",
    ]);
    let year = get(&["publication_date", "date", "year", "online_date"])
        .and_then(|d| first_year(&d))
        .map(|y| y.to_string());
    let last = [venue, year]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    let pieces = [Some(authors.join(", ")), title, Some(last)];
    let mut out = String::new();
    for piece in pieces.into_iter().flatten() {
        let piece = piece.trim().trim_end_matches('.').trim();
        if piece.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(piece);
        if !piece.ends_with(['?', '!']) {
            out.push('.');
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Source positions
// ---------------------------------------------------------------------------------------------

/// Finds where things are in the raw HTML text, which scraper does not record.
///
/// Text is matched on a "stream" of the page's alphanumeric characters outside tags, comments,
/// scripts and styles, with entities decoded (through html5ever itself, so the decoding agrees
/// with the DOM text), each mapped back to its byte offset in the raw text.
struct Locator<'a> {
    raw: &'a str,
    line_starts: Vec<usize>,
    lower: OnceCell<String>,
    stream: OnceCell<Vec<(char, u32)>>,
}

/// How many leading alphanumeric characters of a note's text are searched for.
const NEEDLE_CHARS: usize = 30;

impl<'a> Locator<'a> {
    fn new(raw: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(raw.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Locator {
            raw,
            line_starts,
            lower: OnceCell::new(),
            stream: OnceCell::new(),
        }
    }

    /// 1-based line of a byte offset.
    fn line_of(&self, pos: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= pos).max(1)
    }

    fn lower(&self) -> &str {
        self.lower.get_or_init(|| self.raw.to_ascii_lowercase())
    }

    /// First case-insensitive occurrence of an ASCII literal at or after `from`.
    fn find_ascii_ci(&self, literal: &str, from: usize) -> Option<usize> {
        let lower = self.lower();
        let from = ceil_boundary(lower, from);
        lower
            .get(from..)?
            .find(&literal.to_ascii_lowercase())
            .map(|i| i + from)
    }

    /// The `<` that opens the tag containing byte offset `pos` (or `pos` itself).
    fn tag_start_before(&self, pos: usize) -> usize {
        let pos = pos.min(self.raw.len());
        self.raw.as_bytes()[..pos]
            .iter()
            .rposition(|&b| b == b'<')
            .unwrap_or(pos)
    }

    /// The last `<tag` (followed by space, `>` or `/`) in `floor..before`.
    fn rfind_tag_open(&self, tag: &str, floor: usize, before: usize) -> Option<usize> {
        let bytes = self.lower().as_bytes();
        let tag = tag.as_bytes();
        let before = before.min(bytes.len());
        (floor..before).rev().find(|&i| {
            bytes[i] == b'<'
                && bytes.get(i + 1..i + 1 + tag.len()) == Some(tag)
                && bytes
                    .get(i + 1 + tag.len())
                    .is_none_or(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
        })
    }

    /// Offset of an `id="…"` attribute with exactly this value, at or after `from`: the first
    /// `id=` after whitespace whose value (in double, single or no quotes) is `id`. One scan
    /// that stops at the first such attribute (searching for each quoting separately went to the
    /// end of the page for the quotings it does not use, for every note).
    fn find_id_attr(&self, id: &str, from: usize) -> Option<usize> {
        let bytes = self.raw.as_bytes();
        let mut start = ceil_boundary(self.raw, from);
        loop {
            let p = self.raw.get(start..)?.find("id=")? + start;
            let value = &self.raw[p + 3..];
            let matches = match value.as_bytes().first() {
                Some(&q @ (b'"' | b'\'')) => value[1..]
                    .strip_prefix(id)
                    .is_some_and(|rest| rest.as_bytes().first() == Some(&q)),
                _ => value
                    .strip_prefix(id)
                    .is_some_and(|rest| rest.starts_with(['>', ' '])),
            };
            if matches && p > 0 && bytes[p - 1].is_ascii_whitespace() {
                return Some(p);
            }
            start = p + 3;
        }
    }

    /// Byte offset of the first character of `text` in the raw page at or after `from`, matching
    /// its first alphanumeric characters against the text stream.
    fn find_text(&self, text: &str, from: usize) -> Option<usize> {
        let needle: Vec<char> = text
            .chars()
            .filter(|c| c.is_alphanumeric())
            .take(NEEDLE_CHARS)
            .collect();
        if needle.is_empty() {
            return None;
        }
        let stream = self
            .stream
            .get_or_init(|| build_stream(self.raw, self.lower()));
        let start = stream.partition_point(|&(_, off)| (off as usize) < from);
        let hay = stream.get(start..)?;
        hay.windows(needle.len())
            .find(|w| w.iter().map(|(c, _)| *c).eq(needle.iter().copied()))
            .map(|w| w[0].1 as usize)
    }
}

/// The smallest char boundary at or after `i` (or the length).
fn ceil_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The alphanumeric characters of the page's text content, with their raw byte offsets.
/// `lower` is `raw` ASCII-lowercased (same byte offsets).
fn build_stream(raw: &str, lower: &str) -> Vec<(char, u32)> {
    let mut out = Vec::new();
    if u32::try_from(raw.len()).is_err() {
        return out;
    }
    let bytes = raw.as_bytes();
    let entities = RefCell::new(HashMap::<String, String>::new());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'<' => {
                if let Some(next) = skip_markup(raw, lower, i) {
                    i = next;
                    continue;
                }
                i += 1;
            }
            b'&' => {
                let end = entity_end(bytes, i);
                if end > i + 1 {
                    let raw_entity = raw.get(i..end).unwrap_or_default();
                    let mut cache = entities.borrow_mut();
                    let decoded = cache
                        .entry(raw_entity.to_string())
                        .or_insert_with(|| decode_entity(raw_entity));
                    // Offsets fit in u32: checked above.
                    out.extend(
                        decoded
                            .chars()
                            .filter(|c| c.is_alphanumeric())
                            .map(|c| (c, i as u32)),
                    );
                    i = end;
                } else {
                    i += 1;
                }
            }
            _ => {
                let Some(c) = raw.get(i..).and_then(|s| s.chars().next()) else {
                    i += 1;
                    continue;
                };
                if c.is_alphanumeric() {
                    out.push((c, i as u32));
                }
                i += c.len_utf8();
            }
        }
    }
    out
}

/// Where an entity reference starting at `&` ends: `&name;`, `&#123;`, `&#x1F;`, or `&name`.
fn entity_end(bytes: &[u8], amp: usize) -> usize {
    let mut j = amp + 1;
    if bytes.get(j) == Some(&b'#') {
        j += 1;
        if matches!(bytes.get(j), Some(b'x' | b'X')) {
            j += 1;
        }
    }
    let body_start = j;
    while j < bytes.len() && j - body_start < 32 && bytes[j].is_ascii_alphanumeric() {
        j += 1;
    }
    if j == body_start {
        return amp + 1;
    }
    if bytes.get(j) == Some(&b';') {
        j += 1;
    }
    j
}

/// Decode one entity reference exactly as the HTML parser does in text content.
fn decode_entity(entity: &str) -> String {
    Html::parse_fragment(entity).root_element().text().collect()
}

/// If a `<` at `i` opens markup (tag, comment, doctype), the offset just after it; script and
/// style elements are skipped with their content. `lower` is `raw` ASCII-lowercased.
fn skip_markup(raw: &str, lower: &str, i: usize) -> Option<usize> {
    let bytes = raw.as_bytes();
    let rest = raw.get(i..)?;
    if rest.starts_with("<!--") {
        return Some(
            rest.get(4..)?
                .find("-->")
                .map_or(raw.len(), |p| i + 4 + p + 3),
        );
    }
    let next = *bytes.get(i + 1)?;
    if next == b'!' || next == b'?' {
        return Some(rest.find('>').map_or(raw.len(), |p| i + p + 1));
    }
    let closing = next == b'/';
    let name_start = if closing { i + 2 } else { i + 1 };
    if !bytes.get(name_start)?.is_ascii_alphabetic() {
        return None;
    }
    let name_end = (name_start..bytes.len())
        .find(|&j| !bytes[j].is_ascii_alphanumeric())
        .unwrap_or(bytes.len());
    let after_tag = tag_end(bytes, name_start);
    let name = raw.get(name_start..name_end)?.to_ascii_lowercase();
    if !closing && (name == "script" || name == "style") {
        let lower_rest = lower.get(after_tag..)?;
        let close = format!("</{name}");
        return Some(match lower_rest.find(close.as_str()) {
            Some(p) => tag_end(bytes, after_tag + p + 2),
            None => raw.len(),
        });
    }
    Some(after_tag)
}

/// Offset just after the `>` closing a tag (quote-aware, falling back to the first `>`).
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote: Option<u8> = None;
    let mut prev_non_ws = 0u8;
    for (j, &b) in bytes.iter().enumerate().skip(from) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if (b == b'"' || b == b'\'') && prev_non_ws == b'=' => quote = Some(b),
            None if b == b'>' => return j + 1,
            None => {}
        }
        if !b.is_ascii_whitespace() {
            prev_non_ws = b;
        }
    }
    bytes
        .iter()
        .skip(from)
        .position(|&b| b == b'>')
        .map_or(bytes.len(), |p| from + p + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 1-based line of the first line containing `needle`.
    fn line_containing(text: &str, needle: &str) -> usize {
        text.lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
            .expect("needle in text")
    }

    #[test]
    fn id_attribute_found_in_every_quoting_and_only_as_an_attribute() {
        let raw = "<p data-id=\"fn1\">x</p>\n<p id=\"fn10\">a</p>\n<p id=\"fn1\">b</p>\n\
                   <li id='fn2'>c</li> <li id=fn3>d</li> <li id=fn4 class=n>e</li>";
        let loc = Locator::new(raw);
        let at = |id: &str, from: usize| loc.find_id_attr(id, from).map(|p| &raw[p..p + 10]);
        assert_eq!(at("fn1", 0), Some("id=\"fn1\">b"));
        assert_eq!(at("fn10", 0), Some("id=\"fn10\">"));
        assert_eq!(at("fn2", 0), Some("id='fn2'>c"));
        assert_eq!(at("fn3", 0), Some("id=fn3>d</"));
        assert_eq!(at("fn4", 0), Some("id=fn4 cla"));
        // Not before `from`, and not a value that only starts with the id.
        let after = raw.rfind("id=\"fn1\"").unwrap() + 1;
        assert_eq!(at("fn1", after), None);
        assert_eq!(at("fn", 0), None);
        assert_eq!(at("fn5", 0), None);
    }

    const FULL: &str = r##"<!DOCTYPE html>
<html lang="en">
<head>
<title>Alliance Politics | Example Press</title>
<meta name="citation_title" content="Alliance Politics in Northeast Asia">
<meta name="citation_author" content="Sakata, Yasuyo">
<meta name="citation_author" content="Cha, Victor D.">
<meta name="citation_publication_date" content="2019/05/14">
<meta name="citation_doi" content="https://doi.org/10.1007/978-1-2345-6789-0_4">
<meta name="citation_inbook_title" content="The U.S.-Japan Alliance Revisited">
<meta name="citation_journal_title" content="Not The Book">
<meta name="citation_publisher" content="Example Press">
<meta name="citation_editor" content="Tanaka, Hiroshi">
<script>var notes = "<li>not a note</li>";</script>
</head>
<body>
<nav><ul><li>Home</li><li>Notes</li></ul></nav>
<h1>Alliance Politics in Northeast Asia</h1>
<section id="Abs1">
  <h2>Abstract</h2>
  <p>Japan and Korea have long been bound together.<sup>1</sup> The alliance
  with the United States framed that bond.</p>
</section>
<section class="chapter-notes">
  <h2>Notes</h2>
  <ol>
    <li>Mutsu Munemitsu, <i>Kenkenroku</i> (Tokyo: Iwanami Shoten, 1983), 12.</li>
    <li>
      Victor D. Cha, <i>Alignment Despite Antagonism</i> (Stanford: Stanford University Press, 1999).
    </li>
    <li>Ibid., 45. <a href="#ref3">↩</a></li>
  </ol>
</section>
<footer><ol><li>Site footer item</li></ol></footer>
</body>
</html>
"##;

    #[test]
    fn full_page_metadata_abstract_and_notes() {
        let c = parse("full.html", FULL);
        assert_eq!(c.format, Format::Html);
        assert_eq!(c.title, "Alliance Politics in Northeast Asia");
        assert_eq!(c.authors, vec!["Sakata, Yasuyo", "Cha, Victor D."]);
        assert_eq!(c.editors, vec!["Tanaka, Hiroshi"]);
        assert_eq!(c.year, Some(2019));
        assert_eq!(c.doi.as_deref(), Some("10.1007/978-1-2345-6789-0_4"));
        assert_eq!(c.book.as_deref(), Some("The U.S.-Japan Alliance Revisited"));
        assert_eq!(c.publisher.as_deref(), Some("Example Press"));
        assert_eq!(
            c.abstract_text.as_deref(),
            Some(
                "Japan and Korea have long been bound together. The alliance with the United States framed that bond."
            )
        );
        assert_eq!(
            c.abstract_line,
            Some(line_containing(FULL, "Japan and Korea have"))
        );
        let numbers: Vec<_> = c.notes.iter().map(|n| n.number).collect();
        assert_eq!(numbers, vec![Some(1), Some(2), Some(3)]);
        assert_eq!(
            c.notes[0].text,
            "Mutsu Munemitsu, Kenkenroku (Tokyo: Iwanami Shoten, 1983), 12."
        );
        assert_eq!(
            c.notes[1].text,
            "Victor D. Cha, Alignment Despite Antagonism (Stanford: Stanford University Press, 1999)."
        );
        assert_eq!(c.notes[2].text, "Ibid., 45.");
        assert!(c.notes.iter().all(|n| n.citations.is_empty()));
        assert!(c.warnings.is_empty());
    }

    #[test]
    fn note_lines_point_at_the_li() {
        let c = parse("full.html", FULL);
        assert_eq!(c.notes[0].line, line_containing(FULL, "Mutsu Munemitsu"));
        // The second <li> opens on the line before its text.
        assert_eq!(
            c.notes[1].line,
            line_containing(FULL, "Victor D. Cha, <i>") - 1
        );
        assert_eq!(c.notes[2].line, line_containing(FULL, "Ibid., 45."));
    }

    #[test]
    fn citation_reference_only() {
        let html = r#"<html><head>
<meta name="citation_title" content="Reference Only">
<meta name="citation_reference" content="citation_title=Alignment Despite Antagonism; citation_author=Cha, Victor D.; citation_publication_date=1999; citation_journal_title=Stanford University Press">
<meta name="citation_reference" content="Mutsu M (1983) Kenkenroku. Iwanami Shoten, Tokyo">

<meta name="citation_reference" content="citation_author=Sakata, Y.; citation_author=Tanaka, H.; citation_title=Nikkan kankei no tenkai; citation_date=2005-04-01">
</head><body><p>Body text without notes.</p></body></html>"#;
        let c = parse("refs.html", html);
        assert_eq!(c.title, "Reference Only");
        let texts: Vec<_> = c.notes.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "Cha, Victor D. Alignment Despite Antagonism. Stanford University Press, 1999.",
                "Mutsu M (1983) Kenkenroku. Iwanami Shoten, Tokyo",
                "Sakata, Y., Tanaka, H. Nikkan kankei no tenkai. 2005.",
            ]
        );
        let numbers: Vec<_> = c.notes.iter().map(|n| n.number).collect();
        assert_eq!(numbers, vec![Some(1), Some(2), Some(3)]);
        let lines: Vec<_> = c.notes.iter().map(|n| n.line).collect();
        assert_eq!(lines, vec![3, 4, 6]);
    }

    #[test]
    fn body_notes_win_over_citation_reference() {
        let html = r#"<html><head><meta name="citation_reference" content="Meta ref"></head>
<body><h2>Notes</h2><ol><li>Body note.</li></ol></body></html>"#;
        let c = parse("x.html", html);
        assert_eq!(c.notes.len(), 1);
        assert_eq!(c.notes[0].text, "Body note.");
    }

    #[test]
    fn page_without_meta_tags() {
        let html = "<html><head><title>Fallback Title | Site</title></head><body>\n\
                    <h1>  Korea and   Japan </h1>\n<div class=\"abstract-toggle\">Show abstract</div>\n<div class=\"abstract\"><p>A short abstract about Korea.</p></div>\n\
                    <h3>Endnotes</h3>\n<p>1. First endnote.</p>\n<p>2. Second endnote.</p>\n</body></html>";
        let c = parse("plain.html", html);
        assert_eq!(c.title, "Korea and Japan");
        assert!(c.authors.is_empty());
        assert_eq!(c.year, None);
        assert_eq!(
            c.abstract_text.as_deref(),
            Some("A short abstract about Korea.")
        );
        let notes: Vec<_> = c
            .notes
            .iter()
            .map(|n| (n.number, n.text.as_str(), n.line))
            .collect();
        assert_eq!(
            notes,
            vec![
                (Some(1), "First endnote.", 6),
                (Some(2), "Second endnote.", 7)
            ]
        );
    }

    #[test]
    fn title_falls_back_to_title_element_then_meta_fallbacks() {
        let c = parse(
            "t.html",
            "<html><head><title>Only | Site</title></head><body></body></html>",
        );
        assert_eq!(c.title, "Only");
        let c = parse(
            "t.html",
            r#"<head><meta name="DC.title" content="DC Title"><meta property="og:title" content="OG">
<meta name="DC.creator" content="Kimura, K."><meta name="dc.date" content="c. 2001"></head><h1>H</h1>"#,
        );
        assert_eq!(c.title, "DC Title");
        assert_eq!(c.authors, vec!["Kimura, K."]);
        assert_eq!(c.year, Some(2001));
        let c = parse("t.html", "<p>nothing</p>");
        assert_eq!(c.title, "");
        assert_eq!(c.warnings.len(), 1);
    }

    #[test]
    fn ol_start_and_value_number_notes() {
        let html = "<div class=\"footnotes\"><ol start=\"5\">\n<li>Five.</li>\n<li>Six.</li>\n\
                    <li value=\"10\">Ten.</li>\n<li>Eleven.</li></ol></div>";
        let c = parse("s.html", html);
        let got: Vec<_> = c
            .notes
            .iter()
            .map(|n| (n.number, n.text.as_str(), n.line))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some(5), "Five.", 2),
                (Some(6), "Six.", 3),
                (Some(10), "Ten.", 4),
                (Some(11), "Eleven.", 5)
            ]
        );
    }

    #[test]
    fn sup_and_anchor_markers_removed_from_abstract() {
        let html = r##"<div class="abstract"><h3>Abstract:</h3><p>Tokyo hesitated.<sup>1</sup>
Seoul waited<sup><a href="#fn2">2</a></sup> and Washington<a href="#fn3">[3]</a> pressed.<sup>4–6</sup>
See <a href="#sec2">section 2</a> and 10<sup>th</sup> item.</p></div>"##;
        let c = parse("a.html", html);
        assert_eq!(
            c.abstract_text.as_deref(),
            Some(
                "Tokyo hesitated. Seoul waited and Washington pressed. See section 2 and 10th item."
            )
        );
    }

    #[test]
    fn abstract_after_heading_and_meta_fallback() {
        let html = "<body><h2>Abstract</h2><p>First para.</p><p>Second <b>para</b>.</p>\
                    <h2>Introduction</h2><p>Not abstract.</p></body>";
        let c = parse("h.html", html);
        assert_eq!(c.abstract_text.as_deref(), Some("First para. Second para."));

        let html = "<head>\n<meta name=\"citation_abstract\" content=\"&lt;p&gt;Abstract: Meta text.&lt;/p&gt;\">\n</head>";
        let c = parse("m.html", html);
        assert_eq!(c.abstract_text.as_deref(), Some("Meta text."));
        assert_eq!(c.abstract_line, Some(2));
    }

    #[test]
    fn aria_labelled_abstract_section() {
        let html = r#"<section aria-labelledby="abstract"><h2 id="abstract">ABSTRACT</h2>
<p>Relations&nbsp;soured in 2019.</p></section>"#;
        let c = parse("l.html", html);
        assert_eq!(
            c.abstract_text.as_deref(),
            Some("Relations soured in 2019.")
        );
        assert_eq!(c.abstract_line, Some(2));
    }

    #[test]
    fn malformed_html_does_not_panic_and_yields_what_it_can() {
        let html = "<html><head><meta name=\"citation_title\" content=\"Broken <b>page\"\n\
                    <body><div class=\"notes\"><ol><li>One &amp unclosed <i>italic\n<li>Two <<<>>> &#xZZ; \
                    &#99999999; <p>stray\n</ol></div><div id=\"fn9\"><span>Loose nine</div></span>\
                    <a href=\"x\" <li>garbage &";
        let c = parse("bad.html", html);
        assert_eq!(c.title, "Broken <b>page");
        assert!(c.notes.len() >= 2, "{:?}", c.notes);
        assert_eq!(c.notes[0].number, Some(1));
        assert!(c.notes[0].text.starts_with("One & unclosed italic"));
        assert_eq!(c.notes[1].number, Some(2));
        assert_eq!(c.notes[1].line, 3);
        for junk in [
            "",
            "<",
            "&",
            "<!--",
            "<script>",
            "<li",
            "</",
            "<!doctype",
            "&#",
            "<a href='",
        ] {
            let _ = parse("junk.html", junk);
        }
    }

    #[test]
    fn deeply_nested_html_does_not_overflow() {
        let mut html = String::from("<div class=\"notes\"><ol><li>");
        html.push_str(&"<span>".repeat(20_000));
        html.push_str("Deep note.");
        let c = parse("deep.html", &html);
        assert_eq!(c.notes.len(), 1);
        assert_eq!(c.notes[0].text, "Deep note.");
    }

    #[test]
    fn entity_heavy_note_text_and_lines() {
        let html = "<html><body>\n<p>Body mentions &#8220;Nikkan&#8221; once.</p>\n<div id=\"endnotes\">\n<ol>\n\
<li>\n  &#8220;Nikkan kankei&#8221; &amp; the &lsquo;alliance&rsquo;&nbsp;&mdash; T&omacr;ky&omacr; &#x2013; 1965.\n</li>\n\
<li>Kimura Kan, &ldquo;Nikkan rekishi ninshiki mondai to wa nani ka&rdquo; (Kyoto: Minerva Shob&#333;, 2014).</li>\n\
</ol>\n</div></body></html>";
        let c = parse("e.html", html);
        assert_eq!(c.notes.len(), 2);
        assert_eq!(
            c.notes[0].text,
            "“Nikkan kankei” & the ‘alliance’ — Tōkyō – 1965."
        );
        assert_eq!(
            c.notes[0].line,
            line_containing(html, "&#8220;Nikkan kankei") - 1
        );
        assert_eq!(
            c.notes[1].text,
            "Kimura Kan, “Nikkan rekishi ninshiki mondai to wa nani ka” (Kyoto: Minerva Shobō, 2014)."
        );
        assert_eq!(c.notes[1].line, line_containing(html, "Kimura Kan"));
    }

    #[test]
    fn loose_footnote_shapes() {
        let html = "<body><p>Text.<a href=\"#fn1\">1</a></p>\n<hr>\n\
<p class=\"footnote\"><a href=\"#r1\">[1]</a> Word-style first note.</p>\n\
<div id=\"fn2\"><p>Second note by id.</p></div>\n\
<p class=\"footnote\">3. Third note.</p></body>";
        let c = parse("f.html", html);
        let got: Vec<_> = c
            .notes
            .iter()
            .map(|n| (n.number, n.text.as_str(), n.line))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some(1), "Word-style first note.", 3),
                (Some(2), "Second note by id.", 4),
                (Some(3), "Third note.", 5)
            ]
        );
    }

    #[test]
    fn references_used_only_without_notes_and_residue_removed() {
        let refs = r##"<section data-title="References"><ol class="c-article-references">
<li data-counter="1."><p id="ref-CR1">Cha VD (1999) Alignment despite antagonism. Stanford University Press, Stanford</p>
<p><a href="https://scholar.google.com">Google Scholar</a> <a href="#">Crossref</a></p></li>
<li data-counter="2."><p id="ref-CR2">Kimura K (2019) The burden of the past. Cambridge University Press</p></li>
</ol></section>"##;
        let c = parse("r.html", refs);
        let got: Vec<_> = c
            .notes
            .iter()
            .map(|n| (n.number, n.text.as_str(), n.line))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    Some(1),
                    "Cha VD (1999) Alignment despite antagonism. Stanford University Press, Stanford",
                    2
                ),
                (
                    Some(2),
                    "Kimura K (2019) The burden of the past. Cambridge University Press",
                    4
                )
            ]
        );
        let with_notes = format!(
            "<section data-title=\"Notes\"><ol><li id=\"Fn1\">A real footnote. ^</li></ol></section>{refs}"
        );
        let c = parse("n.html", &with_notes);
        assert_eq!(c.notes.len(), 1);
        assert_eq!(c.notes[0].text, "A real footnote.");
    }

    #[test]
    fn springer_like_markup() {
        let html = r##"<html><head><meta name="citation_title" content="Seoul in the Alliance Mirror"></head>
<body><header><h1 class="c-article-title">Seoul in the Alliance Mirror</h1></header>
<section data-title="Abstract" lang="en"><div class="c-article-section" id="Abs1-section">
<h2 class="c-article-section__title js-section-title" id="Abs1">Abstract</h2>
<div class="c-article-section__content" id="Abs1-content"><p>Seen from Tokyo, the peninsula was a pivot.<sup><a data-track="click" href="#Fn1">1</a></sup> Seen from Washington it was a front line.</p></div></div></section>
<div class="c-preview">This is a preview of subscription content.</div>
<section data-title="Notes"><div class="c-article-section" id="notes-section">
<h2 class="c-article-section__title" id="notes">Notes</h2>
<div class="c-article-section__content" id="notes-content"><ol class="c-article-footnote c-article-footnote--listed">
<li class="c-article-footnote--listed__item" id="Fn1" data-counter="1.">
<div class="c-article-footnote--listed__content"><p>Ōta Osamu, <i>Nikkan kōshō</i> (Tokyo: Kurein, 2003), 9.</p></div></li>
<li class="c-article-footnote--listed__item" id="Fn2" data-counter="2."><div class="c-article-footnote--listed__content"><p>Ibid., 10.</p></div></li>
</ol></div></div></section>
<section data-title="References"><div class="c-article-section" id="Bib1-section"><h2 id="Bib1">References</h2>
<ol class="c-article-references"><li class="c-article-references__item" data-counter="1."><p class="c-article-references__text" id="ref-CR1">Ōta O (2003) Nikkan kōshō. Kurein, Tokyo</p>
<p class="c-article-references__links"><a href="https://scholar.google.com/">Google Scholar</a></p></li></ol></div></section>
</body></html>"##;
        let c = parse("springer.html", html);
        assert_eq!(
            c.abstract_text.as_deref(),
            Some(
                "Seen from Tokyo, the peninsula was a pivot. Seen from Washington it was a front line."
            )
        );
        assert_eq!(
            c.abstract_line,
            Some(line_containing(html, "Seen from Tokyo"))
        );
        let got: Vec<_> = c
            .notes
            .iter()
            .map(|n| (n.number, n.text.as_str(), n.line))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    Some(1),
                    "Ōta Osamu, Nikkan kōshō (Tokyo: Kurein, 2003), 9.",
                    line_containing(html, "id=\"Fn1\"")
                ),
                (Some(2), "Ibid., 10.", line_containing(html, "id=\"Fn2\""))
            ]
        );
    }

    #[test]
    fn wikipedia_like_reference_list() {
        let html = r##"<div class="reflist"><ol class="references">
<li id="cite_note-1"><span class="mw-cite-backlink"><b><a href="#cite_ref-1">^</a></b></span> <span class="reference-text">Kan Kimura, <i>The Burden of the Past</i> (2019).</span></li>
<li id="cite_note-2"><span class="mw-cite-backlink">^ <a href="#cite_ref-2a">a</a> <a href="#cite_ref-2b">b</a></span> <span class="reference-text">Cha 1999, p. 3.</span></li>
</ol></div>"##;
        let c = parse("w.html", html);
        let got: Vec<_> = c
            .notes
            .iter()
            .map(|n| (n.number, n.text.as_str(), n.line))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some(1), "Kan Kimura, The Burden of the Past (2019).", 2),
                (Some(2), "Cha 1999, p. 3.", 3)
            ]
        );
    }

    #[test]
    fn helpers() {
        assert_eq!(first_year("2019-03-01"), Some(2019));
        assert_eq!(first_year("20190301"), Some(2019));
        assert_eq!(first_year("May 12, 1965"), Some(1965));
        assert_eq!(first_year("n.d."), None);
        assert_eq!(strip_doi_prefix("doi: 10.1/ABC"), "10.1/ABC");
        assert_eq!(strip_doi_prefix("http://dx.doi.org/10.1/x"), "10.1/x");
        assert_eq!(id_number("ref-CR12"), Some(12));
        assert_eq!(id_number("fn3"), Some(3));
        assert_eq!(id_number("cite_note-7"), Some(7));
        assert_eq!(id_number("tab1"), None);
        assert_eq!(
            render_reference("citation_title=Why?; citation_year=2001"),
            "Why? 2001."
        );
    }

    const SAMPLE: &str = include_str!("../../tests/data/html_sample.html");

    #[test]
    fn sample_page() {
        let c = parse("tests/data/html_sample.html", SAMPLE);
        assert_eq!(
            c.title,
            "Triangular Ties: Japan, South Korea and the United States after Normalization"
        );
        assert_eq!(c.authors, vec!["Hoshino, Akane", "Lee, Daniel J."]);
        assert_eq!(c.year, Some(2021));
        assert_eq!(c.doi.as_deref(), Some("10.9999/sample-2021-07"));
        assert_eq!(c.book.as_deref(), Some("Alliances in Transition"));
        let abs = c.abstract_text.as_deref().unwrap_or_default();
        assert!(abs.starts_with("When Tokyo and Seoul normalized"), "{abs}");
        assert!(!abs.contains("Abstract"));
        assert!(!abs.contains("ambiguity.1"), "marker left in: {abs}");
        assert_eq!(
            c.abstract_line,
            Some(line_containing(SAMPLE, "When Tokyo and Seoul"))
        );
        assert_eq!(c.notes.len(), 8);
        for (i, note) in c.notes.iter().enumerate() {
            assert_eq!(note.number, Some(i as u32 + 1));
            assert!(!note.text.contains("Google Scholar") && !note.text.contains('↩'));
        }
        assert_eq!(
            c.notes[1].text,
            "Hoshino Akane, “Nikkan kokkō seijōka to Amerika” [Japan–Korea normalization and America], Kokusai Seiji 180 (2015): 44–59."
        );
        assert_eq!(c.notes[0].line, line_containing(SAMPLE, "id=\"fn1\""));
        assert_eq!(c.notes[3].line, line_containing(SAMPLE, "id=\"fn4\""));
        assert_eq!(c.notes[7].line, line_containing(SAMPLE, "id=\"fn8\""));
        assert!(c.notes[4].text.starts_with("Ibid"));
    }

    #[test]
    fn shared_fixture_parses_without_panic_when_present() {
        let path = "/work/shared/fixtures/000_b0af606797a47d4b.txt";
        let Ok(text) = std::fs::read_to_string(path) else {
            return;
        };
        let c = parse(path, &text);
        let lines = text.lines().count().max(1);
        assert!(c.notes.iter().all(|n| n.line >= 1 && n.line <= lines));
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn never_panics_and_lines_in_range(
                parts in proptest::collection::vec(
                    prop_oneof![
                        Just("<ol>".to_string()), Just("</ol>".to_string()),
                        Just("<li>".to_string()), Just("<li id=\"fn1\">".to_string()),
                        Just("<div class=\"notes\">".to_string()), Just("</div>".to_string()),
                        Just("<sup>2</sup>".to_string()), Just("&amp;".to_string()),
                        Just("&#8220;".to_string()), Just("\n".to_string()),
                        Just("<h2>Abstract</h2>".to_string()), Just("<!--".to_string()),
                        Just("<script>".to_string()), Just("<meta name=\"citation_reference\" content=\"x\">".to_string()),
                        "[a-zA-Z0-9 ōū<>&;\"'=/#.]{0,12}",
                    ],
                    0..40,
                )
            ) {
                let html: String = parts.concat();
                let c = parse("p.html", &html);
                let lines = html.split('\n').count();
                for n in &c.notes {
                    prop_assert!(n.line >= 1 && n.line <= lines);
                    prop_assert!(!n.text.is_empty());
                }
            }
        }
    }
}
