//! Personal and corporate names: parse a name list ("A, B, and C", "Kaneda, Hideaki", "Esposito E,
//! Wilken JM") into `Person`s, and scan the names that open a footnote-style citation.

use std::cell::RefCell;
use std::collections::HashMap;

use once_cell::sync::Lazy;
use regex::Regex;

use super::Person;
use super::text::Gated;

/// The role a name list plays in a citation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Author,
    Editor,
    Translator,
    /// "ed. and trans."
    EditorTranslator,
}

/// A parsed list of names.
#[derive(Debug, Clone, PartialEq)]
pub struct NameList {
    pub people: Vec<Person>,
    pub role: Role,
    pub et_al: bool,
    /// The first name was written family-first ("Kaneda, Hideaki", "Esposito E").
    pub inverted_first: bool,
}

/// Names that open a footnote citation, and where the rest (the title) starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Scan {
    pub people: Vec<Person>,
    pub role: Role,
    pub et_al: bool,
    /// Byte offset in the scanned text where the title (or container) begins.
    pub rest_start: usize,
}

const PARTICLES: &[&str] = &[
    "de", "del", "della", "der", "den", "di", "du", "da", "dos", "das", "van", "von", "la", "le",
    "ter", "ten", "bin", "binti", "al", "el", "y", "zu", "af", "av", "op", "dei", "des", "st.",
    // Irish: "Ó Riain", "Ní Dhuibhne".
    "Ó", "Ní", "Nic", "Ua",
];

const SUFFIXES: &[&str] = &["Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"];

/// Capitalised words that open sentences or titles, never given names.
const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "For",
    "See",
    "And",
    "Of",
    "At",
    "To",
    "By",
    "With",
    "From",
    "This",
    "That",
    "These",
    "It",
    "As",
    "When",
    "After",
    "Before",
    "During",
    "Since",
    "Although",
    "While",
    "According",
    "Also",
    "But",
    "However",
    "Thus",
    "Ibid",
    "Ibid.",
    "Id.",
    "Cf.",
    "Note",
    "Chapter",
    "Vol.",
    "No.",
    "Part",
    "Section",
    "Table",
    "Figure",
    "Appendix",
    "If",
    "We",
    "He",
    "She",
    "They",
    "There",
    "Here",
    "Then",
    "Yet",
    "So",
    "Or",
    "Not",
    "Why",
    "How",
    "What",
    "Who",
    // Newspaper words: "Asahi Shimbun" is no person.
    "Shimbun",
    "Shinbun",
    "Simbun",
    "Yomiuri",
    "Ilbo",
    "Nippo",
    "Tribune",
    "Gazette",
    "Herald",
];

const ORG_WORDS: &[&str] = &[
    "agency",
    "ministry",
    "department",
    "dept",
    "office",
    "institute",
    "institution",
    "committee",
    "council",
    "government",
    "headquarters",
    "university",
    "center",
    "centre",
    "centers",
    "centres",
    "institutes",
    "international",
    "ministries",
    "departments",
    "kyoku",
    "bureau",
    "association",
    "commission",
    "foundation",
    "iinkai",
    "kenkyujo",
    "kenkyusho",
    "kenkyuujo",
    "society",
    "organization",
    "organisation",
    "bank",
    "fund",
    "corporation",
    "company",
    "inc",
    "ltd",
    "group",
    "press",
    "service",
    "services",
    "secretariat",
    "cabinet",
    "party",
    "union",
    "board",
    "authority",
    "administration",
    "federation",
    "network",
    "programme",
    "consortium",
    "academy",
    "college",
    "school",
    "library",
    "museum",
    "archives",
    "assembly",
    "parliament",
    "congress",
    "senate",
    "forces",
    "command",
    "nations",
    "court",
    "shimbunsha",
    "gakkai",
    "kyokai",
    "gaimusho",
    "boeicho",
    "boeisho",
    "embassy",
    "forum",
    "initiative",
    "project",
    "consultative",
    "oecd",
    "nato",
    "unesco",
    "unicef",
    "imf",
];

/// Trailing words that describe a document rather than name its corporate author.
const DOC_WORDS: &[&str] = &["Document", "Report", "Statement", "Release", "Paper"];

static INITIAL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^\p{Lu}\.?(?:-?\p{Lu}\.?)*$|^\p{Lu}\.(?:-\p{Ll}\.?)?$").expect("initial regex")
});
static ROLE_TAIL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i),?\s*\(?\b(eds?|editors?|ed\. and trans|trans|tr|comps?)\.?\)?\.?$")
        .expect("role regex")
});
static ET_AL: Gated = Gated {
    re: Lazy::new(|| Regex::new(r"(?i),?\s*\bet\.?\s*al\.?,?\s*$").expect("et al regex")),
    may_match: may_end_with_et_al,
};

/// Gate of [`ET_AL`]: the text ends in "al" (any case), maybe followed by ".", "," and spaces.
fn may_end_with_et_al(s: &str) -> bool {
    let t = s.trim_end();
    let t = t.strip_suffix(',').unwrap_or(t);
    let t = t.strip_suffix('.').unwrap_or(t);
    let b = t.as_bytes();
    b.len() >= 2
        && (matches!(b[b.len() - 1], b'l' | b'L') || !b[b.len() - 1].is_ascii())
        && (matches!(b[b.len() - 2], b'a' | b'A') || !b[b.len() - 2].is_ascii())
}

fn role_of(word: &str) -> Option<Role> {
    let w = word.trim().trim_end_matches('.');
    // Lower-case ASCII words in place; others (rare) through `to_lowercase`.
    let mut buf = [0u8; 16];
    let owned;
    let w = match buf.get_mut(..w.len()) {
        Some(b) if w.is_ascii() => {
            b.copy_from_slice(w.as_bytes());
            b.make_ascii_lowercase();
            std::str::from_utf8(b).expect("ASCII")
        }
        _ => {
            owned = w.to_lowercase();
            owned.as_str()
        }
    };
    match w {
        "ed" | "eds" | "editor" | "editors" | "comp" | "comps" => Some(Role::Editor),
        "trans" | "tr" | "translator" | "translators" => Some(Role::Translator),
        "ed. and trans" | "eds. and trans" | "ed. & trans" => Some(Role::EditorTranslator),
        _ => None,
    }
}

fn is_particle(tok: &str) -> bool {
    PARTICLES.contains(&tok)
}

/// `is_particle(&tok.to_lowercase())`, without the copy for ASCII words (only the all-lower-case
/// particles can equal a lower-cased word, and no non-ASCII one equals an ASCII word).
fn is_lowercased_particle(tok: &str) -> bool {
    if tok.is_ascii() {
        PARTICLES
            .iter()
            .any(|p| !p.bytes().any(|b| b.is_ascii_uppercase()) && p.eq_ignore_ascii_case(tok))
    } else {
        is_particle(&tok.to_lowercase())
    }
}

fn is_suffix(tok: &str) -> bool {
    SUFFIXES.contains(&tok)
}

/// An initial: "M.", "J.K.", "J.-P.", or a bare capital "Y".
fn is_initial(tok: &str) -> bool {
    let shape = if tok.is_ascii() {
        ascii_initial_shape(tok.as_bytes())
    } else {
        INITIAL.is_match(tok)
    };
    shape && tok.chars().filter(|c| c.is_alphabetic()).count() <= 3
}

/// [`INITIAL`] on ASCII text: `U\.?(?:-?U\.?)*` or `U\.(?:-l\.?)?`, whole.
fn ascii_initial_shape(t: &[u8]) -> bool {
    let upper = |i: usize| t.get(i).is_some_and(u8::is_ascii_uppercase);
    let dot = |i: usize| t.get(i) == Some(&b'.');
    // A group (capital, optional '.') can only start at '-' or a capital, so reading greedily
    // is the only way to read the first form.
    let mut i = 0;
    let mut groups = 0;
    loop {
        let mut j = i;
        if groups > 0 && t.get(j) == Some(&b'-') {
            j += 1;
        }
        if !upper(j) {
            break;
        }
        j += 1;
        if dot(j) {
            j += 1;
        }
        i = j;
        groups += 1;
    }
    if groups > 0 && i == t.len() {
        return true;
    }
    upper(0)
        && dot(1)
        && match t.len() {
            2 => true,
            4 | 5 => t[2] == b'-' && t[3].is_ascii_lowercase() && (t.len() == 4 || dot(4)),
            _ => false,
        }
}

/// Vancouver initials: one to four capitals without dots ("E", "JM").
fn is_vancouver_initials(tok: &str) -> bool {
    let n = tok.chars().count();
    (1..=4).contains(&n) && tok.chars().all(|c| c.is_uppercase())
}

/// A capitalised name word: "Kaneda", "Shin-wha", "O’Brien", "SMITH", "Satō" (not "Korea’s").
fn is_name_word(tok: &str) -> bool {
    has_name_shape(tok) && !NOT_NAMES.contains(&tok)
}

/// Words that never end a name, even after initials ("A. The" is no name; "K. He" is).
const NEVER_SURNAMES: &[&str] = &[
    "The", "A", "An", "And", "Of", "In", "On", "For", "See", "At", "To", "By", "With", "From",
    "Ibid", "Ibid.", "Id.", "Cf.", "Note", "Chapter", "Vol.", "No.", "Part", "Section",
];

/// A surname after initials: any capitalised word shape, including words such as "He" or
/// "So" that open sentences elsewhere ("K. He", "Y. So").
fn is_surname_after_initial(tok: &str) -> bool {
    has_name_shape(tok) && !NEVER_SURNAMES.contains(&tok)
}

fn has_name_shape(tok: &str) -> bool {
    let mut chars = tok.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() || tok.chars().count() < 2 {
        return false;
    }
    if tok.ends_with("’s") || tok.ends_with("'s") {
        return false;
    }
    tok.chars().all(|c| {
        c.is_alphabetic()
            || unicode_normalization::char::is_combining_mark(c)
            || matches!(c, '-' | '’' | '\'')
    }) && !tok.ends_with('-')
}

fn is_all_caps_word(tok: &str) -> bool {
    tok.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && tok.chars().all(|c| !c.is_lowercase())
        && is_name_word(tok)
}

fn tokens(piece: &str) -> Vec<&str> {
    piece.split_whitespace().collect()
}

/// A family name standing alone: optional particles then one name word ("van der Berg", "Kaneda").
pub fn is_surname_piece(piece: &str) -> bool {
    let toks = tokens(piece);
    let Some(last) = toks.last() else {
        return false;
    };
    // Name words only with particles between them: "van der Berg", "Ortega y Gasset"; a
    // capitalised particle may open the piece ("Le Goff", "De Gaulle", "Van Dyke").
    let particle = |i: usize, t: &str| is_particle(t) || (i == 0 && is_lowercased_particle(t));
    is_name_word(last)
        && toks.len() <= 4
        && toks
            .windows(2)
            .enumerate()
            .all(|(i, w)| particle(i, w[0]) || is_particle(w[1]))
        && toks
            .iter()
            .enumerate()
            .all(|(i, t)| particle(i, t) || is_name_word(t))
}

/// Given names after an inverted family name: "Hideaki", "Y.", "John A.", "J. K.", "Ludwig van".
fn is_given_piece(piece: &str) -> bool {
    let toks = tokens(piece);
    if toks.is_empty() || toks.len() > 3 {
        return false;
    }
    let mut seen_initial = false;
    for (i, t) in toks.iter().enumerate() {
        if is_initial(t) {
            seen_initial = true;
        } else if is_name_word(t) {
            // A full word after initials only as "J. Robert".
            if seen_initial && i != 1 {
                return false;
            }
        } else if !(i > 0 && is_particle(t)) {
            return false;
        }
    }
    true
}

/// A two- or three-word family name written inverted before initials or a given name ending in
/// a particle: "Cervantes Saavedra, Miguel de", "de Souza Santos, B.", "García Márquez, G.".
fn is_compound_surname(piece: &str, given: &str) -> bool {
    let toks = tokens(piece);
    let words = toks.iter().filter(|t| is_name_word(t)).count();
    let given_toks = tokens(given);
    let given_ok = is_initials_piece(given)
        || (given_toks.len() >= 2 && given_toks.last().is_some_and(|t| is_particle(t)));
    (2..=3).contains(&words)
        && toks.len() <= 4
        && toks.iter().all(|t| is_name_word(t) || is_particle(t))
        && toks.last().is_some_and(|t| is_name_word(t))
        && given_ok
}

fn is_initials_piece(piece: &str) -> bool {
    let toks = tokens(piece);
    !toks.is_empty() && toks.iter().all(|t| is_initial(t))
}

/// A corporate author: names an organisation ("Japan Defense Agency"); kept whole.
pub fn is_org(piece: &str) -> bool {
    let toks = tokens(piece);
    if toks.is_empty() || toks.len() > 14 {
        return false;
    }
    if piece.contains([':', '“', '”', '"', '(', '[']) || piece.chars().any(|c| c.is_ascii_digit())
    {
        return false;
    }
    let first = piece.chars().next().unwrap_or(' ');
    if !first.is_uppercase() {
        return false;
    }
    toks.iter().any(|t| {
        let t = t.trim_matches(|c: char| !c.is_alphanumeric());
        t.chars().next().is_some_and(char::is_uppercase)
            && if t.is_ascii() {
                ORG_WORDS.iter().any(|w| w.eq_ignore_ascii_case(t))
            } else {
                ORG_WORDS.contains(&t.to_lowercase().as_str())
            }
    })
}

fn org_person(piece: &str) -> Person {
    let mut toks = tokens(piece);
    while toks.len() > 2 && toks.last().is_some_and(|t| DOC_WORDS.contains(t)) {
        let shorter = toks[..toks.len() - 1].join(" ");
        if !is_org(&shorter) {
            break;
        }
        toks.pop();
    }
    Person {
        family: None,
        given: None,
        org: Some(toks.join(" ")),
    }
}

fn person(family: String, given: Option<String>) -> Person {
    Person {
        family: Some(family),
        given: given.filter(|g| !g.is_empty()),
        org: None,
    }
}

/// A name written given-first ("Hideaki Kaneda", "Charles de Gaulle", "Moon Chung-in",
/// "John SMITH", "Esposito E"), two to five words.
///
/// Every reading of a segment tries the same pieces again, so answers are remembered per thread
/// (a bounded memo; the answer depends on the piece only).
pub fn parse_given_first(piece: &str) -> Option<Person> {
    thread_local! {
        static MEMO: RefCell<HashMap<String, Option<Person>>> = RefCell::default();
    }
    if let Some(known) = MEMO.with_borrow(|memo| memo.get(piece).cloned()) {
        return known;
    }
    let answer = read_given_first(piece);
    MEMO.with_borrow_mut(|memo| {
        if memo.len() >= 20_000 {
            memo.clear();
        }
        memo.insert(piece.to_string(), answer.clone());
    });
    answer
}

fn read_given_first(piece: &str) -> Option<Person> {
    let mut toks = tokens(piece);
    while toks.len() > 2 && toks.last().is_some_and(|t| is_suffix(t)) {
        toks.pop();
    }
    if toks.len() < 2 || toks.len() > 5 {
        return None;
    }
    let after_initials = toks[..toks.len() - 1].iter().all(|t| is_initial(t));
    let ok = toks.iter().enumerate().all(|(i, t)| {
        is_name_word(t)
            || (is_initial(t) && i + 1 < toks.len())
            || (is_particle(t) && i + 1 < toks.len())
            || (i + 1 == toks.len() && after_initials && is_surname_after_initial(t))
    });
    let last = toks[toks.len() - 1];
    let vancouver = toks.len() >= 2
        && is_vancouver_initials(last)
        && toks[..toks.len() - 1]
            .iter()
            .all(|t| is_name_word(t) || is_particle(t));
    if vancouver {
        return Some(person(
            toks[..toks.len() - 1].join(" "),
            Some(last.to_string()),
        ));
    }
    if !ok || is_particle(toks[0]) && toks.len() == 2 && !is_name_word(toks[1]) {
        return None;
    }
    let has_name = toks.iter().any(|t| is_name_word(t)) || (ok && after_initials);
    if !has_name {
        return None;
    }
    // One all-capitals word among mixed-case ones is the family name ("John SMITH", "SMITH John").
    let caps: Vec<usize> = (0..toks.len())
        .filter(|&i| is_all_caps_word(toks[i]))
        .collect();
    if caps.len() == 1 && toks.iter().any(|t| t.chars().any(char::is_lowercase)) {
        let i = caps[0];
        let given: Vec<&str> = toks
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .map(|(_, t)| *t)
            .collect();
        return Some(person(toks[i].to_string(), Some(given.join(" "))));
    }
    // Korean family-first: "Moon Chung-in" (given name hyphenated with a lower-case second part);
    // Japanese and Chinese family-first: "Satoh Kenji", "Xi Jinping".
    if toks.len() == 2
        && !toks[0].contains('-')
        && (is_korean_given(toks[1]) || super::east_asian::family_first(toks[0], toks[1]))
    {
        return Some(person(toks[0].to_string(), Some(toks[1].to_string())));
    }
    let mut start = toks.len() - 1;
    while start > 1 && is_particle(toks[start - 1]) {
        start -= 1;
        // Spanish "y" joins two family names: "José Ortega y Gasset".
        if toks[start] == "y" && start > 1 {
            start -= 1;
        }
    }
    if start == 1 && is_particle(toks[0]) {
        start = 0;
    }
    Some(person(
        toks[start..].join(" "),
        Some(toks[..start].join(" ")),
    ))
}

fn is_korean_given(tok: &str) -> bool {
    match tok.split_once('-') {
        Some((a, b)) => {
            !a.is_empty()
                && b.chars().next().is_some_and(char::is_lowercase)
                && b.chars().count() <= 5
        }
        None => false,
    }
}

/// Split a list on ", ", "; ", " and ", " & " into name pieces, dropping the conjunctions.
fn list_pieces(block: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in block.split([',', ';']) {
        let p = part.trim();
        let p = p
            .strip_prefix("and ")
            .or_else(|| p.strip_prefix("& "))
            .or_else(|| p.strip_prefix("und "))
            .unwrap_or(p)
            .trim();
        let p = p.trim_start_matches(['.', '…', ' ']);
        if p.is_empty() {
            continue;
        }
        let subs: Vec<&str> = p
            .split(" and ")
            .flat_map(|s| s.split(" & "))
            .flat_map(|s| s.split(" und "))
            .map(str::trim)
            .collect();
        if subs.len() > 1
            && subs.iter().all(|s| {
                parse_given_first(s).is_some() || is_surname_piece(s) || is_initials_piece(s)
            })
        {
            out.extend(subs.into_iter().map(str::to_string));
        } else {
            out.push(p.to_string());
        }
    }
    out
}

/// Parse a whole block as a list of names (for reference-list entries); `None` if any piece is
/// not a name.
pub fn parse_block(block: &str) -> Option<NameList> {
    let mut block = block.trim().trim_end_matches(',').trim();
    let mut role = Role::Author;
    if let Some(m) = ROLE_TAIL.captures(block)
        && let (Some(whole), Some(word)) = (m.get(0), m.get(1))
        && let Some(r) = role_of(word.as_str())
    {
        role = r;
        block = block[..whole.start()].trim();
    }
    let mut et_al = false;
    if let Some(m) = ET_AL.find(block) {
        et_al = true;
        block = block[..m.start()].trim();
    }
    if block.is_empty() || block.chars().count() > 400 {
        return None;
    }
    if block.contains(['“', '”', '"', ':', '(', ')', '[']) {
        return None;
    }
    let pieces = list_pieces(block);
    if pieces.is_empty() {
        return None;
    }
    if pieces.iter().all(|p| is_vancouver_piece(p)) {
        let people = pieces.iter().filter_map(|p| parse_given_first(p)).collect();
        return Some(NameList {
            people,
            role,
            et_al,
            inverted_first: true,
        });
    }
    let mut people = Vec::new();
    let mut inverted_first = false;
    let mut initials_style = false;
    let mut last_was_org = false;
    let mut i = 0;
    while i < pieces.len() {
        let p = pieces[i].as_str();
        if is_suffix(p) {
            i += 1;
            continue;
        }
        if is_org(p) {
            merge_or_push_org(&mut people, p, last_was_org);
            inverted_first |= i == 0;
            last_was_org = true;
            i += 1;
            continue;
        }
        last_was_org = false;
        if let Some(next) = pieces.get(i + 1) {
            let initials = is_initials_piece(next);
            let surname = is_surname_piece(p) || (i == 0 && is_compound_surname(p, next));
            if surname && is_given_piece(next) && (i == 0 || initials_style || initials) {
                people.push(person(p.to_string(), Some(next.to_string())));
                inverted_first |= i == 0;
                initials_style |= initials;
                i += 2;
                continue;
            }
        }
        if let Some(person) = parse_given_first(p) {
            people.push(person);
        } else if is_surname_piece(p) {
            people.push(person(p.to_string(), None));
        } else {
            return None;
        }
        i += 1;
    }
    Some(NameList {
        people,
        role,
        et_al,
        inverted_first,
    })
}

fn merge_or_push_org(people: &mut Vec<Person>, piece: &str, merge: bool) {
    if merge && let Some(Person { org: Some(o), .. }) = people.last_mut() {
        o.push_str(", ");
        o.push_str(&org_person(piece).org.unwrap_or_default());
        return;
    }
    people.push(org_person(piece));
}

fn is_vancouver_piece(p: &str) -> bool {
    let toks = tokens(p);
    toks.len() >= 2
        && toks.last().is_some_and(|t| is_vancouver_initials(t))
        && toks[..toks.len() - 1]
            .iter()
            .all(|t| is_name_word(t) || is_particle(t))
}

/// A comma piece of `s` with its byte offset.
struct Piece<'a> {
    start: usize,
    text: &'a str,
}

fn comma_pieces(s: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in s.match_indices(", ") {
        out.push(Piece {
            start,
            text: &s[start..i],
        });
        start = i + 2;
    }
    out.push(Piece {
        start,
        text: &s[start..],
    });
    out
}

fn strip_conjunction(p: &str) -> &str {
    let p = p.trim();
    p.strip_prefix("and ")
        .or_else(|| p.strip_prefix("& "))
        .unwrap_or(p)
        .trim()
}

/// A piece that can continue a name list in a footnote: a given-first name, "and X", a role or
/// "et al.".
fn continues_names(p: &str) -> bool {
    let p = strip_conjunction(p);
    parse_given_first(p).is_some() || role_of(p).is_some() || ET_AL.is_match(p)
}

/// A role word opening a piece, followed by the names it applies to ("trans. David Swain").
static ROLE_BEFORE_NAMES: Gated = Gated {
    re: Lazy::new(|| {
        Regex::new(r"^(?:ed\.|eds\.|trans\.|tr\.|edited by|translated by)\s+\S")
            .expect("role before names regex")
    }),
    may_match: |s| s.starts_with(['e', 't']),
};

static PAGES_START: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^(?:pp?\.|\d|[ivxlc]+\b)").expect("pages regex"));

/// Scan the names opening a footnote citation ("Hideaki Kaneda, Kazumasa Kobayashi, and …, Title",
/// "Funabashi, Alliance Adrift, p. 91", "Ralph Cossa, ed., Title"). Returns `None` when the text
/// does not open with a name.
pub fn scan_note_names(s: &str) -> Option<Scan> {
    let limit = s
        .char_indices()
        .find(|&(_, c)| super::text::is_open_quote(c) || matches!(c, '(' | '['))
        .map_or(s.len(), |(i, _)| i);
    let prefix = &s[..limit];
    let pieces = comma_pieces(prefix);
    let mut people: Vec<Person> = Vec::new();
    let mut role = Role::Author;
    let mut et_al = false;
    // (piece start, number of people before it) for each consumed name piece, for backing off.
    let mut consumed: Vec<(usize, usize)> = Vec::new();
    let mut rest_start = None;
    let mut last_was_org = false;
    let mut back_off_at_role = false;
    let mut i = 0;
    while i < pieces.len() {
        let piece = &pieces[i];
        let mut p = strip_conjunction(piece.text);
        if p.is_empty() {
            break;
        }
        if ROLE_BEFORE_NAMES.is_match(p) {
            // ", trans. David Swain (…": the piece before was the title, not a name.
            back_off_at_role = true;
            break;
        }
        // "Paolo Rossi et al."
        if let Some(m) = ET_AL.find(p)
            && m.start() > 0
        {
            et_al = true;
            p = p[..m.start()].trim();
        }
        if let Some(r) = role_of(p) {
            if people.is_empty() {
                return None;
            }
            role = r;
            rest_start = Some(pieces.get(i + 1).map_or(limit, |n| n.start));
            break;
        }
        if ET_AL.is_match(p) && p.len() <= 8 {
            et_al = true;
            i += 1;
            continue;
        }
        let before = people.len();
        let subs: Vec<&str> = p.split(" and ").map(str::trim).collect();
        let joined: Vec<Person> = if subs.len() > 1 {
            subs.iter().filter_map(|s| parse_given_first(s)).collect()
        } else {
            Vec::new()
        };
        if i == 0 {
            if subs.len() > 1 && joined.len() == subs.len() {
                people.extend(joined);
            } else if is_org(p) {
                people.push(org_person(p));
                last_was_org = true;
            } else if is_surname_piece(p)
                && pieces.get(i + 1).is_some_and(|n| is_given_piece(n.text))
                && pieces.get(i + 2).is_some_and(|n| {
                    continues_names(n.text) || (n.text.trim().is_empty() && limit < s.len())
                })
            {
                let given = pieces[i + 1].text.trim().to_string();
                people.push(person(p.to_string(), Some(given)));
                consumed.push((piece.start, before));
                i += 2;
                continue;
            } else if let Some(person) = parse_given_first(p) {
                people.push(person);
            } else if is_surname_piece(p) {
                people.push(person(p.to_string(), None));
            } else {
                return None;
            }
        } else if last_was_org && is_org(p) {
            merge_or_push_org(&mut people, p, true);
        } else if is_suffix(p) {
            // "Jr." after a comma belongs to the previous name.
        } else if subs.len() > 1 && joined.len() == subs.len() {
            people.extend(joined);
            last_was_org = false;
        } else if let Some(person) = parse_given_first(p) {
            people.push(person);
            last_was_org = false;
        } else {
            break;
        }
        consumed.push((piece.start, before));
        i += 1;
    }
    if people.is_empty() {
        return None;
    }
    let mut rest_start = rest_start.unwrap_or_else(|| pieces.get(i).map_or(limit, |p| p.start));
    // Back off: the last "name" was really the title when nothing title-like follows it.
    if role == Role::Author && consumed.len() >= 2 {
        let rest = s[rest_start..].trim_start();
        if (rest.is_empty()
            || back_off_at_role
            || rest.starts_with(['(', '['])
            || PAGES_START.is_match(rest))
            && let Some((start, before)) = consumed.pop()
        {
            people.truncate(before);
            rest_start = start;
        }
    }
    if people.is_empty() {
        return None;
    }
    Some(Scan {
        people,
        role,
        et_al,
        rest_start,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]
        #[test]
        fn ascii_initials_read_like_the_pattern(s in "[A-Ca-b.\\-]{0,7}") {
            prop_assert_eq!(ascii_initial_shape(s.as_bytes()), INITIAL.is_match(&s), "{}", s);
        }

        #[test]
        fn et_al_gate_refuses_no_match(s in "[a-zA-Z., ]{0,4}(?:[Ee][Tt]\\.? ?[Aa][Ll]\\.?,? *)?[.,  ]{0,3}") {
            prop_assert!(may_end_with_et_al(&s) || !ET_AL.re.is_match(&s), "{}", s);
        }
    }

    fn fam(p: &Person) -> &str {
        p.family.as_deref().or(p.org.as_deref()).unwrap_or("")
    }

    #[test]
    fn lowercased_particles_read_like_lowercasing() {
        for t in [
            "De", "VAN", "van", "St.", "ST.", "Nic", "NIC", "nic", "Ua", "Ó", "ó", "Ní", "Der",
            "Smith",
        ] {
            assert_eq!(
                is_lowercased_particle(t),
                is_particle(&t.to_lowercase()),
                "{t}"
            );
        }
    }

    #[test]
    fn given_first_names() {
        let cases = [
            ("Hideaki Kaneda", "Kaneda", "Hideaki"),
            ("Charles M. Perry", "Perry", "Charles M."),
            ("Jae Ho Chung", "Chung", "Jae Ho"),
            ("Shin-wha Lee", "Lee", "Shin-wha"),
            ("Moon Chung-in", "Moon", "Chung-in"),
            ("Chung-in Moon", "Moon", "Chung-in"),
            ("Ludwig van Beethoven", "van Beethoven", "Ludwig"),
            ("John SMITH", "SMITH", "John"),
            ("Esposito E", "Esposito", "E"),
            ("Yūko Tanabe", "Tanabe", "Yūko"),
        ];
        for (s, f, g) in cases {
            let p = parse_given_first(s).unwrap_or_else(|| panic!("{s}"));
            assert_eq!(p.family.as_deref(), Some(f), "{s}");
            assert_eq!(p.given.as_deref(), Some(g), "{s}");
        }
        assert!(parse_given_first("North Korea’s Military").is_none());
        assert!(parse_given_first("The Daily Yomiuri").is_none());
        assert!(parse_given_first("Asahi Shimbun").is_none());
    }

    #[test]
    fn block_lists_in_several_styles() {
        let fams = |b: &str| -> Vec<String> {
            parse_block(b)
                .unwrap_or_else(|| panic!("{b}"))
                .people
                .iter()
                .map(|p| fam(p).to_string())
                .collect()
        };
        assert_eq!(
            fams("Esposito E, Wilken JM, Cole MA"),
            ["Esposito", "Wilken", "Cole"]
        );
        assert_eq!(
            fams("Sakata, Y., Tanaka, H., & Sato, K."),
            ["Sakata", "Tanaka", "Sato"]
        );
        assert_eq!(
            fams("Kaneda, Hideaki, Kazumasa Kobayashi, and Hirofumi Tosaki"),
            ["Kaneda", "Kobayashi", "Tosaki"]
        );
        assert_eq!(fams("SMITH, John"), ["SMITH"]);
        assert_eq!(fams("van der Berg, J."), ["van der Berg"]);
        assert_eq!(
            fams("de la Cruz, Juan, and Mary Jones"),
            ["de la Cruz", "Jones"]
        );
        assert_eq!(fams("Japan Defense Agency"), ["Japan Defense Agency"]);
        assert!(parse_block("Smith J, et al").unwrap().et_al);
        assert_eq!(parse_block("Cossa, Ralph, ed.").unwrap().role, Role::Editor);
        assert!(parse_block("The ROK officials showed a").is_none());
    }

    #[test]
    fn scan_backs_off_to_find_the_title() {
        let s = "Funabashi, Alliance Adrift, p. 91";
        let sc = scan_note_names(s).unwrap();
        assert_eq!(sc.people.len(), 1);
        assert_eq!(&s[sc.rest_start..], "Alliance Adrift, p. 91");
        let s = "Yoichi Funabashi, Alliance Adrift (Washington, DC: CFR, 1999)";
        let sc = scan_note_names(s).unwrap();
        assert_eq!(fam(&sc.people[0]), "Funabashi");
        assert!(s[sc.rest_start..].starts_with("Alliance Adrift"));
    }

    #[test]
    fn scan_reads_roles_orgs_and_inverted_first_authors() {
        let s = "Ralph Cossa, ed., U.S.-Korea-Japan Relations (Washington, DC: CSIS, 1999)";
        let sc = scan_note_names(s).unwrap();
        assert_eq!(sc.role, Role::Editor);
        assert!(s[sc.rest_start..].starts_with("U.S.-Korea"));
        let s =
            "U.S. State Department, Office of the Coordinator for Counterterrorism, Patterns 2003";
        let sc = scan_note_names(s).unwrap();
        assert_eq!(sc.people.len(), 1);
        assert_eq!(
            fam(&sc.people[0]),
            "U.S. State Department, Office of the Coordinator for Counterterrorism"
        );
        let s = "Kaneda, Hideaki, Kazumasa Kobayashi, and Hirofumi Tosaki, Nihon no Misairu Bouei";
        let sc = scan_note_names(s).unwrap();
        assert_eq!(sc.people.len(), 3);
        assert_eq!(sc.people[0].given.as_deref(), Some("Hideaki"));
        assert!(scan_note_names("Hitoshi Tanaka, then MOFA Director").is_some());
        assert!(scan_note_names("In June 1997, Japanese defense officials").is_none());
    }

    #[test]
    fn org_strips_document_words() {
        let p = org_person("Japan-U.S. Security Consultative Committee Document");
        assert_eq!(
            p.org.as_deref(),
            Some("Japan-U.S. Security Consultative Committee")
        );
    }
}
