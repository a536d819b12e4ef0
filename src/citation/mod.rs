//! Citations inside a note: split a note into works cited, parse each, resolve short forms and Ibid.

//!
//! Pipeline, one step per function: `split::split_note` (note → segments) →
//! `parse::parse_segment` (classify a segment, read its names, title and publication part) →
//! `resolve::resolve` (short forms and Ibid. → the full citation they repeat).
//!
//! Reprints: "(London: Faber, 1950; repr., Chicago: UCP, 1999)" gives the first, original year.
//! "n.d." and "forthcoming" give no year.

mod east_asian;
mod names;
mod parse;
mod resolve;
mod split;
mod text;

use serde::{Deserialize, Serialize};

/// What sort of work a citation points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum CitationKind {
    #[default]
    Book,
    Chapter,
    Article,
    Newspaper,
    Report,
    Web,
    Thesis,
    ShortForm,
    Ibid,
}

/// A person or organisation named in a citation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Person {
    pub family: Option<String>,
    pub given: Option<String>,
    /// A corporate author kept whole ("Japan Defense Agency").
    pub org: Option<String>,
}

/// One cited work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Citation {
    pub kind: CitationKind,
    pub authors: Vec<Person>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub editors: Vec<Person>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub translators: Vec<Person>,
    pub year: Option<i32>,
    pub title: Option<String>,
    pub translated_title: Option<String>,
    pub container: Option<String>,
    pub place: Option<String>,
    pub publisher: Option<String>,
    pub pages: Option<String>,
    pub doi: Option<String>,
    pub url: Option<String>,
    /// For short forms and Ibid.: the number of the note holding the full citation.
    pub resolves_to: Option<u32>,
    /// The slice of the note this citation was parsed from.
    pub raw: String,
}

/// Extract the citations of one note (short forms and Ibid. left unresolved).
pub fn extract(note: &str) -> Vec<Citation> {
    // Markdown emphasis (`*Title*`, `**check**`) in reading notes is not part of a citation.
    let unmarked;
    let note = if note.contains('*') {
        unmarked = note.replace('*', "");
        unmarked.as_str()
    } else {
        note
    };
    let t = text::normalise(note);
    let whole = parse::Heads::new(parse::clean_segment(&t));
    split::split_normalised(&t, &whole)
        .iter()
        .filter_map(|segment| parse::parse_segment_with(segment, Some(&whole)))
        .collect()
}

/// Fill `citations` of every note of a chapter and resolve short forms and Ibid. within it.
pub fn annotate(chapter: &mut crate::chapter::Chapter) {
    for note in &mut chapter.notes {
        note.citations = extract(&note.text);
    }
    resolve::resolve(&mut chapter.notes);
}

/// A normalised identity for facets and `--author`: the family name (or organisation) with
/// accents and romanization variants folded (Satō, Satou, Satoh, Sato → "sato").
pub fn person_key(p: &Person) -> String {
    let name = p
        .family
        .as_deref()
        .filter(|f| !f.trim().is_empty())
        .or(p.org.as_deref())
        .or(p.given.as_deref())
        .unwrap_or("");
    crate::analyzer::romaji::fold_name(name)
}

/// Read one chapter-author string ("Sakata, Y.", "Yasuyo Sakata", "Japan Defense Agency") as a person.
pub fn parse_person(name: &str) -> Person {
    names::parse_block(name)
        .and_then(|list| list.people.into_iter().next())
        .unwrap_or_else(|| Person {
            family: Some(name.trim().to_string()),
            given: None,
            org: None,
        })
}

/// "Family, Given" when the given name is known, else "Family"; an organisation whole.
pub fn person_display(p: &Person) -> String {
    match (p.family.as_deref(), p.given.as_deref(), p.org.as_deref()) {
        (Some(f), Some(g), _) if !g.is_empty() => format!("{f}, {g}"),
        (Some(f), _, _) => f.to_string(),
        (None, _, Some(o)) => o.to_string(),
        (None, Some(g), None) => g.to_string(),
        (None, None, None) => String::new(),
    }
}

/// "Funabashi, Y." for a line of references.
fn short_name(p: &Person) -> String {
    match (p.family.as_deref(), p.given.as_deref(), p.org.as_deref()) {
        (Some(f), Some(g), _) => {
            let initials: Vec<String> = g
                .split_whitespace()
                .filter_map(|w| w.chars().next())
                .filter(|c| c.is_alphabetic())
                .map(|c| format!("{c}."))
                .collect();
            if initials.is_empty() {
                f.to_string()
            } else {
                format!("{f}, {}", initials.join(" "))
            }
        }
        _ => person_display(p),
    }
}

fn join_names(people: &[Person]) -> String {
    let names: Vec<String> = people.iter().map(short_name).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [first, _, _, _, ..] => format!("{first}, et al."),
        [init @ .., last] => format!("{}, & {last}", init.join(", ")),
    }
}

fn push_sentence(out: &mut String, s: &str) {
    let s = s.trim();
    if s.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(s);
    if !s.ends_with(['.', '?', '!']) {
        out.push('.');
    }
}

/// A compact human line for search hits:
/// "Funabashi, Y. (1999). Alliance Adrift. Council on Foreign Relations."
pub fn one_line(c: &Citation) -> String {
    let mut out = String::new();
    let who = if !c.authors.is_empty() {
        join_names(&c.authors)
    } else if !c.editors.is_empty() {
        let role = if c.editors.len() == 1 { "ed." } else { "eds." };
        format!("{} ({role})", join_names(&c.editors))
    } else {
        String::new()
    };
    let year = c.year.map_or_else(|| "n.d.".to_string(), |y| y.to_string());
    let title = c.title.as_deref().unwrap_or("");
    if who.is_empty() {
        push_sentence(&mut out, &format!("{title} ({year})"));
    } else {
        let who = who.trim_end_matches('.');
        push_sentence(&mut out, &format!("{who}. ({year})"));
        push_sentence(&mut out, title);
    }
    if let Some(container) = c
        .container
        .as_deref()
        .filter(|k| Some(*k) != c.title.as_deref())
    {
        match c.kind {
            CitationKind::Chapter => push_sentence(&mut out, &format!("In {container}")),
            _ => push_sentence(&mut out, container),
        }
    }
    if let Some(publisher) = c.publisher.as_deref() {
        push_sentence(&mut out, publisher);
    }
    if c.kind == CitationKind::Web
        && let Some(url) = c.url.as_deref()
    {
        out.push(' ');
        out.push_str(url);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chapter::{Chapter, Format, Note};
    use proptest::prelude::*;

    fn fam(p: &Person) -> String {
        p.family.clone().or(p.org.clone()).unwrap_or_default()
    }

    fn chapter(notes: &[&str]) -> Chapter {
        let mut ch = Chapter::new("t.txt", Format::Page);
        for (i, n) in notes.iter().enumerate() {
            ch.notes.push(Note::new(Some(i as u32 + 1), i + 1, *n));
        }
        ch
    }

    #[test]
    fn markdown_emphasis_is_not_part_of_a_citation() {
        let plain = extract("Kenji Abe, Minato no Rekishi (Tokyo: Iwanami, 2001), p. 4.");
        let marked =
            extract("Kenji Abe, *Minato no Rekishi* (Tokyo: Iwanami, 2001), p. 4. **check**");
        assert_eq!(plain.len(), 1);
        assert_eq!(marked.len(), 1);
        assert_eq!(marked[0].title, plain[0].title);
        assert_eq!(marked[0].year, Some(2001));
        assert_eq!(marked[0].authors, plain[0].authors);
    }

    #[test]
    fn annotate_resolves_short_forms_and_ibid() {
        let mut ch = chapter(&[
            "Yoichi Funabashi, Alliance Adrift (Washington, DC: Council on Foreign Relations, 1999).",
            "James Schoff, Political Fences (Cambridge, MA: IFPA, 2006); James Schoff, Realigning Priorities: Extended Deterrence (Cambridge, MA: IFPA, 2009), p. x.",
            "Ibid., p. 4.",
            "Some commentary in July 1950. Funabashi, Alliance Adrift, p. 91.",
            "On the debate, see Schoff, Realigning Priorities.",
            "Nobody, Unknown Book, p. 3.",
        ]);
        annotate(&mut ch);
        let n = |i: usize| &ch.notes[i].citations;
        assert_eq!(n(1).len(), 2);
        let ibid = &n(2)[0];
        assert_eq!(ibid.kind, CitationKind::Ibid);
        assert_eq!(ibid.resolves_to, Some(2));
        assert_eq!(ibid.year, Some(2009));
        assert_eq!(ibid.pages.as_deref(), Some("4"));
        assert_eq!(n(3).len(), 1);
        let short = &n(3)[0];
        assert_eq!(short.resolves_to, Some(1));
        assert_eq!(short.year, Some(1999));
        assert_eq!(fam(&short.authors[0]), "Funabashi");
        let schoff = &n(4)[0];
        assert_eq!(schoff.resolves_to, Some(2));
        assert_eq!(schoff.year, Some(2009));
        assert_eq!(
            schoff.title.as_deref(),
            Some("Realigning Priorities: Extended Deterrence")
        );
        assert_eq!(n(5)[0].resolves_to, None);
    }

    #[test]
    fn ibid_inside_a_note_repeats_the_citation_before_it() {
        let mut ch = chapter(&[
            "Jane Doe, Early Work (London: Faber, 1990). Richard Roe, Later Work (Paris: Seuil, 2001); ibid., p. 9.",
        ]);
        annotate(&mut ch);
        let c = &ch.notes[0].citations;
        assert_eq!(c.len(), 3);
        assert_eq!(c[2].year, Some(2001));
        assert_eq!(fam(&c[2].authors[0]), "Roe");
    }

    #[test]
    fn pure_commentary_note_has_no_citations() {
        let note = "The liaison office opened in July 1950 in Osaka, but moved to Kobe in 1957. Due to U.S. budget cuts, the office (Annex) moved again in November 2007 (ministry notice).";
        assert!(extract(note).is_empty());
    }

    #[test]
    fn note_with_commentary_and_citation() {
        let note = "In February 1996, the two navies held a drill near the strait. Byung-chul Koh, Between Discord and Cooperation: Japan and the Two Koreas (Seoul: Yonsei University Press, 2007), pp. 343–350.";
        let cs = extract(note);
        assert_eq!(cs.len(), 1);
        assert_eq!(fam(&cs[0].authors[0]), "Koh");
        assert_eq!(cs[0].year, Some(2007));
    }

    #[test]
    fn person_key_folds_long_vowels_and_accents() {
        let p = |f: &str| Person {
            family: Some(f.into()),
            ..Person::default()
        };
        for f in ["Satou", "Satoh", "Satō", "Sato", "SATO"] {
            assert_eq!(person_key(&p(f)), "sato", "{f}");
        }
        // "Inoue" folds like any "ou" (a key, never shown); what matters is that it is stable.
        assert_eq!(person_key(&p("Inoue")), person_key(&p("INOUE")));
        assert_ne!(person_key(&p("Inoue")), person_key(&p("Ino")));
        assert_eq!(person_key(&p("Yuuki")), "yuki");
        let org = Person {
            org: Some("Japan Defense Agency".into()),
            ..Person::default()
        };
        assert_eq!(person_key(&org), "japan defense agency");
    }

    #[test]
    fn person_display_forms() {
        let p = Person {
            family: Some("Kaneda".into()),
            given: Some("Hideaki".into()),
            org: None,
        };
        assert_eq!(person_display(&p), "Kaneda, Hideaki");
        let p = Person {
            family: Some("Kaneda".into()),
            ..Person::default()
        };
        assert_eq!(person_display(&p), "Kaneda");
        let p = Person {
            org: Some("Japan Defense Agency".into()),
            ..Person::default()
        };
        assert_eq!(person_display(&p), "Japan Defense Agency");
    }

    #[test]
    fn one_line_reads_like_a_reference() {
        let c = &extract(
            "Yoichi Funabashi, Alliance Adrift (Washington, DC: Council on Foreign Relations, 1999)",
        )[0];
        assert_eq!(
            one_line(c),
            "Funabashi, Y. (1999). Alliance Adrift. Council on Foreign Relations."
        );
        let c = &extract("Asahi Shimbun, April 17, 2007, 5.")[0];
        assert_eq!(one_line(c), "Asahi Shimbun (2007).");
    }

    proptest! {
        #[test]
        fn extract_never_panics(s in "\\PC{0,300}") {
            let _ = extract(&s);
        }

        #[test]
        fn extract_never_panics_on_citation_like_text(
            s in "[A-Za-zōūé“”\"\\(\\)\\[\\]\\.,;: 0-9–-]{0,200}"
        ) {
            let _ = extract(&s);
        }

        #[test]
        fn annotate_never_panics(notes in proptest::collection::vec("[A-Za-zō“”\\(\\)\\.,;: 0-9–-]{0,120}|Ibid\\.|Smith, Title, p\\. 3", 0..6)) {
            let refs: Vec<&str> = notes.iter().map(String::as_str).collect();
            let mut ch = chapter(&refs);
            annotate(&mut ch);
        }
    }
}

/// Reference-list styles from other fields: first author's family name and year.
#[cfg(test)]
mod style_tests {
    use super::*;

    /// The first author's family name, else (an edited volume) the first editor's.
    fn first_family(c: &Citation) -> String {
        c.authors
            .first()
            .or(c.editors.first())
            .and_then(|p| p.family.clone().or(p.org.clone()))
            .unwrap_or_default()
    }

    #[test]
    fn first_author_and_year_across_styles() {
        let cases: &[(&str, &str, Option<i32>)] = &[
            (
                "Esposito E, Wilken JM, Cole MA. Dynamic stability. J Biomech. 2012;45(3):1–8.",
                "Esposito",
                Some(2012),
            ),
            (
                "Smith, J. A., & Jones, B. (2010). The effect of X on Y. Journal of Stuff, 12(3), 45–67. https://doi.org/10.1000/xyz",
                "Smith",
                Some(2010),
            ),
            (
                "Tanabe, Yūko. 2004. Kindai Nihon no shisō. Tokyo: Iwanami Shoten.",
                "Tanabe",
                Some(2004),
            ),
            (
                "de la Cruz, M., van der Berg, J., & von Neumann, J. (1999). Title here. Nature, 400, 1–2.",
                "de la Cruz",
                Some(1999),
            ),
            (
                "SMITH, John, and Mary JONES. 1987. Working Lives. London: Routledge.",
                "SMITH",
                Some(1987),
            ),
            (
                "Lee, Shin-wha. 2008. “Title of Essay.” Asian Survey 48 (3): 1–20.",
                "Lee",
                Some(2008),
            ),
            (
                "Moon Chung-in. 2012. The Sunshine Policy. Seoul: Yonsei University Press.",
                "Moon",
                Some(2012),
            ),
            (
                "Satō, Kōichi (1998) Sengo Nihon. Tokyo: Sōbunsha.",
                "Satō",
                Some(1998),
            ),
            (
                "Hobsbawm, Eric. 1962. The Age of Revolution, 1789–1848. London: Weidenfeld.",
                "Hobsbawm",
                Some(1962),
            ),
            (
                "Marx, Karl. 1867 [1990]. Capital. Vol. 1. London: Penguin.",
                "Marx",
                Some(1867),
            ),
            (
                "Weber, Max. (1930) 2001. The Protestant Ethic. London: Routledge.",
                "Weber",
                Some(1930),
            ),
            (
                "Wang X, Li Y, Zhang Z, et al. Clinical features. Lancet. 2020;395(10223):497-506.",
                "Wang",
                Some(2020),
            ),
            (
                "Nakamura, H. (forthcoming). Title. Journal of Things.",
                "Nakamura",
                None,
            ),
            (
                "World Health Organization. 2019. Global Report. Geneva: WHO.",
                "World Health Organization",
                Some(2019),
            ),
            (
                "Brown, P. (n.d.). Title. Retrieved from http://example.org/x",
                "Brown",
                None,
            ),
            (
                "Anderson, Benedict. Imagined Communities. London: Verso, 1983.",
                "Anderson",
                Some(1983),
            ),
            (
                "Goldstein, Joshua S., and Jon C. Pevehouse. International Relations. New York: Pearson, 2010.",
                "Goldstein",
                Some(2010),
            ),
            (
                "van Dijk TA, de Vries H. Title of the paper. Soc Sci Med. 2001;52:1–10.",
                "van Dijk",
                Some(2001),
            ),
            (
                "J. Smith, A. Jones, and B. Brown, “Title,” IEEE Trans. Robot., vol. 5, no. 2, pp. 1–10, 2010.",
                "Smith",
                Some(2010),
            ),
            (
                "Smith, J. & Jones, K. Title of the article. Nature 400, 1–5 (1999).",
                "Smith",
                Some(1999),
            ),
            (
                "Beauvoir, Simone de. 1949. Le deuxième sexe. Paris: Gallimard.",
                "Beauvoir",
                Some(1949),
            ),
            (
                "Smith, J., et al. (2005). Title. Journal, 3, 4–5.",
                "Smith",
                Some(2005),
            ),
            (
                "12. Hong, S.-H., Kim, J.-W. (2015). Title. Korean Journal, 3(1), 1–9.",
                "Hong",
                Some(2015),
            ),
            (
                "Ōe, Kenzaburō. 1994. Aimai na Nihon no watakushi. Tokyo: Iwanami.",
                "Ōe",
                Some(1994),
            ),
            (
                "Ortega y Gasset, José. 1930. La rebelión de las masas. Madrid: Revista de Occidente.",
                "Ortega y Gasset",
                Some(1930),
            ),
            (
                "Tanaka, A., Suzuki, B., Sato, C., Ito, D., Kato, E., Yamada, F., ... Kobayashi, G. (2020). Title. J. X, 1, 1.",
                "Tanaka",
                Some(2020),
            ),
            (
                "Kim, Dae-jung. 1994. “Is Culture Destiny?” Foreign Affairs 73 (6): 189–194.",
                "Kim",
                Some(1994),
            ),
            (
                "Smith-Jones, A. (2001). Title. Publisher.",
                "Smith-Jones",
                Some(2001),
            ),
            (
                "O’Neill, B. 2003. Title. City: Press.",
                "O’Neill",
                Some(2003),
            ),
            (
                "Chung-in Moon, The Sunshine Policy (Seoul: Yonsei University Press, 2012), p. 5.",
                "Moon",
                Some(2012),
            ),
            (
                "Rozman, Gilbert, and Shin-wha Lee. “Unraveling the Alliance.” Asian Survey 46, no. 5 (2006): 761–84.",
                "Rozman",
                Some(2006),
            ),
            (
                "Smith, John. 1950; repr., 1999. Title. City: Press.",
                "Smith",
                Some(1950),
            ),
            (
                "Garcia, Ana Maria. 2015. Title. City: Press.",
                "Garcia",
                Some(2015),
            ),
            (
                "Fukuyama, F. (1992). The end of history and the last man. Free Press.",
                "Fukuyama",
                Some(1992),
            ),
            (
                "Lakoff G, Johnson M. Metaphors we live by. Chicago: University of Chicago Press; 1980.",
                "Lakoff",
                Some(1980),
            ),
            (
                "[12] D. P. Kingma and J. Ba, “Adam: A method for stochastic optimization,” in Proc. Int. Conf. Learn. Represent., San Diego, CA, USA, 2015.",
                "Kingma",
                Some(2015),
            ),
            (
                "Foucault, Michel. Discipline and Punish: The Birth of the Prison. Translated by Alan Sheridan, Vintage Books, 1995.",
                "Foucault",
                Some(1995),
            ),
            (
                "Hirschman AO (1970) Exit, voice, and loyalty. Cambridge, MA: Harvard University Press.",
                "Hirschman",
                Some(1970),
            ),
            (
                "van Gennep, Arnold. 1960. The Rites of Passage. Chicago: University of Chicago Press.",
                "van Gennep",
                Some(1960),
            ),
            (
                "Maruyama Masao, Thought and Behaviour in Modern Japanese Politics (London: Oxford University Press, 1963), 12.",
                "Maruyama",
                Some(1963),
            ),
            (
                "Tocqueville, Alexis de. Democracy in America. Trans. George Lawrence. New York: Harper & Row, 1966.",
                "Tocqueville",
                Some(1966),
            ),
            (
                "Jones, R. (2004), ‘Cultural change’, Journal of Labour Studies, 12 (2), 33–47.",
                "Jones",
                Some(2004),
            ),
            (
                "Deng Xiaoping, Selected Works of Deng Xiaoping, vol. 3 (Beijing: Foreign Languages Press, 1994), 174.",
                "Deng",
                Some(1994),
            ),
            (
                "Park Chung-hee, The Country, the Revolution and I (Seoul: Hollym, 1963).",
                "Park",
                Some(1963),
            ),
            (
                "MÜLLER, K. und SCHMIDT, P. (1998): Die Stadt im Wandel. Berlin: Springer.",
                "MÜLLER",
                Some(1998),
            ),
            (
                "Eurostat (2021) Energy statistics. Luxembourg: Publications Office of the European Union.",
                "Eurostat",
                Some(2021),
            ),
            (
                "National Research Council. 2012. A Framework for K-12 Science Education. Washington, DC: The National Academies Press.",
                "National Research Council",
                Some(2012),
            ),
            (
                "Le Goff, Jacques. 1988. Medieval Civilization, 400–1500. Oxford: Blackwell.",
                "Le Goff",
                Some(1988),
            ),
            (
                "Nora P, ed. Realms of memory. New York: Columbia University Press; 1996.",
                "Nora",
                Some(1996),
            ),
            (
                "Hall, Stuart, ed. 1997. Representation. London: Sage.",
                "Hall",
                Some(1997),
            ),
            (
                "Mbembe, Achille. n.d. “Decolonizing the University.” Lecture, Wits Institute.",
                "Mbembe",
                None,
            ),
            (
                "Chen, L., et al. 2019. “Air Pollution and Mortality.” New England Journal of Medicine 381 (8): 705–15.",
                "Chen",
                Some(2019),
            ),
        ];
        let mut failures = Vec::new();
        for (text, family, year) in cases {
            let cs = extract(text);
            let got = cs.first().map(|c| (first_family(c), c.year));
            if got != Some((family.to_string(), *year)) {
                failures.push(format!("{text}\n    got {got:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
