//! Chapter-level fields searched once per chapter: a chapter or book title is indexed on the
//! chapter's first passage only, and a match there is spread to every passage of the chapter.
//!
//! A chapter's passages are consecutive documents of one segment (the indexer adds them as one
//! batch, which tantivy keeps in one segment and in order, also through merges), numbered
//! 0, 1, 2… in the fast field `passage`. So the passages of the chapter whose first passage is
//! `h` are `h, h+1, …` for as long as `passage` counts up by one. Indexing the titles once
//! instead of on each of a chapter's 20–60 passages makes the index smaller, the build faster and
//! phrase queries on titles cheaper, while a query matches exactly the passages it matched when
//! every passage carried its titles.
//!
//! Scores stay as they were too: [`ChapterStats`] gives BM25 the title statistics of an index
//! where every passage carried them (document frequencies and token counts scaled by the
//! average number of passages per chapter).

use tantivy::columnar::Column;
use tantivy::query::{
    Bm25StatisticsProvider, BooleanQuery, EmptyScorer, EnableScoring, Explanation, Query, Scorer,
    Weight,
};
use tantivy::schema::Field;
use tantivy::{DocId, DocSet, Score, Searcher, SegmentReader, TERMINATED, Term};

/// Passages per chapter assumed for a size hint when nothing better is known.
const PASSAGES_PER_CHAPTER_HINT: u32 = 40;

/// Wrap every part of `query` that searches only `chapter_fields` in a [`ChapterJoin`], so
/// that it matches all passages of the chapters it finds. Boolean queries are rebuilt with
/// their parts rewritten; parts naming no term (a range, match-all) are left as they are.
pub fn spread(query: Box<dyn Query>, chapter_fields: &[Field], passage: Field) -> Box<dyn Query> {
    if let Some(boolean) = query.downcast_ref::<BooleanQuery>() {
        let clauses = boolean
            .clauses()
            .iter()
            .map(|(occur, sub)| (*occur, spread(sub.box_clone(), chapter_fields, passage)))
            .collect();
        return Box::new(BooleanQuery::with_minimum_required_clauses(
            clauses,
            boolean.get_minimum_number_should_match(),
        ));
    }
    let (mut any, mut all_chapter) = (false, true);
    query.query_terms(&mut |term, _| {
        any = true;
        all_chapter &= chapter_fields.contains(&term.field());
    });
    if any && all_chapter {
        Box::new(ChapterJoin {
            inner: query,
            passage,
        })
    } else {
        query
    }
}

/// Matches every passage of each chapter whose first passage `inner` matches, each with the
/// score of that first passage.
#[derive(Debug)]
pub struct ChapterJoin {
    inner: Box<dyn Query>,
    passage: Field,
}

impl Clone for ChapterJoin {
    fn clone(&self) -> Self {
        ChapterJoin {
            inner: self.inner.box_clone(),
            passage: self.passage,
        }
    }
}

impl Query for ChapterJoin {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let name = scoring.schema().get_field_name(self.passage).to_string();
        Ok(Box::new(ChapterJoinWeight {
            inner: self.inner.weight(scoring)?,
            passage: name,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

struct ChapterJoinWeight {
    inner: Box<dyn Weight>,
    passage: String,
}

impl ChapterJoinWeight {
    fn passages(&self, reader: &SegmentReader) -> tantivy::Result<Column<u64>> {
        reader.fast_fields().u64(&self.passage)
    }
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
            self.passages(reader)?,
            reader.max_doc(),
        )))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let passages = self.passages(reader)?;
        let first = doc.saturating_sub(passage_of(&passages, doc));
        let inner = self.inner.explain(reader, first)?;
        let mut out = Explanation::new(
            "chapter match, scored on the chapter's first passage",
            inner.value(),
        );
        out.add_detail(inner);
        Ok(out)
    }
}

/// A passage's position in its chapter (0 when the column has no value).
fn passage_of(passages: &Column<u64>, doc: DocId) -> u32 {
    passages
        .first(doc)
        .map_or(0, |p| u32::try_from(p).unwrap_or(u32::MAX))
}

/// The docset of [`ChapterJoin`]: walks the inner matches (first passages) and, after each,
/// the passages that follow it in the same chapter.
struct ChapterJoinScorer {
    inner: Box<dyn Scorer>,
    passages: Column<u64>,
    max_doc: DocId,
    /// The current passage, and its position in the chapter.
    doc: DocId,
    position: u32,
    /// The score of the chapter's first passage, shared by all its passages.
    score: Score,
}

impl ChapterJoinScorer {
    fn new(inner: Box<dyn Scorer>, passages: Column<u64>, max_doc: DocId) -> Self {
        let mut scorer = ChapterJoinScorer {
            inner,
            passages,
            max_doc,
            doc: TERMINATED,
            position: 0,
            score: 0.0,
        };
        scorer.enter_chapter();
        scorer
    }

    /// Make the inner scorer's current match (a first passage) the current passage.
    fn enter_chapter(&mut self) -> DocId {
        self.doc = self.inner.doc();
        if self.doc != TERMINATED {
            self.position = passage_of(&self.passages, self.doc);
            self.score = self.inner.score();
        }
        self.doc
    }

    /// The next passage of the current chapter, if there is one.
    fn next_in_chapter(&self) -> Option<(DocId, u32)> {
        let next = self.doc.checked_add(1).filter(|&d| d < self.max_doc)?;
        let position = passage_of(&self.passages, next);
        (position == self.position + 1).then_some((next, position))
    }
}

impl DocSet for ChapterJoinScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        if let Some((next, position)) = self.next_in_chapter() {
            self.doc = next;
            self.position = position;
            return next;
        }
        // The chapter is done: its last passage is `self.doc`. An inner match inside it (only
        // an index written some other way could have one) is skipped.
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
        if target >= self.max_doc {
            self.inner.seek(TERMINATED);
            self.doc = TERMINATED;
            return TERMINATED;
        }
        // The chapter of `target` starts `position` passages before it.
        let position = passage_of(&self.passages, target);
        let first = target.saturating_sub(position);
        if first <= self.doc {
            // `target` is in the current chapter (its passages are consecutive).
            self.doc = target;
            self.position = position;
            return target;
        }
        if self.inner.seek(first) == first {
            self.enter_chapter();
            self.doc = target;
            self.position = position;
            return target;
        }
        // A later chapter (or the end); stepping on covers an inconsistent index, where that
        // chapter might start before `target`.
        let mut doc = self.enter_chapter();
        while doc < target {
            doc = self.advance();
        }
        doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.inner
            .size_hint()
            .saturating_mul(PASSAGES_PER_CHAPTER_HINT)
            .min(self.max_doc)
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
    pub fn new(searcher: &'a Searcher, chapter_fields: &[Field], passage: Field) -> Self {
        let passages = searcher.num_docs() as f64;
        let chapters = searcher
            .doc_freq(&Term::from_field_u64(passage, 0))
            .unwrap_or(0) as f64;
        let factor = if chapters > 0.0 {
            (passages / chapters).max(1.0)
        } else {
            1.0
        };
        ChapterStats {
            searcher,
            chapter_fields: chapter_fields.to_vec(),
            factor,
        }
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

    use crate::index::{self, IndexOptions};
    use crate::search::{Engine, Request};

    /// (file, note number) of every hit of `query` (all of them).
    fn hits(idx: &Path, query: &str) -> BTreeSet<(String, u64)> {
        let kindex = index::open(idx).unwrap();
        let engine = Engine::new(&kindex).unwrap();
        let results = engine
            .search(&Request {
                query: query.into(),
                limit: 1000,
                authors: Vec::new(),
                years: None,
                facets: false,
            })
            .unwrap();
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
        for segment in searcher.segment_readers() {
            let passages = segment.fast_fields().u64("passage").unwrap();
            let store = segment.get_store_reader(0).unwrap();
            let mut previous: Option<(String, u64)> = None;
            for doc in 0..segment.max_doc() {
                if segment.is_deleted(doc) {
                    continue;
                }
                let stored: tantivy::TantivyDocument = store.get(doc).unwrap();
                let path =
                    tantivy::schema::document::Value::as_str(&stored.get_first(f.path).unwrap())
                        .unwrap()
                        .to_string();
                let position = passages.first(doc).unwrap();
                match &previous {
                    Some((p, n)) if *p == path => assert_eq!(position, n + 1, "{path}"),
                    _ => assert_eq!(position, 0, "{path} starts at doc {doc}"),
                }
                previous = Some((path, position));
            }
        }
    }

    #[test]
    fn a_title_match_stands_for_every_passage_of_its_chapter_through_updates_and_merges() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        let idx = dir.path().join("idx");
        std::fs::create_dir(&corpus).unwrap();
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
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        let idx = dir.path().join("idx");
        std::fs::create_dir(&corpus).unwrap();
        write(
            &corpus,
            "a.txt",
            "Harbour Politics",
            &["One.", "Two.", "Three."],
        );
        write(&corpus, "b.txt", "Harbour", &["Four.", "Five."]);
        index::update(&corpus, &idx, &IndexOptions::default()).unwrap();
        let kindex = index::open(&idx).unwrap();
        let engine = Engine::new(&kindex).unwrap();
        let results = engine
            .search(&Request {
                query: "harbour".into(),
                limit: 10,
                authors: Vec::new(),
                years: None,
                facets: false,
            })
            .unwrap();
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
