//! Shared text helpers for citation parsing: normalising, bracket and quote spans, sentence ends, years.

use std::borrow::Cow;
use std::cell::OnceCell;

use once_cell::sync::Lazy;
use regex::Regex;
use unicode_normalization::UnicodeNormalization;

/// A regex behind a cheap necessary condition: when `may_match` is false the regex cannot match
/// anywhere in the text, so it is not run. (Debug builds check that claim on every call.)
pub struct Gated {
    pub re: Lazy<Regex>,
    pub may_match: fn(&str) -> bool,
}

impl Gated {
    fn open(&self, s: &str) -> bool {
        if (self.may_match)(s) {
            return true;
        }
        debug_assert!(!self.re.is_match(s), "gate refused a match: {s:?}");
        false
    }

    pub fn is_match(&self, s: &str) -> bool {
        self.open(s) && self.re.is_match(s)
    }

    pub fn find<'h>(&self, s: &'h str) -> Option<regex::Match<'h>> {
        if self.open(s) { self.re.find(s) } else { None }
    }

    pub fn captures<'h>(&self, s: &'h str) -> Option<regex::Captures<'h>> {
        if self.open(s) {
            self.re.captures(s)
        } else {
            None
        }
    }

    pub fn find_at<'h>(&self, s: &'h str, start: usize) -> Option<regex::Match<'h>> {
        if self.open(s) {
            self.re.find_at(s, start)
        } else {
            None
        }
    }

    pub fn find_iter<'r, 'h>(
        &'r self,
        s: &'h str,
    ) -> impl Iterator<Item = regex::Match<'h>> + use<'r, 'h> {
        self.open(s)
            .then(|| self.re.find_iter(s))
            .into_iter()
            .flatten()
    }

    /// The last match, with its groups.
    pub fn last_captures<'h>(&self, s: &'h str) -> Option<regex::Captures<'h>> {
        let last = self.find_iter(s).last()?;
        // The leftmost-first match at `last.start()` is the one the iteration found.
        self.re.captures_at(s, last.start())
    }

    pub fn replace_all<'h, R: regex::Replacer>(&self, s: &'h str, rep: R) -> Cow<'h, str> {
        if self.open(s) {
            self.re.replace_all(s, rep)
        } else {
            Cow::Borrowed(s)
        }
    }
}

/// Does `s` contain `needle` (ASCII, lower-case, free of 'k' and 's', whose case-insensitive
/// forms include non-ASCII letters) ignoring ASCII case?
pub fn contains_ci(s: &str, needle: &str) -> bool {
    debug_assert!(!needle.contains(['k', 's']) && needle.bytes().all(|b| !b.is_ascii_uppercase()));
    let n = needle.as_bytes();
    s.as_bytes()
        .windows(n.len())
        .any(|w| w.eq_ignore_ascii_case(n))
}

/// Does `s` start with `prefix` (as [`contains_ci`]) ignoring ASCII case?
pub fn starts_ci(s: &str, prefix: &str) -> bool {
    debug_assert!(!prefix.contains(['k', 's']));
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// The text after the first ',' when it opens with whitespace (a ", " after a name with no comma).
pub fn after_first_comma(s: &str) -> Option<&str> {
    let (_, after) = s.split_once(',')?;
    after
        .starts_with(char::is_whitespace)
        .then(|| after.trim_start())
}

/// Could `s` open with a month name or a day number (a date)?
pub fn opens_like_date(s: &str) -> bool {
    s.starts_with(['J', 'F', 'M', 'A', 'S', 'O', 'N', 'D'])
        || s.chars().next().is_some_and(char::is_numeric)
}

/// Collapse all whitespace (NBSP, tabs, newlines) to single spaces, drop zero-width characters,
/// compose to NFC and trim.
pub fn normalise(s: &str) -> String {
    // Text already in NFC (all ASCII text is) composes to itself: skip the composing iterator.
    if s.is_ascii()
        || unicode_normalization::is_nfc_quick(s.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        collapse(s.chars(), s.len())
    } else {
        collapse(s.nfc(), s.len())
    }
}

fn collapse(chars: impl Iterator<Item = char>, len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut pending_space = false;
    for ch in chars {
        if matches!(
            ch,
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}'
        ) {
            continue;
        }
        if ch.is_whitespace() || ch.is_control() {
            pending_space = true;
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        out.push(ch);
    }
    out
}

/// Opening double quotes that may start a title.
pub fn is_open_quote(c: char) -> bool {
    matches!(c, '“' | '"' | '«' | '„')
}

/// Closing double quotes that may end a title.
pub fn is_close_quote(c: char) -> bool {
    matches!(c, '”' | '"' | '»')
}

/// Byte ranges `(open, end)` of matched `(…)` and `[…]` pairs and of closed double-quote pairs
/// (at most 400 bytes long). Unmatched brackets and unclosed quotes are ignored.
pub fn protected_spans(s: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut parens: Vec<usize> = Vec::new();
    let mut squares: Vec<usize> = Vec::new();
    let mut quote: Option<usize> = None;
    for (i, c) in s.char_indices() {
        match c {
            '(' => parens.push(i),
            ')' => {
                if let Some(o) = parens.pop() {
                    spans.push((o, i + 1));
                }
            }
            '[' => squares.push(i),
            ']' => {
                if let Some(o) = squares.pop() {
                    spans.push((o, i + 1));
                }
            }
            '"' => match quote {
                Some(o) if s[o..].starts_with('"') => {
                    if i - o <= 400 {
                        spans.push((o, i + 1));
                    }
                    quote = None;
                }
                None => quote = Some(i),
                _ => {}
            },
            '“' | '«' | '„' if quote.is_none() => {
                quote = Some(i);
            }
            '”' | '»' => {
                if let Some(o) = quote.take()
                    && i - o <= 400
                {
                    spans.push((o, i + c.len_utf8()));
                }
            }
            _ => {}
        }
    }
    spans
}

/// Is byte position `pos` strictly inside one of `spans`?
pub fn inside(spans: &[(usize, usize)], pos: usize) -> bool {
    spans.iter().any(|&(a, b)| a < pos && pos < b)
}

/// Matched `(…)` pairs only, as `(open, end)` byte ranges, in order of their opening.
pub fn paren_pairs(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut stack = Vec::new();
    for (i, c) in s.char_indices() {
        match c {
            '(' => stack.push(i),
            ')' => {
                if let Some(o) = stack.pop() {
                    out.push((o, i + 1));
                }
            }
            _ => {}
        }
    }
    out.sort_unstable();
    out
}

/// The end of the matched `[…]` starting at byte 0 of `s`, if `s` starts with one.
pub fn bracket_end(s: &str) -> Option<usize> {
    if !s.starts_with('[') {
        return None;
    }
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

const ABBREVIATIONS: &[&str] = &[
    "ed", "eds", "trans", "tr", "comp", "comps", "rev", "repr", "vol", "vols", "no", "nos", "p",
    "pp", "ch", "chap", "sec", "fig", "n", "nn", "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr",
    "co", "corp", "inc", "ltd", "univ", "dept", "al", "cf", "vs", "viz", "esp", "ca", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "gen", "col", "lt",
    "gov", "sen", "rep", "pres", "ph.d", "op", "cit", "ibid", "id", "dept", "assn", "natl", "intl",
    "fol", "ff", "ser", "suppl", "pt", "bk", "art", "para", "mt", "ft", "adm", "capt", "cmdr",
    "hon", "rev",
    // Journal and proceedings abbreviations (ISO 4, IEEE) that are no ordinary words.
    "proc", "conf", "symp", "commun", "comput", "technol", "elect", "electron", "eng", "sci", "soc",
    "assoc", "acad", "res", "lett", "phys", "chem", "biol", "appl", "math", "stat", "econ",
    "polit", "hist", "stud", "philos", "psychol", "quart", "int", "inst", "tech", "syst", "inf",
    "adv", "vis", "recognit", "intell", "mach", "netw", "ling", "anal", "theor", "clin", "bull",
    "educ", "environ", "geogr", "manag", "mater", "mech", "meas", "sociol", "surg", "transp",
];

/// Is the word ending just before a '.' an abbreviation or an initial (so the '.' ends no sentence)?
pub fn is_abbreviation(token: &str) -> bool {
    let t = token.trim_start_matches(|c: char| !c.is_alphanumeric());
    // "Japan-U.S" → "U.S".
    let t = t.rsplit(['-', '–', '/']).next().unwrap_or(t);
    if t.is_empty() {
        return false;
    }
    let lower = t.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    if t.chars().count() == 1 && t.chars().all(char::is_alphabetic) {
        return true;
    }
    // Dotted initialisms: "U.S", "M.E", "e.g", "n.d", "D.C".
    t.contains('.')
        && t.split('.').all(|part| {
            part.chars().count() <= 2 && part.chars().all(char::is_alphabetic) && !part.is_empty()
        })
}

/// The last whitespace-separated token of `s`.
pub fn last_token(s: &str) -> &str {
    s.rsplit([' ', '(', '[']).next().unwrap_or("")
}

/// Byte offsets just after each '.' that ends a sentence: followed by a space and an upper-case
/// letter or an opening quote, not inside `spans`, not after an abbreviation or initial.
pub fn sentence_ends(s: &str, spans: &[(usize, usize)]) -> Vec<usize> {
    sentence_ends_by(s, |i| inside(spans, i))
}

/// [`sentence_ends`] of `s` with its own [`protected_spans`], worked out only once some '.' could
/// end a sentence.
pub fn sentence_ends_lazy(s: &str) -> Vec<usize> {
    let spans = OnceCell::new();
    sentence_ends_by(s, |i| inside(spans.get_or_init(|| protected_spans(s)), i))
}

/// [`sentence_ends`], asking `protected(i)` whether the '.' at `i` is inside a protected span only
/// for a '.' that could otherwise end a sentence.
pub fn sentence_ends_by(s: &str, protected: impl Fn(usize) -> bool) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, _) in s.match_indices('.') {
        let after = &s[i + 1..];
        let Some(rest) = after.strip_prefix(' ') else {
            continue;
        };
        let Some(next) = rest.chars().next() else {
            continue;
        };
        if !(next.is_uppercase() || is_open_quote(next) || next == '‘') {
            continue;
        }
        if protected(i) || is_abbreviation(last_token(&s[..i])) {
            continue;
        }
        out.push(i + 1);
    }
    out
}

pub static YEAR: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"\b(1[5-9]\d\d|20\d\d)[a-z]?\b").expect("year regex"));

pub const MONTH: &str = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?";

/// A month, day-month or season date ending in a year: "April 17, 2007", "Spring 2002",
/// "September/October 2006", "9 January 2009".
fn date_pattern() -> String {
    format!(
        r"\b(?:{MONTH}(?:\s*[/–-]\s*{MONTH})?(?:\s+\d{{1,2}}(?:[–-]\d{{1,2}})?)?,?|\d{{1,2}}\s+{MONTH}|Spring|Summer|Fall|Autumn|Winter)\s+(1[5-9]\d\d|20\d\d)\b"
    )
}

pub static DATE: Lazy<Regex> = Lazy::new(|| Regex::new(&date_pattern()).expect("date regex"));

/// [`DATE`] at the start of the text only.
pub static DATE_AT_START: Lazy<Regex> =
    Lazy::new(|| Regex::new(&format!("^(?:{})", date_pattern())).expect("date regex"));

/// Is the year match at `start..end` one end of a range like "1894–95" or "2002–3"?
pub fn is_range(s: &str, start: usize, end: usize) -> bool {
    let after: Vec<char> = s[end..].chars().take(2).collect();
    if matches!(after.as_slice(), [d, n] if matches!(d, '–' | '-' | '—') && n.is_ascii_digit())
    {
        return true;
    }
    let before: Vec<char> = s[..start].chars().rev().take(2).collect();
    matches!(before.as_slice(), [d, n] if matches!(d, '–' | '-' | '—') && n.is_ascii_digit())
}

/// Parse the leading four digits of a year match.
pub fn year_value(m: &str) -> Option<i32> {
    m.get(..4).and_then(|y| y.parse().ok())
}

/// Fold accents and macrons away (NFD, drop combining marks) and lowercase.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_collapses_nbsp_and_newlines() {
        assert_eq!(normalise("  a\u{a0}\u{a0}b\n c\u{200b}d "), "a b cd");
    }

    #[test]
    fn sentence_ends_skip_abbreviations_and_initials() {
        let s = "See Charles M. Perry, ed. U.S. Policy. The next one. Ph.D. Dissertation.";
        let ends = sentence_ends(s, &protected_spans(s));
        let cut: Vec<&str> = ends.iter().map(|&e| &s[..e]).collect();
        assert_eq!(
            cut,
            vec![
                "See Charles M. Perry, ed. U.S. Policy.",
                "See Charles M. Perry, ed. U.S. Policy. The next one."
            ]
        );
    }

    #[test]
    fn ranges_are_detected_on_both_ends() {
        let s = "War, 1894–95 and 1950";
        let ms: Vec<_> = YEAR.find_iter(s).collect();
        assert!(is_range(s, ms[0].start(), ms[0].end()));
        assert!(!is_range(s, ms[1].start(), ms[1].end()));
    }

    #[test]
    fn date_regex_finds_day_month_and_season_forms() {
        for (s, y) in [
            ("April 17, 2007", "2007"),
            ("Spring 2002", "2002"),
            ("September/October 2006", "2006"),
            ("9 January 2009", "2009"),
        ] {
            assert_eq!(&DATE.captures(s).unwrap()[1], y, "{s}");
        }
    }

    #[test]
    fn protected_spans_ignore_unmatched_brackets() {
        let s = "(the (Japan team) x (a) “q”";
        let spans = protected_spans(s);
        assert!(spans.contains(&(5, 17)));
        assert!(!spans.iter().any(|&(a, _)| a == 0));
        assert_eq!(spans.len(), 3);
    }

    #[test]
    fn fold_removes_macrons() {
        assert_eq!(fold("Satō Yūko"), "sato yuko");
    }
}
