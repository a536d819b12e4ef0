//! Facet counting: how many matching passages cite each author (by person key) and each
//! publication year, counted over all matches in the same pass that collects the hits.
//!
//! A tantivy collector over the fast fields `author_id` (text) and `year` (i64, multi-valued):
//! per segment, counts go into arrays indexed by term ordinal and by year; the segment's most
//! frequent author ordinals are then turned into numbers shared by all segments
//! ([`AuthorTable`], which reads each ordinal's key from the term dictionary once per engine),
//! and the segments' counts add up by number. The values are read from the segment's facet
//! file when it has one ([`crate::facet_file`], plain arrays) and from tantivy's columns
//! otherwise; both give the same counts.

use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, SegmentReader};

use crate::facet_file::{FacetFile, FacetFiles};
use crate::schema::{AUTHOR_ID, YEAR};

/// Years counted in a dense array (by year + 1, slot 0 for passages without a year); others
/// (there should be none) in a map.
const YEAR_MAX: i64 = 2999;
const YEAR_SLOTS: usize = YEAR_MAX as usize + 2;

/// Author ordinals of one segment turned back into text: its most frequent ones. A segment
/// holds a fraction of the corpus, so an author outside its top few thousand cannot reach the
/// few dozen shown overall.
const AUTHORS_PER_SEGMENT: usize = 5_000;

/// Counts per author (by number in the collector's [`AuthorTable`]) and per year.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FacetCounts {
    /// Passages per author number; 0 for an author no match cites (or one too rarely cited
    /// in a segment to be counted there: only a segment's 5,000 most cited are).
    pub authors: Vec<u64>,
    /// Passages per year.
    pub years: FxHashMap<i64, u64>,
}

/// Author keys numbered for the life of a search engine, shared by the index's segments: each
/// segment's author ordinals are turned into keys once, not on every query, and the counts of
/// all segments add up in one array. Turning a few hundred ordinals per segment into keys,
/// hashing and merging them was most of a small facet query.
#[derive(Default)]
pub struct AuthorTable(Mutex<Table>);

#[derive(Default)]
struct Table {
    /// Author keys by number.
    keys: Vec<String>,
    numbers: FxHashMap<String, u32>,
    /// Per segment, each author ordinal's number ([`UNKNOWN`] until the ordinal is counted).
    segments: FxHashMap<SegmentId, Vec<u32>>,
}

const UNKNOWN: u32 = u32::MAX;

impl AuthorTable {
    /// Numbers for the ordinals `ords` (ascending) of a segment's author column, reading the
    /// keys not seen before from its dictionary. An ordinal whose key cannot be read gets
    /// [`UNKNOWN`] (it is left out rather than miscounted).
    fn numbers(&self, segment: SegmentId, column: &StrColumn, ords: &[u64]) -> Vec<u32> {
        let mut guard = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let Table {
            keys,
            numbers,
            segments,
        } = &mut *guard;
        let known = segments
            .entry(segment)
            .or_insert_with(|| vec![UNKNOWN; column.num_terms()]);
        let missing: Vec<u64> = ords
            .iter()
            .copied()
            .filter(|&ord| known.get(ord as usize) == Some(&UNKNOWN))
            .collect();
        if !missing.is_empty() {
            let mut found = missing.iter();
            let _ = column
                .dictionary()
                .sorted_ords_to_term_cb(&missing, |bytes| {
                    let (Some(&ord), Ok(key)) = (found.next(), std::str::from_utf8(bytes)) else {
                        return;
                    };
                    let number = *numbers.entry(key.to_string()).or_insert_with(|| {
                        keys.push(key.to_string());
                        (keys.len() - 1) as u32
                    });
                    known[ord as usize] = number;
                });
        }
        ords.iter()
            .map(|&ord| known.get(ord as usize).copied().unwrap_or(UNKNOWN))
            .collect()
    }

    /// Calls `f` with the authors `counts` counts: (key, passages), each counted at least once.
    pub fn with_counted<R>(
        &self,
        counts: &FacetCounts,
        f: impl FnOnce(&mut dyn Iterator<Item = (&str, u64)>) -> R,
    ) -> R {
        let guard = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut counted = (guard.keys.iter().zip(&counts.authors))
            .filter(|&(_, &n)| n > 0)
            .map(|(key, &n)| (key.as_str(), n));
        f(&mut counted)
    }

    /// The counted authors by key.
    pub fn by_key(&self, counts: &FacetCounts) -> FxHashMap<String, u64> {
        self.with_counted(counts, |counted| {
            counted.map(|(key, n)| (key.to_string(), n)).collect()
        })
    }
}

/// Counts the `author_id` and `year` values of every matching document.
pub struct FacetCollector<'a> {
    /// The index's facet files; without them, or for a segment without its file, the columns
    /// are read.
    pub files: Option<&'a FacetFiles>,
    /// Numbers the authors counted (one table for every search of an engine).
    pub authors: Arc<AuthorTable>,
}

/// Where a segment's values are read from.
enum Values {
    /// The file, and the matching documents, counted at harvest in one pass over the file.
    File(Arc<FacetFile>, Vec<DocId>),
    /// tantivy's columns: the authors' is [`SegmentFacets::authors`], kept for harvest anyway.
    Columns { years: Option<Column<i64>> },
}

pub struct SegmentFacets {
    table: Arc<AuthorTable>,
    segment: SegmentId,
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

/// Counts by author ordinal + 1 (slot 0: passages citing no author, counted by the facet
/// file, not read).
struct AuthorCounts(Vec<u32>);

impl AuthorCounts {
    #[inline]
    fn add(&mut self, ord: usize) {
        if let Some(n) = self.0.get_mut(ord + 1) {
            *n += 1;
        }
    }

    /// The counted ordinals and their counts.
    fn counted(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        (self.0.iter().enumerate().skip(1))
            .filter(|&(_, &n)| n > 0)
            .map(|(slot, &n)| (slot as u64 - 1, n))
    }
}

/// Counts by year: the usual ones in an array by year + 1 (slot 0: passages without a year,
/// counted by the facet file, not read), others (there should be none) in a map.
struct YearCounts {
    dense: Vec<u32>,
    other: FxHashMap<i64, u64>,
}

impl YearCounts {
    #[inline]
    fn add(&mut self, year: i64) {
        match (year.checked_add(1))
            .and_then(|slot| usize::try_from(slot).ok())
            .filter(|&slot| slot > 0)
            .and_then(|slot| self.dense.get_mut(slot))
        {
            Some(n) => *n += 1,
            None => *self.other.entry(year).or_default() += 1,
        }
    }
}

/// One segment's counts, as the segment collectors hand them over: authors by number, years
/// as counted.
pub struct SegmentCounts {
    authors: Vec<(u32, u64)>,
    years: YearCounts,
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
            table: Arc::clone(&self.authors),
            segment: reader.segment_id(),
            values,
            authors,
            counts: Counts {
                authors: AuthorCounts(vec![0; terms + 1]),
                years: YearCounts {
                    dense: vec![0; YEAR_SLOTS],
                    other: FxHashMap::default(),
                },
            },
            ords: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<SegmentCounts>) -> tantivy::Result<FacetCounts> {
        let mut all = FacetCounts::default();
        let mut years = vec![0u64; YEAR_SLOTS];
        for fruit in fruits {
            for (number, n) in fruit.authors {
                let number = number as usize;
                if all.authors.len() <= number {
                    all.authors.resize(number + 1, 0);
                }
                all.authors[number] += n;
            }
            for (i, &n) in fruit.years.dense.iter().enumerate() {
                years[i] += u64::from(n);
            }
            for (year, n) in fruit.years.other {
                *all.years.entry(year).or_default() += n;
            }
        }
        for (slot, n) in years.into_iter().enumerate().skip(1) {
            if n > 0 {
                all.years.insert(slot as i64 - 1, n);
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = SegmentCounts;

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

    fn harvest(mut self) -> SegmentCounts {
        if let Values::File(file, docs) = &self.values {
            // Authors were deduplicated when the file was written.
            let Counts { authors, years } = &mut self.counts;
            let more = file.count_records(docs, &mut authors.0, &mut years.dense, |year| {
                *years.other.entry(year).or_default() += 1;
            });
            file.count_more(&more, |ord| authors.add(ord), |year| years.add(year));
        }
        let mut authors = Vec::new();
        if let Some(column) = &self.authors {
            let mut top: Vec<(u64, u32)> = self.counts.authors.counted().collect();
            if top.len() > AUTHORS_PER_SEGMENT {
                top.select_nth_unstable_by(AUTHORS_PER_SEGMENT, |a, b| b.1.cmp(&a.1));
                top.truncate(AUTHORS_PER_SEGMENT);
                top.sort_unstable_by_key(|&(ord, _)| ord);
            }
            let ords: Vec<u64> = top.iter().map(|&(ord, _)| ord).collect();
            let numbers = self.table.numbers(self.segment, column, &ords);
            authors = numbers
                .into_iter()
                .zip(top)
                .filter(|&(number, _)| number != UNKNOWN)
                .map(|(number, (_, n))| (number, u64::from(n)))
                .collect();
        }
        SegmentCounts {
            authors,
            years: self.counts.years,
        }
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
    fn every_year_is_counted_once_in_the_array_or_the_map() {
        let mut years = YearCounts {
            dense: vec![0; YEAR_SLOTS],
            other: FxHashMap::default(),
        };
        let all = [i64::MIN, -1, 0, 1776, 2999, 3000, i64::MAX];
        for year in all {
            years.add(year);
        }
        assert_eq!(years.dense[0], 0, "slot 0 is for passages without a year");
        assert_eq!(
            (years.dense[1], years.dense[1777], years.dense[3000]),
            (1, 1, 1)
        );
        let other: FxHashMap<i64, u64> = [(i64::MIN, 1), (-1, 1), (3000, 1), (i64::MAX, 1)]
            .into_iter()
            .collect();
        assert_eq!(years.other, other);
    }

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
        let table = Arc::new(AuthorTable::default());
        let collector = FacetCollector {
            files: None,
            authors: Arc::clone(&table),
        };
        let (counts, total) = searcher.search(&AllQuery, &(collector, Count))?;
        assert_eq!(total, 4);
        let authors: FxHashMap<String, u64> = [("sato", 3), ("ito", 1), ("funabashi", 1)]
            .into_iter()
            .map(|(k, n)| (k.to_string(), n))
            .collect();
        assert_eq!(table.by_key(&counts), authors);
        // "sato" has one number though its ordinal differs between the segments.
        assert_eq!(counts.authors.len(), 3);
        // A second search reuses the numbers (and the ordinals already read).
        let again = FacetCollector {
            files: None,
            authors: Arc::clone(&table),
        };
        assert_eq!(searcher.search(&AllQuery, &again)?, counts);
        let years: FxHashMap<i64, u64> = [(1999, 2), (2006, 1), (1776, 1), (12, 1)]
            .into_iter()
            .collect();
        assert_eq!(counts.years, years);
        Ok(())
    }
}
