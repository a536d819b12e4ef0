//! Facet counting: how many matching passages cite each author (by person key) and each
//! publication year, counted over all matches in the same pass that collects the hits.
//!
//! A tantivy collector over the fast fields `author_id` (text) and `year` (i64, multi-valued):
//! per segment, counts go into arrays indexed by term ordinal and by year, and only the
//! segment's most frequent author ordinals are turned back into text, in ordinal order (one
//! sequential read of the term dictionary). The values are read from the segment's facet file
//! when it has one ([`crate::facet_file`], plain arrays) and from tantivy's columns otherwise;
//! both give the same counts.

use std::sync::Arc;

use rustc_hash::FxHashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentReader};

use crate::facet_file::{FacetFile, FacetFiles};
use crate::schema::{AUTHOR_ID, YEAR};

/// Years counted in a dense array; others (there should be none) in a map.
const YEAR_MIN: i64 = 1000;
const YEAR_MAX: i64 = 2999;

/// Author ordinals of one segment turned back into text: its most frequent ones. A segment
/// holds a fraction of the corpus, so an author outside its top few thousand cannot reach the
/// few dozen shown overall.
const AUTHORS_PER_SEGMENT: usize = 5_000;

/// Counts per author key and per year (hashed with FxHash: a facet query inserts a few thousand
/// keys, and SipHash took a tenth of a small query's time).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FacetCounts {
    pub authors: FxHashMap<String, u64>,
    pub years: FxHashMap<i64, u64>,
}

/// Counts the `author_id` and `year` values of every matching document.
#[derive(Default)]
pub struct FacetCollector<'a> {
    /// The index's facet files; without them, or for a segment without its file, the columns
    /// are read.
    pub files: Option<&'a FacetFiles>,
}

/// Where a segment's values are read from.
enum Values {
    /// The file, and the matching documents, counted at harvest in one pass over the file.
    File(Arc<FacetFile>, Vec<DocId>),
    /// tantivy's columns: the authors' is [`SegmentFacets::authors`], kept for harvest anyway.
    Columns { years: Option<Column<i64>> },
}

pub struct SegmentFacets {
    values: Values,
    /// The segment's author column: its dictionary turns ordinals into keys at harvest, and
    /// without a facet file its values are counted.
    authors: Option<StrColumn>,
    counts: Counts,
    /// The current document's author ordinals (reused).
    ords: Vec<u64>,
}

/// One segment's counts, by author ordinal and by year.
struct Counts {
    authors: AuthorCounts,
    years: YearCounts,
}

/// Counts by author ordinal.
struct AuthorCounts(Vec<u32>);

impl AuthorCounts {
    #[inline]
    fn add(&mut self, ord: usize) {
        if let Some(n) = self.0.get_mut(ord) {
            *n += 1;
        }
    }
}

/// Counts by year: the usual ones in an array, others (there should be none) in a map.
struct YearCounts {
    dense: Vec<u32>,
    other: FxHashMap<i64, u64>,
}

impl YearCounts {
    #[inline]
    fn add(&mut self, year: i64) {
        match usize::try_from(year - YEAR_MIN)
            .ok()
            .and_then(|i| self.dense.get_mut(i))
        {
            Some(n) => *n += 1,
            None => *self.other.entry(year).or_default() += 1,
        }
    }
}

impl Collector for FacetCollector<'_> {
    type Fruit = FacetCounts;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _segment_local_id: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFacets> {
        let fast = reader.fast_fields();
        let authors = fast.str(AUTHOR_ID)?;
        let terms = authors.as_ref().map_or(0, |a| a.num_terms());
        let file = self.files.and_then(|files| files.get(reader, terms));
        let values = match file {
            Some(file) => Values::File(file, Vec::new()),
            None => Values::Columns {
                years: fast.column_opt::<i64>(YEAR)?,
            },
        };
        Ok(SegmentFacets {
            values,
            authors,
            counts: Counts {
                authors: AuthorCounts(vec![0; terms]),
                years: YearCounts {
                    dense: vec![0; (YEAR_MAX - YEAR_MIN + 1) as usize],
                    other: FxHashMap::default(),
                },
            },
            ords: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, mut fruits: Vec<FacetCounts>) -> tantivy::Result<FacetCounts> {
        // The others are added into the segment with the most authors (no rehashing it).
        let Some(largest) = (0..fruits.len()).max_by_key(|&i| fruits[i].authors.len()) else {
            return Ok(FacetCounts::default());
        };
        let mut all = fruits.swap_remove(largest);
        for fruit in fruits {
            for (key, n) in fruit.authors {
                *all.authors.entry(key).or_default() += n;
            }
            for (year, n) in fruit.years {
                *all.years.entry(year).or_default() += n;
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = FacetCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let counts = &mut self.counts;
        match &mut self.values {
            Values::File(_, docs) => docs.push(doc),
            Values::Columns { years } => {
                if let Some(authors) = &self.authors {
                    // A passage counts once per author, even if it names the key twice (two
                    // chapter authors of one family name).
                    self.ords.clear();
                    self.ords.extend(authors.term_ords(doc));
                    if self.ords.len() > 1 {
                        self.ords.sort_unstable();
                        self.ords.dedup();
                    }
                    for &ord in &self.ords {
                        counts.authors.add(ord as usize);
                    }
                }
                if let Some(years) = years {
                    for year in years.values_for_doc(doc) {
                        counts.years.add(year);
                    }
                }
            }
        }
    }

    fn harvest(mut self) -> FacetCounts {
        if let Values::File(file, docs) = &self.values {
            // Authors were deduplicated when the file was written.
            let Counts { authors, years } = &mut self.counts;
            file.count(docs, |ord| authors.add(ord), |year| years.add(year));
        }
        let mut years = self.counts.years.other;
        for (i, &n) in self.counts.years.dense.iter().enumerate() {
            if n > 0 {
                years.insert(YEAR_MIN + i as i64, u64::from(n));
            }
        }
        let mut authors = FxHashMap::default();
        if let Some(column) = &self.authors {
            let mut top: Vec<(u64, u32)> = self
                .counts
                .authors
                .0
                .iter()
                .enumerate()
                .filter(|&(_, &n)| n > 0)
                .map(|(ord, &n)| (ord as u64, n))
                .collect();
            if top.len() > AUTHORS_PER_SEGMENT {
                top.select_nth_unstable_by(AUTHORS_PER_SEGMENT, |a, b| b.1.cmp(&a.1));
                top.truncate(AUTHORS_PER_SEGMENT);
            }
            top.sort_unstable_by_key(|&(ord, _)| ord);
            let ords: Vec<u64> = top.iter().map(|&(ord, _)| ord).collect();
            authors.reserve(ords.len());
            let mut counts = top.iter().map(|&(_, n)| n);
            // A term the dictionary cannot read is left out rather than miscounted.
            let _ = column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
                if let (Some(n), Ok(key)) = (counts.next(), std::str::from_utf8(bytes)) {
                    authors.insert(key.to_string(), u64::from(n));
                }
            });
        }
        FacetCounts { authors, years }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::Count;
    use tantivy::query::AllQuery;
    use tantivy::schema::{FAST, Schema};
    use tantivy::{Index, TantivyDocument};

    #[test]
    fn counts_each_passage_once_per_author_and_year_across_segments() -> tantivy::Result<()> {
        let mut builder = Schema::builder();
        let author = builder.add_text_field(AUTHOR_ID, FAST);
        let year = builder.add_i64_field(YEAR, FAST);
        let index = Index::create_in_ram(builder.build());
        let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000)?;
        let doc = |authors: &[&str], years: &[i64]| {
            let mut d = TantivyDocument::default();
            for a in authors {
                d.add_text(author, a);
            }
            for y in years {
                d.add_i64(year, *y);
            }
            d
        };
        writer.add_document(doc(&["sato", "sato", "ito"], &[1999]))?;
        writer.add_document(doc(&["sato"], &[1999, 2006, 1776]))?;
        writer.commit()?; // a second segment:
        writer.add_document(doc(&["funabashi", "sato"], &[]))?;
        writer.add_document(doc(&[], &[12]))?;
        writer.commit()?;
        let searcher = index.reader()?.searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        let collector = FacetCollector::default();
        let (counts, total) = searcher.search(&AllQuery, &(collector, Count))?;
        assert_eq!(total, 4);
        let authors: FxHashMap<String, u64> = [("sato", 3), ("ito", 1), ("funabashi", 1)]
            .into_iter()
            .map(|(k, n)| (k.to_string(), n))
            .collect();
        assert_eq!(counts.authors, authors);
        let years: FxHashMap<i64, u64> = [(1999, 2), (2006, 1), (1776, 1), (12, 1)]
            .into_iter()
            .collect();
        assert_eq!(counts.years, years);
        Ok(())
    }
}
