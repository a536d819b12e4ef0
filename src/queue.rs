//! Bounded hand-off of documents to tantivy's indexing thread: how many documents may wait.
//!
//! Each chapter goes to the writer as one batch (so that its passages stay consecutive, see
//! [`crate::chapter_join`]), and tantivy's queue holds up to 10,000 *batches*: when parsing
//! runs ahead of indexing, that is up to 10,000 chapters in memory. [`Queue`] keeps the
//! documents sent but not yet indexed under [`QUEUED_DOCS`]: each batch's last document carries
//! a ticket, returned when tantivy has indexed that document and drops it.

use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tantivy::TantivyDocument;
use tantivy::schema::document::Document;

/// Documents that may wait for the indexing thread (tantivy's own bound when it is handed
/// one document at a time).
pub const QUEUED_DOCS: usize = 10_000;

/// How long a batch waits for room at most (indexing a chapter takes milliseconds).
#[cfg(not(test))]
const STALLED: Duration = Duration::from_secs(10);
#[cfg(test)]
const STALLED: Duration = Duration::from_secs(2);

/// Counts the documents handed to the writer and not yet indexed.
#[derive(Clone, Default)]
pub struct Queue {
    inner: Arc<Waiting>,
}

#[derive(Default)]
struct Waiting {
    docs: Mutex<usize>,
    indexed: Condvar,
}

impl Queue {
    /// Wrap one batch of documents for the writer, first waiting (while `go_on` says so) until
    /// the queue has room for them. A batch larger than the bound waits for an empty queue.
    /// Waiting ends anyway after 10 s without room: an indexing thread that failed
    /// (a full disk) keeps its queue, and the writer reports the failure when handed the batch.
    pub fn admit(&self, docs: Vec<TantivyDocument>, go_on: impl Fn() -> bool) -> Vec<QueuedDoc> {
        let n = docs.len();
        let since = Instant::now();
        {
            let mut waiting = self
                .inner
                .docs
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            while *waiting > 0 && *waiting + n > QUEUED_DOCS && go_on() && since.elapsed() < STALLED
            {
                waiting = self
                    .inner
                    .indexed
                    .wait_timeout(waiting, Duration::from_millis(100))
                    .unwrap_or_else(PoisonError::into_inner)
                    .0;
            }
            *waiting += n;
        }
        let last = n.saturating_sub(1);
        docs.into_iter()
            .enumerate()
            .map(|(i, doc)| QueuedDoc {
                doc,
                ticket: (i == last).then(|| Ticket {
                    queue: self.inner.clone(),
                    docs: n,
                }),
            })
            .collect()
    }

    /// Documents handed over and not yet indexed.
    pub fn waiting(&self) -> usize {
        *self
            .inner
            .docs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// Returns its batch's documents to the queue when dropped.
struct Ticket {
    queue: Arc<Waiting>,
    docs: usize,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut waiting = self
            .queue
            .docs
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *waiting = waiting.saturating_sub(self.docs);
        self.queue.indexed.notify_all();
    }
}

/// A document as handed to the writer: tantivy indexes the inner document and drops the whole
/// when done, returning the ticket of the last document of a batch.
pub struct QueuedDoc {
    doc: TantivyDocument,
    ticket: Option<Ticket>,
}

impl Document for QueuedDoc {
    type Value<'a> = <TantivyDocument as Document>::Value<'a>;
    type FieldsValuesIter<'a> = <TantivyDocument as Document>::FieldsValuesIter<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.doc.iter_fields_and_values()
    }

    /// Should tantivy convert the document before indexing it, the ticket is returned then.
    fn into_tantivy_document(self) -> TantivyDocument {
        drop(self.ticket);
        self.doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(n: usize) -> Vec<TantivyDocument> {
        (0..n).map(|_| TantivyDocument::default()).collect()
    }

    #[test]
    fn a_batch_counts_until_its_last_document_is_dropped() {
        let queue = Queue::default();
        let mut batch = queue.admit(docs(3), || true);
        assert_eq!(queue.waiting(), 3);
        batch.truncate(2); // the last document, with the ticket, indexed and dropped
        assert_eq!(queue.waiting(), 0);
        drop(batch);
        assert_eq!(queue.waiting(), 0);
    }

    #[test]
    fn a_full_queue_waits_for_indexing() {
        let queue = Queue::default();
        let full = queue.admit(docs(QUEUED_DOCS), || true);
        let indexer = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            drop(full);
        });
        // Waits until the indexer drops the first batch, then counts only its own.
        let next = queue.admit(docs(5), || true);
        assert_eq!(queue.waiting(), 5);
        indexer.join().unwrap();
        drop(next);
        assert_eq!(queue.waiting(), 0);
        // A caller that gives up stops waiting (the count still records the batch).
        let _full = queue.admit(docs(QUEUED_DOCS), || true);
        let _more = queue.admit(docs(1), || false);
        assert_eq!(queue.waiting(), QUEUED_DOCS + 1);
    }

    #[test]
    fn a_queue_that_never_drains_stops_holding_batches_back() {
        // An indexing thread that failed keeps its documents: the next batch goes on anyway
        // (after STALLED), and the writer then reports the failure.
        let queue = Queue::default();
        let _stuck = queue.admit(docs(QUEUED_DOCS), || true);
        let next = queue.admit(docs(2), || true);
        assert_eq!(next.len(), 2);
        assert_eq!(queue.waiting(), QUEUED_DOCS + 2);
    }
}
