//! Validated configuration: raw command-line options become one checked value per command.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::cli::{ColorChoice, Command, ExportFormat, IndexLocation};
use crate::error::{Error, Result};
use crate::search::{Request, YearRange};

/// Default index directory, relative to the current directory.
pub const DEFAULT_INDEX_DIR: &str = ".kensaku";

#[derive(Debug)]
pub enum Config {
    Index {
        dir: PathBuf,
        index: PathBuf,
        rebuild: bool,
        progress: bool,
        wait: bool,
        json: bool,
    },
    Search {
        index: PathBuf,
        corpus: Option<PathBuf>,
        request: Request,
        /// One query per line of this file (`-` = stdin) instead of `request.query`.
        queries: Option<PathBuf>,
        json: bool,
        color: bool,
    },
    Export {
        index: PathBuf,
    },
    Parse {
        file: PathBuf,
        json: bool,
    },
}

fn index_dir(location: IndexLocation) -> PathBuf {
    location
        .index
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX_DIR))
}

/// Colour when asked, or on a terminal unless `NO_COLOR` is set (<https://no-color.org>).
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

impl Config {
    pub fn from_command(command: Command) -> Result<Config> {
        Ok(match command {
            Command::Index {
                dir,
                location,
                rebuild,
                quiet,
                wait,
                json,
            } => Config::Index {
                dir,
                index: index_dir(location),
                rebuild,
                progress: !quiet,
                wait,
                json,
            },
            Command::Search {
                query,
                queries,
                location,
                corpus,
                limit,
                json,
                color,
                facets,
                author,
                year,
            } => {
                if limit == 0 {
                    return Err(Error::Usage("--limit must be at least 1".into()));
                }
                let years = year
                    .map(|y| {
                        y.parse::<YearRange>()
                            .map_err(|e| Error::Usage(format!("--year: {e}")))
                    })
                    .transpose()?;
                let authors: Vec<String> =
                    author.into_iter().map(|a| a.trim().to_string()).collect();
                if authors.iter().any(String::is_empty) {
                    return Err(Error::Usage("--author needs a name".into()));
                }
                Config::Search {
                    index: index_dir(location),
                    corpus,
                    request: Request {
                        query: query.join(" "),
                        limit,
                        authors,
                        years,
                        facets,
                    },
                    queries,
                    json,
                    color: !json && use_color(color),
                }
            }
            Command::Export {
                location,
                format: ExportFormat::Ndjson,
            } => Config::Export {
                index: index_dir(location),
            },
            Command::Parse { file, json } => Config::Parse { file, json },
        })
    }
}
