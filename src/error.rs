//! kensaku's error type and the exit codes it maps to (one place, used by `main`).

use std::path::PathBuf;

/// Exit codes, documented in the README and `--help`.
pub mod exit {
    /// Success (search: at least one hit).
    pub const OK: i32 = 0;
    /// Search ran and found nothing.
    pub const NO_HITS: i32 = 1;
    /// Usage error: bad arguments or an unparseable query.
    pub const USAGE: i32 = 2;
    /// Indexing finished but some files were skipped (each named in a warning).
    pub const SKIPPED: i32 = 3;
    /// Runtime error: missing, incompatible or locked index, I/O failure.
    pub const ERROR: i32 = 4;
    /// Interrupted (Ctrl-C); the last commit is intact.
    pub const INTERRUPTED: i32 = 130;
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Usage(String),
    #[error("no index at {}\n  build one with: kensaku index <DIR> --index {}", .0.display(), .0.display())]
    NoIndex(PathBuf),
    #[error(
        "the index at {path} was built by an incompatible kensaku (schema version {found}, this one uses {expected})\n  rebuild it with: kensaku index <DIR> --index {path} --rebuild"
    )]
    Incompatible {
        path: String,
        found: String,
        expected: u32,
    },
    #[error(
        "the index at {} is damaged ({reason})\n  rebuild it with: kensaku index <DIR> --index {} --rebuild",
        .path.display(), .path.display()
    )]
    Damaged { path: PathBuf, reason: String },
    #[error("index {} is locked by another kensaku process (use --wait to wait for it)", .0.display())]
    Locked(PathBuf),
    #[error("interrupted; the index keeps its last commit")]
    Interrupted,
    /// Shown with its whole chain of causes ("corpus folder x: No such file or directory").
    #[error("{0:#}")]
    Other(#[from] anyhow::Error),
}

impl Error {
    /// True when the error is stdout having been closed by the reader.
    pub fn is_broken_pipe(&self) -> bool {
        match self {
            Error::Other(e) => e
                .downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe),
            _ => false,
        }
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => exit::USAGE,
            Error::Interrupted => exit::INTERRUPTED,
            _ => exit::ERROR,
        }
    }
}

impl From<tantivy::TantivyError> for Error {
    fn from(e: tantivy::TantivyError) -> Self {
        Error::Other(e.into())
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Other(e.into())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
