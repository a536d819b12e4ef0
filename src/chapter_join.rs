//! Chapter-level fields searched once per chapter: a chapter or book title is indexed on the
//! chapter's first passage only, and a match there is spread to every passage of the chapter.
//!
//! A chapter's passages are consecutive documents of one segment (the indexer adds them as one
//! batch, which tantivy keeps in one segment and in order, also through merges); each carries
//! its position in the chapter (fast field `passage`: 0, 1, 2…) and the chapter's number of
//! passages (`passages`). So the chapter whose first passage is `h` is the documents
//! `h .. h + passages`, and the chapter of any document `d` starts at `d - passage`. Indexing
//! the titles once instead of on each of a chapter's 20–60 passages makes the index smaller and
//! phrase queries on titles cheaper, while a query matches exactly the passages it matched when
//! every passage carried its titles.
//!
//! Scores stay as they were too: [`ChapterStats`] gives BM25 the title statistics of an index
//! where every passage carried them (document frequencies and token counts scaled by the
//! average number of passages per chapter).

use tantivy::columnar::Column;
use tantivy::query::{
    Bm25StatisticsProvider, EmptyScorer, EnableScoring, Explanation, Query, RangeQuery, Scorer,
    Weight,
};
use tantivy::schema::Field;
use tantivy::{DocId, DocSet, Score, Searcher, SegmentReader, TERMINATED, Term};

use crate::schema;

/// Passages per chapter assumed for a size hint when nothing better is known.
const PASSAGES_PER_CHAPTER_HINT: u32 = 40;

/// Wrap a part of a query (not a boolean query: the caller looks inside those) that searches
/// only `chapter_fields` in a [`ChapterJoin`], so that it matches all passages of the chapters
/// it finds. Parts are recognised by the terms they name (or a range by its field); match-all
/// and the like are left as they are.
pub fn spread(part: Box<dyn Query>, chapter_fields: &[Field]) -> Box<dyn Query> {
    let (mut any, mut all_chapter) = (false, true);
    part.query_terms(&mut |term, _| {
        any = true;
        all_chapter &= chapter_fields.contains(&term.field());
    });
    // A range names no terms but has a field (`chapter:[a TO c]`).
    if let Some(range) = part.downcast_ref::<RangeQuery>() {
        any = true;
        all_chapter = chapter_fields.contains(&range.field());
    }
    if any && all_chapter {
        Box::new(ChapterJoin { inner: part })
    } else {
        part
    }
}

/// Matches every passage of each chapter whose first passage `inner` matches, each with the
/// score of that first passage.
#[derive(Debug)]
pub struct ChapterJoin {
    inner: Box<dyn Query>,
}

impl Clone for ChapterJoin {
    fn clone(&self) -> Self {
        ChapterJoin {
            inner: self.inner.box_clone(),
        }
    }
}

impl Query for ChapterJoin {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(ChapterJoinWeight {
            inner: self.inner.weight(scoring)?,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

struct ChapterJoinWeight {
    inner: Box<dyn Weight>,
}

impl Weight for ChapterJoinWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let inner = self.inner.scorer(reader, boost)?;
        if inner.is::<EmptyScorer>() {
            // Nothing to spread: tantivy drops empty parts of a boolean query (keeping a union
            // of plain term queries on its fast path).
            return Ok(inner);
        }
        Ok(Box::new(ChapterJoinScorer::new(
            inner,
            Passages::open(reader)?,
        )))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let first = Passages::open(reader)?.chapter_of(doc).start;
        let inner = self.inner.explain(reader, first)?;
        let mut out = Explanation::new(
            "chapter match, scored on the chapter's first passage",
            inner.value(),
        );
        out.add_detail(inner);
        Ok(out)
    }
}

/// A segment's passage numbering: each passage's position in its chapter and its chapter's
/// number of passages.
pub(crate) struct Passages {
    position: Column<u64>,
    length: Column<u64>,
    max_doc: DocId,
}

impl Passages {
    fn open(reader: &SegmentReader) -> tantivy::Result<Passages> {
        let fast = reader.fast_fields();
        Ok(Passages {
            position: fast.u64(schema::PASSAGE)?,
            length: fast.u64(schema::PASSAGES)?,
            max_doc: reader.max_doc(),
        })
    }

    /// A numbering column's value for `doc` (0 when it has none).
    pub(crate) fn read(column: &Column<u64>, doc: DocId) -> u32 {
        column
            .first(doc)
            .map_or(0, |v| u32::try_from(v).unwrap_or(u32::MAX))
    }

    /// The documents of the chapter holding `doc` (at least `doc` itself, within the segment).
    fn chapter_of(&self, doc: DocId) -> std::ops::Range<DocId> {
        let start = doc.saturating_sub(Self::read(&self.position, doc));
        let end = start
            .saturating_add(Self::read(&self.length, doc))
            .min(self.max_doc)
            .max(doc + 1);
        start..end
    }
}

/// The docset of [`ChapterJoin`]: walks the inner matches (first passages) and, after each,
/// the rest of its chapter. Two column reads per chapter entered; none per passage.
struct ChapterJoinScorer {
    inner: Box<dyn Scorer>,
    passages: Passages,
    /// The current passage, and the end (exclusive) of its chapter.
    doc: DocId,
    end: DocId,
    /// The score of the chapter's first passage, shared by all its passages.
    score: Score,
}

impl ChapterJoinScorer {
    fn new(inner: Box<dyn Scorer>, passages: Passages) -> Self {
        let mut scorer = ChapterJoinScorer {
            inner,
            passages,
            doc: TERMINATED,
            end: TERMINATED,
            score: 0.0,
        };
        scorer.enter_chapter();
        scorer
    }

    /// Make the inner scorer's current match (a first passage) the current passage.
    fn enter_chapter(&mut self) -> DocId {
        self.doc = self.inner.doc();
        if self.doc == TERMINATED {
            self.end = TERMINATED;
        } else {
            self.end = self.passages.chapter_of(self.doc).end;
            self.score = self.inner.score();
        }
        self.doc
    }
}

impl DocSet for ChapterJoinScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        if self.doc + 1 < self.end {
            self.doc += 1;
            return self.doc;
        }
        // The chapter is done. An inner match inside it (only an index written some other way
        // could have one) is skipped.
        let last = self.doc;
        if self.inner.advance() <= last {
            self.inner.seek(last + 1);
        }
        self.enter_chapter()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        if target < self.end {
            // Within the current chapter.
            self.doc = target;
            return target;
        }
        if target >= self.passages.max_doc {
            self.inner.seek(TERMINATED);
            return self.enter_chapter();
        }
        let first = self.passages.chapter_of(target).start;
        if first > self.inner.doc() && self.inner.seek(first) == first {
            self.enter_chapter();
            if target < self.end {
                self.doc = target;
                return target;
            }
        } else {
            self.enter_chapter();
        }
        // A later chapter, or the end; stepping on also covers an inconsistent index.
        while self.doc < target {
            self.advance();
        }
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.inner
            .size_hint()
            .saturating_mul(PASSAGES_PER_CHAPTER_HINT)
            .min(self.passages.max_doc)
    }

    fn cost(&self) -> u64 {
        self.inner
            .cost()
            .saturating_mul(u64::from(PASSAGES_PER_CHAPTER_HINT))
    }
}

impl Scorer for ChapterJoinScorer {
    fn score(&mut self) -> Score {
        self.score
    }
}

/// BM25 statistics of the searcher, with those of the chapter-level fields scaled to what they
/// would be if every passage carried its chapter's titles.
pub struct ChapterStats<'a> {
    searcher: &'a Searcher,
    chapter_fields: Vec<Field>,
    /// Passages per chapter, on average (≥ 1).
    factor: f64,
}

impl<'a> ChapterStats<'a> {
    /// `passage` is the field numbering each chapter's passages (its first passages, numbered
    /// 0, count the chapters).
    pub fn new(
        searcher: &'a Searcher,
        chapter_fields: &[Field],
        passage: Field,
    ) -> tantivy::Result<Self> {
        let passages = searcher.num_docs() as f64;
        let chapters = searcher.doc_freq(&Term::from_field_u64(passage, 0))? as f64;
        let factor = if chapters > 0.0 {
            (passages / chapters).max(1.0)
        } else {
            1.0
        };
        Ok(ChapterStats {
            searcher,
            chapter_fields: chapter_fields.to_vec(),
            factor,
        })
    }

    fn scaled(&self, field: Field, value: u64) -> u64 {
        if self.chapter_fields.contains(&field) {
            (value as f64 * self.factor).round() as u64
        } else {
            value
        }
    }
}

impl Bm25StatisticsProvider for ChapterStats<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        Ok(self.scaled(field, self.searcher.total_num_tokens(field)?))
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.searcher.total_num_docs()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let docs = self.searcher.total_num_docs()?;
        Ok(self
            .scaled(term.field(), self.searcher.doc_freq(term)?)
            .min(docs))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use crate::index::{self, IndexOptions, temp_corpus};
    use crate::search::{Engine, Request, Results};

    fn search(idx: &Path, query: &str, limit: usize) -> Results {
        let kindex = index::open(idx).unwrap();
        let request = Request {
            query: query.into(),
            limit,
            authors: Vec::new(),
            years: None,
            facets: false,
        };
        Engine::new(&kindex).unwrap().search(&request).unwrap()
    }

    /// (file, note number) of every hit of `query` (all of them).
    fn hits(idx: &Path, query: &str) -> BTreeSet<(String, u64)> {
        let results = search(idx, query, 1000);
        assert_eq!(results.total, results.hits.len(), "{query}");
        results
            .hits
            .iter()
            .map(|h| {
                let file = h.passage.path.rsplit('/').next().unwrap().to_string();
                (file, h.passage.note.unwrap_or(0))
            })
            .collect()
    }

    fn set(items: &[(&str, u64)]) -> BTreeSet<(String, u64)> {
        items.iter().map(|&(f, n)| (f.to_string(), n)).collect()
    }

    fn write(corpus: &Path, name: &str, title: &str, notes: &[&str]) {
        let mut page = format!("{title}\n\nNotes\n\n");
        for (i, n) in notes.iter().enumerate() {
            page.push_str(&format!("{}. {n}\n", i + 1));
        }
        std::fs::write(corpus.join(name), page).unwrap();
    }

    /// Each segment holds each file's passages as consecutive documents numbered 0, 1, 2….
    fn assert_chapters_consecutive(idx: &Path) {
        let kindex = index::open(idx).unwrap();
        let f = &kindex.fields;
        let searcher = kindex.index.reader().unwrap().searcher();
        let store = crate::store::Decoder::for_index(&kindex.dir).unwrap();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let places = crate::search::RecordPlaces::open(segment).unwrap();
            let docs = segment.get_store_reader(1).unwrap();
            let passages = segment.fast_fields().u64(crate::schema::PASSAGE).unwrap();
            let lengths = segment.fast_fields().u64(crate::schema::PASSAGES).unwrap();
            let mut counts: std::collections::HashMap<String, (u64, u64)> = Default::default();
            let mut previous: Option<(String, u64)> = None;
            for doc in 0..segment.max_doc() {
                if segment.is_deleted(doc) {
                    continue;
                }
                // The path from the record stored with the passage's group (which must have
                // stayed with its passages through merges).
                let (first, within) = places.of(doc);
                let addr = tantivy::DocAddress::new(ord as u32, first);
                let record =
                    crate::search::read_record(&docs, addr, f, &store, &kindex.dir).unwrap();
                let group = crate::record::decode(&record).unwrap();
                assert!(within < group.passages.len());
                let path = group.chapter.path.to_string();
                let position = passages.first(doc).unwrap();
                match &previous {
                    Some((p, n)) if *p == path => assert_eq!(position, n + 1, "{path}"),
                    _ => assert_eq!(position, 0, "{path} starts at doc {doc}"),
                }
                let count = counts.entry(path.clone()).or_default();
                count.0 += 1;
                count.1 = lengths.first(doc).unwrap();
                previous = Some((path, position));
            }
            for (path, (seen, length)) in counts {
                assert_eq!(seen, length, "{path}: passages");
            }
        }
    }

    #[test]
    fn a_title_match_stands_for_every_passage_of_its_chapter_through_updates_and_merges() {
        let (_dir, corpus, idx) = temp_corpus();
        write(
            &corpus,
            "a.txt",
            "Harbour Politics",
            &[
                "Tanaka on trade.",
                "Ships and ports.",
                "The fishing quarrel.",
            ],
        );
        write(
            &corpus,
            "b.txt",
            "Trade Winds",
            &["Harbour dues.", "Nothing here."],
        );
        write(
            &corpus,
            "c.txt",
            "Quiet Seas",
            &["Politics again.", "Fishing."],
        );
        let options = IndexOptions::default();
        let check = |round: &str| {
            assert_chapters_consecutive(&idx);
            let a = [("a.txt", 1), ("a.txt", 2), ("a.txt", 3)];
            let with = |extra: &[(&'static str, u64)]| {
                let mut all = a.to_vec();
                all.extend_from_slice(extra);
                set(&all)
            };
            assert_eq!(hits(&idx, "harbour"), with(&[("b.txt", 1)]), "{round}");
            assert_eq!(hits(&idx, "politics"), with(&[("c.txt", 1)]), "{round}");
            // One word from the chapter title, one from the note.
            assert_eq!(
                hits(&idx, "harbour fishing"),
                set(&[("a.txt", 3)]),
                "{round}"
            );
            assert_eq!(hits(&idx, "\"harbour politics\""), with(&[]), "{round}");
            assert_eq!(
                hits(&idx, "chapter:quiet"),
                set(&[("c.txt", 1), ("c.txt", 2)])
            );
            // A range names no terms: recognised by its field.
            assert_eq!(
                hits(&idx, "chapter:[harbour TO harbour]"),
                with(&[]),
                "{round}"
            );
            let trade_elsewhere = hits(&idx, "trade -chapter:harbour");
            assert!(
                trade_elsewhere.contains(&("b.txt".to_string(), 2)),
                "{round}"
            );
            assert!(
                !trade_elsewhere.iter().any(|(f, _)| f == "a.txt"),
                "{round}"
            );
        };
        index::update(&corpus, &idx, &options).unwrap();
        check("first build");
        // A changed file (deleted and added again) and a new one: new segments, then merged.
        write(
            &corpus,
            "b.txt",
            "Trade Winds",
            &["Harbour dues.", "Nothing here.", "Still nothing."],
        );
        write(&corpus, "d.txt", "Harbour Lights", &["Lamps."]);
        index::update(&corpus, &idx, &options).unwrap();
        assert_chapters_consecutive(&idx);
        assert!(hits(&idx, "trade").contains(&("b.txt".to_string(), 3)));
        assert_eq!(hits(&idx, "lamps harbour"), set(&[("d.txt", 1)]));
        std::fs::remove_file(corpus.join("d.txt")).unwrap();
        index::update(&corpus, &idx, &options).unwrap();
        check("after updates");
    }

    #[test]
    fn a_chapters_passages_share_the_score_of_its_title_match() {
        let (_dir, corpus, idx) = temp_corpus();
        write(
            &corpus,
            "a.txt",
            "Harbour Politics",
            &["One.", "Two.", "Three."],
        );
        write(&corpus, "b.txt", "Harbour", &["Four.", "Five."]);
        index::update(&corpus, &idx, &IndexOptions::default()).unwrap();
        let results = search(&idx, "harbour", 10);
        assert_eq!(results.total, 5);
        let score_of = |file: &str| -> Vec<f32> {
            let mut s: Vec<f32> = results
                .hits
                .iter()
                .filter(|h| h.passage.path.ends_with(file))
                .map(|h| h.score)
                .collect();
            s.dedup();
            s
        };
        let (a, b) = (score_of("a.txt"), score_of("b.txt"));
        assert_eq!((a.len(), b.len()), (1, 1), "{a:?} {b:?}");
        // The shorter title matches better (BM25 length normalisation still applies).
        assert!(b[0] > a[0], "{a:?} {b:?}");
        assert!(
            results
                .hits
                .iter()
                .all(|h| h.passage.chapter.title.contains("Harbour"))
        );
    }
}
