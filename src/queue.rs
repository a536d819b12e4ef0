//! Bounded hand-off of documents to tantivy's indexing thread: how many documents may wait.
//!
//! Each chapter goes to the writer as one batch (so that its passages stay consecutive, see
//! [`crate::chapter_join`]), and tantivy's queue holds up to 10,000 *batches*: when parsing
//! runs ahead of indexing, that is up to 10,000 chapters in memory. [`Queue`] keeps the
//! documents sent but not yet indexed under [`QUEUED_DOCS`]: each batch's last document carries
//! a ticket, returned when tantivy has indexed that document and drops it. The indexed
//! documents themselves go back to the parsing worker that built them, to be freed there
//! ([`Queue::free_returned`]).

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

/// Counts the documents handed to the writer and not yet indexed, and hands indexed documents
/// back to the thread that built them (see [`Queue::admit`]).
#[derive(Clone, Default)]
pub struct Queue {
    inner: Arc<Waiting>,
}

#[derive(Default)]
struct Waiting {
    docs: Mutex<usize>,
    indexed: Condvar,
    /// Indexed documents waiting to be freed, by the thread that built them.
    returned: Mutex<Vec<Vec<TantivyDocument>>>,
}

impl Queue {
    /// Wrap one batch of documents for the writer, first waiting (while `go_on` says so) until
    /// the queue has room for them. A batch larger than the bound waits for an empty queue.
    /// Waiting ends anyway after 10 s without room: an indexing thread that failed
    /// (a full disk) keeps its queue, and the writer reports the failure when handed the batch.
    ///
    /// `builder`: the index of the thread that built the documents (a rayon worker), if any.
    /// Once indexed, they wait for that thread to free them ([`Queue::free_returned`]): freed
    /// on tantivy's indexing thread, each document's buffer took the lock of the builder's
    /// glibc malloc arena while the builder was allocating from it.
    pub fn admit(
        &self,
        docs: Vec<TantivyDocument>,
        builder: Option<usize>,
        go_on: impl Fn() -> bool,
    ) -> Vec<QueuedDoc> {
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
                doc: Some(doc),
                builder: builder.map(|b| (self.inner.clone(), b)),
                ticket: (i == last).then(|| Ticket {
                    queue: self.inner.clone(),
                    docs: n,
                }),
            })
            .collect()
    }

    /// Free the indexed documents that thread `builder` built.
    pub fn free_returned(&self, builder: usize) {
        let docs = {
            let mut returned = self
                .inner
                .returned
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            returned.get_mut(builder).map(std::mem::take)
        };
        drop(docs);
    }

    /// Indexed documents waiting for thread `builder` to free them.
    #[cfg(test)]
    fn returned(&self, builder: usize) -> usize {
        let returned = self.inner.returned.lock().unwrap();
        returned.get(builder).map_or(0, Vec::len)
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
/// when done, returning the ticket of the last document of a batch, and the document to the
/// thread that built it.
pub struct QueuedDoc {
    /// Always present until dropped or converted.
    doc: Option<TantivyDocument>,
    builder: Option<(Arc<Waiting>, usize)>,
    ticket: Option<Ticket>,
}

impl Drop for QueuedDoc {
    fn drop(&mut self) {
        if let (Some(doc), Some((queue, builder))) = (self.doc.take(), self.builder.take()) {
            let mut returned = queue
                .returned
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if returned.len() <= builder {
                returned.resize_with(builder + 1, Vec::new);
            }
            returned[builder].push(doc);
        }
    }
}

/// What a converted document leaves behind (never read: a `QueuedDoc` is indexed once).
static EMPTY: std::sync::LazyLock<TantivyDocument> = std::sync::LazyLock::new(TantivyDocument::new);

impl Document for QueuedDoc {
    type Value<'a> = <TantivyDocument as Document>::Value<'a>;
    type FieldsValuesIter<'a> = <TantivyDocument as Document>::FieldsValuesIter<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.doc.as_ref().unwrap_or(&EMPTY).iter_fields_and_values()
    }

    /// Should tantivy convert the document before indexing it, the ticket is returned then.
    fn into_tantivy_document(mut self) -> TantivyDocument {
        drop(self.ticket.take());
        self.doc.take().unwrap_or_default()
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
        let mut batch = queue.admit(docs(3), None, || true);
        assert_eq!(queue.waiting(), 3);
        batch.truncate(2); // the last document, with the ticket, indexed and dropped
        assert_eq!(queue.waiting(), 0);
        drop(batch);
        assert_eq!(queue.waiting(), 0);
    }

    #[test]
    fn indexed_documents_go_back_to_the_thread_that_built_them() {
        let queue = Queue::default();
        let batch = queue.admit(docs(3), Some(1), || true);
        let other = queue.admit(docs(2), None, || true);
        drop(batch);
        drop(other); // built on no worker thread: freed where dropped
        assert_eq!((queue.returned(0), queue.returned(1)), (0, 3));
        queue.free_returned(0);
        assert_eq!(queue.returned(1), 3);
        queue.free_returned(1);
        assert_eq!(queue.returned(1), 0);
        // A document tantivy converts leaves with its contents; its ticket is returned.
        let mut batch = queue.admit(vec![TantivyDocument::new(); 2], Some(0), || true);
        let mut doc = TantivyDocument::new();
        doc.add_text(tantivy::schema::Field::from_field_id(0), "kept");
        batch.push(queue.admit(vec![doc], Some(0), || true).remove(0));
        let converted = batch.pop().unwrap().into_tantivy_document();
        assert_eq!(converted.field_values().count(), 1);
        assert_eq!(queue.waiting(), 2);
        drop(batch);
        assert_eq!((queue.returned(0), queue.waiting()), (2, 0));
    }

    #[test]
    fn a_full_queue_waits_for_indexing() {
        let queue = Queue::default();
        let full = queue.admit(docs(QUEUED_DOCS), None, || true);
        let indexer = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            drop(full);
        });
        // Waits until the indexer drops the first batch, then counts only its own.
        let next = queue.admit(docs(5), None, || true);
        assert_eq!(queue.waiting(), 5);
        indexer.join().unwrap();
        drop(next);
        assert_eq!(queue.waiting(), 0);
        // A caller that gives up stops waiting (the count still records the batch).
        let _full = queue.admit(docs(QUEUED_DOCS), None, || true);
        let _more = queue.admit(docs(1), None, || false);
        assert_eq!(queue.waiting(), QUEUED_DOCS + 1);
    }

    #[test]
    fn a_queue_that_never_drains_stops_holding_batches_back() {
        // An indexing thread that failed keeps its documents: the next batch goes on anyway
        // (after STALLED), and the writer then reports the failure.
        let queue = Queue::default();
        let _stuck = queue.admit(docs(QUEUED_DOCS), None, || true);
        let next = queue.admit(docs(2), None, || true);
        assert_eq!(next.len(), 2);
        assert_eq!(queue.waiting(), QUEUED_DOCS + 2);
    }
}
