//! Command-line syntax (clap derive). Raw options only: `config.rs` turns them into a validated config.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
Exit codes:
  0  success (search: at least one hit)
  1  search found nothing
  2  usage error: bad arguments or query
  3  indexing finished, but some files were skipped (each named in a warning)
  4  error: missing, incompatible or locked index, or an I/O failure
  130 interrupted (Ctrl-C); the last commit is kept";

/// kensaku (検索): search the notes of a folder of saved book-chapter pages.
#[derive(Debug, Parser)]
#[command(name = "kensaku", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Ndjson,
}

#[derive(Debug, clap::Args)]
pub struct IndexLocation {
    /// Index directory [default: .kensaku in the current directory]
    #[arg(long, env = "KENSAKU_INDEX", value_name = "IDXDIR")]
    pub index: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index (or bring up to date) a folder of saved pages.
    #[command(after_help = AFTER_HELP)]
    Index {
        /// The corpus folder
        #[arg(default_value = ".")]
        dir: PathBuf,
        #[command(flatten)]
        location: IndexLocation,
        /// Throw the index away and build it anew
        #[arg(long)]
        rebuild: bool,
        /// No progress bar
        #[arg(long, short)]
        quiet: bool,
        /// If another kensaku is indexing into the same index, wait for it instead of failing
        #[arg(long)]
        wait: bool,
        /// Print the summary as JSON
        #[arg(long)]
        json: bool,
    },
    /// Search the indexed notes.
    #[command(after_help = AFTER_HELP)]
    Search {
        /// Query words (tantivy syntax: "phrases", AND/OR/NOT, -word, field:word)
        query: Vec<String>,
        /// Run one query per line of FILE (`-` for stdin); with --json, one JSON object per line
        #[arg(long, value_name = "FILE", conflicts_with = "query")]
        queries: Option<PathBuf>,
        #[command(flatten)]
        location: IndexLocation,
        /// Bring the index up to date with this folder first
        #[arg(long, value_name = "DIR")]
        corpus: Option<PathBuf>,
        /// How many hits to show
        #[arg(long, short = 'n', default_value_t = 10)]
        limit: usize,
        /// Print one JSON object
        #[arg(long)]
        json: bool,
        /// Colour the output
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
        /// Count matching notes per cited author and per year
        #[arg(long)]
        facets: bool,
        /// Only notes citing this author (family name, or "Family, Given"); repeat for any of several
        #[arg(long, value_name = "NAME")]
        author: Vec<String>,
        /// Only notes citing works of these years: 2006, 1999..2009, ..1990, 1990..
        #[arg(long, value_name = "RANGE")]
        year: Option<String>,
    },
    /// Write every indexed passage as one JSON line (NDJSON).
    Export {
        #[command(flatten)]
        location: IndexLocation,
        /// Output format
        #[arg(long, value_enum, default_value_t = ExportFormat::Ndjson)]
        format: ExportFormat,
    },
    /// Show what the parsers extract from one file.
    Parse {
        file: PathBuf,
        /// Print one JSON object
        #[arg(long)]
        json: bool,
    },
}
