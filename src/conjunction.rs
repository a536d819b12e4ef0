//! Unions under an intersection that score only the documents the intersection reaches.
//!
//! A query word is searched in several fields (note text, cited titles, chapter titles, romaji
//! keys): a union. Several words, or a word and an `--author`/`--year` filter, intersect such
//! unions. tantivy's union fills a window of 4,096 documents ahead at a time and scores every
//! document in it as it goes, which is the fastest way through a union on its own; inside an
//! intersection it scores documents the other words then rule out, and a seek past the window
//! fills a new one. [`lazy_unions`] turns the unions under an intersection into [`LazyUnion`]s,
//! which move their parts only as far as asked and score only the documents asked for — all
//! but the part expected to lead the intersection (the one matching fewest documents), which
//! visits its every document anyway and keeps tantivy's faster loop. Same documents, same
//! scores: a union's parts' scores are added in the same order, from zero, as tantivy's union
//! adds them.

use tantivy::query::{
    AllQuery, BooleanQuery, EmptyScorer, EnableScoring, Explanation, Occur, Query, Scorer, Weight,
};
use tantivy::{DocId, DocSet, Score, Searcher, SegmentReader, TERMINATED, TantivyError, Term};

/// Rewrites the unions (boolean queries of optional clauses only) that are required clauses of a
/// boolean query with two or more, at any depth, into [`LazyUnionQuery`]s, except the required
/// clause that `matches` (an estimate of how many documents a query matches) ranks lowest: the
/// intersection starts from it.
pub fn lazy_unions(query: Box<dyn Query>, matches: &dyn Fn(&dyn Query) -> u64) -> Box<dyn Query> {
    let Some(boolean) = query.downcast_ref::<BooleanQuery>() else {
        return query;
    };
    let required: Vec<usize> = (0..boolean.clauses().len())
        .filter(|&i| boolean.clauses()[i].0 == Occur::Must)
        .collect();
    let lead = if required.len() >= 2 {
        required
            .iter()
            .copied()
            .min_by_key(|&i| matches(boolean.clauses()[i].1.as_ref()))
    } else {
        None
    };
    let clauses = boolean
        .clauses()
        .iter()
        .enumerate()
        .map(|(i, (occur, sub))| {
            let sub = lazy_unions(sub.box_clone(), matches);
            if *occur == Occur::Must && lead.is_some_and(|lead| lead != i) {
                (*occur, as_lazy_union(sub))
            } else {
                (*occur, sub)
            }
        })
        .collect();
    Box::new(BooleanQuery::with_minimum_required_clauses(
        clauses,
        boolean.get_minimum_number_should_match(),
    ))
}

/// An estimate of how many documents a query matches, for [`lazy_unions`]: the sum of its
/// terms' document frequencies; a query without terms (a range, everything) counts as all.
pub fn term_matches(searcher: &Searcher) -> impl Fn(&dyn Query) -> u64 + '_ {
    |query| {
        let mut terms = Vec::new();
        query.query_terms(&mut |term, _| terms.push(term.clone()));
        if terms.is_empty() {
            return u64::MAX;
        }
        terms
            .iter()
            .map(|term| searcher.doc_freq(term).unwrap_or(u64::MAX))
            .fold(0, u64::saturating_add)
    }
}

/// `query` as a [`LazyUnionQuery`] when it is a union of two or more parts, none of them a
/// match-everything query (which tantivy's union treats apart); otherwise unchanged.
fn as_lazy_union(query: Box<dyn Query>) -> Box<dyn Query> {
    let Some(boolean) = query.downcast_ref::<BooleanQuery>() else {
        return query;
    };
    let clauses = boolean.clauses();
    let union = clauses.len() >= 2
        && boolean.get_minimum_number_should_match() <= 1
        && clauses
            .iter()
            .all(|(occur, sub)| *occur == Occur::Should && !sub.is::<AllQuery>());
    if !union {
        return query;
    }
    Box::new(LazyUnionQuery(
        clauses.iter().map(|(_, sub)| sub.box_clone()).collect(),
    ))
}

/// Documents matching any of the parts, scored by the sum of the parts that match.
#[derive(Debug)]
pub struct LazyUnionQuery(Vec<Box<dyn Query>>);

impl Clone for LazyUnionQuery {
    fn clone(&self) -> Self {
        LazyUnionQuery(self.0.iter().map(|q| q.box_clone()).collect())
    }
}

impl Query for LazyUnionQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let parts = self
            .0
            .iter()
            .map(|q| q.weight(scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(LazyUnionWeight(parts)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for q in &self.0 {
            q.query_terms(visitor);
        }
    }
}

struct LazyUnionWeight(Vec<Box<dyn Weight>>);

impl Weight for LazyUnionWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut parts = Vec::with_capacity(self.0.len());
        for weight in &self.0 {
            let part = weight.scorer(reader, boost)?;
            if part.doc() != TERMINATED {
                parts.push(part);
            }
        }
        Ok(match parts.len() {
            0 => Box::new(EmptyScorer),
            1 => parts.remove(0),
            _ => Box::new(LazyUnion::new(parts)),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document #({doc}) does not match"
            )));
        }
        let mut explanation = Explanation::new("sum of the matching parts", scorer.score());
        for weight in &self.0 {
            if let Ok(part) = weight.explain(reader, doc) {
                explanation.add_detail(part);
            }
        }
        Ok(explanation)
    }
}

/// The union of `parts` (none of them exhausted when it is built), positioned on the smallest
/// document any part is on.
pub struct LazyUnion {
    parts: Vec<Box<dyn Scorer>>,
    doc: DocId,
}

impl LazyUnion {
    fn new(parts: Vec<Box<dyn Scorer>>) -> LazyUnion {
        let doc = parts.iter().map(|p| p.doc()).min().unwrap_or(TERMINATED);
        LazyUnion { parts, doc }
    }

    /// Moves each part with `move_part` when `behind` says it must move, then lands on the
    /// smallest document of all; exhausted parts are dropped (the others keep their order).
    #[inline]
    fn step(
        &mut self,
        behind: impl Fn(DocId) -> bool,
        mut move_part: impl FnMut(&mut dyn Scorer) -> DocId,
    ) -> DocId {
        let mut least = TERMINATED;
        let mut exhausted = false;
        for part in &mut self.parts {
            let mut doc = part.doc();
            if behind(doc) {
                doc = move_part(part.as_mut());
            }
            exhausted |= doc == TERMINATED;
            least = least.min(doc);
        }
        if exhausted {
            self.parts.retain(|p| p.doc() != TERMINATED);
        }
        self.doc = least;
        least
    }
}

impl DocSet for LazyUnion {
    fn advance(&mut self) -> DocId {
        let current = self.doc;
        self.step(|doc| doc == current, |part| part.advance())
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        self.step(|doc| doc < target, |part| part.seek(target))
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.parts.iter().map(|p| p.size_hint()).max().unwrap_or(0)
    }

    /// As tantivy's union counts it (the intersection orders its parts by cost).
    fn cost(&self) -> u64 {
        self.parts.iter().map(|p| p.cost()).sum()
    }
}

impl Scorer for LazyUnion {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        let mut score: Score = 0.0;
        for part in &mut self.parts {
            if part.doc() == doc {
                score += part.score();
            }
        }
        score
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BoostQuery, ConstScoreQuery, TermQuery};
    use tantivy::schema::{Field, IndexRecordOption, STRING, Schema, TEXT};
    use tantivy::{DocAddress, Index, IndexWriter, TantivyDocument};

    struct Fixture {
        index: Index,
        fields: [Field; 3],
        tag: Field,
    }

    const WORDS: [&str; 6] = ["alliance", "defense", "treaty", "boei", "seisaku", "kokkai"];

    /// Three segments of documents whose three text fields hold a varying mix of the words (so
    /// that a word's union has one, two or three matching parts), and a tag for filters.
    fn fixture() -> Fixture {
        let mut builder = Schema::builder();
        let fields = [
            builder.add_text_field("a", TEXT),
            builder.add_text_field("b", TEXT),
            builder.add_text_field("c", TEXT),
        ];
        let tag = builder.add_text_field("tag", STRING);
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let mut state = 7u64;
        let mut next = move |n: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % n
        };
        for segment in 0..3 {
            for _ in 0..3_000 {
                let mut doc = TantivyDocument::default();
                for field in fields {
                    let mut words = Vec::new();
                    for _ in 0..next(4) {
                        words.push(WORDS[next(WORDS.len() as u64) as usize]);
                    }
                    let fillers = next(12) as usize;
                    words.extend(std::iter::repeat_n("filler", fillers));
                    doc.add_text(field, words.join(" "));
                }
                doc.add_text(tag, if next(3) == 0 { "kept" } else { "other" });
                writer.add_document(doc).unwrap();
            }
            if segment < 2 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        Fixture { index, fields, tag }
    }

    impl Fixture {
        /// A word searched in the three fields, each with its own boost: a union.
        fn word(&self, word: &str) -> Box<dyn Query> {
            let parts = self
                .fields
                .iter()
                .zip([1.0, 1.5, 0.3])
                .map(|(&field, boost)| {
                    let term = Term::from_field_text(field, word);
                    let query = TermQuery::new(term, IndexRecordOption::WithFreqs);
                    (
                        Occur::Should,
                        Box::new(BoostQuery::new(Box::new(query), boost)) as Box<dyn Query>,
                    )
                })
                .collect();
            Box::new(BooleanQuery::new(parts))
        }

        fn filter(&self) -> Box<dyn Query> {
            let term = Term::from_field_text(self.tag, "kept");
            let query = TermQuery::new(term, IndexRecordOption::Basic);
            Box::new(ConstScoreQuery::new(Box::new(query), 0.0))
        }

        /// The query with its unions rewritten, as the search does it.
        fn lazy(&self, query: &dyn Query) -> Box<dyn Query> {
            let searcher = self.index.reader().unwrap().searcher();
            lazy_unions(query.box_clone(), &term_matches(&searcher))
        }

        /// Every match with its score, best first, and the count.
        fn run(&self, query: &dyn Query) -> (Vec<(Score, DocAddress)>, usize) {
            let searcher = self.index.reader().unwrap().searcher();
            let top = TopDocs::with_limit(10_000).order_by_score();
            searcher.search(query, &(top, Count)).unwrap()
        }
    }

    fn all_must(parts: Vec<Box<dyn Query>>) -> Box<dyn Query> {
        Box::new(BooleanQuery::new(
            parts.into_iter().map(|q| (Occur::Must, q)).collect(),
        ))
    }

    #[test]
    fn lazy_unions_match_and_score_like_tantivys() {
        let f = fixture();
        assert_eq!(f.index.searchable_segment_metas().unwrap().len(), 3);
        // Two required parts: the intersection adds their scores in either order, so the
        // results are exactly tantivy's.
        let exact: Vec<Box<dyn Query>> = vec![
            all_must(vec![f.word("alliance"), f.word("defense")]),
            all_must(vec![f.word("treaty"), f.filter()]),
            // A group inside a conjunction: (alliance AND boei) OR treaty, AND defense.
            all_must(vec![
                Box::new(BooleanQuery::new(vec![
                    (
                        Occur::Should,
                        all_must(vec![f.word("alliance"), f.word("boei")]),
                    ),
                    (Occur::Should, f.word("treaty")),
                ])),
                f.word("defense"),
            ]),
        ];
        for query in exact {
            let (expected, count) = f.run(query.as_ref());
            assert!(count > 10, "{query:?}: {count}");
            assert_eq!(f.run(f.lazy(query.as_ref()).as_ref()), (expected, count));
        }
        // Three or more: the intersection orders its parts by cost, and tantivy's union counts
        // only the parts it has not used up (all of them, in segments this small, once it has
        // read 4,096 documents ahead), so the scores may be added in another order: the same
        // matches, scores equal to rounding.
        let rounded: Vec<Box<dyn Query>> = vec![
            all_must(vec![f.word("boei"), f.word("seisaku"), f.word("kokkai")]),
            all_must(vec![f.word("alliance"), f.word("treaty"), f.filter()]),
        ];
        for query in rounded {
            let (expected, count) = f.run(query.as_ref());
            let (found, found_count) = f.run(f.lazy(query.as_ref()).as_ref());
            assert!(count > 10, "{query:?}: {count}");
            assert_eq!(found_count, count);
            let scores: std::collections::HashMap<DocAddress, Score> =
                expected.into_iter().map(|(s, d)| (d, s)).collect();
            assert_eq!(found.len(), scores.len());
            for (score, doc) in found {
                let want = scores[&doc];
                assert!(
                    (score - want).abs() <= want.abs() * 1e-6,
                    "{doc:?}: {score} {want}"
                );
            }
        }
    }

    /// The clauses of a boolean query.
    fn clauses(query: &dyn Query) -> &[(Occur, Box<dyn Query>)] {
        query.downcast_ref::<BooleanQuery>().unwrap().clauses()
    }

    #[test]
    fn unions_under_an_intersection_but_its_lead_are_rewritten() {
        let f = fixture();
        let lazy = |q: &dyn Query| {
            clauses(q)
                .iter()
                .map(|(_, q)| q.is::<LazyUnionQuery>())
                .collect::<Vec<bool>>()
        };
        // "kokkai" and "boei" match fewer documents than "alliance" in this fixture.
        let searcher = f.index.reader().unwrap().searcher();
        let matches = term_matches(&searcher);
        assert!(matches(f.word("kokkai").as_ref()) < matches(f.word("alliance").as_ref()));
        let words = f.lazy(all_must(vec![f.word("alliance"), f.word("kokkai")]).as_ref());
        assert_eq!(lazy(words.as_ref()), [true, false]);
        let three = all_must(vec![f.word("boei"), f.word("alliance"), f.word("kokkai")]);
        let lead = if matches(f.word("boei").as_ref()) < matches(f.word("kokkai").as_ref()) {
            [false, true, true]
        } else {
            [true, true, false]
        };
        assert_eq!(lazy(f.lazy(three.as_ref()).as_ref()), lead);
        // A filter without terms (a range) never leads: the word does.
        let range = tantivy::query::RangeQuery::new(
            std::ops::Bound::Included(Term::from_field_text(f.tag, "a")),
            std::ops::Bound::Included(Term::from_field_text(f.tag, "z")),
        );
        let filtered = all_must(vec![Box::new(range), f.word("alliance")]);
        assert_eq!(lazy(f.lazy(filtered.as_ref()).as_ref()), [false, false]);
        // A sparser term filter leads: the word is seeked, lazily.
        let tagged = all_must(vec![f.word("alliance"), f.filter()]);
        let tag_first = matches(f.filter().as_ref()) < matches(f.word("alliance").as_ref());
        assert_eq!(lazy(f.lazy(tagged.as_ref()).as_ref()), [tag_first, false]);
        // A word alone keeps tantivy's union.
        let alone = f.lazy(all_must(vec![f.word("alliance")]).as_ref());
        assert_eq!(lazy(alone.as_ref()), [false]);
        let optional = f.lazy(&BooleanQuery::new(vec![
            (Occur::Should, f.word("alliance")),
            (Occur::Should, f.word("defense")),
        ]));
        assert_eq!(lazy(optional.as_ref()), [false, false]);
        // Not a union: a clause that must match everything, or two clauses that must match.
        let everything = BooleanQuery::new(vec![
            (Occur::Should, Box::new(AllQuery) as Box<dyn Query>),
            (Occur::Should, f.word("defense")),
        ]);
        let two_of = BooleanQuery::with_minimum_required_clauses(
            vec![
                (Occur::Should, f.word("alliance")),
                (Occur::Should, f.word("defense")),
                (Occur::Should, f.word("treaty")),
            ],
            2,
        );
        let kept = f.lazy(all_must(vec![Box::new(everything), Box::new(two_of)]).as_ref());
        assert_eq!(lazy(kept.as_ref()), [false, false]);
    }
}
