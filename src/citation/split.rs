//! Split a note into candidate citation segments: sentences, ";", "see also", and lists of
//! citations joined by commas after page numbers.

use std::cell::OnceCell;

use once_cell::sync::Lazy;
use regex::Regex;

use super::parse;
use super::text::{self, Gated};

/// A sentence that is only the tail of a publication part ("Armonk, NY: M.E. Sharpe, 2006).").
static PUB_FRAGMENT: Gated = Gated {
    re: Lazy::new(|| {
        Regex::new(r"^\p{Lu}[^:]{0,40}:\s*[^:]{0,100}\b(?:1[5-9]\d\d|20\d\d)\)?\.?$")
            .expect("fragment regex")
    }),
    may_match: may_be_pub_fragment,
};
static SEE_ALSO: Gated = Gated {
    re: Lazy::new(|| Regex::new(r"[,;]\s+(?:see also|see|cf\.)\s").expect("see also regex")),
    may_match: |s| s.contains("see") || s.contains("cf."),
};
static AFTER_PAGES: Gated = Gated {
    re: Lazy::new(|| {
        Regex::new(r"\bpp?\.\s*[\dxivlc]+(?:\s*[–-]\s*[\dxivlc]+)?(?:,\s*\d+(?:\s*[–-]\s*\d+)?)*, ")
            .expect("after pages regex")
    }),
    may_match: |s| s.contains("p."),
};

/// Gate of [`PUB_FRAGMENT`]: one ':', an upper-case opening and a digit at the end (before an
/// optional ")" and ".").
fn may_be_pub_fragment(s: &str) -> bool {
    let end = s.strip_suffix('.').unwrap_or(s);
    let end = end.strip_suffix(')').unwrap_or(end);
    s.bytes().filter(|&b| b == b':').count() == 1
        && s.starts_with(char::is_uppercase)
        && end.ends_with(char::is_numeric)
}

/// The candidate segments of a note, in order.
#[cfg(test)]
pub fn split_note(note: &str) -> Vec<String> {
    let t = text::normalise(note);
    split_normalised(&t, &parse::Heads::new(parse::clean_segment(&t)))
}

/// The candidate segments of a normalised note `t`; `whole` holds the readings of the whole
/// note, cleaned.
pub fn split_normalised(t: &str, whole: &parse::Heads<'_>) -> Vec<String> {
    if t.is_empty() {
        return Vec::new();
    }
    if whole.is_reference_entry() {
        return vec![t.to_string()];
    }
    let mut out = Vec::new();
    for sentence in sentences(t) {
        for part in split_top_level(&sentence, "; ") {
            for piece in split_see_also(&part) {
                out.extend(split_after_pages(&piece));
            }
        }
    }
    out.retain(|s| !s.trim().is_empty());
    out
}

/// Sentences of a note, with publication-part fragments glued back to the sentence before.
fn sentences(t: &str) -> Vec<String> {
    let mut spans = text::protected_spans(t);
    spans.extend(container_spans(t));
    let mut out: Vec<String> = Vec::new();
    let mut start = 0;
    let mut ends = text::sentence_ends(t, &spans);
    ends.push(t.len());
    for end in ends {
        let s = t[start..end].trim();
        start = end;
        if s.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(prev) if PUB_FRAGMENT.is_match(s) => {
                prev.push(' ');
                prev.push_str(s);
            }
            _ => out.push(s.to_string()),
        }
    }
    out
}

static AFTER_QUOTED_TITLE: Gated = Gated {
    re: Lazy::new(|| Regex::new(r#",[”"]\s+(?:in\s+)?"#).expect("after title regex")),
    may_match: |s| s.contains(",”") || s.contains(",\""),
};
static CONTAINER_END: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r",\s*(?:vol\.|no\.|pp?\.|\d)|\s\(|,\s+\p{Lu}\p{Ll}{2}\.?\s+\d{4}")
        .expect("container end regex")
});
const CONTAINER_SMALL_WORDS: &[&str] = &[
    "in", "of", "and", "for", "on", "the", "de", "der", "des", "la", "le", "to", "und", "&",
];

/// Abbreviated containers after a quoted title ("“Title,” IEEE Trans. Wireless Commun., vol. 17"
/// or "in Proc. Adv. Neural Inf. Process. Syst., 2012"): their periods end no sentence.
fn container_spans(t: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for m in AFTER_QUOTED_TITLE.find_iter(t) {
        let rest = &t[m.end()..];
        let Some(end) = CONTAINER_END.find(rest).map(|e| e.start()) else {
            continue;
        };
        let body = &rest[..end];
        if end > 160 || !body.contains('.') {
            continue;
        }
        let abbreviated = body.split([' ', ',']).filter(|w| !w.is_empty()).all(|w| {
            w.starts_with(|c: char| c.is_uppercase()) || CONTAINER_SMALL_WORDS.contains(&w)
        });
        if abbreviated {
            out.push((m.end() - 1, m.end() + end + 1));
        }
    }
    out
}

/// Split at `sep` where it is outside brackets and quotes.
fn split_top_level(s: &str, sep: &str) -> Vec<String> {
    let spans = OnceCell::new();
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in s.match_indices(sep) {
        if i < start || text::inside(spans.get_or_init(|| text::protected_spans(s)), i) {
            continue;
        }
        out.push(s[start..i].to_string());
        start = i + sep.len();
    }
    out.push(s[start..].to_string());
    out
}

/// ", see also X" starts a new citation.
fn split_see_also(s: &str) -> Vec<String> {
    let spans = OnceCell::new();
    let mut out = Vec::new();
    let mut start = 0;
    for m in SEE_ALSO.find_iter(s) {
        if text::inside(spans.get_or_init(|| text::protected_spans(s)), m.start())
            || m.start() < start
        {
            continue;
        }
        out.push(s[start..m.start()].to_string());
        start = m.start() + 1;
    }
    out.push(s[start..].to_string());
    out
}

/// "…, pp. 110–113, Snyder, China and the Two Koreas, pp. 186–189, Takeshi Watanabe, …":
/// a comma after page numbers followed by a capital starts the next citation.
fn split_after_pages(s: &str) -> Vec<String> {
    let spans = OnceCell::new();
    let mut out = Vec::new();
    let mut start = 0;
    for m in AFTER_PAGES.find_iter(s) {
        if text::inside(spans.get_or_init(|| text::protected_spans(s)), m.start()) {
            continue;
        }
        let next = s[m.end()..].chars().next();
        // "pp. 2001–2012, Feb. 2020": a date closes the citation; it starts no new one.
        let date_follows = || text::DATE_AT_START.is_match(&s[m.end()..]);
        if next.is_some_and(|c| c.is_uppercase() || text::is_open_quote(c)) && !date_follows() {
            out.push(s[start..m.end() - 2].to_string());
            start = m.end();
        }
    }
    out.push(s[start..].to_string());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_semicolons_sentences_and_page_lists() {
        let n = "Akiyama, Title One (Tokyo: Aki, 2002), p. 270; Yamaguchi, “Japanese Adjustments,” p. 81. Commentary follows here. See also Sheen, Essay, pp. 1–2, Snyder, Koreas, p. 3.";
        let parts = split_note(n);
        assert_eq!(
            parts,
            [
                "Akiyama, Title One (Tokyo: Aki, 2002), p. 270",
                "Yamaguchi, “Japanese Adjustments,” p. 81.",
                "Commentary follows here.",
                "See also Sheen, Essay, pp. 1–2",
                "Snyder, Koreas, p. 3."
            ]
        );
    }

    #[test]
    fn glues_publication_fragments_back() {
        let n = "X Y, “T,” in A B, eds., Korea at the Center. Armonk, NY: M.E. Sharpe, 2006).";
        assert_eq!(split_note(n).len(), 1);
    }

    #[test]
    fn abbreviated_containers_after_quoted_titles_do_not_split() {
        let n = "A. Krizhevsky and G. E. Hinton, “ImageNet classification,” in Proc. Adv. Neural Inf. Process. Syst., 2012, pp. 1097–1105.";
        assert_eq!(split_note(n).len(), 1);
        let n = "Y. Zhang, “A survey,” IEEE Commun. Surveys Tuts., vol. 21, no. 1, pp. 1–33, 2019.";
        assert_eq!(split_note(n).len(), 1);
        // A real sentence after a quoted title still ends.
        let n = "Smith, “Title,” p. 5. Later work took another line, 2003 (here).";
        assert_eq!(split_note(n).len(), 2);
    }

    #[test]
    fn reference_entries_stay_whole() {
        let n = "Tanabe, Yūko. 2004. Title Here. Tokyo: Iwanami.";
        assert_eq!(split_note(n), [n]);
    }

    #[test]
    fn semicolon_inside_parentheses_does_not_split() {
        let n = "A B, Title (London: Faber, 1950; repr., 1999).";
        assert_eq!(split_note(n).len(), 1);
    }
}
