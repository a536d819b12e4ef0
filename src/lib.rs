//! kensaku: index a folder of saved book-chapter pages and search their notes.
//!
//! Data flows one way: files → [`chapter::Chapter`] ([`corpus`]) → notes + citations ([`citation`])
//! → tantivy documents ([`schema`], [`index`]) → [`search::Results`] → output ([`render`]).

pub mod analyzer;
pub mod chapter;
pub mod chapter_join;
pub mod citation;
pub mod cli;
pub mod config;
pub mod conjunction;
pub mod corpus;
pub mod error;
pub mod export;
pub mod facet;
pub mod facet_file;
pub mod index;
pub mod queue;
pub mod record;
pub mod render;
pub mod schema;
pub mod search;
pub mod store;
pub mod stored;
