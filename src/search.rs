//! Queries: a query string plus filters → ranked hits with snippets and facet counts (prints nothing).

use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::Arc;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::columnar::Column;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, EnableScoring, Explanation, Occur, Query, QueryParser,
    QueryParserError, RangeQuery, Scorer, TermQuery, Weight,
};
use tantivy::query_grammar::{UserInputAst, UserInputLeaf};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::snippet::SnippetGenerator;
use tantivy::store::StoreReader;
use tantivy::{
    DocAddress, DocId, DocSet, Executor, IndexReader, Score, Searcher, SegmentReader, Term,
};

use crate::chapter_join::{self, ChapterStats};
use crate::citation::{Citation, Person};
use crate::conjunction;
use crate::error::{Error, Result};
use crate::facet::{AuthorTable, FacetCollector, FacetCounts};
use crate::facet_file::FacetFiles;
use crate::index::{KIndex, SMALL_SEGMENT_DOCS, author_keys, load_author_names};
use crate::record::{self, StoredChapter, StoredPassage};
use crate::schema::Fields;
use crate::store::Decoder;

/// Doc-store blocks a store reader keeps: the one a group of hits is read with (the stored
/// values are compressed records, [`crate::store`], so a block is copied, not decompressed), and
/// the searcher's own, which are never read from (tantivy's document reader copies a bytes
/// value one byte at a time, see [`crate::store::record_in_doc`]) but with tantivy's default of
/// 100 blocks cost a search process ≈ 10 more page faults.
const DOC_STORE_CACHE_BLOCKS: usize = 1;

/// Longest snippet, in bytes (tantivy counts bytes).
const SNIPPET_BYTES: usize = 240;

/// A year filter: `2006`, `1999..2009`, `..1990`, `1990..` (bounds inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct YearRange {
    pub from: Option<i64>,
    pub to: Option<i64>,
}

impl std::str::FromStr for YearRange {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        let s = s.trim();
        let year = |t: &str| -> std::result::Result<Option<i64>, String> {
            let t = t.trim();
            if t.is_empty() {
                return Ok(None);
            }
            t.parse::<i64>()
                .ok()
                .filter(|y| (0..=9999).contains(y))
                .map(Some)
                .ok_or_else(|| {
                    format!("'{t}' is not a year (expected e.g. 2006, 1999..2009, ..1990)")
                })
        };
        let range = match s.split_once("..") {
            Some((a, b)) => YearRange {
                from: year(a)?,
                to: year(b)?,
            },
            None => {
                let y = year(s)?.ok_or("empty year")?;
                YearRange {
                    from: Some(y),
                    to: Some(y),
                }
            }
        };
        if range.from.is_none() && range.to.is_none() {
            return Err("'..' needs at least one bound, e.g. ..1990".into());
        }
        if let (Some(a), Some(b)) = (range.from, range.to)
            && a > b
        {
            return Err(format!(
                "year range {a}..{b} is empty (the first year is after the last)"
            ));
        }
        Ok(range)
    }
}

/// Everything a search needs besides the index.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub query: String,
    pub limit: usize,
    /// Notes citing any of these authors.
    pub authors: Vec<String>,
    pub years: Option<YearRange>,
    pub facets: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChapterInfo {
    pub title: String,
    pub authors: Vec<String>,
    pub year: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub book: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doi: Option<String>,
}

/// One indexed passage (a note or an abstract) as stored: what hits and exports show.
#[derive(Debug, Clone, Serialize)]
pub struct Passage {
    pub kind: String,
    pub path: String,
    pub line: u64,
    pub note: Option<u64>,
    pub chapter: ChapterInfo,
    pub authors: Vec<String>,
    pub years: Vec<i64>,
    pub text: String,
    pub citations: Vec<Citation>,
}

impl Passage {
    /// A passage from its stored fields and its chapter's ([`crate::record`]).
    pub fn from_stored(chapter: &StoredChapter<'_>, stored: &StoredPassage<'_>) -> Passage {
        let text = stored.text.to_string();
        let citations = crate::stored::citations_from_stored(&stored.citations, &text);
        let info = ChapterInfo {
            title: chapter.title.to_string(),
            authors: chapter.authors.iter().map(|a| a.to_string()).collect(),
            year: chapter.year,
            book: chapter.book.as_deref().map(str::to_owned),
            doi: chapter.doi.as_deref().map(str::to_owned),
        };
        let chapter_year = info.year.and_then(|y| i32::try_from(y).ok());
        let (people, years) = crate::index::passage_people_and_years(
            (stored.kind == "abstract").then_some((info.authors.as_slice(), chapter_year)),
            &citations,
        );
        Passage {
            kind: stored.kind.to_string(),
            path: chapter.path.to_string(),
            line: stored.line,
            note: stored.note,
            authors: people
                .iter()
                .map(crate::citation::person_display)
                .filter(|d| !d.is_empty())
                .collect(),
            years: years.into_iter().map(i64::from).collect(),
            chapter: info,
            citations,
            text,
        }
    }
}

/// Where a segment's passages are stored: for each, the document holding its group's record
/// and its place in the group (a chapter's passages are consecutive documents numbered by the
/// `passage` fast field; see [`crate::record::GROUP_PASSAGES`]).
pub struct RecordPlaces(Column<u64>);

impl RecordPlaces {
    pub fn open(segment: &SegmentReader) -> tantivy::Result<RecordPlaces> {
        Ok(RecordPlaces(
            segment.fast_fields().u64(crate::schema::PASSAGE)?,
        ))
    }

    /// The document holding `doc`'s record, and `doc`'s place in its group.
    pub fn of(&self, doc: DocId) -> (DocId, usize) {
        let passage = chapter_join::Passages::read(&self.0, doc);
        let within = (passage % crate::record::GROUP_PASSAGES).min(doc);
        (doc - within, within as usize)
    }
}

/// Read the record stored on document `addr` (from `docs`, its segment's doc store) of the
/// index in `dir`, decompressed.
pub fn read_record(
    docs: &StoreReader,
    addr: DocAddress,
    f: &Fields,
    store: &Decoder,
    dir: &std::path::Path,
) -> Result<Vec<u8>> {
    let doc = docs.get_document_bytes(addr.doc_id)?;
    let sealed = crate::store::record_in_doc(&doc, f.record).ok_or_else(|| damaged(dir, addr))?;
    store.open(sealed).map_err(|_| damaged(dir, addr))
}

/// Passage number `within` of the record read from document `addr` (for errors).
pub fn passage_in(
    record: &[u8],
    within: usize,
    dir: &std::path::Path,
    addr: DocAddress,
) -> Result<Passage> {
    let (chapter, stored) = record::decode_one(record, within).ok_or_else(|| damaged(dir, addr))?;
    Ok(Passage::from_stored(&chapter, &stored))
}

fn damaged(dir: &std::path::Path, addr: DocAddress) -> Error {
    Error::Damaged {
        path: dir.to_path_buf(),
        reason: format!(
            "no readable stored record on document {} of segment {}",
            addr.doc_id, addr.segment_ord
        ),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub rank: usize,
    pub score: Score,
    #[serde(flatten)]
    pub passage: Passage,
    pub snippet: String,
    /// `[start, end)` offsets in Unicode characters into `snippet`.
    pub highlights: Vec<[usize; 2]>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FacetCount<T> {
    pub value: T,
    pub count: u64,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Facets {
    pub author: Vec<FacetCount<String>>,
    pub year: Vec<FacetCount<i64>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Results {
    pub query: String,
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: Facets,
    /// Notes about the query (e.g. a syntax error searched leniently).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// Results with the time spent searching and making snippets (batch mode).
#[derive(Serialize)]
pub struct Timed<'a> {
    #[serde(flatten)]
    pub results: &'a Results,
    pub took_us: u128,
}

/// How many cited authors the facet counts list (most frequent first).
const AUTHOR_FACETS: usize = 100;

/// The `n` most cited authors, under their display names (`names`, else the key), most cited
/// first, ties by name.
fn top_authors<'k>(
    counts: impl IntoIterator<Item = (&'k str, u64)>,
    names: &BTreeMap<String, String>,
    n: usize,
) -> Vec<FacetCount<String>> {
    // Only keys counted at least as often as the n-th can be shown: those (ties included) are
    // ranked under borrowed names, and only the names shown are copied.
    let mut counted: Vec<(&str, u64)> = counts.into_iter().collect();
    if counted.len() > n && n > 0 {
        let (_, &mut (_, least), _) = counted.select_nth_unstable_by(n - 1, |a, b| b.1.cmp(&a.1));
        counted.retain(|&(_, c)| c >= least);
    }
    let mut ranked: Vec<(&str, u64)> = counted
        .into_iter()
        .map(|(key, count)| (names.get(key).map_or(key, String::as_str), count))
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    ranked
        .into_iter()
        .take(n)
        .map(|(value, count)| FacetCount {
            value: value.to_string(),
            count,
        })
        .collect()
}

/// How many threads a search runs on: one per large segment, at most one per core. tantivy
/// collects each segment on its own thread (hits, count and facets), so an index of several
/// large segments is searched on all cores; a one-segment index stays on the calling thread,
/// and a `kensaku search` process does not start a thread pool it cannot use. Small segments
/// (which updates merge away) are not worth a thread. The cores are counted only when there
/// are two large segments: the standard library reads the process's cgroup files for that.
fn search_threads(segment_docs: impl IntoIterator<Item = u32>, cores: impl Fn() -> usize) -> usize {
    let large = segment_docs
        .into_iter()
        .filter(|&docs| docs >= SMALL_SEGMENT_DOCS)
        .count();
    if large < 2 {
        1
    } else {
        large.min(cores()).max(1)
    }
}

/// A reusable searcher over one index (one per process; many queries).
pub struct Engine {
    dir: std::path::PathBuf,
    /// Author key → display name, read once from the index folder when facets are first asked for.
    author_names: once_cell::sync::OnceCell<std::collections::BTreeMap<String, String>>,
    /// The facet files, opened when facets are first asked for.
    facet_files: once_cell::sync::OnceCell<FacetFiles>,
    /// Opens the stored records (with the index's dictionary), loaded when hits are first shown.
    store: once_cell::sync::OnceCell<std::result::Result<Decoder, String>>,
    /// The authors counted by facet queries so far, numbered.
    author_table: Arc<AuthorTable>,
    reader: IndexReader,
    /// Runs a search's segments and reads its hits: on the calling thread, or on a pool.
    executor: Executor,
    fields: Fields,
    parser: QueryParser,
    /// Fields analysed like `text` whose matches are highlighted in the note text.
    plain_fields: [Field; 3],
}

impl Engine {
    pub fn new(kindex: &KIndex) -> Result<Engine> {
        Engine::with_threads(kindex, None)
    }

    /// An engine whose searches run on `threads` threads, by default on one per large segment
    /// of the index, at most one per core ([`search_threads`]).
    fn with_threads(kindex: &KIndex, threads: Option<usize>) -> Result<Engine> {
        let f = kindex.fields.clone();
        // One process, one snapshot: no file watcher thread reloading on commits.
        let reader: IndexReader = kindex
            .index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .doc_store_cache_num_blocks(DOC_STORE_CACHE_BLOCKS)
            .try_into()?;
        let threads = threads.unwrap_or_else(|| {
            let searcher = reader.searcher();
            let docs = searcher.segment_readers().iter().map(|s| s.num_docs());
            search_threads(docs, || {
                std::thread::available_parallelism().map_or(1, |n| n.get())
            })
        });
        // Without threads (a process limit, say) the search runs on the calling thread.
        let executor = (threads > 1)
            .then(|| Executor::multi_thread(threads, "kensaku-search-").ok())
            .flatten()
            .unwrap_or(Executor::single_thread());
        let mut parser = QueryParser::new(
            kindex.index.schema(),
            vec![f.text, f.cited, f.chapter, f.romaji],
            crate::analyzer::query_tokenizers(),
        );
        parser.set_conjunction_by_default();
        parser.set_field_boost(f.text, 1.0);
        parser.set_field_boost(f.cited, 1.5);
        parser.set_field_boost(f.chapter, 0.3);
        parser.set_field_boost(f.romaji, 0.5);
        Ok(Engine {
            dir: kindex.dir.clone(),
            author_names: once_cell::sync::OnceCell::new(),
            facet_files: once_cell::sync::OnceCell::new(),
            store: once_cell::sync::OnceCell::new(),
            author_table: Arc::default(),
            reader,
            executor,
            plain_fields: [f.text, f.cited, f.chapter],
            fields: f,
            parser,
        })
    }

    /// Parse the user's query; a syntax error falls back to a lenient parse with a warning.
    fn user_query(&self, text: &str, warnings: &mut Vec<String>) -> Result<Option<Box<dyn Query>>> {
        if text.trim().is_empty() {
            return Ok(None);
        }
        let escaped = escape_inner_apostrophes(text);
        let text = escaped.as_str();
        match self.parse(text) {
            Ok(q) => Ok(Some(q)),
            Err(QueryParserError::FieldDoesNotExist(field)) => Err(Error::Usage(format!(
                "unknown field '{field}' in query (fields: text, cited, chapter, book, romaji)"
            ))),
            Err(strict_err) => {
                // Unbalanced quotes, dangling operators…: search the words themselves.
                let words = plain_words(text);
                warnings.push(format!(
                    "query syntax: {strict_err}; searched for the words: {words}"
                ));
                if words.is_empty() {
                    return Err(Error::Usage(format!(
                        "query has no words to search: {strict_err}"
                    )));
                }
                match self.parse(&words) {
                    Ok(q) => Ok(Some(q)),
                    Err(_) => Ok(Some(self.finish(self.parser.parse_query_lenient(&words).0))),
                }
            }
        }
    }

    /// Parse a query; excluded words (`-word`, `NOT word`) are excluded by their spelling only
    /// (excluding every spelling variant of a word is rarely what a user means). Boosts of groups
    /// are moved onto the group's words (see [`Engine::finish`] for the rest).
    fn parse(&self, text: &str) -> Result<Box<dyn Query>, QueryParserError> {
        let ast = tantivy::query_grammar::parse_query(text)
            .map_err(|_| QueryParserError::SyntaxError(text.to_string()))?;
        let ast = boosts_on_leaves(exclusions_on_text_only(everything_but(ast), false));
        Ok(self.finish(self.parser.build_query_from_user_input_ast(ast)?))
    }

    /// A parsed query made ready to run, part by part: chapter and book parts match every
    /// passage of the chapters they find ([`chapter_join::spread`]), and every phrase is kept
    /// out of tantivy's "seek danger" path ([`guard_phrase`]).
    fn finish(&self, query: Box<dyn Query>) -> Box<dyn Query> {
        let chapter_fields = self.fields.chapter_level();
        map_parts(query, &|part| {
            guard_phrase(chapter_join::spread(part, &chapter_fields))
        })
    }

    /// Each `--author` name with the `author_key` terms it matches ([`name_keys`]).
    fn author_terms<'a>(&self, names: &'a [String]) -> Vec<(&'a str, Vec<Term>)> {
        names
            .iter()
            .map(|name| {
                let terms = name_keys(name)
                    .iter()
                    .map(|key| Term::from_field_text(self.fields.author_key, key))
                    .collect();
                (name.as_str(), terms)
            })
            .collect()
    }

    fn author_filter(&self, authors: &[(&str, Vec<Term>)]) -> Option<Box<dyn Query>> {
        if authors.is_empty() {
            return None;
        }
        let mut terms: Vec<&Term> = authors.iter().flat_map(|(_, terms)| terms).collect();
        terms.sort();
        terms.dedup();
        let clauses = terms
            .into_iter()
            .map(|term| {
                let q: Box<dyn Query> =
                    Box::new(TermQuery::new(term.clone(), IndexRecordOption::Basic));
                (Occur::Should, q)
            })
            .collect();
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// A warning for each `--author` name that no passage of the index carries (a misspelling
    /// would otherwise look like an author who is never cited on the subject).
    fn warn_unknown_authors(
        &self,
        searcher: &Searcher,
        authors: &[(&str, Vec<Term>)],
        warnings: &mut Vec<String>,
    ) -> Result<()> {
        for (name, terms) in authors {
            let mut known = false;
            for term in terms {
                if searcher.doc_freq(term)? > 0 {
                    known = true;
                    break;
                }
            }
            if !known {
                warnings.push(format!(
                    "--author '{name}': no cited or chapter author of that name in the index"
                ));
            }
        }
        Ok(())
    }

    fn year_filter(&self, range: Option<YearRange>) -> Option<Box<dyn Query>> {
        let mut range = range?;
        // tantivy panics on a range with no bound at all; a range open at both ends (a library
        // caller's `YearRange { from: None, to: None }`) means "has a year".
        if range.from.is_none() && range.to.is_none() {
            range.from = Some(i64::MIN);
        }
        let bound = |y: Option<i64>| match y {
            Some(y) => Bound::Included(Term::from_field_i64(self.fields.year, y)),
            None => Bound::Unbounded,
        };
        Some(Box::new(RangeQuery::new(
            bound(range.from),
            bound(range.to),
        )))
    }

    /// Run one search.
    pub fn search(&self, req: &Request) -> Result<Results> {
        let mut warnings = Vec::new();
        let user = self.user_query(&req.query, &mut warnings)?;
        let authors = self.author_terms(&req.authors);
        let filters: Vec<Box<dyn Query>> =
            [self.author_filter(&authors), self.year_filter(req.years)]
                .into_iter()
                .flatten()
                .collect();
        if user.is_none() && filters.is_empty() && !req.facets {
            return Err(Error::Usage(
                "nothing to search for: give a query, --author, --year or --facets".into(),
            ));
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some(q) = &user {
            clauses.push((Occur::Must, q.box_clone()));
        }
        for f in filters {
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(f, 0.0))));
        }
        let query: Box<dyn Query> = if clauses.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(BooleanQuery::new(clauses))
        };

        let searcher = self.reader.searcher();
        let query = conjunction::lazy_unions(query, &conjunction::term_matches(&searcher));
        self.warn_unknown_authors(&searcher, &authors, &mut warnings)?;
        let top = TopDocs::with_limit(req.limit.max(1)).order_by_score();
        let facet_collector = req.facets.then(|| FacetCollector {
            files: Some(self.facet_files.get_or_init(|| FacetFiles::new(&self.dir))),
            authors: Arc::clone(&self.author_table),
        });
        let stats =
            ChapterStats::new(&searcher, &self.fields.chapter_level(), self.fields.passage)?;
        // Hits are ranked by score, so scoring is on (with the chapter join's statistics).
        let scoring = EnableScoring::enabled_from_statistics_provider(&stats, &searcher);
        let (top_docs, total, counts) = searcher.search_with_executor(
            &query,
            &(top, Count, facet_collector),
            &self.executor,
            scoring,
        )?;

        let snippets = Snippets::new(&searcher, user.as_deref(), &req.query, self)?;
        // The shown hits are read group by group (a chapter's record decompressed once for all
        // its hits), on the search's threads too; then ranked again.
        let mut groups: BTreeMap<DocAddress, Vec<(usize, Score, usize)>> = BTreeMap::new();
        let mut places: BTreeMap<u32, RecordPlaces> = BTreeMap::new();
        for (rank, (score, addr)) in top_docs.into_iter().take(req.limit).enumerate() {
            let segment = addr.segment_ord;
            let places = match places.entry(segment) {
                std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::btree_map::Entry::Vacant(e) => {
                    e.insert(RecordPlaces::open(searcher.segment_reader(segment))?)
                }
            };
            let (first, within) = places.of(addr.doc_id);
            groups
                .entry(DocAddress::new(addr.segment_ord, first))
                .or_default()
                .push((rank + 1, score, within));
        }
        // A search with no hit to show needs no dictionary (nor to load one).
        let mut hits = Vec::new();
        if !groups.is_empty() {
            let store = self.store()?;
            let read = self.executor.map(
                |(addr, members)| -> tantivy::Result<Result<Vec<Hit>>> {
                    let docs = searcher
                        .segment_reader(addr.segment_ord)
                        .get_store_reader(DOC_STORE_CACHE_BLOCKS)?;
                    let record = read_record(&docs, addr, &self.fields, store, &self.dir);
                    Ok(record.and_then(|record| {
                        members
                            .into_iter()
                            .map(|(rank, score, within)| {
                                let passage = passage_in(&record, within, &self.dir, addr)?;
                                Ok(self.hit(rank, score, passage, &snippets))
                            })
                            .collect()
                    }))
                },
                groups.into_iter(),
            )?;
            for group in read {
                hits.extend(group?);
            }
        }
        hits.sort_by_key(|hit| hit.rank);
        let facets = match counts {
            Some(counts) => self.facets(counts),
            None => Facets::default(),
        };
        Ok(Results {
            query: req.query.clone(),
            total,
            hits,
            facets,
            warnings,
        })
    }

    /// The stored records' decoder, the index's dictionary loaded on first use.
    fn store(&self) -> Result<&Decoder> {
        let loaded = self.store.get_or_init(|| Decoder::for_index(&self.dir));
        loaded.as_ref().map_err(|reason| Error::Damaged {
            path: self.dir.clone(),
            reason: reason.clone(),
        })
    }

    /// Facet lists from counts: the most cited authors (under their display names), then every
    /// year, most frequent first.
    fn facets(&self, counts: FacetCounts) -> Facets {
        let names = self
            .author_names
            .get_or_init(|| load_author_names(&self.dir));
        let author = self.author_table.with_counted(&counts, |counted| {
            top_authors(counted, names, AUTHOR_FACETS)
        });
        let mut year: Vec<FacetCount<i64>> = counts
            .years
            .into_iter()
            .map(|(value, count)| FacetCount { value, count })
            .collect();
        year.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value)));
        Facets { author, year }
    }

    fn hit(&self, rank: usize, score: Score, passage: Passage, snippets: &Snippets) -> Hit {
        let (snippet, highlights) = snippets.render(&passage.text);
        Hit {
            rank,
            score,
            passage,
            snippet,
            highlights,
        }
    }
}

/// A query made only of exclusions (`-alliance`, `NOT dōmei`) means every passage but those:
/// tantivy refuses such a query ("only excluding terms given"), so it gets an explicit
/// match-everything clause.
fn everything_but(ast: UserInputAst) -> UserInputAst {
    match ast {
        UserInputAst::Clause(mut clauses)
            if !clauses.is_empty()
                && clauses
                    .iter()
                    .all(|(occur, _)| *occur == Some(Occur::MustNot)) =>
        {
            let all = UserInputAst::Leaf(Box::new(UserInputLeaf::All));
            clauses.insert(0, (Some(Occur::Must), all));
            UserInputAst::Clause(clauses)
        }
        other => other,
    }
}

/// Point the unfielded words of excluded clauses at the plain `text` field.
fn exclusions_on_text_only(ast: UserInputAst, excluded: bool) -> UserInputAst {
    match ast {
        UserInputAst::Clause(clauses) => UserInputAst::Clause(
            clauses
                .into_iter()
                .map(|(occur, sub)| {
                    let excluded = excluded || occur == Some(Occur::MustNot);
                    (occur, exclusions_on_text_only(sub, excluded))
                })
                .collect(),
        ),
        UserInputAst::Boost(sub, boost) => {
            UserInputAst::Boost(Box::new(exclusions_on_text_only(*sub, excluded)), boost)
        }
        UserInputAst::Leaf(mut leaf) => {
            if excluded
                && let UserInputLeaf::Literal(literal) = leaf.as_mut()
                && literal.field_name.is_none()
            {
                literal.field_name = Some("text".to_string());
            }
            UserInputAst::Leaf(leaf)
        }
    }
}

/// Moves the boost of a group (`(a "b c")^2`) onto each of its clauses, so that a boost only
/// ever wraps one word or phrase: tantivy's query for a boosted group would be a boost around a
/// whole boolean query, which [`map_parts`] cannot look into. Scores are unchanged (a
/// group's score is the sum of its clauses').
fn boosts_on_leaves(ast: UserInputAst) -> UserInputAst {
    match ast {
        UserInputAst::Clause(clauses) => UserInputAst::Clause(
            clauses
                .into_iter()
                .map(|(occur, sub)| (occur, boosts_on_leaves(sub)))
                .collect(),
        ),
        UserInputAst::Boost(sub, boost) => match boosts_on_leaves(*sub) {
            UserInputAst::Clause(clauses) => UserInputAst::Clause(
                clauses
                    .into_iter()
                    .map(|(occur, sub)| {
                        (
                            occur,
                            boosts_on_leaves(UserInputAst::Boost(Box::new(sub), boost)),
                        )
                    })
                    .collect(),
            ),
            other => UserInputAst::Boost(Box::new(other), boost),
        },
        leaf @ UserInputAst::Leaf(_) => leaf,
    }
}

/// Rebuild a parsed query with `rewrite` applied to each of its parts, looking inside boolean
/// queries (which it rebuilds with the same occurrences and minimum).
fn map_parts(
    query: Box<dyn Query>,
    rewrite: &dyn Fn(Box<dyn Query>) -> Box<dyn Query>,
) -> Box<dyn Query> {
    let Some(boolean) = query.downcast_ref::<BooleanQuery>() else {
        return rewrite(query);
    };
    let clauses = boolean
        .clauses()
        .iter()
        .map(|(occur, sub)| (*occur, map_parts(sub.box_clone(), rewrite)))
        .collect();
    Box::new(BooleanQuery::with_minimum_required_clauses(
        clauses,
        boolean.get_minimum_number_should_match(),
    ))
}

/// Wraps a part of a parsed query that needs positions (a phrase, on any field) in
/// [`NoSeekDanger`].
///
/// tantivy 0.27's `PhraseScorer::seek_danger` starts with `debug_assert!(target >= self.doc())`,
/// but `seek_danger` may leave a scorer past the next target by contract (the class of
/// tantivy#2811): an excluded phrase (`alliance -"cold war"`, or `alliance -U.S.`, whose text
/// tokens `u s` make a phrase) panicked in debug builds, and intersections (`+"a b" +c`, a
/// phrase with a filter) align their scorers with the same calls. Release builds skip the
/// assertion and compute the same results; the guard costs phrase queries only tantivy's
/// shortcut of seeking without settling on a document.
fn guard_phrase(part: Box<dyn Query>) -> Box<dyn Query> {
    let mut positional = false;
    part.query_terms(&mut |_, needs_positions| positional |= needs_positions);
    if positional {
        Box::new(NoSeekDanger(part))
    } else {
        part
    }
}

/// A query whose scorers seek only with `seek` (tantivy's default `seek_danger`, which never
/// leaves a scorer past its target): see [`guard_phrase`].
#[derive(Debug)]
struct NoSeekDanger(Box<dyn Query>);

impl Clone for NoSeekDanger {
    fn clone(&self) -> Self {
        NoSeekDanger(self.0.box_clone())
    }
}

impl Query for NoSeekDanger {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(NoSeekDangerWeight(self.0.weight(scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor);
    }
}

struct NoSeekDangerWeight(Box<dyn Weight>);

impl Weight for NoSeekDangerWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(NoSeekDangerScorer(self.0.scorer(reader, boost)?)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.0.count(reader)
    }
}

/// Forwards everything but `seek_danger`, which keeps tantivy's default.
struct NoSeekDangerScorer(Box<dyn Scorer>);

impl DocSet for NoSeekDangerScorer {
    fn advance(&mut self) -> DocId {
        self.0.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.0.seek(target)
    }

    fn doc(&self) -> DocId {
        self.0.doc()
    }

    fn size_hint(&self) -> u32 {
        self.0.size_hint()
    }

    fn cost(&self) -> u64 {
        self.0.cost()
    }
}

impl Scorer for NoSeekDangerScorer {
    fn score(&mut self) -> Score {
        self.0.score()
    }
}

/// Escapes an apostrophe between two letters (`Shin'ya`, `hon'yaku`), which tantivy's query
/// grammar would otherwise take for the start of a quoted phrase; the analyzers then see the
/// word whole.
fn escape_inner_apostrophes(query: &str) -> String {
    let mut out = String::with_capacity(query.len() + 4);
    let mut prev: Option<char> = None;
    let mut chars = query.chars().peekable();
    while let Some(c) = chars.next() {
        let inner = c == '\''
            && prev.is_some_and(char::is_alphanumeric)
            && chars.peek().is_some_and(|n| n.is_alphanumeric());
        if inner {
            out.push('\\');
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

/// The words of a query with every operator and syntax character removed.
fn plain_words(query: &str) -> String {
    query
        .split_whitespace()
        // `field:value` → `value` (a bare `field:` leaves nothing).
        .map(|token| token.rsplit(':').next().unwrap_or(token))
        .flat_map(|token| {
            token.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        })
        .map(|w| w.trim_matches(|c: char| c == '-' || c == '\''))
        .filter(|w| !w.is_empty() && !matches!(*w, "AND" | "OR" | "NOT" | "IN"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The folded keys `--author NAME` looks for: "Funabashi", "Funabashi, Yoichi", "Funabashi, Y.",
/// "Yoichi Funabashi" (given-first) and "Funabashi Yoichi" (family-first) are all understood.
pub fn name_keys(name: &str) -> Vec<String> {
    let name = name.trim();
    if name.is_empty() {
        return Vec::new();
    }
    let person = |family: &str, given: Option<&str>| Person {
        family: Some(family.trim().to_string()),
        given: given
            .map(|g| g.trim().to_string())
            .filter(|g| !g.is_empty()),
        org: None,
    };
    let most_specific = |p: &Person| author_keys(p).pop();
    if let Some((family, given)) = name.split_once(',') {
        return most_specific(&person(family, Some(given)))
            .into_iter()
            .collect();
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.as_slice() {
        [one] => most_specific(&person(one, None)).into_iter().collect(),
        [first, rest @ ..] => {
            let rest = rest.join(" ");
            let mut keys: Vec<String> = Vec::new();
            // Given-first ("Yoichi Funabashi") and family-first ("Funabashi Yoichi").
            if let Some(last) = words.last() {
                let given = words[..words.len() - 1].join(" ");
                keys.extend(most_specific(&person(last, Some(&given))));
            }
            keys.extend(most_specific(&person(first, Some(&rest))));
            // A corporate author or a multi-word family name, whole.
            keys.extend(most_specific(&Person {
                family: None,
                given: None,
                org: Some(name.to_string()),
            }));
            keys
        }
        [] => Vec::new(),
    }
}

/// Snippet generators for one query: plain-text matches first, romaji-key matches as fallback.
struct Snippets {
    plain: Option<SnippetGenerator>,
    romaji: Option<SnippetGenerator>,
    /// The query's words, for exact word highlights of romaji matches.
    words: String,
}

impl Snippets {
    fn new(
        searcher: &Searcher,
        query: Option<&dyn Query>,
        text: &str,
        engine: &Engine,
    ) -> Result<Snippets> {
        let Some(query) = query else {
            return Ok(Snippets {
                plain: None,
                romaji: None,
                words: String::new(),
            });
        };
        let f = &engine.fields;
        Ok(Snippets {
            plain: Some(generator(searcher, query, &engine.plain_fields, f.text)?),
            romaji: Some(generator(searcher, query, &[f.romaji], f.romaji)?),
            words: plain_words(text),
        })
    }

    /// The best snippet of `text` and its highlights as character offsets: exact-spelling
    /// matches first; otherwise the fragment with the most romaji matches, highlighting the
    /// words (in their original spelling) that the query's words match.
    fn render(&self, text: &str) -> (String, Vec<[usize; 2]>) {
        if let Some(s) = self.plain.as_ref().map(|g| g.snippet(text))
            && !s.highlighted().is_empty()
        {
            return in_context(text, s.fragment_range(), s.highlighted());
        }
        if let Some(s) = self.romaji.as_ref().map(|g| g.snippet(text))
            && !s.highlighted().is_empty()
        {
            let ranges = crate::analyzer::romaji_highlights(s.fragment(), &self.words);
            if !ranges.is_empty() {
                return in_context(text, s.fragment_range(), &ranges);
            }
        }
        (head(text, SNIPPET_BYTES), Vec::new())
    }
}

/// The fragment as shown: a short tail of the note (≤ 24 bytes) is kept rather than cut, and an
/// ellipsis marks text left out before or after. Highlights become character offsets.
fn in_context(
    text: &str,
    fragment: std::ops::Range<usize>,
    ranges: &[std::ops::Range<usize>],
) -> (String, Vec<[usize; 2]>) {
    let (start, mut end) = (fragment.start, fragment.end.min(text.len()));
    if start > end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return (head(text, SNIPPET_BYTES), Vec::new());
    }
    if text.len() - end <= 24 {
        end = text.len();
    }
    let shown = text[start..end].trim_end();
    let lead = if text[..start].trim().is_empty() {
        ""
    } else {
        "…"
    };
    let tail = if text[start + shown.len()..].trim().is_empty() {
        ""
    } else {
        "…"
    };
    let offset = lead.chars().count();
    let highlights = char_ranges(shown, ranges)
        .into_iter()
        .map(|[a, b]| [a + offset, b + offset])
        .collect();
    (format!("{lead}{shown}{tail}"), highlights)
}

/// Byte ranges of `fragment` as `[start, end)` character offsets (ranges off char boundaries dropped).
fn char_ranges(fragment: &str, ranges: &[std::ops::Range<usize>]) -> Vec<[usize; 2]> {
    ranges
        .iter()
        .filter(|r| {
            r.start < r.end
                && r.end <= fragment.len()
                && fragment.is_char_boundary(r.start)
                && fragment.is_char_boundary(r.end)
        })
        .map(|r| {
            let start = fragment[..r.start].chars().count();
            [start, start + fragment[r.start..r.end].chars().count()]
        })
        .collect()
}

/// A snippet generator highlighting, in `text_field`'s analysis, the query's terms on `fields`.
fn generator(
    searcher: &Searcher,
    query: &dyn Query,
    fields: &[Field],
    text_field: Field,
) -> Result<SnippetGenerator> {
    let mut terms: BTreeMap<String, Score> = BTreeMap::new();
    let mut seen: Vec<Term> = Vec::new();
    query.query_terms(&mut |term, _| {
        if fields.contains(&term.field()) {
            seen.push(term.clone());
        }
    });
    for term in seen {
        let value = term.value();
        let Some(text) = value.as_str() else {
            continue;
        };
        let doc_freq = searcher.doc_freq(&term)?;
        if doc_freq > 0 {
            let score = 1.0 / (1.0 + doc_freq as Score);
            let entry = terms.entry(text.to_string()).or_insert(0.0);
            *entry = entry.max(score);
        }
    }
    let tokenizer = searcher.index().tokenizer_for_field(text_field)?;
    Ok(SnippetGenerator::new(
        terms,
        tokenizer,
        text_field,
        SNIPPET_BYTES,
    ))
}

/// The first `max_bytes` of `text`, cut at a word boundary, with an ellipsis when cut.
fn head(text: &str, max_bytes: usize) -> String {
    if text.len() <= max_bytes {
        return text.to_string();
    }
    let mut end = max_bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = text[..end]
        .rfind(' ')
        .filter(|&i| i > max_bytes / 2)
        .unwrap_or(end);
    format!("{}…", &text[..cut])
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustc_hash::FxHashMap;

    #[test]
    fn one_thread_per_large_segment_at_most_one_per_core() {
        let big = SMALL_SEGMENT_DOCS;
        assert_eq!(search_threads([], || 2), 1);
        assert_eq!(search_threads([250_000], || 2), 1);
        // A one-file update's segment is not worth a thread.
        assert_eq!(search_threads([250_000, 40], || 2), 1);
        assert_eq!(search_threads([big, big - 1, big - 1], || 2), 1);
        assert_eq!(search_threads([big, big], || 2), 2);
        assert_eq!(search_threads([big; 6], || 2), 2);
        assert_eq!(search_threads([big; 6], || 4), 4);
        assert_eq!(search_threads([big; 3], || 8), 3);
        assert_eq!(search_threads([big; 6], || 1), 1);
    }

    /// Everything a search returns, as the JSON output shows it.
    fn shown(engine: &Engine, req: &Request) -> serde_json::Value {
        serde_json::to_value(engine.search(req).unwrap()).unwrap()
    }

    #[test]
    fn a_search_on_several_threads_returns_what_one_thread_returns() {
        use crate::index::{self, IndexOptions, chapter_docs, temp_corpus};
        let (_dir, corpus, idx) = temp_corpus();
        let authors = [
            "Akihiko Tanaka",
            "Yoichi Funabashi",
            "Sheila Smith",
            "Kenji Sato",
        ];
        let titles = [
            "Anzen hoshō",
            "Nichi-Bei dōmei",
            "Alliance politics",
            "Bōei seisaku",
        ];
        let page = |i: usize| {
            let mut page = format!("Chapter {i} on the alliance\n\nNotes\n\n");
            for n in 0..6 {
                let k = (i + n) % 4;
                page.push_str(&format!(
                    "{}. {}, {} (Tokyo: Iwanami, {}), {}. On alliance and defense{}.\n",
                    n + 1,
                    authors[k],
                    titles[(i * 3 + n) % 4],
                    1990 + (i + 2 * n) % 17,
                    n + 3,
                    // Scores that differ, in an order unlike the documents'.
                    " and the alliance".repeat((i * 5 + n * 3) % 4),
                ));
            }
            page
        };
        for i in 0..12 {
            std::fs::write(corpus.join(format!("{i:02}.txt")), page(i)).unwrap();
        }
        index::update(&corpus, &idx, &IndexOptions::default()).unwrap();
        // A second segment, written past kensaku's merge policy (which would merge two small
        // segments into one).
        let kindex = index::open(&idx).unwrap();
        let mut writer: tantivy::IndexWriter =
            kindex.index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        for i in 12..24 {
            let path = corpus.join(format!("{i:02}.txt"));
            let chapter = crate::corpus::parse_text(&path, &format!("corpus/{i:02}.txt"), &page(i));
            let dict = crate::store::StoreDict::load(&idx).unwrap().unwrap();
            let store = crate::store::Encoder::new(dict);
            for doc in chapter_docs(&chapter, &kindex.fields, &store) {
                writer.add_document(doc).unwrap();
            }
        }
        writer.commit().unwrap();
        writer.wait_merging_threads().unwrap();
        crate::facet_file::sync(&kindex.index, &idx).unwrap();
        assert_eq!(kindex.index.searchable_segment_metas().unwrap().len(), 2);

        let one = Engine::with_threads(&kindex, Some(1)).unwrap();
        let two = Engine::with_threads(&kindex, Some(2)).unwrap();
        assert!(matches!(one.executor, Executor::SingleThread));
        assert!(matches!(two.executor, Executor::ThreadPool(_)));
        // Left to itself, the engine searches small segments on the calling thread.
        assert!(matches!(
            Engine::new(&kindex).unwrap().executor,
            Executor::SingleThread
        ));
        let request = |query: &str, years: Option<YearRange>, authors: &[&str]| Request {
            query: query.into(),
            limit: 5,
            authors: authors.iter().map(|a| a.to_string()).collect(),
            years,
            facets: true,
        };
        let nineties = Some(YearRange {
            from: Some(1990),
            to: Some(1999),
        });
        // Hits are read in document order, and shown in rank order: best score first.
        let all = Request {
            limit: 60,
            ..request("alliance", None, &[])
        };
        for engine in [&one, &two] {
            let hits = engine.search(&all).unwrap().hits;
            assert_eq!(hits.len(), 60);
            let ranks: Vec<usize> = hits.iter().map(|h| h.rank).collect();
            assert_eq!(ranks, (1..=60).collect::<Vec<_>>());
            assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
            assert!(hits[0].score > hits[59].score);
            let places: Vec<(&str, Option<u64>)> = hits
                .iter()
                .map(|h| (h.passage.path.as_str(), h.passage.note))
                .collect();
            assert!(
                !places.is_sorted(),
                "the test needs hits out of document order"
            );
        }
        for req in [
            request("alliance", None, &[]),
            request("defense", nineties, &[]),
            request("boei", None, &[]),
            request("\"alliance politics\"", None, &[]),
            request("", None, &["Funabashi"]),
            request("chapter", nineties, &["Tanaka"]),
        ] {
            let shown = shown(&one, &req);
            assert!(shown["total"].as_u64().unwrap() > 0, "{}", req.query);
            assert!(!shown["facets"]["author"].as_array().unwrap().is_empty());
            assert!(!shown["facets"]["year"].as_array().unwrap().is_empty());
            assert_eq!(shown, self::shown(&two, &req), "{}", req.query);
        }
    }

    #[test]
    fn top_authors_are_the_first_of_a_full_ranking_ties_at_the_cut_included() {
        // 40 keys: counts 1..=8 five times each, so that every cut falls inside a tie; some
        // keys have display names that sort differently from the keys.
        let counts: FxHashMap<String, u64> = (0..40u64)
            .map(|i| (format!("key{i:02}"), i % 8 + 1))
            .collect();
        let names: BTreeMap<String, String> = (0..40u64)
            .filter(|i| i % 3 == 0)
            .map(|i| (format!("key{i:02}"), format!("Name {}", 40 - i)))
            .collect();
        let mut full: Vec<(String, u64)> = counts
            .iter()
            .map(|(k, &c)| (names.get(k).unwrap_or(k).clone(), c))
            .collect();
        full.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for n in [0, 1, 3, 5, 7, 12, 39, 40, 41, 100] {
            let counted = counts.iter().map(|(k, &c)| (k.as_str(), c));
            let top: Vec<(String, u64)> = top_authors(counted, &names, n)
                .into_iter()
                .map(|f| (f.value, f.count))
                .collect();
            assert_eq!(top, full[..n.min(full.len())], "n = {n}");
        }
    }

    #[test]
    fn year_ranges_parse() {
        let y = |s: &str| s.parse::<YearRange>();
        assert_eq!(
            y("2006"),
            Ok(YearRange {
                from: Some(2006),
                to: Some(2006)
            })
        );
        assert_eq!(
            y("1999..2009"),
            Ok(YearRange {
                from: Some(1999),
                to: Some(2009)
            })
        );
        assert_eq!(
            y("..1990"),
            Ok(YearRange {
                from: None,
                to: Some(1990)
            })
        );
        assert_eq!(
            y("1990.."),
            Ok(YearRange {
                from: Some(1990),
                to: None
            })
        );
        assert!(y("..").is_err());
        assert!(y("2009..1999").is_err());
        assert!(y("soon").is_err());
    }

    #[test]
    fn inner_apostrophes_are_escaped() {
        assert_eq!(escape_inner_apostrophes("Shin'ya"), "Shin\\'ya");
        assert_eq!(
            escape_inner_apostrophes("'quoted' hon'yaku"),
            "'quoted' hon\\'yaku"
        );
        assert_eq!(escape_inner_apostrophes("\"a b\""), "\"a b\"");
    }

    #[test]
    fn plain_words_drop_syntax() {
        assert_eq!(plain_words("\"missile defense"), "missile defense");
        assert_eq!(plain_words("alliance AND"), "alliance");
        assert_eq!(plain_words("text: (Shin'ya"), "Shin'ya");
        assert_eq!(plain_words("chapter:\"korea"), "korea");
        assert_eq!(plain_words("\u{7}^~"), "");
    }

    #[test]
    fn context_keeps_short_tails_and_marks_cuts() {
        let text = "Before words. The match is here, and a tail.";
        let at = text.find("The").unwrap();
        let m = text.find("match").unwrap();
        let hit = vec![std::ops::Range {
            start: m - at,
            end: m - at + 5,
        }];
        let (shown, hl) = in_context(text, at..at + 20, &hit);
        assert_eq!(shown, "…The match is here, and a tail.");
        let chars: Vec<char> = shown.chars().collect();
        assert_eq!(
            chars[hl[0][0]..hl[0][1]].iter().collect::<String>(),
            "match"
        );
        let long = format!("{text} {}", "more ".repeat(20));
        let (shown, _) = in_context(&long, at..at + 20, &[]);
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
    }

    #[test]
    fn head_cuts_at_word_boundary() {
        assert_eq!(head("short", 10), "short");
        let h = head("alpha beta gamma delta", 12);
        assert_eq!(h, "alpha beta…");
        // Never cuts inside a multi-byte character.
        let h = head("ōōōōōōōōōō", 5);
        assert!(h.ends_with('…'));
    }
}
