//! kensaku: index a folder of saved book-chapter pages and search their notes.

pub mod analyzer;
pub mod chapter;
pub mod citation;
pub mod corpus;
